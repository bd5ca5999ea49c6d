/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "host-test.h"
#include "pit-error.h"

/* The hardware traps the inventory knows before the first start: reset
 * methods and known reset bugs, ROMs, BAR sizes and Resizable BAR, what a
 * shared IOMMU group's other devices do for the host, L3 cache domains.
 * Trees: x3d-navi21-sata-group and raptor-polaris-rtx3080 (see
 * tests/fixtures/hosts/README.md). */

#define MiB (G_GUINT64_CONSTANT (1) << 20)
#define GiB (G_GUINT64_CONSTANT (1) << 30)

static PitHostPciBar *
bar (PitHostPciDevice *device,
     guint             index)
{
  PitHostPciBar *found = pit_host_pci_device_get_bar (device, index, FALSE);

  g_assert_nonnull (found);
  return found;
}

static void
test_reset_methods (void)
{
  g_autoptr(PitHostInventory) x3d = host_test_probe_tree ("x3d-navi21-sata-group", NULL);
  g_autoptr(PitHostInventory) raptor = host_test_probe_tree ("raptor-polaris-rtx3080", NULL);
  PitHostPciDevice *navi = pit_host_inventory_find_pci_device (x3d, "03:00.0");
  PitHostPciDevice *nvme = pit_host_inventory_find_pci_device (x3d, "04:00.0");
  PitHostPciDevice *sata = pit_host_inventory_find_pci_device (x3d, "08:00.0");
  PitHostPciDevice *igpu = pit_host_inventory_find_pci_device (raptor, "00:02.0");
  PitHostPciDevice *sata_intel = pit_host_inventory_find_pci_device (raptor, "00:17.0");

  /* reset_method as the kernel lists it */
  g_assert_cmpstrv (navi->reset_methods, ((const char *[]) { "bus", NULL }));
  g_assert_cmpstrv (nvme->reset_methods, ((const char *[]) { "flr", "bus", NULL }));
  g_assert_cmpint (nvme->flr, ==, 1);
  g_assert_cmpint (navi->flr, ==, 0);
  /* an integrated device on the root bus: FLR, no bus reset */
  g_assert_cmpstrv (igpu->reset_methods, ((const char *[]) { "flr", NULL }));
  g_assert_cmpint (igpu->bus_reset, ==, 0);
  /* Linux 6.1 hides reset_method when there is no method: none, not unknown */
  g_assert_nonnull (sata_intel->reset_methods);
  g_assert_null (sata_intel->reset_methods[0]);
  /* alone on its bus below a bridge */
  g_assert_cmpint (navi->bus_reset, ==, 1);
  g_assert_cmpint (sata->bus_reset, ==, 1);
}

static void
test_reset_quirks (void)
{
  g_autofree char *table = NULL;
  g_auto(GStrv) ids = NULL;
  guint vendor_reset = 0;

  /* the RX 580 (Polaris 10), the RX 6800 XT (Navi 21), the 7950X3D's iGPU */
  g_assert_cmpint (pit_host_reset_quirk_lookup (0x1002, 0x67df)->kind, ==, PIT_HOST_RESET_QUIRK_VENDOR_RESET);
  g_assert_cmpstr (pit_host_reset_quirk_lookup (0x1002, 0x67df)->family, ==, "Polaris 10");
  g_assert_cmpint (pit_host_reset_quirk_lookup (0x1002, 0x73bf)->kind, ==, PIT_HOST_RESET_QUIRK_REPORTED);
  g_assert_cmpstr (pit_host_reset_quirk_lookup (0x1002, 0x73bf)->family, ==, "Navi 21");
  g_assert_cmpint (pit_host_reset_quirk_lookup (0x1002, 0x744c)->kind, ==, PIT_HOST_RESET_QUIRK_REPORTED);
  g_assert_cmpstr (pit_host_reset_quirk_lookup (0x1002, 0x164e)->family, ==, "Raphael (integrated)");
  /* the same device id of another vendor, and an NVIDIA card: nothing */
  g_assert_cmpint (pit_host_reset_quirk_lookup (0x10de, 0x67df)->kind, ==, PIT_HOST_RESET_QUIRK_NONE);
  g_assert_cmpint (pit_host_reset_quirk_lookup (0x10de, 0x1b80)->kind, ==, PIT_HOST_RESET_QUIRK_NONE);
  g_assert_null (pit_host_reset_quirk_lookup (0x10de, 0x1b80)->family);
  /* Navi 10's neighbours that vendor-reset does not list (0x7311, 0x731c) */
  g_assert_cmpint (pit_host_reset_quirk_lookup (0x1002, 0x7311)->kind, ==, PIT_HOST_RESET_QUIRK_NONE);
  g_assert_cmpint (pit_host_reset_quirk_lookup (0x1002, 0x731c)->kind, ==, PIT_HOST_RESET_QUIRK_NONE);

  /* every id of vendor-reset's device table (src/device-db.h at 084881c,
   * 2024-04), and no other id of 0x6000-0x73ff */
  table = g_strdup ("67c0 67c1 67c2 67c4 67c7 67d0 67df 67c8 67c9 67ca 67cc 67cf 6fdf "
                    "67e0 67e3 67e8 67eb 67ef 67ff 67e1 67e7 67e9 "
                    "6980 6981 6985 6986 6987 6995 6997 699f "
                    "6860 6861 6862 6863 6864 6867 6868 6869 686a 686b 686c 686d 686e 686f 687f "
                    "66a0 66a1 66a2 66a3 66a4 66a7 66af "
                    "7310 7312 7318 7319 731a 731b 731e 731f "
                    "7340 7341 7347 734f 7360 7362 738c");
  ids = g_strsplit (table, " ", -1);
  g_assert_cmpuint (g_strv_length (ids), ==, 67);
  for (guint i = 0; ids[i] != NULL; i++)
    g_assert_cmpint (pit_host_reset_quirk_lookup (0x1002, (guint16) g_ascii_strtoull (ids[i], NULL, 16))->kind,
                     ==, PIT_HOST_RESET_QUIRK_VENDOR_RESET);
  for (guint id = 0x6000; id < 0x7400; id++)
    vendor_reset += pit_host_reset_quirk_lookup (0x1002, id)->kind == PIT_HOST_RESET_QUIRK_VENDOR_RESET;
  g_assert_cmpuint (vendor_reset, ==, 67);
}

