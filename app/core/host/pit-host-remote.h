/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libvirt/libvirt.h>

#include "pit-host-inventory.h"

G_BEGIN_DECLS

/* A host seen only through libvirt (qemu+ssh://…): CPU topology, NUMA cells,
 * memory and hugepage sizes from the capabilities XML; PCI devices, drivers,
 * IOMMU groups and NICs from the node devices.  Always marked partial:
 * no boot setup, bridges, hugepage free counts or boot_vga. */
PitHostInventory *pit_host_remote_probe    (virConnectPtr        connection,
                                            GError             **error);

/* The same from XML text (tests, recorded hosts).  @nodedev_xmls may be
 * NULL; a malformed node device is a problem, a malformed capabilities
 * document an error. */
PitHostInventory *pit_host_remote_from_xml (const char          *capabilities_xml,
                                            const char * const  *nodedev_xmls,
                                            GError             **error);

G_END_DECLS
