/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-connection"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libvirt/virterror.h>
#include <string.h>

#include "pit-demo.h"

#include "pit-connection-problem.h"
#include "pit-libvirt-guard.h"
#include "pit-libvirt-release.h"
#include "pit-parallel.h"
#include "pit-connection-private.h"

/* Opening: virConnectOpen and a first read of every domain in a worker
 * thread, then (main thread) the handle, the callbacks and the list are
 * installed.  Through a daemon (which may be far away: qemu+ssh://) every
 * call is a round trip, so nothing waits for one it need not wait for:
 * the application starts opening before it builds its window
 * (pit_connection_open_early()), and the window's open joins that one; the
 * callbacks are registered while the list (names and states, one bulk
 * call) is read; the list shows then, and the domains' XML is read after
 * it by several threads at once, each VM's applied to the list as it
 * arrives.  The open's callback runs when everything is read.  A lost
 * connection is opened again with a growing delay. */

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

/* How many threads read the domains' XML after a listing through a daemon
 * (pit_parallel_for()): at a 50 ms round trip 200 domains take ~7 round
 * trips instead of 200 in series (10 s).  libvirtd handles 5 calls of a
 * client at a time by default (max_client_requests) and reads the rest
 * from the socket as they finish, so more calls in flight still save round
 * trips (measured: 16 threads 1.2 s, 32 threads 0.5-0.7 s on a loaded
 * machine). */
#define DETAIL_WORKERS 32

typedef struct _OpenData
{
  char *uri;
  virConnectPtr handle;
  PitConnectionCallbacks callbacks; /* registered by the thread, until the main thread takes them */
  GPtrArray *handles;   /* virDomainPtr */
  GPtrArray *snapshots; /* PitDomainSnapshot, listed only when list_first */
  gboolean list_first;
  guint generation;
  PitConnectionDetailsReader reader;
  gpointer reader_data;
  GMainContext *context; /* the open's: where arrived XML is applied */
  GTask *task;           /* borrowed: the open's task, for the flushes */

  /* list_first: the XML the workers read, waiting for the main thread */
  GMutex lock;
  GPtrArray *arrived;   /* PitDomainSnapshot */
  GPtrArray *gone;      /* uuid (char *) of domains that could not be read */
  gboolean flush_queued;

  gboolean listed_applied; /* main thread only */
  gint64 start_time;       /* for the debug log's timings */
  GPtrArray *waiters;      /* GTask: the opens that joined this one */
} OpenData;

static void
open_data_free (OpenData *data)
{
  /* an open that was overtaken or failed: its handle and callbacks go */
  _pit_connection_close_handle (data->uri, g_steal_pointer (&data->handle), &data->callbacks);
  g_free (data->uri);
  g_clear_pointer (&data->handles, g_ptr_array_unref);
  g_clear_pointer (&data->snapshots, g_ptr_array_unref);
  g_clear_pointer (&data->arrived, g_ptr_array_unref);
  g_clear_pointer (&data->gone, g_ptr_array_unref);
  g_clear_pointer (&data->waiters, g_ptr_array_unref);
  g_clear_pointer (&data->context, g_main_context_unref);
  g_mutex_clear (&data->lock);
  g_free (data);
}

static double
elapsed_ms (OpenData *data)
{
  return (g_get_monotonic_time () - data->start_time) / 1000.0;
}

static void
domain_free (gpointer domain)
{
  pit_libvirt_release_domain (domain);
}

/* Only the remote driver (qemu:///system over the daemon's socket, or
 * qemu+ssh://…) has keepalive; local drivers (test:///) answer -1, a daemon
 * without it 1.  Neither is a problem: quietly go on without. */
static void
enable_keepalive (virConnectPtr handle)
{
  int ret;

  PIT_LIBVIRT_CALL_GUARD (handle);
  ret = virConnectSetKeepAlive (handle, KEEPALIVE_INTERVAL_SECONDS, KEEPALIVE_COUNT);
  if (ret != 0)
    {
      virErrorPtr err = virGetLastError ();

      g_debug ("No keepalive on this connection (%d): %s", ret,
               err && err->message ? err->message : "the daemon does not support it");
      virResetLastError ();
    }
}

static GError *
problem_from_last_error (const char *uri)
{
  virErrorPtr err = virGetLastError ();

  return pit_connection_problem_new (uri, err ? err->code : 0, err ? err->message : NULL);
}

