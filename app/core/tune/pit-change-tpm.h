/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pit-tune-step.h"

G_BEGIN_DECLS

/* A TPM 2.0 for the guest, as Windows 11 requires: <tpm model='tpm-crb'>
 * with libvirt's emulator backend (swtpm on the host, which keeps the TPM's
 * state per VM), version 2.0.  A TPM the guest already has stays as it is
 * (the host's own TPM passed through, a tpm-tis, a TPM 1.2: changing it
 * would start an empty TPM and lose what Windows keeps there, such as
 * BitLocker's keys), with a note when it is not what Windows 11 needs.
 * x86 QEMU/KVM guests only. */
typedef struct
{
  gboolean unused;   /* the change has no choices */
} PitChangeTpmOptions;

PIT_DECLARE_TUNE_CHANGE (PitChangeTpm, pit_change_tpm)

G_END_DECLS
