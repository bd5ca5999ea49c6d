/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-tune"

#include "config.h"

#include "pit-tune-context.h"
#include "pit-tune-result.h"

typedef struct
{
  PitTuneResult result;
  gatomicrefcount ref_count;
} RealResult;

G_DEFINE_BOXED_TYPE (PitTuneResult, pit_tune_result, pit_tune_result_ref, pit_tune_result_unref)

PitTuneResult *
pit_tune_result_new (void)
{
  RealResult *real = g_new0 (RealResult, 1);
  PitTuneResult *self = &real->result;

  g_atomic_ref_count_init (&real->ref_count);
  self->descriptions = g_ptr_array_new_with_free_func (g_free);
  self->warnings = g_ptr_array_new_with_free_func (g_free);
  self->volumes = g_ptr_array_new_with_free_func ((GDestroyNotify) pit_tune_volume_free);
  self->next_boot = g_ptr_array_new_with_free_func (g_free);
  self->live = g_ptr_array_new_with_free_func (g_free);
  self->storage = g_ptr_array_new_with_free_func (g_free);
  return self;
}

PitTuneResult *
pit_tune_result_ref (PitTuneResult *self)
{
  g_atomic_ref_count_inc (&((RealResult *) self)->ref_count);
  return self;
}

void
pit_tune_result_unref (PitTuneResult *self)
{
  if (!g_atomic_ref_count_dec (&((RealResult *) self)->ref_count))
    return;
  g_free (self->original_xml);
  g_free (self->before_xml);
  g_free (self->after_xml);
  g_free (self->diff);
  g_free (self->history_id);
  g_ptr_array_unref (self->descriptions);
  g_ptr_array_unref (self->warnings);
  g_ptr_array_unref (self->volumes);
  g_ptr_array_unref (self->next_boot);
  g_ptr_array_unref (self->live);
  g_ptr_array_unref (self->storage);
  g_free (self);
}
