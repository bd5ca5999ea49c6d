/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pit-tune-step.h"

G_BEGIN_DECLS

/* A whole USB controller of the host for the guest, as a PCI hostdev (with
 * the rest of its IOMMU group, as the GPU change does): whatever is plugged
 * into its ports then belongs to the guest, hot-plugging included.  On a
 * known host the address must be a USB controller (class 0c03); one that is
 * not clean (a shared IOMMU group, the host's keyboard on it) gives a
 * warning that says why. */
typedef struct
{
  const char *address;   /* "0000:03:00.0", "03:00.0" */
} PitChangeUsbControllerOptions;

PIT_DECLARE_TUNE_CHANGE (PitChangeUsbController, pit_change_usb_controller)

G_END_DECLS
