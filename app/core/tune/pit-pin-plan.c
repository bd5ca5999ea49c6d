/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-tune"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pit-error.h"
#include "pit-pin-plan.h"

typedef struct
{
  GArray *cpus;     /* guint, online threads of this core, sorted */
  int node;
  int socket;
  PitHostCpuKind kind;
  guint64 l3_kib;   /* its L3 domain's size; 0 unknown */
} Core;

static void
core_free (gpointer data)
{
  Core *core = data;

  g_array_unref (core->cpus);
  g_free (core);
}

void
pit_pin_plan_free (PitPinPlan *self)
{
  if (self == NULL)
    return;
  g_ptr_array_unref (self->vcpus);
  pit_cpuset_free (self->emulator);
  g_ptr_array_unref (self->warnings);
  g_free (self);
}

static gboolean
same_core (PitHostCpu *a,
           PitHostCpu *b)
{
  if (a->siblings != NULL)
    {
      for (guint i = 0; i < a->siblings->len; i++)
        if (g_array_index (a->siblings, guint, i) == b->id)
          return TRUE;
      return FALSE;
    }
  return a->socket >= 0 && a->core >= 0 && a->socket == b->socket && a->die == b->die
         && a->core == b->core;
}

/* Online CPUs grouped into physical cores, in CPU order. */
static GPtrArray *
group_cores (PitHostCpuTopology *host)
{
  GPtrArray *cores = g_ptr_array_new_with_free_func (core_free);

  for (guint i = 0; i < host->cpus->len; i++)
    {
      PitHostCpu *cpu = g_ptr_array_index (host->cpus, i);
      Core *core = NULL;

      if (!cpu->online)
        continue;
      for (guint c = 0; c < cores->len && core == NULL; c++)
        {
          Core *candidate = g_ptr_array_index (cores, c);
          PitHostCpu *first = pit_host_cpu_topology_get_cpu (host, g_array_index (candidate->cpus, guint, 0));

          if (first != NULL && same_core (first, cpu))
            core = candidate;
        }
      if (core == NULL)
        {
          core = g_new0 (Core, 1);
          core->cpus = g_array_new (FALSE, FALSE, sizeof (guint));
          core->node = MAX (cpu->node, 0);
          core->socket = cpu->socket;
          core->kind = cpu->kind;
          if (cpu->l3 >= 0 && (guint) cpu->l3 < host->l3_domains->len)
            core->l3_kib = ((PitHostCacheDomain *) host->l3_domains->pdata[cpu->l3])->size_kib;
          g_ptr_array_add (cores, core);
        }
      g_array_append_val (core->cpus, cpu->id);
    }
  return cores;
}

static int
kind_rank (PitHostCpuKind kind)
{
  switch (kind)
    {
    case PIT_HOST_CPU_KIND_PERFORMANCE:
      return 0;
    case PIT_HOST_CPU_KIND_EFFICIENCY:
      return 2;
    case PIT_HOST_CPU_KIND_UNKNOWN:
    case PIT_HOST_CPU_KIND_STANDARD:
    default:
      return 1;
    }
}

/* How many vCPUs @core takes */
static guint
capacity (Core  *core,
          guint  per_core)
{
  return per_core == 1 ? 1 : MIN (core->cpus->len, per_core);
}

static int
compare_cores (gconstpointer a,
               gconstpointer b)
{
  const Core *x = *(const Core **) a;
  const Core *y = *(const Core **) b;

  if (kind_rank (x->kind) != kind_rank (y->kind))
    return kind_rank (x->kind) - kind_rank (y->kind);
  if (x->l3_kib != y->l3_kib)
    return x->l3_kib > y->l3_kib ? -1 : 1;   /* the larger L3 (a V-Cache CCD) first */
  if (x->cpus->len != y->cpus->len)
    return (int) y->cpus->len - (int) x->cpus->len;   /* all threads online first */
  return (int) g_array_index (x->cpus, guint, 0) - (int) g_array_index (y->cpus, guint, 0);
}

static PitCpuset *
core_set (Core *core,
          guint first,
          guint count)
{
  PitCpuset *set = pit_cpuset_new ();

  for (guint i = first; i < first + count && i < core->cpus->len; i++)
    pit_cpuset_add (set, g_array_index (core->cpus, guint, i));
  return set;
}

/**
 * pit_pin_plan_compute:
 * @vcpus: the guest's vCPU maximum
 * @guest_threads: threads per core of the guest's topology (1 without one)
 * Returns: (transfer full): the plan; %NULL with @error when the host has
 *   too few cores for the guest.
 */
