/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-wizard"

#include "config.h"

#include <string.h>

#include "pit-change-secure-boot.h"
#include "pit-change-tpm.h"
#include "pit-domain-summary.h"
#include "pit-wizard-state-private.h"
#include "pit-xml.h"

/* Windows 11's choices (issue #18), on the Drivers step: a TPM 2.0, and
 * Secure Boot.  On by default for a Windows 11 guest that lacks them —
 * Secure Boot only where it starts with UEFI on Q35 already: a guest
 * installed in BIOS mode is never switched (the advisor says how to convert
 * it first).  Each setter emits "changed" once, and not when nothing
 * changes; turning one on also turns the Drivers step on. */

gboolean
pit_wizard_state_get_tpm (PitWizardState *self)
{
  return self->tpm;
}

void
pit_wizard_state_set_tpm (PitWizardState *self,
                          gboolean        tpm)
{
  if (self->tpm == !!tpm)
    return;
  self->tpm = !!tpm;
  if (tpm)
    self->enabled[PIT_WIZARD_SECTION_DRIVERS] = TRUE;
  _pit_wizard_state_emit_changed (self);
}

gboolean
pit_wizard_state_get_secure_boot (PitWizardState *self)
{
  return self->secure_boot;
}

void
pit_wizard_state_set_secure_boot (PitWizardState *self,
                                  gboolean        secure_boot)
{
  if (self->secure_boot == !!secure_boot)
    return;
  self->secure_boot = !!secure_boot;
  if (secure_boot)
    self->enabled[PIT_WIZARD_SECTION_DRIVERS] = TRUE;
  _pit_wizard_state_emit_changed (self);
}

/* How the guest starts, from its XML: a PitGuestFirmware */
int
pit_wizard_state_get_firmware (PitWizardState *self)
{
  g_autoptr(xmlDoc) doc = self->xml != NULL ? pit_xml_parse (self->xml, NULL) : NULL;

  if (doc == NULL)
    return PIT_GUEST_FIRMWARE_BIOS;
  return pit_guest_firmware_from_xml (xmlDocGetRootElement (doc));
}

void
_pit_wizard_state_default_windows11 (PitWizardState *self,
                                     xmlNode        *root)
{
  g_autoptr(GPtrArray) tpms = NULL;
  g_autofree char *machine = NULL;

  self->tpm = FALSE;
  self->secure_boot = FALSE;
  if (root == NULL || !pit_domain_xml_is_windows11 (root))
    return;
  tpms = pit_xml_find_nodes (root, "devices/tpm");
  machine = pit_xml_get_string (root, "os/type/@machine");
  self->tpm = tpms->len == 0;
  self->secure_boot = pit_guest_firmware_from_xml (root) == PIT_GUEST_FIRMWARE_UEFI
                      && machine != NULL && strstr (machine, "q35") != NULL;
}

void
_pit_wizard_state_add_windows11_steps (PitWizardState *self,
                                       PitTunePlan    *plan)
{
  PitChangeTpmOptions tpm = { FALSE };
  PitChangeSecureBootOptions secure_boot = { FALSE };

  if (self->tpm)
    pit_tune_plan_add (plan, pit_change_tpm_step (&tpm));
  if (self->secure_boot)
    pit_tune_plan_add (plan, pit_change_secure_boot_step (&secure_boot));
}
