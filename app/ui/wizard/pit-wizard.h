/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "pit-connection.h"
#include "pit-wizard-page.h"
#include "pit-wizard-state.h"

G_BEGIN_DECLS

#define PIT_TYPE_WIZARD (pit_wizard_get_type ())

G_DECLARE_FINAL_TYPE (PitWizard, pit_wizard, PIT, WIZARD, AdwWindow)

PitWizard      *pit_wizard_new            (GtkWindow     *parent,
                                           PitConnection *connection,
                                           PitDomain     *domain);
PitWizardState *pit_wizard_get_state      (PitWizard     *self);
gboolean        pit_wizard_is_loaded      (PitWizard     *self);
void            pit_wizard_show_page      (PitWizard     *self,
                                           const char    *id);
PitWizardPage  *pit_wizard_get_page       (PitWizard     *self);
gboolean        pit_wizard_next           (PitWizard     *self);
gboolean        pit_wizard_can_go_next    (PitWizard     *self);
void            pit_wizard_skip           (PitWizard     *self);
void            pit_wizard_back           (PitWizard     *self);

G_END_DECLS
