/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "pit-host-reader.h"

G_BEGIN_DECLS

/* What sysfs says about each PCI function beyond libpci:
 * ROOT/sys/bus/pci/devices/ADDR/resource (BAR and ROM sizes, whether the
 * ROM is the firmware's shadow copy), …/rom (present or not) and
 * …/reset_method (Linux 5.15 and newer; a kernel of 5.15 or newer without
 * the file has no reset method for the device).
 *
 * @devices: (element-type PitHostPciDevice): the sysfs inventory */
void pit_host_pci_read_resources (PitHostReader *reader,
                                  GPtrArray     *devices);

/* Sets ->bus_reset of every device: TRUE when no other slot shares its bus
 * and the bus is not a root bus (a secondary bus reset needs a bridge
 * above, and it resets everything below that bridge). */
void pit_host_pci_link_buses     (GPtrArray     *devices);

G_END_DECLS
