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

/* Golden XML per change — hiding the hypervisor, CPU, pinning, hugepages —
 * on the demo's win10-gaming (as libvirt's test driver gives its inactive
 * XML) and hand-made guests.  Devices and combinations: test-devices.c. */

/* Hide the hypervisor ------------------------------------------------------ */

static void
test_hide_hypervisor (void)
{
  PitChangeHideHypervisorOptions options = { "0123456789ab" };
  g_autoptr(PitTunePlan) plan = tune_test_plan_of (pit_change_hide_hypervisor_step (&options));
  g_autoptr(PitTuneResult) result = tune_test_check_golden (plan, "win10-gaming.xml", "win10-hide-hypervisor.xml");

  /* the enlightenments already there stay */
  tune_test_assert_xml_has (result, "<spinlocks state=\"on\" retries=\"8191\"/>",
                                    "<vendor_id state=\"on\" value=\"0123456789ab\"/>",
                                    "<hidden state=\"on\"/>",
                                    NULL);
}

static void
test_hide_hypervisor_new_block (void)
{
  PitChangeHideHypervisorOptions options = { NULL };
  g_autoptr(PitTunePlan) plan = tune_test_plan_of (pit_change_hide_hypervisor_step (&options));
  g_autoptr(PitTuneResult) result = tune_test_check_golden (plan, "several-nics.xml", "several-nics-hide-hypervisor.xml");
}

static void
test_hide_hypervisor_errors (void)
{
  PitChangeHideHypervisorOptions too_long = { "0123456789abc" };
  PitChangeHideHypervisorOptions bad = { "my vendor" };
  PitChangeHideHypervisorOptions fine = { NULL };
  g_autoptr(PitTunePlan) a = tune_test_plan_of (pit_change_hide_hypervisor_step (&too_long));
  g_autoptr(PitTunePlan) b = tune_test_plan_of (pit_change_hide_hypervisor_step (&bad));
  g_autoptr(PitTunePlan) c = tune_test_plan_of (pit_change_hide_hypervisor_step (&fine));

  tune_test_expect_error (a, "win10-gaming.xml", PIT_ERROR_INVALID_ARGUMENT, "1 to 12 characters, not 13");
  tune_test_expect_error (b, "win10-gaming.xml", PIT_ERROR_INVALID_ARGUMENT, "may only use");
  tune_test_expect_error (c, "aarch64-guest.xml", PIT_ERROR_UNSUPPORTED, "only works on x86 guests; this guest is aarch64");
}

/* What the review page and the history say ---------------------------------- */

/* Whole sentences, with the right plural, never "socket(s)" */
static void
test_descriptions (void)
{
  PitChangeCpuOptions cpu = { .host_passthrough = TRUE, .sockets = 1, .cores = 4, .threads = 2,
                              .vcpus = 8, .current = 1 };
  PitChangeCpuOptions current = { .current = 6 };
  PitVcpuPin pins[] = { { 0, "2" } };
  PitChangePinningOptions pinning = { .pins = pins, .n_pins = 1, .emulator = "0", .iothreads = 2 };
  const char *one[] = { "0000:04:00.0", NULL };
  const char *two[] = { "0000:04:00.0", "0000:04:00.1", NULL };
  PitChangeGpuOptions gpu_one = { one, FALSE, NULL };
  PitChangeGpuOptions gpu_two = { two, TRUE, NULL };
  g_autoptr(PitTuneStep) cpu_step = pit_change_cpu_step (&cpu);
  g_autoptr(PitTuneStep) current_step = pit_change_cpu_step (&current);
  g_autoptr(PitTuneStep) pinning_step = pit_change_pinning_step (&pinning);
  g_autoptr(PitTuneStep) gpu_one_step = pit_change_gpu_step (&gpu_one);
  g_autoptr(PitTuneStep) gpu_two_step = pit_change_gpu_step (&gpu_two);

  g_assert_cmpstr (cpu_step->description, ==,
                   "Use the host’s CPU model (host-passthrough). "
                   "Give the guest the CPU topology 1×4×2 (sockets×cores×threads). "
                   "Give the guest at most 8 vCPUs. Allocate 1 vCPU to the guest");
  g_assert_false (cpu_step->live);
  g_assert_cmpstr (current_step->description, ==, "Allocate 6 vCPUs to the guest");
  g_assert_true (current_step->live);
  g_assert_cmpstr (pinning_step->description, ==, "Pin 1 vCPU. Pin the emulator. Add 2 I/O threads");
  g_assert_false (pinning_step->live);
  g_assert_cmpstr (gpu_one_step->description, ==, "Pass through the PCI device 0000:04:00.0 with its companions");
  g_assert_cmpstr (gpu_two_step->description, ==, "Pass through the PCI devices 0000:04:00.0, 0000:04:00.1");
}

