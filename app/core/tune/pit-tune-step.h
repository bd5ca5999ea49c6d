/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pit-tune-change.h"

G_BEGIN_DECLS

/* One change of a plan: which change (its table), its own copy of the
 * caller's options, and what the review page says about it. */
typedef struct
{
  const PitTuneChange *change;
  gpointer options;      /* owned, see pit_tune_change_copy_options() */
  const char *id;        /* change->id */
  char *description;     /* translated */
  gboolean live;         /* libvirt can apply it to a running guest */
} PitTuneStep;

PitTuneStep *pit_tune_step_new   (const PitTuneChange  *change,
                                  gconstpointer         options);
gboolean     pit_tune_step_apply (PitTuneStep          *self,
                                  PitTuneContext       *context,
                                  GError              **error);
void         pit_tune_step_free  (PitTuneStep          *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PitTuneStep, pit_tune_step_free)

/* In pit-change-<name>.h, for `Name##Options`: the table `name` and
 * `name_step()`, a typed pit_tune_step_new(). */
#define PIT_DECLARE_TUNE_CHANGE(Name, name) \
  extern const PitTuneChange name; \
  PitTuneStep *name##_step (const Name##Options *options);

/* In pit-change-<name>.c, after the file's static name_apply() and
 * name_describe() (which take `const Name##Options *`), as G_DEFINE_TYPE
 * goes after class_init: defines the table and name_step().  Optional
 * members of PitTuneChange follow the id: `.owned = PIT_TUNE_OWNED (…)`,
 * `.is_live = …`, `.copy = …, .free = …`. */
#define PIT_DEFINE_TUNE_CHANGE(Name, name, change_id, ...) \
  const PitTuneChange name = { \
    .id = change_id, \
    .options_size = sizeof (Name##Options), \
    .apply = (PitTuneApplyFunc) name##_apply, \
    .describe = (PitTuneDescribeFunc) name##_describe, \
    __VA_ARGS__ \
  }; \
  PitTuneStep * \
  name##_step (const Name##Options *options) \
  { \
    return pit_tune_step_new (&name, options); \
  }

G_END_DECLS
