/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-tune"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pit-pin-check.h"
#include "pit-xml.h"

void
pit_pin_problem_free (PitPinProblem *problem)
{
  if (problem == NULL)
    return;
  g_free (problem->message);
  g_free (problem);
}

static void
add (GPtrArray         *problems,
     PitPinProblemKind  kind,
     char              *message)
{
  PitPinProblem *problem;

  for (guint i = 0; i < problems->len; i++)
    if (g_str_equal (((PitPinProblem *) g_ptr_array_index (problems, i))->message, message))
      {
        g_free (message);
        return;
      }
  problem = g_new0 (PitPinProblem, 1);
  problem->kind = kind;
  problem->message = message;
  g_ptr_array_add (problems, problem);
}

/* The physical core of a host CPU, as the lowest id of its siblings; -1
 * when unknown */
static int
core_of (PitHostCpuTopology *host,
         guint               id)
{
  PitHostCpu *cpu = pit_host_cpu_topology_get_cpu (host, id);

  if (cpu == NULL || cpu->siblings == NULL || cpu->siblings->len == 0)
    return -1;
  return (int) g_array_index (cpu->siblings, guint, 0);
}

/* The host cores a set of CPUs touches */
static GHashTable *
cores_of (PitHostCpuTopology *host,
          const PitCpuset    *set)
{
  g_autoptr(GArray) cpus = pit_cpuset_to_array (set);
  GHashTable *cores = g_hash_table_new (NULL, NULL);

  for (guint i = 0; i < cpus->len; i++)
    {
      int core = core_of (host, g_array_index (cpus, guint, i));

      if (core >= 0)
        g_hash_table_add (cores, GINT_TO_POINTER (core + 1));
    }
  return cores;
}

/**
 * pit_pin_plan_check:
 * @host: (nullable): without it, only what needs no topology is checked
 * @pinning: vCPU sets (an empty set: the vCPU is not pinned) and the
 *   emulator's set (nullable)
 * @guest_threads: threads per core of the guest's topology
 * Returns: (transfer full) (element-type PitPinProblem): empty when fine
 */
