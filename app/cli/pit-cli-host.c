/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "pit-cli.h"
#include "pit-error.h"
#include "pit-host-inventory-json.h"
#include "pit-host-gpu-fact.h"
#include "pit-host-inventory.h"
#include "pit-text-table.h"

/* "Label:  value" lines of one section, the values lined up */
static PitTextTable *
fields_new (void)
{
  PitTextTable *fields = pit_text_table_new (2);

  pit_text_table_set_separator (fields, " ");
  return fields;
}

static void
field (PitTextTable *fields,
       const char   *label,
       const char   *value)
{
  /* TRANSLATORS: a field's label before its value in “pitstop-cli host”;
   * languages that put a space before a colon add it here */
  g_autofree char *with_colon = g_strdup_printf (_("%s:"), label);

  pit_text_table_add_row (fields, with_colon, value != NULL ? value : _("unknown"));
}

static void
field_uint (PitTextTable *fields,
            const char   *label,
            guint         value)
{
  g_autofree char *text = value > 0 ? g_strdup_printf ("%u", value) : NULL;

  field (fields, label, text);
}

static const char *
yes_no_unknown (int value)
{
  return value < 0 ? _("unknown") : value ? _("yes") : _("no");
}

static void
print_cpu (PitHostCpuTopology *cpu)
{
  g_autoptr(PitTextTable) fields = fields_new ();
  g_autoptr(PitTextTable) table = pit_text_table_new (8);
  g_autofree char *online = NULL;
  g_autofree char *count = g_strdup_printf ("%u", cpu->present ? cpu->present->len : 0);
  const char *virt = NULL;

  if (cpu->online != NULL && cpu->cpus->len > 0)
    online = pit_host_format_cpulist ((guint *) cpu->online->data, cpu->online->len);
  if (g_strcmp0 (cpu->virtualization, "vmx") == 0)
    virt = "VT-x";
  else if (g_strcmp0 (cpu->virtualization, "svm") == 0)
    virt = "AMD-V";
  else if (g_strcmp0 (cpu->virtualization, "none") == 0)
    virt = _("none");

  field (fields, _("Vendor ID"), cpu->vendor_id);
  field (fields, _("Model name"), cpu->model_name);
  field (fields, _("Virtualization"), virt);
  field (fields, _("CPU(s)"), cpu->cpus->len > 0 ? count : NULL);
  field (fields, _("On-line CPU(s) list"), online);
  field_uint (fields, _("Thread(s) per core"), cpu->threads_per_core);
  field_uint (fields, _("Core(s)"), cpu->cores);
  field_uint (fields, _("Socket(s)"), cpu->sockets);
  field_uint (fields, _("NUMA node(s)"), cpu->numa_nodes);
  field (fields, _("Hybrid"), cpu->hybrid ? _("yes (performance and efficiency cores)") : _("no"));
  pit_text_table_print (fields);

  if (cpu->cpus->len == 0)
    return;
  pit_text_table_set_separator (table, " ");
  pit_text_table_add_row (table, _("CPU"), _("NODE"), _("SOCKET"), _("DIE"), _("CORE"), _("ONLINE"), _("KIND"),
                          _("SIBLINGS"));
  for (guint i = 0; i < cpu->cpus->len; i++)
    {
      PitHostCpu *c = cpu->cpus->pdata[i];
      g_autofree char *id = g_strdup_printf ("%u", c->id);
      g_autofree char *node = c->node >= 0 ? g_strdup_printf ("%d", c->node) : g_strdup ("-");
      g_autofree char *socket = c->socket >= 0 ? g_strdup_printf ("%d", c->socket) : g_strdup ("-");
      g_autofree char *die = c->die >= 0 ? g_strdup_printf ("%d", c->die) : g_strdup ("-");
      g_autofree char *core = c->core >= 0 ? g_strdup_printf ("%d", c->core) : g_strdup ("-");
      g_autofree char *siblings = c->siblings != NULL
                                  ? pit_host_format_cpulist ((guint *) c->siblings->data, c->siblings->len)
                                  : g_strdup ("-");
      const char *kind = pit_host_cpu_kind_to_id (c->kind);

      pit_text_table_add_row (table, id, node, socket, die, core, c->online ? _("yes") : _("no"), kind, siblings);
    }
  g_print ("\n");
  pit_text_table_print (table);

  for (guint i = 0; i < cpu->l3_domains->len; i++)
    {
      PitHostCacheDomain *domain = cpu->l3_domains->pdata[i];
      g_autofree char *cpus = pit_host_format_cpulist ((guint *) domain->cpus->data, domain->cpus->len);
      g_autofree char *size = domain->size_kib > 0 ? g_format_size_full (domain->size_kib * 1024,
                                                                         G_FORMAT_SIZE_IEC_UNITS)
                                                   : g_strdup (_("unknown"));

      if (i == 0)
        g_print ("\n");
      g_print (_("L3 cache %s: CPUs %s%s\n"), size, cpus,
               (int) i == pit_host_cache_domains_largest (cpu->l3_domains) ? _(" (the largest: a game VM’s vCPUs go here)")
                                                                           : "");
    }
}

