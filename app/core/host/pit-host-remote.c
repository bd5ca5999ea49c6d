/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-host"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libvirt/virterror.h>

#include "pit-error.h"
#include "pit-host-remote.h"
#include "pit-libvirt-error.h"
#include "pit-parallel.h"
#include "pit-xml.h"
#include "pit-libvirt-guard.h"

static int
get_int (xmlNode    *node,
         const char *xpath,
         gint64      min,
         gint64      max)
{
  g_autofree char *text = pit_xml_get_string (node, xpath);
  gint64 value;

  if (text == NULL || !g_ascii_string_to_signed (g_strstrip (text), 10, min, max, &value, NULL))
    return -1;
  return (int) value;
}

static guint64
to_kib (guint64     value,
        const char *unit)
{
  if (unit == NULL || g_ascii_strcasecmp (unit, "KiB") == 0 || g_ascii_strcasecmp (unit, "k") == 0)
    return value;
  if (g_ascii_strcasecmp (unit, "MiB") == 0 || g_ascii_strcasecmp (unit, "M") == 0)
    return value * 1024;
  if (g_ascii_strcasecmp (unit, "GiB") == 0 || g_ascii_strcasecmp (unit, "G") == 0)
    return value * 1024 * 1024;
  if (g_ascii_strcasecmp (unit, "b") == 0 || g_ascii_strcasecmp (unit, "bytes") == 0)
    return value / 1024;
  return value;
}

static PitHostHugepagePool *
find_pool (GPtrArray *pools,
           guint64    size_kib,
           int        node)
{
  for (guint i = 0; i < pools->len; i++)
    {
      PitHostHugepagePool *pool = pools->pdata[i];

      if (pool->size_kib == size_kib && pool->node == node)
        return pool;
    }
  return NULL;
}

