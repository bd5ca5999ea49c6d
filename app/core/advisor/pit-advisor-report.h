/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "pit-advisor-finding.h"

G_BEGIN_DECLS

#define PIT_TYPE_ADVISOR_REPORT (pit_advisor_report_get_type ())

G_DECLARE_FINAL_TYPE (PitAdvisorReport, pit_advisor_report, PIT, ADVISOR_REPORT, GObject)

/* The advisor's findings about one VM, most severe first (in rule order
 * within a severity), and the rules that could not run. */
PitAdvisorReport   *pit_advisor_report_new              (const char         *name,
                                                         const char         *uuid);
const char         *pit_advisor_report_get_name         (PitAdvisorReport   *self);
const char         *pit_advisor_report_get_uuid         (PitAdvisorReport   *self);
/* (element-type PitAdvisorFinding): a GListModel for list widgets */
GListModel         *pit_advisor_report_get_findings     (PitAdvisorReport   *self);
guint               pit_advisor_report_get_n_findings   (PitAdvisorReport   *self);
guint               pit_advisor_report_count_severity   (PitAdvisorReport   *self,
                                                         PitAdvisorSeverity  severity);
/* The highest severity; -1 without findings. */
int                 pit_advisor_report_get_max_severity (PitAdvisorReport   *self);
/* (transfer none) (nullable): the first finding with that id (and subject, unless NULL) */
PitAdvisorFinding  *pit_advisor_report_find             (PitAdvisorReport   *self,
                                                         const char         *id,
                                                         const char         *subject);
/* TRUE when the host's facts were known; FALSE for a bare XML file. */
gboolean            pit_advisor_report_has_host         (PitAdvisorReport   *self);
/* (element-type utf8): ids of the rules skipped for lack of host facts */
GPtrArray          *pit_advisor_report_get_skipped      (PitAdvisorReport   *self);

/* Building */
void                pit_advisor_report_set_has_host     (PitAdvisorReport   *self,
                                                         gboolean            has_host);
void                pit_advisor_report_add_skipped      (PitAdvisorReport   *self,
                                                         const char         *rule_id);
/* @findings: (element-type PitAdvisorFinding): sorted and stored */
void                pit_advisor_report_set_findings     (PitAdvisorReport   *self,
                                                         GPtrArray          *findings);

G_END_DECLS
