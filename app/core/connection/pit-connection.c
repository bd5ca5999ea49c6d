/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-connection"

#include "config.h"

#include <libvirt-glib/libvirt-glib.h>

#include "pit-connection-private.h"
#include "pit-demo.h"
#include "pit-libvirt-error.h"
#include "pit-libvirt-release.h"

/* One libvirt connection and the domains on it, as a GListModel of PitDomain
 * sorted by name.  Every blocking libvirt call runs in a GTask thread; the
 * model only changes in the main thread.  Lifecycle events (libvirt's event
 * loop runs on the GLib main context through gvir_event_register) refresh the
 * one domain they name, so nothing polls.  A dropped connection is noticed
 * through libvirt's close callback and opened again with a growing delay.
 *
 * GVirConnection is not used for this: it has no close callback, and its
 * open registers an event callback that looks domains up in a table which
 * does not exist before the first fetch (criticals on any early event).
 *
 * This file holds the object, its state and its public getters; see
 * pit-connection-private.h for the other files of the type. */

G_DEFINE_FINAL_TYPE (PitConnection, pit_connection, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_URI,
  PROP_STATUS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

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

void
_pit_connection_set_status (PitConnection       *self,
                           PitConnectionStatus  status)
{
  if (self->status == status)
    return;
  self->status = status;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}

/* Drops the libvirt connection and whatever is pending on it; the status
 * is the caller's business. */
void
_pit_connection_release_handle (PitConnection *self)
{
  self->generation++;
  g_clear_handle_id (&self->reconnect_source, g_source_remove);

  /* unregistering and closing are round trips: not on the main thread */
  _pit_connection_close_handle (self->uri, g_steal_pointer (&self->handle), &self->callbacks);

  g_hash_table_remove_all (self->refreshing);
  g_hash_table_remove_all (self->details_pending);
  g_hash_table_remove_all (self->early_events);
}

/* Through a daemon (which may be far away: qemu+ssh://), where each call
 * is a round trip; the in-process test driver answers at once. */
gboolean
_pit_connection_is_remote_uri (const char *uri)
{
  return !g_str_has_prefix (uri, "test:");
}

/**
 * pit_connection_close:
 * Closes the connection; the domain list is kept (stale) until the next open.
 */
void
pit_connection_close (PitConnection *self)
{
  g_return_if_fail (PIT_IS_CONNECTION (self));

  _pit_connection_release_handle (self);
  _pit_connection_set_status (self, PIT_CONNECTION_STATUS_DISCONNECTED);
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
  g_clear_pointer (&self->details_pending, g_hash_table_unref);
  g_clear_pointer (&self->early_events, g_hash_table_unref);
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
      g_value_set_enum (value, self->status);
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
    g_param_spec_enum ("status", NULL, NULL, PIT_TYPE_CONNECTION_STATUS, PIT_CONNECTION_STATUS_DISCONNECTED,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
domain_handle_free (gpointer handle)
{
  pit_libvirt_release_domain (handle);
}

static void
pit_connection_init (PitConnection *self)
{
  self->domains = g_list_store_new (PIT_TYPE_DOMAIN);
  self->by_uuid = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->refreshing = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->details_pending = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->list_first = -1;
  self->cancellable = g_cancellable_new ();
  self->callbacks.lifecycle_id = -1;
  self->early_events = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, domain_handle_free);
}

/**
 * pit_connection_new:
 * @uri: a libvirt URI; "demo" stands for the embedded demo host,
 *   "demo:single-gpu" for the single-GPU one
 */
PitConnection *
pit_connection_new (const char *uri)
{
  g_autofree char *resolved = NULL;

  g_return_val_if_fail (uri != NULL, NULL);

  pit_core_init ();
  resolved = pit_demo_resolve_uri (uri);

  return g_object_new (PIT_TYPE_CONNECTION, "uri", resolved ? resolved : uri, NULL);
}

/**
 * pit_connection_set_list_first:
 * Whether the next opens list the domains first (names and states, one
 * round trip: "connected" then) and read their XML after it, in parallel.
 * The default: yes through a daemon, no for the in-process test driver,
 * which answers at once.
 */
void
pit_connection_set_list_first (PitConnection *self,
                               gboolean       list_first)
{
  g_return_if_fail (PIT_IS_CONNECTION (self));

  self->list_first = list_first ? TRUE : FALSE;
}

/**
 * pit_connection_set_details_reader:
 * @reader: (nullable): reads a domain's XML in the next opens' worker
 *   threads; NULL for the default, pit_domain_snapshot_fetch_details()
 *
 * For tests: a reader that waits shows what a window shows over a slow
 * link (the list before the XML, each VM's XML as it comes).
 */
void
pit_connection_set_details_reader (PitConnection              *self,
                                   PitConnectionDetailsReader  reader,
                                   gpointer                    user_data)
{
  g_return_if_fail (PIT_IS_CONNECTION (self));

  self->details_reader = reader;
  self->details_reader_data = user_data;
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
