/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pit-tune-step.h"

G_BEGIN_DECLS

/* Hyper-V enlightenments for a Windows guest, in <features><hyperv>: every
 * one libvirt 9.0 knows that the host can give (relaxed, vapic, spinlocks
 * with 8191 retries, vpindex, runtime, synic, stimer in direct mode, reset,
 * frequencies, reenlightenment, tlbflush, ipi; evmcs on Intel, avic on AMD
 * hosts, only when the host is known), or mode='passthrough'.  What the
 * guest has stays (vendor_id, other attributes); stimer needs the
 * hypervclock timer, which is added.  x86 Windows KVM guests only (QEMU
 * without KVM does not start with them). */
typedef struct
{
  gboolean passthrough;    /* <hyperv mode='passthrough'/> instead of the list */
} PitChangeHypervOptions;

PIT_DECLARE_TUNE_CHANGE (PitChangeHyperv, pit_change_hyperv)

G_END_DECLS
