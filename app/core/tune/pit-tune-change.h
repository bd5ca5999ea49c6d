/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pit-tune-context.h"

G_BEGIN_DECLS

/* What one kind of change is, as a table: each pit-change-<name>.c defines
 * `const PitTuneChange pit_change_<name>` with PIT_DEFINE_TUNE_CHANGE()
 * (pit-tune-step.h).  A plan holds steps (PitTuneStep): a change and a copy
 * of its options.
 *
 * The options are a plain struct.  Members the step must own (strings,
 * string vectors) are listed in @owned and copied and freed here; @copy and
 * @free are only for what that list cannot say (an array of structs). */
typedef enum
{
  PIT_TUNE_OWNED_END,
  PIT_TUNE_OWNED_STRING,     /* const char * */
  PIT_TUNE_OWNED_STRV,       /* const char * const * */
} PitTuneOwnedKind;

typedef struct
{
  PitTuneOwnedKind kind;
  gsize offset;
} PitTuneOwned;

#define PIT_TUNE_STRING(Type, member) { PIT_TUNE_OWNED_STRING, G_STRUCT_OFFSET (Type, member) }
#define PIT_TUNE_STRV(Type, member)   { PIT_TUNE_OWNED_STRV, G_STRUCT_OFFSET (Type, member) }
/* .owned = PIT_TUNE_OWNED (PIT_TUNE_STRING (PitChangeBridgeOptions, bridge), …) */
#define PIT_TUNE_OWNED(...) ((const PitTuneOwned[]) { __VA_ARGS__, { PIT_TUNE_OWNED_END, 0 } })

typedef gboolean (*PitTuneApplyFunc)    (PitTuneContext  *context,
                                        gconstpointer    options,
                                        GError         **error);
typedef void     (*PitTuneDescribeFunc) (gconstpointer    options,
                                        GPtrArray       *sentences);
typedef gboolean (*PitTuneIsLiveFunc)   (gconstpointer    options);
typedef void     (*PitTuneCopyFunc)     (gpointer         copy,
                                        gconstpointer    options);

typedef struct
{
  const char *id;            /* "gpu", "hide-hypervisor", "cpu", …: stable, used by apply and tests */
  gsize options_size;        /* sizeof the options struct */
  const PitTuneOwned *owned; /* { 0 }-terminated; NULL: the options own nothing */

  /* Edits context->domain (its live node is context->root).  On error the
   * caller throws the whole copy away: no need to undo. */
  PitTuneApplyFunc apply;
  /* Adds one or more whole translated sentences for the review page and
   * the history ("Pass through 0000:04:00.0"); use ngettext for counts. */
  PitTuneDescribeFunc describe;
  /* NULL: applies at the guest's next boot only */
  PitTuneIsLiveFunc is_live;
  /* NULL unless @owned cannot describe a member: deep-copy it into @copy
   * (a bytewise copy of @options), and free it again */
  PitTuneCopyFunc copy;
  GDestroyNotify free;       /* frees what @copy made, not the struct */
} PitTuneChange;

gpointer pit_tune_change_copy_options (const PitTuneChange *change,
                                       gconstpointer        options);
void     pit_tune_change_free_options (const PitTuneChange *change,
                                       gpointer             options);
char    *pit_tune_change_describe     (const PitTuneChange *change,
                                       gconstpointer        options);

G_END_DECLS
