/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-host"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <pci/pci.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>

#include "pit-error.h"
#include "pit-host-pci.h"
#include "pit-host-pci-resources.h"

#define PCI_DIR "/sys/bus/pci"

/* Where pci.ids lives on Debian/Ubuntu, then Fedora/Arch (hwdata). */
static const char * const pci_ids_paths[] = {
  "/usr/share/misc/pci.ids",
  "/usr/share/hwdata/pci.ids",
  "/usr/share/pci.ids",
};

/* libpci's error handler must not return (the default one calls exit(1)),
 * and it has no user data: jump back to the thread that called libpci. */
static __thread jmp_buf *pci_jump;
static __thread char pci_message[256];

G_GNUC_NORETURN G_GNUC_PRINTF (1, 2) static void
pci_error_cb (char *msg,
              ...)
{
  va_list args;

  va_start (args, msg);
  g_vsnprintf (pci_message, sizeof pci_message, msg, args);
  va_end (args);

  longjmp (*pci_jump, 1);
}

G_GNUC_PRINTF (1, 2) static void
pci_silent_cb (char *msg,
               ...)
{
  /* warnings ("Cannot open …/config") show up as unknown values instead */
}

static char *
lookup (struct pci_access *acc,
        int                flags,
        ...)
{
  char buf[256];
  char *name;
  va_list args;

  /* pci_lookup_name() is variadic; forward the ids explicitly */
  va_start (args, flags);
  switch (flags & 0xff)
    {
    case PCI_LOOKUP_VENDOR:
      {
        int v = va_arg (args, int);

        name = pci_lookup_name (acc, buf, sizeof buf, flags | PCI_LOOKUP_NO_NUMBERS, v);
        break;
      }
    case PCI_LOOKUP_DEVICE:
      {
        int v = va_arg (args, int);
        int d = va_arg (args, int);

        name = pci_lookup_name (acc, buf, sizeof buf, flags | PCI_LOOKUP_NO_NUMBERS, v, d);
        break;
      }
    case PCI_LOOKUP_SUBSYSTEM | PCI_LOOKUP_DEVICE:
      {
        int v = va_arg (args, int);
        int d = va_arg (args, int);
        int sv = va_arg (args, int);
        int sd = va_arg (args, int);

        name = pci_lookup_name (acc, buf, sizeof buf, flags | PCI_LOOKUP_NO_NUMBERS, v, d, sv, sd);
        break;
      }
    case PCI_LOOKUP_CLASS:
      {
        int c = va_arg (args, int);

        name = pci_lookup_name (acc, buf, sizeof buf, flags | PCI_LOOKUP_NO_NUMBERS, c);
        break;
      }
    default:
      name = NULL;
      break;
    }
  va_end (args);

  return name != NULL ? g_strdup (name) : NULL;
}

static int
read_flr (struct pci_dev *dev)
{
  struct pci_cap *cap = pci_find_cap (dev, PCI_CAP_ID_EXP, PCI_CAP_NORMAL);

  if (cap != NULL)
    return (pci_read_long (dev, cap->addr + PCI_EXP_DEVCAP) & PCI_EXP_DEVCAP_FLRESET) != 0;

  /* conventional PCI: Advanced Features capability */
  cap = pci_find_cap (dev, PCI_CAP_ID_AF, PCI_CAP_NORMAL);
  if (cap != NULL)
    return (pci_read_byte (dev, cap->addr + PCI_AF_CAP) & PCI_AF_CAP_FLR) != 0;

  return 0;
}

/* The Resizable BAR capability (PCIe base spec, 7.8.6): per entry a
 * capability register (bit n of 31:4 = 2^(n-4) MiB supported) and a
 * control register (2:0 the BAR, 7:5 in the first entry the number of
 * entries, 13:8 the current size as log2 of MiB). */
static void
read_rebar (struct pci_dev   *dev,
            struct pci_cap   *cap,
            PitHostPciDevice *device)
{
  guint32 control = pci_read_long (dev, cap->addr + 8);
  guint entries = (control >> 5) & 0x7;

  for (guint i = 0; i < entries && i < 6; i++)
    {
      guint32 supported = pci_read_long (dev, cap->addr + 4 + 8 * i);
      guint index;
      guint log2;
      PitHostPciBar *bar;

      control = pci_read_long (dev, cap->addr + 8 + 8 * i);
      index = control & 0x7;
      log2 = (control >> 8) & 0x3f;
      if (index > 5 || log2 > 43)
        continue;
      bar = pit_host_pci_device_get_bar (device, index, TRUE);
      bar->resizable = TRUE;
      bar->size = G_GUINT64_CONSTANT (1) << (20 + log2);
      for (int bit = 31; bit >= 4; bit--)
        if (supported & (1u << bit))
          {
            bar->resizable_max = G_GUINT64_CONSTANT (1) << (20 + bit - 4);
            break;
          }
    }
}

