/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-host"

#include "config.h"

#include <string.h>

#include "pit-host-block-device.h"
#include "pit-host-pci-device.h"

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
  g_free (self->controller);
}

void
pit_host_block_device_unref (PitHostBlockDevice *self)
{
  g_atomic_rc_box_release_full (self, (GDestroyNotify) block_device_clear);
}

/* /sys/block/sda → ../devices/pci0000:00/0000:00:17.0/ata1/…/block/sda:
 * the last PCI address on the way is the controller. */
static char *
find_controller (PitHostReader *reader,
                 const char    *name)
{
  g_autofree char *link = g_strdup_printf ("/sys/block/%s", name);
  g_autofree char *full = pit_host_reader_path (reader, link);
  g_autofree char *target = g_file_read_link (full, NULL);
  g_auto(GStrv) parts = NULL;
  char *found = NULL;

  if (target == NULL)
    return NULL;
  parts = g_strsplit (target, "/", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    if (strchr (parts[i], ':') != strrchr (parts[i], ':')
        && pit_host_pci_parse_address (parts[i], NULL, NULL, NULL, NULL))
      {
        g_free (found);
        found = pit_host_pci_normalize_address (parts[i]);
      }
  return found;
}

PitHostBlockDevice *
pit_host_block_device_probe (PitHostReader *reader,
                             const char    *name,
                             gboolean       report)
{
  g_autoptr(PitHostBlockDevice) self = pit_host_block_device_new (name);
  g_autofree char *rotational = g_strdup_printf ("/sys/block/%s/queue/rotational", name);
  g_autofree char *model = g_strdup_printf ("/sys/block/%s/device/model", name);
  gint64 value;

  if (pit_host_reader_read_int (reader, rotational, report, &value))
    self->rotational = value != 0;
  self->model = pit_host_reader_read_line (reader, model, FALSE);
  self->controller = find_controller (reader, name);
  return g_steal_pointer (&self);
}

GPtrArray *
pit_host_block_devices_probe_all (PitHostReader *reader)
{
  GPtrArray *disks = g_ptr_array_new_with_free_func ((GDestroyNotify) pit_host_block_device_unref);
  g_autoptr(GPtrArray) names = pit_host_reader_list_dir (reader, "/sys/block", FALSE);

  for (guint i = 0; names != NULL && i < names->len; i++)
    {
      g_autoptr(PitHostBlockDevice) disk = pit_host_block_device_probe (reader, names->pdata[i], FALSE);

      if (disk->controller != NULL)
        g_ptr_array_add (disks, g_steal_pointer (&disk));
    }
  return disks;
}
