/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-advisor"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pit-advisor-rules.h"
#include "pit-pin-check.h"
#include "pit-xml.h"

#define MIN_CORES_FOR_PINNING 4

/* The shared pinning check (also behind the wizard's pinning grid): the
 * problems of @kinds, or NULL when there are none. */
static GPtrArray *
find_problems (PitAdvisorContext       *ctx,
               const PitPinProblemKind *kinds,
               guint                    n_kinds)
{
  PitHostCpuTopology *cpu = ctx->host != NULL ? pit_host_inventory_get_cpu (ctx->host) : NULL;
  g_autoptr(PitPinPlan) pinning = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  GPtrArray *wanted = NULL;

  if (ctx->summary->vcpu_pinning == NULL && ctx->summary->emulator_pinning == NULL)
    return NULL;
  pinning = pit_pin_plan_from_domain (ctx->root);
  problems = pit_pin_plan_check (cpu, pinning, MAX (ctx->summary->threads, 1));
  for (guint i = 0; i < problems->len; i++)
    {
      PitPinProblem *problem = g_ptr_array_index (problems, i);

      for (guint k = 0; k < n_kinds; k++)
        if (problem->kind == kinds[k])
          {
            if (wanted == NULL)
              wanted = g_ptr_array_new_with_free_func (g_free);
            g_ptr_array_add (wanted, g_strdup (problem->message));
          }
    }
  return wanted;
}

static void
add_problems (PitAdvisorFinding *finding,
              GPtrArray         *messages)
{
  for (guint i = 0; i < messages->len; i++)
    pit_advisor_finding_add_evidence (finding, PIT_ADVISOR_EVIDENCE_HOST, _("Pinning check"),
                                      g_ptr_array_index (messages, i));
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

void
pit_rule_pinning_siblings (PitAdvisorContext *ctx)
{
  static const PitPinProblemKind kinds[] = {
    PIT_PIN_PROBLEM_SHARED_CPU, PIT_PIN_PROBLEM_SPLIT_GUEST_CORE, PIT_PIN_PROBLEM_SPLIT_HOST_CORE
  };
  g_autoptr(GPtrArray) problems = find_problems (ctx, kinds, G_N_ELEMENTS (kinds));
  g_autofree char *host_text = NULL;
  PitAdvisorFinding *finding;

  if (problems == NULL)
    return;

  finding = pit_advisor_context_add (ctx, "pinning-siblings", PIT_ADVISOR_SEVERITY_MEDIUM,
                                     _("Pinning does not match the host’s cores"),
                                     _("The guest plans its work by its own picture of cores and threads "
                                       "(SMT siblings share a core and its caches). Here the pinning puts the "
                                       "threads of one guest core on different host cores, two guest cores on "
                                       "the threads of one host core, or two vCPUs on one host CPU, so the "
                                       "guest’s picture is wrong and busy vCPUs slow each other down."));
  add_problems (finding, problems);
  pit_advisor_context_add_xml (ctx, finding, _("Pinning"), "cputune");
  pit_advisor_context_add_xml (ctx, finding, _("CPU topology"), "cpu/topology");
  host_text = pit_advisor_context_describe_host_cpu (ctx);
  pit_advisor_finding_add_evidence (finding, PIT_ADVISOR_EVIDENCE_HOST, _("Host CPU"), host_text);
  pit_advisor_finding_set_fix_tune (finding, PIT_WIZARD_SECTION_PINNING, _("Repin the vCPUs"),
                                    _("Pin the threads of each guest core to the SMT siblings of one "
                                      "host core, one vCPU per host CPU."));
}

void
pit_rule_pinning_numa (PitAdvisorContext *ctx)
{
  static const PitPinProblemKind kinds[] = { PIT_PIN_PROBLEM_NUMA };
  g_autoptr(GPtrArray) cells = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  PitAdvisorFinding *finding;

  /* a guest with its own NUMA cells may span nodes on purpose */
  cells = pit_xml_find_nodes (ctx->root, "cpu/numa/cell");
  if (cells->len > 0)
    return;
  problems = find_problems (ctx, kinds, G_N_ELEMENTS (kinds));
  if (problems == NULL)
    return;

  finding = pit_advisor_context_add (ctx, "pinning-numa", PIT_ADVISOR_SEVERITY_MEDIUM,
                                     _("vCPUs are pinned across NUMA nodes"),
                                     _("The vCPUs are pinned to CPUs of several NUMA nodes, but the guest has "
                                       "no NUMA layout of its own. Its memory then often sits at the other "
                                       "node, and every access to it is slower."));
  add_problems (finding, problems);
  pit_advisor_context_add_xml (ctx, finding, _("Pinning"), "cputune");
  pit_advisor_finding_set_fix_tune (finding, PIT_WIZARD_SECTION_PINNING, _("Repin the vCPUs"),
                                    _("Pin all vCPUs inside one NUMA node when they fit."));
}

void
pit_rule_pinning_emulator (PitAdvisorContext *ctx)
{
  static const PitPinProblemKind kinds[] = { PIT_PIN_PROBLEM_EMULATOR };
  g_autoptr(GPtrArray) problems = find_problems (ctx, kinds, G_N_ELEMENTS (kinds));
  PitAdvisorFinding *finding;

  if (problems == NULL)
    return;

  finding = pit_advisor_context_add (ctx, "pinning-emulator", PIT_ADVISOR_SEVERITY_MEDIUM,
                                     _("The emulator shares CPUs with vCPUs"),
                                     _("The emulator (QEMU’s own threads: device emulation, disk and network "
                                       "work) is pinned to host CPUs that also run vCPUs. When the emulator is "
                                       "busy, those vCPUs stall."));
  add_problems (finding, problems);
  pit_advisor_context_add_xml (ctx, finding, _("Pinning"), "cputune");
  pit_advisor_finding_set_fix_tune (finding, PIT_WIZARD_SECTION_PINNING, _("Repin the emulator"),
                                    _("Pin the emulator to the host CPUs no vCPU uses."));
}
