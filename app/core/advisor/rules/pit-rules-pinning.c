/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-advisor"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pit-advisor-rules.h"
#include "pit-cpuset.h"
#include "pit-xml.h"

#define MIN_CORES_FOR_PINNING 4

typedef struct
{
  guint vcpu;
  PitCpuset *cpus;
} Pin;

static void
pin_free (gpointer data)
{
  Pin *pin = data;

  pit_cpuset_free (pin->cpus);
  g_free (pin);
}

/* The <vcpupin>s that parse; odd ones are left out. */
static GPtrArray *
read_pins (PitAdvisorContext *ctx)
{
  g_autoptr(GPtrArray) nodes = pit_xml_find_nodes (ctx->root, "cputune/vcpupin");
  GPtrArray *pins = g_ptr_array_new_with_free_func (pin_free);

  for (guint i = 0; i < nodes->len; i++)
    {
      xmlNode *node = g_ptr_array_index (nodes, i);
      g_autofree char *vcpu = pit_xml_get_string (node, "@vcpu");
      g_autofree char *cpuset = pit_xml_get_string (node, "@cpuset");
      PitCpuset *cpus;
      guint64 number;
      Pin *pin;

      if (vcpu == NULL || cpuset == NULL
          || !g_ascii_string_to_unsigned (vcpu, 10, 0, G_MAXUINT16, &number, NULL))
        continue;
      cpus = pit_cpuset_parse (cpuset, 0, NULL, NULL);
      if (cpus == NULL || pit_cpuset_count (cpus) == 0)
        {
          g_clear_pointer (&cpus, pit_cpuset_free);
          continue;
        }
      pin = g_new0 (Pin, 1);
      pin->vcpu = (guint) number;
      pin->cpus = cpus;
      g_ptr_array_add (pins, pin);
    }
  return pins;
}

static PitCpuset *
read_emulator_pin (PitAdvisorContext *ctx)
{
  if (ctx->summary->emulator_pinning == NULL)
    return NULL;
  return pit_cpuset_parse (ctx->summary->emulator_pinning, 0, NULL, NULL);
}

void
pit_rule_pinning_missing (PitAdvisorContext *ctx)
{
  PitHostCpuTopology *cpu = pit_host_inventory_get_cpu (ctx->host);
  g_autofree char *host_text = NULL;
  g_autofree char *explanation = NULL;
  PitAdvisorFinding *finding;

  if (cpu == NULL || cpu->cores < MIN_CORES_FOR_PINNING || ctx->summary->vcpu_pinning != NULL
      || ctx->summary->vcpus == 0)
    return;

  explanation = g_strdup_printf (_("The VM’s %u vCPUs may run on any of the host’s CPUs, and Linux moves "
                                   "them around as it likes. Each move costs the guest its warm caches, "
                                   "and the guest cannot tell which vCPUs share a core. Pinning each vCPU "
                                   "to its own host CPU, and leaving one core for the host, gives steadier "
                                   "frame times and lower latency."),
                                 ctx->summary->vcpus);
  finding = pit_advisor_context_add (ctx, "pinning-missing", PIT_ADVISOR_SEVERITY_MEDIUM,
                                     _("vCPUs are not pinned"), explanation);
  pit_advisor_context_add_xml (ctx, finding, _("vCPUs"), "vcpu");
  host_text = pit_advisor_context_describe_host_cpu (ctx);
  pit_advisor_finding_add_evidence (finding, PIT_ADVISOR_EVIDENCE_HOST, _("Host CPU"), host_text);
  pit_advisor_finding_set_fix_tune (finding, PIT_WIZARD_SECTION_PINNING, _("Pin the vCPUs"),
                                    _("Pin every vCPU to a host CPU, whole cores at a time, and the "
                                      "emulator to the core left to the host."));
}

/* A host core, as one number: socket, die and core id together; -1 when
 * the CPUs of @cpus are not all on one core (or unknown). */
