/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-host"

#include "config.h"

#include <string.h>

#include "pit-host-usb-device.h"

static void
usb_device_clear (PitHostUsbDevice *self)
{
  g_free (self->port);
  g_free (self->manufacturer);
  g_free (self->product);
}

PitHostUsbDevice *
pit_host_usb_device_ref (PitHostUsbDevice *self)
{
  return g_atomic_rc_box_acquire (self);
}

void
pit_host_usb_device_unref (PitHostUsbDevice *self)
{
  g_atomic_rc_box_release_full (self, (GDestroyNotify) usb_device_clear);
}

static gboolean
read_hex (PitHostReader *reader,
          const char    *dir,
          const char    *name,
          guint64        max,
          guint64       *value)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *line = pit_host_reader_read_line (reader, path, FALSE);

  return line != NULL && g_ascii_string_to_unsigned (line, 16, 0, max, value, NULL);
}

static guint
read_dec (PitHostReader *reader,
          const char    *dir,
          const char    *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *line = pit_host_reader_read_line (reader, path, FALSE);
  guint64 value = 0;

  if (line == NULL || !g_ascii_string_to_unsigned (line, 10, 0, G_MAXUINT, &value, NULL))
    return 0;
  return (guint) value;
}

static char *
read_text (PitHostReader *reader,
           const char    *dir,
           const char    *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  return pit_host_reader_read_line (reader, path, FALSE);
}

PitHostUsbDevice *
pit_host_usb_device_probe (PitHostReader *reader,
                           const char    *sysfs_path,
                           const char    *port)
{
  PitHostUsbDevice *self;
  guint64 vendor, product, klass = 0;

  if (!read_hex (reader, sysfs_path, "idVendor", 0xffff, &vendor)
      || !read_hex (reader, sysfs_path, "idProduct", 0xffff, &product))
    return NULL;

  self = g_atomic_rc_box_new0 (PitHostUsbDevice);
  self->port = g_strdup (port);
  self->vendor_id = (guint16) vendor;
  self->product_id = (guint16) product;
  self->manufacturer = read_text (reader, sysfs_path, "manufacturer");
  self->product = read_text (reader, sysfs_path, "product");
  self->busnum = read_dec (reader, sysfs_path, "busnum");
  self->devnum = read_dec (reader, sysfs_path, "devnum");
  read_hex (reader, sysfs_path, "bDeviceClass", 0xff, &klass);
  self->hub = klass == 0x09;
  return self;
}

char *
pit_host_usb_device_dup_ids (const PitHostUsbDevice *self)
{
  return g_strdup_printf ("%04x:%04x", self->vendor_id, self->product_id);
}

/* Whether @product already starts with the manufacturer's name, its first
 * word: "CORSAIR VOID PRO USB Gaming Headset" by "Corsair", "Logitech G502"
 * by "Logitech, Inc." */
static gboolean
names_manufacturer (const char *product,
                    const char *manufacturer)
{
  gsize n = 0;

  while (manufacturer[n] != '\0' && !g_ascii_isspace (manufacturer[n]) && manufacturer[n] != ',')
    n++;
  return n > 0 && g_ascii_strncasecmp (product, manufacturer, n) == 0 && !g_ascii_isalnum (product[n]);
}

/* the device's own string, without the blanks some devices pad it with;
 * NULL when it says nothing */
static char *
dup_stripped (const char *text)
{
  g_autofree char *copy = g_strstrip (g_strdup (text != NULL ? text : ""));

  return copy[0] != '\0' ? g_steal_pointer (&copy) : NULL;
}

/**
 * pit_host_usb_device_dup_name:
 * What a user tells the device by: "Logitech USB Receiver" (the
 * manufacturer, then the product, which the devices' own strings often
 * leave out: three receivers all say "USB Receiver"), the product alone
 * where it starts with the manufacturer's name; without one of the two, the
 * other with the vendor:product ids; without both, the ids.
 */
char *
pit_host_usb_device_dup_name (const PitHostUsbDevice *self)
{
  g_autofree char *manufacturer = dup_stripped (self->manufacturer);
  g_autofree char *product = dup_stripped (self->product);
  g_autofree char *ids = pit_host_usb_device_dup_ids (self);

  if (manufacturer != NULL && product != NULL)
    return names_manufacturer (product, manufacturer) ? g_steal_pointer (&product)
                                                      : g_strdup_printf ("%s %s", manufacturer, product);
  if (product != NULL || manufacturer != NULL)
    return g_strdup_printf ("%s (%s)", product != NULL ? product : manufacturer, ids);
  return g_steal_pointer (&ids);
}

gboolean
pit_host_usb_is_port_name (const char *name)
{
  const char *dash = strchr (name, '-');

  if (dash == NULL || dash == name || dash[1] == '\0')
    return FALSE;
  for (const char *p = name; p < dash; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;
  for (const char *p = dash + 1; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p) && *p != '.')
      return FALSE;
  return TRUE;
}