static void
test_bars_and_rom (void)
{
  g_autoptr(PitHostInventory) x3d = host_test_probe_tree ("x3d-navi21-sata-group", NULL);
  g_autoptr(PitHostInventory) raptor = host_test_probe_tree ("raptor-polaris-rtx3080", NULL);
  PitHostPciDevice *navi = pit_host_inventory_find_pci_device (x3d, "03:00.0");
  PitHostPciDevice *gtx = pit_host_inventory_find_pci_device (x3d, "07:00.0");
  PitHostPciDevice *rtx = pit_host_inventory_find_pci_device (raptor, "01:00.0");
  guint index = 99;

  /* RTX 3080 with Resizable BAR on: BAR 1 is 16 GiB, from "resource" */
  g_assert_cmpuint (bar (rtx, 1)->size, ==, 16 * GiB);
  g_assert_cmpint (bar (rtx, 1)->is_64bit, ==, 1);
  g_assert_cmpint (bar (rtx, 1)->prefetchable, ==, 1);
  g_assert_true (bar (rtx, 1)->resizable);
  g_assert_cmpuint (bar (rtx, 1)->resizable_max, ==, 16 * GiB);
  g_assert_cmpuint (bar (rtx, 0)->size, ==, 16 * MiB);
  g_assert_false (bar (rtx, 0)->resizable);
  g_assert_cmpuint (pit_host_pci_device_largest_bar (rtx, &index), ==, 16 * GiB);
  g_assert_cmpuint (index, ==, 1);
  /* GTX 1080, no Resizable BAR: 256 MiB, not over the line */
  g_assert_cmpint (gtx->resizable_bar, ==, 0);
  g_assert_cmpuint (pit_host_pci_device_largest_bar (gtx, NULL), ==, 256 * MiB);
  g_assert_false (pit_host_pci_device_largest_bar (gtx, NULL) > PIT_HOST_PCI_LARGE_BAR);
  /* RX 6800 XT: the capability is there, off in the firmware (256 MiB of up to 16 GiB) */
  g_assert_cmpint (navi->resizable_bar, ==, 1);
  g_assert_cmpuint (bar (navi, 0)->size, ==, 256 * MiB);
  g_assert_cmpuint (bar (navi, 0)->resizable_max, ==, 16 * GiB);

  /* the boot GPU's ROM is the firmware's shadow copy; the other one's is its own */
  g_assert_cmpint (navi->boot_vga, ==, 1);
  g_assert_cmpint (navi->rom, ==, 1);
  g_assert_cmpint (navi->rom_shadowed, ==, 1);
  g_assert_cmpuint (navi->rom_size, ==, 128 * 1024);
  g_assert_cmpint (gtx->rom, ==, 1);
  g_assert_cmpint (gtx->rom_shadowed, ==, 0);
  g_assert_cmpuint (gtx->rom_size, ==, 512 * 1024);
}

/* An lspci dump has no sysfs: BAR sizes come from the Resizable BAR
 * capability, reset methods and ROM stay unknown */
