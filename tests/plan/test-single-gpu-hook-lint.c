/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "hook-test-lint.h"
#include "hook-test-world.h"
#include "pit-host-plan.h"
#include "pit-test-support.h"
#include "single-gpu-hook-hosts.h"

/* The single-GPU hook's text: sh -n and shellcheck on each host's, no
 * path outside the hook's root, and its NixOS form parses. */

#define VM SINGLE_GPU_VM

static char *tmp;

/* sh -n and shellcheck on every hook; no path outside $root */
static void
test_lint (gconstpointer data)
{
  const SingleGpuHost *host = data;
  g_autoptr(HookTestWorld) w = single_gpu_world_new (tmp, host);

  hook_test_lint_shell (w->hook);
}

/* The NixOS form of each hook parses */
static void
test_nixos (gconstpointer data)
{
  const SingleGpuHost *host = data;
  g_autofree char *nix = g_find_program_in_path ("nix-instantiate");
  g_autofree char *fixture = single_gpu_host_root (host);
  const char *names[] = { VM, "Win 11's \"gaming\" ${x}", NULL };

  if (nix == NULL)
    {
      g_test_skip ("nix-instantiate is not installed (apt install nix-bin)");
      return;
    }
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(PitHostPlanRequest) request = pit_host_plan_request_new ();
      PitPlanFacts *facts = pit_plan_facts_probe (fixture, NULL, &error);
      g_autoptr(PitHostPlan) plan = NULL;
      g_autofree char *text = NULL;
      g_autofree char *path = g_build_filename (tmp, "hook.nix", NULL);
      g_autofree char *out = NULL;

      g_assert_true (pit_host_plan_request_set_single_gpu (request, names[i], NULL));
      plan = pit_host_plan_new (facts, request, fixture, &error);
      g_assert_no_error (error);
      text = pit_host_plan_render (plan, PIT_HOST_PLAN_TARGET_NIXOS, &error);
      g_assert_no_error (error);
      out = hook_test_nix_parse (nix, text, path);
      /* the script's own ${ and '' are escaped, the PATH line is Nix's */
      g_assert_nonnull (strstr (out, "makeBinPath"));
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  tmp = hook_test_scratch_new ("pitstop-single-gpu-lint-XXXXXX");

  single_gpu_add_tests ("lint", test_lint, TRUE);
  single_gpu_add_tests ("nixos", test_nixos, FALSE);

  return hook_test_run_tests (tmp);
}