static void
print_pci (PitHostInventory *inventory)
{
  GPtrArray *devices = pit_host_inventory_get_pci_devices (inventory);

  for (guint i = 0; i < devices->len; i++)
    {
      PitHostPciDevice *d = devices->pdata[i];
      g_autoptr(GString) extra = g_string_new (NULL);

      if (d->driver != NULL)
        g_string_append_printf (extra, _(", driver %s"), d->driver);
      else if (d->driver_known)
        g_string_append (extra, _(", no driver"));
      if (d->iommu_group >= 0)
        g_string_append_printf (extra, _(", IOMMU group %d"), d->iommu_group);
      if (d->boot_vga == 1)
        g_string_append (extra, _(", boot VGA"));
      if (d->flr == 1)
        g_string_append (extra, _(", FLR"));
      if (d->resizable_bar == 1)
        g_string_append (extra, _(", resizable BAR"));

      g_print ("%s %s [%04x]: %s %s [%04x:%04x]%s%s%s\n", d->address,
               d->class_name != NULL ? d->class_name : _("Class"), d->class_id,
               d->vendor_name != NULL ? d->vendor_name : _("Vendor"),
               d->device_name != NULL ? d->device_name : _("Device"), d->vendor_id, d->device_id,
               extra->len > 0 ? " (" : "", extra->len > 0 ? extra->str + 2 : "", extra->len > 0 ? ")" : "");
    }
}

/* Reset, ROM, BARs, and what the rest of the group does for the host: the
 * same words as the wizard's GPU page */
static void
print_gpu_traps (PitHostInventory   *inventory,
                 PitHostPassthrough *gpu)
{
  g_autoptr(GPtrArray) facts = pit_host_gpu_facts_collect (inventory, gpu);

  for (guint i = 0; i < facts->len; i++)
    {
      PitHostGpuFact *fact = facts->pdata[i];

      g_print ("  %s%s\n", fact->level == PIT_HOST_GPU_FACT_STOP ? _("STOP: ")
                           : fact->level == PIT_HOST_GPU_FACT_WARNING ? _("warning: ") : "",
               fact->title);
      if (fact->evidence != NULL)
        g_print ("    (%s)\n", fact->evidence);
    }
}

static void
print_gpus (PitHostInventory *inventory)
{
  g_autoptr(GPtrArray) gpus = pit_host_inventory_get_gpus (inventory);

  for (guint i = 0; i < gpus->len; i++)
    {
      PitHostPassthrough *gpu = gpus->pdata[i];
      g_autoptr(GPtrArray) addresses = g_ptr_array_new ();
      g_autofree char *set = NULL;
      g_autofree char *ids = pit_host_passthrough_dup_ids (gpu);

      for (guint j = 0; j < gpu->devices->len; j++)
        g_ptr_array_add (addresses, ((PitHostPciDevice *) gpu->devices->pdata[j])->address);
      g_ptr_array_add (addresses, NULL);
      set = g_strjoinv (" ", (char **) addresses->pdata);

      g_print ("%s%s\n", gpu->device->address, gpu->device->boot_vga == 1 ? _(" (boot GPU)") : "");
      g_print ("  %s %s [%s]\n", _("passthrough set:"), set, ids);
      if (gpu->viable)
        g_print ("  %s\n", _("viable"));
      else
        g_print ("  %s %s\n", gpu->viable_known ? _("not viable:") : _("viability unknown:"), gpu->reason);
      print_gpu_traps (inventory, gpu);
    }
}

