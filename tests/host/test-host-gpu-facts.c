/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "host-test.h"
#include "pit-host-gpu-fact.h"

/* What the wizard's GPU page and `pitstop-cli host` say about a GPU, in
 * words, on the recorded trees x3d-navi21-sata-group (Navi 21 boot GPU with
 * Resizable BAR off; a GTX 1080 sharing its group with the root disk's SATA
 * controller; a 7950X3D) and raptor-polaris-rtx3080 (an RX 580 with the
 * reset bug, an RTX 3080 with a 16 GiB BAR). */

static GPtrArray *
facts_of (PitHostInventory *host,
          const char       *address)
{
  g_autoptr(PitHostPassthrough) gpu = pit_host_inventory_get_passthrough (host, address, NULL);

  g_assert_nonnull (gpu);
  return pit_host_gpu_facts_collect (host, gpu);
}

static PitHostGpuFact *
fact (GPtrArray  *facts,
      const char *id)
{
  for (guint i = 0; i < facts->len; i++)
    if (g_str_equal (((PitHostGpuFact *) facts->pdata[i])->id, id))
      return facts->pdata[i];
  return NULL;
}

static void
assert_contains (const char *text,
                 const char *needle)
{
  if (text == NULL || strstr (text, needle) == NULL)
    {
      g_test_message ("“%s” is not in “%s”", needle, text ? text : "(null)");
      g_assert_not_reached ();
    }
}

static void
test_reset (void)
{
  g_autoptr(PitHostInventory) x3d = host_test_probe_tree ("x3d-navi21-sata-group", NULL);
  g_autoptr(PitHostInventory) raptor = host_test_probe_tree ("raptor-polaris-rtx3080", NULL);
  g_autoptr(GPtrArray) polaris = facts_of (raptor, "0000:02:00.0");
  g_autoptr(GPtrArray) igpu = facts_of (raptor, "0000:00:02.0");
  g_autoptr(GPtrArray) navi = facts_of (x3d, "0000:03:00.0");
  g_autoptr(GPtrArray) gtx = facts_of (x3d, "0000:07:00.0");
  PitHostGpuFact *reset;

  /* vendor-reset's table, not loaded on that host: what it means, what to do */
  reset = fact (polaris, "reset");
  g_assert_cmpint (reset->level, ==, PIT_HOST_GPU_FACT_WARNING);
  g_assert_cmpstr (reset->title, ==, "AMD Polaris 10 cannot reset itself");
  assert_contains (reset->detail, "the card hangs until the host reboots");
  assert_contains (reset->detail, "Install vendor-reset — the host plan has it");
  assert_contains (reset->evidence, "reset_method: bus");

  /* Navi 21: reported trouble, no module */
  reset = fact (navi, "reset");
  g_assert_cmpint (reset->level, ==, PIT_HOST_GPU_FACT_WARNING);
  g_assert_cmpstr (reset->title, ==, "AMD Navi 21 may not reset after the virtual machine stops");
  assert_contains (reset->detail, "vendor-reset does not cover them");

  /* no known bug: the kernel's methods in words */
  reset = fact (igpu, "reset");
  g_assert_cmpint (reset->level, ==, PIT_HOST_GPU_FACT_INFO);
  g_assert_cmpstr (reset->title, ==, "Resets by FLR");
  assert_contains (reset->evidence, "Function Level Reset: yes");
  g_assert_cmpstr (fact (gtx, "reset")->title, ==, "Resets by bus reset");
}

static void
test_rom (void)
{
  g_autoptr(PitHostInventory) x3d = host_test_probe_tree ("x3d-navi21-sata-group", NULL);
  g_autoptr(GPtrArray) navi = facts_of (x3d, "0000:03:00.0");
  g_autoptr(GPtrArray) gtx = facts_of (x3d, "0000:07:00.0");
  g_autoptr(GPtrArray) igpu = facts_of (x3d, "0000:0a:00.0");
  PitHostGpuFact *rom = fact (navi, "rom");
  g_autofree char *steps = pit_host_gpu_fact_rom_dump_steps ("0000:03:00.0");

  /* the boot GPU: readable, but a shadow copy; a file is needed */
  g_assert_cmpint (rom->level, ==, PIT_HOST_GPU_FACT_WARNING);
  g_assert_cmpstr (rom->title, ==,
                   "ROM: readable, 128.0\u00a0KiB; this is the card the host boots on, whose ROM copy is often wrong");
  assert_contains (rom->detail, "Give the virtual machine a clean copy of the ROM as a file");
  assert_contains (rom->evidence, "shadow copy at 0xC0000");
  /* an NVIDIA card that is not the boot GPU: some need one */
  g_assert_cmpint (fact (gtx, "rom")->level, ==, PIT_HOST_GPU_FACT_INFO);
  g_assert_cmpstr (fact (gtx, "rom")->title, ==, "ROM: readable, 512.0\u00a0KiB");
  assert_contains (fact (gtx, "rom")->detail, "some NVIDIA cards");
  g_assert_cmpstr (fact (igpu, "rom")->title, ==, "ROM: the card shows none");

  /* the steps are done by the user as root, never by Pitstop */
  assert_contains (steps, "cd /sys/bus/pci/devices/0000:03:00.0; echo 1 > rom; cat rom > /var/lib/libvirt/vbios/gpu.rom");
  assert_contains (steps, "Pitstop never dumps it itself");
}

