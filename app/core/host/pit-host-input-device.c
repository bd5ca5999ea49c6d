/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-host"

#include "config.h"

#include <string.h>

#include "pit-host-input-device.h"
#include "pit-host-pci-device.h"
#include "pit-host-usb-device.h"

#define BY_ID "/dev/input/by-id"

static void
input_device_clear (PitHostInputDevice *self)
{
  g_free (self->id);
  g_free (self->path);
  g_free (self->event);
  g_free (self->name);
  g_free (self->usb_controller);
  g_free (self->usb_port);
}

PitHostInputDevice *
pit_host_input_device_ref (PitHostInputDevice *self)
{
  return g_atomic_rc_box_acquire (self);
}

void
pit_host_input_device_unref (PitHostInputDevice *self)
{
  g_atomic_rc_box_release_full (self, (GDestroyNotify) input_device_clear);
}

const char *
pit_host_input_kind_to_id (PitHostInputKind kind)
{
  return kind == PIT_HOST_INPUT_KEYBOARD ? "keyboard" : "mouse";
}

gboolean
pit_host_usb_path_split (const char  *sysfs_path,
                         char       **controller,
                         char       **port)
{
  g_auto(GStrv) parts = NULL;
  int hub = -1;
  const char *last_port = NULL;

  g_return_val_if_fail (sysfs_path != NULL, FALSE);

  parts = g_strsplit (sysfs_path, "/", -1);
  for (int i = 1; parts[i] != NULL; i++)
    if (hub < 0 && g_str_has_prefix (parts[i], "usb") && g_ascii_isdigit (parts[i][3])
        && pit_host_pci_parse_address (parts[i - 1], NULL, NULL, NULL, NULL))
      hub = i;
    else if (hub >= 0 && pit_host_usb_is_port_name (parts[i]))
      last_port = parts[i];
  if (hub < 0)
    return FALSE;

  if (controller != NULL)
    *controller = pit_host_pci_normalize_address (parts[hub - 1]);
  if (port != NULL)
    *port = g_strdup (last_port);
  return TRUE;
}

static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  const PitHostInputDevice *x = *(PitHostInputDevice * const *) a;
  const PitHostInputDevice *y = *(PitHostInputDevice * const *) b;

  return strcmp (x->id, y->id);
}

GPtrArray *
pit_host_input_probe (PitHostReader *reader)
{
  GPtrArray *devices = g_ptr_array_new_with_free_func ((GDestroyNotify) pit_host_input_device_unref);
  g_autoptr(GPtrArray) names = pit_host_reader_list_dir (reader, BY_ID, FALSE);

  for (guint i = 0; names != NULL && i < names->len; i++)
    {
      const char *id = names->pdata[i];
      PitHostInputDevice *device;
      g_autofree char *class_path = NULL;
      g_autofree char *name_path = NULL;
      g_autofree char *sysfs = NULL;

      if (!g_str_has_suffix (id, "-event-kbd") && !g_str_has_suffix (id, "-event-mouse"))
        continue;

      device = g_atomic_rc_box_new0 (PitHostInputDevice);
      device->id = g_strdup (id);
      device->path = g_build_filename (BY_ID, id, NULL);
      device->kind = g_str_has_suffix (id, "-event-kbd") ? PIT_HOST_INPUT_KEYBOARD : PIT_HOST_INPUT_MOUSE;
      device->event = pit_host_reader_read_link_name (reader, device->path);
      if (device->event != NULL && g_str_has_prefix (device->event, "event"))
        {
          class_path = g_build_filename ("/sys/class/input", device->event, NULL);
          name_path = g_build_filename (class_path, "device", "name", NULL);
          device->name = pit_host_reader_read_line (reader, name_path, FALSE);
          sysfs = pit_host_reader_resolve (reader, class_path);
          if (sysfs != NULL)
            pit_host_usb_path_split (sysfs, &device->usb_controller, &device->usb_port);
        }
      g_ptr_array_add (devices, device);
    }
  g_ptr_array_sort (devices, compare_ids);
  return devices;
}
