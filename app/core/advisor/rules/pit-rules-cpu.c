/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-advisor"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pit-advisor-rules.h"

/* Windows client editions (Home, Pro) use at most 2 sockets; the rest of
 * the vCPUs are there but never run anything. */
#define WINDOWS_CLIENT_MAX_SOCKETS 2

void
pit_rule_cpu_topology (PitAdvisorContext *ctx)
{
  PitDomainSummary *summary = ctx->summary;
  PitHostCpuTopology *cpu = ctx->host != NULL ? pit_host_inventory_get_cpu (ctx->host) : NULL;
  guint host_sockets = cpu != NULL ? cpu->sockets : 0;
  gboolean windows_limit = ctx->windows && summary->sockets > WINDOWS_CLIENT_MAX_SOCKETS;
  PitAdvisorFinding *finding;
  g_autofree char *explanation = NULL;
  g_autofree char *host_text = NULL;

  if (summary->sockets <= 1)
    return;
  if (!windows_limit && (host_sockets == 0 || summary->sockets <= host_sockets))
    return;

  if (windows_limit)
    explanation = g_strdup_printf (_("The VM shows its %u vCPUs to the guest as %u separate processors "
                                     "(sockets). Windows client editions use at most %u sockets, so "
                                     "Windows runs on only part of the vCPUs you gave it. Older "
                                     "virt-manager versions made this layout; one socket with several "
                                     "cores is what a real PC has."),
                                   summary->vcpus, summary->sockets, WINDOWS_CLIENT_MAX_SOCKETS);
  else
    explanation = g_strdup_printf (_("The VM shows its vCPUs to the guest as %u separate processors "
                                     "(sockets) while the host has %u. The guest then believes no two "
                                     "vCPUs share a cache and schedules its work badly. Older "
                                     "virt-manager versions made this layout; one socket with several "
                                     "cores matches the host."),
                                   summary->sockets, host_sockets);

  finding = pit_advisor_context_add (ctx, "cpu-topology",
                                     windows_limit ? PIT_ADVISOR_SEVERITY_HIGH : PIT_ADVISOR_SEVERITY_MEDIUM,
                                     _("More CPU sockets than the host has"), explanation);
  pit_advisor_context_add_xml (ctx, finding, _("CPU topology"), "cpu/topology");
  host_text = pit_advisor_context_describe_host_cpu (ctx);
  pit_advisor_finding_add_evidence (finding, PIT_ADVISOR_EVIDENCE_HOST, _("Host CPU"), host_text);
  pit_advisor_finding_set_fix_tune (finding, PIT_WIZARD_SECTION_CPU, _("Change the topology"),
                                    _("Use one socket with as many cores as the VM has vCPUs (two "
                                      "threads per core when the host has SMT)."));
}

void
pit_rule_cpu_current (PitAdvisorContext *ctx)
{
  PitDomainSummary *summary = ctx->summary;
  PitAdvisorFinding *finding;
  g_autofree char *explanation = NULL;

  if (summary->vcpus == 0 || summary->vcpus_current >= summary->vcpus)
    return;

  explanation = g_strdup_printf (_("The VM may have up to %u vCPUs, but only %u are switched on "
                                   "(the “current allocation”). The guest sees %u processors. This "
                                   "number does not follow when the maximum is raised; it only makes "
                                   "sense if you add vCPUs while the VM runs."),
                                 summary->vcpus, summary->vcpus_current, summary->vcpus_current);
  finding = pit_advisor_context_add (ctx, "cpu-current",
                                     summary->vcpus_current * 2 <= summary->vcpus
                                       ? PIT_ADVISOR_SEVERITY_HIGH : PIT_ADVISOR_SEVERITY_MEDIUM,
                                     _("Fewer vCPUs in use than configured"), explanation);
  pit_advisor_context_add_xml (ctx, finding, _("vCPUs"), "vcpu");
  pit_advisor_finding_set_fix_tune (finding, PIT_WIZARD_SECTION_CPU, _("Use all vCPUs"),
                                    _("Set the current allocation to the maximum."));
}

void
pit_rule_cpu_mode (PitAdvisorContext *ctx)
{
  const char *mode = ctx->summary->cpu_mode != NULL && ctx->summary->cpu_mode[0] != '\0'
                       ? ctx->summary->cpu_mode : NULL;
  PitAdvisorFinding *finding;
  g_autofree char *explanation = NULL;

  /* only KVM runs the guest on the host's own CPU */
  if (!ctx->kvm || g_strcmp0 (mode, "host-passthrough") == 0)
    return;

  if (g_strcmp0 (mode, "host-model") == 0)
    explanation = g_strdup (_("The VM’s CPU is “host-model”: a named CPU model close to the host’s. "
                              "Some of the host CPU’s features and its cache layout stay hidden from "
                              "the guest. “host-passthrough” shows the real CPU; it only matters for "
                              "live migration to a different CPU."));
  else
    explanation = g_strdup_printf (_("The VM’s CPU is “%s”: the guest sees a generic CPU model without "
                                     "most of the host CPU’s features (AVX, AES, …), so programs run "
                                     "slower code paths. “host-passthrough” shows the real CPU."),
                                   mode != NULL ? mode : _("default (qemu64)"));

  finding = pit_advisor_context_add (ctx, "cpu-mode",
                                     g_strcmp0 (mode, "host-model") == 0
                                       ? PIT_ADVISOR_SEVERITY_LOW : PIT_ADVISOR_SEVERITY_MEDIUM,
                                     _("The guest does not see the host’s CPU"), explanation);
  pit_advisor_context_add_xml (ctx, finding, _("CPU"), "cpu");
  pit_advisor_finding_set_fix_tune (finding, PIT_WIZARD_SECTION_CPU, _("Pass the host CPU through"),
                                    _("Set the CPU mode to host-passthrough."));
}
