/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-connection"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pit-connection-private.h"
#include "pit-error.h"
#include "pit-libvirt-guard.h"

/* libvirt's callbacks on an open connection, dispatched on the GLib main
 * context (gvir_event_register): a lifecycle event refreshes the one
 * domain it names, so nothing polls; the close callback (the daemon died,
 * or stopped answering the keepalive pings) marks the connection LOST and
 * starts reconnecting.  They hold the connection by a weak reference and
 * the generation of the open that registered them: a callback of an older
 * connection (closing in a thread, or an open that was overtaken) is
 * ignored.
 *
 * Registering and unregistering are round trips to the daemon: the open
 * thread registers (before it lists, so no change after the listing is
 * missed) and a closing connection unregisters and closes in a thread of
 * its own; the main thread never waits for them. */

typedef struct
{
  GWeakRef ref;
  guint generation;
} CallbackData;

static void
callback_data_free (void *data)
{
  CallbackData *callback = data;

  g_weak_ref_clear (&callback->ref);
  g_free (callback);
}

static CallbackData *
callback_data_new (PitConnection *self,
                   guint          generation)
{
  CallbackData *callback = g_new0 (CallbackData, 1);

  g_weak_ref_init (&callback->ref, self);
  callback->generation = generation;
  return callback;
}

/* the connection, if @callback belongs to its current open */
static PitConnection *
callback_get_connection (CallbackData *callback)
{
  PitConnection *self = g_weak_ref_get (&callback->ref);

  if (self != NULL && self->generation != callback->generation)
    g_clear_object (&self);
  return self;
}

static int
lifecycle_cb (virConnectPtr conn,
              virDomainPtr  dom,
              int           event,
              int           detail,
              void         *opaque)
{
  g_autoptr(PitConnection) self = callback_get_connection (opaque);
  char uuid[VIR_UUID_STRING_BUFLEN];

  if (self == NULL || virDomainGetUUIDString (dom, uuid) < 0)
    return 0;

  g_debug ("%s: event %d detail %d", uuid, event, detail);
  if (self->handle == NULL)
    {
      /* the open has listed, or is listing, but its list is not in yet:
       * read this one again once it is */
      virDomainRef (dom);
      g_hash_table_replace (self->early_events, g_strdup (uuid), dom);
      return 0;
    }
  _pit_connection_start_refresh (self, dom, uuid);

  return 0;
}

typedef struct
{
  CallbackData *callback;
  int reason;  /* virConnectCloseReason */
} LostData;

static void
lost_data_free (gpointer data)
{
  LostData *lost = data;

  callback_data_free (lost->callback);
  g_free (lost);
}

static gboolean
connection_lost_idle_cb (gpointer user_data)
{
  LostData *lost = user_data;
  g_autoptr(PitConnection) self = callback_get_connection (lost->callback);

  if (self == NULL || self->handle == NULL)
    return G_SOURCE_REMOVE;

  g_clear_error (&self->error);
  if (lost->reason == VIR_CONNECT_CLOSE_REASON_KEEPALIVE)
    self->error = g_error_new (PIT_ERROR, PIT_ERROR_CONNECTION_LOST,
                               _("The connection to %s was lost: libvirt stopped answering."),
                               self->uri);
  else
    self->error = g_error_new (PIT_ERROR, PIT_ERROR_CONNECTION_LOST,
                               _("The connection to %s was lost."), self->uri);
  /* straight from CONNECTED to LOST: a DISCONNECTED in between would flash
   * the "not connected" state in every view bound to the status */
  _pit_connection_release_handle (self);
  _pit_connection_set_status (self, PIT_CONNECTION_STATUS_LOST);
  _pit_connection_reconnect (self);

  return G_SOURCE_REMOVE;
}

/* The daemon closed the connection (EOF), it broke (ERROR), or the daemon
 * did not answer the keepalive pings (KEEPALIVE, see pit-connection-open.c).
 * libvirt may call it from whichever thread noticed (one blocked in a call,
 * or the main loop): only hand over to the main thread here. */
