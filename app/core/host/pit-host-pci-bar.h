/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* One memory BAR of a PCI function.  Sizes come from sysfs "resource"
 * (end - start + 1) or, for a PCI dump, from the current size in the
 * Resizable BAR capability. */
typedef struct
{
  guint index;             /* 0-5 */
  guint64 size;            /* bytes; 0 unknown */
  int is_64bit;            /* 1, 0, -1 unknown */
  int prefetchable;        /* 1, 0, -1 unknown */
  gboolean resizable;      /* listed in the Resizable BAR capability */
  guint64 resizable_max;   /* the largest size the capability offers; 0 unknown */
} PitHostPciBar;

/* Above this a guest's firmware needs a larger 64-bit MMIO window than
 * OVMF's default gives; 256 MiB is what cards without Resizable BAR show. */
#define PIT_HOST_PCI_LARGE_BAR (G_GUINT64_CONSTANT (256) * 1024 * 1024)

G_END_DECLS
