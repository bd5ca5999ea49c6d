/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-tune"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pit-tune-change.h"

static gpointer *
member (gpointer options,
        gsize    offset)
{
  return (gpointer *) ((guint8 *) options + offset);
}

/**
 * pit_tune_change_copy_options:
 * Returns: (transfer full): a copy of @options that owns its strings; free
 *   it with pit_tune_change_free_options()
 */
gpointer
pit_tune_change_copy_options (const PitTuneChange *change,
                              gconstpointer        options)
{
  gpointer copy = g_memdup2 (options, change->options_size);

  for (const PitTuneOwned *o = change->owned; o != NULL && o->kind != PIT_TUNE_OWNED_END; o++)
    {
      gpointer *slot = member (copy, o->offset);

      if (o->kind == PIT_TUNE_OWNED_STRING)
        *slot = g_strdup (*slot);
      else
        *slot = g_strdupv (*slot);
    }
  if (change->copy != NULL)
    change->copy (copy, options);
  return copy;
}

void
pit_tune_change_free_options (const PitTuneChange *change,
                              gpointer             options)
{
  if (options == NULL)
    return;
  for (const PitTuneOwned *o = change->owned; o != NULL && o->kind != PIT_TUNE_OWNED_END; o++)
    {
      gpointer *slot = member (options, o->offset);

      if (o->kind == PIT_TUNE_OWNED_STRING)
        g_free (*slot);
      else
        g_strfreev (*slot);
    }
  if (change->free != NULL)
    change->free (options);
  g_free (options);
}

/**
 * pit_tune_change_describe:
 * Returns: (transfer full): the change's sentences as one text
 */
char *
pit_tune_change_describe (const PitTuneChange *change,
                          gconstpointer        options)
{
  g_autoptr(GPtrArray) sentences = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *text = NULL;

  change->describe (options, sentences);
  g_return_val_if_fail (sentences->len > 0, g_strdup (change->id));

  text = g_strdup (g_ptr_array_index (sentences, 0));
  for (guint i = 1; i < sentences->len; i++)
    {
      char *joined;

      /* Translators: two whole sentences of one change on the review page,
       * "Use the host’s CPU model. Allocate 6 vCPUs" */
      joined = g_strdup_printf (_("%s. %s"), text, (const char *) g_ptr_array_index (sentences, i));
      g_free (text);
      text = joined;
    }
  return g_steal_pointer (&text);
}