/* <capabilities><host><cpu> and <topology><cells> */
static void
read_capabilities (PitHostInventory *inventory,
                   xmlNode          *root)
{
  g_autoptr(PitHostCpuTopology) topology = pit_host_cpu_topology_new ();
  g_autoptr(PitHostMemory) memory = pit_host_memory_new ();
  g_autoptr(GPtrArray) cells = pit_xml_find_nodes (root, "/capabilities/host/topology/cells/cell");
  g_autoptr(GPtrArray) page_sizes = pit_xml_find_nodes (root, "/capabilities/host/cpu/pages");
  g_autofree char *vendor = pit_xml_get_string (root, "string(/capabilities/host/cpu/vendor)");
  g_autofree char *model = pit_xml_get_string (root, "string(/capabilities/host/cpu/model)");
  g_autofree char *iommu = pit_xml_get_string (root, "/capabilities/host/iommu/@support");
  g_autoptr(GHashTable) base_sizes = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  gint64 total_kib = 0;
  gboolean memory_known = cells->len > 0;

  if (vendor != NULL && *vendor != '\0')
    {
      topology->vendor_id = g_strdup (vendor);
      if (g_ascii_strcasecmp (vendor, "Intel") == 0)
        topology->vendor = PIT_HOST_CPU_VENDOR_INTEL;
      else if (g_ascii_strcasecmp (vendor, "AMD") == 0)
        topology->vendor = PIT_HOST_CPU_VENDOR_AMD;
      else
        topology->vendor = PIT_HOST_CPU_VENDOR_OTHER;
    }
  if (model != NULL && *model != '\0')
    topology->model_name = g_steal_pointer (&model);
  {
    g_autoptr(GPtrArray) vmx = pit_xml_find_nodes (root, "/capabilities/host/cpu/feature[@name='vmx']");
    g_autoptr(GPtrArray) svm = pit_xml_find_nodes (root, "/capabilities/host/cpu/feature[@name='svm']");

    if (vmx->len > 0)
      topology->virtualization = g_strdup ("vmx");
    else if (svm->len > 0)
      topology->virtualization = g_strdup ("svm");
  }

  for (guint i = 0; i < cells->len; i++)
    {
      xmlNode *cell = cells->pdata[i];
      int node = get_int (cell, "@id", 0, G_MAXINT);
      g_autoptr(GPtrArray) cpus = pit_xml_find_nodes (cell, "cpus/cpu");
      g_autoptr(GPtrArray) pages = pit_xml_find_nodes (cell, "pages");
      guint64 base = G_MAXUINT64;
      guint64 kib;

      if (pit_xml_get_uint64 (cell, "memory", &kib))
        {
          g_autofree char *unit = pit_xml_get_string (cell, "memory/@unit");

          total_kib += (gint64) to_kib (kib, unit);
        }
      else
        memory_known = FALSE;

      for (guint j = 0; j < cpus->len; j++)
        {
          xmlNode *node_cpu = cpus->pdata[j];
          int id = get_int (node_cpu, "@id", 0, 65535);
          g_autofree char *siblings = pit_xml_get_string (node_cpu, "@siblings");
          PitHostCpu *cpu;

          if (id < 0)
            {
              pit_host_inventory_add_problem (inventory, _("A CPU of the host capabilities has no valid id"));
              continue;
            }
          cpu = pit_host_cpu_new ((guint) id);
          cpu->node = node;
          cpu->socket = get_int (node_cpu, "@socket_id", 0, G_MAXINT);
          cpu->die = get_int (node_cpu, "@die_id", 0, G_MAXINT);
          cpu->core = get_int (node_cpu, "@core_id", 0, G_MAXINT);
          if (siblings != NULL)
            {
              cpu->siblings = g_array_new (FALSE, FALSE, sizeof (guint));
              if (!pit_host_parse_cpulist (siblings, cpu->siblings))
                g_clear_pointer (&cpu->siblings, g_array_unref);
            }
          g_ptr_array_add (topology->cpus, cpu);
        }

      /* the smallest size of a cell is its base page, not a hugepage */
      for (guint j = 0; j < pages->len; j++)
        {
          guint64 size;
          g_autofree char *unit = pit_xml_get_string (pages->pdata[j], "@unit");

          if (pit_xml_get_uint64 (pages->pdata[j], "@size", &size))
            base = MIN (base, to_kib (size, unit));
        }
      if (base != G_MAXUINT64)
        g_hash_table_add (base_sizes, g_memdup2 (&base, sizeof base));

      for (guint j = 0; j < pages->len; j++)
        {
          guint64 size, count;
          g_autofree char *unit = pit_xml_get_string (pages->pdata[j], "@unit");
          PitHostHugepagePool *pool;

          if (!pit_xml_get_uint64 (pages->pdata[j], "@size", &size) || !pit_xml_get_uint64 (pages->pdata[j], ".", &count))
            continue;
          size = to_kib (size, unit);
          if (size <= base)
            continue;
          pool = pit_host_hugepage_pool_new (size, node);
          pool->total = (gint64) count;
          g_ptr_array_add (memory->node_pools, pool);

          pool = find_pool (memory->pools, size, -1);
          if (pool == NULL)
            {
              pool = pit_host_hugepage_pool_new (size, -1);
              pool->total = 0;
              g_ptr_array_add (memory->pools, pool);
            }
          pool->total += (gint64) count;
        }
    }

  /* Supported sizes without per-cell counts */
  for (guint i = 0; i < page_sizes->len; i++)
    {
      guint64 size;
      g_autofree char *unit = pit_xml_get_string (page_sizes->pdata[i], "@unit");

      if (!pit_xml_get_uint64 (page_sizes->pdata[i], "@size", &size))
        continue;
      size = to_kib (size, unit);
      if (size > 4 && !g_hash_table_contains (base_sizes, &size) && find_pool (memory->pools, size, -1) == NULL)
        g_ptr_array_add (memory->pools, pit_host_hugepage_pool_new (size, -1));
    }

  if (memory_known)
    memory->total_kib = total_kib;

  pit_host_cpu_topology_update_sums (topology);
  if (topology->cpus->len == 0)
    {
      /* no cells (a custom test-driver host): the totals libvirt gives */
      int sockets = get_int (root, "/capabilities/host/cpu/topology/@sockets", 1, G_MAXINT);
      int cores = get_int (root, "/capabilities/host/cpu/topology/@cores", 1, G_MAXINT);
      int threads = get_int (root, "/capabilities/host/cpu/topology/@threads", 1, G_MAXINT);

      if (sockets > 0 && cores > 0)
        {
          topology->sockets = (guint) sockets;
          topology->cores = (guint) (sockets * cores);
        }
      if (threads > 0)
        topology->threads_per_core = (guint) threads;
      topology->numa_nodes = 0;
      pit_host_inventory_add_problem (inventory, _("libvirt gives no per-CPU topology for this host"));
    }

  if (g_strcmp0 (iommu, "yes") == 0)
    pit_host_inventory_get_iommu (inventory)->enabled = 1;
  else if (g_strcmp0 (iommu, "no") == 0)
    pit_host_inventory_get_iommu (inventory)->enabled = 0;

  pit_host_inventory_set_cpu (inventory, g_steal_pointer (&topology));
  pit_host_inventory_set_memory (inventory, g_steal_pointer (&memory));
}

