/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-test"

#include "config.h"

#include <glib/gstdio.h>
#include <utime.h>

#include "pit-change-bridge.h"
#include "pit-change-cpu.h"
#include "pit-change-disk-stage.h"
#include "pit-change-gpu.h"
#include "pit-change-hide-hypervisor.h"
#include "pit-change-hugepages.h"
#include "pit-change-pinning.h"
#include "pit-change-virtio-iso.h"
#include "pit-change-virtio-nic.h"
#include "pit-error.h"
#include "pit-test-support.h"
#include "pit-xml.h"
#include "tune-test.h"

/* Golden XML per change and per combination, on the demo's win10-gaming
 * (as libvirt's test driver gives its inactive XML) and hand-made guests. */

static PitConnection *demo;

static PitHostInventory *
demo_host (gint64 free_2m,
           gint64 free_1g)
{
  return tune_test_host (pit_connection_get_handle (demo), free_2m, free_1g);
}

/* Runs @plan on fixture @fixture, checks the golden file and that a second
 * run changes nothing. */
static PitTuneResult *
check_golden (PitTunePlan *plan,
              const char  *fixture,
              const char  *golden)
{
  g_autofree char *xml = tune_test_read_fixture (fixture);
  PitTuneResult *result = tune_test_run (plan, xml);

  g_assert_true (result->changed);
  tune_test_assert_golden (result->after_xml, golden);
  tune_test_assert_idempotent (plan, result);
  return result;
}

static void
expect_error (PitTunePlan *plan,
              const char  *fixture,
              int          code,
              const char  *message_part)
{
  g_autofree char *xml = tune_test_read_fixture (fixture);
  g_autoptr(GError) error = NULL;
  g_autoptr(PitTuneResult) result = pit_tune_plan_run (plan, xml, NULL, &error);

  g_assert_null (result);
  g_assert_error (error, PIT_ERROR, code);
  if (strstr (error->message, message_part) == NULL)
    g_error ("“%s” does not say “%s”", error->message, message_part);
}

static PitTunePlan *
plan_of (PitTuneStep *step)
{
  PitTunePlan *plan = pit_tune_plan_new ();

  pit_tune_plan_add (plan, step);
  return plan;
}

/* Hide the hypervisor ------------------------------------------------------ */

static void
test_hide_hypervisor (void)
{
  PitChangeHideHypervisorOptions options = { "0123456789ab" };
  g_autoptr(PitTunePlan) plan = plan_of (pit_change_hide_hypervisor_step (&options));
  g_autoptr(PitTuneResult) result = check_golden (plan, "win10-gaming.xml", "win10-hide-hypervisor.xml");

  /* the enlightenments already there stay */
  g_assert_nonnull (strstr (result->after_xml, "<spinlocks state=\"on\" retries=\"8191\"/>"));
  g_assert_nonnull (strstr (result->after_xml, "<vendor_id state=\"on\" value=\"0123456789ab\"/>"));
  g_assert_nonnull (strstr (result->after_xml, "<hidden state=\"on\"/>"));
}

static void
test_hide_hypervisor_new_block (void)
{
  PitChangeHideHypervisorOptions options = { NULL };
  g_autoptr(PitTunePlan) plan = plan_of (pit_change_hide_hypervisor_step (&options));
  g_autoptr(PitTuneResult) result = check_golden (plan, "several-nics.xml", "several-nics-hide-hypervisor.xml");
}

static void
test_hide_hypervisor_errors (void)
{
  PitChangeHideHypervisorOptions too_long = { "0123456789abc" };
  PitChangeHideHypervisorOptions bad = { "my vendor" };
  PitChangeHideHypervisorOptions fine = { NULL };
  g_autoptr(PitTunePlan) a = plan_of (pit_change_hide_hypervisor_step (&too_long));
  g_autoptr(PitTunePlan) b = plan_of (pit_change_hide_hypervisor_step (&bad));
  g_autoptr(PitTunePlan) c = plan_of (pit_change_hide_hypervisor_step (&fine));

  expect_error (a, "win10-gaming.xml", PIT_ERROR_INVALID_ARGUMENT, "1 to 12 characters, not 13");
  expect_error (b, "win10-gaming.xml", PIT_ERROR_INVALID_ARGUMENT, "may only use");
  expect_error (c, "aarch64-guest.xml", PIT_ERROR_UNSUPPORTED, "only works on x86 guests; this guest is aarch64");
}

/* CPU ------------------------------------------------------------------------ */

static void
test_cpu (void)
{
  PitChangeCpuOptions options = { .host_passthrough = TRUE, .sockets = 1, .cores = 4, .threads = 2,
                                  .vcpus = 8, .current = 6 };
  g_autoptr(PitTunePlan) plan = plan_of (pit_change_cpu_step (&options));
  g_autoptr(PitTuneResult) result = check_golden (plan, "win10-gaming.xml", "win10-cpu.xml");

  g_assert_nonnull (strstr (result->after_xml, "<vcpu placement=\"static\" current=\"6\">8</vcpu>"));
}

static void
test_cpu_custom_model (void)
{
  /* a named model and vendor go with host-passthrough; cache and features stay */
  PitChangeCpuOptions options = { .host_passthrough = TRUE, .sockets = 1, .cores = 2, .threads = 2 };
  g_autoptr(PitTunePlan) plan = plan_of (pit_change_cpu_step (&options));
  g_autoptr(PitTuneResult) result = check_golden (plan, "several-nics.xml", "several-nics-cpu.xml");

  g_assert_null (strstr (result->after_xml, "Skylake-Client"));
  g_assert_nonnull (strstr (result->after_xml, "<cache mode=\"passthrough\"/>"));
  g_assert_nonnull (strstr (result->after_xml, "name=\"vmx\""));
}

