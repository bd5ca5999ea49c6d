/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "pit-wizard-state.h"

G_BEGIN_DECLS

#define PIT_TYPE_WIZARD_PAGE (pit_wizard_page_get_type ())

G_DECLARE_DERIVABLE_TYPE (PitWizardPage, pit_wizard_page, PIT, WIZARD_PAGE, AdwBin)

struct _PitWizardPageClass
{
  AdwBinClass parent_class;

  /* update the page from the state, in place (entering it, or a change) */
  void     (*refresh)  (PitWizardPage *self);
  /* check before leaving with Next; the default runs the section's changes */
  gboolean (*validate) (PitWizardPage *self,
                        GError       **error);
};

const char     *pit_wizard_page_get_id          (PitWizardPage  *self);
const char     *pit_wizard_page_get_title       (PitWizardPage  *self);
int             pit_wizard_page_get_section     (PitWizardPage  *self);
PitWizardState *pit_wizard_page_get_state       (PitWizardPage  *self);
void            pit_wizard_page_set_state       (PitWizardPage  *self,
                                                 PitWizardState *state);
void            pit_wizard_page_refresh         (PitWizardPage  *self);
gboolean        pit_wizard_page_validate        (PitWizardPage  *self);
void            pit_wizard_page_set_error       (PitWizardPage  *self,
                                                 const char     *message);
const char     *pit_wizard_page_get_error       (PitWizardPage  *self);

/* for subclasses */
void            pit_wizard_page_set_error_after (PitWizardPage  *self,
                                                 GtkWidget      *group);
GtkWidget      *pit_wizard_page_add_row         (AdwPreferencesGroup *group,
                                                 const char     *title,
                                                 const char     *subtitle,
                                                 const char     *icon_name);
void            pit_wizard_page_update_row      (AdwActionRow   *row,
                                                 const char     *subtitle,
                                                 const char     *icon_name);
void            pit_wizard_page_update_text     (GtkEditable    *editable,
                                                 const char     *text);
void            pit_wizard_page_label_switches  (GtkWidget      *widget,
                                                 const char     *label);

G_END_DECLS
