/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pit-tune-context.h"

G_BEGIN_DECLS

/* One change of a plan: its options (owned, copied from the caller's struct
 * by the change's _step() constructor), the function that applies them, and
 * a sentence for the review page ("Pass through 0000:04:00.0"). */
typedef gboolean (*PitTuneStepFunc) (PitTuneContext  *context,
                                     gconstpointer    options,
                                     GError         **error);

typedef struct
{
  char *id;              /* "gpu", "hide-hypervisor", "cpu", … */
  char *description;     /* translated */
  gboolean live;         /* libvirt can apply it to a running guest */
  PitTuneStepFunc apply;
  gpointer options;
  GDestroyNotify free_options;
} PitTuneStep;

PitTuneStep *pit_tune_step_new  (const char      *id,
                                 char            *description,
                                 PitTuneStepFunc  apply,
                                 gpointer         options,
                                 GDestroyNotify   free_options);
void         pit_tune_step_free (PitTuneStep     *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PitTuneStep, pit_tune_step_free)

G_END_DECLS
