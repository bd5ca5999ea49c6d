/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>

#include "host-test.h"
#include "pit-error.h"

static gboolean
has_pci_ids (void)
{
  return g_file_test ("/usr/share/misc/pci.ids", G_FILE_TEST_EXISTS)
         || g_file_test ("/usr/share/hwdata/pci.ids", G_FILE_TEST_EXISTS);
}

static void
test_corpus_dump (void)
{
  g_autofree char *dump = NULL;
  g_autofree char *empty = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PitHostInventory) inventory = NULL;
  PitHostProbeOptions options = { NULL, NULL, NULL };
  PitHostPciDevice *gpu, *audio;

  if (pit_test_skip_without_corpus ())
    return;

  dump = pit_test_corpus_path ("pci-dumps", "asus-p6t6-geforce210.lspci", NULL);
  empty = g_dir_make_tmp ("pitstop-empty-XXXXXX", &error);
  g_assert_no_error (error);
  options.root = empty;
  options.pci_dump = dump;
  inventory = pit_host_inventory_probe (&options, &error);
  g_assert_no_error (error);

  gpu = pit_host_inventory_find_pci_device (inventory, "06:00.0");
  audio = pit_host_inventory_find_pci_device (inventory, "0000:06:00.1");
  g_assert_nonnull (gpu);
  g_assert_nonnull (audio);
  g_assert_cmpuint (gpu->vendor_id, ==, 0x10de);
  g_assert_cmphex (gpu->class_id, ==, 0x0300);
  g_assert_true (pit_host_pci_device_is_gpu (gpu));
  g_assert_cmphex (audio->class_id, ==, 0x0403);
  g_assert_cmpuint (gpu->functions->len, ==, 1);
  g_assert_cmpstr (gpu->functions->pdata[0], ==, "0000:06:00.1");
  g_assert_cmpstr (audio->functions->pdata[0], ==, "0000:06:00.0");
  /* a dump has no driver, IOMMU group or boot_vga: unknown, not made up */
  g_assert_false (gpu->driver_known);
  g_assert_null (gpu->driver);
  g_assert_cmpint (gpu->iommu_group, ==, -1);
  g_assert_cmpint (gpu->boot_vga, ==, -1);
  /* but its config space tells the reset capability */
  g_assert_cmpint (gpu->flr, ==, 0);
  if (has_pci_ids ())
    g_assert_cmpstr (gpu->device_name, ==, "GT218 [GeForce 210]");

  {
    g_autoptr(GPtrArray) gpus = pit_host_inventory_get_gpus (inventory);
    PitHostPassthrough *pt = gpus->pdata[0];

    g_assert_cmpuint (gpus->len, ==, 1);
    g_assert_cmpuint (pt->devices->len, ==, 2);
    g_assert_false (pt->viable_known);   /* no groups in a dump */
  }

  g_rmdir (empty);
}

static void
test_dump_with_tree (void)
{
  g_autofree char *root = host_test_tree ("story-nouveau");
  g_autofree char *dump = pit_test_fixture_path ("hosts", "story-nouveau.lspci", NULL);
  PitHostProbeOptions options = { root, dump, NULL };
  PitHostProbeOptions no_root = { NULL, dump, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(PitHostInventory) inventory = pit_host_inventory_probe (&options, &error);
  g_autoptr(PitHostInventory) alone = NULL;
  g_autoptr(PitHostPassthrough) gpu = NULL;
  PitHostPciDevice *device;

  g_assert_no_error (error);
  /* the dump's devices take the IOMMU groups of the tree recorded with it */
  device = pit_host_inventory_find_pci_device (inventory, "04:00.0");
  g_assert_false (device->driver_known);
  g_assert_cmpint (device->iommu_group, ==, 1);
  g_assert_cmpint (device->flr, ==, 0);
  g_assert_cmpint (pit_host_inventory_find_pci_device (inventory, "00:1f.6")->flr, ==, 1);
  gpu = pit_host_inventory_get_passthrough (inventory, "04:00.0", NULL);
  g_assert_true (gpu->viable);
  g_assert_cmpuint (gpu->devices->len, ==, 2);

  /* without a tree, this machine's IOMMU says nothing about the dump's */
  alone = pit_host_inventory_probe (&no_root, &error);
  g_assert_no_error (error);
  g_assert_cmpint (pit_host_inventory_get_iommu (alone)->enabled, ==, -1);
  g_clear_pointer (&gpu, pit_host_passthrough_unref);
  gpu = pit_host_inventory_get_passthrough (alone, "04:00.0", NULL);
  g_assert_false (gpu->viable_known);
}

static void
test_bad_dump (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) error2 = NULL;
  g_autofree char *dir = g_dir_make_tmp ("pitstop-dump-XXXXXX", &error);
  g_autofree char *garbage = g_build_filename (dir, "garbage.lspci", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.lspci", NULL);
  PitHostProbeOptions options = { dir, garbage, NULL };
  PitHostInventory *inventory;

  g_assert_no_error (error);
  host_test_write (dir, "garbage.lspci", "00:00.0 Host bridge\n00: zz zz\nnot a dump at all\n", -1);

  /* libpci's error handler would exit(1): it must become an error instead */
  inventory = pit_host_inventory_probe (&options, &error);
  g_assert_null (inventory);
  g_assert_error (error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "garbage.lspci"));

  options.pci_dump = missing;
  inventory = pit_host_inventory_probe (&options, &error2);
  g_assert_null (inventory);
  g_assert_error (error2, PIT_ERROR, PIT_ERROR_NOT_FOUND);

  host_test_remove_dir (dir);
}

