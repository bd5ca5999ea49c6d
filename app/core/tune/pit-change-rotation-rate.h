/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pit-tune-step.h"

G_BEGIN_DECLS

/* What the guest is told about its SATA, SCSI and IDE disks
 * (<target rotation_rate=…>): 1 for an SSD, 7200 for a hard drive, or, with
 * AUTO, what the host's storage under each disk is (the storage
 * inventory's rotational flag; disks on unknown storage stay as they are).
 * virtio disks have no rotation rate. */
typedef enum
{
  PIT_ROTATION_RATE_AUTO,
  PIT_ROTATION_RATE_SSD,
  PIT_ROTATION_RATE_HDD,
} PitRotationRate;

typedef struct
{
  PitRotationRate rate;
} PitChangeRotationRateOptions;

PIT_DECLARE_TUNE_CHANGE (PitChangeRotationRate, pit_change_rotation_rate)

/* "auto", "ssd", "hdd" */
gboolean pit_rotation_rate_from_string (const char       *text,
                                        PitRotationRate  *rate,
                                        GError          **error);

G_END_DECLS
