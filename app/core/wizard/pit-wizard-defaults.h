/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pit-wizard-state.h"

G_BEGIN_DECLS

void pit_wizard_defaults_apply (PitWizardState *state);

G_END_DECLS