PitPinPlan *
pit_pin_plan_compute (PitHostCpuTopology       *host,
                      guint                     vcpus,
                      guint                     guest_threads,
                      const PitPinPlanOptions  *options,
                      GError                  **error)
{
  g_autoptr(GPtrArray) cores = NULL;
  g_autoptr(GPtrArray) usable = g_ptr_array_new ();
  g_autoptr(PitPinPlan) plan = g_new0 (PitPinPlan, 1);
  PitPinPlanOptions defaults = { 0 };
  Core *host_core = NULL;
  guint host_threads = 1, per_core, wanted, total = 0, vcpu = 0;
  gboolean split = FALSE;
  int best_node = -1;
  int largest_l3;
  guint64 largest_l3_kib = 0;
  guint nodes_used = 0;

  g_return_val_if_fail (host != NULL && vcpus > 0, NULL);

  if (options == NULL)
    options = &defaults;
  guest_threads = MAX (guest_threads, 1);

  plan->vcpus = g_ptr_array_new_with_free_func ((GDestroyNotify) pit_cpuset_free);
  plan->warnings = g_ptr_array_new_with_free_func (g_free);

  cores = group_cores (host);
  if (cores->len == 0)
    {
      g_set_error_literal (error, PIT_ERROR, PIT_ERROR_NOT_FOUND,
                           _("The host’s CPU topology is unknown: pin the vCPUs by hand"));
      return NULL;
    }
  for (guint i = 0; i < cores->len; i++)
    {
      Core *core = g_ptr_array_index (cores, i);

      host_threads = MAX (host_threads, core->cpus->len);
      if (host_core == NULL && g_array_index (core->cpus, guint, 0) == 0)
        host_core = core;
      else
        g_ptr_array_add (usable, core);
    }
  if (host_core == NULL)
    {
      /* CPU 0 is offline: keep the first online core instead */
      host_core = g_ptr_array_index (cores, 0);
      g_ptr_array_remove (usable, host_core);
    }
  g_ptr_array_sort (usable, compare_cores);
  largest_l3 = pit_host_cache_domains_largest (host->l3_domains);
  if (largest_l3 >= 0)
    largest_l3_kib = ((PitHostCacheDomain *) host->l3_domains->pdata[largest_l3])->size_kib;
  if (options->use_host_core)
    g_ptr_array_add (usable, host_core);   /* last: the host keeps it as long as it can */

  /* How many vCPUs share one host core: the guest's threads (or one when
   * the host has fewer threads per core).  Offline siblings make some
   * cores smaller: they take fewer vCPUs, and cores with all their threads
   * come first. */
  per_core = guest_threads <= host_threads ? guest_threads : 1;
  wanted = (vcpus + per_core - 1) / per_core;
  for (guint i = 0; i < usable->len; i++)
    total += capacity (g_ptr_array_index (usable, i), per_core);
  if (total < vcpus && !options->use_host_core
      && total + capacity (host_core, per_core) >= vcpus)
    {
      /* the guest needs every core: share CPU 0's with the host rather
       * than refuse */
      g_ptr_array_add (usable, host_core);
      total += capacity (host_core, per_core);
      g_ptr_array_add (plan->warnings,
                       g_strdup (_("The guest needs every host core: it shares CPU 0’s core with the host and the emulator")));
    }
  if (total < vcpus)
    {
      g_set_error (error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT,
                   ngettext ("The guest needs %u host core for its %u vCPUs, but the host has only %u to give",
                             "The guest needs %u host cores for its %u vCPUs, but the host has only %u to give",
                             wanted),
                   wanted, vcpus, usable->len);
      return NULL;
    }

  /* One NUMA node when the guest fits in one: the first node, in the order
   * of the cores (best kind first), that holds the whole guest. */
  {
    g_autoptr(GHashTable) per_node = g_hash_table_new (NULL, NULL);

    for (guint i = 0; i < usable->len; i++)
      {
        Core *core = g_ptr_array_index (usable, i);
        guint count = GPOINTER_TO_UINT (g_hash_table_lookup (per_node, GINT_TO_POINTER (core->node)))
                      + capacity (core, per_core);

        g_hash_table_insert (per_node, GINT_TO_POINTER (core->node), GUINT_TO_POINTER (count));
        if (count >= vcpus && best_node < 0)
          best_node = core->node;
      }
    nodes_used = g_hash_table_size (per_node);
  }
  if (best_node < 0 && nodes_used > 1)
    g_ptr_array_add (plan->warnings,
                     g_strdup (_("The guest is larger than one NUMA node: its vCPUs span several nodes")));

  for (guint i = 0; i < usable->len && vcpu < vcpus; i++)
    {
      Core *core = g_ptr_array_index (usable, i);
      guint take;

      if (best_node >= 0 && core->node != best_node)
        continue;
      if (per_core == 1)
        {
          /* One vCPU per host core: it may run on all of the core's threads */
          g_ptr_array_add (plan->vcpus, core_set (core, 0, core->cpus->len));
          vcpu++;
        }
      else
        {
          take = MIN (capacity (core, per_core), vcpus - vcpu);
          if (take < per_core && vcpu + take < vcpus)
            split = TRUE;
          for (guint t = 0; t < take; t++, vcpu++)
            g_ptr_array_add (plan->vcpus, core_set (core, t, 1));
        }
      if (core->kind == PIT_HOST_CPU_KIND_EFFICIENCY)
        g_ptr_array_add (plan->warnings, g_strdup (_("Some vCPUs run on E-cores: the host has not enough P-cores")));
      if (largest_l3 >= 0 && core->l3_kib < largest_l3_kib)
        g_ptr_array_add (plan->warnings,
                         g_strdup (_("The guest does not fit on the cores with the largest L3 cache: some "
                                     "vCPUs run on cores with less")));
    }
  if (split)
    g_ptr_array_add (plan->warnings,
                     g_strdup (_("Some host cores have offline threads: a guest core’s threads run on different host cores")));

  plan->emulator = core_set (host_core, 0, host_core->cpus->len);
  if (options->use_host_core)
    g_ptr_array_add (plan->warnings,
                     g_strdup (_("The guest shares CPU 0’s core with the host and the emulator")));

  /* de-duplicate warnings */
  for (guint i = 0; i < plan->warnings->len; i++)
    for (guint j = plan->warnings->len - 1; j > i; j--)
      if (g_str_equal (g_ptr_array_index (plan->warnings, i), g_ptr_array_index (plan->warnings, j)))
        g_ptr_array_remove_index (plan->warnings, j);

  return g_steal_pointer (&plan);
}
