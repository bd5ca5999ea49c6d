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

  /* rebuild the page from the state (entering it, or the state changed) */
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
GtkBox         *pit_wizard_page_get_box         (PitWizardPage  *self);
void            pit_wizard_page_clear           (PitWizardPage  *self);
AdwPreferencesGroup *pit_wizard_page_add_group  (PitWizardPage  *self,
                                                 const char     *title,
                                                 const char     *description);
GtkWidget      *pit_wizard_page_add_row         (AdwPreferencesGroup *group,
                                                 const char     *title,
                                                 const char     *subtitle,
                                                 const char     *icon_name);
void            pit_wizard_page_place_error     (PitWizardPage  *self);

G_END_DECLS