static void
fill_device (PitHostReader     *reader,
             struct pci_access *acc,
             struct pci_dev    *dev,
             gboolean           sysfs,
             PitHostPciDevice  *device)
{
  guint8 probe[4];
  gboolean config;
  gboolean ext_config;
  int known;

  known = pci_fill_info (dev, PCI_FILL_IDENT | PCI_FILL_CLASS | PCI_FILL_CLASS_EXT | PCI_FILL_SUBSYS
                              | (sysfs ? PCI_FILL_DRIVER | PCI_FILL_IOMMU_GROUP | PCI_FILL_NUMA_NODE : 0));

  device->vendor_id = dev->vendor_id;
  device->device_id = dev->device_id;
  device->class_id = dev->device_class;
  if (known & PCI_FILL_CLASS_EXT)
    device->prog_if = dev->prog_if;
  if ((known & PCI_FILL_SUBSYS) && !(dev->subsys_vendor_id == 0xffff && dev->subsys_id == 0xffff))
    {
      device->subsystem_vendor_id = dev->subsys_vendor_id;
      device->subsystem_id = dev->subsys_id;
    }

  device->vendor_name = lookup (acc, PCI_LOOKUP_VENDOR, dev->vendor_id);
  device->device_name = lookup (acc, PCI_LOOKUP_DEVICE, dev->vendor_id, dev->device_id);
  device->class_name = lookup (acc, PCI_LOOKUP_CLASS, dev->device_class);
  if (device->subsystem_vendor_id > 0)
    device->subsystem_name = lookup (acc, PCI_LOOKUP_SUBSYSTEM | PCI_LOOKUP_DEVICE, dev->vendor_id,
                                     dev->device_id, device->subsystem_vendor_id, device->subsystem_id);

  if (sysfs)
    {
      g_autofree char *boot_vga = g_strdup_printf (PCI_DIR "/devices/%s/boot_vga", device->address);
      gint64 value;
      char *driver;
      char *group;

      device->driver_known = TRUE;
      driver = (known & PCI_FILL_DRIVER) ? pci_get_string_property (dev, PCI_FILL_DRIVER) : NULL;
      device->driver = g_strdup (driver);
      group = (known & PCI_FILL_IOMMU_GROUP) ? pci_get_string_property (dev, PCI_FILL_IOMMU_GROUP) : NULL;
      if (group != NULL)
        {
          guint64 id;

          if (g_ascii_string_to_unsigned (group, 10, 0, G_MAXINT, &id, NULL))
            device->iommu_group = (int) id;
          else
            pit_host_reader_add_problem (reader, _("The IOMMU group “%s” of %s is not a number"),
                                         group, device->address);
        }
      if ((known & PCI_FILL_NUMA_NODE) && dev->numa_node >= 0)
        device->numa_node = dev->numa_node;

      /* boot_vga only exists for VGA devices */
      if (pit_host_reader_read_int (reader, boot_vga, FALSE, &value))
        device->boot_vga = value != 0;
      else if (device->class_id != 0x0300)
        device->boot_vga = 0;
    }

  /* Capabilities need the whole standard config space (sysfs "config" gives
   * unprivileged readers only its first 64 bytes), or the dump's bytes.
   * Without the extended space (256+) a Resizable BAR cannot be seen. */
  config = pci_read_block (dev, 0x40, probe, sizeof probe) != 0;
  ext_config = config && pci_read_block (dev, 0x100, probe, sizeof probe) != 0;
  if (config)
    {
      known = pci_fill_info (dev, PCI_FILL_CAPS | (ext_config ? PCI_FILL_EXT_CAPS : 0));
      if (known & PCI_FILL_CAPS)
        device->flr = read_flr (dev);
      if (ext_config && (known & PCI_FILL_EXT_CAPS))
        {
          struct pci_cap *rebar = pci_find_cap (dev, PCI_EXT_CAP_ID_REBAR, PCI_CAP_EXTENDED);

          device->resizable_bar = rebar != NULL;
          if (rebar != NULL)
            read_rebar (dev, rebar, device);
        }
    }
}

static int
compare_devices (gconstpointer a,
                 gconstpointer b)
{
  const PitHostPciDevice *x = *(PitHostPciDevice * const *) a;
  const PitHostPciDevice *y = *(PitHostPciDevice * const *) b;

  return strcmp (x->address, y->address);
}

