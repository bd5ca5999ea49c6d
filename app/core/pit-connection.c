/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-connection"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libvirt-glib/libvirt-glib.h>
#include <libvirt/virterror.h>

#include "pit-connection-problem.h"
#include "pit-connection.h"
#include "pit-demo.h"
#include "pit-error.h"
#include "pit-libvirt-error.h"

/* One libvirt connection and the domains on it, as a GListModel of PitDomain
 * sorted by name.  Every blocking libvirt call runs in a GTask thread; the
 * model only changes in the main thread.  Lifecycle events (libvirt's event
 * loop runs on the GLib main context through gvir_event_register) refresh the
 * one domain they name, so nothing polls.  A dropped connection is noticed
 * through libvirt's close callback and opened again with a growing delay.
 *
 * GVirConnection is not used for this: it has no close callback, and its
 * open registers an event callback that looks domains up in a table which
 * does not exist before the first fetch (criticals on any early event). */

#define RECONNECT_MIN_SECONDS 1
#define RECONNECT_MAX_SECONDS 30

struct _PitConnection
{
  GObject parent_instance;

  char *uri;
  PitConnectionStatus status;
  GError *error;

  virConnectPtr handle;
  int lifecycle_id;
  gboolean close_cb_registered;
  GWeakRef *close_ref;

  GListStore *domains;
  GHashTable *by_uuid;    /* uuid → PitDomain (borrowed from domains) */
  GHashTable *refreshing; /* uuid → GINT_TO_POINTER (needs another round) */

  GCancellable *cancellable;
  guint reconnect_source;
  guint reconnect_delay;
  guint generation;       /* bumped on every open/close; stale results are dropped */
};

G_DEFINE_FINAL_TYPE (PitConnection, pit_connection, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_URI,
  PROP_STATUS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void reconnect (PitConnection *self);
static void release_handle (PitConnection *self);

/**
 * pit_core_init:
 * Connects libvirt's event loop to GLib's and silences libvirt's stderr
 * output; call once before opening connections.
 */
void
pit_core_init (void)
{
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      gvir_init (NULL, NULL);
      gvir_event_register ();
      pit_libvirt_error_init ();
      g_once_init_leave (&initialized, 1);
    }
}

static void
set_status (PitConnection       *self,
            PitConnectionStatus  status)
{
  if (self->status == status)
    return;
  self->status = status;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}

/* Domain bookkeeping ----------------------------------------------------- */

static int
compare_domains (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  PitDomain *da = *(PitDomain **) a;
  PitDomain *db = *(PitDomain **) b;

  return g_utf8_collate (pit_domain_get_name (da) ?: "", pit_domain_get_name (db) ?: "");
}

static int
compare_domain_items (gconstpointer a,
                      gconstpointer b,
                      gpointer      user_data)
{
  return compare_domains (&a, &b, user_data);
}

static gboolean
find_position (PitConnection *self,
               PitDomain     *domain,
               guint         *position)
{
  return g_list_store_find (self->domains, domain, position);
}

static void
remove_domain (PitConnection *self,
               const char    *uuid)
{
  PitDomain *domain = g_hash_table_lookup (self->by_uuid, uuid);
  guint position;

  if (domain == NULL)
    return;

  if (find_position (self, domain, &position))
    {
      g_hash_table_remove (self->by_uuid, uuid);
      g_list_store_remove (self->domains, position);
    }
}

static void
add_or_update_domain (PitConnection           *self,
                      virDomainPtr             handle,
                      const PitDomainSnapshot *snapshot,
                      gboolean                 replace_handle)
{
  PitDomain *domain = g_hash_table_lookup (self->by_uuid, snapshot->uuid);

  if (domain == NULL)
    {
      g_autoptr(PitDomain) created = pit_domain_new (handle, snapshot);

      g_hash_table_insert (self->by_uuid, g_strdup (snapshot->uuid), created);
      g_list_store_insert_sorted (self->domains, created, compare_domain_items, NULL);
      return;
    }

  /* an event hands over a new virDomainPtr for the same domain each time:
   * keep the one we have (callers may hold it) unless the connection was
   * opened again, when the old one is dead */
  if (handle != NULL && (replace_handle || pit_domain_get_handle (domain) == NULL))
    pit_domain_set_handle (domain, handle);

  if (g_strcmp0 (pit_domain_get_name (domain), snapshot->summary->name) != 0)
    {
      g_autoptr(PitDomain) keep = g_object_ref (domain);
      guint position;

      /* renamed: keep the list sorted */
      if (find_position (self, domain, &position))
        g_list_store_remove (self->domains, position);
      pit_domain_apply_snapshot (keep, snapshot);
      g_list_store_insert_sorted (self->domains, keep, compare_domain_items, NULL);
      return;
    }

  pit_domain_apply_snapshot (domain, snapshot);
}

