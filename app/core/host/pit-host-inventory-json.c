/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-host"

#include "config.h"

#include "pit-host-inventory-json.h"

static void
int_or_null (PitJsonWriter *json,
             const char    *key,
             gint64         value)
{
  pit_json_writer_key (json, key);
  if (value >= 0)
    pit_json_writer_int (json, value);
  else
    pit_json_writer_null (json);
}

/* 1, 0, -1 → true, false, null */
static void
tristate (PitJsonWriter *json,
          const char    *key,
          int            value)
{
  pit_json_writer_key (json, key);
  if (value < 0)
    pit_json_writer_null (json);
  else
    pit_json_writer_bool (json, value != 0);
}

static void
count_or_null (PitJsonWriter *json,
               const char    *key,
               guint          value)
{
  int_or_null (json, key, value > 0 ? (gint64) value : -1);
}

static void
string_array (PitJsonWriter *json,
              const char    *key,
              GPtrArray     *values)
{
  pit_json_writer_key (json, key);
  if (values == NULL)
    {
      pit_json_writer_null (json);
      return;
    }
  pit_json_writer_begin_array (json);
  for (guint i = 0; i < values->len; i++)
    pit_json_writer_string (json, values->pdata[i]);
  pit_json_writer_end_array (json);
}

static void
id_array (PitJsonWriter *json,
          const char    *key,
          GArray        *ids)
{
  pit_json_writer_key (json, key);
  if (ids == NULL)
    {
      pit_json_writer_null (json);
      return;
    }
  pit_json_writer_begin_array (json);
  for (guint i = 0; i < ids->len; i++)
    pit_json_writer_uint (json, g_array_index (ids, guint, i));
  pit_json_writer_end_array (json);
}

static void
write_cpu (PitJsonWriter      *json,
           PitHostCpuTopology *cpu)
{
  g_autofree char *online = cpu->online ? pit_host_format_cpulist ((guint *) cpu->online->data, cpu->online->len) : NULL;
  g_autofree char *present = cpu->present ? pit_host_format_cpulist ((guint *) cpu->present->data, cpu->present->len) : NULL;

  pit_json_writer_key (json, "cpu");
  pit_json_writer_begin_object (json);
  int_or_null (json, "online", cpu->online != NULL && cpu->cpus->len > 0 ? (gint64) cpu->online->len : -1);
  int_or_null (json, "present", cpu->present != NULL && cpu->cpus->len > 0 ? (gint64) cpu->present->len : -1);
  pit_json_writer_member_string (json, "online_list", cpu->cpus->len > 0 ? online : NULL);
  pit_json_writer_member_string (json, "present_list", cpu->cpus->len > 0 ? present : NULL);
  count_or_null (json, "sockets", cpu->sockets);
  count_or_null (json, "dies_per_socket", cpu->dies_per_socket);
  count_or_null (json, "cores", cpu->cores);
  count_or_null (json, "threads_per_core", cpu->threads_per_core);
  count_or_null (json, "numa_nodes", cpu->numa_nodes);
  pit_json_writer_member_string (json, "vendor", pit_host_cpu_vendor_to_id (cpu->vendor));
  pit_json_writer_member_string (json, "vendor_id", cpu->vendor_id);
  pit_json_writer_member_string (json, "model_name", cpu->model_name);
  pit_json_writer_member_string (json, "virtualization", cpu->virtualization);
  pit_json_writer_key (json, "hybrid");
  pit_json_writer_bool (json, cpu->hybrid);

  pit_json_writer_key (json, "cpus");
  pit_json_writer_begin_array (json);
  for (guint i = 0; i < cpu->cpus->len; i++)
    {
      PitHostCpu *c = cpu->cpus->pdata[i];

      pit_json_writer_begin_object (json);
      pit_json_writer_key (json, "id");
      pit_json_writer_uint (json, c->id);
      pit_json_writer_key (json, "online");
      pit_json_writer_bool (json, c->online);
      int_or_null (json, "socket", c->socket);
      int_or_null (json, "die", c->die);
      int_or_null (json, "core", c->core);
      id_array (json, "siblings", c->siblings);
      int_or_null (json, "node", c->node);
      pit_json_writer_member_string (json, "kind", pit_host_cpu_kind_to_id (c->kind));
      int_or_null (json, "l3", c->l3);
      pit_json_writer_end_object (json);
    }
  pit_json_writer_end_array (json);

  pit_json_writer_key (json, "l3_domains");
  pit_json_writer_begin_array (json);
  for (guint i = 0; i < cpu->l3_domains->len; i++)
    {
      PitHostCacheDomain *domain = cpu->l3_domains->pdata[i];
      g_autofree char *list = pit_host_format_cpulist ((guint *) domain->cpus->data, domain->cpus->len);

      pit_json_writer_begin_object (json);
      pit_json_writer_key (json, "index");
      pit_json_writer_uint (json, i);
      int_or_null (json, "id", domain->id);
      int_or_null (json, "size_kib", domain->size_kib > 0 ? (gint64) domain->size_kib : -1);
      pit_json_writer_member_string (json, "cpus", list);
      pit_json_writer_end_object (json);
    }
  pit_json_writer_end_array (json);
  int_or_null (json, "largest_l3", pit_host_cache_domains_largest (cpu->l3_domains));
  pit_json_writer_end_object (json);
}

