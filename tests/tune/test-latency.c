/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-test"

#include "config.h"

#include <string.h>

#include "pit-change-hide-hypervisor.h"
#include "pit-change-hyperv.h"
#include "pit-change-iothreads.h"
#include "pit-change-pinning.h"
#include "pit-change-rotation-rate.h"
#include "pit-change-timers.h"
#include "pit-error.h"
#include "pit-host-inventory.h"
#include "pit-host-qemu.h"
#include "pit-test-support.h"
#include "tune-test.h"

/* The latency changes of issue #16 — Hyper-V enlightenments, timers, I/O
 * threads, the rotation rate — as golden XML on the demo's win10-gaming
 * and a Windows 11 guest (UEFI, TPM, virtio and SATA disks, pinned), each
 * idempotent and schema-valid (tune_test_check_golden()). */

static PitHostInventory *
story_host (void)
{
  g_autofree char *root = pit_test_fixture_path ("hosts", "story-nouveau", NULL);
  PitHostProbeOptions options = { root, NULL, NULL };
  g_autoptr(GError) error = NULL;
  PitHostInventory *host = pit_host_inventory_probe (&options, &error);

  g_assert_no_error (error);
  return host;
}

static PitTunePlan *
latency_plan (PitHostInventory *host,
              guint             iothreads)
{
  PitChangeHypervOptions hyperv = { FALSE };
  PitChangeTimersOptions timers = { FALSE };
  PitChangeIothreadsOptions threads = { iothreads };
  PitChangeRotationRateOptions rotation = { PIT_ROTATION_RATE_AUTO };
  PitTunePlan *plan = pit_tune_plan_new ();

  pit_tune_plan_add (plan, pit_change_hyperv_step (&hyperv));
  pit_tune_plan_add (plan, pit_change_timers_step (&timers));
  pit_tune_plan_add (plan, pit_change_iothreads_step (&threads));
  pit_tune_plan_add (plan, pit_change_rotation_rate_step (&rotation));
  pit_tune_plan_set_host (plan, host);
  return plan;
}

/* Windows 10 on a zvol on the HDD pool, SATA, unpinned, Intel host: every
 * enlightenment with evmcs, the rotation rate of a hard drive */
static void
test_win10 (void)
{
  g_autoptr(PitHostInventory) host = story_host ();
  g_autoptr(PitTunePlan) plan = latency_plan (host, 1);
  g_autoptr(PitTuneResult) result = tune_test_check_golden (plan, "win10-gaming.xml", "win10-latency.xml");

  tune_test_assert_golden (result->diff, "win10-latency.diff");
  g_assert_cmpuint (result->warnings->len, ==, 2);   /* no virtio disk, no emulator pin */
}

/* Windows 11: virtio disks spread over two I/O threads pinned with the
 * emulator; HPET off; a host-less run leaves out evmcs/avic and the SATA
 * disk's rotation rate (unknown storage) */
static void
test_win11 (void)
{
  g_autoptr(PitTunePlan) plan = latency_plan (NULL, 2);
  g_autoptr(PitTuneResult) result = tune_test_check_golden (plan, "win11.xml", "win11-latency.xml");

  tune_test_assert_golden (result->diff, "win11-latency.diff");
  g_assert_cmpuint (result->warnings->len, ==, 1);   /* sda: storage unknown */
}

static void
test_hyperv_passthrough (void)
{
  PitChangeHypervOptions passthrough = { TRUE };
  PitChangeHideHypervisorOptions hide = { NULL };
  g_autoptr(PitTunePlan) plan = tune_test_plan_of (pit_change_hyperv_step (&passthrough));
  g_autoptr(PitTunePlan) hidden = pit_tune_plan_new ();
  g_autoptr(PitTunePlan) hide_after = pit_tune_plan_new ();
  g_autoptr(PitTuneResult) result = tune_test_check_golden (plan, "win11.xml", "win11-hyperv-passthrough.xml");

  g_assert_nonnull (strstr (result->after_xml, "<hyperv mode=\"passthrough\"/>"));
  /* libvirt 9.0 allows no vendor_id in passthrough mode: the Error 43 workaround would go */
  pit_tune_plan_add (hidden, pit_change_hide_hypervisor_step (&hide));
  pit_tune_plan_add (hidden, pit_change_hyperv_step (&passthrough));
  tune_test_expect_error (hidden, "win11.xml", PIT_ERROR_UNSUPPORTED, "does not allow in passthrough mode");
  pit_tune_plan_add (hide_after, pit_change_hyperv_step (&passthrough));
  pit_tune_plan_add (hide_after, pit_change_hide_hypervisor_step (&hide));
  tune_test_expect_error (hide_after, "win11.xml", PIT_ERROR_UNSUPPORTED, "passthrough mode");
}

