/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "pit-host-iommu.h"
#include "pit-host-pci-device.h"

G_BEGIN_DECLS

/* What passing one PCI device to a guest takes.
 * devices: the device itself first, then the other functions of its slot,
 *   then every other non-bridge device of its IOMMU group (VFIO needs the
 *   whole group away from host drivers; bridges stay with the host).
 * viable: the IOMMU is on, the device has a group, and the set holds only
 *   functions of the device's own slot.  When the group also holds devices
 *   of other slots (a chipset USB controller, a SATA controller), passing
 *   the device means passing those too: not viable without them, and
 *   ->foreign lists them.  reason says why in one translated sentence. */
typedef struct
{
  PitHostPciDevice *device;
  GPtrArray *devices;     /* PitHostPciDevice: the passthrough set, device first */
  GPtrArray *foreign;     /* PitHostPciDevice: members of the set outside the slot */
  gboolean viable;        /* FALSE also when it cannot be known (see viable_known) */
  gboolean viable_known;  /* FALSE: no IOMMU group information (PCI dump, old libvirt) */
  char *reason;           /* NULL when viable */
} PitHostPassthrough;

/* @devices: (element-type PitHostPciDevice): every PCI device of the host */
PitHostPassthrough *pit_host_passthrough_new   (PitHostPciDevice   *device,
                                                GPtrArray          *devices,
                                                PitHostIommu       *iommu);

PitHostPassthrough *pit_host_passthrough_ref   (PitHostPassthrough *self);
void                pit_host_passthrough_unref (PitHostPassthrough *self);
/* "10de:1b80,10de:10f0": unique vendor:device ids of the set, in set order
 * (for vfio-pci.ids). */
char               *pit_host_passthrough_dup_ids (PitHostPassthrough *self);
gboolean            pit_host_passthrough_contains (PitHostPassthrough *self,
                                                   const char         *address);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PitHostPassthrough, pit_host_passthrough_unref)

G_END_DECLS