static gint64
host_core_of (PitHostCpuTopology *cpu,
              const PitCpuset    *cpus)
{
  g_autoptr(GArray) ids = pit_cpuset_to_array (cpus);
  gint64 core = -1;

  for (guint i = 0; i < ids->len; i++)
    {
      PitHostCpu *host_cpu = pit_host_cpu_topology_get_cpu (cpu, g_array_index (ids, guint, i));
      gint64 key;

      if (host_cpu == NULL || host_cpu->core < 0 || host_cpu->socket < 0)
        return -1;
      key = ((gint64) host_cpu->socket << 40) | ((gint64) MAX (host_cpu->die, 0) << 20) | host_cpu->core;
      if (core >= 0 && key != core)
        return -1;
      core = key;
    }
  return core;
}

void
pit_rule_pinning_siblings (PitAdvisorContext *ctx)
{
  PitHostCpuTopology *cpu = pit_host_inventory_get_cpu (ctx->host);
  g_autoptr(GPtrArray) pins = NULL;
  g_autoptr(GHashTable) guest_core_host = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);
  g_autoptr(GHashTable) host_core_guest = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  guint threads = MAX (ctx->summary->threads, 1);
  g_autofree char *explanation = NULL;
  g_autofree char *host_text = NULL;
  PitAdvisorFinding *finding;
  int split_core = -1;
  int shared_a = -1, shared_b = -1;

  if (cpu == NULL || cpu->threads_per_core < 2)
    return;
  pins = read_pins (ctx);

  for (guint i = 0; i < pins->len; i++)
    {
      Pin *pin = g_ptr_array_index (pins, i);
      gint64 core = host_core_of (cpu, pin->cpus);
      guint guest_core = pin->vcpu / threads;
      gint64 *seen;
      gpointer other;

      if (core < 0)
        continue; /* floating over several cores: not a split */
      seen = g_hash_table_lookup (guest_core_host, GUINT_TO_POINTER (guest_core + 1));
      if (seen == NULL)
        {
          seen = g_new (gint64, 1);
          *seen = core;
          g_hash_table_insert (guest_core_host, GUINT_TO_POINTER (guest_core + 1), seen);
        }
      else if (*seen != core && split_core < 0)
        split_core = (int) guest_core;

      /* two guest cores on the threads of one host core */
      other = g_hash_table_lookup (host_core_guest, &core);
      if (other == NULL)
        g_hash_table_insert (host_core_guest, g_memdup2 (&core, sizeof core), GUINT_TO_POINTER (guest_core + 1));
      else if (GPOINTER_TO_UINT (other) - 1 != guest_core && shared_a < 0)
        {
          shared_a = (int) (GPOINTER_TO_UINT (other) - 1) * threads;
          shared_b = (int) pin->vcpu;
        }
    }

  if (split_core < 0 && shared_a < 0)
    return;

  if (split_core >= 0)
    explanation = g_strdup_printf (_("The guest sees %u threads per core, but the vCPUs of its core %d are "
                                     "pinned to different host cores. The guest schedules as if they "
                                     "shared a core (and its caches) while they do not."),
                                   threads, split_core);
  else
    explanation = g_strdup_printf (_("vCPU %d and vCPU %d are pinned to two threads of the same host core, "
                                     "but the guest sees them as separate cores. It then runs two busy "
                                     "tasks on them expecting twice the speed of one."),
                                   shared_a, shared_b);

  finding = pit_advisor_context_add (ctx, "pinning-siblings", PIT_ADVISOR_SEVERITY_MEDIUM,
                                     _("Pinning does not match the host’s SMT siblings"), explanation);
  pit_advisor_context_add_xml (ctx, finding, _("Pinning"), "cputune");
  pit_advisor_context_add_xml (ctx, finding, _("CPU topology"), "cpu/topology");
  host_text = pit_advisor_context_describe_host_cpu (ctx);
  pit_advisor_finding_add_evidence (finding, PIT_ADVISOR_EVIDENCE_HOST, _("Host CPU"), host_text);
  pit_advisor_finding_set_fix_tune (finding, PIT_WIZARD_SECTION_PINNING, _("Repin the vCPUs"),
                                    _("Pin the threads of each guest core to the SMT siblings of one "
                                      "host core."));
}

