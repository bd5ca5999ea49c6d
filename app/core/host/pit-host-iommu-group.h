/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  guint id;
  GPtrArray *devices;   /* char *: PCI addresses "0000:04:00.0", sorted */
} PitHostIommuGroup;

PitHostIommuGroup *pit_host_iommu_group_new   (guint               id);
PitHostIommuGroup *pit_host_iommu_group_ref   (PitHostIommuGroup  *self);
void               pit_host_iommu_group_unref (PitHostIommuGroup  *self);
gboolean           pit_host_iommu_group_contains (PitHostIommuGroup *self,
                                                  const char        *address);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PitHostIommuGroup, pit_host_iommu_group_unref)

G_END_DECLS