/* Every domain with its state in one round trip: the bulk statistics call
 * with only the state group returns the domain handles too.  Servers or
 * drivers without it: the list, then each domain's state (a round trip
 * each). */
static gboolean
list_domains (virConnectPtr   handle,
              const char     *uri,
              GPtrArray      *handles,
              GArray         *states,
              GError        **error)
{
  virDomainStatsRecordPtr *records = NULL;
  virDomainPtr *domains = NULL;
  int n;

  PIT_LIBVIRT_CALL_GUARD (handle);
  n = virConnectGetAllDomainStats (handle, VIR_DOMAIN_STATS_STATE, &records, 0);
  if (n >= 0)
    {
      for (int i = 0; i < n; i++)
        {
          int state = PIT_DOMAIN_STATE_NOSTATE;

          if (virTypedParamsGetInt (records[i]->params, records[i]->nparams, "state.state", &state) != 1)
            {
              int reason;

              /* a driver that leaves the state out: ask */
              if (virDomainGetState (records[i]->dom, &state, &reason, 0) < 0)
                continue;
            }
          virDomainRef (records[i]->dom);
          g_ptr_array_add (handles, records[i]->dom);
          g_array_append_val (states, state);
        }
      virDomainStatsRecordListFree (records);
      return TRUE;
    }
  g_debug ("No bulk domain states (%s): listing", virGetLastErrorMessage ());
  virResetLastError ();

  n = virConnectListAllDomains (handle, &domains, 0);
  if (n < 0)
    {
      g_propagate_error (error, problem_from_last_error (uri));
      return FALSE;
    }
  for (int i = 0; i < n; i++)
    {
      int state, reason;

      if (virDomainGetState (domains[i], &state, &reason, 0) < 0)
        {
          /* gone between listing and reading it */
          virDomainFree (domains[i]);
          continue;
        }
      g_ptr_array_add (handles, domains[i]);
      g_array_append_val (states, state);
    }
  free (domains);
  return TRUE;
}

/* The in-process test driver answers at once (and its calls take a lock, so
 * threads would not help): read everything in the open.  Through a daemon,
 * list first and read the XML after, in parallel. */
static gboolean
wants_list_first (const char *uri)
{
  return _pit_connection_is_remote_uri (uri);
}

/* Main thread: the handle, the callbacks and the list (listed only when
 * list_first) are installed and the status says "connected".  Runs once per
 * open, from listed_cb() or open_done_cb(), whichever comes first. */
static void
apply_listed (PitConnection *self,
              OpenData      *data)
{
  if (data->listed_applied)
    return;
  data->listed_applied = TRUE;
  if (data->generation != self->generation)
    return;

  virConnectRef (data->handle);
  self->handle = data->handle;
  if (_pit_connection_is_remote_uri (data->uri))
    {
      self->callbacks = data->callbacks;
      data->callbacks.lifecycle_id = -1;
      data->callbacks.close_data = NULL;
    }
  else
    _pit_connection_register_callbacks (self, self->handle, self->generation, &self->callbacks);
  g_hash_table_remove_all (self->details_pending);
  if (data->list_first)
    for (guint i = 0; i < data->snapshots->len; i++)
      g_hash_table_add (self->details_pending,
                        g_strdup (((PitDomainSnapshot *) g_ptr_array_index (data->snapshots, i))->uuid));
  _pit_connection_merge_domains (self, data->handles, data->snapshots);
  /* what changed between the listing and now is read again */
  {
    GHashTableIter iter;
    gpointer uuid, domain;

    g_hash_table_iter_init (&iter, self->early_events);
    while (g_hash_table_iter_next (&iter, &uuid, &domain))
      _pit_connection_start_refresh (self, domain, uuid);
    g_hash_table_remove_all (self->early_events);
  }
  g_clear_error (&self->error);
  self->reconnect_delay = 0;
  _pit_connection_set_status (self, PIT_CONNECTION_STATUS_CONNECTED);
}

static gboolean
listed_cb (gpointer user_data)
{
  GTask *task = user_data;

  apply_listed (g_task_get_source_object (task), g_task_get_task_data (task));
  return G_SOURCE_REMOVE;
}

/* Main thread: the XML the workers read so far, applied to the list as it
 * comes (each VM's row fills in then, not when the last one is read).  A
 * domain refreshed meanwhile (an event) has newer XML than ours: those left
 * the pending set when their refresh started. */