static void
test_cpu_shrink_drops_pins (void)
{
  PitChangeCpuOptions options = { .sockets = 1, .cores = 1, .threads = 2, .vcpus = 2 };
  g_autoptr(PitTunePlan) plan = plan_of (pit_change_cpu_step (&options));
  g_autoptr(PitTuneResult) result = check_golden (plan, "fedora-server.xml", "fedora-server-shrink.xml");

  g_assert_null (strstr (result->after_xml, "vcpu=\"2\""));
  g_assert_cmpuint (result->warnings->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (result->warnings, 0), ==, "2 vCPU pins were removed: their vCPUs no longer exist");
}

static void
test_cpu_errors (void)
{
  PitChangeCpuOptions product = { .sockets = 1, .cores = 3, .threads = 2 };
  PitChangeCpuOptions current = { .vcpus = 8, .current = 9 };
  PitChangeCpuOptions keep_topology = { .vcpus = 6 };
  PitChangeCpuOptions from_host = { .topology_from_host = TRUE };
  PitChangeCpuOptions passthrough = { .host_passthrough = TRUE };
  g_autoptr(PitTunePlan) a = plan_of (pit_change_cpu_step (&product));
  g_autoptr(PitTunePlan) b = plan_of (pit_change_cpu_step (&current));
  g_autoptr(PitTunePlan) c = plan_of (pit_change_cpu_step (&keep_topology));
  g_autoptr(PitTunePlan) d = plan_of (pit_change_cpu_step (&from_host));
  g_autoptr(PitTunePlan) e = plan_of (pit_change_cpu_step (&passthrough));
  g_autofree char *xml = tune_test_read_fixture ("win10-gaming.xml");
  g_autoptr(GError) error = NULL;
  g_autoptr(PitTuneResult) result = NULL;
  g_autofree char *path = pit_test_corpus_path ("libvirt-domains", "valid", "acpi-table.xml", NULL);
  g_autofree char *emulated = NULL;

  expect_error (a, "win10-gaming.xml", PIT_ERROR_INVALID_ARGUMENT, "gives 6 vCPUs, but the maximum is 8");
  expect_error (b, "win10-gaming.xml", PIT_ERROR_INVALID_ARGUMENT, "(9 vCPUs) cannot exceed the maximum (8)");
  expect_error (c, "win10-gaming.xml", PIT_ERROR_INVALID_ARGUMENT, "gives 8 vCPUs, not 6");
  expect_error (d, "win10-gaming.xml", PIT_ERROR_INVALID_ARGUMENT, "needs to know the host");

  /* an emulated (TCG) guest cannot use host-passthrough */
  if (pit_test_corpus_dir () == NULL)
    return;
  g_file_get_contents (path, &emulated, NULL, &error);
  g_assert_no_error (error);
  result = pit_tune_plan_run (e, emulated, NULL, &error);
  g_assert_null (result);
  g_assert_error (error, PIT_ERROR, PIT_ERROR_UNSUPPORTED);
}

static void
test_cpu_topology_from_host (void)
{
  g_autoptr(PitHostInventory) host = demo_host (0, 0);
  PitChangeCpuOptions options = { .topology_from_host = TRUE, .vcpus = 6 };
  g_autoptr(PitTunePlan) plan = plan_of (pit_change_cpu_step (&options));
  g_autofree char *xml = tune_test_read_fixture ("win10-gaming.xml");
  g_autoptr(PitTuneResult) result = NULL;

  pit_tune_plan_set_host (plan, host);
  result = tune_test_run (plan, xml);
  g_assert_nonnull (strstr (result->after_xml, "sockets=\"1\" dies=\"1\" cores=\"3\" threads=\"2\""));
  /* the current allocation stays */
  g_assert_nonnull (strstr (result->after_xml, "<vcpu placement=\"static\" current=\"2\">6</vcpu>"));
}

/* Pinning -------------------------------------------------------------------- */

static void
test_pinning_manual (void)
{
  PitVcpuPin pins[] = { { 0, "2" }, { 1, "6" }, { 2, "3-4,^4" } };
  PitChangePinningOptions options = { .pins = pins, .n_pins = 3, .emulator = "0,4", .iothreads = 1 };
  g_autoptr(PitTunePlan) plan = plan_of (pit_change_pinning_step (&options));
  g_autoptr(PitTuneResult) result = check_golden (plan, "win10-gaming.xml", "win10-pinning.xml");

  g_assert_nonnull (strstr (result->after_xml, "<vcpupin vcpu=\"2\" cpuset=\"3\"/>"));
  g_assert_nonnull (strstr (result->after_xml, "<iothreadpin iothread=\"1\" cpuset=\"0,4\"/>"));
}

static void
test_pinning_existing_cputune (void)
{
  PitVcpuPin pins[] = { { 1, "5" } };
  PitChangePinningOptions options = { .pins = pins, .n_pins = 1 };
  g_autoptr(PitTunePlan) plan = plan_of (pit_change_pinning_step (&options));
  g_autoptr(PitTuneResult) result = check_golden (plan, "fedora-server.xml", "fedora-server-pin.xml");

  /* one line changes */
  g_assert_nonnull (strstr (result->diff, "-    <vcpupin vcpu=\"1\" cpuset=\"6\"/>\n+    <vcpupin vcpu=\"1\" cpuset=\"5\"/>\n"));
}