static void
write_iommu (PitJsonWriter      *json,
             PitHostIommu       *iommu,
             PitHostCpuTopology *cpu)
{
  const char * const *params = pit_host_iommu_enable_params (cpu->vendor);

  pit_json_writer_key (json, "iommu");
  pit_json_writer_begin_object (json);
  tristate (json, "enabled", iommu->enabled);
  pit_json_writer_key (json, "enable_params");
  if (params == NULL)
    pit_json_writer_null (json);
  else
    {
      pit_json_writer_begin_array (json);
      for (guint i = 0; params[i] != NULL; i++)
        pit_json_writer_string (json, params[i]);
      pit_json_writer_end_array (json);
    }
  pit_json_writer_key (json, "groups");
  pit_json_writer_begin_array (json);
  for (guint i = 0; i < iommu->groups->len; i++)
    {
      PitHostIommuGroup *group = iommu->groups->pdata[i];

      pit_json_writer_begin_object (json);
      pit_json_writer_key (json, "id");
      pit_json_writer_uint (json, group->id);
      string_array (json, "devices", group->devices);
      pit_json_writer_end_object (json);
    }
  pit_json_writer_end_array (json);
  pit_json_writer_end_object (json);
}

static void
hex_or_null (PitJsonWriter *json,
             const char    *key,
             int            value)
{
  g_autofree char *text = value >= 0 ? g_strdup_printf ("%04x", (guint) value) : NULL;

  pit_json_writer_member_string (json, key, text);
}

static void
write_bars (PitJsonWriter    *json,
            PitHostPciDevice *d)
{
  pit_json_writer_key (json, "bars");
  pit_json_writer_begin_array (json);
  for (guint i = 0; i < d->bars->len; i++)
    {
      PitHostPciBar *bar = &g_array_index (d->bars, PitHostPciBar, i);

      pit_json_writer_begin_object (json);
      pit_json_writer_key (json, "index");
      pit_json_writer_uint (json, bar->index);
      int_or_null (json, "size", bar->size > 0 ? (gint64) bar->size : -1);
      tristate (json, "is_64bit", bar->is_64bit);
      tristate (json, "prefetchable", bar->prefetchable);
      pit_json_writer_key (json, "resizable");
      pit_json_writer_bool (json, bar->resizable);
      int_or_null (json, "resizable_max", bar->resizable_max > 0 ? (gint64) bar->resizable_max : -1);
      pit_json_writer_end_object (json);
    }
  pit_json_writer_end_array (json);
}

static void
write_reset_quirk (PitJsonWriter    *json,
                   PitHostPciDevice *d)
{
  const PitHostResetQuirk *quirk = pit_host_reset_quirk_lookup (d->vendor_id, d->device_id);

  pit_json_writer_key (json, "reset_quirk");
  if (quirk->kind == PIT_HOST_RESET_QUIRK_NONE)
    {
      pit_json_writer_null (json);
      return;
    }
  pit_json_writer_begin_object (json);
  pit_json_writer_member_string (json, "kind", pit_host_reset_quirk_kind_to_id (quirk->kind));
  pit_json_writer_member_string (json, "family", quirk->family);
  pit_json_writer_end_object (json);
}

