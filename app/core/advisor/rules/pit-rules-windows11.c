/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-advisor"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "pit-advisor-rules.h"
#include "pit-change-secure-boot.h"
#include "pit-host-partition-table.h"
#include "pit-xml.h"

static gboolean
is_windows11 (PitAdvisorContext *ctx)
{
  return ctx->windows && pit_domain_xml_is_windows11 (ctx->root);
}

void
pit_rule_windows11_tpm (PitAdvisorContext *ctx)
{
  g_autoptr(GPtrArray) tpms = NULL;
  PitAdvisorFinding *finding;

  if (!is_windows11 (ctx))
    return;
  tpms = pit_xml_find_nodes (ctx->root, "devices/tpm[not(@model='spapr-tpm-proxy')]");
  if (tpms->len > 0)
    return;
  finding = pit_advisor_context_add (ctx, "windows11-tpm", PIT_ADVISOR_SEVERITY_HIGH,
                                     _("Windows 11 without a TPM"),
                                     _("Windows 11 does not install without a TPM 2.0, and an installed one "
                                       "may refuse its feature updates. This VM has no TPM. libvirt can give "
                                       "it one that the host emulates (swtpm), kept with the VM."));
  pit_advisor_context_add_xml (ctx, finding, _("Devices"), "devices/emulator");
  pit_advisor_finding_set_fix_tune (finding, PIT_WIZARD_SECTION_DRIVERS, _("Add a TPM"),
                                    _("Add an emulated TPM 2.0 (tpm-crb); the host needs swtpm, which the "
                                      "host plan installs."));
}

void
pit_rule_windows11_secure_boot (PitAdvisorContext *ctx)
{
  PitGuestFirmware firmware;
  PitAdvisorFinding *finding;
  g_autofree char *machine = NULL;
  PitPartitionTable table;

  if (!is_windows11 (ctx))
    return;
  firmware = pit_guest_firmware_from_xml (ctx->root);
  if (firmware == PIT_GUEST_FIRMWARE_SECURE_BOOT)
    return;
  machine = pit_xml_get_string (ctx->root, "os/type/@machine");

  if (firmware == PIT_GUEST_FIRMWARE_BIOS)
    {
      table = pit_guest_boot_disk_table (ctx->root, ctx->host, NULL);
      finding = pit_advisor_context_add (ctx, "windows11-secure-boot", PIT_ADVISOR_SEVERITY_MEDIUM,
                                         _("Windows 11 installed in BIOS mode"),
                                         table == PIT_PARTITION_TABLE_GPT
                                         ? _("Windows 11 wants UEFI with Secure Boot, and this VM starts with "
                                             "BIOS firmware. Its boot disk is GPT already (as after MBR2GPT), "
                                             "so it can now start with UEFI.")
                                         : _("Windows 11 wants UEFI with Secure Boot, and this VM starts with "
                                             "BIOS firmware. Switching an installed Windows from BIOS to UEFI "
                                             "makes it unbootable: its disk must first be converted from MBR "
                                             "to GPT, which Windows’ own MBR2GPT does without losing data."));
      pit_advisor_context_add_xml (ctx, finding, _("Firmware"), "os");
      if (table == PIT_PARTITION_TABLE_GPT && machine != NULL && strstr (machine, "q35") != NULL)
        pit_advisor_finding_set_fix_tune (finding, PIT_WIZARD_SECTION_DRIVERS, _("Turn on Secure Boot"),
                                          _("Start the VM with UEFI and Secure Boot, Microsoft’s keys enrolled."));
      else
        pit_advisor_finding_set_fix_advice (finding,
                                            _("Inside Windows, in a Command Prompt as administrator, run "
                                              "“mbr2gpt /validate /allowFullOS”, then “mbr2gpt /convert "
                                              "/allowFullOS”; shut the VM down and turn on Secure Boot then "
                                              "(pitstop-cli tune --secure-boot checks the disk first). Back up "
                                              "the disk before."));
      return;
    }

  finding = pit_advisor_context_add (ctx, "windows11-secure-boot", PIT_ADVISOR_SEVERITY_MEDIUM,
                                     _("Windows 11 without Secure Boot"),
                                     _("Windows 11 expects Secure Boot: without it, its installer and its "
                                       "checks refuse, and some games’ anti-cheat software does not run. This "
                                       "VM starts with UEFI but without Secure Boot and Microsoft’s keys."));
  pit_advisor_context_add_xml (ctx, finding, _("Firmware"), "os");
  if (machine != NULL && strstr (machine, "q35") != NULL)
    pit_advisor_finding_set_fix_tune (finding, PIT_WIZARD_SECTION_DRIVERS, _("Turn on Secure Boot"),
                                      _("Let libvirt choose the Secure Boot firmware with Microsoft’s keys "
                                        "enrolled, and turn on SMM."));
  else
    pit_advisor_finding_set_fix_advice (finding,
                                        _("Secure Boot needs the Q35 machine type, and changing an installed "
                                          "VM’s chipset moves its devices: create a new VM with Q35 and UEFI "
                                          "for Windows 11."));
}