static void
test_pinning_auto (void)
{
  g_autoptr(PitHostInventory) host = demo_host (0, 0);
  PitChangeCpuOptions cpu = { .sockets = 1, .cores = 3, .threads = 2, .vcpus = 6 };
  PitChangePinningOptions options = { .automatic = TRUE };
  g_autoptr(PitTunePlan) plan = pit_tune_plan_new ();
  g_autoptr(PitTuneResult) result = NULL;

  pit_tune_plan_add (plan, pit_change_cpu_step (&cpu));
  pit_tune_plan_add (plan, pit_change_pinning_step (&options));
  pit_tune_plan_set_host (plan, host);
  result = check_golden (plan, "win10-gaming.xml", "win10-pin-auto.xml");

  /* host core 0 (CPUs 0 and 4) for the emulator; guest cores on host cores
   * 1, 2, 3 with both threads on consecutive vCPUs */
  g_assert_nonnull (strstr (result->after_xml,
                            "    <vcpupin vcpu=\"0\" cpuset=\"1\"/>\n"
                            "    <vcpupin vcpu=\"1\" cpuset=\"5\"/>\n"
                            "    <vcpupin vcpu=\"2\" cpuset=\"2\"/>\n"
                            "    <vcpupin vcpu=\"3\" cpuset=\"6\"/>\n"
                            "    <vcpupin vcpu=\"4\" cpuset=\"3\"/>\n"
                            "    <vcpupin vcpu=\"5\" cpuset=\"7\"/>\n"
                            "    <emulatorpin cpuset=\"0,4\"/>\n"));
}

/* The wizard's story: 1 × 4 × 2 on the demo's 4 cores × 2 threads */
static void
test_pinning_auto_whole_host (void)
{
  g_autoptr(PitHostInventory) host = demo_host (0, 0);
  PitChangeCpuOptions cpu = { .sockets = 1, .cores = 4, .threads = 2, .current = 6 };
  PitChangePinningOptions options = { .automatic = TRUE };
  g_autoptr(PitTunePlan) plan = pit_tune_plan_new ();
  g_autofree char *xml = tune_test_read_fixture ("win10-gaming.xml");
  g_autoptr(PitTuneResult) result = NULL;

  pit_tune_plan_add (plan, pit_change_cpu_step (&cpu));
  pit_tune_plan_add (plan, pit_change_pinning_step (&options));
  pit_tune_plan_set_host (plan, host);
  result = tune_test_run (plan, xml);
  g_assert_nonnull (strstr (result->after_xml, "<vcpupin vcpu=\"6\" cpuset=\"0\"/>\n    <vcpupin vcpu=\"7\" cpuset=\"4\"/>"));
  g_assert_cmpuint (result->warnings->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (result->warnings, 0), ==,
                   "The guest needs every host core: it shares CPU 0’s core with the host and the emulator");
  tune_test_assert_idempotent (plan, result);
}

static void
test_pinning_errors (void)
{
  g_autoptr(PitHostInventory) host = demo_host (0, 0);
  PitVcpuPin beyond_guest[] = { { 8, "1" } };
  PitVcpuPin twice[] = { { 1, "1" }, { 1, "2" } };
  PitVcpuPin beyond_host[] = { { 0, "0-8" } };
  PitVcpuPin empty[] = { { 0, "1,^1" } };
  PitChangePinningOptions a = { .pins = beyond_guest, .n_pins = 1 };
  PitChangePinningOptions b = { .pins = twice, .n_pins = 2 };
  PitChangePinningOptions c = { .pins = beyond_host, .n_pins = 1 };
  PitChangePinningOptions d = { .pins = empty, .n_pins = 1 };
  PitChangePinningOptions e = { .automatic = TRUE };
  g_autoptr(PitTunePlan) pa = plan_of (pit_change_pinning_step (&a));
  g_autoptr(PitTunePlan) pb = plan_of (pit_change_pinning_step (&b));
  g_autoptr(PitTunePlan) pc = plan_of (pit_change_pinning_step (&c));
  g_autoptr(PitTunePlan) pd = plan_of (pit_change_pinning_step (&d));
  g_autoptr(PitTunePlan) pe = plan_of (pit_change_pinning_step (&e));
  g_autoptr(PitTunePlan) pe_host = plan_of (pit_change_pinning_step (&e));

  pit_tune_plan_set_host (pc, host);
  pit_tune_plan_set_host (pe_host, host);
  expect_error (pa, "win10-gaming.xml", PIT_ERROR_INVALID_ARGUMENT, "vCPU 8 does not exist: the guest has 8 vCPUs (0–7)");
  expect_error (pb, "win10-gaming.xml", PIT_ERROR_INVALID_ARGUMENT, "vCPU 1 is pinned twice");
  expect_error (pc, "win10-gaming.xml", PIT_ERROR_INVALID_ARGUMENT, "CPU 8 does not exist; the host has 8 CPUs (0–7)");
  expect_error (pd, "win10-gaming.xml", PIT_ERROR_INVALID_ARGUMENT, "leaves no CPU");
  expect_error (pe, "win10-gaming.xml", PIT_ERROR_INVALID_ARGUMENT, "needs to know the host");
  /* 8 vCPUs on 3 free cores of 2 threads */
  expect_error (pe_host, "win10-gaming.xml", PIT_ERROR_INVALID_ARGUMENT,
                "needs 8 host cores for its 8 vCPUs, but the host has only 3 to give");
}

