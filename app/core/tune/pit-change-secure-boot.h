/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pit-host-partition-table.h"
#include "pit-tune-step.h"

G_BEGIN_DECLS

/* Secure Boot with Microsoft's keys enrolled, as Windows 11 requires,
 * through libvirt's firmware auto-selection (libvirt ≥ 7.2):
 * <os firmware='efi'> with <firmware><feature enabled='yes'
 * name='secure-boot'/><feature enabled='yes' name='enrolled-keys'/>, and
 * the SMM feature the Secure Boot firmware needs (Q35 guests only).
 *
 * A guest whose explicit <loader> is already a Secure Boot firmware is left
 * as it is.  An explicit loader of plain OVMF gives way to auto-selection:
 * its path, readonly= and type= (libvirt 9.0 refuses them with it) and the
 * template of its variables go; the variables file stays, and a warning
 * says to start once with --reset-nvram for Microsoft's keys.
 * A guest installed in BIOS mode is refused — switched to UEFI it would not
 * boot — unless its boot disk, read where the host is known, is blank or
 * already GPT (as after Windows' MBR2GPT).  x86 QEMU/KVM guests only. */
typedef struct
{
  gboolean unused;   /* the change has no choices */
} PitChangeSecureBootOptions;

PIT_DECLARE_TUNE_CHANGE (PitChangeSecureBoot, pit_change_secure_boot)

/* How a guest starts, from its XML alone */
typedef enum
{
  PIT_GUEST_FIRMWARE_BIOS,          /* no loader, no firmware='efi' (or a BIOS loader) */
  PIT_GUEST_FIRMWARE_UEFI,          /* OVMF without Secure Boot (or not all of it) */
  PIT_GUEST_FIRMWARE_SECURE_BOOT,   /* Secure Boot on, with keys enrolled */
} PitGuestFirmware;

PitGuestFirmware pit_guest_firmware_from_xml (xmlNode *root);
/* The boot disk's image or device path (<source file|dev>), NULL when the
 * guest has no such disk; @readable tells whether Pitstop reads its format
 * (raw, qcow2: pit_host_partition_table_probe()). */
char            *pit_guest_boot_disk_path    (xmlNode  *root,
                                              gboolean *readable);
PitPartitionTable pit_guest_boot_disk_table  (xmlNode           *root,
                                              PitHostInventory  *host,
                                              char             **path);

G_END_DECLS