static void
print_inputs (PitHostInventory *inventory)
{
  GPtrArray *inputs = pit_host_inventory_get_input_devices (inventory);
  g_autoptr(PitTextTable) table = pit_text_table_new (4);

  if (inputs->len == 0)
    {
      g_print ("  %s\n", _("none found in /dev/input/by-id"));
      return;
    }
  pit_text_table_set_indent (table, 2);
  pit_text_table_set_separator (table, "  ");
  pit_text_table_add_row (table, _("KIND"), _("NAME"), _("USB"), _("ID"));
  for (guint i = 0; i < inputs->len; i++)
    {
      PitHostInputDevice *input = inputs->pdata[i];
      g_autofree char *usb = input->usb_controller != NULL
                             ? g_strdup_printf ("%s %s", input->usb_controller,
                                                input->usb_port != NULL ? input->usb_port : "")
                             : g_strdup ("-");

      pit_text_table_add_row (table, input->kind == PIT_HOST_INPUT_KEYBOARD ? _("keyboard") : _("mouse"),
                              input->name != NULL ? input->name : _("unknown"), g_strstrip (usb), input->id);
    }
  pit_text_table_print (table);
}

static void
print_usb (PitHostInventory *inventory)
{
  GPtrArray *controllers = pit_host_inventory_get_usb_controllers (inventory);

  for (guint i = 0; i < controllers->len; i++)
    {
      PitHostUsbController *controller = controllers->pdata[i];
      PitHostPciDevice *d = controller->device;
      g_autofree char *group = d->iommu_group >= 0 ? g_strdup_printf (_(", IOMMU group %d"), d->iommu_group)
                                                   : g_strdup ("");

      g_print ("%s %s%s\n", d->address, d->device_name != NULL ? d->device_name : _("USB controller"), group);
      if (controller->clean)
        g_print ("  %s\n", _("can be passed through on its own"));
      else
        g_print ("  %s %s\n", _("not clean:"), controller->reason != NULL ? controller->reason : _("unknown"));
      if (controller->devices->len == 0)
        g_print ("  %s\n", _("nothing plugged in"));
      for (guint j = 0; j < controller->devices->len; j++)
        {
          PitHostUsbDevice *device = controller->devices->pdata[j];
          g_autofree char *name = pit_host_usb_device_dup_name (device);

          g_print ("  %-8s %04x:%04x %s%s\n", device->port, device->vendor_id, device->product_id, name,
                   device->hub ? _(" (hub)") : "");
        }
    }
}

static void
print_memory (PitHostMemory *memory)
{
  g_autoptr(PitTextTable) fields = fields_new ();
  g_autofree char *total = memory->total_kib >= 0
                           ? g_format_size_full ((guint64) memory->total_kib * 1024, G_FORMAT_SIZE_IEC_UNITS)
                           : NULL;

  field (fields, _("Memory"), total);
  for (guint i = 0; i < memory->pools->len; i++)
    {
      PitHostHugepagePool *pool = memory->pools->pdata[i];
      g_autofree char *size = g_format_size_full (pool->size_kib * 1024, G_FORMAT_SIZE_IEC_UNITS);
      g_autofree char *label = g_strdup_printf (_("Hugepages %s"), size);
      g_autofree char *value = NULL;

      if (pool->total >= 0 && pool->free >= 0)
        value = g_strdup_printf (_("%lld total, %lld free"), (long long) pool->total, (long long) pool->free);
      else if (pool->total >= 0)
        value = g_strdup_printf (_("%lld total"), (long long) pool->total);
      field (fields, label, value);
    }
  pit_text_table_print (fields);
}

