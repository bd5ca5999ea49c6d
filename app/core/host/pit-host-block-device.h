/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A whole disk under a storage path: ROOT/sys/block/<name>. */
typedef struct
{
  char *name;          /* "sda", "nvme0n1" */
  int rotational;      /* queue/rotational: 1, 0, -1 unknown */
  char *model;         /* device/model; NULL unknown */
} PitHostBlockDevice;

PitHostBlockDevice *pit_host_block_device_new   (const char         *name);
PitHostBlockDevice *pit_host_block_device_ref   (PitHostBlockDevice *self);
void                pit_host_block_device_unref (PitHostBlockDevice *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PitHostBlockDevice, pit_host_block_device_unref)

G_END_DECLS
