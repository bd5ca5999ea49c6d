/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pit-looking-glass-size.h"
#include "pit-tune-step.h"

G_BEGIN_DECLS

/* Looking Glass: the shared-memory device <shmem name='looking-glass'> with
 * model ivshmem-plain and the size Looking Glass documents for @mode, and
 * <memballoon model='none'/> (a balloon taking memory back fights with the
 * frames in that memory).  The mode is recorded in Pitstop's metadata
 * (PIT_DISPLAY_NAMESPACE) so the advisor can say when the device no longer
 * fits it.  x86 guests only (Looking Glass's host application is for
 * Windows). */
#define PIT_DISPLAY_NAMESPACE "https://pitstopvm.github.io/xmlns/display/1.0"
#define PIT_DISPLAY_NAMESPACE_PREFIX "pitstop-display"

typedef struct
{
  PitLookingGlassMode mode;
} PitChangeLookingGlassOptions;

PIT_DECLARE_TUNE_CHANGE (PitChangeLookingGlass, pit_change_looking_glass)

G_END_DECLS