static void
print_net (PitHostNet *net)
{
  g_autoptr(PitTextTable) fields = fields_new ();
  g_autoptr(PitTextTable) interfaces = pit_text_table_new (5);

  field (fields, _("Default route"), net->default_route_interface);
  field (fields, _("Managed by"), pit_host_net_manager_to_id (net->manager));
  pit_text_table_print (fields);

  pit_text_table_set_indent (interfaces, 2);
  pit_text_table_set_separator (interfaces, " ");
  for (guint i = 0; i < net->interfaces->len; i++)
    {
      PitHostNetInterface *iface = net->interfaces->pdata[i];
      g_autoptr(GString) line = g_string_new (NULL);

      if (iface->pci_address != NULL)
        g_string_append_printf (line, " %s", iface->pci_address);
      if (iface->master != NULL)
        g_string_append_printf (line, _(" port of %s"), iface->master);
      if (iface->ports->len > 0)
        {
          g_string_append (line, _(" ports:"));
          for (guint j = 0; j < iface->ports->len; j++)
            g_string_append_printf (line, " %s", (const char *) iface->ports->pdata[j]);
        }
      if (iface->default_route)
        g_string_append (line, _(" (default route)"));
      pit_text_table_add_row (interfaces, iface->name, pit_host_net_kind_to_id (iface->kind), iface->mac,
                              iface->operstate, line->len > 0 ? line->str + 1 : "");
    }
  pit_text_table_print (interfaces);
}

static void
print_boot (PitHostBoot *boot)
{
  static const char * const interesting[] = { "vfio_pci", "vfio", "vfio_iommu_type1", "nouveau", "nvidia",
                                              "amdgpu", "radeon", "i915", "kvm_intel", "kvm_amd" };
  g_autoptr(GPtrArray) loaded = g_ptr_array_new ();
  g_autofree char *modules = NULL;
  g_autoptr(PitTextTable) fields = fields_new ();

  for (guint i = 0; i < G_N_ELEMENTS (interesting); i++)
    if (pit_host_boot_has_module (boot, interesting[i]) == 1)
      g_ptr_array_add (loaded, (gpointer) interesting[i]);
  g_ptr_array_add (loaded, NULL);
  if (boot->modules != NULL)
    modules = g_strjoinv (" ", (char **) loaded->pdata);

  field (fields, _("Distribution"), boot->os_name);
  field (fields, _("Kernel"), boot->kernel_release);
  field (fields, _("Kernel command line"), boot->cmdline);
  field (fields, _("Bootloader"), pit_host_bootloader_to_id (boot->bootloader));
  field (fields, _("Initramfs"), pit_host_initramfs_to_id (boot->initramfs));
  field (fields, _("Relevant modules"), modules);
  pit_text_table_print (fields);
}

static void
print_storage (GPtrArray *storage)
{
  for (guint i = 0; i < storage->len; i++)
    {
      PitHostStorage *s = storage->pdata[i];
      g_autoptr(GString) disks = g_string_new (NULL);

      for (guint j = 0; j < s->disks->len; j++)
        {
          PitHostBlockDevice *disk = s->disks->pdata[j];

          g_string_append_printf (disks, "%s%s (%s)", j > 0 ? ", " : "", disk->name,
                                  disk->rotational == 1 ? _("rotational")
                                  : disk->rotational == 0 ? _("solid state") : _("unknown"));
        }
      g_print ("%s\n", s->path);
      g_print ("  %-10s %s%s%s\n", pit_host_storage_kind_to_id (s->kind), s->block_device ? s->block_device : "",
               disks->len > 0 ? _(" on ") : "", disks->str);
      if (s->zfs_pool != NULL)
        {
          const char *scan = pit_host_zfs_scan_to_id (s->zfs_scan);

          g_print ("  %s %s, %s %s, %s %s\n", _("ZFS pool"), s->zfs_pool, _("state"),
                   s->zfs_state ? s->zfs_state : _("unknown"), _("scan"),
                   g_strcmp0 (scan, "scrub") == 0 ? _("scrub in progress")
                   : g_strcmp0 (scan, "resilver") == 0 ? _("resilver in progress")
                   : g_strcmp0 (scan, "none") == 0 ? _("none running") : _("unknown"));
        }
    }
}

