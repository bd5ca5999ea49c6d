/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "pit-host-input-device.h"
#include "pit-host-iommu.h"
#include "pit-host-passthrough.h"
#include "pit-host-pci-device.h"
#include "pit-host-usb-device.h"

G_BEGIN_DECLS

/* A USB host controller (PCI class 0c03) and what is plugged into it: the
 * way to hand a guest whole ports (a game pad, a headset, a hub) by passing
 * the controller through.
 * clean: it can be passed through on its own (its IOMMU group holds no
 *   device of another slot) and the host's keyboard is not on it (the host
 *   would lose it while the guest runs).  reason says why not. */
typedef struct
{
  PitHostPciDevice *device;
  PitHostPassthrough *passthrough;
  GPtrArray *devices;        /* PitHostUsbDevice, by port, hubs included */
  GPtrArray *inputs;         /* PitHostInputDevice plugged into it */
  gboolean host_keyboard;    /* a keyboard of /dev/input/by-id is on it */
  gboolean clean;
  char *reason;              /* translated; NULL when clean */
} PitHostUsbController;

/* (element-type PitHostUsbController): every USB controller of @pci, by
 * address, with its devices read under @reader's root and @inputs matched
 * to it. */
GPtrArray            *pit_host_usb_probe              (PitHostReader        *reader,
                                                       GPtrArray            *pci,
                                                       PitHostIommu         *iommu,
                                                       GPtrArray            *inputs);
PitHostUsbController *pit_host_usb_controller_ref     (PitHostUsbController *self);
void                  pit_host_usb_controller_unref   (PitHostUsbController *self);
gboolean              pit_host_pci_device_is_usb      (const PitHostPciDevice *device); /* class 0c03 */

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PitHostUsbController, pit_host_usb_controller_unref)

G_END_DECLS