static PitHostPciDevice *
read_pci_device (PitHostInventory *inventory,
                 xmlNode          *device,
                 xmlNode          *cap)
{
  g_autofree char *name = pit_xml_get_string (device, "string(name)");
  g_autofree char *vendor = pit_xml_get_string (cap, "vendor/@id");
  g_autofree char *product = pit_xml_get_string (cap, "product/@id");
  g_autofree char *klass = pit_xml_get_string (cap, "string(class)");
  g_autofree char *driver = pit_xml_get_string (device, "string(driver/name)");
  int domain = get_int (cap, "domain", 0, 0xffff);
  int bus = get_int (cap, "bus", 0, 0xff);
  int slot = get_int (cap, "slot", 0, 0x1f);
  int function = get_int (cap, "function", 0, 7);
  guint64 vendor_id, product_id, class_value;
  PitHostPciDevice *pci;
  g_autofree char *vendor_name = NULL;
  g_autofree char *product_name = NULL;

  if (domain < 0 || bus < 0 || slot < 0 || function < 0 || vendor == NULL || product == NULL
      || !g_ascii_string_to_unsigned (vendor + (g_str_has_prefix (vendor, "0x") ? 2 : 0), 16, 0, 0xffff, &vendor_id, NULL)
      || !g_ascii_string_to_unsigned (product + (g_str_has_prefix (product, "0x") ? 2 : 0), 16, 0, 0xffff, &product_id, NULL))
    {
      g_autofree char *problem = g_strdup_printf (_("The node device %s has no valid PCI address or ids"),
                                                  name != NULL && *name ? name : "?");

      pit_host_inventory_add_problem (inventory, problem);
      return NULL;
    }

  pci = pit_host_pci_device_new ((guint) domain, (guint) bus, (guint) slot, (guint) function);
  pci->vendor_id = (guint16) vendor_id;
  pci->device_id = (guint16) product_id;
  if (klass != NULL && g_ascii_string_to_unsigned (g_strstrip (klass) + (g_str_has_prefix (klass, "0x") ? 2 : 0), 16, 0, 0xffffff, &class_value, NULL))
    {
      pci->class_id = (guint16) (class_value >> 8);
      pci->prog_if = (int) (class_value & 0xff);
    }
  vendor_name = pit_xml_get_string (cap, "string(vendor)");
  product_name = pit_xml_get_string (cap, "string(product)");
  if (vendor_name != NULL && *vendor_name != '\0')
    pci->vendor_name = g_steal_pointer (&vendor_name);
  if (product_name != NULL && *product_name != '\0')
    pci->device_name = g_steal_pointer (&product_name);
  /* libvirt reports the bound driver; its absence means none is bound */
  pci->driver_known = TRUE;
  if (driver != NULL && *driver != '\0')
    pci->driver = g_steal_pointer (&driver);
  pci->iommu_group = get_int (cap, "iommuGroup/@number", 0, G_MAXINT);
  pci->numa_node = get_int (cap, "numa/@node", 0, G_MAXINT);

  return pci;
}

