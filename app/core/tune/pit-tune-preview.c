/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-tune"

#include "config.h"

#include "pit-tune-apply.h"
#include "pit-tune-preview.h"
#include "pit-tune-task.h"

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

static gpointer
preview_func (virDomainPtr   domain,
              gpointer       plan,
              GError       **error)
{
  return pit_tune_preview (domain, plan, error);
}

void
pit_tune_preview_async (virDomainPtr         domain,
                        PitTunePlan         *plan,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_return_if_fail (domain != NULL);
  g_return_if_fail (PIT_IS_TUNE_PLAN (plan));

  pit_tune_task_run (domain, preview_func, g_object_ref (plan), g_object_unref,
                     (GDestroyNotify) pit_tune_result_unref, pit_tune_preview_async,
                     cancellable, callback, user_data);
}

PitTuneResult *
pit_tune_preview_finish (GAsyncResult  *result,
                         GError       **error)
{
  return pit_tune_task_finish (result, pit_tune_preview_async, error);
}