/* The vendor id and kvm hidden of the Error 43 workaround stay */
static void
test_hyperv_keeps_hiding (void)
{
  PitChangeHideHypervisorOptions hide = { "whatever" };
  PitChangeHypervOptions hyperv = { FALSE };
  g_autoptr(PitTunePlan) plan = pit_tune_plan_new ();
  g_autoptr(PitTuneResult) result = NULL;

  pit_tune_plan_add (plan, pit_change_hide_hypervisor_step (&hide));
  pit_tune_plan_add (plan, pit_change_hyperv_step (&hyperv));
  result = tune_test_check_golden (plan, "win11.xml", "win11-hyperv-hidden.xml");
  tune_test_assert_xml_has (result, "<vendor_id state=\"on\" value=\"whatever\"/>",
                                    "<spinlocks state=\"on\" retries=\"4096\"/>",
                                    "<hidden state=\"on\"/>",
                                    NULL);
}

static void
test_errors (void)
{
  PitChangeHypervOptions hyperv = { FALSE };
  PitChangeTimersOptions timers = { FALSE };
  PitChangeIothreadsOptions none = { 0 };
  g_autoptr(PitTunePlan) linux_hyperv = tune_test_plan_of (pit_change_hyperv_step (&hyperv));
  g_autoptr(PitTunePlan) arm_hyperv = tune_test_plan_of (pit_change_hyperv_step (&hyperv));
  g_autoptr(PitTunePlan) arm_timers = tune_test_plan_of (pit_change_timers_step (&timers));
  g_autoptr(PitTunePlan) zero = tune_test_plan_of (pit_change_iothreads_step (&none));
  PitRotationRate rate;
  g_autoptr(GError) error = NULL;

  tune_test_expect_error (linux_hyperv, "fedora-server.xml", PIT_ERROR_UNSUPPORTED, "are for Windows guests");
  tune_test_expect_error (arm_hyperv, "aarch64-guest.xml", PIT_ERROR_UNSUPPORTED,
                          "only works on x86 guests; this guest is aarch64");
  tune_test_expect_error (arm_timers, "aarch64-guest.xml", PIT_ERROR_UNSUPPORTED,
                          "only works on x86 guests; this guest is aarch64");
  tune_test_expect_error (zero, "win11.xml", PIT_ERROR_INVALID_ARGUMENT, "must be 1 to 64, not 0");
  {
    /* QEMU without KVM does not start with them (found on a real daemon) */
    g_autofree char *kvm = tune_test_read_fixture ("win11.xml");
    g_autofree char *tcg = NULL;
    const char *at = strstr (kvm, "type='kvm'");

    g_assert_nonnull (at);
    tcg = g_strdup_printf ("%.*stype='qemu'%s", (int) (at - kvm), kvm, at + strlen ("type='kvm'"));
    tune_test_expect_error_xml (linux_hyperv, tcg, PIT_ERROR_UNSUPPORTED, "need a KVM guest");
  }
  g_assert_false (pit_rotation_rate_from_string ("fast", &rate, &error));
  g_assert_error (error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT);
}

/* A Linux guest gets the timers that fit it: no Hyper-V clock */
static void
test_timers_linux (void)
{
  PitChangeTimersOptions timers = { FALSE };
  g_autoptr(PitTunePlan) plan = tune_test_plan_of (pit_change_timers_step (&timers));
  g_autoptr(PitTuneResult) result = tune_test_check_golden (plan, "fedora-server.xml", "fedora-server-timers.xml");

  g_assert_null (strstr (result->after_xml, "hypervclock"));
  g_assert_nonnull (strstr (result->after_xml, "<timer name=\"hpet\" present=\"no\"/>"));
}

/* SSD and HDD by hand; a guest with only virtio disks is left alone, with the reason */
static void
test_rotation_rate (void)
{
  PitChangeRotationRateOptions ssd = { PIT_ROTATION_RATE_SSD };
  PitChangeRotationRateOptions hdd = { PIT_ROTATION_RATE_HDD };
  g_autoptr(PitTunePlan) plan_ssd = tune_test_plan_of (pit_change_rotation_rate_step (&ssd));
  g_autoptr(PitTunePlan) plan_hdd = tune_test_plan_of (pit_change_rotation_rate_step (&hdd));
  g_autofree char *win11 = tune_test_read_fixture ("win11.xml");
  g_autofree char *fedora = tune_test_read_fixture ("fedora-server.xml");
  g_autoptr(PitTuneResult) a = tune_test_run (plan_ssd, win11);
  g_autoptr(PitTuneResult) b = tune_test_run (plan_hdd, win11);
  g_autoptr(PitTuneResult) c = tune_test_run (plan_ssd, fedora);

  g_assert_nonnull (strstr (a->after_xml, "<target dev=\"sda\" bus=\"sata\" rotation_rate=\"1\"/>"));
  g_assert_nonnull (strstr (b->after_xml, "<target dev=\"sda\" bus=\"sata\" rotation_rate=\"7200\"/>"));
  g_assert_null (strstr (a->after_xml, "<target dev=\"vda\" bus=\"virtio\" rotation_rate"));
  g_assert_false (c->changed);
  g_assert_cmpuint (c->warnings->len, ==, 1);
  tune_test_assert_idempotent (plan_ssd, a);
}