static void
test_bars (void)
{
  g_autoptr(PitHostInventory) x3d = host_test_probe_tree ("x3d-navi21-sata-group", NULL);
  g_autoptr(PitHostInventory) raptor = host_test_probe_tree ("raptor-polaris-rtx3080", NULL);
  g_autoptr(GPtrArray) rtx = facts_of (raptor, "0000:01:00.0");
  g_autoptr(GPtrArray) navi = facts_of (x3d, "0000:03:00.0");
  PitHostGpuFact *bar = fact (rtx, "bar");

  /* 16 GiB with Resizable BAR on: the window it needs (twice the BARs,
   * a power of two) and the way round it */
  g_assert_cmpint (bar->level, ==, PIT_HOST_GPU_FACT_WARNING);
  g_assert_cmpstr (bar->title, ==, "BAR 1: 16.0\u00a0GiB, resizable (Resizable BAR is on) — the guest needs a 64-bit "
                                   "MMIO window for it");
  assert_contains (bar->detail, "a window of 65536 MiB");
  assert_contains (bar->detail, "turn Resizable BAR off");
  assert_contains (bar->detail, "QEMU does not pass the Resizable BAR capability");
  /* capable, off in the firmware: fits */
  bar = fact (navi, "bar");
  g_assert_cmpint (bar->level, ==, PIT_HOST_GPU_FACT_INFO);
  g_assert_cmpstr (bar->title, ==, "BAR 0: 256.0\u00a0MiB — fits the guest firmware’s default window");
  assert_contains (bar->detail, "Resizable BAR is off in the host’s firmware");

  g_assert_cmpuint (pit_host_gpu_fact_mmio_window_mb (256 * 1024 * 1024), ==, 32768);
  g_assert_cmpuint (pit_host_gpu_fact_mmio_window_mb (G_GUINT64_CONSTANT (17) << 30), ==, 65536);
}

static void
test_group (void)
{
  g_autoptr(PitHostInventory) x3d = host_test_probe_tree ("x3d-navi21-sata-group", NULL);
  g_autoptr(GPtrArray) gtx = facts_of (x3d, "0000:07:00.0");
  g_autoptr(GPtrArray) navi = facts_of (x3d, "0000:03:00.0");
  PitHostGpuFact *group = fact (gtx, "group");

  /* the SATA controller of the root disk: a stop sign, and the honest word
   * on pcie_acs_override */
  g_assert_nonnull (group);
  g_assert_cmpint (group->level, ==, PIT_HOST_GPU_FACT_STOP);
  assert_contains (group->title, "Its IOMMU group also holds the SATA controller 0000:08:00.0");
  assert_contains (group->detail, "It holds the host’s root file system");
  assert_contains (group->detail, "Passing the card through takes the host’s disk away");
  assert_contains (group->detail, "it removes the protection the IOMMU exists for");
  assert_contains (group->evidence, "IOMMU group 15");
  /* a group of its own: nothing to say */
  g_assert_null (fact (navi, "group"));
}

static void
test_l3_words (void)
{
  g_autoptr(PitHostInventory) x3d = host_test_probe_tree ("x3d-navi21-sata-group", NULL);
  g_autoptr(PitHostInventory) hybrid = host_test_probe_tree ("raptor-polaris-rtx3080", NULL);
  PitHostCpuTopology *cpu = pit_host_inventory_get_cpu (x3d);
  g_autofree char *ccd0 = pit_host_cpu_topology_describe_l3 (cpu, 0);
  g_autofree char *ccd1 = pit_host_cpu_topology_describe_l3 (cpu, 1);
  g_autofree char *intel = NULL;

  g_assert_cmpstr (ccd0, ==, "CCD 0 · 96.0\u00a0MiB L3 (V-Cache)");
  g_assert_cmpstr (ccd1, ==, "CCD 1 · 32.0\u00a0MiB L3");
  /* 16 CPUs, CPU 0's core (2 threads) stays with the host */
  g_assert_cmpuint (pit_host_cpu_topology_l3_room (cpu, 0), ==, 14);
  g_assert_cmpuint (pit_host_cpu_topology_l3_room (cpu, 1), ==, 16);

  cpu = pit_host_inventory_get_cpu (hybrid);
  g_assert_cmpuint (cpu->l3_domains->len, ==, 1);
  intel = pit_host_cpu_topology_describe_l3 (cpu, 0);
  g_assert_cmpstr (intel, ==, "L3 domain 0 · 36.0\u00a0MiB L3");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/host/gpu-facts/reset", test_reset);
  g_test_add_func ("/host/gpu-facts/rom", test_rom);
  g_test_add_func ("/host/gpu-facts/bars", test_bars);
  g_test_add_func ("/host/gpu-facts/group", test_group);
  g_test_add_func ("/host/gpu-facts/l3-words", test_l3_words);
  return g_test_run ();
}