static void
test_pinning_parse (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) pins = pit_change_pinning_parse_pins ("0=2,4,1=6,2=3-4", &error);

  g_assert_no_error (error);
  g_assert_cmpuint (pins->len, ==, 3);
  g_assert_cmpuint (g_array_index (pins, PitVcpuPin, 0).vcpu, ==, 0);
  g_assert_cmpstr (g_array_index (pins, PitVcpuPin, 0).cpuset, ==, "2,4");
  g_assert_cmpstr (g_array_index (pins, PitVcpuPin, 2).cpuset, ==, "3-4");
  g_clear_pointer (&pins, g_array_unref);

  pins = pit_change_pinning_parse_pins ("2,0=1", &error);
  g_assert_null (pins);
  g_assert_error (error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  pins = pit_change_pinning_parse_pins ("x=1", &error);
  g_assert_null (pins);
  g_assert_error (error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT);
}

/* Hugepages ------------------------------------------------------------------ */

static void
test_hugepages (void)
{
  g_autoptr(PitHostInventory) host = demo_host (0, 16);
  PitChangeHugepagesOptions options = { PIT_HUGEPAGES_1G_KIB };
  g_autoptr(PitTunePlan) plan = plan_of (pit_change_hugepages_step (&options));
  g_autoptr(PitTuneResult) result = NULL;

  pit_tune_plan_set_host (plan, host);
  result = check_golden (plan, "win10-gaming.xml", "win10-hugepages.xml");
  g_assert_nonnull (strstr (result->after_xml, "<page size=\"1048576\" unit=\"KiB\"/>"));
}

static void
test_hugepages_replace (void)
{
  /* fedora-server has 2 MiB pages: one size replaces the other */
  PitChangeHugepagesOptions options = { PIT_HUGEPAGES_1G_KIB };
  g_autoptr(PitTunePlan) plan = plan_of (pit_change_hugepages_step (&options));
  g_autoptr(PitTuneResult) result = check_golden (plan, "fedora-server.xml", "fedora-server-hugepages.xml");

  g_assert_null (strstr (result->after_xml, "size=\"2048\""));
}

static void
test_hugepages_errors (void)
{
  g_autoptr(PitHostInventory) small = demo_host (0, 10);
  g_autoptr(PitHostInventory) unknown = demo_host (-1, -1);
  PitChangeHugepagesOptions gig = { PIT_HUGEPAGES_1G_KIB };
  PitChangeHugepagesOptions odd = { 4096 };
  g_autoptr(PitTunePlan) a = plan_of (pit_change_hugepages_step (&gig));
  g_autoptr(PitTunePlan) b = plan_of (pit_change_hugepages_step (&odd));
  g_autoptr(PitTunePlan) c = plan_of (pit_change_hugepages_step (&gig));
  g_autoptr(GError) error = NULL;
  g_autofree char *xml = tune_test_read_fixture ("win10-gaming.xml");
  g_autoptr(PitTuneResult) result = NULL;
  g_autofree char *path = NULL;
  g_autofree char *small_guest = NULL;

  pit_tune_plan_set_host (a, small);
  expect_error (a, "win10-gaming.xml", PIT_ERROR_INVALID_ARGUMENT,
                "the guest needs 16 pages, 10 are free, 6 pages are missing");
  expect_error (b, "win10-gaming.xml", PIT_ERROR_INVALID_ARGUMENT, "choose 2M or 1G");

  /* a remote host's free count is unknown: no refusal */
  pit_tune_plan_set_host (c, unknown);
  result = pit_tune_plan_run (c, xml, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (result);

  g_assert_cmpuint (pit_change_hugepages_parse_size ("2M", NULL), ==, 2048);
  g_assert_cmpuint (pit_change_hugepages_parse_size ("1GiB", NULL), ==, 1048576);
  g_assert_cmpuint (pit_change_hugepages_parse_size ("4K", &error), ==, 0);

  if (pit_test_corpus_dir () == NULL)
    return;
  g_clear_error (&error);
  g_clear_pointer (&result, pit_tune_result_unref);
  path = pit_test_corpus_path ("libvirt-domains", "valid", "acpi-table.xml", NULL);
  g_file_get_contents (path, &small_guest, NULL, NULL);
  result = pit_tune_plan_run (c, small_guest, NULL, &error);
  g_assert_null (result);
  g_assert_error (error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "(219136 KiB) is not a multiple of the 1 GiB page size"));
}

/* GPU ------------------------------------------------------------------------ */

static void
test_gpu (void)
{
  g_autoptr(PitHostInventory) host = demo_host (0, 0);
  const char *addresses[] = { "04:00.0", NULL };
  PitChangeGpuOptions options = { addresses, FALSE, "/var/lib/libvirt/vbios/gtx1080.rom" };
  g_autoptr(PitTunePlan) plan = plan_of (pit_change_gpu_step (&options));
  g_autoptr(PitTuneResult) result = NULL;

  pit_tune_plan_set_host (plan, host);
  result = check_golden (plan, "win10-gaming.xml", "win10-gpu.xml");
  /* the audio function comes along; the PCIe root port of the group stays */
  g_assert_nonnull (strstr (result->after_xml, "function=\"0x1\""));
  g_assert_null (strstr (result->after_xml, "bus=\"0x00\" slot=\"0x01\""));
  g_assert_cmpuint (result->warnings->len, ==, 0);
}

