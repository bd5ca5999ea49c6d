/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>

#include "pit-test-support.h"
#include "plan-test-hosts.h"

/* Every NixOS output must be a Nix expression: nix-instantiate --parse
 * (Debian package nix-bin) reads it, run with an argument vector and a
 * private state folder so it works unprivileged. */

#define NIX_INSTANTIATE "/usr/bin/nix-instantiate"

static char *state_dir;

static const char *
nix_instantiate (void)
{
  static char *path;

  if (path == NULL)
    path = g_find_program_in_path ("nix-instantiate");
  if (path == NULL && g_file_test (NIX_INSTANTIATE, G_FILE_TEST_IS_EXECUTABLE))
    path = g_strdup (NIX_INSTANTIATE);
  return path;
}

/* Returns: whether @text parsed; @parsed gets the normalised expression,
 * @errors what nix-instantiate said */
static gboolean
nix_parse (const char  *text,
           char       **parsed,
           char       **errors)
{
  const char *argv[] = { nix_instantiate (), "--parse", "-", NULL };
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE
                                                                       | G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                                                       | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  g_subprocess_launcher_setenv (launcher, "NIX_STATE_DIR", state_dir, TRUE);
  g_subprocess_launcher_setenv (launcher, "NIX_LOG_DIR", state_dir, TRUE);
  g_subprocess_launcher_setenv (launcher, "NIX_CONF_DIR", state_dir, TRUE);
  g_subprocess_launcher_setenv (launcher, "NIX_CONFIG", "build-users-group =", TRUE);
  g_subprocess_launcher_setenv (launcher, "HOME", state_dir, TRUE);
  proc = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, text, NULL, parsed, errors, &error);
  g_assert_no_error (error);
  g_test_message ("nix-instantiate --parse: %.0f ms", (g_get_monotonic_time () - start) / 1000.0);

  return g_subprocess_get_if_exited (proc) && g_subprocess_get_exit_status (proc) == 0;
}

static gboolean
skip_without_nix (void)
{
  if (nix_instantiate () != NULL)
    return FALSE;
  g_test_skip ("nix-instantiate is not installed (Debian package nix-bin): "
               "the NixOS outputs were not parsed");
  return TRUE;
}

/* The harness itself: a broken expression must fail */
static void
test_parse_rejects (void)
{
  g_autofree char *parsed = NULL;
  g_autofree char *errors = NULL;

  if (skip_without_nix ())
    return;

  g_assert_false (nix_parse ("{ boot.kernelParams = [ \"iommu=pt\" ] }", &parsed, &errors));
  g_assert_nonnull (strstr (errors, "syntax error"));
}

static void
test_parse_host (gconstpointer data)
{
  const PlanTestHost *host = data;

  if (skip_without_nix ())
    return;

  for (int on_demand = 0; on_demand <= 1; on_demand++)
    {
      g_autoptr(PitHostPlan) plan = plan_test_plan (host, host->facts (), on_demand);
      g_autoptr(GError) error = NULL;
      g_autofree char *text = pit_host_plan_render (plan, PIT_HOST_PLAN_TARGET_NIXOS, &error);
      g_autofree char *parsed = NULL;
      g_autofree char *errors = NULL;
      g_auto(GStrv) params = pit_host_plan_get_kernel_params (plan);

      g_assert_no_error (error);
      if (!nix_parse (text, &parsed, &errors))
        g_error ("%s: the NixOS output does not parse:\n%s\n%s", host->name, errors, text);

      /* the options land where NixOS looks for them */
      g_assert_nonnull (strstr (parsed, "virtualisation = { libvirtd = { enable = true;"));
      g_assert_nonnull (strstr (parsed, "kernelParams = [ (\""));
      for (guint i = 0; params[i] != NULL; i++)
        {
          g_autofree char *quoted = g_strdup_printf ("(\"%s\")", params[i]);

          g_assert_nonnull (strstr (parsed, quoted));
        }
      /* (a card that needs vendor-reset puts it first) */
      g_assert_nonnull (strstr (parsed, "initrd = { kernelModules = ([ ("));
      g_assert_nonnull (strstr (parsed, "(\"vfio_pci\") (\"vfio\") (\"vfio_iommu_type1\") ] ++"));
      g_assert_nonnull (strstr (parsed, "bridges = { "));
      g_assert_nonnull (strstr (parsed, "useDHCP = ((lib).mkForce false)"));
      if (on_demand)
        {
          g_assert_null (strstr (parsed, "(\"hugepages="));
          g_assert_nonnull (strstr (parsed, "hooks = { qemu = { pitstop-hugepages = "
                                            "((pkgs).writeShellScript \"pitstop-hugepages\""));
        }
    }
}

/* The NixOS outputs of pitstop-cli on the recorded trees (golden-cli/) */
static void
test_parse_cli_goldens (void)
{
  g_autofree char *folder = pit_test_fixture_path ("plan", "golden-cli", NULL);
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) error = NULL;
  const char *name;
  guint parsed_files = 0;

  if (skip_without_nix ())
    return;

  dir = g_dir_open (folder, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      g_autofree char *text = NULL;
      g_autofree char *parsed = NULL;
      g_autofree char *errors = NULL;

      if (!g_str_has_suffix (name, ".nixos.txt") && !g_str_has_suffix (name, ".auto.txt"))
        continue;
      path = g_build_filename (folder, name, NULL);
      g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
      /* auto is the NixOS module on NixOS hosts only */
      if (g_str_has_suffix (name, ".auto.txt") && strstr (text, "{ config, lib, pkgs, ... }:") == NULL)
        continue;
      if (!nix_parse (text, &parsed, &errors))
        g_error ("%s does not parse:\n%s", name, errors);
      parsed_files++;
    }
  /* six trees, nixos for each, auto for the two NixOS ones */
  g_assert_cmpuint (parsed_files, ==, 8);
}

int
main (int    argc,
      char **argv)
{
  const PlanTestHost *hosts;
  guint n_hosts;
  int ret;

  g_test_init (&argc, &argv, NULL);

  state_dir = g_dir_make_tmp ("pitstop-nix-XXXXXX", NULL);
  g_assert_nonnull (state_dir);

  g_test_add_func ("/plan/nixos/parse-rejects", test_parse_rejects);
  g_test_add_func ("/plan/nixos/parse-cli-goldens", test_parse_cli_goldens);
  hosts = plan_test_hosts (&n_hosts);
  for (guint i = 0; i < n_hosts; i++)
    {
      g_autofree char *name = g_strdup_printf ("/plan/nixos/parse/%s", hosts[i].name);

      g_test_add_data_func (name, &hosts[i], test_parse_host);
    }

  ret = g_test_run ();

  {
    /* nix leaves a small database behind: remove the folder */
    const char *args[] = { "rm", "-rf", "--", state_dir, NULL };

    g_spawn_sync (NULL, (char **) args, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL
                  | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, NULL, NULL);
  }
  g_free (state_dir);
  return ret;
}
