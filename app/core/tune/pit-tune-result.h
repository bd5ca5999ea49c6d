/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* What a plan did to a domain's XML and, after pit_tune_apply(), to the
 * domain. */
typedef struct
{
  char *original_xml;     /* the input, byte for byte */
  char *before_xml;       /* the input as the engine lays it out */
  char *after_xml;        /* the new XML (same layout): what gets defined */
  char *diff;             /* unified diff before → after; "" when unchanged */
  gboolean changed;
  GPtrArray *descriptions; /* char *: one sentence per change */
  GPtrArray *warnings;    /* char * */
  GPtrArray *volumes;     /* PitTuneVolume: created by pit_tune_apply() */

  /* filled by pit_tune_apply() */
  char *history_id;       /* the entry holding original_xml; NULL when nothing was defined */
  GPtrArray *next_boot;   /* char *: what waits for the next guest boot */
  GPtrArray *live;        /* char *: what was applied to the running guest */

  /* filled by pit_tune_restore_full() */
  GPtrArray *storage;     /* char *: disk volumes deleted, kept or created again */
} PitTuneResult;

#define PIT_TYPE_TUNE_RESULT (pit_tune_result_get_type ())

GType          pit_tune_result_get_type (void);
PitTuneResult *pit_tune_result_new      (void);
PitTuneResult *pit_tune_result_ref      (PitTuneResult *self);
void           pit_tune_result_unref    (PitTuneResult *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PitTuneResult, pit_tune_result_unref)

G_END_DECLS
