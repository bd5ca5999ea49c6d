/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "pit-host-hugepage-pool.h"
#include "pit-host-reader.h"

G_BEGIN_DECLS

/* Memory: ROOT/proc/meminfo and the hugepage pools.  Sizes in KiB; -1 when
 * unknown. */
typedef struct
{
  gint64 total_kib;            /* MemTotal */
  gint64 available_kib;        /* MemAvailable */
  gint64 default_hugepage_kib; /* Hugepagesize */
  GPtrArray *pools;            /* PitHostHugepagePool, system-wide, by size */
  GPtrArray *node_pools;       /* PitHostHugepagePool, per NUMA node, by node then size */
} PitHostMemory;

PitHostMemory       *pit_host_memory_new        (void);
PitHostMemory       *pit_host_memory_ref        (PitHostMemory  *self);
void                 pit_host_memory_unref      (PitHostMemory  *self);
PitHostMemory       *pit_host_memory_probe      (PitHostReader  *reader);
/* (transfer none): the system-wide pool of that size, or %NULL when the
 * kernel does not support it. */
PitHostHugepagePool *pit_host_memory_get_pool   (PitHostMemory  *self,
                                                 guint64         size_kib);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PitHostMemory, pit_host_memory_unref)

G_END_DECLS
