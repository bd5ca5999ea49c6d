/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-host"

#include "config.h"

#include "pit-host-hugepage-pool.h"

PitHostHugepagePool *
pit_host_hugepage_pool_new (guint64 size_kib,
                            int     node)
{
  PitHostHugepagePool *self = g_atomic_rc_box_new0 (PitHostHugepagePool);

  self->size_kib = size_kib;
  self->node = node;
  self->total = -1;
  self->free = -1;
  self->reserved = -1;
  self->surplus = -1;
  return self;
}

PitHostHugepagePool *
pit_host_hugepage_pool_ref (PitHostHugepagePool *self)
{
  return g_atomic_rc_box_acquire (self);
}

void
pit_host_hugepage_pool_unref (PitHostHugepagePool *self)
{
  g_atomic_rc_box_release (self);
}