GPtrArray *
pit_pin_plan_check (PitHostCpuTopology *host,
                    const PitPinPlan   *pinning,
                    guint               guest_threads)
{
  GPtrArray *problems = g_ptr_array_new_with_free_func ((GDestroyNotify) pit_pin_problem_free);
  g_autoptr(GHashTable) owner = g_hash_table_new (NULL, NULL);       /* host CPU + 1 → vCPU + 1 */
  g_autoptr(GHashTable) core_owner = g_hash_table_new (NULL, NULL);  /* host core + 1 → guest core + 1 */
  g_autoptr(GHashTable) nodes = g_hash_table_new (NULL, NULL);
  gboolean emulator_reported = FALSE;

  guest_threads = MAX (guest_threads, 1);

  for (guint v = 0; v < pinning->vcpus->len; v++)
    {
      const PitCpuset *set = g_ptr_array_index (pinning->vcpus, v);
      g_autoptr(GArray) cpus = pit_cpuset_to_array (set);
      guint guest_core = v / guest_threads;

      for (guint i = 0; i < cpus->len; i++)
        {
          guint cpu = g_array_index (cpus, guint, i);
          gpointer other = g_hash_table_lookup (owner, GUINT_TO_POINTER (cpu + 1));
          PitHostCpu *info = host ? pit_host_cpu_topology_get_cpu (host, cpu) : NULL;
          int core = host ? core_of (host, cpu) : -1;

          if (other != NULL && GPOINTER_TO_UINT (other) - 1 != v && pit_cpuset_count (set) == 1)
            {
              add (problems, PIT_PIN_PROBLEM_SHARED_CPU,
                   g_strdup_printf (_("vCPUs %u and %u share host CPU %u"), GPOINTER_TO_UINT (other) - 1, v, cpu));
              continue;   /* says more than any split below */
            }
          else if (other == NULL)
            g_hash_table_insert (owner, GUINT_TO_POINTER (cpu + 1), GUINT_TO_POINTER (v + 1));

          if (!emulator_reported && pinning->emulator != NULL && pit_cpuset_contains (pinning->emulator, cpu))
            {
              add (problems, PIT_PIN_PROBLEM_EMULATOR,
                   g_strdup_printf (_("vCPU %u runs on host CPU %u, which the emulator uses too"), v, cpu));
              emulator_reported = TRUE;
            }
          if (info != NULL && info->node >= 0)
            g_hash_table_add (nodes, GINT_TO_POINTER (info->node + 1));

          if (core >= 0)
            {
              gpointer guest = g_hash_table_lookup (core_owner, GINT_TO_POINTER (core + 1));

              if (guest == NULL)
                g_hash_table_insert (core_owner, GINT_TO_POINTER (core + 1), GUINT_TO_POINTER (guest_core + 1));
              else if (GPOINTER_TO_UINT (guest) - 1 != guest_core)
                add (problems, PIT_PIN_PROBLEM_SPLIT_HOST_CORE,
                     g_strdup_printf (_("The host core of CPU %u runs threads of guest cores %u and %u"),
                                      cpu, GPOINTER_TO_UINT (guest) - 1, guest_core));
            }
        }
    }

  /* the threads of one guest core on one host core */
  if (host != NULL && guest_threads > 1)
    for (guint first = 0; first < pinning->vcpus->len; first += guest_threads)
      {
        g_autoptr(GHashTable) cores = g_hash_table_new (NULL, NULL);

        for (guint v = first; v < MIN (first + guest_threads, pinning->vcpus->len); v++)
          {
            g_autoptr(GHashTable) these = cores_of (host, g_ptr_array_index (pinning->vcpus, v));
            GHashTableIter iter;
            gpointer key;

            g_hash_table_iter_init (&iter, these);
            while (g_hash_table_iter_next (&iter, &key, NULL))
              g_hash_table_add (cores, key);
          }
        if (g_hash_table_size (cores) > 1)
          add (problems, PIT_PIN_PROBLEM_SPLIT_GUEST_CORE,
               g_strdup_printf (_("The threads of guest core %u run on different host cores"),
                                first / guest_threads));
      }

  if (g_hash_table_size (nodes) > 1)
    add (problems, PIT_PIN_PROBLEM_NUMA,
         g_strdup_printf (ngettext ("The vCPUs run on %u NUMA node", "The vCPUs run on %u NUMA nodes",
                                    g_hash_table_size (nodes)),
                          g_hash_table_size (nodes)));

  return problems;
}

/**
 * pit_pin_plan_from_domain:
 * Returns: (transfer full): a domain's <cputune> as a plan: one set per
 *   vCPU (empty when it has no pin), the emulator's set (%NULL without one).
 */
PitPinPlan *
pit_pin_plan_from_domain (xmlNode *root)
{
  PitPinPlan *plan = g_new0 (PitPinPlan, 1);
  g_autoptr(GPtrArray) pins = pit_xml_find_nodes (root, "cputune/vcpupin");
  g_autofree char *emulator = pit_xml_get_string (root, "cputune/emulatorpin/@cpuset");
  guint64 vcpus = 1;

  pit_xml_get_uint64 (root, "vcpu", &vcpus);
  vcpus = MIN (vcpus, 16384);
  plan->vcpus = g_ptr_array_new_with_free_func ((GDestroyNotify) pit_cpuset_free);
  plan->warnings = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < vcpus; i++)
    g_ptr_array_add (plan->vcpus, pit_cpuset_new ());
  for (guint i = 0; i < pins->len; i++)
    {
      g_autofree char *cpuset = pit_xml_get_string (g_ptr_array_index (pins, i), "@cpuset");
      guint64 vcpu;
      PitCpuset *set;

      if (!pit_xml_get_uint64 (g_ptr_array_index (pins, i), "@vcpu", &vcpu) || vcpu >= vcpus || cpuset == NULL)
        continue;
      set = pit_cpuset_parse (cpuset, 0, NULL, NULL);
      if (set != NULL)
        {
          pit_cpuset_free (g_ptr_array_index (plan->vcpus, vcpu));
          g_ptr_array_index (plan->vcpus, vcpu) = set;
        }
    }
  if (emulator != NULL)
    plan->emulator = pit_cpuset_parse (emulator, 0, NULL, NULL);
  return plan;
}
