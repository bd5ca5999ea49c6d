/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* One hugepage pool: ROOT/sys/kernel/mm/hugepages/hugepages-<size>kB (node
 * -1, the whole system) or ROOT/sys/devices/system/node/nodeN/hugepages/…
 * Counts are pages; -1 when unknown (per-node pools have no resv/surplus;
 * libvirt's capabilities only give totals). */
typedef struct
{
  guint64 size_kib;   /* 2048, 1048576 */
  int node;           /* -1: system-wide */
  gint64 total;       /* nr_hugepages */
  gint64 free;        /* free_hugepages */
  gint64 reserved;    /* resv_hugepages */
  gint64 surplus;     /* surplus_hugepages */
} PitHostHugepagePool;

PitHostHugepagePool *pit_host_hugepage_pool_new   (guint64              size_kib,
                                                   int                  node);
PitHostHugepagePool *pit_host_hugepage_pool_ref   (PitHostHugepagePool *self);
void                 pit_host_hugepage_pool_unref (PitHostHugepagePool *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PitHostHugepagePool, pit_host_hugepage_pool_unref)

G_END_DECLS