static void
put_file (const char *root,
          const char *relative,
          const char *text)
{
  g_autofree char *path = g_build_filename (root, relative, NULL);
  g_autofree char *dir = g_path_get_dirname (path);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
}

/* io='io_uring' where libvirt's capability cache says the guest's QEMU has
 * it (story-vfio records it for NixOS's QEMU), io='native' where it says
 * nothing (story-nouveau), for another binary, or where the kernel turns
 * io_uring off */
static void
test_io_uring (void)
{
  g_autofree char *vfio_root = pit_test_fixture_path ("hosts", "story-vfio", NULL);
  PitHostProbeOptions options = { vfio_root, NULL, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(PitHostInventory) vfio = pit_host_inventory_probe (&options, &error);
  g_autoptr(PitHostInventory) nouveau = story_host ();
  PitChangeIothreadsOptions threads = { 1 };
  g_autoptr(PitTunePlan) with = tune_test_plan_of (pit_change_iothreads_step (&threads));
  g_autoptr(PitTunePlan) without = tune_test_plan_of (pit_change_iothreads_step (&threads));
  g_autofree char *win10 = tune_test_read_fixture ("win10-gaming.xml");
  g_autoptr(PitTuneResult) uring = NULL;
  g_autoptr(PitTuneResult) native = NULL;
  const char *nix_qemu = "/run/libvirt/nix-emulators/qemu-system-x86_64";
  g_autofree char *tmp = g_dir_make_tmp ("pitstop-io-uring-XXXXXX", NULL);
  g_autofree char *cache_dir = g_build_filename (vfio_root, "var/cache/libvirt/qemu/capabilities", NULL);
  g_autoptr(GDir) dir = g_dir_open (cache_dir, 0, NULL);
  g_autofree char *cache_name = NULL;
  g_autofree char *cache = NULL;

  g_assert_no_error (error);
  pit_tune_plan_set_host (with, vfio);
  pit_tune_plan_set_host (without, nouveau);
  uring = tune_test_run (with, win10);
  native = tune_test_run (without, win10);
  g_assert_nonnull (strstr (uring->after_xml, "<driver name=\"qemu\" type=\"raw\" cache=\"none\" io=\"io_uring\"/>"));
  g_assert_nonnull (strstr (native->after_xml, "<driver name=\"qemu\" type=\"raw\" cache=\"none\" io=\"native\"/>"));
  tune_test_assert_idempotent (with, uring);

  /* the lookup itself, on a root with only the cache entry */
  g_assert_nonnull (dir);
  cache_name = g_strdup (g_dir_read_name (dir));
  g_assert_nonnull (cache_name);
  {
    g_autofree char *path = g_build_filename (cache_dir, cache_name, NULL);
    g_autofree char *relative = g_build_filename ("var/cache/libvirt/qemu/capabilities", cache_name, NULL);

    g_assert_true (g_file_get_contents (path, &cache, NULL, NULL));
    put_file (tmp, relative, cache);
  }
  g_assert_true (pit_host_qemu_has_io_uring (tmp, nix_qemu));
  g_assert_false (pit_host_qemu_has_io_uring (tmp, "/usr/bin/qemu-system-x86_64"));
  g_assert_false (pit_host_qemu_has_io_uring (tmp, NULL));
  g_assert_false (pit_host_qemu_has_io_uring (NULL, nix_qemu));
  put_file (tmp, "proc/sys/kernel/io_uring_disabled", "0\n");
  g_assert_true (pit_host_qemu_has_io_uring (tmp, nix_qemu));
  put_file (tmp, "proc/sys/kernel/io_uring_disabled", "2\n");
  g_assert_false (pit_host_qemu_has_io_uring (tmp, nix_qemu));
  /* a QEMU built without it has no flag */
  put_file (tmp, "proc/sys/kernel/io_uring_disabled", "0\n");
  {
    g_autoptr(GString) without_flag = g_string_new (cache);
    g_autofree char *relative = g_build_filename ("var/cache/libvirt/qemu/capabilities", cache_name, NULL);

    g_string_replace (without_flag, "<flag name='aio.io_uring'/>", "", 0);
    put_file (tmp, relative, without_flag->str);
    g_assert_false (pit_host_qemu_has_io_uring (tmp, nix_qemu));
  }
  pit_test_remove_tree (tmp);
}

int
main (int    argc,
      char **argv)
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  pit_core_init ();
  tune_test_demo = pit_test_open_demo ();

  g_test_add_func ("/tune/latency/win10", test_win10);
  g_test_add_func ("/tune/latency/win11", test_win11);
  g_test_add_func ("/tune/latency/hyperv-passthrough", test_hyperv_passthrough);
  g_test_add_func ("/tune/latency/hyperv-keeps-hiding", test_hyperv_keeps_hiding);
  g_test_add_func ("/tune/latency/timers-linux", test_timers_linux);
  g_test_add_func ("/tune/latency/rotation-rate", test_rotation_rate);
  g_test_add_func ("/tune/latency/errors", test_errors);
  g_test_add_func ("/tune/latency/io-uring", test_io_uring);

  ret = g_test_run ();
  g_clear_object (&tune_test_demo);
  return ret;
}
