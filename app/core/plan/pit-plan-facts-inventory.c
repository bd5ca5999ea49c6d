/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-plan"

#include "config.h"

#include "pit-host-inventory.h"
#include "pit-plan-facts.h"

/* Fills PitPlanFacts from the host inventory: the plan reads nothing of the
 * host's state itself (only the configuration files it merges into). */

static void
fill_boot (PitPlanFacts *facts,
           PitHostBoot  *boot)
{
  if (boot == NULL)
    return;

  facts->cmdline = g_strdup (boot->cmdline);
  facts->kernel_release = g_strdup (boot->kernel_release);
  facts->os_id = g_strdup (boot->os_id);
  facts->os_id_like = g_strdupv (boot->os_id_like);
  facts->os_name = g_strdup (boot->os_name);
  facts->kernelstub = boot->kernelstub;
  switch (boot->bootloader)
    {
    case PIT_HOST_BOOTLOADER_GRUB:
      facts->bootloader = PIT_PLAN_BOOTLOADER_GRUB;
      break;
    case PIT_HOST_BOOTLOADER_SYSTEMD_BOOT:
      facts->bootloader = PIT_PLAN_BOOTLOADER_SYSTEMD_BOOT;
      break;
    case PIT_HOST_BOOTLOADER_UNKNOWN:
    default:
      facts->bootloader = PIT_PLAN_BOOTLOADER_UNKNOWN;
      break;
    }
  /* kernelstub manages systemd-boot entries on Pop!_OS */
  if (boot->kernelstub && facts->bootloader == PIT_PLAN_BOOTLOADER_UNKNOWN)
    facts->bootloader = PIT_PLAN_BOOTLOADER_SYSTEMD_BOOT;
  switch (boot->initramfs)
    {
    case PIT_HOST_INITRAMFS_INITRAMFS_TOOLS:
      facts->initramfs = PIT_PLAN_INITRAMFS_TOOLS;
      break;
    case PIT_HOST_INITRAMFS_DRACUT:
      facts->initramfs = PIT_PLAN_INITRAMFS_DRACUT;
      break;
    case PIT_HOST_INITRAMFS_MKINITCPIO:
      facts->initramfs = PIT_PLAN_INITRAMFS_MKINITCPIO;
      break;
    case PIT_HOST_INITRAMFS_NIXOS:
    case PIT_HOST_INITRAMFS_UNKNOWN:
    default:
      facts->initramfs = PIT_PLAN_INITRAMFS_UNKNOWN;
      break;
    }
  if (boot->modules != NULL)
    {
      g_autoptr(GStrvBuilder) modules = g_strv_builder_new ();

      for (guint i = 0; i < boot->modules->len; i++)
        {
          g_autofree char *name = g_strdelimit (g_strdup (g_ptr_array_index (boot->modules, i)), "-", '_');

          g_strv_builder_add (modules, name);
        }
      facts->modules = g_strv_builder_end (modules);
    }
}

static void
fill_net (PitPlanFacts *facts,
          PitHostNet   *net)
{
  if (net == NULL)
    return;

  facts->default_route_iface = g_strdup (net->default_route_interface);
  if (net->manager == PIT_HOST_NET_MANAGER_NETWORK_MANAGER)
    facts->net_manager = PIT_PLAN_NET_NETWORKMANAGER;
  else if (net->manager == PIT_HOST_NET_MANAGER_NETWORKD)
    facts->net_manager = PIT_PLAN_NET_NETWORKD;
  else if (net->manager == PIT_HOST_NET_MANAGER_IFUPDOWN)
    facts->net_manager = PIT_PLAN_NET_IFUPDOWN;
  else if (net->network_manager_running)
    facts->net_manager = PIT_PLAN_NET_NETWORKMANAGER;
  else if (net->networkd_running)
    facts->net_manager = PIT_PLAN_NET_NETWORKD;

  for (guint i = 0; i < net->interfaces->len; i++)
    {
      PitHostNetInterface *iface = g_ptr_array_index (net->interfaces, i);
      PitPlanNetInterface *mine;

      mine = pit_plan_facts_add_net (facts, iface->name,
                                     iface->kind == PIT_HOST_NET_KIND_PHYSICAL
                                     || iface->kind == PIT_HOST_NET_KIND_WIRELESS,
                                     iface->kind == PIT_HOST_NET_KIND_BRIDGE,
                                     iface->master, iface->operstate);
      mine->is_wireless = iface->kind == PIT_HOST_NET_KIND_WIRELESS;
      mine->mac = g_strdup (iface->mac);
    }
}

static char **
strv_from (GPtrArray *array)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; array != NULL && i < array->len; i++)
    g_strv_builder_add (builder, g_ptr_array_index (array, i));
  return g_strv_builder_end (builder);
}

