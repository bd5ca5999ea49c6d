/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-tune"

#include "config.h"

#include "pit-tune-step.h"

/**
 * pit_tune_step_new:
 * @description: (transfer full)
 * @options: (transfer full)
 */
PitTuneStep *
pit_tune_step_new (const char      *id,
                   char            *description,
                   PitTuneStepFunc  apply,
                   gpointer         options,
                   GDestroyNotify   free_options)
{
  PitTuneStep *self = g_new0 (PitTuneStep, 1);

  self->id = g_strdup (id);
  self->description = description;
  self->apply = apply;
  self->options = options;
  self->free_options = free_options;
  return self;
}

void
pit_tune_step_free (PitTuneStep *self)
{
  if (self == NULL)
    return;
  if (self->free_options != NULL)
    self->free_options (self->options);
  g_free (self->id);
  g_free (self->description);
  g_free (self);
}