static void
flush_details (PitConnection *self,
               OpenData      *data)
{
  g_autoptr(GPtrArray) arrived = NULL;
  g_autoptr(GPtrArray) gone = NULL;

  g_mutex_lock (&data->lock);
  arrived = g_steal_pointer (&data->arrived);
  gone = g_steal_pointer (&data->gone);
  data->arrived = g_ptr_array_new_with_free_func ((GDestroyNotify) pit_domain_snapshot_free);
  data->gone = g_ptr_array_new_with_free_func (g_free);
  data->flush_queued = FALSE;
  g_mutex_unlock (&data->lock);

  /* the list first, should a flush ever come before it */
  apply_listed (self, data);
  if (data->generation != self->generation)
    return;

  for (guint i = 0; i < arrived->len; i++)
    {
      PitDomainSnapshot *snapshot = g_ptr_array_index (arrived, i);

      if (g_hash_table_remove (self->details_pending, snapshot->uuid))
        _pit_connection_add_or_update_domain (self, NULL, snapshot, FALSE);
    }
  for (guint i = 0; i < gone->len; i++)
    {
      const char *uuid = g_ptr_array_index (gone, i);

      /* gone since the listing, or unreadable: it leaves the list, as an
       * unreadable domain always did */
      if (g_hash_table_remove (self->details_pending, uuid))
        _pit_connection_remove_domain (self, uuid);
    }
}

static gboolean
flush_details_cb (gpointer user_data)
{
  GTask *task = user_data;

  flush_details (g_task_get_source_object (task), g_task_get_task_data (task));
  return G_SOURCE_REMOVE;
}

/* Worker thread: hands one domain's XML (or NULL and its uuid: unreadable)
 * to the main thread.  One flush is queued at a time; what arrives before
 * it runs goes with it. */
static void
details_arrived (OpenData          *data,
                 PitDomainSnapshot *snapshot,
                 const char        *gone_uuid)
{
  gboolean queue;

  g_mutex_lock (&data->lock);
  if (snapshot != NULL)
    g_ptr_array_add (data->arrived, snapshot);
  else
    g_ptr_array_add (data->gone, g_strdup (gone_uuid));
  queue = !data->flush_queued;
  data->flush_queued = TRUE;
  g_mutex_unlock (&data->lock);

  if (queue)
    g_main_context_invoke_full (data->context, G_PRIORITY_DEFAULT, flush_details_cb,
                                g_object_ref (data->task), g_object_unref);
}

static void
read_one_details (guint    index,
                  gpointer user_data)
{
  OpenData *data = user_data;
  virDomainPtr domain = g_ptr_array_index (data->handles, index);
  const PitDomainSnapshot *listed = g_ptr_array_index (data->snapshots, index);
  g_autoptr(GError) error = NULL;
  PitDomainSnapshot *snapshot;

  if (data->reader != NULL)
    snapshot = data->reader (domain, listed->state, data->reader_data, &error);
  else
    snapshot = pit_domain_snapshot_fetch_details (domain, listed->state, &error);
  if (snapshot == NULL)
    g_debug ("Could not read %s: %s", listed->name, error ? error->message : "?");
  details_arrived (data, snapshot, listed->uuid);
}

typedef struct
{
  OpenData *data;
  PitConnection *self;
  GPtrArray *handles;
  GArray *states;
  GError *error;
  gboolean listed;
} ListAndRegister;

static void
list_and_register (guint    index,
                   gpointer user_data)
{
  ListAndRegister *both = user_data;
  OpenData *data = both->data;

  if (index == 0)
    both->listed = list_domains (data->handle, data->uri, both->handles, both->states, &both->error);
  else
    _pit_connection_register_callbacks (both->self, data->handle, data->generation, &data->callbacks);
}

