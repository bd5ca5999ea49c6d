/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pit-tune-step.h"

G_BEGIN_DECLS

/* Single USB devices for the guest by vendor:product, the simple way when
 * no controller can be passed through cleanly: <hostdev mode='subsystem'
 * type='usb' managed='yes'><source><vendor id/><product id/></source>.
 * The device must be plugged in when the guest starts. */
typedef struct
{
  const char * const *ids;   /* "045e:02ea", … */
} PitChangeUsbDeviceOptions;

PIT_DECLARE_TUNE_CHANGE (PitChangeUsbDevice, pit_change_usb_device)
gboolean     pit_usb_parse_ids             (const char   *text,
                                            guint16      *vendor,
                                            guint16      *product);

G_END_DECLS
