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

/* Golden XML for the device changes — GPU, driver disc, NIC model, bridge,
 * staged disk move — and for combinations, on the demo's win10-gaming and
 * hand-made guests; input that is not a valid domain. */

/* GPU ------------------------------------------------------------------------ */

static void
test_gpu (void)
{
  g_autoptr(PitHostInventory) host = tune_test_demo_host (0, 0);
  const char *addresses[] = { "04:00.0", NULL };
  PitChangeGpuOptions options = { addresses, FALSE, "/var/lib/libvirt/vbios/gtx1080.rom" };
  g_autoptr(PitTunePlan) plan = tune_test_plan_of (pit_change_gpu_step (&options));
  g_autoptr(PitTuneResult) result = NULL;

  pit_tune_plan_set_host (plan, host);
  result = tune_test_check_golden (plan, "win10-gaming.xml", "win10-gpu.xml");
  /* the audio function comes along; the PCIe root port of the group stays */
  g_assert_nonnull (strstr (result->after_xml, "function=\"0x1\""));
  g_assert_null (strstr (result->after_xml, "bus=\"0x00\" slot=\"0x01\""));
  g_assert_cmpuint (result->warnings->len, ==, 0);
}

static void
test_gpu_no_companions (void)
{
  g_autoptr(PitHostInventory) host = tune_test_demo_host (0, 0);
  const char *addresses[] = { "pci_0000_04_00_0", NULL };
  PitChangeGpuOptions options = { addresses, TRUE, NULL };
  g_autoptr(PitTunePlan) plan = tune_test_plan_of (pit_change_gpu_step (&options));
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
  g_autoptr(PitHostInventory) host = tune_test_demo_host (0, 0);
  const char *missing[] = { "0000:05:00.0", NULL };
  const char *garbage[] = { "gpu0", NULL };
  const char *bridge[] = { "00:01.0", NULL };
  PitChangeGpuOptions a = { missing, FALSE, NULL };
  PitChangeGpuOptions b = { garbage, FALSE, NULL };
  PitChangeGpuOptions c = { bridge, FALSE, NULL };
  g_autoptr(PitTunePlan) pa = tune_test_plan_of (pit_change_gpu_step (&a));
  g_autoptr(PitTunePlan) pb = tune_test_plan_of (pit_change_gpu_step (&b));
  g_autoptr(PitTunePlan) pc = tune_test_plan_of (pit_change_gpu_step (&c));

  pit_tune_plan_set_host (pa, host);
  pit_tune_plan_set_host (pc, host);
  tune_test_expect_error (pa, "win10-gaming.xml", PIT_ERROR_NOT_FOUND, "The host has no PCI device at 0000:05:00.0");
  tune_test_expect_error (pb, "win10-gaming.xml", PIT_ERROR_INVALID_ARGUMENT, "“gpu0” is not a PCI address");
  tune_test_expect_error (pc, "win10-gaming.xml", PIT_ERROR_INVALID_ARGUMENT, "is a PCI bridge");
}

/* Drivers -------------------------------------------------------------------- */

static void
test_virtio_iso (void)
{
  PitChangeVirtioIsoOptions options = { "/usr/share/virtio-win/virtio-win.iso" };
  g_autoptr(PitTunePlan) plan = tune_test_plan_of (pit_change_virtio_iso_step (&options));
  g_autoptr(PitTuneResult) result = tune_test_check_golden (plan, "win10-gaming.xml", "win10-virtio-iso.xml");

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
  g_autoptr(PitTunePlan) plan = tune_test_plan_of (pit_change_virtio_iso_step (&missing));
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
  g_autoptr(PitTunePlan) plan = tune_test_plan_of (pit_change_virtio_nic_step (&all));
  g_autoptr(PitTunePlan) plan_one = tune_test_plan_of (pit_change_virtio_nic_step (&one));
  g_autoptr(PitTunePlan) plan_none = tune_test_plan_of (pit_change_virtio_nic_step (&none));
  g_autoptr(PitTuneResult) result = tune_test_check_golden (plan, "several-nics.xml", "several-nics-virtio-nic.xml");
  g_autoptr(PitTuneResult) result_one = NULL;
  g_autofree char *xml = tune_test_read_fixture ("several-nics.xml");

  g_assert_null (strstr (result->after_xml, "rtl8139"));
  g_assert_null (strstr (result->after_xml, "e1000"));

  result_one = tune_test_run (plan_one, xml);
  tune_test_assert_xml_has (result_one, "rtl8139",
                                        "e1000e",
                                        NULL);
  g_assert_null (strstr (result_one->after_xml, "\"e1000\""));
  tune_test_expect_error (plan_none, "several-nics.xml", PIT_ERROR_NOT_FOUND, "no network card with the MAC address 52:54:00:ff:ff:ff");
}

static void
test_bridge (void)
{
  PitChangeBridgeOptions options = { "br0", NULL };
  g_autoptr(PitTunePlan) plan = tune_test_plan_of (pit_change_bridge_step (&options));
  g_autoptr(PitTuneResult) result = tune_test_check_golden (plan, "win10-gaming.xml", "win10-bridge.xml");

  tune_test_assert_xml_has (result, "<mac address=\"52:54:00:6b:3c:58\"/>",
                                    "<source bridge=\"br0\"/>",
                                    NULL);
}

