/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "host-test.h"
#include "pit-error.h"

static const char *
address_at (GPtrArray *devices,
            guint      i)
{
  return ((PitHostPciDevice *) devices->pdata[i])->address;
}

static void
test_story (void)
{
  g_autoptr(PitHostInventory) inventory = host_test_probe_tree ("story-nouveau", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(PitHostPassthrough) gpu = pit_host_inventory_get_passthrough (inventory, "04:00.0", &error);
  g_autoptr(PitHostPassthrough) audio = pit_host_inventory_get_passthrough (inventory, "0000:04:00.1", &error);
  g_autofree char *ids = NULL;
  PitHostIommu *iommu = pit_host_inventory_get_iommu (inventory);
  PitHostIommuGroup *group;

  g_assert_no_error (error);
  g_assert_cmpint (iommu->enabled, ==, 1);
  g_assert_cmpuint (iommu->groups->len, ==, 9);
  group = pit_host_iommu_get_group (iommu, 1);
  g_assert_cmpuint (group->devices->len, ==, 3);   /* root port, GPU, audio (as in host.xml) */
  g_assert_true (pit_host_iommu_group_contains (group, "0000:00:01.0"));

  /* the root port stays with the host; the audio function goes along */
  g_assert_cmpuint (gpu->devices->len, ==, 2);
  g_assert_cmpstr (address_at (gpu->devices, 0), ==, "0000:04:00.0");
  g_assert_cmpstr (address_at (gpu->devices, 1), ==, "0000:04:00.1");
  g_assert_true (gpu->viable);
  g_assert_true (gpu->viable_known);
  g_assert_null (gpu->reason);
  g_assert_cmpuint (gpu->foreign->len, ==, 0);
  ids = pit_host_passthrough_dup_ids (gpu);
  g_assert_cmpstr (ids, ==, "10de:1b80,10de:10f0");

  /* starting from the audio function gives the same set, audio first */
  g_assert_cmpuint (audio->devices->len, ==, 2);
  g_assert_cmpstr (address_at (audio->devices, 0), ==, "0000:04:00.1");
  g_assert_true (pit_host_passthrough_contains (audio, "0000:04:00.0"));

  /* chipset group 7: the LPC bridge is no PCI-to-PCI bridge and goes
   * along, and so does the NIC, another function of slot 1f */
  {
    g_autoptr(PitHostPassthrough) smbus = pit_host_inventory_get_passthrough (inventory, "00:1f.4", NULL);

    g_assert_cmpuint (smbus->devices->len, ==, 5);
    g_assert_true (pit_host_passthrough_contains (smbus, "0000:00:1f.0"));
    g_assert_true (pit_host_passthrough_contains (smbus, "0000:00:1f.6"));
    g_assert_true (smbus->viable);   /* all functions of slot 1f */
  }
}

static void
test_shared_group (void)
{
  g_autoptr(PitHostInventory) inventory = host_test_probe_tree ("amd-fedora-usb-group", NULL);
  g_autoptr(PitHostPassthrough) polaris = pit_host_inventory_get_passthrough (inventory, "05:00.0", NULL);
  g_autoptr(PitHostPassthrough) navi = pit_host_inventory_get_passthrough (inventory, "0b:00.0", NULL);
  g_autoptr(GPtrArray) gpus = pit_host_inventory_get_gpus (inventory);

  /* group 13: chipset USB + two chipset bridges + the RX 580 and its audio */
  g_assert_cmpuint (polaris->devices->len, ==, 3);
  g_assert_true (pit_host_passthrough_contains (polaris, "0000:05:00.1"));
  g_assert_true (pit_host_passthrough_contains (polaris, "0000:02:00.0"));
  g_assert_false (pit_host_passthrough_contains (polaris, "0000:02:00.2"));
  g_assert_false (pit_host_passthrough_contains (polaris, "0000:03:04.0"));
  g_assert_false (polaris->viable);
  g_assert_true (polaris->viable_known);
  g_assert_cmpuint (polaris->foreign->len, ==, 1);
  g_assert_cmpstr (address_at (polaris->foreign, 0), ==, "0000:02:00.0");
  g_assert_nonnull (strstr (polaris->reason, "0000:02:00.0"));
  g_assert_nonnull (strstr (polaris->reason, "IOMMU group 13"));

  g_assert_true (navi->viable);
  g_assert_cmpuint (navi->devices->len, ==, 2);

  g_assert_cmpuint (gpus->len, ==, 2);
  g_assert_cmpstr (((PitHostPassthrough *) gpus->pdata[0])->device->address, ==, "0000:05:00.0");
}

static void
test_iommu_off (void)
{
  g_autoptr(PitHostInventory) inventory = host_test_probe_tree ("debian-iommu-off", NULL);
  g_autoptr(PitHostPassthrough) gpu = pit_host_inventory_get_passthrough (inventory, "01:00.0", NULL);
  PitHostIommu *iommu = pit_host_inventory_get_iommu (inventory);
  const char * const *params = pit_host_iommu_enable_params (pit_host_inventory_get_cpu (inventory)->vendor);

  g_assert_cmpint (iommu->enabled, ==, 0);
  g_assert_cmpuint (iommu->groups->len, ==, 0);
  g_assert_cmpint (pit_host_inventory_find_pci_device (inventory, "01:00.0")->iommu_group, ==, -1);
  g_assert_false (gpu->viable);
  g_assert_true (gpu->viable_known);
  g_assert_nonnull (strstr (gpu->reason, "IOMMU is off"));
  g_assert_cmpuint (gpu->devices->len, ==, 2);    /* still the slot's functions */
  g_assert_cmpstr (params[0], ==, "intel_iommu=on");
  g_assert_null (params[1]);
  g_assert_false (host_test_has_problem (inventory, "iommu"));
  g_assert_cmpstr (pit_host_iommu_enable_params (PIT_HOST_CPU_VENDOR_AMD)[0], ==, "amd_iommu=on");
  g_assert_null (pit_host_iommu_enable_params (PIT_HOST_CPU_VENDOR_UNKNOWN));
}

static void
test_errors (void)
{
  g_autoptr(PitHostInventory) inventory = host_test_probe_tree ("story-nouveau", NULL);
  g_autoptr(GError) missing = NULL;
  g_autoptr(GError) malformed = NULL;

  g_assert_null (pit_host_inventory_get_passthrough (inventory, "0000:05:00.0", &missing));
  g_assert_error (missing, PIT_ERROR, PIT_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (missing->message, "0000:05:00.0"));
  g_assert_null (pit_host_inventory_get_passthrough (inventory, "gpu0", &malformed));
  g_assert_error (malformed, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/host/passthrough/story", test_story);
  g_test_add_func ("/host/passthrough/shared-group", test_shared_group);
  g_test_add_func ("/host/passthrough/iommu-off", test_iommu_off);
  g_test_add_func ("/host/passthrough/errors", test_errors);

  return g_test_run ();
}
