/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-host"

#include "config.h"

#include <stdio.h>

#include "pit-host-pci-device.h"

PitHostPciDevice *
pit_host_pci_device_new (guint domain,
                         guint bus,
                         guint slot,
                         guint function)
{
  PitHostPciDevice *self = g_atomic_rc_box_new0 (PitHostPciDevice);

  self->domain = domain;
  self->bus = bus;
  self->slot = slot;
  self->function = function;
  self->address = g_strdup_printf ("%04x:%02x:%02x.%x", domain, bus, slot, function);
  self->subsystem_vendor_id = -1;
  self->subsystem_id = -1;
  self->prog_if = -1;
  self->iommu_group = -1;
  self->numa_node = -1;
  self->boot_vga = -1;
  self->flr = -1;
  self->resizable_bar = -1;
  self->bars = g_array_new (FALSE, TRUE, sizeof (PitHostPciBar));
  self->rom = -1;
  self->rom_shadowed = -1;
  self->bus_reset = -1;
  self->functions = g_ptr_array_new_with_free_func (g_free);

  return self;
}

PitHostPciDevice *
pit_host_pci_device_ref (PitHostPciDevice *self)
{
  return g_atomic_rc_box_acquire (self);
}

static void
device_clear (PitHostPciDevice *self)
{
  g_free (self->address);
  g_free (self->vendor_name);
  g_free (self->device_name);
  g_free (self->subsystem_name);
  g_free (self->class_name);
  g_free (self->driver);
  g_ptr_array_unref (self->functions);
  g_array_unref (self->bars);
  g_strfreev (self->reset_methods);
}

void
pit_host_pci_device_unref (PitHostPciDevice *self)
{
  g_atomic_rc_box_release_full (self, (GDestroyNotify) device_clear);
}

PitHostPciBar *
pit_host_pci_device_get_bar (PitHostPciDevice *self,
                             guint             index,
                             gboolean          create)
{
  PitHostPciBar bar = { index, 0, -1, -1, FALSE, 0 };
  guint at = 0;

  for (; at < self->bars->len; at++)
    {
      PitHostPciBar *existing = &g_array_index (self->bars, PitHostPciBar, at);

      if (existing->index == index)
        return existing;
      if (existing->index > index)
        break;
    }
  if (!create)
    return NULL;
  g_array_insert_val (self->bars, at, bar);
  return &g_array_index (self->bars, PitHostPciBar, at);
}

guint64
pit_host_pci_device_largest_bar (const PitHostPciDevice *self,
                                 guint                  *index)
{
  guint64 largest = 0;

  for (guint i = 0; i < self->bars->len; i++)
    {
      const PitHostPciBar *bar = &g_array_index (self->bars, PitHostPciBar, i);

      if (bar->size > largest)
        {
          largest = bar->size;
          if (index != NULL)
            *index = bar->index;
        }
    }
  return largest;
}

gboolean
pit_host_pci_device_is_gpu (const PitHostPciDevice *self)
{
  return (self->class_id >> 8) == 0x03;
}

/* Bridges stay with the host when the rest of their IOMMU group is passed
 * through (VFIO accepts ports bound to pcieport, and driverless devices). */
gboolean
pit_host_pci_device_is_bridge (const PitHostPciDevice *self)
{
  return self->class_id == 0x0600 || self->class_id == 0x0604 || self->class_id == 0x0609;
}

gboolean
pit_host_pci_device_same_slot (const PitHostPciDevice *self,
                               const PitHostPciDevice *other)
{
  return self->domain == other->domain && self->bus == other->bus && self->slot == other->slot;
}

char *
pit_host_pci_device_dup_ids (const PitHostPciDevice *self)
{
  return g_strdup_printf ("%04x:%04x", self->vendor_id, self->device_id);
}

static gboolean
parse_hex (const char *text,
           gsize       len,
           guint       max,
           guint      *value)
{
  g_autofree char *part = g_strndup (text, len);
  guint64 parsed;

  if (len == 0 || len > 8)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isxdigit (part[i]))
      return FALSE;
  if (!g_ascii_string_to_unsigned (part, 16, 0, max, &parsed, NULL))
    return FALSE;
  *value = (guint) parsed;
  return TRUE;
}

gboolean
pit_host_pci_parse_address (const char *text,
                            guint      *domain,
                            guint      *bus,
                            guint      *slot,
                            guint      *function)
{
  g_autofree char *copy = NULL;
  g_auto(GStrv) parts = NULL;
  guint n;
  guint d = 0, b, s, f;
  char *dot;

  if (text == NULL)
    return FALSE;

  copy = g_strstrip (g_strdup (text));
  if (g_str_has_prefix (copy, "pci_"))
    {
      /* libvirt node device name: pci_DDDD_BB_SS_F */
      parts = g_strsplit (copy + 4, "_", -1);
      if (g_strv_length (parts) != 4)
        return FALSE;
      if (!parse_hex (parts[0], strlen (parts[0]), G_MAXUINT32, &d) || !parse_hex (parts[1], strlen (parts[1]), 0xff, &b)
          || !parse_hex (parts[2], strlen (parts[2]), 0x1f, &s) || !parse_hex (parts[3], strlen (parts[3]), 7, &f))
        return FALSE;
    }
  else
    {
      parts = g_strsplit (copy, ":", -1);
      n = g_strv_length (parts);
      if (n != 2 && n != 3)
        return FALSE;
      if (n == 3 && !parse_hex (parts[0], strlen (parts[0]), G_MAXUINT32, &d))
        return FALSE;
      if (!parse_hex (parts[n - 2], strlen (parts[n - 2]), 0xff, &b))
        return FALSE;
      dot = strchr (parts[n - 1], '.');
      if (dot == NULL || !parse_hex (parts[n - 1], dot - parts[n - 1], 0x1f, &s)
          || !parse_hex (dot + 1, strlen (dot + 1), 7, &f))
        return FALSE;
    }

  if (domain != NULL)
    *domain = d;
  if (bus != NULL)
    *bus = b;
  if (slot != NULL)
    *slot = s;
  if (function != NULL)
    *function = f;
  return TRUE;
}

/**
 * pit_host_pci_normalize_address:
 * Returns: (transfer full) (nullable): "0000:04:00.0", or %NULL when @text
 *   is not a PCI address.
 */
char *
pit_host_pci_normalize_address (const char *text)
{
  guint d, b, s, f;

  if (!pit_host_pci_parse_address (text, &d, &b, &s, &f))
    return NULL;
  return g_strdup_printf ("%04x:%02x:%02x.%x", d, b, s, f);
}
