/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-host"

#include "config.h"

#include "pit-host-iommu-group.h"

PitHostIommuGroup *
pit_host_iommu_group_new (guint id)
{
  PitHostIommuGroup *self = g_atomic_rc_box_new0 (PitHostIommuGroup);

  self->id = id;
  self->devices = g_ptr_array_new_with_free_func (g_free);
  return self;
}

PitHostIommuGroup *
pit_host_iommu_group_ref (PitHostIommuGroup *self)
{
  return g_atomic_rc_box_acquire (self);
}

static void
group_clear (PitHostIommuGroup *self)
{
  g_ptr_array_unref (self->devices);
}

void
pit_host_iommu_group_unref (PitHostIommuGroup *self)
{
  g_atomic_rc_box_release_full (self, (GDestroyNotify) group_clear);
}

gboolean
pit_host_iommu_group_contains (PitHostIommuGroup *self,
                               const char        *address)
{
  for (guint i = 0; i < self->devices->len; i++)
    if (g_strcmp0 (self->devices->pdata[i], address) == 0)
      return TRUE;
  return FALSE;
}
