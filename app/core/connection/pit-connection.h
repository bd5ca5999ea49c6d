/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <libvirt/libvirt.h>

#include "pit-connection-status.h"
#include "pit-domain.h"

G_BEGIN_DECLS

#define PIT_TYPE_CONNECTION (pit_connection_get_type ())

G_DECLARE_FINAL_TYPE (PitConnection, pit_connection, PIT, CONNECTION, GObject)

/**
 * PitConnectionDetailsReader:
 * Reads one domain's XML in a worker thread (blocking); the default is
 * pit_domain_snapshot_fetch_details().  Several run at once.
 */
typedef PitDomainSnapshot *(*PitConnectionDetailsReader) (virDomainPtr     domain,
                                                          PitDomainState   state,
                                                          gpointer         user_data,
                                                          GError         **error);

void                 pit_core_init                  (void);

PitConnection       *pit_connection_new             (const char           *uri);
void                 pit_connection_open_early      (const char           *uri);
PitConnection       *pit_connection_take_early      (const char           *uri);
void                 pit_connection_set_list_first  (PitConnection        *self,
                                                     gboolean              list_first);
void                 pit_connection_set_details_reader (PitConnection              *self,
                                                        PitConnectionDetailsReader  reader,
                                                        gpointer                    user_data);
const char          *pit_connection_get_uri         (PitConnection        *self);
gboolean             pit_connection_is_demo         (PitConnection        *self);
PitConnectionStatus  pit_connection_get_status      (PitConnection        *self);
const GError        *pit_connection_get_error       (PitConnection        *self);
GListModel          *pit_connection_get_domains     (PitConnection        *self);
PitDomain           *pit_connection_find_domain     (PitConnection        *self,
                                                     const char           *name_or_uuid);
virConnectPtr        pit_connection_get_handle      (PitConnection        *self);
void                 pit_connection_open_async      (PitConnection        *self,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
gboolean             pit_connection_open_finish     (PitConnection        *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);
gboolean             pit_connection_open_sync       (PitConnection        *self,
                                                     GError              **error);
void                 pit_connection_close           (PitConnection        *self);
void                 pit_connection_refresh_domain  (PitConnection        *self,
                                                     const char           *uuid);

G_END_DECLS
