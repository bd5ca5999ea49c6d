/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "pit-host-cpu-topology.h"
#include "pit-host-iommu-group.h"
#include "pit-host-reader.h"

G_BEGIN_DECLS

/* IOMMU state: ROOT/sys/kernel/iommu_groups (groups present = enabled).
 * enabled is -1 when unknown (a remote host whose node devices carry no
 * iommuGroup could simply be old). */
typedef struct
{
  int enabled;              /* 1, 0, -1 unknown */
  GPtrArray *groups;        /* PitHostIommuGroup, by id */
} PitHostIommu;

PitHostIommu      *pit_host_iommu_new        (void);
PitHostIommu      *pit_host_iommu_ref        (PitHostIommu   *self);
void               pit_host_iommu_unref      (PitHostIommu   *self);
PitHostIommu      *pit_host_iommu_probe      (PitHostReader  *reader);
/* Builds the groups from the devices' iommu_group (remote hosts, dumps). */
PitHostIommu      *pit_host_iommu_new_from_devices (GPtrArray *pci_devices);
PitHostIommuGroup *pit_host_iommu_get_group  (PitHostIommu   *self,
                                              guint           id);
/* The kernel parameters that turn the IOMMU on for this CPU vendor:
 * { "intel_iommu=on", NULL } or { "amd_iommu=on", NULL }; "iommu=pt" is a
 * choice of the plan and not included.  %NULL when the vendor is unknown. */
const char * const *pit_host_iommu_enable_params (PitHostCpuVendor vendor);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PitHostIommu, pit_host_iommu_unref)

G_END_DECLS
