/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "host-test.h"

static void
test_memory_before (void)
{
  g_autoptr(PitHostInventory) inventory = host_test_probe_tree ("story-nouveau", NULL);
  PitHostMemory *memory = pit_host_inventory_get_memory (inventory);
  PitHostHugepagePool *two = pit_host_memory_get_pool (memory, 2048);
  PitHostHugepagePool *one_g = pit_host_memory_get_pool (memory, 1048576);

  g_assert_cmpint (memory->total_kib, ==, 32803136);
  g_assert_cmpint (memory->default_hugepage_kib, ==, 2048);
  g_assert_cmpuint (memory->pools->len, ==, 2);
  g_assert_nonnull (two);
  g_assert_nonnull (one_g);
  g_assert_cmpint (one_g->total, ==, 0);
  g_assert_cmpint (one_g->free, ==, 0);
  g_assert_null (pit_host_memory_get_pool (memory, 16384));
  g_assert_cmpuint (memory->node_pools->len, ==, 2);
}

static void
test_memory_pools (void)
{
  g_autoptr(PitHostInventory) tuned = host_test_probe_tree ("story-vfio", NULL);
  g_autoptr(PitHostInventory) hybrid = host_test_probe_tree ("intel-hybrid-arch", NULL);
  PitHostHugepagePool *gig = pit_host_memory_get_pool (pit_host_inventory_get_memory (tuned), 1048576);
  PitHostMemory *memory = pit_host_inventory_get_memory (hybrid);
  PitHostHugepagePool *node_pool = memory->node_pools->pdata[1];

  g_assert_cmpint (gig->total, ==, 24);
  g_assert_cmpint (gig->free, ==, 24);
  g_assert_cmpint (gig->reserved, ==, 0);
  g_assert_cmpint (pit_host_memory_get_pool (memory, 2048)->total, ==, 2048);
  g_assert_cmpint (pit_host_memory_get_pool (memory, 1048576)->free, ==, 6);
  g_assert_cmpint (node_pool->node, ==, 0);
  g_assert_cmpuint (node_pool->size_kib, ==, 1048576);
  g_assert_cmpint (node_pool->total, ==, 8);
  g_assert_cmpint (node_pool->reserved, ==, -1);   /* per-node pools have no resv count */
}

static void
test_net_story (void)
{
  g_autoptr(PitHostInventory) before = host_test_probe_tree ("story-nouveau", NULL);
  g_autoptr(PitHostInventory) after = host_test_probe_tree ("story-vfio", NULL);
  PitHostNet *net = pit_host_inventory_get_net (before);
  PitHostNetInterface *eno2 = pit_host_net_get_interface (net, "eno2");
  PitHostNetInterface *bridge;

  g_assert_cmpuint (net->interfaces->len, ==, 1);    /* lo is left out */
  g_assert_cmpstr (net->default_route_interface, ==, "eno2");
  g_assert_cmpint (net->manager, ==, PIT_HOST_NET_MANAGER_NIXOS_SCRIPTED);
  g_assert_cmpint (eno2->kind, ==, PIT_HOST_NET_KIND_PHYSICAL);
  g_assert_cmpstr (eno2->pci_address, ==, "0000:00:1f.6");
  g_assert_cmpstr (eno2->mac, ==, "30:85:a9:12:34:56");
  g_assert_true (eno2->default_route);
  g_assert_null (eno2->master);

  net = pit_host_inventory_get_net (after);
  bridge = pit_host_net_get_interface (net, "br-lan");
  eno2 = pit_host_net_get_interface (net, "eno2");
  g_assert_cmpint (bridge->kind, ==, PIT_HOST_NET_KIND_BRIDGE);
  g_assert_cmpuint (bridge->ports->len, ==, 1);
  g_assert_cmpstr (bridge->ports->pdata[0], ==, "eno2");
  g_assert_cmpstr (eno2->master, ==, "br-lan");
  g_assert_false (eno2->default_route);
  g_assert_cmpstr (net->default_route_interface, ==, "br-lan");
  g_assert_cmpint (bridge->manager, ==, PIT_HOST_NET_MANAGER_NIXOS_SCRIPTED);
}

