/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-wizard"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pit-wizard-section.h"

/* The one table of the wizard's sections: the id (the enum nick, also the
 * wizard page's id and what the advisor and `pitstop-cli check --json` name
 * as the fix), the page's title and a line of what it does (the VM page
 * lists the sections with it).  Everything else loops over it. */
G_DEFINE_ENUM_TYPE (PitWizardSection, pit_wizard_section,
  G_DEFINE_ENUM_VALUE (PIT_WIZARD_SECTION_GPU, "gpu"),
  G_DEFINE_ENUM_VALUE (PIT_WIZARD_SECTION_DISPLAY, "display"),
  G_DEFINE_ENUM_VALUE (PIT_WIZARD_SECTION_CPU, "cpu"),
  G_DEFINE_ENUM_VALUE (PIT_WIZARD_SECTION_PINNING, "pinning"),
  G_DEFINE_ENUM_VALUE (PIT_WIZARD_SECTION_MEMORY, "memory"),
  G_DEFINE_ENUM_VALUE (PIT_WIZARD_SECTION_DRIVERS, "drivers"),
  G_DEFINE_ENUM_VALUE (PIT_WIZARD_SECTION_NETWORK, "network"))

static const struct
{
  const char *title;
  const char *summary;
} sections[] = {
  [PIT_WIZARD_SECTION_GPU] = { N_("Graphics Card"), N_("Pass a GPU with its audio function; the Error 43 workaround") },
  [PIT_WIZARD_SECTION_DISPLAY] = { N_("Display and Input"), N_("Looking Glass, keyboard and mouse by evdev, a USB controller, sound") },
  [PIT_WIZARD_SECTION_CPU] = { N_("Processor"), N_("A topology like the host’s, and the current allocation") },
  [PIT_WIZARD_SECTION_PINNING] = { N_("Pinning"), N_("vCPUs on their own host cores, SMT siblings together") },
  [PIT_WIZARD_SECTION_MEMORY] = { N_("Memory"), N_("Hugepages, and the host’s reservation") },
  [PIT_WIZARD_SECTION_DRIVERS] = { N_("Drivers"), N_("virtio-win disc, virtio network card, boot disk on virtio") },
  [PIT_WIZARD_SECTION_NETWORK] = { N_("Network"), N_("A bridge over the physical network card instead of NAT") },
};

G_STATIC_ASSERT (G_N_ELEMENTS (sections) == PIT_WIZARD_N_SECTIONS);

/**
 * pit_wizard_section_to_id:
 * Returns: the section's id ("gpu", "display", "cpu", "pinning", "memory", "drivers",
 *   "network"), or %NULL for a value out of range
 */
const char *
pit_wizard_section_to_id (PitWizardSection section)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (PIT_TYPE_WIZARD_SECTION);
  GEnumValue *value = g_enum_get_value (klass, section);

  /* the nicks are static strings: they outlive the class reference */
  return value != NULL ? value->value_nick : NULL;
}

/**
 * pit_wizard_section_from_id:
 * Returns: whether @id names a section (then it is in @section)
 */
gboolean
pit_wizard_section_from_id (const char       *id,
                            PitWizardSection *section)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (PIT_TYPE_WIZARD_SECTION);
  GEnumValue *value = id != NULL ? g_enum_get_value_by_nick (klass, id) : NULL;

  if (value == NULL)
    return FALSE;
  if (section != NULL)
    *section = value->value;
  return TRUE;
}

/**
 * pit_wizard_section_get_title:
 * Returns: the translated title of the section's page ("Graphics Card")
 */
const char *
pit_wizard_section_get_title (PitWizardSection section)
{
  g_return_val_if_fail ((guint) section < PIT_WIZARD_N_SECTIONS, NULL);

  return _(sections[section].title);
}

/**
 * pit_wizard_section_get_summary:
 * Returns: the translated line of what the section changes
 */
const char *
pit_wizard_section_get_summary (PitWizardSection section)
{
  g_return_val_if_fail ((guint) section < PIT_WIZARD_N_SECTIONS, NULL);

  return _(sections[section].summary);
}
