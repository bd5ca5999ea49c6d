/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-domain"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "pit-error.h"
#include "pit-domain-summary.h"
#include "pit-xml.h"

G_DEFINE_BOXED_TYPE (PitDomainSummary, pit_domain_summary, pit_domain_summary_ref, pit_domain_summary_unref)

static void
disk_info_free (gpointer data)
{
  PitDiskInfo *disk = data;

  g_free (disk->device);
  g_free (disk->type);
  g_free (disk->source);
  g_free (disk->target);
  g_free (disk->bus);
  g_free (disk->cache);
  g_free (disk->io);
  g_free (disk);
}

static void
nic_info_free (gpointer data)
{
  PitNicInfo *nic = data;

  g_free (nic->type);
  g_free (nic->source);
  g_free (nic->model);
  g_free (nic->mac);
  g_free (nic);
}

static void
hostdev_info_free (gpointer data)
{
  PitHostdevInfo *dev = data;

  g_free (dev->type);
  g_free (dev->address);
  g_free (dev);
}

static void
summary_clear (PitDomainSummary *self)
{
  g_free (self->name);
  g_free (self->uuid);
  g_free (self->hypervisor);
  g_free (self->os_type);
  g_free (self->arch);
  g_free (self->machine);
  g_free (self->cpu_mode);
  g_free (self->vcpu_pinning);
  g_free (self->emulator_pinning);
  g_free (self->iothread_pinning);
  g_clear_pointer (&self->disks, g_ptr_array_unref);
  g_clear_pointer (&self->nics, g_ptr_array_unref);
  g_clear_pointer (&self->hostdevs, g_ptr_array_unref);
}

PitDomainSummary *
pit_domain_summary_ref (PitDomainSummary *self)
{
  return g_atomic_rc_box_acquire (self);
}

void
pit_domain_summary_unref (PitDomainSummary *self)
{
  g_atomic_rc_box_release_full (self, (GDestroyNotify) summary_clear);
}

static guint
get_uint (xmlNode    *node,
          const char *xpath)
{
  guint64 value = 0;

  if (!pit_xml_get_uint64 (node, xpath, &value) || value > G_MAXUINT)
    return 0;
  return (guint) value;
}

static char *
disk_source (xmlNode *disk)
{
  char *source;
  g_autofree char *pool = NULL;
  g_autofree char *volume = NULL;

  source = pit_xml_get_string (disk, "string(source/@file | source/@dev | source/@dir)");
  if (source != NULL && *source != '\0')
    return source;
  g_free (source);

  pool = pit_xml_get_string (disk, "source/@pool");
  volume = pit_xml_get_string (disk, "source/@volume");
  if (pool != NULL && volume != NULL)
    return g_strdup_printf ("%s/%s", pool, volume);

  source = pit_xml_get_string (disk, "string(source/@name)");
  if (source != NULL && *source != '\0')
    return source;
  g_free (source);

  return NULL;
}

static void
read_disks (PitDomainSummary *self,
            xmlNode          *root)
{
  g_autoptr(GPtrArray) nodes = pit_xml_find_nodes (root, "devices/disk");

  for (guint i = 0; i < nodes->len; i++)
    {
      xmlNode *node = g_ptr_array_index (nodes, i);
      PitDiskInfo *disk = g_new0 (PitDiskInfo, 1);

      disk->device = pit_xml_get_string (node, "@device");
      if (disk->device == NULL)
        disk->device = g_strdup ("disk");
      disk->type = pit_xml_get_string (node, "@type");
      disk->source = disk_source (node);
      disk->target = pit_xml_get_string (node, "target/@dev");
      disk->bus = pit_xml_get_string (node, "target/@bus");
      disk->cache = pit_xml_get_string (node, "driver/@cache");
      disk->io = pit_xml_get_string (node, "driver/@io");
      g_ptr_array_add (self->disks, disk);
    }
}