static void
open_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  OpenData *data = task_data;
  g_autoptr(GPtrArray) handles = g_ptr_array_new_with_free_func (domain_free);
  g_autoptr(GArray) states = g_array_new (FALSE, FALSE, sizeof (int));

  GError *missing = pit_connection_problem_check_file (data->uri);

  if (missing != NULL)
    {
      g_task_return_error (task, missing);
      return;
    }
  /* no auth callback: a GUI has no terminal to prompt on; polkit and the
   * SSH agent do the asking */
  {
    PIT_LIBVIRT_CALL_GUARD_URI (data->uri);
    data->handle = virConnectOpen (data->uri);
    if (data->handle == NULL)
      {
        if (g_task_return_error_if_cancelled (task))
          return;
        g_task_return_error (task, problem_from_last_error (data->uri));
        return;
      }
  }

  g_debug ("%s: opened after %.0f ms", data->uri, elapsed_ms (data));
  enable_keepalive (data->handle);

  /* through a daemon, the callbacks and the list at once: one round trip
   * for both (a change the list missed comes as an event, held until the
   * list is in).  The in-process test driver answers at once, so there is
   * nothing to gain: there the main thread registers them when it takes
   * the list over, as it always did. */
  {
    ListAndRegister both = { data, source_object, handles, states, NULL, FALSE };

    if (_pit_connection_is_remote_uri (data->uri))
      pit_parallel_for (2, 2, list_and_register, &both);
    else
      list_and_register (0, &both);
    if (!both.listed)
      {
        g_task_return_error (task, both.error);
        return;
      }
  }

  data->handles = g_ptr_array_new_full (handles->len, domain_free);
  data->snapshots = g_ptr_array_new_full (handles->len, (GDestroyNotify) pit_domain_snapshot_free);
  for (guint i = 0; i < handles->len; i++)
    {
      virDomainPtr domain = g_ptr_array_index (handles, i);
      PitDomainState state = (PitDomainState) g_array_index (states, int, i);
      g_autoptr(GError) local_error = NULL;
      PitDomainSnapshot *snapshot;

      if (data->list_first)
        snapshot = pit_domain_snapshot_new_listed (domain, state, &local_error);
      else if (data->reader != NULL)
        snapshot = data->reader (domain, state, data->reader_data, &local_error);
      else
        snapshot = pit_domain_snapshot_fetch_details (domain, state, &local_error);
      if (snapshot == NULL)
        {
          /* gone between listing and reading it, or unreadable: skip it */
          g_debug ("Skipping a domain: %s", local_error->message);
          continue;
        }
      virDomainRef (domain);
      g_ptr_array_add (data->handles, domain);
      g_ptr_array_add (data->snapshots, snapshot);
    }

  if (data->list_first)
    {
      /* the list shows now (the main thread only reads what is above from
       * here on); the XML follows */
      g_debug ("%s: %u domains listed after %.0f ms", data->uri, data->handles->len, elapsed_ms (data));
      g_main_context_invoke_full (data->context, G_PRIORITY_DEFAULT, listed_cb,
                                  g_object_ref (task), g_object_unref);
      /* each domain's XML goes to the main thread as it arrives */
      pit_parallel_for (data->handles->len, DETAIL_WORKERS, read_one_details, data);
      g_debug ("%s: every domain's XML read after %.0f ms", data->uri, elapsed_ms (data));
    }

  g_task_return_boolean (task, TRUE);
}

static void
return_outcome (GTask        *task,
                const GError *error)
{
  if (error != NULL)
    g_task_return_error (task, g_error_copy (error));
  else
    g_task_return_boolean (task, TRUE);
}

/* The outcome of an open for its caller and every open that joined it */
static void
return_to_all (GTask        *outer,
               GPtrArray    *waiters,
               const GError *error)
{
  return_outcome (outer, error);
  for (guint i = 0; i < waiters->len; i++)
    return_outcome (g_ptr_array_index (waiters, i), error);
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

  if (self->opening == data)
    self->opening = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (data->generation == self->generation && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          gboolean was_lost = self->status == PIT_CONNECTION_STATUS_LOST;

          g_clear_error (&self->error);
          self->error = g_error_copy (error);
          if (was_lost)
            _pit_connection_reconnect (self);
          else
            _pit_connection_set_status (self, PIT_CONNECTION_STATUS_FAILED);
        }
      return_to_all (outer, data->waiters, error);
      return;
    }

  if (data->generation != self->generation)
    {
      g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                           _("The connection was closed while it was opening"));
      return_to_all (outer, data->waiters, error);
      return;
    }

  apply_listed (self, data);
  if (data->list_first)
    {
      /* what arrived after the last flush was queued */
      flush_details (self, data);
      g_hash_table_remove_all (self->details_pending);
    }
  g_debug ("%s: open complete after %.0f ms", data->uri, elapsed_ms (data));

  return_to_all (outer, data->waiters, NULL);
}

