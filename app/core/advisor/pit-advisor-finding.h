/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "pit-host-plan-request.h"
#include "pit-wizard-state.h"

G_BEGIN_DECLS

typedef enum
{
  PIT_ADVISOR_SEVERITY_LOW,     /* "low": worth knowing, small gain */
  PIT_ADVISOR_SEVERITY_MEDIUM,  /* "medium": a clear, measurable gain */
  PIT_ADVISOR_SEVERITY_HIGH,    /* "high": slow or broken as it is */
} PitAdvisorSeverity;

typedef enum
{
  PIT_ADVISOR_FIX_TUNE,       /* "tune": open the wizard on fix_section's page */
  PIT_ADVISOR_FIX_HOST_PLAN,  /* "host-plan": fix_host_request is the plan item */
  PIT_ADVISOR_FIX_ADVICE,     /* "advice": no change Pitstop can make; read fix_text */
} PitAdvisorFixKind;

typedef enum
{
  PIT_ADVISOR_EVIDENCE_XML,   /* "xml": text is a fragment of the VM's XML */
  PIT_ADVISOR_EVIDENCE_HOST,  /* "host": text is a host fact in words */
} PitAdvisorEvidenceKind;

typedef struct
{
  PitAdvisorEvidenceKind kind;
  char *label;   /* translated: "CPU topology", "Host CPU" */
  char *text;
} PitAdvisorEvidence;

#define PIT_TYPE_ADVISOR_FINDING (pit_advisor_finding_get_type ())

G_DECLARE_FINAL_TYPE (PitAdvisorFinding, pit_advisor_finding, PIT, ADVISOR_FINDING, GObject)

/* What the advisor found about one VM: one finding per problem (and per
 * device where a problem is about a device: the subject then names it).
 * Immutable once the report is built; safe to hand to the main thread. */
PitAdvisorFinding  *pit_advisor_finding_new             (const char         *id,
                                                         PitAdvisorSeverity  severity,
                                                         const char         *title,
                                                         const char         *explanation);
const char         *pit_advisor_finding_get_id          (PitAdvisorFinding  *self);
const char         *pit_advisor_finding_get_subject     (PitAdvisorFinding  *self);
PitAdvisorSeverity  pit_advisor_finding_get_severity    (PitAdvisorFinding  *self);
const char         *pit_advisor_finding_get_title       (PitAdvisorFinding  *self);
const char         *pit_advisor_finding_get_explanation (PitAdvisorFinding  *self);
/* (element-type PitAdvisorEvidence) (transfer none) */
GPtrArray          *pit_advisor_finding_get_evidence    (PitAdvisorFinding  *self);

PitAdvisorFixKind   pit_advisor_finding_get_fix_kind    (PitAdvisorFinding  *self);
/* A short translated label for the Fix button ("Change the topology"). */
const char         *pit_advisor_finding_get_fix_label   (PitAdvisorFinding  *self);
/* What to do, in words: always set (for tune and host-plan fixes too). */
const char         *pit_advisor_finding_get_fix_text    (PitAdvisorFinding  *self);
/* FIX_TUNE only: the wizard page to open; -1 otherwise. */
int                 pit_advisor_finding_get_fix_section (PitAdvisorFinding  *self);
/* FIX_TUNE only: "gpu", "cpu", "pinning", "memory", "drivers", "network"; NULL otherwise. */
const char         *pit_advisor_finding_get_fix_page    (PitAdvisorFinding  *self);
/* FIX_HOST_PLAN only: the request for pit_host_plan_new(); NULL otherwise. */
const PitHostPlanRequest *pit_advisor_finding_get_fix_host_request (PitAdvisorFinding *self);

/* Building (the rules) */
void                pit_advisor_finding_set_subject     (PitAdvisorFinding  *self,
                                                         const char         *subject);
void                pit_advisor_finding_add_evidence    (PitAdvisorFinding  *self,
                                                         PitAdvisorEvidenceKind kind,
                                                         const char         *label,
                                                         const char         *text);
void                pit_advisor_finding_set_fix_tune    (PitAdvisorFinding  *self,
                                                         PitWizardSection    section,
                                                         const char         *label,
                                                         const char         *text);
void                pit_advisor_finding_set_fix_host_plan (PitAdvisorFinding *self,
                                                         PitHostPlanRequest *request,
                                                         const char         *label,
                                                         const char         *text);
void                pit_advisor_finding_set_fix_advice  (PitAdvisorFinding  *self,
                                                         const char         *text);

const char         *pit_advisor_severity_to_id          (PitAdvisorSeverity  severity);
const char         *pit_advisor_severity_to_string      (PitAdvisorSeverity  severity);
const char         *pit_advisor_fix_kind_to_id          (PitAdvisorFixKind   kind);
const char         *pit_advisor_evidence_kind_to_id     (PitAdvisorEvidenceKind kind);
const char         *pit_advisor_section_to_page_id      (PitWizardSection    section);

G_END_DECLS
