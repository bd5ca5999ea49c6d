/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-test"

#include "config.h"

#include <glib/gstdio.h>

#include "pit-test-support.h"
#include "tune-test.h"

/* pitstop-cli tune and history, as a user runs them. */

static char *
fixture (const char *name)
{
  return pit_test_fixture_path ("tune", name, NULL);
}

static void
expect_failure (const char * const *argv,
                const char         *message)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = pit_test_run_cli (argv, &out, &err);

  g_assert_cmpint (status, ==, 1);
  g_assert_cmpstr (out, ==, "");
  /* one line */
  g_assert_nonnull (strchr (err, '\n'));
  g_assert_cmpint (strchr (err, '\n') - err, ==, (int) strlen (err) - 1);
  if (strstr (err, message) == NULL)
    g_error ("“%s” does not say “%s”", err, message);
}

static void
test_xml (void)
{
  g_autofree char *win10 = fixture ("win10-gaming.xml");
  const char *argv[] = { "tune", "--xml", win10, "--hide-hypervisor=0123456789ab", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (pit_test_run_cli (argv, &out, &err), ==, 0);
  g_assert_cmpstr (err, ==, "");
  tune_test_assert_golden (out, "win10-hide-hypervisor.xml");
}

static void
test_diff (void)
{
  g_autofree char *nics = fixture ("several-nics.xml");
  const char *argv[] = { "tune", "--xml", nics, "--virtio-nic", "--nic", "52:54:00:aa:00:01",
                         "--bridge", "br0", "--diff", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (pit_test_run_cli (argv, &out, &err), ==, 0);
  g_assert_true (g_str_has_prefix (out, "--- a/several-nics.xml\n+++ b/several-nics.xml\n@@ "));
  g_assert_nonnull (strstr (out, "-    <interface type=\"network\">\n+    <interface type=\"bridge\">\n"));
  g_assert_nonnull (strstr (out, "\n-      <model type=\"rtl8139\"/>\n"));
  g_assert_nonnull (strstr (out, "\n+      <model type=\"virtio\"/>\n"));
  /* the other cards keep their models */
  g_assert_null (strstr (out, "e1000"));
}

static void
test_combination (void)
{
  g_autofree char *win10 = fixture ("win10-gaming.xml");
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("pitstop-cli-XXXXXX", &error);
  g_autofree char *iso = g_build_filename (dir, "virtio-win.iso", NULL);
  g_autofree char *dummy = g_build_filename (dir, "dummy.qcow2", NULL);
  g_autofree char *output = g_build_filename (dir, "out.xml", NULL);
  const char *changes[] = { "--gpu", "04:00.0", "--gpu", "04:00.1",
                            "--hide-hypervisor", "--cpu-mode", "host-passthrough",
                            "--topology", "1:4:2", "--vcpus", "8:6",
                            "--pin", "0=1,1=5,2=2,3=6,4=3,5=7,6=1-3,5-7,7=1-3,5-7",
                            "--emulator-pin", "0,4", "--iothreads", "1", "--hugepages", "1G",
                            "--virtio-iso", iso, "--virtio-nic", "--bridge", "br0",
                            "--disk-stage", "add-virtio-dummy", "--dummy-disk", dummy, NULL };
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *out = NULL;
  g_autofree char *again = NULL;
  g_autofree char *err = NULL;

  g_assert_no_error (error);
  g_file_set_contents (iso, "", 0, &error);
  g_file_set_contents (dummy, "", 0, &error);
  g_assert_no_error (error);

  g_ptr_array_add (argv, (gpointer) "tune");
  g_ptr_array_add (argv, (gpointer) "--xml");
  g_ptr_array_add (argv, win10);
  for (guint i = 0; changes[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) changes[i]);
  g_ptr_array_add (argv, NULL);
  g_assert_cmpint (pit_test_run_cli ((const char * const *) argv->pdata, &out, &err), ==, 0);
  g_assert_cmpstr (err, ==, "");
  g_assert_nonnull (strstr (out, "<topology sockets=\"1\" dies=\"1\" cores=\"4\" threads=\"2\"/>"));
  g_assert_nonnull (strstr (out, "<vcpupin vcpu=\"7\" cpuset=\"1-3,5-7\"/>"));
  g_assert_nonnull (strstr (out, "<iothreadpin iothread=\"1\" cpuset=\"0,4\"/>"));
  g_assert_nonnull (strstr (out, "<page size=\"1048576\" unit=\"KiB\"/>"));
  g_assert_nonnull (strstr (out, "<source bridge=\"br0\"/>"));

  /* the same changes on the output change nothing */
  g_file_set_contents (output, out, -1, &error);
  g_assert_no_error (error);
  g_ptr_array_index (argv, 2) = output;
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (pit_test_run_cli ((const char * const *) argv->pdata, &again, &err), ==, 0);
  g_assert_cmpstr (again, ==, out);

  g_remove (iso);
  g_remove (dummy);
  g_remove (output);
  g_rmdir (dir);
}

static void
test_errors (void)
{
  g_autofree char *win10 = fixture ("win10-gaming.xml");
  g_autofree char *arm = fixture ("aarch64-guest.xml");
  const char *none[] = { "tune", "--xml", win10, NULL };
  const char *both[] = { "tune", "--xml", win10, "--domain", "x", "--virtio-nic", NULL };
  const char *neither[] = { "tune", "--virtio-nic", NULL };
  const char *topology[] = { "tune", "--xml", win10, "--topology", "1:2", NULL };
  const char *vcpus[] = { "tune", "--xml", win10, "--vcpus", "8:9", NULL };
  const char *pin[] = { "tune", "--xml", win10, "--pin", "0:1", NULL };
  const char *hugepages[] = { "tune", "--xml", win10, "--hugepages", "3M", NULL };
  const char *missing[] = { "tune", "--xml", "/nonexistent/domain.xml", "--virtio-nic", NULL };
  const char *apply_xml[] = { "tune", "--xml", win10, "--virtio-nic", "--apply", NULL };
  const char *no_domain[] = { "tune", "--demo", "--domain", "nope", "--virtio-nic", NULL };
  const char *iso[] = { "tune", "--xml", win10, "--virtio-iso", "/nonexistent/virtio-win.iso", NULL };
  const char *arm_hide[] = { "tune", "--xml", arm, "--hide-hypervisor", NULL };
  const char *stage[] = { "tune", "--xml", win10, "--disk-stage", "stage-3", NULL };
  const char *mode[] = { "tune", "--xml", win10, "--cpu-mode", "host-model", NULL };

  expect_failure (none, "Give at least one change");
  expect_failure (both, "Give either --xml FILE or --domain NAME");
  expect_failure (neither, "Give either --xml FILE or --domain NAME");
  expect_failure (topology, "--topology: expected SOCKETS:CORES:THREADS");
  expect_failure (vcpus, "The current allocation (9 vCPUs) cannot exceed the maximum (8)");
  expect_failure (pin, "expected VCPU=CPUSET");
  expect_failure (hugepages, "Hugepages of “3M” are not offered: choose 2M or 1G");
  expect_failure (missing, "/nonexistent/domain.xml");
  expect_failure (apply_xml, "--apply defines a virtual machine");
  expect_failure (no_domain, "There is no virtual machine “nope”");
  expect_failure (iso, "The file “/nonexistent/virtio-win.iso” does not exist");
  expect_failure (arm_hide, "Hiding the hypervisor only works on x86 guests; this guest is aarch64");
  expect_failure (stage, "Unknown disk stage “stage-3”");
  expect_failure (mode, "--cpu-mode: only host-passthrough is offered");
}

/* The latency options (issue #16) on a Windows 11 guest */
static void
test_latency (void)
{
  g_autofree char *win11 = fixture ("win11.xml");
  const char *argv[] = { "tune", "--xml", win11, "--hyperv", "--timers", "--iothreads", "2",
                         "--rotation-rate", "ssd", NULL };
  const char *passthrough[] = { "tune", "--xml", win11, "--hyperv=passthrough", NULL };
  const char *bad_mode[] = { "tune", "--xml", win11, "--hyperv=all", NULL };
  const char *bad_rate[] = { "tune", "--xml", win11, "--rotation-rate", "fast", NULL };
  const char *bad_count[] = { "tune", "--xml", win11, "--iothreads", "-1", NULL };
  g_autofree char *out = NULL;
  g_autofree char *out_passthrough = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (pit_test_run_cli (argv, &out, &err), ==, 0);
  g_assert_cmpstr (err, ==, "");
  g_assert_nonnull (strstr (out, "<stimer state=\"on\">\n        <direct state=\"on\"/>"));
  g_assert_nonnull (strstr (out, "<timer name=\"hpet\" present=\"no\"/>\n    <timer name=\"hypervclock\" present=\"yes\"/>"));
  g_assert_nonnull (strstr (out, "<iothreadpin iothread=\"2\" cpuset=\"0,4\"/>"));
  g_assert_nonnull (strstr (out, "<target dev=\"sda\" bus=\"sata\" rotation_rate=\"1\"/>"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (pit_test_run_cli (passthrough, &out_passthrough, &err), ==, 0);
  g_assert_nonnull (strstr (out_passthrough, "<hyperv mode=\"passthrough\"/>"));

  expect_failure (bad_mode, "--hyperv: only “passthrough” may follow, not “all”");
  expect_failure (bad_rate, "The rotation rate is auto, ssd or hdd, not “fast”");
  expect_failure (bad_count, "The number of I/O threads must be 1 to 64, not 0");
}

/* A host known from an lspci dump: the GPU's audio function comes along,
 * an address the host does not have is refused */
static void
test_pci_dump (void)
{
  g_autofree char *win10 = fixture ("win10-gaming.xml");
  g_autofree char *dump = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  if (pit_test_skip_without_corpus ())
    return;
  dump = pit_test_corpus_path ("pci-dumps", "asus-p6t6-geforce210.lspci", NULL);
  {
    const char *argv[] = { "tune", "--xml", win10, "--pci-dump", dump, "--gpu", "06:00.0", NULL };
    const char *missing[] = { "tune", "--xml", win10, "--pci-dump", dump, "--gpu", "0a:00.0", NULL };

    g_assert_cmpint (pit_test_run_cli (argv, &out, &err), ==, 0);
    g_assert_nonnull (strstr (out, "<address domain=\"0x0000\" bus=\"0x06\" slot=\"0x00\" function=\"0x0\"/>"));
    g_assert_nonnull (strstr (out, "<address domain=\"0x0000\" bus=\"0x06\" slot=\"0x00\" function=\"0x1\"/>"));
    expect_failure (missing, "The host has no PCI device at 0000:0a:00.0");
  }
}

/* --rom reaches the engine's ROM option: the first --gpu gets <rom file>
 * (the recorded RTX 3080 of raptor-polaris-rtx3080, from its lspci dump) */
static void
test_rom (void)
{
  g_autofree char *win10 = fixture ("win10-gaming.xml");
  g_autofree char *dump = pit_test_fixture_path ("hosts", "raptor-polaris-rtx3080.lspci", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("pitstop-rom-XXXXXX", &error);
  g_autofree char *rom = g_build_filename (dir, "rtx3080.rom", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.rom", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *expected = NULL;
  const char *argv[] = { "tune", "--xml", win10, "--pci-dump", dump, "--gpu", "01:00.0", "--rom", rom, NULL };
  const char *without[] = { "tune", "--xml", win10, "--pci-dump", dump, "--gpu", "01:00.0", NULL };
  const char *relative[] = { "tune", "--xml", win10, "--pci-dump", dump, "--gpu", "01:00.0",
                             "--rom", "rtx3080.rom", NULL };
  const char *absent[] = { "tune", "--xml", win10, "--pci-dump", dump, "--gpu", "01:00.0", "--rom", missing, NULL };
  g_autofree char *gpu = NULL;
  g_autofree char *absent_message = NULL;

  g_assert_no_error (error);
  g_file_set_contents (rom, "\x55\xaa", 2, &error);
  g_assert_no_error (error);
  g_assert_cmpint (pit_test_run_cli (argv, &out, &err), ==, 0);
  /* the ROM goes to the GPU itself, not to its audio function */
  gpu = g_strdup (strstr (out, "bus=\"0x01\" slot=\"0x00\" function=\"0x0\""));
  g_assert_nonnull (gpu);
  expected = g_strdup_printf ("<rom file=\"%s\"/>", rom);
  g_assert_nonnull (strstr (gpu, expected));
  g_assert_null (strstr (strstr (out, "function=\"0x1\""), "<rom"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (pit_test_run_cli (without, &out, &err), ==, 0);
  g_assert_null (strstr (out, "<rom"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  /* libvirt reads the file on the host: a relative path is refused, clearly */
  expect_failure (relative, "--rom: “rtx3080.rom” is not an absolute path");
  /* a file that is not there: the engine says so (an XML file's paths are on this machine) */
  absent_message = g_strdup_printf ("The file “%s” does not exist (dump the card’s ROM first", missing);
  expect_failure (absent, absent_message);
  g_unlink (rom);
  g_rmdir (dir);
}

/* A host (recorded tree) with 4 free 1 GiB pages: refused, unless the host
 * plan reserves more */
static void
test_hugepages_pool (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  {
    g_autofree char *win10 = fixture ("win10-gaming.xml");
    g_autofree char *root = fixture ("host-small-pool");
    const char *refused[] = { "tune", "--xml", win10, "--root", root, "--hugepages", "1G", NULL };
    const char *planned[] = { "tune", "--xml", win10, "--root", root, "--hugepages", "1G",
                              "--hugepages-planned", "--diff", NULL };

    expect_failure (refused, "The host’s pool of 1 GiB pages is too small: the guest needs 16 pages, 4 are free, 12 pages are missing");
    g_assert_cmpint (pit_test_run_cli (planned, &out, &err), ==, 0);
    g_assert_nonnull (strstr (out, "+      <page size=\"1048576\" unit=\"KiB\"/>"));
    g_assert_nonnull (strstr (err, "pitstop-cli: warning: The host’s pool of 1 GiB pages is too small"));
  }
}

/* --apply on the demo host lasts as long as the process, but the history it
 * writes stays: history lists it, and --restore defines it again. */
static void
test_apply_and_history (void)
{
  const char *apply[] = { "tune", "--demo", "--domain", "win10-gaming", "--hide-hypervisor",
                          "--vcpus", "8:4", "--apply", "--diff", NULL };
  const char *list[] = { "history", "--demo", "--domain", "win10-gaming", NULL };
  const char *no_domain[] = { "history", "--demo", NULL };
  const char *unknown[] = { "history", "--demo", "--domain", "win10-gaming", "--restore", "20200101-000000-000000", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *listing = NULL;
  g_autofree char *id = NULL;
  g_auto(GStrv) lines = NULL;

  g_assert_cmpint (pit_test_run_cli (list, &listing, &err), ==, 0);
  g_assert_cmpstr (listing, ==, "No history yet: pitstop-cli tune --apply saves the configuration it replaces.\n");
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (pit_test_run_cli (apply, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "+  <vcpu placement=\"static\" current=\"4\">8</vcpu>"));
  g_assert_nonnull (strstr (err, "pitstop-cli: defined; the previous configuration is history entry "));
  g_assert_nonnull (strstr (err, "pitstop-cli: at the next boot: Hide the hypervisor"));
  g_clear_pointer (&err, g_free);
  g_clear_pointer (&listing, g_free);

  g_assert_cmpint (pit_test_run_cli (list, &listing, &err), ==, 0);
  lines = g_strsplit (listing, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 3);   /* header, entry, "" */
  g_assert_true (g_str_has_prefix (lines[0], "ID"));
  g_assert_nonnull (strstr (lines[1], "Hide the hypervisor"));
  id = g_strndup (lines[1], strcspn (lines[1], " "));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  {
    const char *restore[] = { "history", "--demo", "--domain", "win10-gaming", "--restore", id, NULL };
    g_autofree char *expected = g_strdup_printf ("Restored %s; the configuration it replaced is saved as ", id);

    g_assert_cmpint (pit_test_run_cli (restore, &out, &err), ==, 0);
    g_assert_true (g_str_has_prefix (out, expected));
  }

  expect_failure (no_domain, "Give the virtual machine with --domain NAME");
  expect_failure (unknown, "There is no history entry “20200101-000000-000000”");
}

int
main (int    argc,
      char **argv)
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  tune_test_isolate_data ();

  g_test_add_func ("/tune/cli/xml", test_xml);
  g_test_add_func ("/tune/cli/diff", test_diff);
  g_test_add_func ("/tune/cli/combination", test_combination);
  g_test_add_func ("/tune/cli/errors", test_errors);
  g_test_add_func ("/tune/cli/latency", test_latency);
  g_test_add_func ("/tune/cli/pci-dump", test_pci_dump);
  g_test_add_func ("/tune/cli/rom", test_rom);
  g_test_add_func ("/tune/cli/hugepages-pool", test_hugepages_pool);
  g_test_add_func ("/tune/cli/apply-and-history", test_apply_and_history);

  ret = g_test_run ();
  tune_test_remove_data ();
  return ret;
}
