/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "pit-host-pci-device.h"
#include "pit-host-reader.h"

G_BEGIN_DECLS

/* PCI inventory through libpci: the sysfs method under the reader's root
 * (ROOT/sys/bus/pci), or the dump method for an `lspci -x` file when
 * @dump_path is set.  Names come from pci.ids (hwdb disabled, so every
 * machine gives the same names).  libpci's exit-on-error handler is
 * replaced: its errors become problems or a GError.
 *
 * Returns: (element-type PitHostPciDevice): sorted by address, with
 *   ->functions filled; %NULL with @error only when @dump_path cannot be
 *   used.  A host without ROOT/sys/bus/pci gives an empty array and a
 *   problem. */
GPtrArray *pit_host_pci_probe (PitHostReader  *reader,
                               const char     *dump_path,
                               GError        **error);

/* Fills ->functions of every device from the list itself. */
void       pit_host_pci_link_functions (GPtrArray *devices);

G_END_DECLS
