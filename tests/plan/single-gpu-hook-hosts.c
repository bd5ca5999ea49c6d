/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>

#include "pit-host-plan.h"
#include "pit-test-support.h"
#include "single-gpu-hook-hosts.h"

#define VM SINGLE_GPU_VM

static const SingleGpuHost hosts[] = {
  { "single-nvidia-ubuntu", "gdm3.service" },
  { "single-nouveau-fedora", "sddm.service" },
  { "single-amdgpu-debian", "gdm3.service" },
  { "demo:single-gpu", "gdm3.service" },
};

/* PATH holds the stubs and these, nothing else */
static const char * const tools[] = { "cat", "grep", "sed", "readlink", "basename", "mkdir", "rm", "rmdir",
                                      "mv", NULL };

const SingleGpuHost *
single_gpu_hosts (guint *n_hosts)
{
  *n_hosts = G_N_ELEMENTS (hosts);
  return hosts;
}

gboolean
single_gpu_host_is_demo (const SingleGpuHost *host)
{
  return g_str_has_prefix (host->tree, "demo:");
}

/* The tree of @host: a recorded one, or the single-GPU demo host's */
char *
single_gpu_host_root (const SingleGpuHost *host)
{
  if (g_str_equal (host->tree, "demo:single-gpu"))
    return g_build_filename (g_getenv ("PITSTOP_DEMO_DIR"), "single-gpu", "host-root", NULL);
  return pit_test_fixture_path ("hosts", host->tree, NULL);
}

static char *
write_hook (const char *root,
            const char *target_dir)
{
  g_autoptr(PitHostPlanRequest) request = pit_host_plan_request_new ();
  char *path = g_build_filename (target_dir, "pitstop-" VM, NULL);

  g_assert_true (pit_host_plan_request_set_single_gpu (request, VM, NULL));
  hook_test_write_hook (root, request, path);
  return path;
}

/* The demo host's hook as pitstop-cli host-plan --single-gpu prints it */
static char *
write_cli_hook (const char *root,
                const char *target_dir)
{
  const char *argv[] = { "host-plan", "--root", root, "--single-gpu", "--vm", VM, "--target", "libvirt-hook",
                         NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  char *path = g_build_filename (target_dir, "pitstop-" VM, NULL);

  g_assert_cmpint (pit_test_run_cli (argv, &out, &err), ==, 0);
  g_assert_cmpstr (err, ==, "");
  g_assert_true (g_str_has_prefix (out, "#!/bin/sh\n# READ THIS FIRST. Starting win11 stops the display "
                                        "manager (gdm3.service):\n# every window of the host's desktop closes"));
  g_assert_true (g_file_set_contents (path, out, -1, NULL));
  return path;
}

/* A world under @scratch with a copy of @host's tree and its hook */
HookTestWorld *
single_gpu_world_new (const char          *scratch,
                      const SingleGpuHost *host)
{
  g_autofree char *fixture = single_gpu_host_root (host);
  HookTestWorld *w = hook_test_world_new (scratch, fixture, tools);
  gboolean demo = single_gpu_host_is_demo (host);

  /* the hook depends on the tree, not on where its copy is: made once */
  w->hook = g_strdup_printf ("%s/%s.hook", scratch, demo ? "demo" : host->tree);
  if (!g_file_test (w->hook, G_FILE_TEST_EXISTS))
    {
      g_autofree char *made = demo ? write_cli_hook (fixture, scratch) : write_hook (fixture, scratch);

      g_assert_cmpint (g_rename (made, w->hook), ==, 0);
    }
  return w;
}

/* /plan/single-gpu/TREE/@what for every host (the demo host's if @on_demo) */
void
single_gpu_add_tests (const char    *what,
                      GTestDataFunc  test,
                      gboolean       on_demo)
{
  for (guint i = 0; i < G_N_ELEMENTS (hosts); i++)
    {
      g_autofree char *path = g_strdup_printf ("/plan/single-gpu/%s/%s", hosts[i].tree, what);

      if (on_demo || !single_gpu_host_is_demo (&hosts[i]))
        g_test_add_data_func (path, &hosts[i], test);
    }
}