/* Refreshing one domain --------------------------------------------------- */

typedef struct
{
  virDomainPtr handle;
  char *uuid;
  guint generation;
} RefreshData;

static void
refresh_data_free (RefreshData *data)
{
  g_clear_pointer (&data->handle, virDomainFree);
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

static void start_refresh (PitConnection *self,
                           virDomainPtr   handle,
                           const char    *uuid);

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

  again = GPOINTER_TO_INT (g_hash_table_lookup (self->refreshing, data->uuid));
  g_hash_table_remove (self->refreshing, data->uuid);

  if (data->generation != self->generation)
    return;

  if (snapshot != NULL)
    add_or_update_domain (self, data->handle, snapshot, FALSE);
  else if (g_error_matches (error, PIT_ERROR, PIT_ERROR_NOT_FOUND))
    remove_domain (self, data->uuid);
  else
    g_debug ("Could not refresh %s: %s", data->uuid, error->message);

  if (again)
    start_refresh (self, data->handle, data->uuid);
}

static void
start_refresh (PitConnection *self,
               virDomainPtr   handle,
               const char    *uuid)
{
  g_autoptr(GTask) task = NULL;
  RefreshData *data;

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
  g_task_set_source_tag (task, start_refresh);
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
    start_refresh (self, pit_domain_get_handle (domain), uuid);
}

/* libvirt callbacks (dispatched on the GLib main context) ----------------- */

static void
weak_ref_free (void *data)
{
  g_weak_ref_clear (data);
  g_free (data);
}

static GWeakRef *
weak_ref_new (gpointer object)
{
  GWeakRef *ref = g_new0 (GWeakRef, 1);

  g_weak_ref_init (ref, object);
  return ref;
}


static int
lifecycle_cb (virConnectPtr conn,
              virDomainPtr  dom,
              int           event,
              int           detail,
              void         *opaque)
{
  g_autoptr(PitConnection) self = g_weak_ref_get (opaque);
  char uuid[VIR_UUID_STRING_BUFLEN];

  if (self == NULL || virDomainGetUUIDString (dom, uuid) < 0)
    return 0;

  g_debug ("%s: event %d detail %d", uuid, event, detail);
  start_refresh (self, dom, uuid);

  return 0;
}

static gboolean
connection_lost_idle_cb (gpointer user_data)
{
  g_autoptr(PitConnection) self = g_weak_ref_get (user_data);

  if (self == NULL || self->handle == NULL)
    return G_SOURCE_REMOVE;

  g_clear_error (&self->error);
  self->error = g_error_new (PIT_ERROR, PIT_ERROR_CONNECTION_LOST,
                             _("The connection to %s was lost."), self->uri);
  /* straight from CONNECTED to LOST: a DISCONNECTED in between would flash
   * the "not connected" state in every view bound to the status */
  release_handle (self);
  set_status (self, PIT_CONNECTION_STATUS_LOST);
  reconnect (self);

  return G_SOURCE_REMOVE;
}

static void
close_cb (virConnectPtr conn,
          int           reason,
          void         *opaque)
{
  g_autoptr(PitConnection) self = g_weak_ref_get (opaque);

  if (self == NULL || reason == VIR_CONNECT_CLOSE_REASON_CLIENT)
    return;

  /* never tear the connection down from inside libvirt's own callback */
  g_idle_add_full (G_PRIORITY_DEFAULT, connection_lost_idle_cb, weak_ref_new (self), weak_ref_free);
}

/* Opening -------------------------------------------------------------------- */

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

static void
open_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  OpenData *data = task_data;
  virDomainPtr *domains = NULL;
  int n;

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
install_handle (PitConnection *self,
                OpenData      *data)
{
  GWeakRef *ref;

  self->handle = g_steal_pointer (&data->handle);

  ref = weak_ref_new (self);
  self->lifecycle_id = virConnectDomainEventRegisterAny (self->handle, NULL,
                                                          VIR_DOMAIN_EVENT_ID_LIFECYCLE,
                                                          VIR_DOMAIN_EVENT_CALLBACK (lifecycle_cb),
                                                          ref, weak_ref_free);
  if (self->lifecycle_id < 0)
    {
      weak_ref_free (ref);
      g_warning ("%s does not send lifecycle events; the list will not follow changes", self->uri);
    }

  /* no free callback: drivers without close callbacks (the test driver)
   * accept the registration but drop it, and would never free it; the
   * reference is ours, freed after unregistering in pit_connection_close() */
  self->close_ref = weak_ref_new (self);
  if (virConnectRegisterCloseCallback (self->handle, close_cb, self->close_ref, NULL) == 0)
    self->close_cb_registered = TRUE;
  else
    g_clear_pointer (&self->close_ref, weak_ref_free);
}