void
pit_rule_pinning_numa (PitAdvisorContext *ctx)
{
  PitHostCpuTopology *cpu = pit_host_inventory_get_cpu (ctx->host);
  g_autoptr(GPtrArray) pins = NULL;
  g_autoptr(GPtrArray) cells = NULL;
  g_autoptr(GString) nodes_text = g_string_new (NULL);
  g_autofree char *explanation = NULL;
  PitAdvisorFinding *finding;
  guint64 nodes = 0;

  if (cpu == NULL || cpu->numa_nodes < 2)
    return;
  /* a guest with its own NUMA cells may span nodes on purpose */
  cells = pit_xml_find_nodes (ctx->root, "cpu/numa/cell");
  if (cells->len > 0)
    return;

  pins = read_pins (ctx);
  for (guint i = 0; i < pins->len; i++)
    {
      Pin *pin = g_ptr_array_index (pins, i);
      g_autoptr(GArray) ids = pit_cpuset_to_array (pin->cpus);

      for (guint j = 0; j < ids->len; j++)
        {
          PitHostCpu *host_cpu = pit_host_cpu_topology_get_cpu (cpu, g_array_index (ids, guint, j));

          if (host_cpu != NULL && host_cpu->node >= 0 && host_cpu->node < 64)
            nodes |= G_GUINT64_CONSTANT (1) << host_cpu->node;
        }
    }
  if (nodes == 0 || (nodes & (nodes - 1)) == 0)
    return;

  for (guint n = 0; n < 64; n++)
    if (nodes & (G_GUINT64_CONSTANT (1) << n))
      g_string_append_printf (nodes_text, "%s%u", nodes_text->len > 0 ? ", " : "", n);
  explanation = g_strdup_printf (_("The vCPUs are pinned to CPUs of several NUMA nodes (%s), but the guest "
                                   "has no NUMA layout of its own. Memory then often sits on the other "
                                   "node, and every access to it is slower."),
                                 nodes_text->str);
  finding = pit_advisor_context_add (ctx, "pinning-numa", PIT_ADVISOR_SEVERITY_MEDIUM,
                                     _("vCPUs are pinned across NUMA nodes"), explanation);
  pit_advisor_context_add_xml (ctx, finding, _("Pinning"), "cputune");
  pit_advisor_finding_add_evidence (finding, PIT_ADVISOR_EVIDENCE_HOST, _("Host NUMA nodes"), nodes_text->str);
  pit_advisor_finding_set_fix_tune (finding, PIT_WIZARD_SECTION_PINNING, _("Repin the vCPUs"),
                                    _("Pin all vCPUs inside one NUMA node when they fit."));
}

void
pit_rule_pinning_emulator (PitAdvisorContext *ctx)
{
  g_autoptr(PitCpuset) emulator = read_emulator_pin (ctx);
  g_autoptr(GPtrArray) pins = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(PitCpuset) shared = NULL;
  g_autofree char *shared_text = NULL;
  g_autofree char *explanation = NULL;
  PitAdvisorFinding *finding;

  if (emulator == NULL)
    return;
  pins = read_pins (ctx);
  ids = pit_cpuset_to_array (emulator);
  shared = pit_cpuset_new ();
  for (guint i = 0; i < pins->len; i++)
    {
      Pin *pin = g_ptr_array_index (pins, i);

      for (guint j = 0; j < ids->len; j++)
        if (pit_cpuset_contains (pin->cpus, g_array_index (ids, guint, j)))
          pit_cpuset_add (shared, g_array_index (ids, guint, j));
    }
  if (pit_cpuset_count (shared) == 0)
    return;

  shared_text = pit_cpuset_format (shared);
  explanation = g_strdup_printf (_("The emulator (QEMU’s own threads: device emulation, disk and network "
                                   "work) is pinned to host CPUs %s, which also run vCPUs. When the "
                                   "emulator is busy, those vCPUs stall."),
                                 shared_text);
  finding = pit_advisor_context_add (ctx, "pinning-emulator", PIT_ADVISOR_SEVERITY_MEDIUM,
                                     _("The emulator shares CPUs with vCPUs"), explanation);
  pit_advisor_context_add_xml (ctx, finding, _("Pinning"), "cputune");
  pit_advisor_finding_set_fix_tune (finding, PIT_WIZARD_SECTION_PINNING, _("Repin the emulator"),
                                    _("Pin the emulator to the host CPUs no vCPU uses."));
}