static void
test_net_managers (void)
{
  g_autoptr(PitHostInventory) fedora = host_test_probe_tree ("amd-fedora-usb-group", NULL);
  g_autoptr(PitHostInventory) arch = host_test_probe_tree ("intel-hybrid-arch", NULL);
  g_autoptr(PitHostInventory) debian = host_test_probe_tree ("debian-iommu-off", NULL);

  g_assert_cmpint (pit_host_inventory_get_net (fedora)->manager, ==, PIT_HOST_NET_MANAGER_NETWORK_MANAGER);
  g_assert_true (pit_host_inventory_get_net (fedora)->network_manager_running);
  g_assert_cmpint (pit_host_inventory_get_net (arch)->manager, ==, PIT_HOST_NET_MANAGER_NETWORKD);
  g_assert_cmpint (pit_host_inventory_get_net (debian)->manager, ==, PIT_HOST_NET_MANAGER_IFUPDOWN);
  g_assert_cmpstr (pit_host_net_manager_to_id (PIT_HOST_NET_MANAGER_NETWORKD), ==, "systemd-networkd");
}

static void
test_boot (void)
{
  const struct
  {
    const char *tree, *os_id, *like;
    PitHostBootloader bootloader;
    PitHostInitramfs initramfs;
    const char *iommu_param;
  } cases[] = {
    { "story-nouveau", "nixos", NULL, PIT_HOST_BOOTLOADER_SYSTEMD_BOOT, PIT_HOST_INITRAMFS_NIXOS, "intel_iommu" },
    { "amd-fedora-usb-group", "fedora", NULL, PIT_HOST_BOOTLOADER_GRUB, PIT_HOST_INITRAMFS_DRACUT, "amd_iommu" },
    { "debian-iommu-off", "debian", NULL, PIT_HOST_BOOTLOADER_GRUB, PIT_HOST_INITRAMFS_INITRAMFS_TOOLS, NULL },
    { "intel-hybrid-arch", "arch", NULL, PIT_HOST_BOOTLOADER_SYSTEMD_BOOT, PIT_HOST_INITRAMFS_MKINITCPIO, "intel_iommu" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(PitHostInventory) inventory = host_test_probe_tree (cases[i].tree, NULL);
      PitHostBoot *boot = pit_host_inventory_get_boot (inventory);

      g_test_message ("%s", cases[i].tree);
      g_assert_cmpstr (boot->os_id, ==, cases[i].os_id);
      g_assert_cmpint (boot->bootloader, ==, cases[i].bootloader);
      g_assert_cmpint (boot->initramfs, ==, cases[i].initramfs);
      g_assert_nonnull (boot->cmdline);
      g_assert_nonnull (boot->kernel_release);
      g_assert_nonnull (boot->modules);
      if (cases[i].iommu_param != NULL)
        g_assert_cmpstr (pit_host_boot_get_param (boot, cases[i].iommu_param), ==, "on");
      else
        {
          g_assert_null (pit_host_boot_get_param (boot, "intel_iommu"));
          g_assert_null (pit_host_boot_get_param (boot, "amd_iommu"));
        }
      g_assert_cmpuint (pit_host_inventory_get_problems (inventory)->len, ==, 0);
    }
}

static void
test_boot_story (void)
{
  g_autoptr(PitHostInventory) before = host_test_probe_tree ("story-nouveau", NULL);
  g_autoptr(PitHostInventory) after = host_test_probe_tree ("story-vfio", NULL);
  PitHostBoot *boot = pit_host_inventory_get_boot (before);

  g_assert_cmpstr (boot->os_name, ==, "NixOS 23.11 (Tapir)");
  g_assert_cmpstr (boot->os_version_id, ==, "23.11");
  g_assert_true (pit_host_boot_os_is (boot, "nixos"));
  g_assert_cmpint (pit_host_boot_has_module (boot, "nouveau"), ==, 1);
  g_assert_cmpint (pit_host_boot_has_module (boot, "vfio-pci"), ==, 0);
  g_assert_null (pit_host_boot_get_param (boot, "iommu"));

  boot = pit_host_inventory_get_boot (after);
  g_assert_cmpint (pit_host_boot_has_module (boot, "vfio_pci"), ==, 1);
  g_assert_cmpint (pit_host_boot_has_module (boot, "nouveau"), ==, 0);
  g_assert_cmpstr (pit_host_boot_get_param (boot, "vfio-pci.ids"), ==, "10de:1b80,10de:10f0");
  g_assert_cmpstr (pit_host_boot_get_param (boot, "hugepages"), ==, "24");
  g_assert_cmpstr (pit_host_boot_get_param (boot, "iommu"), ==, "pt");
}

static void
test_storage_zvol (void)
{
  const char *paths[] = { "/dev/zvol/hddpool/win10", NULL };
  g_autoptr(PitHostInventory) idle = host_test_probe_tree ("story-nouveau", paths);
  g_autoptr(PitHostInventory) scrubbing = host_test_probe_tree ("story-zfs-scrub", paths);
  PitHostStorage *s = pit_host_inventory_get_storage (idle)->pdata[0];

  g_assert_cmpint (s->kind, ==, PIT_HOST_STORAGE_KIND_ZVOL);
  g_assert_cmpstr (s->block_device, ==, "zd0");
  g_assert_cmpstr (s->zfs_pool, ==, "hddpool");
  g_assert_cmpstr (s->zfs_dataset, ==, "hddpool/win10");
  g_assert_cmpstr (s->zfs_state, ==, "ONLINE");
  g_assert_cmpint (s->zfs_scan, ==, PIT_HOST_ZFS_SCAN_NONE);
  /* the zvol itself says non-rotational; the pool's mirror is two HDDs */
  g_assert_cmpuint (s->disks->len, ==, 2);
  g_assert_cmpstr (((PitHostBlockDevice *) s->disks->pdata[0])->name, ==, "sda");
  g_assert_cmpint (((PitHostBlockDevice *) s->disks->pdata[0])->rotational, ==, 1);
  g_assert_cmpint (s->rotational, ==, 1);
  g_assert_cmpuint (pit_host_inventory_get_problems (idle)->len, ==, 0);

  s = pit_host_inventory_get_storage (scrubbing)->pdata[0];
  g_assert_cmpint (s->zfs_scan, ==, PIT_HOST_ZFS_SCAN_SCRUB);
  g_assert_cmpstr (pit_host_zfs_scan_to_id (s->zfs_scan), ==, "scrub");
}

static void
test_storage_other (void)
{
  const char *paths[] = { "/var/lib/libvirt/images/ubuntu-dev.qcow2", "/dev/sda1", "/dev/disk/by-id/ata-WDC_WD40EFRX-68N32N0_WD-WCC7K1PL7Y02",
                          "/dev/zvol/ssdpool/fedora", "/var/lib/libvirt/images/missing.qcow2", "relative.img", NULL };
  g_autoptr(PitHostInventory) inventory = host_test_probe_tree ("story-nouveau", paths);
  GPtrArray *storage = pit_host_inventory_get_storage (inventory);
  PitHostStorage *file = storage->pdata[0];
  PitHostStorage *partition = storage->pdata[1];
  PitHostStorage *by_id = storage->pdata[2];
  PitHostStorage *ssd = storage->pdata[3];
  PitHostStorage *missing = storage->pdata[4];

  g_assert_cmpuint (storage->len, ==, 6);
  /* a file on a ZFS dataset: the pool's disks */
  g_assert_cmpint (file->kind, ==, PIT_HOST_STORAGE_KIND_FILE);
  g_assert_cmpstr (file->filesystem, ==, "zfs");
  g_assert_cmpstr (file->zfs_pool, ==, "ssdpool");
  g_assert_cmpint (file->rotational, ==, 0);
  g_assert_cmpstr (((PitHostBlockDevice *) file->disks->pdata[0])->name, ==, "nvme0n1");

  g_assert_cmpint (partition->kind, ==, PIT_HOST_STORAGE_KIND_BLOCK);
  g_assert_cmpstr (partition->block_device, ==, "sda1");
  g_assert_cmpstr (((PitHostBlockDevice *) partition->disks->pdata[0])->name, ==, "sda");
  g_assert_cmpint (partition->rotational, ==, 1);
  g_assert_null (partition->zfs_pool);

  g_assert_cmpstr (by_id->block_device, ==, "sdb");
  g_assert_cmpint (ssd->rotational, ==, 0);
  g_assert_cmpint (missing->kind, ==, PIT_HOST_STORAGE_KIND_UNKNOWN);
  g_assert_cmpint (missing->rotational, ==, -1);
  g_assert_true (host_test_has_problem (inventory, "/var/lib/libvirt/images/missing.qcow2 does not exist"));
  g_assert_true (host_test_has_problem (inventory, "“relative.img” is not an absolute path"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/host/memory/before", test_memory_before);
  g_test_add_func ("/host/memory/pools", test_memory_pools);
  g_test_add_func ("/host/net/story", test_net_story);
  g_test_add_func ("/host/net/managers", test_net_managers);
  g_test_add_func ("/host/boot/targets", test_boot);
  g_test_add_func ("/host/boot/story", test_boot_story);
  g_test_add_func ("/host/storage/zvol", test_storage_zvol);
  g_test_add_func ("/host/storage/other", test_storage_other);

  return g_test_run ();
}