static void
read_nics (PitDomainSummary *self,
           xmlNode          *root)
{
  g_autoptr(GPtrArray) nodes = pit_xml_find_nodes (root, "devices/interface");

  for (guint i = 0; i < nodes->len; i++)
    {
      xmlNode *node = g_ptr_array_index (nodes, i);
      PitNicInfo *nic = g_new0 (PitNicInfo, 1);
      g_autofree char *source = NULL;

      nic->type = pit_xml_get_string (node, "@type");
      source = pit_xml_get_string (node, "string(source/@network | source/@bridge | source/@dev)");
      nic->source = (source != NULL && *source != '\0') ? g_steal_pointer (&source) : NULL;
      nic->model = pit_xml_get_string (node, "model/@type");
      nic->mac = pit_xml_get_string (node, "mac/@address");
      g_ptr_array_add (self->nics, nic);
    }
}

static void
read_hostdevs (PitDomainSummary *self,
               xmlNode          *root)
{
  g_autoptr(GPtrArray) nodes = pit_xml_find_nodes (root, "devices/hostdev[@mode='subsystem']");

  for (guint i = 0; i < nodes->len; i++)
    {
      xmlNode *node = g_ptr_array_index (nodes, i);
      PitHostdevInfo *dev = g_new0 (PitHostdevInfo, 1);
      g_autofree char *managed = pit_xml_get_string (node, "@managed");

      dev->type = pit_xml_get_string (node, "@type");
      dev->managed = g_strcmp0 (managed, "yes") == 0;
      if (g_strcmp0 (dev->type, "pci") == 0)
        {
          guint domain = 0, bus = 0, slot = 0, function = 0;
          g_autofree char *s_domain = pit_xml_get_string (node, "source/address/@domain");
          g_autofree char *s_bus = pit_xml_get_string (node, "source/address/@bus");
          g_autofree char *s_slot = pit_xml_get_string (node, "source/address/@slot");
          g_autofree char *s_function = pit_xml_get_string (node, "source/address/@function");

          /* libvirt writes these as 0x-prefixed hex, but decimal is legal too */
          if (s_domain)
            domain = (guint) g_ascii_strtoull (s_domain, NULL, 0);
          if (s_bus)
            bus = (guint) g_ascii_strtoull (s_bus, NULL, 0);
          if (s_slot)
            slot = (guint) g_ascii_strtoull (s_slot, NULL, 0);
          if (s_function)
            function = (guint) g_ascii_strtoull (s_function, NULL, 0);
          dev->address = g_strdup_printf ("%04x:%02x:%02x.%x", domain, bus, slot, function);
        }
      else if (g_strcmp0 (dev->type, "usb") == 0)
        {
          g_autofree char *vendor = pit_xml_get_string (node, "source/vendor/@id");
          g_autofree char *product = pit_xml_get_string (node, "source/product/@id");

          if (vendor && product)
            dev->address = g_strdup_printf ("%s:%s", vendor, product);
        }
      g_ptr_array_add (self->hostdevs, dev);
    }
}

/* The cpusets of every @xpath attribute, joined with "," (NULL: none) */
static char *
join_cpusets (xmlNode    *root,
              const char *xpath)
{
  g_autoptr(GPtrArray) pins = pit_xml_find_nodes (root, xpath);
  g_autoptr(GString) all = g_string_new (NULL);

  for (guint i = 0; i < pins->len; i++)
    {
      xmlNode *attr = g_ptr_array_index (pins, i);
      xmlChar *cpuset = xmlNodeGetContent (attr);

      if (all->len > 0)
        g_string_append_c (all, ',');
      g_string_append (all, (const char *) cpuset);
      xmlFree (cpuset);
    }
  return all->len > 0 ? g_string_free (g_steal_pointer (&all), FALSE) : NULL;
}

static void
read_pinning (PitDomainSummary *self,
              xmlNode          *root)
{
  self->vcpu_pinning = join_cpusets (root, "cputune/vcpupin/@cpuset");
  self->emulator_pinning = pit_xml_get_string (root, "cputune/emulatorpin/@cpuset");
  self->iothread_pinning = join_cpusets (root, "cputune/iothreadpin/@cpuset");
}

