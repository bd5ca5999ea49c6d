/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "pit-host-reader.h"

G_BEGIN_DECLS

/* One USB device plugged into a controller (sysfs /sys/bus/usb/devices/N-P). */
typedef struct
{
  char *port;           /* "1-3", "1-3.2" */
  guint16 vendor_id;
  guint16 product_id;
  char *manufacturer;   /* NULL when the device does not say */
  char *product;        /* NULL when the device does not say */
  guint busnum;
  guint devnum;
  gboolean hub;         /* a hub (device class 09) */
} PitHostUsbDevice;

/* Reads the device at @sysfs_path (a host path); %NULL when it has no
 * idVendor/idProduct. */
PitHostUsbDevice *pit_host_usb_device_probe  (PitHostReader    *reader,
                                              const char       *sysfs_path,
                                              const char       *port);
PitHostUsbDevice *pit_host_usb_device_ref    (PitHostUsbDevice *self);
void              pit_host_usb_device_unref  (PitHostUsbDevice *self);
char             *pit_host_usb_device_dup_ids  (const PitHostUsbDevice *self); /* "046d:c52b" */
/* "Logitech USB Receiver": the manufacturer and the product, the product
 * alone where it names the manufacturer; "USB Receiver (046d:c52b)" where
 * the device gives one of them only; "046d:c52b" where it gives none */
char             *pit_host_usb_device_dup_name (const PitHostUsbDevice *self);

/* "1-3", "1-3.2", "10-1.4.1": a USB device's sysfs name (not an interface
 * "1-3:1.0", not a root hub "usb1") */
gboolean          pit_host_usb_is_port_name    (const char *name);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PitHostUsbDevice, pit_host_usb_device_unref)

G_END_DECLS