static void
merge_domains (PitConnection *self,
               OpenData      *data)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) fresh = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) gone = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter iter;
  gpointer key;

  for (guint i = 0; i < data->snapshots->len; i++)
    {
      PitDomainSnapshot *snapshot = g_ptr_array_index (data->snapshots, i);
      virDomainPtr handle = g_ptr_array_index (data->handles, i);

      g_hash_table_add (seen, snapshot->uuid);
      if (g_hash_table_contains (self->by_uuid, snapshot->uuid))
        add_or_update_domain (self, handle, snapshot, TRUE);
      else
        g_ptr_array_add (fresh, pit_domain_new (handle, snapshot));
    }

  g_hash_table_iter_init (&iter, self->by_uuid);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (seen, key))
      g_ptr_array_add (gone, g_strdup (key));
  for (guint i = 0; i < gone->len; i++)
    remove_domain (self, g_ptr_array_index (gone, i));

  if (g_list_model_get_n_items (G_LIST_MODEL (self->domains)) == 0)
    {
      /* the common case, a first open: one sorted splice, one items-changed */
      g_ptr_array_sort_with_data (fresh, compare_domains, NULL);
      for (guint i = 0; i < fresh->len; i++)
        {
          PitDomain *domain = g_ptr_array_index (fresh, i);

          g_hash_table_insert (self->by_uuid, g_strdup (pit_domain_get_uuid (domain)), domain);
        }
      g_list_store_splice (self->domains, 0, 0, fresh->pdata, fresh->len);
      return;
    }

  for (guint i = 0; i < fresh->len; i++)
    {
      PitDomain *domain = g_ptr_array_index (fresh, i);

      g_hash_table_insert (self->by_uuid, g_strdup (pit_domain_get_uuid (domain)), domain);
      g_list_store_insert_sorted (self->domains, domain, compare_domain_items, NULL);
    }
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
            reconnect (self);
          else
            set_status (self, PIT_CONNECTION_STATUS_FAILED);
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

  install_handle (self, data);
  merge_domains (self, data);
  g_clear_error (&self->error);
  self->reconnect_delay = 0;
  set_status (self, PIT_CONNECTION_STATUS_CONNECTED);

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
    set_status (self, PIT_CONNECTION_STATUS_CONNECTING);

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

static void
reconnect (PitConnection *self)
{
  self->reconnect_delay = self->reconnect_delay == 0
                            ? RECONNECT_MIN_SECONDS
                            : MIN (self->reconnect_delay * 2, RECONNECT_MAX_SECONDS);
  g_clear_handle_id (&self->reconnect_source, g_source_remove);
  self->reconnect_source = g_timeout_add_seconds (self->reconnect_delay, reconnect_cb, self);
}

/* Drops the libvirt connection and whatever is pending on it; the status
 * is the caller's business. */
static void
release_handle (PitConnection *self)
{
  self->generation++;
  g_clear_handle_id (&self->reconnect_source, g_source_remove);

  if (self->handle != NULL)
    {
      if (self->lifecycle_id >= 0)
        virConnectDomainEventDeregisterAny (self->handle, self->lifecycle_id);
      if (self->close_cb_registered)
        virConnectUnregisterCloseCallback (self->handle, close_cb);
      self->lifecycle_id = -1;
      self->close_cb_registered = FALSE;
      g_clear_pointer (&self->handle, virConnectClose);
    }
  g_clear_pointer (&self->close_ref, weak_ref_free);

  g_hash_table_remove_all (self->refreshing);
}

/**
 * pit_connection_close:
 * Closes the connection; the domain list is kept (stale) until the next open.
 */
void
pit_connection_close (PitConnection *self)
{
  g_return_if_fail (PIT_IS_CONNECTION (self));

  release_handle (self);
  set_status (self, PIT_CONNECTION_STATUS_DISCONNECTED);
}

/* GObject -------------------------------------------------------------------- */

static void
pit_connection_dispose (GObject *object)
{
  PitConnection *self = (PitConnection *) object;

  g_cancellable_cancel (self->cancellable);
  pit_connection_close (self);
  if (self->domains != NULL)
    g_list_store_remove_all (self->domains);
  g_hash_table_remove_all (self->by_uuid);

  G_OBJECT_CLASS (pit_connection_parent_class)->dispose (object);
}