static void
test_gpu_no_companions (void)
{
  g_autoptr(PitHostInventory) host = demo_host (0, 0);
  const char *addresses[] = { "pci_0000_04_00_0", NULL };
  PitChangeGpuOptions options = { addresses, TRUE, NULL };
  g_autoptr(PitTunePlan) plan = plan_of (pit_change_gpu_step (&options));
  g_autofree char *xml = tune_test_read_fixture ("win10-gaming.xml");
  g_autoptr(PitTuneResult) result = NULL;

  pit_tune_plan_set_host (plan, host);
  result = tune_test_run (plan, xml);
  g_assert_nonnull (strstr (result->after_xml, "function=\"0x0\""));
  g_assert_null (strstr (result->after_xml, "function=\"0x1\""));
}

static void
test_gpu_errors (void)
{
  g_autoptr(PitHostInventory) host = demo_host (0, 0);
  const char *missing[] = { "0000:05:00.0", NULL };
  const char *garbage[] = { "gpu0", NULL };
  const char *bridge[] = { "00:01.0", NULL };
  PitChangeGpuOptions a = { missing, FALSE, NULL };
  PitChangeGpuOptions b = { garbage, FALSE, NULL };
  PitChangeGpuOptions c = { bridge, FALSE, NULL };
  g_autoptr(PitTunePlan) pa = plan_of (pit_change_gpu_step (&a));
  g_autoptr(PitTunePlan) pb = plan_of (pit_change_gpu_step (&b));
  g_autoptr(PitTunePlan) pc = plan_of (pit_change_gpu_step (&c));

  pit_tune_plan_set_host (pa, host);
  pit_tune_plan_set_host (pc, host);
  expect_error (pa, "win10-gaming.xml", PIT_ERROR_NOT_FOUND, "The host has no PCI device at 0000:05:00.0");
  expect_error (pb, "win10-gaming.xml", PIT_ERROR_INVALID_ARGUMENT, "“gpu0” is not a PCI address");
  expect_error (pc, "win10-gaming.xml", PIT_ERROR_INVALID_ARGUMENT, "is a PCI bridge");
}

/* Drivers -------------------------------------------------------------------- */

static void
test_virtio_iso (void)
{
  PitChangeVirtioIsoOptions options = { "/usr/share/virtio-win/virtio-win.iso" };
  g_autoptr(PitTunePlan) plan = plan_of (pit_change_virtio_iso_step (&options));
  g_autoptr(PitTuneResult) result = check_golden (plan, "win10-gaming.xml", "win10-virtio-iso.xml");

  /* sda and sdb are taken */
  g_assert_nonnull (strstr (result->after_xml, "<target dev=\"sdc\" bus=\"sata\"/>"));
}

static void
test_virtio_iso_find (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("pitstop-iso-XXXXXX", &error);
  g_autofree char *old = g_build_filename (dir, "virtio-win-0.1.229.iso", NULL);
  g_autofree char *new = g_build_filename (dir, "virtio-win-0.1.240.iso", NULL);
  g_autofree char *found = NULL;
  g_autofree char *checked = NULL;
  const char *dirs[] = { dir, NULL };
  const char *nowhere[] = { "/nonexistent/pitstop", NULL };
  PitChangeVirtioIsoOptions missing = { "/nonexistent/virtio-win.iso" };
  g_autoptr(PitTunePlan) plan = plan_of (pit_change_virtio_iso_step (&missing));
  g_autofree char *xml = tune_test_read_fixture ("win10-gaming.xml");
  g_autoptr(PitTuneResult) result = NULL;
  struct utimbuf times = { 1000, 1000 };

  g_assert_no_error (error);
  found = pit_change_virtio_iso_find (nowhere, &error);
  g_assert_null (found);
  g_assert_error (error, PIT_ERROR, PIT_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "No virtio-win driver disc found (looked in /nonexistent/pitstop)"));
  g_clear_error (&error);

  g_file_set_contents (old, "", 0, &error);
  g_file_set_contents (new, "", 0, &error);
  g_assert_no_error (error);
  g_utime (old, &times);
  found = pit_change_virtio_iso_find (dirs, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found, ==, new);

  /* a file named exactly virtio-win.iso wins */
  g_clear_pointer (&found, g_free);
  checked = g_build_filename (dir, "virtio-win.iso", NULL);
  g_file_set_contents (checked, "", 0, &error);
  found = pit_change_virtio_iso_find (dirs, &error);
  g_assert_cmpstr (found, ==, checked);

  /* a path on this machine must exist */
  pit_tune_plan_set_check_files (plan, TRUE);
  result = pit_tune_plan_run (plan, xml, NULL, &error);
  g_assert_null (result);
  g_assert_error (error, PIT_ERROR, PIT_ERROR_NOT_FOUND);

  g_unlink (old);
  g_unlink (new);
  g_unlink (checked);
  g_rmdir (dir);
}