/**
 * pit_domain_xml_is_windows:
 * @root: a domain's <domain> element
 * Whether the guest is Windows, as far as its XML says: libosinfo's
 * metadata (virt-manager and GNOME Boxes write it), Hyper-V enlightenments
 * (only Windows uses them), else its name ("win10", "Windows 11", not
 * "darwin").
 */
gboolean
pit_domain_xml_is_windows (xmlNode *root)
{
  g_autofree char *os_id = NULL;
  g_autoptr(GPtrArray) hyperv = NULL;
  g_autofree char *name = NULL;
  g_autofree char *lower = NULL;

  os_id = pit_xml_get_string (root, "string(metadata/*[local-name()='libosinfo']/*[local-name()='os']/@id)");
  if (os_id != NULL && strstr (os_id, "microsoft.com/win") != NULL)
    return TRUE;
  hyperv = pit_xml_find_nodes (root, "features/hyperv/*");
  if (hyperv->len > 0)
    return TRUE;
  name = pit_xml_get_string (root, "name");
  if (name == NULL)
    return FALSE;
  lower = g_ascii_strdown (name, -1);
  return g_str_has_prefix (lower, "win") || strstr (lower, "windows") != NULL;
}

/**
 * pit_domain_xml_is_windows11:
 * Windows 11 as far as the XML says: libosinfo's id, or (a Windows 10
 * upgraded in place keeps its id) a name, title or description such as
 * "win11" or "Windows 11".
 */
gboolean
pit_domain_xml_is_windows11 (xmlNode *root)
{
  static const char * const names[] = { "win11", "win-11", "win_11", "windows11", "windows 11", "windows-11", NULL };
  g_autofree char *os_id = NULL;
  g_autofree char *text = NULL;
  g_autofree char *lower = NULL;

  if (!pit_domain_xml_is_windows (root))
    return FALSE;
  os_id = pit_xml_get_string (root, "string(metadata/*[local-name()='libosinfo']/*[local-name()='os']/@id)");
  if (g_strcmp0 (os_id, "http://microsoft.com/win/11") == 0)
    return TRUE;
  text = pit_xml_get_string (root, "concat(name, ' ', title, ' ', description)");
  lower = g_ascii_strdown (text != NULL ? text : "", -1);
  for (guint i = 0; names[i] != NULL; i++)
    if (strstr (lower, names[i]) != NULL)
      return TRUE;
  return FALSE;
}

/**
 * pit_domain_summary_memory_kib:
 * @root: a <domain> element
 * @element: "memory" or "currentMemory"
 * Returns: the size in KiB, or 0 when absent or in a unit libvirt does not know
 */
guint64
pit_domain_summary_memory_kib (xmlNode    *root,
                               const char *element)
{
  g_autofree char *value_xpath = g_strdup_printf ("%s", element);
  g_autofree char *unit_xpath = g_strdup_printf ("%s/@unit", element);
  g_autofree char *unit = pit_xml_get_string (root, unit_xpath);
  guint64 value = 0;
  guint64 scale = 1;

  if (!pit_xml_get_uint64 (root, value_xpath, &value))
    return 0;

  if (unit == NULL || g_ascii_strcasecmp (unit, "KiB") == 0 || g_ascii_strcasecmp (unit, "k") == 0)
    scale = 1;
  else if (g_ascii_strcasecmp (unit, "b") == 0 || g_ascii_strcasecmp (unit, "bytes") == 0)
    return value / 1024;
  else if (g_ascii_strcasecmp (unit, "KB") == 0)
    return value * 1000 / 1024;
  else if (g_ascii_strcasecmp (unit, "MiB") == 0 || g_ascii_strcasecmp (unit, "M") == 0)
    scale = 1024;
  else if (g_ascii_strcasecmp (unit, "MB") == 0)
    return value * 1000 * 1000 / 1024;
  else if (g_ascii_strcasecmp (unit, "GiB") == 0 || g_ascii_strcasecmp (unit, "G") == 0)
    scale = 1024 * 1024;
  else if (g_ascii_strcasecmp (unit, "GB") == 0)
    return value * 1000 * 1000 * 1000 / 1024;
  else if (g_ascii_strcasecmp (unit, "TiB") == 0 || g_ascii_strcasecmp (unit, "T") == 0)
    scale = G_GUINT64_CONSTANT (1024) * 1024 * 1024;
  else
    return 0;

  return value * scale;
}