static void
pit_connection_finalize (GObject *object)
{
  PitConnection *self = (PitConnection *) object;

  g_free (self->uri);
  g_clear_error (&self->error);
  g_clear_object (&self->domains);
  g_clear_pointer (&self->by_uuid, g_hash_table_unref);
  g_clear_pointer (&self->refreshing, g_hash_table_unref);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (pit_connection_parent_class)->finalize (object);
}

static void
pit_connection_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  PitConnection *self = PIT_CONNECTION (object);

  switch (prop_id)
    {
    case PROP_URI:
      g_value_set_string (value, self->uri);
      break;
    case PROP_STATUS:
      g_value_set_int (value, self->status);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pit_connection_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  PitConnection *self = PIT_CONNECTION (object);

  switch (prop_id)
    {
    case PROP_URI:
      self->uri = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pit_connection_class_init (PitConnectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pit_connection_dispose;
  object_class->finalize = pit_connection_finalize;
  object_class->get_property = pit_connection_get_property;
  object_class->set_property = pit_connection_set_property;

  properties[PROP_URI] =
    g_param_spec_string ("uri", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATUS] =
    g_param_spec_int ("status", NULL, NULL, 0, PIT_CONNECTION_STATUS_LOST, 0,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pit_connection_init (PitConnection *self)
{
  self->domains = g_list_store_new (PIT_TYPE_DOMAIN);
  self->by_uuid = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->refreshing = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->cancellable = g_cancellable_new ();
  self->lifecycle_id = -1;
}

/**
 * pit_connection_new:
 * @uri: a libvirt URI; "demo" stands for the embedded demo host
 */
PitConnection *
pit_connection_new (const char *uri)
{
  g_autofree char *resolved = NULL;

  g_return_val_if_fail (uri != NULL, NULL);

  pit_core_init ();
  if (g_strcmp0 (uri, "demo") == 0)
    resolved = pit_demo_get_uri ();

  return g_object_new (PIT_TYPE_CONNECTION, "uri", resolved ? resolved : uri, NULL);
}

const char *
pit_connection_get_uri (PitConnection *self)
{
  g_return_val_if_fail (PIT_IS_CONNECTION (self), NULL);

  return self->uri;
}

gboolean
pit_connection_is_demo (PitConnection *self)
{
  g_return_val_if_fail (PIT_IS_CONNECTION (self), FALSE);

  return pit_demo_is_uri (self->uri);
}

PitConnectionStatus
pit_connection_get_status (PitConnection *self)
{
  g_return_val_if_fail (PIT_IS_CONNECTION (self), PIT_CONNECTION_STATUS_DISCONNECTED);

  return self->status;
}

/**
 * pit_connection_get_error:
 * Returns: (nullable): why the last open failed or the connection was lost
 */
const GError *
pit_connection_get_error (PitConnection *self)
{
  g_return_val_if_fail (PIT_IS_CONNECTION (self), NULL);

  return self->error;
}

/**
 * pit_connection_get_domains:
 * Returns: (transfer none): a list model of #PitDomain, sorted by name
 */
GListModel *
pit_connection_get_domains (PitConnection *self)
{
  g_return_val_if_fail (PIT_IS_CONNECTION (self), NULL);

  return G_LIST_MODEL (self->domains);
}

/**
 * pit_connection_find_domain:
 * Returns: (transfer none) (nullable): the domain with that name or UUID
 */
PitDomain *
pit_connection_find_domain (PitConnection *self,
                            const char    *name_or_uuid)
{
  guint n;

  g_return_val_if_fail (PIT_IS_CONNECTION (self), NULL);
  g_return_val_if_fail (name_or_uuid != NULL, NULL);

  if (g_hash_table_contains (self->by_uuid, name_or_uuid))
    return g_hash_table_lookup (self->by_uuid, name_or_uuid);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->domains));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PitDomain) domain = g_list_model_get_item (G_LIST_MODEL (self->domains), i);

      if (g_strcmp0 (pit_domain_get_name (domain), name_or_uuid) == 0)
        return domain;
    }

  return NULL;
}

/**
 * pit_connection_get_handle:
 * Returns: (transfer none) (nullable): the libvirt connection while open
 */
virConnectPtr
pit_connection_get_handle (PitConnection *self)
{
  g_return_val_if_fail (PIT_IS_CONNECTION (self), NULL);

  return self->handle;
}
