/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  PIT_HOST_DEVICE_USE_ROOT_DISK,      /* "root-disk": a disk with the host's root file system */
  PIT_HOST_DEVICE_USE_DISK,           /* "disk": another disk */
  PIT_HOST_DEVICE_USE_DEFAULT_ROUTE,  /* "default-route": the network interface of the default route */
  PIT_HOST_DEVICE_USE_NETWORK,        /* "network": another network interface */
  PIT_HOST_DEVICE_USE_USB,            /* "usb": a USB controller (keyboard, mouse, …) */
  PIT_HOST_DEVICE_USE_BOOT_DISPLAY,   /* "boot-display": the firmware's console */
} PitHostDeviceUseKind;

/* What a PCI device does for the host, as far as the inventory knows. */
typedef struct
{
  PitHostDeviceUseKind kind;
  char *detail;   /* "sda (WDC WD40EFRX)", "enp6s0"; NULL */
} PitHostDeviceUse;

PitHostDeviceUse *pit_host_device_use_new      (PitHostDeviceUseKind  kind,
                                                const char           *detail);
void              pit_host_device_use_free     (PitHostDeviceUse     *self);
const char       *pit_host_device_use_kind_to_id (PitHostDeviceUseKind kind);
/* A translated phrase: "holds the host’s root file system (sda, …)" */
char             *pit_host_device_use_describe (const PitHostDeviceUse *self);
/* Passing the device would take away what the host runs on */
gboolean          pit_host_device_use_is_stop  (const PitHostDeviceUse *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PitHostDeviceUse, pit_host_device_use_free)

G_END_DECLS
