/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-tune"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pit-change-gpu.h"
#include "pit-error.h"
#include "pit-host-pci-device.h"
#include "pit-libvirt-guard.h"
#include "pit-xml.h"

static gboolean
parse_hex (const char *text,
           guint      *value)
{
  guint64 parsed;

  if (text == NULL)
    return FALSE;
  if (g_str_has_prefix (text, "0x") || g_str_has_prefix (text, "0X"))
    text += 2;
  if (!g_ascii_string_to_unsigned (text, 16, 0, G_MAXUINT, &parsed, NULL))
    return FALSE;
  *value = (guint) parsed;
  return TRUE;
}

/* The "0000:04:00.0" form of a <source><address …/> */
static char *
hostdev_address (xmlNode *address)
{
  g_autofree char *d = pit_xml_get_prop (address, "domain");
  g_autofree char *b = pit_xml_get_prop (address, "bus");
  g_autofree char *s = pit_xml_get_prop (address, "slot");
  g_autofree char *f = pit_xml_get_prop (address, "function");
  guint domain = 0, bus, slot, function;

  if ((d != NULL && !parse_hex (d, &domain)) || !parse_hex (b, &bus) || !parse_hex (s, &slot)
      || !parse_hex (f, &function))
    return NULL;
  return g_strdup_printf ("%04x:%02x:%02x.%x", domain, bus, slot, function);
}

/* Addresses of the PCI hostdevs of a domain's root node. */
static GPtrArray *
passed_addresses (xmlNode *root)
{
  g_autoptr(GPtrArray) nodes = pit_xml_find_nodes (root, "devices/hostdev[@mode='subsystem'][@type='pci']/source/address");
  GPtrArray *ret = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < nodes->len; i++)
    {
      char *address = hostdev_address (g_ptr_array_index (nodes, i));

      if (address != NULL)
        g_ptr_array_add (ret, address);
    }
  return ret;
}

static gboolean
contains (GPtrArray  *addresses,
          const char *address)
{
  return g_ptr_array_find_with_equal_func (addresses, address, g_str_equal, NULL);
}

/* The passthrough set of the host inventory: the device, the other
 * functions of its slot, the rest of its IOMMU group without bridges. */
static gboolean
add_with_companions (PitTuneContext  *context,
                     const char      *address,
                     GPtrArray       *set,
                     GError         **error)
{
  g_autoptr(PitHostPassthrough) passthrough = pit_host_inventory_get_passthrough (context->host, address, error);

  if (passthrough == NULL)
    return FALSE;
  for (guint i = 0; i < passthrough->devices->len; i++)
    {
      PitHostPciDevice *member = g_ptr_array_index (passthrough->devices, i);

      if (!contains (set, member->address))
        g_ptr_array_add (set, g_strdup (member->address));
    }
  if (!passthrough->viable && passthrough->reason != NULL)
    pit_tune_context_warn (context, "%s", passthrough->reason);
  return TRUE;
}

static void
warn_if_used (PitTuneContext *context,
              GPtrArray      *set,
              const char     *xml,
              const char     *name)
{
  g_autoptr(xmlDoc) doc = pit_xml_parse (xml, NULL);
  g_autoptr(GPtrArray) used = NULL;

  if (doc == NULL)
    return;
  used = passed_addresses (xmlDocGetRootElement (doc));
  for (guint a = 0; a < set->len; a++)
    if (contains (used, g_ptr_array_index (set, a)))
      pit_tune_context_warn (context, _("%s is also passed to the virtual machine “%s”"),
                             (const char *) g_ptr_array_index (set, a), name);
}

/* The other domains from the lookups when they were given (no round trip),
 * else from the connection (one per domain). */
static void
warn_used_elsewhere (PitTuneContext *context,
                     GPtrArray      *set)
{
  virDomainPtr *domains = NULL;
  const char *uuid = gvir_config_domain_get_uuid (context->domain);
  int n;

  if (context->lookups != NULL && pit_tune_lookups_has_domains (context->lookups))
    {
      for (guint i = 0; i < pit_tune_lookups_get_n_domains (context->lookups); i++)
        {
          const char *other_uuid, *name, *xml;

          pit_tune_lookups_get_domain (context->lookups, i, &other_uuid, &name, &xml);
          if (g_strcmp0 (uuid, other_uuid) != 0)
            warn_if_used (context, set, xml, name);
        }
      return;
    }
  if (context->connection == NULL)
    return;
  PIT_LIBVIRT_CALL_GUARD (context->connection);
  n = virConnectListAllDomains (context->connection, &domains, 0);
  for (int i = 0; i < n; i++)
    {
      char other_uuid[VIR_UUID_STRING_BUFLEN] = "";
      char *xml;

      if (virDomainGetUUIDString (domains[i], other_uuid) == 0 && g_strcmp0 (uuid, other_uuid) != 0
          && (xml = virDomainGetXMLDesc (domains[i], VIR_DOMAIN_XML_INACTIVE)) != NULL)
        {
          warn_if_used (context, set, xml, virDomainGetName (domains[i]));
          free (xml);
        }
      virDomainFree (domains[i]);
    }
  free (domains);
}

static xmlNode *
find_hostdev (PitTuneContext *context,
              const char     *address)
{
  g_autoptr(GPtrArray) nodes = pit_xml_find_nodes (context->root,
                                                   "devices/hostdev[@mode='subsystem'][@type='pci']");

  for (guint i = 0; i < nodes->len; i++)
    {
      g_autoptr(GPtrArray) addresses = pit_xml_find_nodes (g_ptr_array_index (nodes, i), "source/address");
      g_autofree char *text = addresses->len > 0 ? hostdev_address (g_ptr_array_index (addresses, 0)) : NULL;

      if (g_strcmp0 (text, address) == 0)
        return g_ptr_array_index (nodes, i);
    }
  return NULL;
}