/**
 * pit_domain_summary_new_from_xml:
 * Reads what the overview shows from a domain's XML.
 *
 * Returns: (transfer full): the summary, or %NULL with @error set when the XML
 *   is not a libvirt domain.
 */
PitDomainSummary *
pit_domain_summary_new_from_xml (const char  *xml,
                                 GError     **error)
{
  g_autoptr(xmlDoc) doc = NULL;
  PitDomainSummary *self;
  xmlNode *root;

  g_return_val_if_fail (xml != NULL, NULL);

  /* read-only: plain XPath on our own parse (libvirt-gconfig's parser
   * crashes on an empty string, and reading needs none of its objects) */
  doc = pit_xml_parse (xml, error);
  if (doc == NULL)
    return NULL;
  root = xmlDocGetRootElement (doc);
  if (g_strcmp0 ((const char *) root->name, "domain") != 0)
    {
      g_set_error_literal (error, PIT_ERROR, PIT_ERROR_INVALID_XML,
                           _("This is not a domain definition: the top element must be <domain>"));
      return NULL;
    }

  self = g_atomic_rc_box_new0 (PitDomainSummary);
  self->disks = g_ptr_array_new_with_free_func (disk_info_free);
  self->nics = g_ptr_array_new_with_free_func (nic_info_free);
  self->hostdevs = g_ptr_array_new_with_free_func (hostdev_info_free);

  self->name = pit_xml_get_string (root, "name");
  self->uuid = pit_xml_get_string (root, "uuid");
  self->hypervisor = pit_xml_get_string (root, "@type");
  self->os_type = pit_xml_get_string (root, "os/type");
  self->arch = pit_xml_get_string (root, "os/type/@arch");
  self->machine = pit_xml_get_string (root, "os/type/@machine");
  self->vcpus = get_uint (root, "vcpu");
  self->vcpus_current = get_uint (root, "vcpu/@current");
  if (self->vcpus_current == 0)
    self->vcpus_current = self->vcpus;
  self->cpu_mode = pit_xml_get_string (root, "cpu/@mode");
  self->sockets = get_uint (root, "cpu/topology/@sockets");
  self->dies = get_uint (root, "cpu/topology/@dies");
  self->cores = get_uint (root, "cpu/topology/@cores");
  self->threads = get_uint (root, "cpu/topology/@threads");
  self->memory_kib = pit_domain_summary_memory_kib (root, "memory");
  self->current_memory_kib = pit_domain_summary_memory_kib (root, "currentMemory");
  if (self->current_memory_kib == 0)
    self->current_memory_kib = self->memory_kib;

  read_pinning (self, root);
  {
    g_autoptr(GPtrArray) hugepages = pit_xml_find_nodes (root, "memoryBacking/hugepages");

    self->hugepages = hugepages->len > 0;
  }
  read_disks (self, root);
  read_nics (self, root);
  read_hostdevs (self, root);

  return self;
}

/**
 * pit_domain_summary_format_topology:
 * Returns: "1 socket × 4 cores × 2 threads", or %NULL without a topology.
 */
char *
pit_domain_summary_format_topology (const PitDomainSummary *self)
{
  g_autofree char *sockets = NULL;
  g_autofree char *cores = NULL;
  g_autofree char *threads = NULL;

  if (self->sockets == 0 || self->cores == 0 || self->threads == 0)
    return NULL;

  sockets = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u socket", "%u sockets", self->sockets), self->sockets);
  cores = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u core", "%u cores", self->cores), self->cores);
  threads = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u thread", "%u threads", self->threads), self->threads);

  /* TRANSLATORS: a CPU topology, e.g. "1 socket × 4 cores × 2 threads" */
  return g_strdup_printf (_("%s × %s × %s"), sockets, cores, threads);
}
