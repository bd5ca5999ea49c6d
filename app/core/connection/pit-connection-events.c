/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-connection"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pit-connection-private.h"
#include "pit-error.h"

/* libvirt's callbacks on an open connection, dispatched on the GLib main
 * context (gvir_event_register): a lifecycle event refreshes the one
 * domain it names, so nothing polls; the close callback (the daemon died,
 * or stopped answering the keepalive pings) marks the connection LOST and
 * starts reconnecting.  They hold the connection by a weak reference. */

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
  _pit_connection_start_refresh (self, dom, uuid);

  return 0;
}

typedef struct
{
  GWeakRef ref;
  int reason;  /* virConnectCloseReason */
} LostData;

static void
lost_data_free (gpointer data)
{
  LostData *lost = data;

  g_weak_ref_clear (&lost->ref);
  g_free (lost);
}

static gboolean
connection_lost_idle_cb (gpointer user_data)
{
  LostData *lost = user_data;
  g_autoptr(PitConnection) self = g_weak_ref_get (&lost->ref);

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
  g_autoptr(PitConnection) self = g_weak_ref_get (opaque);
  LostData *lost;

  if (self == NULL || reason == VIR_CONNECT_CLOSE_REASON_CLIENT)
    return;

  g_debug ("%s closed (reason %d)", self->uri, reason);
  lost = g_new0 (LostData, 1);
  g_weak_ref_init (&lost->ref, self);
  lost->reason = reason;
  /* never tear the connection down from inside libvirt's own callback */
  g_idle_add_full (G_PRIORITY_DEFAULT, connection_lost_idle_cb, lost, lost_data_free);
}

/* Called once the open task handed over self->handle. */
void
_pit_connection_register_callbacks (PitConnection *self)
{
  GWeakRef *ref = weak_ref_new (self);

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
   * reference is ours, freed after unregistering below */
  self->close_ref = weak_ref_new (self);
  if (virConnectRegisterCloseCallback (self->handle, close_cb, self->close_ref, NULL) == 0)
    self->close_cb_registered = TRUE;
  else
    g_clear_pointer (&self->close_ref, weak_ref_free);
}

/* Called before self->handle is closed. */
void
_pit_connection_unregister_callbacks (PitConnection *self)
{
  if (self->handle != NULL)
    {
      if (self->lifecycle_id >= 0)
        virConnectDomainEventDeregisterAny (self->handle, self->lifecycle_id);
      if (self->close_cb_registered)
        virConnectUnregisterCloseCallback (self->handle, close_cb);
    }
  self->lifecycle_id = -1;
  self->close_cb_registered = FALSE;
  g_clear_pointer (&self->close_ref, weak_ref_free);
}
