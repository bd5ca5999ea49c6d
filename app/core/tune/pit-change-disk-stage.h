/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pit-tune-step.h"

G_BEGIN_DECLS

/* The staged move of a Windows boot disk to virtio (Windows only loads the
 * virtio storage driver at boot if it was installed for a device that
 * existed before):
 *  1. ADD_VIRTIO_DUMMY: a small virtio disk — a new volume in the storage
 *     pool of the boot disk (created by pit_tune_apply()), or a given file;
 *     boot Windows and install the driver.
 *  2. SWITCH_BOOT_TO_VIRTIO: the boot disk moves to virtio (new target name,
 *     the old drive address removed) and the small disk goes.
 * REMOVE_VIRTIO_DUMMY and SWITCH_BOOT_TO_SATA undo them.  The small disk is
 * recorded in the domain's <metadata> under Pitstop's namespace.  x86 only. */
typedef enum
{
  PIT_DISK_STAGE_ADD_VIRTIO_DUMMY,
  PIT_DISK_STAGE_SWITCH_BOOT_TO_VIRTIO,
  PIT_DISK_STAGE_REMOVE_VIRTIO_DUMMY,
  PIT_DISK_STAGE_SWITCH_BOOT_TO_SATA,
} PitDiskStage;

typedef enum
{
  PIT_DISK_STATE_NO_BOOT_DISK,
  PIT_DISK_STATE_BOOT_NOT_VIRTIO,   /* stage 1 is next */
  PIT_DISK_STATE_DUMMY_ADDED,       /* stage 2 is next */
  PIT_DISK_STATE_BOOT_ON_VIRTIO,    /* done */
} PitDiskState;

typedef struct
{
  PitDiskStage stage;
  const char *dummy_file;     /* stage 1: use this file instead of a new volume */
  guint64 dummy_size;         /* bytes; 0: 64 MiB */
} PitChangeDiskStageOptions;

#define PIT_TUNE_NAMESPACE "https://pitstopvm.github.io/xmlns/tune/1.0"
#define PIT_TUNE_NAMESPACE_PREFIX "pitstop"

PIT_DECLARE_TUNE_CHANGE (PitChangeDiskStage, pit_change_disk_stage)
gboolean      pit_disk_stage_from_string       (const char                       *text,
                                                PitDiskStage                     *stage,
                                                GError                          **error);
PitDiskState  pit_change_disk_stage_get_state  (xmlNode                          *domain_root);

G_END_DECLS