static PitHostNetInterface *
read_net_device (xmlNode *device,
                 xmlNode *cap)
{
  g_autofree char *name = pit_xml_get_string (cap, "string(interface)");
  g_autofree char *parent = pit_xml_get_string (device, "string(parent)");
  PitHostNetInterface *iface;

  if (name == NULL || *name == '\0')
    return NULL;
  iface = pit_host_net_interface_new (name);
  iface->mac = pit_xml_get_string (cap, "string(address)");
  iface->operstate = pit_xml_get_string (cap, "link/@state");
  iface->pci_address = pit_host_pci_normalize_address (parent);
  iface->kind = iface->pci_address != NULL ? PIT_HOST_NET_KIND_PHYSICAL : PIT_HOST_NET_KIND_OTHER;
  iface->manager = PIT_HOST_NET_MANAGER_UNKNOWN;
  return iface;
}

static void
read_node_device (PitHostInventory *inventory,
                  GPtrArray        *pci,
                  PitHostNet       *net,
                  const char       *xml)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(xmlDoc) doc = pit_xml_parse (xml, &error);
  g_autoptr(GPtrArray) pci_caps = NULL;
  g_autoptr(GPtrArray) net_caps = NULL;
  xmlNode *root;

  if (doc == NULL)
    {
      g_autofree char *problem = g_strdup_printf (_("A node device could not be read: %s"), error->message);

      pit_host_inventory_add_problem (inventory, problem);
      return;
    }
  root = xmlDocGetRootElement (doc);
  pci_caps = pit_xml_find_nodes (root, "/device/capability[@type='pci']");
  net_caps = pit_xml_find_nodes (root, "/device/capability[@type='net']");

  if (pci_caps->len > 0)
    {
      PitHostPciDevice *device = read_pci_device (inventory, root, pci_caps->pdata[0]);

      if (device != NULL)
        g_ptr_array_add (pci, device);
    }
  else if (net_caps->len > 0)
    {
      PitHostNetInterface *iface = read_net_device (root, net_caps->pdata[0]);

      if (iface != NULL)
        g_ptr_array_add (net->interfaces, iface);
    }
}

PitHostInventory *
pit_host_remote_from_xml (const char          *capabilities_xml,
                          const char * const  *nodedev_xmls,
                          GError             **error)
{
  g_autoptr(PitHostInventory) inventory = pit_host_inventory_new (PIT_HOST_SOURCE_REMOTE, NULL);
  g_autoptr(GPtrArray) pci = g_ptr_array_new_with_free_func ((GDestroyNotify) pit_host_pci_device_unref);
  g_autoptr(PitHostNet) net = pit_host_net_new ();
  g_autoptr(xmlDoc) doc = NULL;
  g_autoptr(PitHostIommu) iommu = NULL;
  int enabled;

  g_return_val_if_fail (capabilities_xml != NULL, NULL);

  doc = pit_xml_parse (capabilities_xml, error);
  if (doc == NULL)
    return NULL;
  if (g_strcmp0 ((const char *) xmlDocGetRootElement (doc)->name, "capabilities") != 0)
    {
      g_set_error_literal (error, PIT_ERROR, PIT_ERROR_INVALID_XML,
                           _("The host capabilities are not a <capabilities> document"));
      return NULL;
    }
  read_capabilities (inventory, xmlDocGetRootElement (doc));

  for (guint i = 0; nodedev_xmls != NULL && nodedev_xmls[i] != NULL; i++)
    read_node_device (inventory, pci, net, nodedev_xmls[i]);
  pit_host_pci_link_functions (pci);

  /* the capabilities' <iommu support> wins; else the devices' groups tell */
  enabled = pit_host_inventory_get_iommu (inventory)->enabled;
  iommu = pit_host_iommu_new_from_devices (pci);
  if (enabled >= 0)
    iommu->enabled = enabled;
  pit_host_inventory_set_iommu (inventory, g_steal_pointer (&iommu));
  pit_host_inventory_set_pci_devices (inventory, g_steal_pointer (&pci));
  pit_host_inventory_set_net (inventory, g_steal_pointer (&net));
  pit_host_inventory_set_partial (inventory, TRUE);

  return g_steal_pointer (&inventory);
}

