/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-host"

#include "config.h"

#include "pit-host-cpu.h"

PitHostCpu *
pit_host_cpu_new (guint id)
{
  PitHostCpu *self = g_atomic_rc_box_new0 (PitHostCpu);

  self->id = id;
  self->online = TRUE;
  self->socket = -1;
  self->die = -1;
  self->core = -1;
  self->node = -1;
  self->kind = PIT_HOST_CPU_KIND_UNKNOWN;
  self->l3 = -1;

  return self;
}

PitHostCpu *
pit_host_cpu_ref (PitHostCpu *self)
{
  return g_atomic_rc_box_acquire (self);
}

static void
cpu_clear (PitHostCpu *self)
{
  g_clear_pointer (&self->siblings, g_array_unref);
}

void
pit_host_cpu_unref (PitHostCpu *self)
{
  g_atomic_rc_box_release_full (self, (GDestroyNotify) cpu_clear);
}

const char *
pit_host_cpu_kind_to_id (PitHostCpuKind kind)
{
  switch (kind)
    {
    case PIT_HOST_CPU_KIND_STANDARD:
      return "standard";
    case PIT_HOST_CPU_KIND_PERFORMANCE:
      return "performance";
    case PIT_HOST_CPU_KIND_EFFICIENCY:
      return "efficiency";
    case PIT_HOST_CPU_KIND_UNKNOWN:
    default:
      return NULL;
    }
}
