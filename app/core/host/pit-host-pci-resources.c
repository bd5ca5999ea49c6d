/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-host"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>

#include "pit-host-pci-device.h"
#include "pit-host-pci-resources.h"

/* include/linux/ioport.h */
#define IORESOURCE_IO        0x00000100
#define IORESOURCE_MEM       0x00000200
#define IORESOURCE_PREFETCH  0x00002000
#define IORESOURCE_MEM_64    0x00100000
#define IORESOURCE_ROM_SHADOW 0x00000002  /* with IORESOURCE_MEM on the ROM resource */

#define ROM_RESOURCE 6

static gboolean
parse_hex (const char *text,
           guint64    *value)
{
  return g_ascii_string_to_unsigned (g_str_has_prefix (text, "0x") ? text + 2 : text, 16, 0, G_MAXUINT64,
                                     value, NULL);
}

/* One line per resource: "0x<start> 0x<end> 0x<flags>" (lib/pci-sysfs.c,
 * resource_show()); 0-5 the BARs, 6 the expansion ROM. */
static void
read_resource_file (PitHostReader    *reader,
                    PitHostPciDevice *device)
{
  g_autofree char *path = g_strdup_printf ("/sys/bus/pci/devices/%s/resource", device->address);
  g_autofree char *text = pit_host_reader_read (reader, path, FALSE);
  g_auto(GStrv) lines = NULL;

  if (text == NULL)
    return;
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL && i <= ROM_RESOURCE; i++)
    {
      g_auto(GStrv) fields = g_strsplit_set (g_strstrip (lines[i]), " \t", -1);
      guint64 start, end, flags;

      if (g_strv_length (fields) < 3 || !parse_hex (fields[0], &start) || !parse_hex (fields[1], &end)
          || !parse_hex (fields[2], &flags))
        {
          if (*lines[i] != '\0')
            pit_host_reader_add_problem (reader, _("Line %u of %s is not “start end flags”"), i + 1, path);
          return;
        }
      if (end < start || (start == 0 && end == 0) || !(flags & IORESOURCE_MEM))
        continue;
      if (i == ROM_RESOURCE)
        {
          device->rom_size = end - start + 1;
          device->rom_shadowed = (flags & IORESOURCE_ROM_SHADOW) != 0;
        }
      else
        {
          PitHostPciBar *bar = pit_host_pci_device_get_bar (device, i, TRUE);

          bar->size = end - start + 1;
          bar->is_64bit = (flags & IORESOURCE_MEM_64) != 0;
          bar->prefetchable = (flags & IORESOURCE_PREFETCH) != 0;
        }
    }
  if (device->rom_shadowed < 0)
    device->rom_shadowed = 0;
}

/* "6.1.0-17-amd64" → 6, 1; FALSE when unknown */
static gboolean
kernel_version (PitHostReader *reader,
                guint         *major,
                guint         *minor)
{
  g_autofree char *release = pit_host_reader_read_line (reader, "/proc/sys/kernel/osrelease", FALSE);
  char *end = NULL;

  if (release == NULL)
    return FALSE;
  *major = (guint) strtoul (release, &end, 10);
  if (end == release || *end != '.')
    return FALSE;
  *minor = (guint) strtoul (end + 1, NULL, 10);
  return TRUE;
}

void
pit_host_pci_read_resources (PitHostReader *reader,
                             GPtrArray     *devices)
{
  guint major = 0, minor = 0;
  gboolean has_reset_method = kernel_version (reader, &major, &minor) && (major > 5 || (major == 5 && minor >= 15));

  for (guint i = 0; i < devices->len; i++)
    {
      PitHostPciDevice *device = devices->pdata[i];
      g_autofree char *dir = g_strdup_printf ("/sys/bus/pci/devices/%s", device->address);
      g_autofree char *rom = g_strconcat (dir, "/rom", NULL);
      g_autofree char *reset = g_strconcat (dir, "/reset_method", NULL);
      g_autofree char *methods = NULL;

      if (!pit_host_reader_exists (reader, dir))
        continue;
      read_resource_file (reader, device);
      device->rom = pit_host_reader_exists (reader, rom);

      methods = pit_host_reader_read_line (reader, reset, FALSE);
      if (methods != NULL)
        {
          g_auto(GStrv) words = g_strsplit_set (methods, " \t", -1);
          g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

          for (guint w = 0; words[w] != NULL; w++)
            if (*words[w] != '\0')
              g_strv_builder_add (builder, words[w]);
          device->reset_methods = g_strv_builder_end (builder);
        }
      else if (has_reset_method && !pit_host_reader_exists (reader, reset))
        device->reset_methods = g_new0 (char *, 1);   /* the kernel hides the file: no method */
    }
}

void
pit_host_pci_link_buses (GPtrArray *devices)
{
  for (guint i = 0; i < devices->len; i++)
    {
      PitHostPciDevice *device = devices->pdata[i];
      gboolean alone = device->bus != 0;

      for (guint j = 0; alone && j < devices->len; j++)
        {
          PitHostPciDevice *other = devices->pdata[j];

          if (other->domain == device->domain && other->bus == device->bus
              && !pit_host_pci_device_same_slot (other, device))
            alone = FALSE;
        }
      device->bus_reset = alone;
    }
}