static void
close_cb (virConnectPtr conn,
          int           reason,
          void         *opaque)
{
  CallbackData *callback = opaque;
  g_autoptr(PitConnection) self = g_weak_ref_get (&callback->ref);
  LostData *lost;

  if (self == NULL || reason == VIR_CONNECT_CLOSE_REASON_CLIENT)
    return;

  g_debug ("%s closed (reason %d)", self->uri, reason);
  lost = g_new0 (LostData, 1);
  lost->callback = callback_data_new (self, callback->generation);
  lost->reason = reason;
  /* never tear the connection down from inside libvirt's own callback */
  g_idle_add_full (G_PRIORITY_DEFAULT, connection_lost_idle_cb, lost, lost_data_free);
}

/**
 * _pit_connection_register_callbacks:
 * Blocking (a round trip through a daemon): the open thread calls it
 * right after the open.  @generation: the open's.
 */
void
_pit_connection_register_callbacks (PitConnection          *self,
                                    virConnectPtr           handle,
                                    guint                   generation,
                                    PitConnectionCallbacks *callbacks)
{
  CallbackData *lifecycle = callback_data_new (self, generation);

  /* the main thread registers them for the test driver (apply_listed()) */
  PIT_LIBVIRT_CALL_GUARD_UNLESS_TEST_DRIVER (handle);
  callbacks->lifecycle_id = virConnectDomainEventRegisterAny (handle, NULL, VIR_DOMAIN_EVENT_ID_LIFECYCLE,
                                                              VIR_DOMAIN_EVENT_CALLBACK (lifecycle_cb),
                                                              lifecycle, callback_data_free);
  if (callbacks->lifecycle_id < 0)
    {
      callback_data_free (lifecycle);
      g_warning ("%s does not send lifecycle events; the list will not follow changes", self->uri);
    }

  /* no free callback: drivers without close callbacks (the test driver)
   * accept the registration but drop it, and would never free it; the
   * data is ours, freed after unregistering below */
  callbacks->close_data = callback_data_new (self, generation);
  if (virConnectRegisterCloseCallback (handle, close_cb, callbacks->close_data, NULL) != 0)
    g_clear_pointer (&callbacks->close_data, callback_data_free);
}

/**
 * _pit_connection_unregister_callbacks:
 * Blocking (a round trip through a daemon).  Leaves @callbacks empty.
 */
void
_pit_connection_unregister_callbacks (virConnectPtr           handle,
                                      PitConnectionCallbacks *callbacks)
{
  if (handle != NULL)
    {
      /* the main thread unregisters them for the test driver
       * (_pit_connection_close_handle()) */
      PIT_LIBVIRT_CALL_GUARD_UNLESS_TEST_DRIVER (handle);
      if (callbacks->lifecycle_id >= 0)
        virConnectDomainEventDeregisterAny (handle, callbacks->lifecycle_id);
      if (callbacks->close_data != NULL)
        virConnectUnregisterCloseCallback (handle, close_cb);
    }
  callbacks->lifecycle_id = -1;
  g_clear_pointer (&callbacks->close_data, callback_data_free);
}

typedef struct
{
  virConnectPtr handle;
  PitConnectionCallbacks callbacks;
} Closing;

static gpointer
close_thread (gpointer user_data)
{
  Closing *closing = user_data;

  _pit_connection_unregister_callbacks (closing->handle, &closing->callbacks);
  virConnectClose (closing->handle);
  g_free (closing);
  return NULL;
}

/**
 * _pit_connection_close_handle:
 * Unregisters @callbacks and drops this reference to @handle (closing the
 * connection when it is the last).  Through a daemon that takes round
 * trips, so it happens in a thread of its own (the connection's callbacks
 * of that generation are ignored from now on); the in-process test driver
 * answers at once and is closed here.  Takes over @handle and empties
 * @callbacks.
 */
void
_pit_connection_close_handle (const char             *uri,
                              virConnectPtr           handle,
                              PitConnectionCallbacks *callbacks)
{
  Closing *closing;
  GThread *thread;

  if (handle == NULL)
    {
      _pit_connection_unregister_callbacks (NULL, callbacks);
      return;
    }
  closing = g_new0 (Closing, 1);
  closing->handle = handle;
  closing->callbacks = *callbacks;
  callbacks->lifecycle_id = -1;
  callbacks->close_data = NULL;

  if (!_pit_connection_is_remote_uri (uri)
      || (thread = g_thread_try_new ("pit-close", close_thread, closing, NULL)) == NULL)
    {
      close_thread (closing);
      return;
    }
  g_thread_unref (thread);
}
