/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-connection"

#include "config.h"

#include "pit-connection-private.h"
#include "pit-error.h"
#include "pit-libvirt-release.h"

/* Reading one domain again (after a lifecycle event, or when the app
 * defined it) in a worker thread.  At most one read per domain runs at a
 * time; a request while one runs makes it run once more when it is done. */

typedef struct
{
  virDomainPtr handle;
  char *uuid;
  guint generation;
} RefreshData;

static void
refresh_data_free (RefreshData *data)
{
  g_clear_pointer (&data->handle, pit_libvirt_release_domain);
  g_free (data->uuid);
  g_free (data);
}

static void
refresh_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  RefreshData *data = task_data;
  GError *error = NULL;
  PitDomainSnapshot *snapshot = pit_domain_snapshot_fetch (data->handle, &error);

  if (snapshot == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, snapshot, (GDestroyNotify) pit_domain_snapshot_free);
}

static void
refresh_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  PitConnection *self = PIT_CONNECTION (object);
  RefreshData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autoptr(PitDomainSnapshot) snapshot = g_task_propagate_pointer (G_TASK (result), &error);
  gboolean again;

  /* a read from before a reconnect: the marks were cleared with that
   * connection, and the one there now belongs to a newer read */
  if (data->generation != self->generation)
    return;

  again = GPOINTER_TO_INT (g_hash_table_lookup (self->refreshing, data->uuid));
  g_hash_table_remove (self->refreshing, data->uuid);

  if (snapshot != NULL)
    _pit_connection_add_or_update_domain (self, data->handle, snapshot, FALSE);
  else if (g_error_matches (error, PIT_ERROR, PIT_ERROR_NOT_FOUND))
    _pit_connection_remove_domain (self, data->uuid);
  else
    g_debug ("Could not refresh %s: %s", data->uuid, error->message);

  if (again)
    _pit_connection_start_refresh (self, data->handle, data->uuid);
}

void
_pit_connection_start_refresh (PitConnection *self,
                              virDomainPtr   handle,
                              const char    *uuid)
{
  g_autoptr(GTask) task = NULL;
  RefreshData *data;

  /* newer than what the open's XML reading will bring: that is dropped */
  g_hash_table_remove (self->details_pending, uuid);

  if (g_hash_table_contains (self->refreshing, uuid))
    {
      /* one is already running: run once more when it is done */
      g_hash_table_insert (self->refreshing, g_strdup (uuid), GINT_TO_POINTER (TRUE));
      return;
    }
  g_hash_table_insert (self->refreshing, g_strdup (uuid), GINT_TO_POINTER (FALSE));

  data = g_new0 (RefreshData, 1);
  virDomainRef (handle);
  data->handle = handle;
  data->uuid = g_strdup (uuid);
  data->generation = self->generation;

  task = g_task_new (self, self->cancellable, refresh_done_cb, NULL);
  g_task_set_source_tag (task, _pit_connection_start_refresh);
  g_task_set_task_data (task, data, (GDestroyNotify) refresh_data_free);
  g_task_run_in_thread (task, refresh_thread);
}

/**
 * pit_connection_refresh_domain:
 * Reads the domain again in a worker thread (e.g. after the app defined it).
 */
void
pit_connection_refresh_domain (PitConnection *self,
                               const char    *uuid)
{
  PitDomain *domain;

  g_return_if_fail (PIT_IS_CONNECTION (self));

  domain = g_hash_table_lookup (self->by_uuid, uuid);
  if (domain != NULL && pit_domain_get_handle (domain) != NULL)
    _pit_connection_start_refresh (self, pit_domain_get_handle (domain), uuid);
}