static void
write_pci (PitJsonWriter *json,
           GPtrArray     *devices)
{
  pit_json_writer_key (json, "pci");
  pit_json_writer_begin_array (json);
  for (guint i = 0; i < devices->len; i++)
    {
      PitHostPciDevice *d = devices->pdata[i];

      pit_json_writer_begin_object (json);
      pit_json_writer_member_string (json, "address", d->address);
      hex_or_null (json, "vendor_id", d->vendor_id);
      hex_or_null (json, "device_id", d->device_id);
      hex_or_null (json, "subsystem_vendor_id", d->subsystem_vendor_id);
      hex_or_null (json, "subsystem_id", d->subsystem_id);
      hex_or_null (json, "class", d->class_id);
      pit_json_writer_member_string (json, "vendor_name", d->vendor_name);
      pit_json_writer_member_string (json, "device_name", d->device_name);
      pit_json_writer_member_string (json, "subsystem_name", d->subsystem_name);
      pit_json_writer_member_string (json, "class_name", d->class_name);
      pit_json_writer_key (json, "driver");
      if (d->driver != NULL)
        pit_json_writer_string (json, d->driver);
      else
        pit_json_writer_null (json);
      pit_json_writer_key (json, "driver_known");
      pit_json_writer_bool (json, d->driver_known);
      int_or_null (json, "iommu_group", d->iommu_group);
      int_or_null (json, "numa_node", d->numa_node);
      tristate (json, "boot_vga", d->boot_vga);
      string_array (json, "functions", d->functions);
      pit_json_writer_key (json, "is_gpu");
      pit_json_writer_bool (json, pit_host_pci_device_is_gpu (d));
      tristate (json, "flr", d->flr);
      tristate (json, "resizable_bar", d->resizable_bar);
      write_bars (json, d);
      tristate (json, "rom", d->rom);
      int_or_null (json, "rom_size", d->rom_size > 0 ? (gint64) d->rom_size : -1);
      tristate (json, "rom_shadowed", d->rom_shadowed);
      pit_json_writer_key (json, "reset_methods");
      if (d->reset_methods == NULL)
        pit_json_writer_null (json);
      else
        {
          pit_json_writer_begin_array (json);
          for (guint m = 0; d->reset_methods[m] != NULL; m++)
            pit_json_writer_string (json, d->reset_methods[m]);
          pit_json_writer_end_array (json);
        }
      tristate (json, "bus_reset", d->bus_reset);
      write_reset_quirk (json, d);
      pit_json_writer_end_object (json);
    }
  pit_json_writer_end_array (json);
}

static void
device_addresses (PitJsonWriter *json,
                  const char    *key,
                  GPtrArray     *devices)
{
  pit_json_writer_key (json, key);
  pit_json_writer_begin_array (json);
  for (guint i = 0; i < devices->len; i++)
    pit_json_writer_string (json, ((PitHostPciDevice *) devices->pdata[i])->address);
  pit_json_writer_end_array (json);
}

/* what each foreign member of the set does for the host; "stop" when
 * passing it takes away what the host runs on (its root disk) */
static void
write_foreign_uses (PitJsonWriter      *json,
                    PitHostInventory   *inventory,
                    PitHostPassthrough *gpu)
{
  gboolean stop = FALSE;

  pit_json_writer_key (json, "foreign_uses");
  pit_json_writer_begin_array (json);
  for (guint i = 0; i < gpu->foreign->len; i++)
    {
      PitHostPciDevice *member = gpu->foreign->pdata[i];
      g_autoptr(GPtrArray) uses = pit_host_inventory_get_device_uses (inventory, member);

      pit_json_writer_begin_object (json);
      pit_json_writer_member_string (json, "address", member->address);
      pit_json_writer_key (json, "uses");
      pit_json_writer_begin_array (json);
      for (guint u = 0; u < uses->len; u++)
        {
          PitHostDeviceUse *use = uses->pdata[u];

          stop |= pit_host_device_use_is_stop (use);
          pit_json_writer_begin_object (json);
          pit_json_writer_member_string (json, "kind", pit_host_device_use_kind_to_id (use->kind));
          pit_json_writer_member_string (json, "detail", use->detail);
          pit_json_writer_end_object (json);
        }
      pit_json_writer_end_array (json);
      pit_json_writer_end_object (json);
    }
  pit_json_writer_end_array (json);
  pit_json_writer_key (json, "stop");
  pit_json_writer_bool (json, stop);
}

