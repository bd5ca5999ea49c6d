/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-host"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "pit-host-usb-controller.h"

/* hubs in hubs: USB allows five tiers below the root hub */
#define MAX_DEPTH 7

static void
usb_controller_clear (PitHostUsbController *self)
{
  g_clear_pointer (&self->device, pit_host_pci_device_unref);
  g_clear_pointer (&self->passthrough, pit_host_passthrough_unref);
  g_clear_pointer (&self->devices, g_ptr_array_unref);
  g_clear_pointer (&self->inputs, g_ptr_array_unref);
  g_free (self->reason);
}

PitHostUsbController *
pit_host_usb_controller_ref (PitHostUsbController *self)
{
  return g_atomic_rc_box_acquire (self);
}

void
pit_host_usb_controller_unref (PitHostUsbController *self)
{
  g_atomic_rc_box_release_full (self, (GDestroyNotify) usb_controller_clear);
}

gboolean
pit_host_pci_device_is_usb (const PitHostPciDevice *device)
{
  return device->class_id == 0x0c03;
}

static void
walk (PitHostReader *reader,
      const char    *dir,
      GPtrArray     *devices,
      guint          depth)
{
  g_autoptr(GPtrArray) names = NULL;

  if (depth > MAX_DEPTH)
    return;
  names = pit_host_reader_list_dir (reader, dir, FALSE);
  for (guint i = 0; names != NULL && i < names->len; i++)
    {
      const char *name = names->pdata[i];
      g_autofree char *path = NULL;
      PitHostUsbDevice *device;

      if (!pit_host_usb_is_port_name (name))
        continue;
      path = g_build_filename (dir, name, NULL);
      device = pit_host_usb_device_probe (reader, path, name);
      if (device != NULL)
        g_ptr_array_add (devices, device);
      walk (reader, path, devices, depth + 1);
    }
}

/* "1-3" < "1-3.2" < "1-10": ports compared number by number */
static int
compare_ports (gconstpointer a,
               gconstpointer b)
{
  const PitHostUsbDevice *x = *(PitHostUsbDevice * const *) a;
  const PitHostUsbDevice *y = *(PitHostUsbDevice * const *) b;
  const char *p = x->port, *q = y->port;

  while (*p != '\0' && *q != '\0')
    {
      char *pe, *qe;
      guint64 m = g_ascii_strtoull (p, &pe, 10);
      guint64 n = g_ascii_strtoull (q, &qe, 10);

      if (m != n)
        return m < n ? -1 : 1;
      if (pe == p || qe == q)
        break;
      p = *pe != '\0' ? pe + 1 : pe;
      q = *qe != '\0' ? qe + 1 : qe;
    }
  return strcmp (p, q);
}

static void
judge (PitHostUsbController *self)
{
  g_autoptr(GPtrArray) keyboards = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < self->inputs->len; i++)
    {
      PitHostInputDevice *input = self->inputs->pdata[i];

      if (input->kind == PIT_HOST_INPUT_KEYBOARD)
        g_ptr_array_add (keyboards, g_strdup (input->name != NULL ? input->name : input->id));
    }
  self->host_keyboard = keyboards->len > 0;

  if (!self->passthrough->viable)
    self->reason = g_strdup (self->passthrough->reason);
  else if (self->host_keyboard)
    {
      g_autofree char *list = NULL;

      g_ptr_array_add (keyboards, NULL);
      list = g_strjoinv (", ", (char **) keyboards->pdata);
      self->reason = g_strdup_printf (_("The host’s keyboard (%s) is plugged into it: while the virtual "
                                        "machine runs, the host would have no keyboard"), list);
    }
  else
    self->clean = TRUE;
}

GPtrArray *
pit_host_usb_probe (PitHostReader *reader,
                    GPtrArray     *pci,
                    PitHostIommu  *iommu,
                    GPtrArray     *inputs)
{
  GPtrArray *controllers = g_ptr_array_new_with_free_func ((GDestroyNotify) pit_host_usb_controller_unref);

  for (guint i = 0; i < pci->len; i++)
    {
      PitHostPciDevice *device = pci->pdata[i];
      PitHostUsbController *self;
      g_autofree char *dir = NULL;
      g_autoptr(GPtrArray) names = NULL;

      if (!pit_host_pci_device_is_usb (device))
        continue;

      self = g_atomic_rc_box_new0 (PitHostUsbController);
      self->device = pit_host_pci_device_ref (device);
      self->passthrough = pit_host_passthrough_new (device, pci, iommu);
      self->devices = g_ptr_array_new_with_free_func ((GDestroyNotify) pit_host_usb_device_unref);
      self->inputs = g_ptr_array_new_with_free_func ((GDestroyNotify) pit_host_input_device_unref);

      dir = g_build_filename ("/sys/bus/pci/devices", device->address, NULL);
      names = pit_host_reader_list_dir (reader, dir, FALSE);
      for (guint j = 0; names != NULL && j < names->len; j++)
        {
          const char *name = names->pdata[j];

          if (g_str_has_prefix (name, "usb") && g_ascii_isdigit (name[3]))
            {
              g_autofree char *hub = g_build_filename (dir, name, NULL);

              walk (reader, hub, self->devices, 0);
            }
        }
      g_ptr_array_sort (self->devices, compare_ports);

      for (guint j = 0; inputs != NULL && j < inputs->len; j++)
        {
          PitHostInputDevice *input = inputs->pdata[j];

          if (g_strcmp0 (input->usb_controller, device->address) == 0)
            g_ptr_array_add (self->inputs, pit_host_input_device_ref (input));
        }
      judge (self);
      g_ptr_array_add (controllers, self);
    }
  return controllers;
}