static void
test_sysfs_story (void)
{
  g_autoptr(PitHostInventory) inventory = host_test_probe_tree ("story-nouveau", NULL);
  GPtrArray *devices = pit_host_inventory_get_pci_devices (inventory);
  PitHostPciDevice *gpu = pit_host_inventory_find_pci_device (inventory, "0000:04:00.0");
  PitHostPciDevice *audio = pit_host_inventory_find_pci_device (inventory, "04:00.1");
  PitHostPciDevice *igpu = pit_host_inventory_find_pci_device (inventory, "00:02.0");
  PitHostPciDevice *nic = pit_host_inventory_find_pci_device (inventory, "00:1f.6");
  PitHostPciDevice *lpc = pit_host_inventory_find_pci_device (inventory, "00:1f.0");

  g_assert_cmpuint (devices->len, ==, 15);
  g_assert_cmpstr (((PitHostPciDevice *) devices->pdata[0])->address, ==, "0000:00:00.0");

  g_assert_cmphex (gpu->vendor_id, ==, 0x10de);
  g_assert_cmphex (gpu->device_id, ==, 0x1b80);
  g_assert_cmphex (gpu->class_id, ==, 0x0300);
  g_assert_cmpint (gpu->subsystem_vendor_id, ==, 0x1043);
  g_assert_true (gpu->driver_known);
  g_assert_cmpstr (gpu->driver, ==, "nouveau");
  g_assert_cmpint (gpu->iommu_group, ==, 1);
  g_assert_cmpint (gpu->boot_vga, ==, 0);
  g_assert_cmpint (gpu->flr, ==, 0);
  g_assert_cmpint (gpu->resizable_bar, ==, 0);
  g_assert_cmpuint (gpu->functions->len, ==, 1);
  g_assert_cmpstr (gpu->functions->pdata[0], ==, "0000:04:00.1");
  if (has_pci_ids ())
    {
      g_assert_cmpstr (gpu->vendor_name, ==, "NVIDIA Corporation");
      g_assert_cmpstr (gpu->device_name, ==, "GP104 [GeForce GTX 1080]");
      g_assert_cmpstr (gpu->class_name, ==, "VGA compatible controller");
    }

  g_assert_cmpstr (audio->driver, ==, "snd_hda_intel");
  g_assert_cmphex (audio->device_id, ==, 0x10f0);
  g_assert_cmpint (audio->boot_vga, ==, 0);   /* only VGA devices can boot the display */

  g_assert_cmpint (igpu->boot_vga, ==, 1);
  g_assert_cmpstr (igpu->driver, ==, "i915");
  g_assert_cmpint (nic->flr, ==, 1);
  g_assert_true (lpc->driver_known);
  g_assert_null (lpc->driver);                /* no driver bound */
  g_assert_cmpuint (lpc->functions->len, ==, 4);   /* 1f.2, 1f.3, 1f.4 and the NIC 1f.6 */
}

static void
test_sysfs_vfio (void)
{
  g_autoptr(PitHostInventory) inventory = host_test_probe_tree ("story-vfio", NULL);

  g_assert_cmpstr (pit_host_inventory_find_pci_device (inventory, "04:00.0")->driver, ==, "vfio-pci");
  g_assert_cmpstr (pit_host_inventory_find_pci_device (inventory, "04:00.1")->driver, ==, "vfio-pci");
}

static void
test_sysfs_rebar (void)
{
  g_autoptr(PitHostInventory) inventory = host_test_probe_tree ("amd-fedora-usb-group", NULL);
  PitHostPciDevice *navi = pit_host_inventory_find_pci_device (inventory, "0b:00.0");
  PitHostPciDevice *polaris = pit_host_inventory_find_pci_device (inventory, "05:00.0");

  g_assert_cmpint (navi->resizable_bar, ==, 1);
  g_assert_cmpint (navi->boot_vga, ==, 1);
  g_assert_cmpint (polaris->resizable_bar, ==, 0);
  g_assert_cmpint (polaris->boot_vga, ==, 0);
  g_assert_cmpstr (polaris->driver, ==, "amdgpu");
}

static void
test_no_pci (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *root = g_dir_make_tmp ("pitstop-nopci-XXXXXX", &error);
  g_autoptr(PitHostInventory) inventory = NULL;

  g_assert_no_error (error);
  inventory = host_test_probe (root, NULL);
  g_assert_cmpuint (pit_host_inventory_get_pci_devices (inventory)->len, ==, 0);
  g_assert_true (host_test_has_problem (inventory, "/sys/bus/pci/devices"));
  g_assert_true (pit_host_inventory_is_partial (inventory));
  g_rmdir (root);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/host/pci/corpus-dump", test_corpus_dump);
  g_test_add_func ("/host/pci/dump-with-tree", test_dump_with_tree);
  g_test_add_func ("/host/pci/bad-dump", test_bad_dump);
  g_test_add_func ("/host/pci/sysfs-story", test_sysfs_story);
  g_test_add_func ("/host/pci/sysfs-vfio", test_sysfs_vfio);
  g_test_add_func ("/host/pci/sysfs-rebar", test_sysfs_rebar);
  g_test_add_func ("/host/pci/no-pci", test_no_pci);

  return g_test_run ();
}
