/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "pit-test-support.h"

static void
test_list_table (void)
{
  const char *argv[] = { "list", "--demo", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_auto(GStrv) lines = NULL;

  g_assert_cmpint (pit_test_run_cli (argv, &out, &err), ==, 0);
  g_assert_cmpstr (err, ==, "");
  lines = g_strsplit (out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 5); /* header, 3 VMs, empty */
  g_assert_true (g_str_has_prefix (lines[0], "NAME"));
  g_assert_true (g_str_has_prefix (lines[1], "fedora-server "));
  g_assert_nonnull (strstr (lines[1], "Running"));
  g_assert_true (g_str_has_prefix (lines[3], "win10-gaming "));
  g_assert_nonnull (strstr (lines[3], "Shut off"));
  /* GLib separates number and unit with a no-break space */
  g_assert_nonnull (strstr (lines[3], "16.0\xc2\xa0GiB"));
}

static void
test_list_json (void)
{
  const char *argv[] = { "list", "--demo", "--json", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (pit_test_run_cli (argv, &out, &err), ==, 0);
  g_assert_true (g_str_has_prefix (out, "[{\"name\":\"fedora-server\""));
  g_assert_nonnull (strstr (out, "{\"name\":\"win10-gaming\",\"uuid\":\"6f3a1c52-9e47-4b8d-a1f2-3c5d7e9b0a14\","
                                 "\"state\":\"shutoff\",\"vcpus\":8,\"current_vcpus\":2,\"memory_kib\":16777216}"));
  g_assert_nonnull (strstr (out, "\"name\":\"ubuntu-dev\",\"uuid\":\"9d4c2e71-0b3a-4f58-8c6d-1e7a5b3f2c90\",\"state\":\"paused\""));
}

static void
test_list_bad_connection (void)
{
  const char *argv[] = { "list", "--connect", "test:///nonexistent/nothing-here.xml", NULL };
  const char *both[] = { "list", "--demo", "--connect", "qemu:///system", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (pit_test_run_cli (argv, &out, &err), ==, 1);
  g_assert_cmpstr (out, ==, "");
  g_assert_true (g_str_has_prefix (err, "pitstop-cli: "));
  g_assert_cmpuint (strchr (err, '\n') - err, ==, strlen (err) - 1); /* one line */
  g_assert_nonnull (strstr (err, "The test driver’s file “/nonexistent/nothing-here.xml” does not exist."));
  g_assert_null (strstr (err, "XML error"));

  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (pit_test_run_cli (both, &out, &err), ==, 1);
  g_assert_cmpstr (out, ==, "");
  g_assert_nonnull (strstr (err, "either --demo or --connect"));
}

/* runs pitstop-cli list --demo from / with PITSTOP_DEMO_DIR set to @demo_dir
 * (or unset, as when a user runs the binary from the build folder) */
static int
run_list_demo (const char  *demo_dir,
               char       **out,
               char       **err)
{
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;

  if (demo_dir != NULL)
    g_subprocess_launcher_setenv (launcher, "PITSTOP_DEMO_DIR", demo_dir, TRUE);
  else
    g_subprocess_launcher_unsetenv (launcher, "PITSTOP_DEMO_DIR");
  g_subprocess_launcher_set_cwd (launcher, "/");
  proc = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("PITSTOP_CLI"), "list", "--demo", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, out, err, &error);
  g_assert_no_error (error);
  return g_subprocess_get_exit_status (proc);
}

/* from its build folder, without `meson devenv`, the demo host is the one in
 * the source tree; where there is none, the message says so */
static void
test_list_demo_uninstalled (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (run_list_demo (NULL, &out, &err), ==, 0);
  g_assert_cmpstr (err, ==, "");
  g_assert_nonnull (strstr (out, "win10-gaming "));

  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_list_demo ("/nonexistent/pitstop-demo", &out, &err), ==, 1);
  g_assert_cmpstr (out, ==, "");
  g_assert_cmpstr (err, ==, "pitstop-cli: The demo host is not installed: “/nonexistent/pitstop-demo/host.xml” "
                            "does not exist. Run Pitstop from its source folder with “build-aux/run-demo.sh”, "
                            "or install it with “meson install -C build”.\n");
}

/* The second demo host: one VM on a machine with one GPU; an unknown
 * demo name is refused with the names there are */
static void
test_list_demo_single_gpu (void)
{
  const char *argv[] = { "list", "--demo", "single-gpu", NULL };
  const char *bad[] = { "list", "--demo", "single", NULL };
  const char *check[] = { "check", "--demo", "single-gpu", "--domain", "win11", "--json", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (pit_test_run_cli (argv, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "win11"));
  g_assert_null (strstr (out, "win10-gaming"));
  g_assert_nonnull (strstr (out, "Shut off"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (pit_test_run_cli (bad, &out, &err), ==, 1);
  g_assert_cmpstr (out, ==, "");
  g_assert_nonnull (strstr (err, "no demo host “single”"));
  g_assert_nonnull (strstr (err, "single-gpu"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* the advisor reads the single-GPU host's own files */
  g_assert_cmpint (pit_test_run_cli (check, &out, &err), ==, 2);
  g_assert_nonnull (strstr (out, "\"pinning-missing\""));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/list/table", test_list_table);
  g_test_add_func ("/cli/list/json", test_list_json);
  g_test_add_func ("/cli/list/bad-connection", test_list_bad_connection);
  g_test_add_func ("/cli/list/demo-uninstalled", test_list_demo_uninstalled);
  g_test_add_func ("/cli/list/demo-single-gpu", test_list_demo_single_gpu);

  return g_test_run ();
}
