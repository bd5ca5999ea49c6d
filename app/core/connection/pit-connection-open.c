/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-connection"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libvirt/virterror.h>

#include "pit-connection-problem.h"
#include "pit-connection-private.h"

/* Opening: virConnectOpen and a first read of every domain in a worker
 * thread, then (main thread) the handle, the callbacks and the list are
 * installed.  A lost connection is opened again with a growing delay. */

#define RECONNECT_MIN_SECONDS 1
#define RECONNECT_MAX_SECONDS 30

/* libvirt's keepalive: a ping after KEEPALIVE_INTERVAL seconds without a
 * message from the daemon, and the connection closed (reason KEEPALIVE,
 * so the close callback marks it LOST and reconnecting starts) when
 * KEEPALIVE_COUNT pings in a row go unanswered: a daemon that hangs
 * (stopped, deadlocked, a host gone from the network) is noticed 20 s after
 * its last message, 15-20 s after it hung, rather than never.  20 s of
 * silence is more than a busy daemon (its event loop answers pings while
 * its workers are busy) or a slow SSH link should take; virsh's 5 s × 6
 * (35 s) suits scripts, but a window that keeps showing a hung host as
 * connected misleads for that long. */
#define KEEPALIVE_INTERVAL_SECONDS 5
#define KEEPALIVE_COUNT            3

typedef struct
{
  char *uri;
  virConnectPtr handle;
  GPtrArray *handles;   /* virDomainPtr */
  GPtrArray *snapshots; /* PitDomainSnapshot */
  guint generation;
} OpenData;

static void
open_data_free (OpenData *data)
{
  g_free (data->uri);
  g_clear_pointer (&data->handle, virConnectClose);
  g_clear_pointer (&data->handles, g_ptr_array_unref);
  g_clear_pointer (&data->snapshots, g_ptr_array_unref);
  g_free (data);
}

static void
domain_free (gpointer domain)
{
  virDomainFree (domain);
}

/* Only the remote driver (qemu:///system over the daemon's socket, or
 * qemu+ssh://…) has keepalive; local drivers (test:///) answer -1, a daemon
 * without it 1.  Neither is a problem: quietly go on without. */
static void
enable_keepalive (virConnectPtr handle)
{
  int ret = virConnectSetKeepAlive (handle, KEEPALIVE_INTERVAL_SECONDS, KEEPALIVE_COUNT);

  if (ret != 0)
    {
      virErrorPtr err = virGetLastError ();

      g_debug ("No keepalive on this connection (%d): %s", ret,
               err && err->message ? err->message : "the daemon does not support it");
      virResetLastError ();
    }
}

static void
open_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  OpenData *data = task_data;
  virDomainPtr *domains = NULL;
  int n;

  GError *missing = pit_connection_problem_check_file (data->uri);

  if (missing != NULL)
    {
      g_task_return_error (task, missing);
      return;
    }
  /* no auth callback: a GUI has no terminal to prompt on; polkit and the
   * SSH agent do the asking */
  data->handle = virConnectOpen (data->uri);
  if (data->handle == NULL)
    {
      virErrorPtr err = virGetLastError ();

      if (g_task_return_error_if_cancelled (task))
        return;
      g_task_return_error (task, pit_connection_problem_new (data->uri, err ? err->code : 0,
                                                             err ? err->message : NULL));
      return;
    }

  enable_keepalive (data->handle);

  n = virConnectListAllDomains (data->handle, &domains, 0);
  if (n < 0)
    {
      virErrorPtr err = virGetLastError ();

      g_task_return_error (task, pit_connection_problem_new (data->uri, err ? err->code : 0,
                                                             err ? err->message : NULL));
      return;
    }

  data->handles = g_ptr_array_new_full (n, domain_free);
  data->snapshots = g_ptr_array_new_full (n, (GDestroyNotify) pit_domain_snapshot_free);
  for (int i = 0; i < n; i++)
    {
      g_autoptr(GError) error = NULL;
      PitDomainSnapshot *snapshot = pit_domain_snapshot_fetch (domains[i], &error);

      if (snapshot == NULL)
        {
          /* gone between listing and reading it, or unreadable: skip it */
          g_debug ("Skipping a domain: %s", error->message);
          virDomainFree (domains[i]);
          continue;
        }
      g_ptr_array_add (data->handles, domains[i]);
      g_ptr_array_add (data->snapshots, snapshot);
    }
  free (domains);

  g_task_return_boolean (task, TRUE);
}
static void
open_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  PitConnection *self = PIT_CONNECTION (object);
  g_autoptr(GTask) outer = user_data;
  OpenData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (data->generation == self->generation && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          gboolean was_lost = self->status == PIT_CONNECTION_STATUS_LOST;

          g_clear_error (&self->error);
          self->error = g_error_copy (error);
          if (was_lost)
            pit_connection_reconnect (self);
          else
            pit_connection_set_status (self, PIT_CONNECTION_STATUS_FAILED);
        }
      g_task_return_error (outer, g_steal_pointer (&error));
      return;
    }

  if (data->generation != self->generation)
    {
      g_task_return_new_error (outer, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                               _("The connection was closed while it was opening"));
      return;
    }

  self->handle = g_steal_pointer (&data->handle);
  pit_connection_register_callbacks (self);
  pit_connection_merge_domains (self, data->handles, data->snapshots);
  g_clear_error (&self->error);
  self->reconnect_delay = 0;
  pit_connection_set_status (self, PIT_CONNECTION_STATUS_CONNECTED);

  g_task_return_boolean (outer, TRUE);
}