static void
test_virtio_nic (void)
{
  PitChangeVirtioNicOptions all = { NULL };
  PitChangeVirtioNicOptions one = { "52:54:00:AA:00:02" };
  PitChangeVirtioNicOptions none = { "52:54:00:ff:ff:ff" };
  g_autoptr(PitTunePlan) plan = plan_of (pit_change_virtio_nic_step (&all));
  g_autoptr(PitTunePlan) plan_one = plan_of (pit_change_virtio_nic_step (&one));
  g_autoptr(PitTunePlan) plan_none = plan_of (pit_change_virtio_nic_step (&none));
  g_autoptr(PitTuneResult) result = check_golden (plan, "several-nics.xml", "several-nics-virtio-nic.xml");
  g_autoptr(PitTuneResult) result_one = NULL;
  g_autofree char *xml = tune_test_read_fixture ("several-nics.xml");

  g_assert_null (strstr (result->after_xml, "rtl8139"));
  g_assert_null (strstr (result->after_xml, "e1000"));

  result_one = tune_test_run (plan_one, xml);
  g_assert_nonnull (strstr (result_one->after_xml, "rtl8139"));
  g_assert_nonnull (strstr (result_one->after_xml, "e1000e"));
  g_assert_null (strstr (result_one->after_xml, "\"e1000\""));
  expect_error (plan_none, "several-nics.xml", PIT_ERROR_NOT_FOUND, "no network card with the MAC address 52:54:00:ff:ff:ff");
}

static void
test_bridge (void)
{
  PitChangeBridgeOptions options = { "br0", NULL };
  g_autoptr(PitTunePlan) plan = plan_of (pit_change_bridge_step (&options));
  g_autoptr(PitTuneResult) result = check_golden (plan, "win10-gaming.xml", "win10-bridge.xml");

  g_assert_nonnull (strstr (result->after_xml, "<mac address=\"52:54:00:6b:3c:58\"/>"));
  g_assert_nonnull (strstr (result->after_xml, "<source bridge=\"br0\"/>"));
}

static void
test_bridge_several_nics (void)
{
  PitChangeBridgeOptions any = { "br0", NULL };
  PitChangeBridgeOptions first = { "br0", "52:54:00:aa:00:01" };
  PitChangeBridgeOptions bad = { "br0/x", NULL };
  g_autoptr(PitTunePlan) plan_any = plan_of (pit_change_bridge_step (&any));
  g_autoptr(PitTunePlan) plan_first = plan_of (pit_change_bridge_step (&first));
  g_autoptr(PitTunePlan) plan_bad = plan_of (pit_change_bridge_step (&bad));
  g_autoptr(PitTuneResult) result = NULL;

  expect_error (plan_any, "several-nics.xml", PIT_ERROR_INVALID_ARGUMENT,
                "The guest has 3 network cards (52:54:00:aa:00:01, 52:54:00:aa:00:02, 52:54:00:aa:00:03): choose one by its MAC address");
  expect_error (plan_bad, "win10-gaming.xml", PIT_ERROR_INVALID_ARGUMENT, "is not a bridge name");
  result = check_golden (plan_first, "several-nics.xml", "several-nics-bridge.xml");
  /* its PCI address stays */
  g_assert_nonnull (strstr (result->diff, "+    <interface type=\"bridge\">"));
  g_assert_null (strstr (result->diff, "\n-      <address type=\"pci\""));
  g_assert_nonnull (strstr (result->after_xml, "<address type=\"pci\" domain=\"0x0000\" bus=\"0x00\" slot=\"0x03\" function=\"0x0\"/>"));
}

static void
test_disk_stages (void)
{
  PitChangeDiskStageOptions stage1 = { PIT_DISK_STAGE_ADD_VIRTIO_DUMMY, "/var/lib/libvirt/images/dummy.qcow2", 0 };
  PitChangeDiskStageOptions stage2 = { PIT_DISK_STAGE_SWITCH_BOOT_TO_VIRTIO, NULL, 0 };
  PitChangeDiskStageOptions undo1 = { PIT_DISK_STAGE_REMOVE_VIRTIO_DUMMY, NULL, 0 };
  PitChangeDiskStageOptions undo2 = { PIT_DISK_STAGE_SWITCH_BOOT_TO_SATA, NULL, 0 };
  g_autoptr(PitTunePlan) p1 = plan_of (pit_change_disk_stage_step (&stage1));
  g_autoptr(PitTunePlan) p2 = plan_of (pit_change_disk_stage_step (&stage2));
  g_autoptr(PitTunePlan) u1 = plan_of (pit_change_disk_stage_step (&undo1));
  g_autoptr(PitTunePlan) u2 = plan_of (pit_change_disk_stage_step (&undo2));
  g_autoptr(PitTuneResult) r1 = check_golden (p1, "win10-gaming.xml", "win10-disk-stage1.xml");
  g_autoptr(PitTuneResult) r2 = tune_test_run (p2, r1->after_xml);
  g_autoptr(PitTuneResult) back1 = tune_test_run (u1, r1->after_xml);
  g_autoptr(PitTuneResult) back2 = NULL;
  g_autoptr(xmlDoc) doc1 = pit_xml_parse (r1->after_xml, NULL);
  g_autoptr(xmlDoc) doc2 = NULL;

  g_assert_cmpint (pit_change_disk_stage_get_state (xmlDocGetRootElement (doc1)), ==, PIT_DISK_STATE_DUMMY_ADDED);

  tune_test_assert_golden (r2->after_xml, "win10-disk-stage2.xml");
  tune_test_assert_idempotent (p2, r2);
  doc2 = pit_xml_parse (r2->after_xml, NULL);
  g_assert_cmpint (pit_change_disk_stage_get_state (xmlDocGetRootElement (doc2)), ==, PIT_DISK_STATE_BOOT_ON_VIRTIO);
  /* the boot disk: virtio, a vd target, no drive address; the small disk gone */
  g_assert_nonnull (strstr (r2->after_xml, "<source dev=\"/dev/zvol/hddpool/win10\"/>\n      <target dev=\"vda\" bus=\"virtio\"/>\n    </disk>"));
  g_assert_null (strstr (r2->after_xml, "dummy"));
  g_assert_null (strstr (r2->after_xml, "pitstop"));

  /* each stage is reversible */
  g_assert_cmpstr (back1->after_xml, ==, r1->before_xml);
  back2 = tune_test_run (u2, r2->after_xml);
  g_assert_nonnull (strstr (back2->after_xml, "<target dev=\"sda\" bus=\"sata\"/>"));
}

