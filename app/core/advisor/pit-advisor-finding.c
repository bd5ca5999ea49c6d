/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-advisor"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pit-advisor-finding.h"

struct _PitAdvisorFinding
{
  GObject parent_instance;

  char *id;
  char *subject;
  PitAdvisorSeverity severity;
  char *title;
  char *explanation;
  GPtrArray *evidence;

  PitAdvisorFixKind fix_kind;
  char *fix_label;
  char *fix_text;
  int fix_section;
  PitHostPlanRequest *fix_request;
};

G_DEFINE_FINAL_TYPE (PitAdvisorFinding, pit_advisor_finding, G_TYPE_OBJECT)

static void
evidence_free (gpointer data)
{
  PitAdvisorEvidence *evidence = data;

  g_free (evidence->label);
  g_free (evidence->text);
  g_free (evidence);
}

static void
pit_advisor_finding_finalize (GObject *object)
{
  PitAdvisorFinding *self = PIT_ADVISOR_FINDING (object);

  g_free (self->id);
  g_free (self->subject);
  g_free (self->title);
  g_free (self->explanation);
  g_ptr_array_unref (self->evidence);
  g_free (self->fix_label);
  g_free (self->fix_text);
  g_clear_pointer (&self->fix_request, pit_host_plan_request_free);

  G_OBJECT_CLASS (pit_advisor_finding_parent_class)->finalize (object);
}

static void
pit_advisor_finding_class_init (PitAdvisorFindingClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pit_advisor_finding_finalize;
}

static void
pit_advisor_finding_init (PitAdvisorFinding *self)
{
  self->evidence = g_ptr_array_new_with_free_func (evidence_free);
  self->fix_kind = PIT_ADVISOR_FIX_ADVICE;
  self->fix_section = -1;
}

PitAdvisorFinding *
pit_advisor_finding_new (const char         *id,
                         PitAdvisorSeverity  severity,
                         const char         *title,
                         const char         *explanation)
{
  PitAdvisorFinding *self;

  g_return_val_if_fail (id != NULL && title != NULL && explanation != NULL, NULL);

  self = g_object_new (PIT_TYPE_ADVISOR_FINDING, NULL);
  self->id = g_strdup (id);
  self->severity = severity;
  self->title = g_strdup (title);
  self->explanation = g_strdup (explanation);
  return self;
}

const char *
pit_advisor_finding_get_id (PitAdvisorFinding *self)
{
  g_return_val_if_fail (PIT_IS_ADVISOR_FINDING (self), NULL);
  return self->id;
}

/**
 * pit_advisor_finding_get_subject:
 * Returns: (nullable): the device the finding is about ("sda", a MAC
 *   address, "0000:04:00.0"), %NULL when it is about the whole VM
 */
const char *
pit_advisor_finding_get_subject (PitAdvisorFinding *self)
{
  g_return_val_if_fail (PIT_IS_ADVISOR_FINDING (self), NULL);
  return self->subject;
}

PitAdvisorSeverity
pit_advisor_finding_get_severity (PitAdvisorFinding *self)
{
  g_return_val_if_fail (PIT_IS_ADVISOR_FINDING (self), PIT_ADVISOR_SEVERITY_LOW);
  return self->severity;
}

const char *
pit_advisor_finding_get_title (PitAdvisorFinding *self)
{
  g_return_val_if_fail (PIT_IS_ADVISOR_FINDING (self), NULL);
  return self->title;
}

const char *
pit_advisor_finding_get_explanation (PitAdvisorFinding *self)
{
  g_return_val_if_fail (PIT_IS_ADVISOR_FINDING (self), NULL);
  return self->explanation;
}

GPtrArray *
pit_advisor_finding_get_evidence (PitAdvisorFinding *self)
{
  g_return_val_if_fail (PIT_IS_ADVISOR_FINDING (self), NULL);
  return self->evidence;
}

PitAdvisorFixKind
pit_advisor_finding_get_fix_kind (PitAdvisorFinding *self)
{
  g_return_val_if_fail (PIT_IS_ADVISOR_FINDING (self), PIT_ADVISOR_FIX_ADVICE);
  return self->fix_kind;
}

const char *
pit_advisor_finding_get_fix_label (PitAdvisorFinding *self)
{
  g_return_val_if_fail (PIT_IS_ADVISOR_FINDING (self), NULL);
  return self->fix_label;
}

const char *
pit_advisor_finding_get_fix_text (PitAdvisorFinding *self)
{
  g_return_val_if_fail (PIT_IS_ADVISOR_FINDING (self), NULL);
  return self->fix_text;
}

int
pit_advisor_finding_get_fix_section (PitAdvisorFinding *self)
{
  g_return_val_if_fail (PIT_IS_ADVISOR_FINDING (self), -1);
  return self->fix_section;
}

