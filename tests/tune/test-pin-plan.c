/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-test"

#include "config.h"

#include "pit-error.h"
#include "pit-host-reader.h"
#include "pit-pin-check.h"
#include "pit-xml.h"
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

/* The recorded 7950X3D: CCD 0 (CPUs 0-7 and 16-23) has 96 MiB of L3, CCD 1
 * (8-15, 24-31) 32 MiB; CPU n and n+16 are siblings. */
static void
test_v_cache (void)
{
  g_autofree char *root = pit_test_fixture_path ("hosts", "x3d-navi21-sata-group", NULL);
  g_autoptr(PitHostReader) reader = pit_host_reader_new (root);
  g_autoptr(PitHostCpuTopology) host = pit_host_cpu_topology_probe (reader);

  g_assert_cmpuint (host->l3_domains->len, ==, 2);
  /* a game VM of 4 cores goes to the V-Cache CCD, after the host's core 0 */
  check (host, 8, 2, FALSE, "1|17|2|18|3|19|4|20 e=0,16", 0);
  /* 14 vCPUs fill the rest of CCD 0 exactly */
  check (host, 14, 2, FALSE, "1|17|2|18|3|19|4|20|5|21|6|22|7|23 e=0,16", 0);
  /* 16 do not fit: the last core comes from CCD 1, with a warning */
  check (host, 16, 2, FALSE, "1|17|2|18|3|19|4|20|5|21|6|22|7|23|8|24 e=0,16", 1);

  /* the same CPU with the large cache on the other CCD: the guest moves
   * there, the host keeps CPU 0's core */
  ((PitHostCacheDomain *) host->l3_domains->pdata[0])->size_kib = 32768;
  ((PitHostCacheDomain *) host->l3_domains->pdata[1])->size_kib = 98304;
  check (host, 8, 2, FALSE, "8|24|9|25|10|26|11|27 e=0,16", 0);
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
  check (host, 2, 2, FALSE, "2|3 e=0-1", 0);
  /* then E-cores, with a warning */
  check (host, 3, 1, FALSE, "2-3|4|5 e=0-1", 1);
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

static PitPinPlan *
manual (const char * const *sets,
        const char         *emulator)
{
  PitPinPlan *plan = g_new0 (PitPinPlan, 1);

  plan->vcpus = g_ptr_array_new_with_free_func ((GDestroyNotify) pit_cpuset_free);
  plan->warnings = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; sets[i] != NULL; i++)
    g_ptr_array_add (plan->vcpus, pit_cpuset_parse (sets[i], 0, NULL, NULL));
  plan->emulator = emulator ? pit_cpuset_parse (emulator, 0, NULL, NULL) : NULL;
  return plan;
}

static char *
problems_text (GPtrArray *problems)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < problems->len; i++)
    g_string_append_printf (text, "%s%u:%s", i > 0 ? "\n" : "",
                            ((PitPinProblem *) g_ptr_array_index (problems, i))->kind,
                            ((PitPinProblem *) g_ptr_array_index (problems, i))->message);
  return g_string_free (text, FALSE);
}

static void
check_problems (PitHostCpuTopology *host,
                const char * const *sets,
                const char         *emulator,
                guint               threads,
                const char         *expected)
{
  g_autoptr(PitPinPlan) plan = manual (sets, emulator);
  g_autoptr(GPtrArray) problems = pit_pin_plan_check (host, plan, threads);
  g_autofree char *text = problems_text (problems);

  g_assert_cmpstr (text, ==, expected);
}

static void
test_check (void)
{
  g_autoptr(PitHostCpuTopology) host = tune_test_cpu_topology (1, 4, 2, 1);
  g_autoptr(PitHostCpuTopology) numa = tune_test_cpu_topology (2, 4, 2, 2);
  g_autoptr(PitPinPlan) plan = pit_pin_plan_compute (host, 6, 2, NULL, NULL);
  g_autoptr(PitPinPlan) whole = pit_pin_plan_compute (host, 8, 2, NULL, NULL);
  g_autoptr(GPtrArray) none = pit_pin_plan_check (host, plan, 2);
  g_autoptr(GPtrArray) emulator = pit_pin_plan_check (host, whole, 2);
  const char *good[] = { "1", "5", "2", "6", NULL };
  const char *split[] = { "1", "2", "5", "6", NULL };
  const char *shared[] = { "1", "1", NULL };
  const char *nodes[] = { "1", "9", "4", "12", NULL };

  /* the automatic plan is fine; the whole-host one shares the emulator's core */
  g_assert_cmpuint (none->len, ==, 0);
  g_assert_cmpuint (emulator->len, ==, 1);
  g_assert_cmpint (((PitPinProblem *) g_ptr_array_index (emulator, 0))->kind, ==, PIT_PIN_PROBLEM_EMULATOR);

  check_problems (host, good, "0,4", 2, "");
  check_problems (host, split, "0,4", 2,
                  "3:The host core of CPU 5 runs threads of guest cores 0 and 1\n"
                  "3:The host core of CPU 6 runs threads of guest cores 0 and 1\n"
                  "2:The threads of guest core 0 run on different host cores\n"
                  "2:The threads of guest core 1 run on different host cores");
  check_problems (host, shared, NULL, 1, "0:vCPUs 0 and 1 share host CPU 1");
  check_problems (numa, nodes, "0,8", 2, "4:The vCPUs run on 2 NUMA nodes");
}

static void
test_from_domain (void)
{
  g_autoptr(PitHostCpuTopology) host = tune_test_cpu_topology (1, 4, 2, 1);
  g_autofree char *xml = tune_test_read_fixture ("fedora-server.xml");
  g_autoptr(xmlDoc) doc = pit_xml_parse (xml, NULL);
  g_autoptr(PitPinPlan) plan = pit_pin_plan_from_domain (xmlDocGetRootElement (doc));
  g_autoptr(GPtrArray) problems = pit_pin_plan_check (host, plan, 2);
  g_autofree char *emulator = pit_cpuset_format (plan->emulator);
  g_autofree char *third = pit_cpuset_format (g_ptr_array_index (plan->vcpus, 2));

  g_assert_cmpuint (plan->vcpus->len, ==, 4);
  g_assert_cmpstr (third, ==, "3");
  g_assert_cmpstr (emulator, ==, "0,4");
  /* the demo's tuned guest is pinned well */
  g_assert_cmpuint (problems->len, ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tune/pin-plan/smt", test_smt);
  g_test_add_func ("/tune/pin-plan/numa", test_numa);
  g_test_add_func ("/tune/pin-plan/hybrid", test_hybrid);
  g_test_add_func ("/tune/pin-plan/v-cache", test_v_cache);
  g_test_add_func ("/tune/pin-plan/too-small", test_too_small);
  g_test_add_func ("/tune/pin-plan/corpus-offline", test_corpus_offline);
  g_test_add_func ("/tune/pin-plan/check", test_check);
  g_test_add_func ("/tune/pin-plan/from-domain", test_from_domain);

  return g_test_run ();
}