static void
write_gpus (PitJsonWriter    *json,
            PitHostInventory *inventory)
{
  g_autoptr(GPtrArray) gpus = pit_host_inventory_get_gpus (inventory);

  pit_json_writer_key (json, "gpus");
  pit_json_writer_begin_array (json);
  for (guint i = 0; i < gpus->len; i++)
    {
      PitHostPassthrough *gpu = gpus->pdata[i];
      g_autofree char *ids = pit_host_passthrough_dup_ids (gpu);

      pit_json_writer_begin_object (json);
      pit_json_writer_member_string (json, "address", gpu->device->address);
      device_addresses (json, "passthrough_set", gpu->devices);
      pit_json_writer_member_string (json, "ids", ids);
      tristate (json, "viable", gpu->viable_known ? gpu->viable : -1);
      pit_json_writer_member_string (json, "reason", gpu->reason);
      device_addresses (json, "foreign", gpu->foreign);
      write_foreign_uses (json, inventory, gpu);
      tristate (json, "boot_vga", gpu->device->boot_vga);
      pit_json_writer_end_object (json);
    }
  pit_json_writer_end_array (json);
}

static void
write_pools (PitJsonWriter *json,
             const char    *key,
             GPtrArray     *pools)
{
  pit_json_writer_key (json, key);
  pit_json_writer_begin_array (json);
  for (guint i = 0; i < pools->len; i++)
    {
      PitHostHugepagePool *pool = pools->pdata[i];

      pit_json_writer_begin_object (json);
      if (pool->node >= 0)
        {
          pit_json_writer_key (json, "node");
          pit_json_writer_int (json, pool->node);
        }
      pit_json_writer_key (json, "size_kib");
      pit_json_writer_uint (json, pool->size_kib);
      int_or_null (json, "total", pool->total);
      int_or_null (json, "free", pool->free);
      int_or_null (json, "reserved", pool->reserved);
      int_or_null (json, "surplus", pool->surplus);
      pit_json_writer_end_object (json);
    }
  pit_json_writer_end_array (json);
}

static void
write_net (PitJsonWriter *json,
           PitHostNet    *net)
{
  pit_json_writer_key (json, "net");
  if (net == NULL)
    {
      pit_json_writer_null (json);
      return;
    }
  pit_json_writer_begin_object (json);
  pit_json_writer_member_string (json, "default_route_interface", net->default_route_interface);
  pit_json_writer_member_string (json, "manager", pit_host_net_manager_to_id (net->manager));
  pit_json_writer_key (json, "interfaces");
  pit_json_writer_begin_array (json);
  for (guint i = 0; i < net->interfaces->len; i++)
    {
      PitHostNetInterface *iface = net->interfaces->pdata[i];

      pit_json_writer_begin_object (json);
      pit_json_writer_member_string (json, "name", iface->name);
      pit_json_writer_member_string (json, "kind", pit_host_net_kind_to_id (iface->kind));
      pit_json_writer_member_string (json, "mac", iface->mac);
      pit_json_writer_member_string (json, "operstate", iface->operstate);
      pit_json_writer_member_string (json, "master", iface->master);
      string_array (json, "ports", iface->ports);
      pit_json_writer_member_string (json, "pci_address", iface->pci_address);
      pit_json_writer_key (json, "default_route");
      pit_json_writer_bool (json, iface->default_route);
      pit_json_writer_member_string (json, "manager", pit_host_net_manager_to_id (iface->manager));
      pit_json_writer_end_object (json);
    }
  pit_json_writer_end_array (json);
  pit_json_writer_end_object (json);
}

static void
write_boot (PitJsonWriter *json,
            PitHostBoot   *boot)
{
  pit_json_writer_key (json, "boot");
  if (boot == NULL)
    {
      pit_json_writer_null (json);
      return;
    }
  pit_json_writer_begin_object (json);
  pit_json_writer_member_string (json, "cmdline", boot->cmdline);
  pit_json_writer_member_string (json, "os_id", boot->os_id);
  pit_json_writer_key (json, "os_id_like");
  pit_json_writer_begin_array (json);
  for (guint i = 0; boot->os_id_like != NULL && boot->os_id_like[i] != NULL; i++)
    pit_json_writer_string (json, boot->os_id_like[i]);
  pit_json_writer_end_array (json);
  pit_json_writer_member_string (json, "os_name", boot->os_name);
  pit_json_writer_member_string (json, "os_version_id", boot->os_version_id);
  pit_json_writer_member_string (json, "kernel_release", boot->kernel_release);
  pit_json_writer_member_string (json, "bootloader", pit_host_bootloader_to_id (boot->bootloader));
  pit_json_writer_key (json, "kernelstub");
  pit_json_writer_bool (json, boot->kernelstub);
  pit_json_writer_key (json, "kernel_cmdline_file");
  pit_json_writer_bool (json, boot->kernel_cmdline_file);
  pit_json_writer_member_string (json, "initramfs", pit_host_initramfs_to_id (boot->initramfs));
  string_array (json, "modules", boot->modules);
  pit_json_writer_end_object (json);
}

