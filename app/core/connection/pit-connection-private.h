/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pit-connection.h"

G_BEGIN_DECLS

/* What the files of PitConnection share; nothing outside them includes this.
 *
 *   pit-connection.c          the object, its state and its public getters;
 *                             dropping the libvirt handle (close)
 *   pit-connection-domains.c  the sorted list of PitDomain and the UUID index
 *   pit-connection-open.c     the open task (worker thread), reconnecting
 *   pit-connection-refresh.c  the per-domain refresh task
 *   pit-connection-events.c   libvirt's lifecycle and close callbacks
 *
 * Every field is touched in the main thread only; the worker threads get
 * copies in their task data. */

/* libvirt's callbacks registered on one handle (pit-connection-events.c) */
typedef struct
{
  int lifecycle_id;     /* -1: none */
  gpointer close_data;  /* the close callback's data; NULL: none */
} PitConnectionCallbacks;

struct _PitConnection
{
  GObject parent_instance;

  char *uri;
  PitConnectionStatus status;
  GError *error;

  virConnectPtr handle;
  PitConnectionCallbacks callbacks;
  GHashTable *early_events; /* uuid → virDomainPtr: events before the list was in */

  GListStore *domains;
  GHashTable *by_uuid;    /* uuid → PitDomain (borrowed from domains) */
  GHashTable *refreshing; /* uuid → GINT_TO_POINTER (needs another round) */
  GHashTable *details_pending; /* uuids listed whose XML is being read */
  int list_first;         /* -1: by the URI; else TRUE/FALSE (tests) */
  PitConnectionDetailsReader details_reader; /* NULL: the default (tests) */
  gpointer details_reader_data;

  GCancellable *cancellable;
  guint reconnect_source;
  guint reconnect_delay;
  guint generation;       /* bumped on every open/close; stale results are dropped */
  struct _OpenData *opening; /* the open on its way, if any (borrowed) */
};

/* pit-connection.c */
void     _pit_connection_set_status           (PitConnection           *self,
                                              PitConnectionStatus      status);
void     _pit_connection_release_handle       (PitConnection           *self);
gboolean _pit_connection_is_remote_uri        (const char              *uri);

/* pit-connection-domains.c */
void     _pit_connection_add_or_update_domain (PitConnection           *self,
                                              virDomainPtr             handle,
                                              const PitDomainSnapshot *snapshot,
                                              gboolean                 replace_handle);
void     _pit_connection_remove_domain        (PitConnection           *self,
                                              const char              *uuid);
void     _pit_connection_merge_domains        (PitConnection           *self,
                                              GPtrArray               *handles,
                                              GPtrArray               *snapshots);

/* pit-connection-open.c */
void     _pit_connection_reconnect            (PitConnection           *self);

/* pit-connection-refresh.c */
void     _pit_connection_start_refresh        (PitConnection           *self,
                                              virDomainPtr             handle,
                                              const char              *uuid);

/* pit-connection-events.c */
void     _pit_connection_register_callbacks   (PitConnection           *self,
                                              virConnectPtr            handle,
                                              guint                    generation,
                                              PitConnectionCallbacks  *callbacks);
void     _pit_connection_unregister_callbacks (virConnectPtr            handle,
                                              PitConnectionCallbacks  *callbacks);
void     _pit_connection_close_handle         (const char              *uri,
                                              virConnectPtr            handle,
                                              PitConnectionCallbacks  *callbacks);

G_END_DECLS