static void
print_human (PitHostInventory *inventory)
{
  PitHostIommu *iommu = pit_host_inventory_get_iommu (inventory);
  GPtrArray *problems = pit_host_inventory_get_problems (inventory);
  const char *root = pit_host_inventory_get_root (inventory);
  g_autofree char *source = g_strdup_printf ("%s%s%s%s%s", pit_host_source_to_id (pit_host_inventory_get_source (inventory)),
                                             root ? " (" : "", root ? root : "", root ? ")" : "",
                                             pit_host_inventory_is_partial (inventory) ? _(", partial") : "");
  g_autofree char *iommu_text = NULL;
  g_autoptr(PitTextTable) host_fields = fields_new ();
  g_autoptr(PitTextTable) iommu_fields = fields_new ();

  field (host_fields, _("Host"), source);
  pit_text_table_print (host_fields);

  g_print ("\n%s\n", _("CPU"));
  print_cpu (pit_host_inventory_get_cpu (inventory));

  g_print ("\n%s\n", _("IOMMU"));
  iommu_text = iommu->enabled == 1 ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "on, %u group", "on, %u groups", iommu->groups->len),
                                                      iommu->groups->len)
                                   : g_strdup (yes_no_unknown (iommu->enabled));
  field (iommu_fields, _("Enabled"), iommu->enabled == 0 ? _("no") : iommu_text);
  pit_text_table_print (iommu_fields);

  g_print ("\n%s\n", _("PCI devices"));
  print_pci (inventory);

  g_print ("\n%s\n", _("GPU passthrough"));
  print_gpus (inventory);

  g_print ("\n%s\n", _("Keyboards and mice"));
  print_inputs (inventory);

  if (pit_host_inventory_get_usb_controllers (inventory)->len > 0)
    {
      g_print ("\n%s\n", _("USB controllers"));
      print_usb (inventory);
    }

  g_print ("\n%s\n", _("Memory"));
  print_memory (pit_host_inventory_get_memory (inventory));

  g_print ("\n%s\n", _("Network"));
  print_net (pit_host_inventory_get_net (inventory));

  if (pit_host_inventory_get_boot (inventory) != NULL)
    {
      g_print ("\n%s\n", _("Boot"));
      print_boot (pit_host_inventory_get_boot (inventory));
    }

  if (pit_host_inventory_get_storage (inventory)->len > 0)
    {
      g_print ("\n%s\n", _("Storage"));
      print_storage (pit_host_inventory_get_storage (inventory));
    }

  if (problems->len > 0)
    {
      g_print ("\n%s\n", _("Could not read"));
      for (guint i = 0; i < problems->len; i++)
        g_print ("  %s\n", (const char *) problems->pdata[i]);
    }
}

int
pit_cli_host (int    argc,
              char **argv)
{
  g_auto(PitCliConnectionOptions) conn_options = { 0 };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(PitHostInventory) inventory = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *root = NULL;
  g_autofree char *pci_dump = NULL;
  g_auto(GStrv) storage = NULL;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "root", 0, 0, G_OPTION_ARG_FILENAME, &root, N_("Read DIR/sys, DIR/proc and DIR/etc instead of the live host"), N_("DIR") },
    { "pci-dump", 0, 0, G_OPTION_ARG_FILENAME, &pci_dump, N_("Read PCI devices from an “lspci -x” dump"), N_("FILE") },
    { "storage", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &storage, N_("Describe the storage under a disk source path (repeatable)"), N_("PATH") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };

  g_option_context_set_summary (context, _("Show the host’s CPU topology, IOMMU groups, PCI devices, "
                                           "keyboards and mice, USB controllers, hugepages, network, "
                                           "storage and boot setup."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_add_group (context, pit_cli_connection_option_group (&conn_options));
  if (!pit_cli_parse (context, &argc, &argv))
    return 1;
  if (argc > 1)
    {
      g_set_error (&error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT, _("Unexpected argument “%s”"), argv[1]);
      return pit_cli_fail (error);
    }

  if ((conn_options.demo || conn_options.connect != NULL) && (root != NULL || pci_dump != NULL))
    {
      g_set_error_literal (&error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT,
                           _("Use either --root/--pci-dump or --connect/--demo, not both"));
      return pit_cli_fail (error);
    }

  if (conn_options.demo || conn_options.connect != NULL)
    {
      g_autoptr(PitConnection) connection = pit_cli_open_connection (&conn_options, &error);

      if (connection == NULL)
        return pit_cli_fail (error);
      inventory = pit_host_inventory_for_connection_sync (connection, (const char * const *) storage, &error);
    }
  else
    {
      PitHostProbeOptions options = { root, pci_dump, (const char * const *) storage };

      inventory = pit_host_inventory_probe (&options, &error);
    }
  if (inventory == NULL)
    return pit_cli_fail (error);

  if (json)
    {
      g_autofree char *text = pit_host_inventory_to_json (inventory);

      g_print ("%s", text);   /* the writer ends it with a newline */
    }
  else
    print_human (inventory);

  return 0;
}