static void
test_dump (void)
{
  g_autofree char *dump = host_test_tree ("raptor-polaris-rtx3080.lspci");
  g_autoptr(GError) error = NULL;
  g_autoptr(PitHostInventory) inventory = NULL;
  g_autofree char *empty = g_dir_make_tmp ("pitstop-empty-XXXXXX", &error);
  PitHostProbeOptions options = { empty, dump, NULL };
  PitHostPciDevice *rtx, *polaris;

  g_assert_no_error (error);
  inventory = pit_host_inventory_probe (&options, &error);
  g_assert_no_error (error);
  rtx = pit_host_inventory_find_pci_device (inventory, "01:00.0");
  polaris = pit_host_inventory_find_pci_device (inventory, "02:00.0");
  g_assert_cmpint (rtx->resizable_bar, ==, 1);
  g_assert_cmpuint (rtx->bars->len, ==, 1);
  g_assert_cmpuint (bar (rtx, 1)->size, ==, 16 * GiB);
  g_assert_cmpint (bar (rtx, 1)->is_64bit, ==, -1);
  g_assert_null (rtx->reset_methods);
  g_assert_cmpint (rtx->rom, ==, -1);
  g_assert_cmpint (polaris->flr, ==, 0);
  g_assert_cmpint (polaris->resizable_bar, ==, 0);
  g_assert_cmpuint (polaris->bars->len, ==, 0);
  /* the dump lists every device: the bus is known */
  g_assert_cmpint (polaris->bus_reset, ==, 1);
  g_rmdir (empty);
}

static void
test_group_uses (void)
{
  g_autoptr(PitHostInventory) x3d = host_test_probe_tree ("x3d-navi21-sata-group", NULL);
  g_autoptr(PitHostPassthrough) gtx = pit_host_inventory_get_passthrough (x3d, "07:00.0", NULL);
  g_autoptr(PitHostPassthrough) navi = pit_host_inventory_get_passthrough (x3d, "03:00.0", NULL);
  PitHostStorage *root_fs = pit_host_inventory_get_root_fs (x3d);
  g_autoptr(GPtrArray) uses = NULL;
  g_autoptr(GPtrArray) nvme_uses = NULL;
  g_autoptr(GPtrArray) nic_uses = NULL;
  g_autofree char *text = NULL;

  /* the root file system sits on sda, on the chipset's SATA controller */
  g_assert_nonnull (root_fs);
  g_assert_cmpstr (root_fs->filesystem, ==, "btrfs");
  g_assert_cmpuint (root_fs->disks->len, ==, 1);
  g_assert_cmpstr (((PitHostBlockDevice *) root_fs->disks->pdata[0])->name, ==, "sda");
  g_assert_cmpstr (((PitHostBlockDevice *) root_fs->disks->pdata[0])->controller, ==, "0000:08:00.0");

  /* the GTX 1080's group holds that controller: a stop sign */
  g_assert_false (gtx->viable);
  g_assert_cmpuint (gtx->foreign->len, ==, 1);
  uses = pit_host_inventory_get_device_uses (x3d, gtx->foreign->pdata[0]);
  g_assert_cmpuint (uses->len, ==, 1);
  g_assert_cmpint (((PitHostDeviceUse *) uses->pdata[0])->kind, ==, PIT_HOST_DEVICE_USE_ROOT_DISK);
  g_assert_true (pit_host_device_use_is_stop (uses->pdata[0]));
  text = pit_host_device_use_describe (uses->pdata[0]);
  g_assert_nonnull (strstr (text, "sda, Samsung SSD 870 EVO 1TB"));

  /* the RX 6800 XT's is its own */
  g_assert_true (navi->viable);
  g_assert_cmpuint (navi->foreign->len, ==, 0);

  /* another disk, the network card of the default route */
  nvme_uses = pit_host_inventory_get_device_uses (x3d, pit_host_inventory_find_pci_device (x3d, "04:00.0"));
  g_assert_cmpuint (nvme_uses->len, ==, 1);
  g_assert_cmpint (((PitHostDeviceUse *) nvme_uses->pdata[0])->kind, ==, PIT_HOST_DEVICE_USE_DISK);
  g_assert_false (pit_host_device_use_is_stop (nvme_uses->pdata[0]));
  nic_uses = pit_host_inventory_get_device_uses (x3d, pit_host_inventory_find_pci_device (x3d, "09:00.0"));
  g_assert_cmpuint (nic_uses->len, ==, 1);
  g_assert_cmpint (((PitHostDeviceUse *) nic_uses->pdata[0])->kind, ==, PIT_HOST_DEVICE_USE_DEFAULT_ROUTE);
  g_assert_cmpstr (((PitHostDeviceUse *) nic_uses->pdata[0])->detail, ==, "enp9s0");
}

