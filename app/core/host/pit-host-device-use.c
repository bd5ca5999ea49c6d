/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-host"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pit-host-device-use.h"

PitHostDeviceUse *
pit_host_device_use_new (PitHostDeviceUseKind  kind,
                         const char           *detail)
{
  PitHostDeviceUse *self = g_new0 (PitHostDeviceUse, 1);

  self->kind = kind;
  self->detail = g_strdup (detail);
  return self;
}

void
pit_host_device_use_free (PitHostDeviceUse *self)
{
  if (self == NULL)
    return;
  g_free (self->detail);
  g_free (self);
}

const char *
pit_host_device_use_kind_to_id (PitHostDeviceUseKind kind)
{
  switch (kind)
    {
    case PIT_HOST_DEVICE_USE_ROOT_DISK:
      return "root-disk";
    case PIT_HOST_DEVICE_USE_DISK:
      return "disk";
    case PIT_HOST_DEVICE_USE_DEFAULT_ROUTE:
      return "default-route";
    case PIT_HOST_DEVICE_USE_NETWORK:
      return "network";
    case PIT_HOST_DEVICE_USE_USB:
      return "usb";
    case PIT_HOST_DEVICE_USE_BOOT_DISPLAY:
    default:
      return "boot-display";
    }
}

char *
pit_host_device_use_describe (const PitHostDeviceUse *self)
{
  const char *detail = self->detail != NULL ? self->detail : "";

  switch (self->kind)
    {
    case PIT_HOST_DEVICE_USE_ROOT_DISK:
      return g_strdup_printf (_("holds the host’s root file system (disk %s)"), detail);
    case PIT_HOST_DEVICE_USE_DISK:
      return g_strdup_printf (_("holds the host’s disk %s"), detail);
    case PIT_HOST_DEVICE_USE_DEFAULT_ROUTE:
      return g_strdup_printf (_("is the host’s network connection (%s, the default route)"), detail);
    case PIT_HOST_DEVICE_USE_NETWORK:
      return g_strdup_printf (_("is the host’s network interface %s"), detail);
    case PIT_HOST_DEVICE_USE_USB:
      return g_strdup (_("is a USB controller (the host’s keyboard and mouse may be on it)"));
    case PIT_HOST_DEVICE_USE_BOOT_DISPLAY:
    default:
      return g_strdup (_("shows the host’s boot screen"));
    }
}

gboolean
pit_host_device_use_is_stop (const PitHostDeviceUse *self)
{
  return self->kind == PIT_HOST_DEVICE_USE_ROOT_DISK;
}
