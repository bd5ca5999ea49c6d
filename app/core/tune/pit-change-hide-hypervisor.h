/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pit-tune-step.h"

G_BEGIN_DECLS

/* The "Error 43" workaround: <features><hyperv><vendor_id state='on'
 * value='…'/></hyperv> and <kvm><hidden state='on'/></kvm>, keeping every
 * Hyper-V enlightenment already there.  x86 only. */
typedef struct
{
  const char *vendor_id;   /* 1–12 characters; NULL: PIT_CHANGE_HIDE_HYPERVISOR_DEFAULT_VENDOR */
} PitChangeHideHypervisorOptions;

#define PIT_CHANGE_HIDE_HYPERVISOR_DEFAULT_VENDOR "pitstop"

PIT_DECLARE_TUNE_CHANGE (PitChangeHideHypervisor, pit_change_hide_hypervisor)

G_END_DECLS