static void
test_l3_domains (void)
{
  g_autoptr(PitHostInventory) x3d = host_test_probe_tree ("x3d-navi21-sata-group", NULL);
  g_autoptr(PitHostInventory) raptor = host_test_probe_tree ("raptor-polaris-rtx3080", NULL);
  g_autoptr(PitHostInventory) story = host_test_probe_tree ("story-nouveau", NULL);
  PitHostCpuTopology *cpu = pit_host_inventory_get_cpu (x3d);
  PitHostCacheDomain *ccd0, *ccd1;
  g_autofree char *list0 = NULL;
  g_autofree char *list1 = NULL;

  g_assert_cmpuint (cpu->l3_domains->len, ==, 2);
  ccd0 = cpu->l3_domains->pdata[0];
  ccd1 = cpu->l3_domains->pdata[1];
  list0 = pit_host_format_cpulist ((guint *) ccd0->cpus->data, ccd0->cpus->len);
  list1 = pit_host_format_cpulist ((guint *) ccd1->cpus->data, ccd1->cpus->len);
  g_assert_cmpstr (list0, ==, "0-7,16-23");
  g_assert_cmpstr (list1, ==, "8-15,24-31");
  g_assert_cmpuint (ccd0->size_kib, ==, 96 * 1024);
  g_assert_cmpuint (ccd1->size_kib, ==, 32 * 1024);
  g_assert_cmpint (ccd0->level, ==, 3);
  g_assert_cmpint (pit_host_cache_domains_largest (cpu->l3_domains), ==, 0);
  g_assert_cmpint (pit_host_cpu_topology_get_cpu (cpu, 17)->l3, ==, 0);
  g_assert_cmpint (pit_host_cpu_topology_get_cpu (cpu, 24)->l3, ==, 1);

  /* one L3 for the whole 13900K, P- and E-cores alike: nothing to prefer */
  cpu = pit_host_inventory_get_cpu (raptor);
  g_assert_cmpuint (cpu->l3_domains->len, ==, 1);
  g_assert_cmpuint (((PitHostCacheDomain *) cpu->l3_domains->pdata[0])->size_kib, ==, 36 * 1024);
  g_assert_cmpint (pit_host_cache_domains_largest (cpu->l3_domains), ==, -1);
  g_assert_cmpint (pit_host_cpu_topology_get_cpu (cpu, 31)->l3, ==, 0);

  /* no cache folders: unknown, and no problem */
  cpu = pit_host_inventory_get_cpu (story);
  g_assert_cmpuint (cpu->l3_domains->len, ==, 0);
  g_assert_cmpint (pit_host_cpu_topology_get_cpu (cpu, 0)->l3, ==, -1);
  g_assert_false (pit_host_inventory_is_partial (story));
}

/* What a script reads from pitstop-cli host --json: per device and per
 * cache domain */
static void
test_cli_json (void)
{
  g_autofree char *root = host_test_tree ("x3d-navi21-sata-group");
  const char *argv[] = { "host", "--root", root, "--json", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (pit_test_run_cli (argv, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "\"l3_domains\":[{\"index\":0,\"id\":0,\"size_kib\":98304,\"cpus\":\"0-7,16-23\"},"
                                 "{\"index\":1,\"id\":1,\"size_kib\":32768,\"cpus\":\"8-15,24-31\"}],"
                                 "\"largest_l3\":0}"));
  g_assert_nonnull (strstr (out, "\"resizable_bar\":true,\"bars\":[{\"index\":0,\"size\":268435456,\"is_64bit\":true,"
                                 "\"prefetchable\":true,\"resizable\":true,\"resizable_max\":17179869184},"));
  g_assert_nonnull (strstr (out, "\"rom\":true,\"rom_size\":131072,\"rom_shadowed\":true,\"reset_methods\":[\"bus\"],"
                                 "\"bus_reset\":true,\"reset_quirk\":{\"kind\":\"reported\",\"family\":\"Navi 21\"}}"));
  g_assert_nonnull (strstr (out, "\"foreign\":[\"0000:08:00.0\"],\"foreign_uses\":[{\"address\":\"0000:08:00.0\","
                                 "\"uses\":[{\"kind\":\"root-disk\",\"detail\":\"sda, Samsung SSD 870 EVO 1TB\"}]}],"
                                 "\"stop\":true"));
  g_assert_nonnull (strstr (out, "\"root_fs\":{\"filesystem\":\"btrfs\",\"block_device\":\"sda3\",\"disks\":[\"sda\"]}"));
  g_assert_true (g_str_has_suffix (out, "\"problems\":[]}\n"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/host/traps/reset-methods", test_reset_methods);
  g_test_add_func ("/host/traps/reset-quirks", test_reset_quirks);
  g_test_add_func ("/host/traps/bars-and-rom", test_bars_and_rom);
  g_test_add_func ("/host/traps/dump", test_dump);
  g_test_add_func ("/host/traps/group-uses", test_group_uses);
  g_test_add_func ("/host/traps/l3-domains", test_l3_domains);
  g_test_add_func ("/host/traps/cli-json", test_cli_json);

  return g_test_run ();
}
