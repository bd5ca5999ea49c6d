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

gboolean     pit_change_usb_device_apply   (PitTuneContext                   *context,
                                            const PitChangeUsbDeviceOptions  *options,
                                            GError                          **error);
PitTuneStep *pit_change_usb_device_step    (const PitChangeUsbDeviceOptions  *options);
gboolean     pit_usb_parse_ids             (const char   *text,
                                            guint16      *vendor,
                                            guint16      *product);

G_END_DECLS
