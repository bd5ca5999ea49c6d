/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-advisor"

#include "config.h"

#include "pit-advisor-report.h"

struct _PitAdvisorReport
{
  GObject parent_instance;

  char *name;
  char *uuid;
  GListStore *findings;
  GPtrArray *skipped;
  gboolean has_host;
};

G_DEFINE_FINAL_TYPE (PitAdvisorReport, pit_advisor_report, G_TYPE_OBJECT)

static void
pit_advisor_report_finalize (GObject *object)
{
  PitAdvisorReport *self = PIT_ADVISOR_REPORT (object);

  g_free (self->name);
  g_free (self->uuid);
  g_object_unref (self->findings);
  g_ptr_array_unref (self->skipped);

  G_OBJECT_CLASS (pit_advisor_report_parent_class)->finalize (object);
}

static void
pit_advisor_report_class_init (PitAdvisorReportClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pit_advisor_report_finalize;
}

static void
pit_advisor_report_init (PitAdvisorReport *self)
{
  self->findings = g_list_store_new (PIT_TYPE_ADVISOR_FINDING);
  self->skipped = g_ptr_array_new_with_free_func (g_free);
}

PitAdvisorReport *
pit_advisor_report_new (const char *name,
                        const char *uuid)
{
  PitAdvisorReport *self = g_object_new (PIT_TYPE_ADVISOR_REPORT, NULL);

  self->name = g_strdup (name);
  self->uuid = g_strdup (uuid);
  return self;
}

const char *
pit_advisor_report_get_name (PitAdvisorReport *self)
{
  g_return_val_if_fail (PIT_IS_ADVISOR_REPORT (self), NULL);
  return self->name;
}

const char *
pit_advisor_report_get_uuid (PitAdvisorReport *self)
{
  g_return_val_if_fail (PIT_IS_ADVISOR_REPORT (self), NULL);
  return self->uuid;
}

GListModel *
pit_advisor_report_get_findings (PitAdvisorReport *self)
{
  g_return_val_if_fail (PIT_IS_ADVISOR_REPORT (self), NULL);
  return G_LIST_MODEL (self->findings);
}

guint
pit_advisor_report_get_n_findings (PitAdvisorReport *self)
{
  g_return_val_if_fail (PIT_IS_ADVISOR_REPORT (self), 0);
  return g_list_model_get_n_items (G_LIST_MODEL (self->findings));
}

guint
pit_advisor_report_count_severity (PitAdvisorReport   *self,
                                   PitAdvisorSeverity  severity)
{
  guint n, count = 0;

  g_return_val_if_fail (PIT_IS_ADVISOR_REPORT (self), 0);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->findings));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PitAdvisorFinding) finding = g_list_model_get_item (G_LIST_MODEL (self->findings), i);

      if (pit_advisor_finding_get_severity (finding) == severity)
        count++;
    }
  return count;
}

int
pit_advisor_report_get_max_severity (PitAdvisorReport *self)
{
  g_autoptr(PitAdvisorFinding) first = NULL;

  g_return_val_if_fail (PIT_IS_ADVISOR_REPORT (self), -1);

  /* sorted: the first is the most severe */
  first = g_list_model_get_item (G_LIST_MODEL (self->findings), 0);
  return first != NULL ? (int) pit_advisor_finding_get_severity (first) : -1;
}

PitAdvisorFinding *
pit_advisor_report_find (PitAdvisorReport *self,
                         const char       *id,
                         const char       *subject)
{
  guint n;

  g_return_val_if_fail (PIT_IS_ADVISOR_REPORT (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->findings));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PitAdvisorFinding) finding = g_list_model_get_item (G_LIST_MODEL (self->findings), i);

      if (g_strcmp0 (pit_advisor_finding_get_id (finding), id) == 0
          && (subject == NULL || g_strcmp0 (pit_advisor_finding_get_subject (finding), subject) == 0))
        return finding; /* the store keeps it alive */
    }
  return NULL;
}

gboolean
pit_advisor_report_has_host (PitAdvisorReport *self)
{
  g_return_val_if_fail (PIT_IS_ADVISOR_REPORT (self), FALSE);
  return self->has_host;
}

GPtrArray *
pit_advisor_report_get_skipped (PitAdvisorReport *self)
{
  g_return_val_if_fail (PIT_IS_ADVISOR_REPORT (self), NULL);
  return self->skipped;
}

void
pit_advisor_report_set_has_host (PitAdvisorReport *self,
                                 gboolean          has_host)
{
  g_return_if_fail (PIT_IS_ADVISOR_REPORT (self));
  self->has_host = !!has_host;
}

void
pit_advisor_report_add_skipped (PitAdvisorReport *self,
                                const char       *rule_id)
{
  g_return_if_fail (PIT_IS_ADVISOR_REPORT (self));
  g_ptr_array_add (self->skipped, g_strdup (rule_id));
}

void
pit_advisor_report_set_findings (PitAdvisorReport *self,
                                 GPtrArray        *findings)
{
  g_autoptr(GPtrArray) sorted = NULL;

  g_return_if_fail (PIT_IS_ADVISOR_REPORT (self));

  /* g_ptr_array_sort is not stable; keep rule order within a severity */
  sorted = g_ptr_array_new ();
  for (int severity = PIT_ADVISOR_SEVERITY_HIGH; severity >= PIT_ADVISOR_SEVERITY_LOW; severity--)
    for (guint i = 0; i < findings->len; i++)
      if ((int) pit_advisor_finding_get_severity (g_ptr_array_index (findings, i)) == severity)
        g_ptr_array_add (sorted, g_ptr_array_index (findings, i));
  g_list_store_splice (self->findings, 0, g_list_model_get_n_items (G_LIST_MODEL (self->findings)),
                       sorted->pdata, sorted->len);
}
