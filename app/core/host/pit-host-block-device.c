/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-host"

#include "config.h"

#include "pit-host-block-device.h"

PitHostBlockDevice *
pit_host_block_device_new (const char *name)
{
  PitHostBlockDevice *self = g_atomic_rc_box_new0 (PitHostBlockDevice);

  self->name = g_strdup (name);
  self->rotational = -1;
  return self;
}

PitHostBlockDevice *
pit_host_block_device_ref (PitHostBlockDevice *self)
{
  return g_atomic_rc_box_acquire (self);
}

static void
block_device_clear (PitHostBlockDevice *self)
{
  g_free (self->name);
  g_free (self->model);
}

void
pit_host_block_device_unref (PitHostBlockDevice *self)
{
  g_atomic_rc_box_release_full (self, (GDestroyNotify) block_device_clear);
}