static void
write_storage (PitJsonWriter *json,
               GPtrArray     *storage)
{
  pit_json_writer_key (json, "storage");
  pit_json_writer_begin_array (json);
  for (guint i = 0; i < storage->len; i++)
    {
      PitHostStorage *s = storage->pdata[i];

      pit_json_writer_begin_object (json);
      pit_json_writer_member_string (json, "path", s->path);
      pit_json_writer_member_string (json, "kind", pit_host_storage_kind_to_id (s->kind));
      pit_json_writer_member_string (json, "block_device", s->block_device);
      pit_json_writer_key (json, "disks");
      pit_json_writer_begin_array (json);
      for (guint j = 0; j < s->disks->len; j++)
        {
          PitHostBlockDevice *disk = s->disks->pdata[j];

          pit_json_writer_begin_object (json);
          pit_json_writer_member_string (json, "name", disk->name);
          tristate (json, "rotational", disk->rotational);
          pit_json_writer_member_string (json, "model", disk->model);
          pit_json_writer_member_string (json, "controller", disk->controller);
          pit_json_writer_end_object (json);
        }
      pit_json_writer_end_array (json);
      tristate (json, "rotational", s->rotational);
      pit_json_writer_member_string (json, "filesystem", s->filesystem);
      pit_json_writer_key (json, "zfs");
      if (s->zfs_pool == NULL)
        pit_json_writer_null (json);
      else
        {
          pit_json_writer_begin_object (json);
          pit_json_writer_member_string (json, "pool", s->zfs_pool);
          pit_json_writer_member_string (json, "dataset", s->zfs_dataset);
          pit_json_writer_member_string (json, "state", s->zfs_state);
          pit_json_writer_member_string (json, "scan", pit_host_zfs_scan_to_id (s->zfs_scan));
          pit_json_writer_end_object (json);
        }
      pit_json_writer_end_object (json);
    }
  pit_json_writer_end_array (json);
}

static void
write_root_fs (PitJsonWriter  *json,
               PitHostStorage *root_fs,
               GPtrArray      *disks)
{
  pit_json_writer_key (json, "root_fs");
  if (root_fs == NULL)
    pit_json_writer_null (json);
  else
    {
      pit_json_writer_begin_object (json);
      pit_json_writer_member_string (json, "filesystem", root_fs->filesystem);
      pit_json_writer_member_string (json, "block_device", root_fs->block_device);
      pit_json_writer_key (json, "disks");
      pit_json_writer_begin_array (json);
      for (guint i = 0; i < root_fs->disks->len; i++)
        pit_json_writer_string (json, ((PitHostBlockDevice *) root_fs->disks->pdata[i])->name);
      pit_json_writer_end_array (json);
      pit_json_writer_end_object (json);
    }
  pit_json_writer_key (json, "disks");
  pit_json_writer_begin_array (json);
  for (guint i = 0; i < disks->len; i++)
    {
      PitHostBlockDevice *disk = disks->pdata[i];

      pit_json_writer_begin_object (json);
      pit_json_writer_member_string (json, "name", disk->name);
      pit_json_writer_member_string (json, "model", disk->model);
      pit_json_writer_member_string (json, "controller", disk->controller);
      tristate (json, "rotational", disk->rotational);
      pit_json_writer_end_object (json);
    }
  pit_json_writer_end_array (json);
}

static void
write_input_devices (PitJsonWriter *json,
                     GPtrArray     *inputs)
{
  pit_json_writer_key (json, "input_devices");
  pit_json_writer_begin_array (json);
  for (guint i = 0; i < inputs->len; i++)
    {
      PitHostInputDevice *input = inputs->pdata[i];

      pit_json_writer_begin_object (json);
      pit_json_writer_member_string (json, "id", input->id);
      pit_json_writer_member_string (json, "path", input->path);
      pit_json_writer_member_string (json, "kind", pit_host_input_kind_to_id (input->kind));
      pit_json_writer_member_string (json, "event", input->event);
      pit_json_writer_member_string (json, "name", input->name);
      pit_json_writer_member_string (json, "usb_controller", input->usb_controller);
      pit_json_writer_member_string (json, "usb_port", input->usb_port);
      pit_json_writer_end_object (json);
    }
  pit_json_writer_end_array (json);
}

