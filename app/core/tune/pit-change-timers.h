/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pit-tune-step.h"

G_BEGIN_DECLS

/* The guest's timers in <clock>: rtc with tickpolicy='catchup', pit with
 * tickpolicy='delay', the emulated HPET off, and for Windows the Hyper-V
 * clock (hypervclock) on.  A timer the guest turned off stays off; the
 * clock's offset is kept (a new <clock> gets libvirt's default, utc).  x86
 * guests only. */
typedef struct
{
  gboolean keep_hpet;      /* leave the HPET as it is */
} PitChangeTimersOptions;

PIT_DECLARE_TUNE_CHANGE (PitChangeTimers, pit_change_timers)

/* <timer name=@name> in <clock>, added at the end when missing */
xmlNode *pit_change_timers_ensure (PitTuneContext *context,
                                   const char     *name);

G_END_DECLS
