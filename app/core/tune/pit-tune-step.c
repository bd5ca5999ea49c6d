/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-tune"

#include "config.h"

#include "pit-tune-step.h"

/**
 * pit_tune_step_new:
 * @change: a change's table, e.g. &pit_change_cpu
 * @options: (transfer none): the change's options; the step keeps a copy
 */
PitTuneStep *
pit_tune_step_new (const PitTuneChange *change,
                   gconstpointer        options)
{
  PitTuneStep *self;

  g_return_val_if_fail (change != NULL && change->apply != NULL && change->describe != NULL, NULL);
  g_return_val_if_fail (options != NULL, NULL);

  self = g_new0 (PitTuneStep, 1);
  self->change = change;
  self->id = change->id;
  self->options = pit_tune_change_copy_options (change, options);
  self->description = pit_tune_change_describe (change, self->options);
  self->live = change->is_live != NULL && change->is_live (self->options);
  return self;
}

gboolean
pit_tune_step_apply (PitTuneStep     *self,
                     PitTuneContext  *context,
                     GError         **error)
{
  return self->change->apply (context, self->options, error);
}

void
pit_tune_step_free (PitTuneStep *self)
{
  if (self == NULL)
    return;
  pit_tune_change_free_options (self->change, self->options);
  g_free (self->description);
  g_free (self);
}