/* A step keeps its own copy: the caller's strings may go away */
static void
test_step_copies_options (void)
{
  g_autofree char *vendor = g_strdup ("vendor1");
  g_autofree char *cpuset = g_strdup ("3");
  PitChangeHideHypervisorOptions hide = { vendor };
  PitVcpuPin pins[] = { { 0, cpuset } };
  PitChangePinningOptions pinning = { .pins = pins, .n_pins = 1 };
  g_autoptr(PitTunePlan) plan = pit_tune_plan_new ();
  g_autoptr(PitTuneResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *xml = tune_test_read_fixture ("win10-gaming.xml");

  pit_tune_plan_add (plan, pit_change_hide_hypervisor_step (&hide));
  pit_tune_plan_add (plan, pit_change_pinning_step (&pinning));
  vendor[0] = 'X';
  cpuset[0] = '5';

  result = pit_tune_plan_run (plan, xml, NULL, &error);
  g_assert_no_error (error);
  tune_test_assert_xml_has (result, "value=\"vendor1\"",
                                    "<vcpupin vcpu=\"0\" cpuset=\"3\"/>",
                                    NULL);
}

/* CPU ------------------------------------------------------------------------ */

static void
test_cpu (void)
{
  PitChangeCpuOptions options = { .host_passthrough = TRUE, .sockets = 1, .cores = 4, .threads = 2,
                                  .vcpus = 8, .current = 6 };
  g_autoptr(PitTunePlan) plan = tune_test_plan_of (pit_change_cpu_step (&options));
  g_autoptr(PitTuneResult) result = tune_test_check_golden (plan, "win10-gaming.xml", "win10-cpu.xml");

  g_assert_nonnull (strstr (result->after_xml, "<vcpu placement=\"static\" current=\"6\">8</vcpu>"));
}

static void
test_cpu_custom_model (void)
{
  /* a named model and vendor go with host-passthrough; cache and features stay */
  PitChangeCpuOptions options = { .host_passthrough = TRUE, .sockets = 1, .cores = 2, .threads = 2 };
  g_autoptr(PitTunePlan) plan = tune_test_plan_of (pit_change_cpu_step (&options));
  g_autoptr(PitTuneResult) result = tune_test_check_golden (plan, "several-nics.xml", "several-nics-cpu.xml");

  g_assert_null (strstr (result->after_xml, "Skylake-Client"));
  tune_test_assert_xml_has (result, "<cache mode=\"passthrough\"/>",
                                    "name=\"vmx\"",
                                    NULL);
}

static void
test_cpu_shrink_drops_pins (void)
{
  PitChangeCpuOptions options = { .sockets = 1, .cores = 1, .threads = 2, .vcpus = 2 };
  g_autoptr(PitTunePlan) plan = tune_test_plan_of (pit_change_cpu_step (&options));
  g_autoptr(PitTuneResult) result = tune_test_check_golden (plan, "fedora-server.xml", "fedora-server-shrink.xml");

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
  g_autoptr(PitTunePlan) a = tune_test_plan_of (pit_change_cpu_step (&product));
  g_autoptr(PitTunePlan) b = tune_test_plan_of (pit_change_cpu_step (&current));
  g_autoptr(PitTunePlan) c = tune_test_plan_of (pit_change_cpu_step (&keep_topology));
  g_autoptr(PitTunePlan) d = tune_test_plan_of (pit_change_cpu_step (&from_host));

  tune_test_expect_error (a, "win10-gaming.xml", PIT_ERROR_INVALID_ARGUMENT, "gives 6 vCPUs, but the maximum is 8");
  tune_test_expect_error (b, "win10-gaming.xml", PIT_ERROR_INVALID_ARGUMENT, "(9 vCPUs) cannot exceed the maximum (8)");
  tune_test_expect_error (c, "win10-gaming.xml", PIT_ERROR_INVALID_ARGUMENT, "gives 8 vCPUs, not 6");
  tune_test_expect_error (d, "win10-gaming.xml", PIT_ERROR_INVALID_ARGUMENT, "needs to know the host");
}

/* an emulated (TCG) guest cannot use host-passthrough */
static void
test_cpu_passthrough_emulated (void)
{
  PitChangeCpuOptions passthrough = { .host_passthrough = TRUE };
  g_autoptr(PitTunePlan) e = tune_test_plan_of (pit_change_cpu_step (&passthrough));
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *emulated = NULL;

  if (pit_test_skip_without_corpus ())
    return;
  path = pit_test_corpus_path ("libvirt-domains", "valid", "acpi-table.xml", NULL);
  g_file_get_contents (path, &emulated, NULL, &error);
  g_assert_no_error (error);
  tune_test_expect_error_xml (e, emulated, PIT_ERROR_UNSUPPORTED, NULL);
}

static void
test_cpu_topology_from_host (void)
{
  g_autoptr(PitHostInventory) host = tune_test_demo_host (0, 0);
  PitChangeCpuOptions options = { .topology_from_host = TRUE, .vcpus = 6 };
  g_autoptr(PitTunePlan) plan = tune_test_plan_of (pit_change_cpu_step (&options));
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
  g_autoptr(PitTunePlan) plan = tune_test_plan_of (pit_change_pinning_step (&options));
  g_autoptr(PitTuneResult) result = tune_test_check_golden (plan, "win10-gaming.xml", "win10-pinning.xml");

  tune_test_assert_xml_has (result, "<vcpupin vcpu=\"2\" cpuset=\"3\"/>",
                                    "<iothreadpin iothread=\"1\" cpuset=\"0,4\"/>",
                                    NULL);
}

static void
test_pinning_existing_cputune (void)
{
  PitVcpuPin pins[] = { { 1, "5" } };
  PitChangePinningOptions options = { .pins = pins, .n_pins = 1 };
  g_autoptr(PitTunePlan) plan = tune_test_plan_of (pit_change_pinning_step (&options));
  g_autoptr(PitTuneResult) result = tune_test_check_golden (plan, "fedora-server.xml", "fedora-server-pin.xml");

  /* one line changes */
  g_assert_nonnull (strstr (result->diff, "-    <vcpupin vcpu=\"1\" cpuset=\"6\"/>\n+    <vcpupin vcpu=\"1\" cpuset=\"5\"/>\n"));
}

static void
test_pinning_auto (void)
{
  g_autoptr(PitHostInventory) host = tune_test_demo_host (0, 0);
  PitChangeCpuOptions cpu = { .sockets = 1, .cores = 3, .threads = 2, .vcpus = 6 };
  PitChangePinningOptions options = { .automatic = TRUE };
  g_autoptr(PitTunePlan) plan = pit_tune_plan_new ();
  g_autoptr(PitTuneResult) result = NULL;

  pit_tune_plan_add (plan, pit_change_cpu_step (&cpu));
  pit_tune_plan_add (plan, pit_change_pinning_step (&options));
  pit_tune_plan_set_host (plan, host);
  result = tune_test_check_golden (plan, "win10-gaming.xml", "win10-pin-auto.xml");

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
  g_autoptr(PitHostInventory) host = tune_test_demo_host (0, 0);
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

/* I/O threads numbered by <iothreadids> get their pins by id */
static void
test_pinning_iothread_ids (void)
{
  PitChangePinningOptions options = { .emulator = "0", .iothreads = 2 };
  PitChangePinningOptions more = { .emulator = "0", .iothreads = 3 };
  g_autoptr(PitTunePlan) plan = tune_test_plan_of (pit_change_pinning_step (&options));
  g_autoptr(PitTunePlan) plan_more = tune_test_plan_of (pit_change_pinning_step (&more));
  g_autofree char *path = NULL;
  g_autofree char *xml = NULL;
  g_autoptr(PitTuneResult) result = NULL;

  if (pit_test_skip_without_corpus ())
    return;
  path = pit_test_corpus_path ("libvirt-domains", "valid", "iothreads-ids.xml", NULL);
  g_file_get_contents (path, &xml, NULL, NULL);
  result = tune_test_run (plan, xml);
  g_assert_nonnull (strstr (result->after_xml, "<iothreadpin iothread=\"2\" cpuset=\"0\"/>\n    <iothreadpin iothread=\"4\" cpuset=\"0\"/>"));
  g_assert_null (strstr (result->after_xml, "iothread=\"1\""));
  tune_test_assert_idempotent (plan, result);

  tune_test_expect_error_xml (plan_more, xml, PIT_ERROR_UNSUPPORTED, NULL);
}

static void
test_pinning_errors (void)
{
  g_autoptr(PitHostInventory) host = tune_test_demo_host (0, 0);
  PitVcpuPin beyond_guest[] = { { 8, "1" } };
  PitVcpuPin twice[] = { { 1, "1" }, { 1, "2" } };
  PitVcpuPin beyond_host[] = { { 0, "0-8" } };
  PitVcpuPin empty[] = { { 0, "1,^1" } };
  PitChangePinningOptions a = { .pins = beyond_guest, .n_pins = 1 };
  PitChangePinningOptions b = { .pins = twice, .n_pins = 2 };
  PitChangePinningOptions c = { .pins = beyond_host, .n_pins = 1 };
  PitChangePinningOptions d = { .pins = empty, .n_pins = 1 };
  PitChangePinningOptions e = { .automatic = TRUE };
  g_autoptr(PitTunePlan) pa = tune_test_plan_of (pit_change_pinning_step (&a));
  g_autoptr(PitTunePlan) pb = tune_test_plan_of (pit_change_pinning_step (&b));
  g_autoptr(PitTunePlan) pc = tune_test_plan_of (pit_change_pinning_step (&c));
  g_autoptr(PitTunePlan) pd = tune_test_plan_of (pit_change_pinning_step (&d));
  g_autoptr(PitTunePlan) pe = tune_test_plan_of (pit_change_pinning_step (&e));
  g_autoptr(PitTunePlan) pe_host = tune_test_plan_of (pit_change_pinning_step (&e));

  pit_tune_plan_set_host (pc, host);
  pit_tune_plan_set_host (pe_host, host);
  tune_test_expect_error (pa, "win10-gaming.xml", PIT_ERROR_INVALID_ARGUMENT, "vCPU 8 does not exist: the guest has 8 vCPUs (0–7)");
  tune_test_expect_error (pb, "win10-gaming.xml", PIT_ERROR_INVALID_ARGUMENT, "vCPU 1 is pinned twice");
  tune_test_expect_error (pc, "win10-gaming.xml", PIT_ERROR_INVALID_ARGUMENT, "CPU 8 does not exist; the host has 8 CPUs (0–7)");
  tune_test_expect_error (pd, "win10-gaming.xml", PIT_ERROR_INVALID_ARGUMENT, "leaves no CPU");
  tune_test_expect_error (pe, "win10-gaming.xml", PIT_ERROR_INVALID_ARGUMENT, "needs to know the host");
  /* 8 vCPUs on 3 free cores of 2 threads */
  tune_test_expect_error (pe_host, "win10-gaming.xml", PIT_ERROR_INVALID_ARGUMENT,
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
  g_autoptr(PitHostInventory) host = tune_test_demo_host (0, 16);
  PitChangeHugepagesOptions options = { PIT_HUGEPAGES_1G_KIB };
  g_autoptr(PitTunePlan) plan = tune_test_plan_of (pit_change_hugepages_step (&options));
  g_autoptr(PitTuneResult) result = NULL;

  pit_tune_plan_set_host (plan, host);
  result = tune_test_check_golden (plan, "win10-gaming.xml", "win10-hugepages.xml");
  g_assert_nonnull (strstr (result->after_xml, "<page size=\"1048576\" unit=\"KiB\"/>"));
}

static void
test_hugepages_replace (void)
{
  /* fedora-server has 2 MiB pages: one size replaces the other */
  PitChangeHugepagesOptions options = { PIT_HUGEPAGES_1G_KIB };
  g_autoptr(PitTunePlan) plan = tune_test_plan_of (pit_change_hugepages_step (&options));
  g_autoptr(PitTuneResult) result = tune_test_check_golden (plan, "fedora-server.xml", "fedora-server-hugepages.xml");

  g_assert_null (strstr (result->after_xml, "size=\"2048\""));
}

static void
test_hugepages_errors (void)
{
  g_autoptr(PitHostInventory) small = tune_test_demo_host (0, 10);
  g_autoptr(PitHostInventory) unknown = tune_test_demo_host (-1, -1);
  PitChangeHugepagesOptions gig = { PIT_HUGEPAGES_1G_KIB };
  PitChangeHugepagesOptions odd = { 4096 };
  g_autoptr(PitTunePlan) a = tune_test_plan_of (pit_change_hugepages_step (&gig));
  g_autoptr(PitTunePlan) b = tune_test_plan_of (pit_change_hugepages_step (&odd));
  g_autoptr(PitTunePlan) c = tune_test_plan_of (pit_change_hugepages_step (&gig));
  g_autoptr(GError) error = NULL;
  g_autofree char *xml = tune_test_read_fixture ("win10-gaming.xml");
  g_autoptr(PitTuneResult) result = NULL;

  pit_tune_plan_set_host (a, small);
  tune_test_expect_error (a, "win10-gaming.xml", PIT_ERROR_INVALID_ARGUMENT,
                "the guest needs 16 pages, 10 are free, 6 pages are missing");
  tune_test_expect_error (b, "win10-gaming.xml", PIT_ERROR_INVALID_ARGUMENT, "choose 2M or 1G");

  /* when the host plan reserves the pages, only a warning */
  {
    PitChangeHugepagesOptions planned = { PIT_HUGEPAGES_1G_KIB, TRUE };
    g_autoptr(PitTunePlan) d = tune_test_plan_of (pit_change_hugepages_step (&planned));
    g_autoptr(PitTuneResult) warned = NULL;

    pit_tune_plan_set_host (d, small);
    warned = tune_test_run (d, xml);
    g_assert_cmpuint (warned->warnings->len, ==, 1);
    g_assert_cmpstr (g_ptr_array_index (warned->warnings, 0), ==,
                     "The host’s pool of 1 GiB pages is too small: the guest needs 16 pages, 10 are free, "
                     "6 pages are missing; the guest starts once the host plan has reserved them");
  }

  /* a remote host's free count is unknown: no refusal */
  pit_tune_plan_set_host (c, unknown);
  result = pit_tune_plan_run (c, xml, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (result);

  g_assert_cmpuint (pit_change_hugepages_parse_size ("2M", NULL), ==, 2048);
  g_assert_cmpuint (pit_change_hugepages_parse_size ("1GiB", NULL), ==, 1048576);
  g_assert_cmpuint (pit_change_hugepages_parse_size ("4K", &error), ==, 0);
}

/* a guest whose memory is no whole number of pages is refused */
static void
test_hugepages_not_a_multiple (void)
{
  g_autoptr(PitHostInventory) unknown = tune_test_demo_host (-1, -1);
  PitChangeHugepagesOptions gig = { PIT_HUGEPAGES_1G_KIB };
  g_autoptr(PitTunePlan) c = tune_test_plan_of (pit_change_hugepages_step (&gig));
  g_autofree char *path = NULL;
  g_autofree char *small_guest = NULL;

  if (pit_test_skip_without_corpus ())
    return;
  pit_tune_plan_set_host (c, unknown);
  path = pit_test_corpus_path ("libvirt-domains", "valid", "acpi-table.xml", NULL);
  g_file_get_contents (path, &small_guest, NULL, NULL);
  tune_test_expect_error_xml (c, small_guest, PIT_ERROR_INVALID_ARGUMENT,
                              "(219136 KiB) is not a multiple of the 1 GiB page size");
}

int
main (int    argc,
      char **argv)
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  pit_core_init ();
  tune_test_demo = pit_test_open_demo ();

  g_test_add_func ("/tune/hide-hypervisor/existing-hyperv", test_hide_hypervisor);
  g_test_add_func ("/tune/hide-hypervisor/new-block", test_hide_hypervisor_new_block);
  g_test_add_func ("/tune/hide-hypervisor/errors", test_hide_hypervisor_errors);
  g_test_add_func ("/tune/descriptions", test_descriptions);
  g_test_add_func ("/tune/step-copies-options", test_step_copies_options);
  g_test_add_func ("/tune/cpu/win10", test_cpu);
  g_test_add_func ("/tune/cpu/custom-model", test_cpu_custom_model);
  g_test_add_func ("/tune/cpu/shrink-drops-pins", test_cpu_shrink_drops_pins);
  g_test_add_func ("/tune/cpu/errors", test_cpu_errors);
  g_test_add_func ("/tune/cpu/passthrough-emulated", test_cpu_passthrough_emulated);
  g_test_add_func ("/tune/cpu/topology-from-host", test_cpu_topology_from_host);
  g_test_add_func ("/tune/pinning/manual", test_pinning_manual);
  g_test_add_func ("/tune/pinning/existing-cputune", test_pinning_existing_cputune);
  g_test_add_func ("/tune/pinning/auto", test_pinning_auto);
  g_test_add_func ("/tune/pinning/auto-whole-host", test_pinning_auto_whole_host);
  g_test_add_func ("/tune/pinning/iothread-ids", test_pinning_iothread_ids);
  g_test_add_func ("/tune/pinning/errors", test_pinning_errors);
  g_test_add_func ("/tune/pinning/parse", test_pinning_parse);
  g_test_add_func ("/tune/hugepages/win10", test_hugepages);
  g_test_add_func ("/tune/hugepages/replace", test_hugepages_replace);
  g_test_add_func ("/tune/hugepages/errors", test_hugepages_errors);
  g_test_add_func ("/tune/hugepages/not-a-multiple", test_hugepages_not_a_multiple);

  ret = g_test_run ();
  g_clear_object (&tune_test_demo);
  return ret;
}
