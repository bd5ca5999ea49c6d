/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

typedef struct _PitWizardRowList PitWizardRowList;

PitWizardRowList *pit_wizard_row_list_new     (AdwPreferencesGroup *group);
void              pit_wizard_row_list_free    (PitWizardRowList    *self);
gboolean          pit_wizard_row_list_update  (PitWizardRowList    *self,
                                               const char          *key);
GtkWidget        *pit_wizard_row_list_add     (PitWizardRowList    *self,
                                               const char          *title,
                                               const char          *subtitle,
                                               const char          *icon_name);
GtkWidget        *pit_wizard_row_list_get_row (PitWizardRowList    *self,
                                               guint                index);
guint             pit_wizard_row_list_get_n_rows (PitWizardRowList *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PitWizardRowList, pit_wizard_row_list_free)

G_END_DECLS