static void
write_usb_controllers (PitJsonWriter *json,
                       GPtrArray     *controllers)
{
  pit_json_writer_key (json, "usb_controllers");
  pit_json_writer_begin_array (json);
  for (guint i = 0; i < controllers->len; i++)
    {
      PitHostUsbController *controller = controllers->pdata[i];
      PitHostPassthrough *passthrough = controller->passthrough;

      pit_json_writer_begin_object (json);
      pit_json_writer_member_string (json, "address", controller->device->address);
      pit_json_writer_member_string (json, "name", controller->device->device_name);
      int_or_null (json, "iommu_group", controller->device->iommu_group);
      device_addresses (json, "passthrough_set", passthrough->devices);
      tristate (json, "viable", passthrough->viable_known ? passthrough->viable : -1);
      device_addresses (json, "foreign", passthrough->foreign);
      pit_json_writer_key (json, "host_keyboard");
      pit_json_writer_bool (json, controller->host_keyboard);
      pit_json_writer_key (json, "clean");
      pit_json_writer_bool (json, controller->clean);
      pit_json_writer_member_string (json, "reason", controller->reason);
      pit_json_writer_key (json, "devices");
      pit_json_writer_begin_array (json);
      for (guint j = 0; j < controller->devices->len; j++)
        {
          PitHostUsbDevice *device = controller->devices->pdata[j];

          pit_json_writer_begin_object (json);
          pit_json_writer_member_string (json, "port", device->port);
          hex_or_null (json, "vendor_id", device->vendor_id);
          hex_or_null (json, "product_id", device->product_id);
          pit_json_writer_member_string (json, "manufacturer", device->manufacturer);
          pit_json_writer_member_string (json, "product", device->product);
          pit_json_writer_key (json, "hub");
          pit_json_writer_bool (json, device->hub);
          pit_json_writer_end_object (json);
        }
      pit_json_writer_end_array (json);
      pit_json_writer_key (json, "inputs");
      pit_json_writer_begin_array (json);
      for (guint j = 0; j < controller->inputs->len; j++)
        pit_json_writer_string (json, ((PitHostInputDevice *) controller->inputs->pdata[j])->id);
      pit_json_writer_end_array (json);
      pit_json_writer_end_object (json);
    }
  pit_json_writer_end_array (json);
}

void
pit_host_inventory_write_json (PitHostInventory *self,
                               PitJsonWriter    *json)
{
  PitHostMemory *memory = pit_host_inventory_get_memory (self);

  pit_json_writer_begin_object (json);
  pit_json_writer_member_string (json, "source", pit_host_source_to_id (pit_host_inventory_get_source (self)));
  pit_json_writer_member_string (json, "root", pit_host_inventory_get_root (self));
  pit_json_writer_key (json, "partial");
  pit_json_writer_bool (json, pit_host_inventory_is_partial (self));
  write_cpu (json, pit_host_inventory_get_cpu (self));
  write_iommu (json, pit_host_inventory_get_iommu (self), pit_host_inventory_get_cpu (self));
  write_pci (json, pit_host_inventory_get_pci_devices (self));
  write_gpus (json, self);
  write_input_devices (json, pit_host_inventory_get_input_devices (self));
  write_usb_controllers (json, pit_host_inventory_get_usb_controllers (self));
  int_or_null (json, "memory_kib", memory->total_kib);
  int_or_null (json, "memory_available_kib", memory->available_kib);
  int_or_null (json, "default_hugepage_kib", memory->default_hugepage_kib);
  write_pools (json, "hugepages", memory->pools);
  write_pools (json, "hugepages_per_node", memory->node_pools);
  write_net (json, pit_host_inventory_get_net (self));
  write_boot (json, pit_host_inventory_get_boot (self));
  write_storage (json, pit_host_inventory_get_storage (self));
  write_root_fs (json, pit_host_inventory_get_root_fs (self), pit_host_inventory_get_disks (self));
  string_array (json, "problems", pit_host_inventory_get_problems (self));
  pit_json_writer_end_object (json);
}

char *
pit_host_inventory_to_json (PitHostInventory *self)
{
  g_autoptr(PitJsonWriter) json = pit_json_writer_new ();

  pit_host_inventory_write_json (self, json);
  return pit_json_writer_steal (g_steal_pointer (&json));
}
