/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "pit-host-reader.h"

G_BEGIN_DECLS

/* A whole disk under a storage path: ROOT/sys/block/<name>. */
typedef struct
{
  char *name;          /* "sda", "nvme0n1" */
  int rotational;      /* queue/rotational: 1, 0, -1 unknown */
  char *model;         /* device/model; NULL unknown */
  char *controller;    /* the PCI function it hangs off ("0000:00:17.0" for a SATA
                        * disk, the NVMe controller itself); NULL unknown or virtual */
} PitHostBlockDevice;

PitHostBlockDevice *pit_host_block_device_new   (const char         *name);
PitHostBlockDevice *pit_host_block_device_ref   (PitHostBlockDevice *self);
void                pit_host_block_device_unref (PitHostBlockDevice *self);
/* ROOT/sys/block/@name: rotational (a missing value is a problem when
 * @report), model and controller */
PitHostBlockDevice *pit_host_block_device_probe (PitHostReader      *reader,
                                                 const char         *name,
                                                 gboolean            report);
/* (element-type PitHostBlockDevice): every disk of ROOT/sys/block on a PCI
 * controller, by name; never %NULL */
GPtrArray          *pit_host_block_devices_probe_all (PitHostReader *reader);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PitHostBlockDevice, pit_host_block_device_unref)

G_END_DECLS