/**
 * pit_connection_open_async:
 * Opens the connection and reads every domain in a worker thread.  The
 * status property says where it is; on failure the error explains why
 * (pit_connection_problem_advice() says what to do).
 */
void
pit_connection_open_async (PitConnection       *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) outer = NULL;
  g_autoptr(GTask) task = NULL;
  OpenData *data;

  g_return_if_fail (PIT_IS_CONNECTION (self));

  outer = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (outer, pit_connection_open_async);

  if (self->handle != NULL)
    {
      g_task_return_boolean (outer, TRUE);
      return;
    }

  g_clear_handle_id (&self->reconnect_source, g_source_remove);
  if (self->status != PIT_CONNECTION_STATUS_LOST)
    pit_connection_set_status (self, PIT_CONNECTION_STATUS_CONNECTING);

  data = g_new0 (OpenData, 1);
  data->uri = g_strdup (self->uri);
  data->generation = ++self->generation;

  task = g_task_new (self, cancellable ? cancellable : self->cancellable, open_done_cb,
                     g_steal_pointer (&outer));
  g_task_set_source_tag (task, open_thread);
  g_task_set_task_data (task, data, (GDestroyNotify) open_data_free);
  g_task_run_in_thread (task, open_thread);
}

gboolean
pit_connection_open_finish (PitConnection  *self,
                            GAsyncResult   *result,
                            GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
open_sync_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/**
 * pit_connection_open_sync:
 * For the command line: opens the connection, iterating the default main
 * context until it is done (so libvirt events keep flowing).
 */
gboolean
pit_connection_open_sync (PitConnection  *self,
                          GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  pit_connection_open_async (self, NULL, open_sync_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  return pit_connection_open_finish (self, result, error);
}

static void
reconnect_done_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!pit_connection_open_finish (PIT_CONNECTION (object), result, &error))
    g_debug ("Reconnecting failed: %s", error->message);
}

static gboolean
reconnect_cb (gpointer user_data)
{
  PitConnection *self = user_data;

  self->reconnect_source = 0;
  pit_connection_open_async (self, NULL, reconnect_done_cb, NULL);

  return G_SOURCE_REMOVE;
}

/* Opens again after 1, 2, 4 … 30 seconds (reset by a successful open). */
void
pit_connection_reconnect (PitConnection *self)
{
  self->reconnect_delay = self->reconnect_delay == 0
                            ? RECONNECT_MIN_SECONDS
                            : MIN (self->reconnect_delay * 2, RECONNECT_MAX_SECONDS);
  g_clear_handle_id (&self->reconnect_source, g_source_remove);
  self->reconnect_source = g_timeout_add_seconds (self->reconnect_delay, reconnect_cb, self);
}