static void
test_bridge_several_nics (void)
{
  PitChangeBridgeOptions any = { "br0", NULL };
  PitChangeBridgeOptions first = { "br0", "52:54:00:aa:00:01" };
  PitChangeBridgeOptions bad = { "br0/x", NULL };
  g_autoptr(PitTunePlan) plan_any = tune_test_plan_of (pit_change_bridge_step (&any));
  g_autoptr(PitTunePlan) plan_first = tune_test_plan_of (pit_change_bridge_step (&first));
  g_autoptr(PitTunePlan) plan_bad = tune_test_plan_of (pit_change_bridge_step (&bad));
  g_autoptr(PitTuneResult) result = NULL;

  tune_test_expect_error (plan_any, "several-nics.xml", PIT_ERROR_INVALID_ARGUMENT,
                "The guest has 3 network cards (52:54:00:aa:00:01, 52:54:00:aa:00:02, 52:54:00:aa:00:03): choose one by its MAC address");
  tune_test_expect_error (plan_bad, "win10-gaming.xml", PIT_ERROR_INVALID_ARGUMENT, "is not a bridge name");
  result = tune_test_check_golden (plan_first, "several-nics.xml", "several-nics-bridge.xml");
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
  g_autoptr(PitTunePlan) p1 = tune_test_plan_of (pit_change_disk_stage_step (&stage1));
  g_autoptr(PitTunePlan) p2 = tune_test_plan_of (pit_change_disk_stage_step (&stage2));
  g_autoptr(PitTunePlan) u1 = tune_test_plan_of (pit_change_disk_stage_step (&undo1));
  g_autoptr(PitTunePlan) u2 = tune_test_plan_of (pit_change_disk_stage_step (&undo2));
  g_autoptr(PitTuneResult) r1 = tune_test_check_golden (p1, "win10-gaming.xml", "win10-disk-stage1.xml");
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
  g_autoptr(PitTunePlan) a = tune_test_plan_of (pit_change_disk_stage_step (&no_file));
  g_autoptr(PitTunePlan) b = tune_test_plan_of (pit_change_disk_stage_step (&relative));
  g_autoptr(PitTunePlan) c = tune_test_plan_of (pit_change_disk_stage_step (&no_file));
  PitDiskStage stage;
  g_autoptr(GError) error = NULL;

  tune_test_expect_error (a, "win10-gaming.xml", PIT_ERROR_INVALID_ARGUMENT, "needs a file");
  tune_test_expect_error (b, "win10-gaming.xml", PIT_ERROR_INVALID_ARGUMENT, "must be an absolute path");
  tune_test_expect_error (c, "aarch64-guest.xml", PIT_ERROR_UNSUPPORTED, "only works on x86 guests");
  tune_test_expect_error (c, "fedora-server.xml", PIT_ERROR_INVALID_ARGUMENT, "already uses virtio");
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
  g_autoptr(PitHostInventory) host = tune_test_demo_host (0, 16);
  g_autoptr(PitTunePlan) plan = wizard_plan (host);
  g_autoptr(PitTuneResult) result = tune_test_check_golden (plan, "win10-gaming.xml", "win10-all.xml");

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
  result = tune_test_check_golden (plan, "several-nics.xml", "several-nics-all.xml");

  /* other tools' data survives */
  tune_test_assert_xml_has (result, "<app1:foo xmlns:app1=\"http://app1.org/app1/\">fooish</app1:foo>",
                                    "<app2:baz state=\"kept\"/>",
                                    "<qemu:arg value=\"-no-hpet\"/>",
                                    "<backend type=\"emulator\" version=\"2.0\"/>",
                                    "<title>Hand-made: three network cards",
                                    NULL);
  /* the IDE boot disk is the one the small disk is for */
  g_assert_nonnull (strstr (result->after_xml, "<source file=\"/srv/dummy.img\"/>"));
}

static void
test_invalid_input (void)
{
  PitChangeVirtioNicOptions nic = { NULL };
  g_autoptr(PitTunePlan) plan = tune_test_plan_of (pit_change_virtio_nic_step (&nic));
  const struct { const char *xml; int code; const char *part; } cases[] = {
    { "", PIT_ERROR_INVALID_XML, "empty" },
    { "<domain type='kvm'><name>x</name>", PIT_ERROR_INVALID_XML, "line 1" },
    { "<network><name>x</name></network>", PIT_ERROR_INVALID_XML, "starts with <network>" },
    { "<domain type='kvm'><name>x</name><memory>1</memory><bogus/></domain>", PIT_ERROR_INVALID_XML, "libvirt’s schema" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    tune_test_expect_error_xml (plan, cases[i].xml, cases[i].code, cases[i].part);
}

int
main (int    argc,
      char **argv)
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  pit_core_init ();
  tune_test_demo = pit_test_open_demo ();

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
  g_clear_object (&tune_test_demo);
  return ret;
}