static gboolean
add_hostdev (PitTuneContext  *context,
             const char      *address,
             const char      *rom_file,
             GError         **error)
{
  xmlNode *node = find_hostdev (context, address);
  g_autoptr(GVirConfigDomainHostdevPci) hostdev = NULL;
  g_autoptr(GVirConfigDomainAddressPci) pci = NULL;
  g_autofree char *current_rom = NULL;
  guint domain, bus, slot, function;

  if (node == NULL)
    {
      pit_host_pci_parse_address (address, &domain, &bus, &slot, &function);
      hostdev = gvir_config_domain_hostdev_pci_new ();
      pci = gvir_config_domain_address_pci_new ();
      gvir_config_domain_address_pci_set_domain (pci, domain);
      gvir_config_domain_address_pci_set_bus (pci, bus);
      gvir_config_domain_address_pci_set_slot (pci, slot);
      gvir_config_domain_address_pci_set_function (pci, function);
      gvir_config_domain_hostdev_pci_set_address (hostdev, pci);
      gvir_config_domain_hostdev_pci_set_managed (hostdev, TRUE);
      if (rom_file != NULL)
        gvir_config_domain_hostdev_pci_set_rom_file (hostdev, rom_file);
      gvir_config_domain_add_device (context->domain, GVIR_CONFIG_DOMAIN_DEVICE (hostdev));
      return TRUE;
    }

  /* already passed through: only a new ROM file changes it */
  current_rom = pit_xml_get_string (node, "rom/@file");
  if (rom_file == NULL || g_strcmp0 (current_rom, rom_file) == 0)
    return TRUE;
  hostdev = pit_tune_wrap_device (node, GVIR_CONFIG_TYPE_DOMAIN_HOSTDEV_PCI, error);
  if (hostdev == NULL)
    return FALSE;
  gvir_config_domain_hostdev_pci_set_rom_file (hostdev, rom_file);
  pit_tune_put_back_device (node, hostdev);
  return TRUE;
}

static void
pit_change_gpu_describe (const PitChangeGpuOptions *options,
                         GPtrArray                 *sentences)
{
  guint n = options->addresses ? g_strv_length ((char **) options->addresses) : 0;
  g_autofree char *list = n > 0 ? g_strjoinv (", ", (char **) options->addresses) : g_strdup ("");

  if (options->no_companions)
    g_ptr_array_add (sentences,
                     g_strdup_printf (ngettext ("Pass through the PCI device %s",
                                                "Pass through the PCI devices %s", n), list));
  else
    g_ptr_array_add (sentences,
                     g_strdup_printf (ngettext ("Pass through the PCI device %s with its companions",
                                                "Pass through the PCI devices %s with their companions", n),
                                      list));
}

static gboolean
pit_change_gpu_apply (PitTuneContext             *context,
                      const PitChangeGpuOptions  *options,
                      GError                    **error)
{
  g_autoptr(GPtrArray) set = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *primary = NULL;
  GPtrArray *host_pci = context->host ? pit_host_inventory_get_pci_devices (context->host) : NULL;

  if (options->addresses == NULL || options->addresses[0] == NULL)
    {
      g_set_error_literal (error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT,
                           _("Choose a PCI device to pass through"));
      return FALSE;
    }
  /* libvirt reads the ROM on the host: a relative path means nothing there */
  if (options->rom_file != NULL
      && !pit_tune_context_check_file (context, options->rom_file, G_FILE_TEST_IS_REGULAR,
                                       _("dump the card’s ROM first, as the GPU page says"), error))
    return FALSE;

  for (guint i = 0; options->addresses[i] != NULL; i++)
    {
      g_autofree char *address = pit_host_pci_normalize_address (options->addresses[i]);
      PitHostPciDevice *device;

      if (address == NULL)
        {
          g_set_error (error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT,
                       _("“%s” is not a PCI address (for example 0000:04:00.0)"),
                       options->addresses[i]);
          return FALSE;
        }
      if (primary == NULL)
        primary = g_strdup (address);
      if (host_pci == NULL || host_pci->len == 0)
        {
          if (!contains (set, address))
            g_ptr_array_add (set, g_steal_pointer (&address));
          continue;
        }

      device = pit_host_inventory_find_pci_device (context->host, address);
      if (device == NULL)
        {
          g_set_error (error, PIT_ERROR, PIT_ERROR_NOT_FOUND,
                       _("The host has no PCI device at %s"), address);
          return FALSE;
        }
      if (pit_host_pci_device_is_bridge (device))
        {
          g_set_error (error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT,
                       _("%s is a PCI bridge; bridges cannot be passed to a guest"), address);
          return FALSE;
        }
      if (options->no_companions)
        {
          if (!contains (set, address))
            g_ptr_array_add (set, g_steal_pointer (&address));
        }
      else if (!add_with_companions (context, address, set, error))
        return FALSE;
    }

  warn_used_elsewhere (context, set);
  for (guint i = 0; i < set->len; i++)
    {
      const char *address = g_ptr_array_index (set, i);

      if (!add_hostdev (context, address, g_str_equal (address, primary) ? options->rom_file : NULL, error))
        return FALSE;
    }
  return TRUE;
}

PIT_DEFINE_TUNE_CHANGE (PitChangeGpu, pit_change_gpu, "gpu",
                        .owned = PIT_TUNE_OWNED (PIT_TUNE_STRV (PitChangeGpuOptions, addresses), PIT_TUNE_STRING (PitChangeGpuOptions, rom_file)))
