/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The host plan for a VM's emulated TPM (issue #18): swtpm installed where
 * it is missing, each system its own way, and nothing where it is there
 * (found under the plan's root). */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "pit-host-inventory.h"
#include "pit-test-support.h"
#include "plan-test-hosts.h"

static char *
render (PitPlanFacts      *facts,
        const char        *root,
        PitHostPlanTarget  target)
{
  g_autoptr(PitHostPlanRequest) request = pit_host_plan_request_new ();
  g_autoptr(PitHostPlan) plan = NULL;
  g_autoptr(GError) error = NULL;
  char *text;

  request->tpm = TRUE;
  plan = pit_host_plan_new (facts, request, root, &error);
  g_assert_no_error (error);
  text = pit_host_plan_render (plan, target, &error);
  g_assert_no_error (error);
  return text;
}

static void
assert_line (const char *text,
             const char *line,
             gboolean    present)
{
  g_autofree char *needle = g_strdup_printf ("\n%s\n", line);

  if ((strstr (text, needle) != NULL) != present)
    g_error ("“%s” %s in:\n%s", line, present ? "missing" : "unexpected", text);
}

static void
test_each_system (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *empty = g_dir_make_tmp ("pitstop-swtpm-XXXXXX", &error);
  g_autofree char *debian = NULL;
  g_autofree char *fedora = NULL;
  g_autofree char *arch = NULL;
  g_autofree char *nixos = NULL;

  g_assert_no_error (error);
  debian = render (plan_test_debian (), empty, PIT_HOST_PLAN_TARGET_AUTO);
  fedora = render (plan_test_fedora (), empty, PIT_HOST_PLAN_TARGET_AUTO);
  arch = render (plan_test_arch (), empty, PIT_HOST_PLAN_TARGET_AUTO);
  nixos = render (plan_test_story_before (), empty, PIT_HOST_PLAN_TARGET_NIXOS);
  assert_line (debian, "apt install swtpm swtpm-tools", TRUE);
  assert_line (fedora, "dnf install swtpm swtpm-tools", TRUE);
  assert_line (arch, "pacman -S --needed swtpm", TRUE);
  assert_line (nixos, "  virtualisation.libvirtd.qemu.swtpm.enable = true;", TRUE);
  /* nothing else: a TPM alone changes no boot settings */
  g_assert_null (strstr (debian, "reboot"));
  g_rmdir (empty);
}

/* Installed under the root: said so, nothing to run */
static void
test_installed (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *root = g_dir_make_tmp ("pitstop-swtpm-XXXXXX", &error);
  g_autofree char *bin = g_build_filename (root, "usr", "bin", NULL);
  g_autofree char *swtpm = g_build_filename (bin, "swtpm", NULL);
  g_autofree char *text = NULL;
  g_autofree char *usr = g_build_filename (root, "usr", NULL);

  g_assert_no_error (error);
  g_assert_cmpint (g_mkdir_with_parents (bin, 0755), ==, 0);
  g_file_set_contents (swtpm, "#!/bin/sh\n", -1, &error);
  g_assert_no_error (error);
  text = render (plan_test_debian (), root, PIT_HOST_PLAN_TARGET_AUTO);
  assert_line (text, "apt install swtpm swtpm-tools", FALSE);
  g_assert_nonnull (strstr (text, "swtpm, which emulates the VM's TPM 2.0, is installed: nothing to do."));
  g_unlink (swtpm);
  g_rmdir (bin);
  g_rmdir (usr);
  g_rmdir (root);
}

/* A host across a libvirt connection (the test driver, as the inventory
 * sees a remote one): whether swtpm is there cannot be checked, and the
 * plan says so instead of answering from this machine's /usr/bin */
static void
test_remote (void)
{
  g_autoptr(PitConnection) connection = pit_connection_new ("test:///default");
  g_autoptr(PitHostInventory) inventory = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  g_assert_true (pit_connection_open_sync (connection, &error));
  g_assert_no_error (error);
  inventory = pit_host_inventory_for_connection_sync (connection, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (pit_host_inventory_get_source (inventory), ==, PIT_HOST_SOURCE_REMOTE);
  text = render (pit_plan_facts_new_from_inventory (inventory), pit_host_inventory_get_root (inventory),
                 PIT_HOST_PLAN_TARGET_AUTO);
  g_assert_nonnull (strstr (text, "# Whether it is installed on this host cannot be checked over the libvirt\n"
                                  "# connection: if it is not, install it"));
  g_assert_null (strstr (text, "is installed: nothing to do"));
  g_assert_null (strstr (text, "it is not installed."));
}

/* pitstop-cli host-plan --tpm on the recorded Debian tree (no swtpm there) */
static void
test_cli (void)
{
  g_autofree char *root = pit_test_fixture_path ("hosts", "single-amdgpu-debian", NULL);
  const char *argv[] = { "host-plan", "--root", root, "--tpm", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (pit_test_run_cli (argv, &out, &err), ==, 0);
  assert_line (out, "apt install swtpm swtpm-tools", TRUE);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  pit_core_init ();

  g_test_add_func ("/plan/swtpm/each-system", test_each_system);
  g_test_add_func ("/plan/swtpm/installed", test_installed);
  g_test_add_func ("/plan/swtpm/remote", test_remote);
  g_test_add_func ("/plan/swtpm/cli", test_cli);

  return g_test_run ();
}
