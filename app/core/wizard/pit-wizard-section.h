/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* The wizard's sections, in page order; each maps to tuning-engine steps and
 * has a wizard page whose id is the enum value's nick ("gpu", "cpu", …). */
typedef enum
{
  PIT_WIZARD_SECTION_GPU,
  PIT_WIZARD_SECTION_DISPLAY,
  PIT_WIZARD_SECTION_CPU,
  PIT_WIZARD_SECTION_PINNING,
  PIT_WIZARD_SECTION_MEMORY,
  PIT_WIZARD_SECTION_DRIVERS,
  PIT_WIZARD_SECTION_NETWORK,
  PIT_WIZARD_N_SECTIONS
} PitWizardSection;

#define PIT_TYPE_WIZARD_SECTION (pit_wizard_section_get_type ())

GType       pit_wizard_section_get_type    (void) G_GNUC_CONST;
const char *pit_wizard_section_to_id       (PitWizardSection  section);
gboolean    pit_wizard_section_from_id     (const char       *id,
                                            PitWizardSection *section);
const char *pit_wizard_section_get_title   (PitWizardSection  section);
const char *pit_wizard_section_get_summary (PitWizardSection  section);

G_END_DECLS
