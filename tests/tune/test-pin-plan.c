/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-test"

#include "config.h"

#include "pit-error.h"
#include "pit-host-reader.h"
#include "pit-pin-plan.h"
#include "pit-test-support.h"
#include "tune-test.h"

/* "1|5|2|6 e=0,4": the vCPUs' sets then the emulator's */
static char *
describe (PitPinPlan *plan)
{
  GString *text = g_string_new (NULL);
  g_autofree char *emulator = pit_cpuset_format (plan->emulator);

  for (guint i = 0; i < plan->vcpus->len; i++)
    {
      g_autofree char *set = pit_cpuset_format (g_ptr_array_index (plan->vcpus, i));

      g_string_append_printf (text, "%s%s", i > 0 ? "|" : "", set);
    }
  g_string_append_printf (text, " e=%s", emulator);
  return g_string_free (text, FALSE);
}

static void
check (PitHostCpuTopology *host,
       guint               vcpus,
       guint               threads,
       gboolean            use_host_core,
       const char         *expected,
       guint               n_warnings)
{
  PitPinPlanOptions options = { use_host_core };
  g_autoptr(GError) error = NULL;
  g_autoptr(PitPinPlan) plan = pit_pin_plan_compute (host, vcpus, threads, &options, &error);
  g_autofree char *text = NULL;

  g_assert_no_error (error);
  text = describe (plan);
  g_assert_cmpstr (text, ==, expected);
  g_assert_cmpuint (plan->warnings->len, ==, n_warnings);
}

static void
test_smt (void)
{
  g_autoptr(PitHostCpuTopology) host = tune_test_cpu_topology (1, 4, 2, 1);

  /* siblings on consecutive vCPUs; CPU 0's core for the host and emulator */
  check (host, 6, 2, FALSE, "1|5|2|6|3|7 e=0,4", 0);
  /* a guest without SMT: one whole host core per vCPU */
  check (host, 3, 1, FALSE, "1,5|2,6|3,7 e=0,4", 0);
  /* an odd vCPU count leaves the last core half used */
  check (host, 5, 2, FALSE, "1|5|2|6|3 e=0,4", 0);
  /* the whole host, when asked or needed */
  check (host, 8, 2, TRUE, "1|5|2|6|3|7|0|4 e=0,4", 1);
  check (host, 8, 2, FALSE, "1|5|2|6|3|7|0|4 e=0,4", 1);
}

static void
test_numa (void)
{
  /* 2 sockets × 4 cores × 2 threads; node 0: CPUs 0-3,8-11; node 1: 4-7,12-15 */
  g_autoptr(PitHostCpuTopology) host = tune_test_cpu_topology (2, 4, 2, 2);

  /* fits in node 0 besides CPU 0's core */
  check (host, 6, 2, FALSE, "1|9|2|10|3|11 e=0,8", 0);
  /* 4 cores: only node 1 has them all */
  check (host, 8, 2, FALSE, "4|12|5|13|6|14|7|15 e=0,8", 0);
  /* 7 cores: both nodes, with a warning */
  check (host, 14, 2, FALSE, "1|9|2|10|3|11|4|12|5|13|6|14|7|15 e=0,8", 1);
}

static void
test_hybrid (void)
{
  /* 2 P-cores with two threads (0-1, 2-3) and 4 E-cores (4-7) */
  g_autoptr(PitHostCpuTopology) host = pit_host_cpu_topology_new ();

  for (guint id = 0; id < 8; id++)
    {
      PitHostCpu *cpu = pit_host_cpu_new (id);
      guint first = id < 4 ? id & ~1u : id;

      cpu->socket = 0;
      cpu->die = 0;
      cpu->core = id < 4 ? (int) id / 2 : (int) id;
      cpu->node = 0;
      cpu->kind = id < 4 ? PIT_HOST_CPU_KIND_PERFORMANCE : PIT_HOST_CPU_KIND_EFFICIENCY;
      cpu->siblings = g_array_new (FALSE, FALSE, sizeof (guint));
      g_array_append_val (cpu->siblings, first);
      if (id < 4)
        {
          guint second = first + 1;

          g_array_append_val (cpu->siblings, second);
        }
      g_ptr_array_add (host->cpus, cpu);
    }
  pit_host_cpu_topology_update_sums (host);

  /* the free P-core first */
  check (host, 2, 2, FALSE, "2|3 e=0,1", 0);
  /* then E-cores, with a warning */
  check (host, 3, 1, FALSE, "2,3|4|5 e=0,1", 1);
}

static void
test_too_small (void)
{
  g_autoptr(PitHostCpuTopology) host = tune_test_cpu_topology (1, 4, 2, 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(PitPinPlan) plan = pit_pin_plan_compute (host, 10, 2, NULL, &error);

  g_assert_null (plan);
  g_assert_error (error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT);
  g_assert_cmpstr (error->message, ==,
                   "The guest needs 5 host cores for its 10 vCPUs, but the host has only 3 to give");
}

/* A real host with SMT and offline CPUs (libvirt's x86_64-test6: 6 of 8
 * CPUs online, 4 cores × 2 threads) */
static void
test_corpus_offline (void)
{
  g_autofree char *root = NULL;
  g_autoptr(PitHostReader) reader = NULL;
  g_autoptr(PitHostCpuTopology) host = NULL;
  g_autoptr(PitPinPlan) plan = NULL;
  g_autoptr(GError) error = NULL;
  guint used = 0;

  if (pit_test_skip_without_corpus ())
    return;
  root = pit_test_corpus_path ("host-cpu", "x86_64-test6", NULL);
  reader = pit_host_reader_new (root);
  host = pit_host_cpu_topology_probe (reader);
  g_assert_cmpuint (pit_host_cpu_topology_get_n_online (host), ==, 6);

  plan = pit_pin_plan_compute (host, 4, 2, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < plan->vcpus->len; i++)
    {
      g_autoptr(GArray) cpus = pit_cpuset_to_array (g_ptr_array_index (plan->vcpus, i));

      for (guint c = 0; c < cpus->len; c++)
        {
          PitHostCpu *cpu = pit_host_cpu_topology_get_cpu (host, g_array_index (cpus, guint, c));

          g_assert_nonnull (cpu);
          g_assert_true (cpu->online);
          g_assert_false (pit_cpuset_contains (plan->emulator, cpu->id));
          used++;
        }
    }
  g_assert_cmpuint (used, ==, 4);
  /* vCPUs 0 and 1 are the two threads of one host core */
  {
    g_autoptr(GArray) a = pit_cpuset_to_array (g_ptr_array_index (plan->vcpus, 0));
    g_autoptr(GArray) b = pit_cpuset_to_array (g_ptr_array_index (plan->vcpus, 1));
    PitHostCpu *cpu = pit_host_cpu_topology_get_cpu (host, g_array_index (a, guint, 0));
    gboolean siblings = FALSE;

    for (guint s = 0; s < cpu->siblings->len; s++)
      siblings |= g_array_index (cpu->siblings, guint, s) == g_array_index (b, guint, 0);
    g_assert_true (siblings);
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tune/pin-plan/smt", test_smt);
  g_test_add_func ("/tune/pin-plan/numa", test_numa);
  g_test_add_func ("/tune/pin-plan/hybrid", test_hybrid);
  g_test_add_func ("/tune/pin-plan/too-small", test_too_small);
  g_test_add_func ("/tune/pin-plan/corpus-offline", test_corpus_offline);

  return g_test_run ();
}
