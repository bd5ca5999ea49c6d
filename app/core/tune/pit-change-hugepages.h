/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pit-tune-step.h"

G_BEGIN_DECLS

/* <memoryBacking><hugepages><page size=… unit='KiB'/>: 2 MiB or 1 GiB pages.
 * The guest's memory must be a multiple of the page size; on a known host
 * the free pool of that size must hold the whole guest. */
typedef struct
{
  guint64 page_size_kib;   /* 2048 or 1048576 */
  gboolean pool_planned;   /* the host plan reserves the pages: a small pool is a warning */
} PitChangeHugepagesOptions;

#define PIT_HUGEPAGES_2M_KIB G_GUINT64_CONSTANT (2048)
#define PIT_HUGEPAGES_1G_KIB G_GUINT64_CONSTANT (1048576)

PIT_DECLARE_TUNE_CHANGE (PitChangeHugepages, pit_change_hugepages)
/* "2M", "2MiB", "1G", "1GiB", "2048" (KiB) → KiB; 0 with @error otherwise */
guint64      pit_change_hugepages_parse_size (const char                       *text,
                                              GError                          **error);

G_END_DECLS