const char *
pit_advisor_finding_get_fix_page (PitAdvisorFinding *self)
{
  g_return_val_if_fail (PIT_IS_ADVISOR_FINDING (self), NULL);
  if (self->fix_section < 0)
    return NULL;
  return pit_advisor_section_to_page_id (self->fix_section);
}

const PitHostPlanRequest *
pit_advisor_finding_get_fix_host_request (PitAdvisorFinding *self)
{
  g_return_val_if_fail (PIT_IS_ADVISOR_FINDING (self), NULL);
  return self->fix_request;
}

void
pit_advisor_finding_set_subject (PitAdvisorFinding *self,
                                 const char        *subject)
{
  g_return_if_fail (PIT_IS_ADVISOR_FINDING (self));
  g_free (self->subject);
  self->subject = g_strdup (subject);
}

void
pit_advisor_finding_add_evidence (PitAdvisorFinding      *self,
                                  PitAdvisorEvidenceKind  kind,
                                  const char             *label,
                                  const char             *text)
{
  PitAdvisorEvidence *evidence;

  g_return_if_fail (PIT_IS_ADVISOR_FINDING (self));
  if (text == NULL)
    return;

  evidence = g_new0 (PitAdvisorEvidence, 1);
  evidence->kind = kind;
  evidence->label = g_strdup (label);
  evidence->text = g_strdup (text);
  g_ptr_array_add (self->evidence, evidence);
}

static void
set_fix (PitAdvisorFinding *self,
         PitAdvisorFixKind  kind,
         const char        *label,
         const char        *text)
{
  self->fix_kind = kind;
  g_free (self->fix_label);
  self->fix_label = g_strdup (label);
  g_free (self->fix_text);
  self->fix_text = g_strdup (text);
  self->fix_section = -1;
  g_clear_pointer (&self->fix_request, pit_host_plan_request_free);
}

void
pit_advisor_finding_set_fix_tune (PitAdvisorFinding *self,
                                  PitWizardSection   section,
                                  const char        *label,
                                  const char        *text)
{
  g_return_if_fail (PIT_IS_ADVISOR_FINDING (self));
  g_return_if_fail (section < PIT_WIZARD_N_SECTIONS);

  set_fix (self, PIT_ADVISOR_FIX_TUNE, label, text);
  self->fix_section = section;
}

/**
 * pit_advisor_finding_set_fix_host_plan:
 * @request: (transfer full): the host-plan item
 */
void
pit_advisor_finding_set_fix_host_plan (PitAdvisorFinding  *self,
                                       PitHostPlanRequest *request,
                                       const char         *label,
                                       const char         *text)
{
  g_return_if_fail (PIT_IS_ADVISOR_FINDING (self));
  g_return_if_fail (request != NULL);

  set_fix (self, PIT_ADVISOR_FIX_HOST_PLAN, label, text);
  self->fix_request = request;
}

void
pit_advisor_finding_set_fix_advice (PitAdvisorFinding *self,
                                    const char        *text)
{
  g_return_if_fail (PIT_IS_ADVISOR_FINDING (self));
  set_fix (self, PIT_ADVISOR_FIX_ADVICE, NULL, text);
}

const char *
pit_advisor_severity_to_id (PitAdvisorSeverity severity)
{
  switch (severity)
    {
    case PIT_ADVISOR_SEVERITY_LOW:
      return "low";
    case PIT_ADVISOR_SEVERITY_MEDIUM:
      return "medium";
    case PIT_ADVISOR_SEVERITY_HIGH:
      return "high";
    default:
      return NULL;
    }
}

const char *
pit_advisor_severity_to_string (PitAdvisorSeverity severity)
{
  switch (severity)
    {
    case PIT_ADVISOR_SEVERITY_LOW:
      /* TRANSLATORS: severity of an advisor finding */
      return C_("severity", "Low");
    case PIT_ADVISOR_SEVERITY_MEDIUM:
      return C_("severity", "Medium");
    case PIT_ADVISOR_SEVERITY_HIGH:
      return C_("severity", "High");
    default:
      return NULL;
    }
}

const char *
pit_advisor_fix_kind_to_id (PitAdvisorFixKind kind)
{
  switch (kind)
    {
    case PIT_ADVISOR_FIX_TUNE:
      return "tune";
    case PIT_ADVISOR_FIX_HOST_PLAN:
      return "host-plan";
    case PIT_ADVISOR_FIX_ADVICE:
      return "advice";
    default:
      return NULL;
    }
}

const char *
pit_advisor_evidence_kind_to_id (PitAdvisorEvidenceKind kind)
{
  return kind == PIT_ADVISOR_EVIDENCE_XML ? "xml" : "host";
}

/**
 * pit_advisor_section_to_page_id:
 * Returns: the wizard page's id (the section's, from its table in
 *   pit-wizard-section.c); %NULL for anything else
 */
const char *
pit_advisor_section_to_page_id (PitWizardSection section)
{
  return pit_wizard_section_to_id (section);
}
