/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-wizard"

#include "config.h"

#include "pit-change-hyperv.h"
#include "pit-change-iothreads.h"
#include "pit-change-rotation-rate.h"
#include "pit-change-timers.h"
#include "pit-wizard-state-private.h"

/* The latency choices (issue #16): Hyper-V enlightenments and timers on
 * the CPU step, I/O threads and the rotation rate on the Drivers step.
 * All start off: the page that shows them decides what to suggest (the
 * advisor's findings say when they are missing).  Each setter emits
 * "changed" once, and not when nothing changes. */

gboolean
pit_wizard_state_get_hyperv (PitWizardState *self)
{
  return self->hyperv;
}

void
pit_wizard_state_set_hyperv (PitWizardState *self,
                             gboolean        hyperv)
{
  if (self->hyperv == !!hyperv)
    return;
  self->hyperv = !!hyperv;
  _pit_wizard_state_emit_changed (self);
}

gboolean
pit_wizard_state_get_timers (PitWizardState *self)
{
  return self->timers;
}

void
pit_wizard_state_set_timers (PitWizardState *self,
                             gboolean        timers)
{
  if (self->timers == !!timers)
    return;
  self->timers = !!timers;
  _pit_wizard_state_emit_changed (self);
}

guint
pit_wizard_state_get_iothreads (PitWizardState *self)
{
  return self->iothreads;
}

/* @count: 0 leaves the guest's I/O threads as they are */
void
pit_wizard_state_set_iothreads (PitWizardState *self,
                                guint           count)
{
  if (self->iothreads == count)
    return;
  self->iothreads = count;
  _pit_wizard_state_emit_changed (self);
}

int
pit_wizard_state_get_rotation_rate (PitWizardState *self)
{
  return self->rotation_rate;
}

/* @rate: a PitRotationRate, or -1 to leave the disks as they are */
void
pit_wizard_state_set_rotation_rate (PitWizardState *self,
                                    int             rate)
{
  if (self->rotation_rate == rate)
    return;
  self->rotation_rate = rate;
  _pit_wizard_state_emit_changed (self);
}

/* After the CPU change: the enlightenments, then the timers */
void
_pit_wizard_state_add_cpu_latency_steps (PitWizardState *self,
                                         PitTunePlan    *plan)
{
  PitChangeHypervOptions hyperv = { FALSE };
  PitChangeTimersOptions timers = { FALSE };

  if (self->hyperv)
    pit_tune_plan_add (plan, pit_change_hyperv_step (&hyperv));
  if (self->timers)
    pit_tune_plan_add (plan, pit_change_timers_step (&timers));
}

/* After the disk stages, which change buses */
void
_pit_wizard_state_add_disk_latency_steps (PitWizardState *self,
                                          PitTunePlan    *plan)
{
  PitChangeIothreadsOptions iothreads = { self->iothreads };
  PitChangeRotationRateOptions rotation = { self->rotation_rate };

  if (self->iothreads > 0)
    pit_tune_plan_add (plan, pit_change_iothreads_step (&iothreads));
  if (self->rotation_rate >= 0)
    pit_tune_plan_add (plan, pit_change_rotation_rate_step (&rotation));
}