static void
test_disk_stage_errors (void)
{
  PitChangeDiskStageOptions no_file = { PIT_DISK_STAGE_ADD_VIRTIO_DUMMY, NULL, 0 };
  PitChangeDiskStageOptions relative = { PIT_DISK_STAGE_ADD_VIRTIO_DUMMY, "dummy.qcow2", 0 };
  g_autoptr(PitTunePlan) a = plan_of (pit_change_disk_stage_step (&no_file));
  g_autoptr(PitTunePlan) b = plan_of (pit_change_disk_stage_step (&relative));
  g_autoptr(PitTunePlan) c = plan_of (pit_change_disk_stage_step (&no_file));
  PitDiskStage stage;
  g_autoptr(GError) error = NULL;

  expect_error (a, "win10-gaming.xml", PIT_ERROR_INVALID_ARGUMENT, "needs a file");
  expect_error (b, "win10-gaming.xml", PIT_ERROR_INVALID_ARGUMENT, "must be an absolute path");
  expect_error (c, "aarch64-guest.xml", PIT_ERROR_UNSUPPORTED, "only works on x86 guests");
  expect_error (c, "fedora-server.xml", PIT_ERROR_INVALID_ARGUMENT, "already uses virtio");
  g_assert_true (pit_disk_stage_from_string ("switch-boot-to-virtio", &stage, NULL));
  g_assert_cmpint (stage, ==, PIT_DISK_STAGE_SWITCH_BOOT_TO_VIRTIO);
  g_assert_false (pit_disk_stage_from_string ("stage-3", &stage, &error));
  g_assert_error (error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT);
}

/* Combinations ---------------------------------------------------------------- */

static PitTunePlan *
wizard_plan (PitHostInventory *host)
{
  /* what the wizard's end-to-end story chooses for win10-gaming */
  const char *gpus[] = { "0000:04:00.0", NULL };
  PitChangeGpuOptions gpu = { gpus, FALSE, NULL };
  PitChangeHideHypervisorOptions hide = { NULL };
  PitChangeCpuOptions cpu = { .host_passthrough = TRUE, .sockets = 1, .cores = 3, .threads = 2, .vcpus = 6, .current = 6 };
  PitChangePinningOptions pin = { .automatic = TRUE, .iothreads = 1 };
  PitChangeHugepagesOptions hugepages = { PIT_HUGEPAGES_1G_KIB };
  PitChangeVirtioIsoOptions iso = { "/usr/share/virtio-win/virtio-win.iso" };
  PitChangeVirtioNicOptions nic = { NULL };
  PitChangeBridgeOptions bridge = { "br0", NULL };
  PitChangeDiskStageOptions stage = { PIT_DISK_STAGE_ADD_VIRTIO_DUMMY, "/var/lib/libvirt/images/win10-gaming-virtio-dummy.qcow2", 0 };
  PitTunePlan *plan = pit_tune_plan_new ();

  pit_tune_plan_add (plan, pit_change_gpu_step (&gpu));
  pit_tune_plan_add (plan, pit_change_hide_hypervisor_step (&hide));
  pit_tune_plan_add (plan, pit_change_cpu_step (&cpu));
  pit_tune_plan_add (plan, pit_change_pinning_step (&pin));
  pit_tune_plan_add (plan, pit_change_hugepages_step (&hugepages));
  pit_tune_plan_add (plan, pit_change_virtio_iso_step (&iso));
  pit_tune_plan_add (plan, pit_change_virtio_nic_step (&nic));
  pit_tune_plan_add (plan, pit_change_bridge_step (&bridge));
  pit_tune_plan_add (plan, pit_change_disk_stage_step (&stage));
  pit_tune_plan_set_host (plan, host);
  return plan;
}

static void
test_combination_win10 (void)
{
  g_autoptr(PitHostInventory) host = demo_host (0, 16);
  g_autoptr(PitTunePlan) plan = wizard_plan (host);
  g_autoptr(PitTuneResult) result = check_golden (plan, "win10-gaming.xml", "win10-all.xml");

  tune_test_assert_golden (result->diff, "win10-all.diff");
  g_assert_cmpuint (result->descriptions->len, ==, 9);
}

