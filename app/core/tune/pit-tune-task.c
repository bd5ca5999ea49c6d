/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-tune"

#include "config.h"

#include "pit-libvirt-release.h"
#include "pit-tune-task.h"

typedef struct
{
  virDomainPtr domain;
  PitTuneTaskFunc func;
  gpointer data;
  GDestroyNotify data_free;
  GDestroyNotify result_free;
} TaskData;

static void
task_data_free (TaskData *task_data)
{
  pit_libvirt_release_domain (task_data->domain);
  if (task_data->data_free != NULL)
    task_data->data_free (task_data->data);
  g_free (task_data);
}

static void
task_thread (GTask        *task,
             gpointer      source_object,
             gpointer      data,
             GCancellable *cancellable)
{
  TaskData *task_data = data;
  GError *error = NULL;
  gpointer result = task_data->func (task_data->domain, task_data->data, &error);

  if (result == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, task_data->result_free);
}

/**
 * pit_tune_task_run:
 * @data: (transfer full): passed to @func, freed with @data_free
 * @result_free: frees what @func returns when nobody takes it
 * @source_tag: the public _async function, checked by pit_tune_task_finish()
 *
 * Runs @func (@domain, @data) in a GTask thread.
 */
void
pit_tune_task_run (virDomainPtr         domain,
                   PitTuneTaskFunc      func,
                   gpointer             data,
                   GDestroyNotify       data_free,
                   GDestroyNotify       result_free,
                   gpointer             source_tag,
                   GCancellable        *cancellable,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  TaskData *task_data = g_new0 (TaskData, 1);

  virDomainRef (domain);
  task_data->domain = domain;
  task_data->func = func;
  task_data->data = data;
  task_data->data_free = data_free;
  task_data->result_free = result_free;

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, task_data, (GDestroyNotify) task_data_free);
  g_task_run_in_thread (task, task_thread);
}

/**
 * pit_tune_task_finish:
 * Returns: (transfer full) (nullable): what the function returned, or %NULL
 *   with @error
 */
gpointer
pit_tune_task_finish (GAsyncResult  *result,
                      gpointer       source_tag,
                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