static void
fill_display (PitPlanFacts   *facts,
              PitHostDisplay *display)
{
  g_autoptr(GStrvBuilder) fbs = g_strv_builder_new ();

  if (display == NULL)
    return;

  facts->display_manager = g_strdup (display->display_manager);
  facts->compositors = strv_from (display->compositors);
  facts->audio_servers = strv_from (display->audio_servers);
  facts->framebuffers = strv_from (display->framebuffers);
  for (guint i = 0; i < display->firmware_fbs->len; i++)
    {
      PitHostFirmwareFb *fb = g_ptr_array_index (display->firmware_fbs, i);
      g_autofree char *both = g_strdup_printf ("%s/%s", fb->driver, fb->device);

      g_strv_builder_add (fbs, both);
    }
  facts->firmware_fbs = g_strv_builder_end (fbs);
  for (guint i = 0; i < display->vtconsoles->len; i++)
    {
      PitHostVtconsole *vt = g_ptr_array_index (display->vtconsoles, i);

      if (vt->bound)
        g_array_append_val (facts->vtconsoles, vt->index);
    }
  for (guint i = 0; i < facts->pci->len; i++)
    {
      PitPlanPciDevice *dev = g_ptr_array_index (facts->pci, i);
      g_autoptr(GPtrArray) nodes = pit_host_display_nodes_of (display, dev->address);

      if (nodes->len > 0)
        dev->dev_nodes = strv_from (nodes);
    }
}

/**
 * pit_plan_facts_new_from_inventory:
 * Returns: (transfer full): the plan's view of @inventory
 */
PitPlanFacts *
pit_plan_facts_new_from_inventory (PitHostInventory *inventory)
{
  g_autoptr(PitPlanFacts) facts = pit_plan_facts_new ();
  PitHostCpuTopology *cpu = pit_host_inventory_get_cpu (inventory);
  PitHostIommu *iommu = pit_host_inventory_get_iommu (inventory);
  PitHostMemory *memory = pit_host_inventory_get_memory (inventory);
  GPtrArray *pci = pit_host_inventory_get_pci_devices (inventory);
  GPtrArray *problems = pit_host_inventory_get_problems (inventory);

  if (cpu != NULL && cpu->vendor == PIT_HOST_CPU_VENDOR_INTEL)
    facts->cpu_vendor = PIT_PLAN_CPU_INTEL;
  else if (cpu != NULL && cpu->vendor == PIT_HOST_CPU_VENDOR_AMD)
    facts->cpu_vendor = PIT_PLAN_CPU_AMD;
  facts->iommu_enabled = iommu != NULL && iommu->enabled == 1;

  for (guint i = 0; pci != NULL && i < pci->len; i++)
    {
      PitHostPciDevice *dev = g_ptr_array_index (pci, i);
      PitPlanPciDevice *mine;

      mine = pit_plan_facts_add_pci (facts, dev->address, dev->vendor_id, dev->device_id,
                                     dev->class_id, dev->driver, dev->iommu_group);
      facts->drivers_unknown |= !dev->driver_known;
      mine->boot_vga = dev->boot_vga == 1;
      if (dev->vendor_name != NULL && dev->device_name != NULL)
        mine->name = g_strdup_printf ("%s %s", dev->vendor_name, dev->device_name);
    }

  /* the inventory's passthrough sets, so the plan and `pitstop-cli host` agree */
  {
    g_autoptr(GPtrArray) gpus = pit_host_inventory_get_gpus (inventory);

    for (guint i = 0; gpus != NULL && i < gpus->len; i++)
      {
        PitHostPassthrough *passthrough = g_ptr_array_index (gpus, i);
        PitPlanPciDevice *mine = (PitPlanPciDevice *) pit_plan_facts_find_pci (facts,
                                                                               passthrough->device->address);
        g_autoptr(GStrvBuilder) set = g_strv_builder_new ();

        if (mine == NULL)
          continue;
        for (guint j = 0; j < passthrough->devices->len; j++)
          g_strv_builder_add (set, ((PitHostPciDevice *) g_ptr_array_index (passthrough->devices, j))->address);
        mine->passthrough = g_strv_builder_end (set);
      }
  }

  if (memory != NULL)
    {
      facts->memory_kib = memory->total_kib > 0 ? (guint64) memory->total_kib : 0;
      for (guint i = 0; memory->pools != NULL && i < memory->pools->len; i++)
        {
          PitHostHugepagePool *pool = g_ptr_array_index (memory->pools, i);

          pit_plan_facts_add_hugepages (facts, pool->size_kib, MAX (pool->total, 0),
                                        MAX (pool->free, 0));
        }
    }

  facts->remote = pit_host_inventory_get_source (inventory) == PIT_HOST_SOURCE_REMOTE;
  fill_boot (facts, pit_host_inventory_get_boot (inventory));
  fill_net (facts, pit_host_inventory_get_net (inventory));
  fill_display (facts, pit_host_inventory_get_display (inventory));
  for (guint i = 0; problems != NULL && i < problems->len; i++)
    g_ptr_array_add (facts->problems, g_strdup (g_ptr_array_index (problems, i)));

  return g_steal_pointer (&facts);
}

/**
 * pit_plan_facts_probe:
 * Reads the host inventory under @root and keeps what the plan needs.
 * Returns: (transfer full) (nullable): the facts
 */
PitPlanFacts *
pit_plan_facts_probe (const char  *root,
                      const char  *pci_dump,
                      GError     **error)
{
  PitHostProbeOptions options = { root, pci_dump, NULL };
  g_autoptr(PitHostInventory) inventory = pit_host_inventory_probe (&options, error);

  if (inventory == NULL)
    return NULL;
  return pit_plan_facts_new_from_inventory (inventory);
}