void
pit_host_pci_link_functions (GPtrArray *devices)
{
  g_ptr_array_sort (devices, compare_devices);
  for (guint i = 0; i < devices->len; i++)
    {
      PitHostPciDevice *device = devices->pdata[i];

      g_ptr_array_set_size (device->functions, 0);
      for (guint j = 0; j < devices->len; j++)
        {
          PitHostPciDevice *other = devices->pdata[j];

          if (i != j && pit_host_pci_device_same_slot (device, other))
            g_ptr_array_add (device->functions, g_strdup (other->address));
        }
    }
}

/* Runs inside setjmp(): libpci may jump out of any call below. */
static void
scan (PitHostReader     *reader,
      struct pci_access *acc,
      gboolean           sysfs,
      GPtrArray         *devices)
{
  pci_init (acc);
  pci_scan_bus (acc);

  for (struct pci_dev *dev = acc->devices; dev != NULL; dev = dev->next)
    {
      g_autoptr(PitHostPciDevice) device = pit_host_pci_device_new ((guint) dev->domain, dev->bus,
                                                                    dev->dev, dev->func);

      fill_device (reader, acc, dev, sysfs, device);
      g_ptr_array_add (devices, g_steal_pointer (&device));
    }
}

static gboolean
names_are_addresses (PitHostReader *reader)
{
  g_autoptr(GPtrArray) names = pit_host_reader_list_dir (reader, PCI_DIR "/devices", FALSE);

  for (guint i = 0; names != NULL && i < names->len; i++)
    if (!pit_host_pci_parse_address (names->pdata[i], NULL, NULL, NULL, NULL)
        || strchr (names->pdata[i], ':') == strrchr (names->pdata[i], ':'))
      {
        pit_host_reader_add_problem (reader, _("Could not read %s: “%s” is not a PCI address"),
                                     PCI_DIR "/devices", (const char *) names->pdata[i]);
        return FALSE;
      }
  return names != NULL;
}

GPtrArray *
pit_host_pci_probe (PitHostReader  *reader,
                    const char     *dump_path,
                    GError        **error)
{
  g_autoptr(GPtrArray) devices = g_ptr_array_new_with_free_func ((GDestroyNotify) pit_host_pci_device_unref);
  g_autofree char *sysfs_path = NULL;
  struct pci_access *acc;
  jmp_buf jump;
  jmp_buf *previous = pci_jump;
  gboolean sysfs = dump_path == NULL;

  if (dump_path != NULL)
    {
      g_autofree char *contents = NULL;
      g_autoptr(GError) local_error = NULL;

      /* libpci says little about a bad dump file: check it first */
      if (!g_file_get_contents (dump_path, &contents, NULL, &local_error))
        {
          g_set_error (error, PIT_ERROR, PIT_ERROR_NOT_FOUND, _("Cannot read the PCI dump “%s”: %s"),
                       dump_path, local_error->message);
          return NULL;
        }
    }
  else
    {
      if (!pit_host_reader_exists (reader, PCI_DIR "/devices"))
        {
          pit_host_reader_add_problem (reader, _("Could not read %s: it does not exist"), PCI_DIR "/devices");
          return g_steal_pointer (&devices);
        }
      if (!names_are_addresses (reader))
        return g_steal_pointer (&devices);
      sysfs_path = pit_host_reader_path (reader, PCI_DIR);
    }

  acc = pci_alloc ();
  acc->error = pci_error_cb;
  acc->warning = pci_silent_cb;
  acc->debug = pci_silent_cb;
  acc->method = sysfs ? PCI_ACCESS_SYS_BUS_PCI : PCI_ACCESS_DUMP;
  pci_set_param (acc, (char *) "hwdb.disable", (char *) "1");
  if (sysfs)
    pci_set_param (acc, (char *) "sysfs.path", sysfs_path);
  else
    pci_set_param (acc, (char *) "dump.name", (char *) dump_path);
  for (guint i = 0; i < G_N_ELEMENTS (pci_ids_paths); i++)
    if (g_file_test (pci_ids_paths[i], G_FILE_TEST_IS_REGULAR))
      {
        pci_set_name_list_path (acc, (char *) pci_ids_paths[i], 0);
        break;
      }

  pci_jump = &jump;
  pci_message[0] = '\0';
  if (setjmp (jump) == 0)
    scan (reader, acc, sysfs, devices);
  else if (sysfs)
    pit_host_reader_add_problem (reader, _("libpci could not read %s: %s"), PCI_DIR, pci_message);
  else
    {
      pci_jump = previous;
      pci_cleanup (acc);
      g_set_error (error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT,
                   _("Cannot read the PCI dump “%s”: %s"), dump_path, pci_message);
      return NULL;
    }
  pci_jump = previous;
  pci_cleanup (acc);

  pit_host_pci_link_functions (devices);
  pit_host_pci_link_buses (devices);
  if (sysfs)
    pit_host_pci_read_resources (reader, devices);

  return g_steal_pointer (&devices);
}