static void
test_combination_keeps_unknown (void)
{
  PitChangeHideHypervisorOptions hide = { NULL };
  PitChangeCpuOptions cpu = { .host_passthrough = TRUE, .sockets = 1, .cores = 2, .threads = 2 };
  PitVcpuPin pins[] = { { 0, "1" }, { 1, "5" }, { 2, "2" }, { 3, "6" } };
  PitChangePinningOptions pin = { .pins = pins, .n_pins = 4, .emulator = "0,4" };
  PitChangeHugepagesOptions hugepages = { PIT_HUGEPAGES_2M_KIB };
  PitChangeVirtioNicOptions nic = { NULL };
  PitChangeVirtioIsoOptions iso = { "/srv/iso/virtio-win.iso" };
  PitChangeDiskStageOptions stage = { PIT_DISK_STAGE_ADD_VIRTIO_DUMMY, "/srv/dummy.img", 0 };
  g_autoptr(PitTunePlan) plan = pit_tune_plan_new ();
  g_autoptr(PitTuneResult) result = NULL;

  pit_tune_plan_add (plan, pit_change_hide_hypervisor_step (&hide));
  pit_tune_plan_add (plan, pit_change_cpu_step (&cpu));
  pit_tune_plan_add (plan, pit_change_pinning_step (&pin));
  pit_tune_plan_add (plan, pit_change_hugepages_step (&hugepages));
  pit_tune_plan_add (plan, pit_change_virtio_nic_step (&nic));
  pit_tune_plan_add (plan, pit_change_virtio_iso_step (&iso));
  pit_tune_plan_add (plan, pit_change_disk_stage_step (&stage));
  result = check_golden (plan, "several-nics.xml", "several-nics-all.xml");

  /* other tools' data survives */
  g_assert_nonnull (strstr (result->after_xml, "<app1:foo xmlns:app1=\"http://app1.org/app1/\">fooish</app1:foo>"));
  g_assert_nonnull (strstr (result->after_xml, "<app2:baz state=\"kept\"/>"));
  g_assert_nonnull (strstr (result->after_xml, "<qemu:arg value=\"-no-hpet\"/>"));
  g_assert_nonnull (strstr (result->after_xml, "<backend type=\"emulator\" version=\"2.0\"/>"));
  g_assert_nonnull (strstr (result->after_xml, "<title>Hand-made: three network cards"));
  /* the IDE boot disk is the one the small disk is for */
  g_assert_nonnull (strstr (result->after_xml, "<source file=\"/srv/dummy.img\"/>"));
}

static void
test_invalid_input (void)
{
  PitChangeVirtioNicOptions nic = { NULL };
  g_autoptr(PitTunePlan) plan = plan_of (pit_change_virtio_nic_step (&nic));
  const struct { const char *xml; int code; const char *part; } cases[] = {
    { "", PIT_ERROR_INVALID_XML, "empty" },
    { "<domain type='kvm'><name>x</name>", PIT_ERROR_INVALID_XML, "line 1" },
    { "<network><name>x</name></network>", PIT_ERROR_INVALID_XML, "starts with <network>" },
    { "<domain type='kvm'><name>x</name><memory>1</memory><bogus/></domain>", PIT_ERROR_INVALID_XML, "libvirt’s schema" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(PitTuneResult) result = pit_tune_plan_run (plan, cases[i].xml, NULL, &error);

      g_assert_null (result);
      g_assert_error (error, PIT_ERROR, cases[i].code);
      if (strstr (error->message, cases[i].part) == NULL)
        g_error ("“%s” does not say “%s”", error->message, cases[i].part);
    }
}

int
main (int    argc,
      char **argv)
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  pit_core_init ();
  demo = pit_test_open_demo ();

  g_test_add_func ("/tune/hide-hypervisor/existing-hyperv", test_hide_hypervisor);
  g_test_add_func ("/tune/hide-hypervisor/new-block", test_hide_hypervisor_new_block);
  g_test_add_func ("/tune/hide-hypervisor/errors", test_hide_hypervisor_errors);
  g_test_add_func ("/tune/cpu/win10", test_cpu);
  g_test_add_func ("/tune/cpu/custom-model", test_cpu_custom_model);
  g_test_add_func ("/tune/cpu/shrink-drops-pins", test_cpu_shrink_drops_pins);
  g_test_add_func ("/tune/cpu/errors", test_cpu_errors);
  g_test_add_func ("/tune/cpu/topology-from-host", test_cpu_topology_from_host);
  g_test_add_func ("/tune/pinning/manual", test_pinning_manual);
  g_test_add_func ("/tune/pinning/existing-cputune", test_pinning_existing_cputune);
  g_test_add_func ("/tune/pinning/auto", test_pinning_auto);
  g_test_add_func ("/tune/pinning/auto-whole-host", test_pinning_auto_whole_host);
  g_test_add_func ("/tune/pinning/errors", test_pinning_errors);
  g_test_add_func ("/tune/pinning/parse", test_pinning_parse);
  g_test_add_func ("/tune/hugepages/win10", test_hugepages);
  g_test_add_func ("/tune/hugepages/replace", test_hugepages_replace);
  g_test_add_func ("/tune/hugepages/errors", test_hugepages_errors);
  g_test_add_func ("/tune/gpu/companions", test_gpu);
  g_test_add_func ("/tune/gpu/no-companions", test_gpu_no_companions);
  g_test_add_func ("/tune/gpu/errors", test_gpu_errors);
  g_test_add_func ("/tune/virtio-iso/attach", test_virtio_iso);
  g_test_add_func ("/tune/virtio-iso/find", test_virtio_iso_find);
  g_test_add_func ("/tune/virtio-nic/several", test_virtio_nic);
  g_test_add_func ("/tune/bridge/win10", test_bridge);
  g_test_add_func ("/tune/bridge/several-nics", test_bridge_several_nics);
  g_test_add_func ("/tune/disk-stage/stages", test_disk_stages);
  g_test_add_func ("/tune/disk-stage/errors", test_disk_stage_errors);
  g_test_add_func ("/tune/combination/win10", test_combination_win10);
  g_test_add_func ("/tune/combination/keeps-unknown", test_combination_keeps_unknown);
  g_test_add_func ("/tune/invalid-input", test_invalid_input);

  ret = g_test_run ();
  g_clear_object (&demo);
  return ret;
}
