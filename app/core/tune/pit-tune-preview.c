/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-tune"

#include "config.h"

#include "pit-tune-apply.h"
#include "pit-tune-preview.h"

/**
 * pit_tune_preview:
 * Returns: (transfer full): what pit_tune_apply() would define, or %NULL
 *   with @error.
 */
PitTuneResult *
pit_tune_preview (virDomainPtr   domain,
                  PitTunePlan   *plan,
                  GError       **error)
{
  g_autofree char *xml = NULL;

  g_return_val_if_fail (domain != NULL, NULL);
  g_return_val_if_fail (PIT_IS_TUNE_PLAN (plan), NULL);

  xml = pit_tune_fetch_inactive_xml (domain, error);
  if (xml == NULL)
    return NULL;
  return pit_tune_plan_run (plan, xml, virDomainGetConnect (domain), error);
}

static void
preview_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  virDomainPtr domain = g_object_get_data (G_OBJECT (task), "domain");
  GError *error = NULL;
  PitTuneResult *result = pit_tune_preview (domain, task_data, &error);

  if (result == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, (GDestroyNotify) pit_tune_result_unref);
}

static void
domain_unref (gpointer data)
{
  virDomainFree (data);
}

void
pit_tune_preview_async (virDomainPtr         domain,
                        PitTunePlan         *plan,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, pit_tune_preview_async);
  virDomainRef (domain);
  g_object_set_data_full (G_OBJECT (task), "domain", domain, domain_unref);
  g_task_set_task_data (task, g_object_ref (plan), g_object_unref);
  g_task_run_in_thread (task, preview_thread);
}

PitTuneResult *
pit_tune_preview_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pit_tune_preview_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