/**
 * pit_connection_open_async:
 * Opens the connection and reads every domain in worker threads.  The
 * status property says where it is: "connected" as soon as the list is
 * there, possibly with domains whose XML is still being read
 * (pit_domain_has_details()); @callback runs when every domain is read.
 * On failure the error explains why (pit_connection_problem_advice() says
 * what to do).
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
  /* an open on its way (started early by the application, or by another
   * caller): this one ends with it rather than starting over */
  if (self->opening != NULL && self->opening->generation == self->generation)
    {
      g_ptr_array_add (self->opening->waiters, g_steal_pointer (&outer));
      return;
    }

  g_clear_handle_id (&self->reconnect_source, g_source_remove);
  if (self->status != PIT_CONNECTION_STATUS_LOST)
    _pit_connection_set_status (self, PIT_CONNECTION_STATUS_CONNECTING);

  data = g_new0 (OpenData, 1);
  data->uri = g_strdup (self->uri);
  data->start_time = g_get_monotonic_time ();
  data->callbacks.lifecycle_id = -1;
  g_mutex_init (&data->lock);
  data->arrived = g_ptr_array_new_with_free_func ((GDestroyNotify) pit_domain_snapshot_free);
  data->gone = g_ptr_array_new_with_free_func (g_free);
  data->reader = self->details_reader;
  data->reader_data = self->details_reader_data;
  data->context = g_main_context_ref_thread_default ();
  data->list_first = self->list_first >= 0 ? self->list_first : wants_list_first (self->uri);
  data->generation = ++self->generation;
  data->waiters = g_ptr_array_new_with_free_func (g_object_unref);
  self->opening = data;

  task = g_task_new (self, cancellable ? cancellable : self->cancellable, open_done_cb,
                     g_steal_pointer (&outer));
  g_task_set_source_tag (task, open_thread);
  g_task_set_task_data (task, data, (GDestroyNotify) open_data_free);
  data->task = task;
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
_pit_connection_reconnect (PitConnection *self)
{
  self->reconnect_delay = self->reconnect_delay == 0
                            ? RECONNECT_MIN_SECONDS
                            : MIN (self->reconnect_delay * 2, RECONNECT_MAX_SECONDS);
  g_clear_handle_id (&self->reconnect_source, g_source_remove);
  self->reconnect_source = g_timeout_add_seconds (self->reconnect_delay, reconnect_cb, self);
}

/* Opening early ------------------------------------------------------------
 *
 * The application starts the open of the host it will show before GTK and
 * the window are set up (~200 ms of the main thread at start): on the
 * in-process test driver the open (parsing every domain) runs on the
 * other CPU meanwhile, and over a network virConnectOpen is ~6 round
 * trips in series (the socket or SSH session, then libvirt's
 * authentication list, features and open calls) before the list and the
 * XML.  The window's pit_connection_open_async() then joins that open.
 * Main thread only. */

static PitConnection *early_connection;

/**
 * pit_connection_open_early:
 * Starts opening @uri now, for the next pit_connection_take_early() of
 * the same URI (the application, before it builds the window that will
 * show @uri).  Does nothing when an early open is already there.
 */
void
pit_connection_open_early (const char *uri)
{
  g_return_if_fail (uri != NULL);

  if (early_connection != NULL)
    return;
  early_connection = pit_connection_new (uri);
  pit_connection_open_async (early_connection, NULL, NULL, NULL);
}

/**
 * pit_connection_take_early:
 * Returns: (transfer full) (nullable): the connection opened early for
 *   @uri, opening or open (pit_connection_open_async() joins or ends at
 *   once), or %NULL when there is none for @uri.  An early open of another
 *   URI is closed: it will not be shown.
 */
PitConnection *
pit_connection_take_early (const char *uri)
{
  g_autoptr(PitConnection) early = g_steal_pointer (&early_connection);
  g_autofree char *resolved = NULL;

  g_return_val_if_fail (uri != NULL, NULL);

  if (early == NULL)
    return NULL;
  resolved = pit_demo_resolve_uri (uri);
  if (g_strcmp0 (pit_connection_get_uri (early), resolved != NULL ? resolved : uri) != 0)
    {
      pit_connection_close (early);
      return NULL;
    }
  return g_steal_pointer (&early);
}