/* How many node devices' XML are read at once over a remote connection: a
 * host has ~20-100 PCI and network devices, one round trip each. */
#define NODE_DEVICE_WORKERS 16

typedef struct
{
  virConnectPtr connection;
  virNodeDevicePtr *devices;
  char **xmls; /* same order, g_free()d strings or NULL */
} NodeDeviceRead;

static void
read_node_device_xml (guint    index,
                      gpointer user_data)
{
  NodeDeviceRead *read = user_data;
  char *xml;

  PIT_LIBVIRT_CALL_GUARD (read->connection);
  xml = virNodeDeviceGetXMLDesc (read->devices[index], 0);
  if (xml != NULL)
    {
      read->xmls[index] = g_strdup (xml);
      free (xml);
    }
}

/**
 * pit_host_remote_probe:
 * Blocking: call it in a thread.
 */
PitHostInventory *
pit_host_remote_probe (virConnectPtr   connection,
                       GError        **error)
{
  g_autofree char *capabilities = NULL;
  g_autoptr(GPtrArray) xmls = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *list_problem = NULL;
  virNodeDevicePtr *devices = NULL;
  PitHostInventory *inventory;
  int n;

  g_return_val_if_fail (connection != NULL, NULL);

  PIT_LIBVIRT_CALL_GUARD (connection);
  capabilities = virConnectGetCapabilities (connection);
  if (capabilities == NULL)
    {
      pit_set_error_from_libvirt (error, _("Could not read the host capabilities"));
      return NULL;
    }

  /* Only capability flags: libvirt 9.0 rejects ACTIVE/INACTIVE here */
  n = virConnectListAllNodeDevices (connection, &devices,
                                    VIR_CONNECT_LIST_NODE_DEVICES_CAP_PCI_DEV
                                    | VIR_CONNECT_LIST_NODE_DEVICES_CAP_NET);
  if (n < 0)
    {
      virErrorPtr err = virGetLastError ();

      list_problem = g_strdup_printf (_("Could not list the host’s devices: %s"),
                                      err != NULL && err->message != NULL ? err->message : _("unknown error"));
      virResetLastError ();
    }
  if (n > 0)
    {
      NodeDeviceRead read = { connection, devices, g_new0 (char *, n) };

      /* a round trip each: several at once (in the list's order) */
      pit_parallel_for ((guint) n, NODE_DEVICE_WORKERS, read_node_device_xml, &read);
      for (int i = 0; i < n; i++)
        {
          if (read.xmls[i] != NULL)
            g_ptr_array_add (xmls, read.xmls[i]);
          virNodeDeviceFree (devices[i]);
        }
      g_free (read.xmls);
    }
  free (devices);
  g_ptr_array_add (xmls, NULL);

  inventory = pit_host_remote_from_xml (capabilities, (const char * const *) xmls->pdata, error);
  if (inventory != NULL && list_problem != NULL)
    pit_host_inventory_add_problem (inventory, list_problem);

  /* libvirt's test driver drops <driver><name>: there, no driver is no news */
  if (inventory != NULL && g_strcmp0 (virConnectGetType (connection), "TEST") == 0)
    {
      GPtrArray *pci = pit_host_inventory_get_pci_devices (inventory);

      for (guint i = 0; i < pci->len; i++)
        ((PitHostPciDevice *) pci->pdata[i])->driver_known = FALSE;
    }

  return inventory;
}
