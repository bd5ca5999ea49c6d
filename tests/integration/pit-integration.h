/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <libvirt/libvirt.h>

#include "pit-connection.h"

G_BEGIN_DECLS

/* Shared by the integration test programs.  They talk to a real libvirtd
 * (qemu:///system) that build-aux/run-integration.sh started inside a
 * network namespace; PITSTOP_INTEGRATION_DIR names its state directory.
 * Every guest is called "pitstop-it-…" and is removed by the teardown even
 * when a test dies half-way. */

#define PIT_INTEGRATION_URI    "qemu:///system"
#define PIT_INTEGRATION_PREFIX "pitstop-it-"
#define PIT_INTEGRATION_BRIDGE "pitbr0"

/* The model must follow a change made elsewhere within this long. */
#define PIT_INTEGRATION_EVENT_MS 1000

gboolean       pit_integration_skip          (void);
void           pit_integration_init          (int          *argc,
                                              char       ***argv);
char          *pit_integration_domain_xml    (const char   *name,
                                              guint         memory_mib);
char          *pit_integration_write_xml     (const char   *name,
                                              const char   *xml);
char          *pit_integration_virsh         (const char   *first_arg,
                                              ...) G_GNUC_NULL_TERMINATED;
gboolean       pit_integration_virsh_try     (char        **err,
                                              const char   *first_arg,
                                              ...) G_GNUC_NULL_TERMINATED;
char          *pit_integration_xpath         (const char   *xml,
                                              const char   *path);
void           pit_integration_assert_xpath  (const char   *xml,
                                              const char   *path,
                                              const char   *expected);
void           pit_integration_daemons       (const char   *command);
virConnectPtr  pit_integration_connect       (void);
PitConnection *pit_integration_open          (void);
void           pit_integration_remove_domain (const char   *name);
gboolean       pit_integration_wait_state    (PitConnection *connection,
                                              const char    *name,
                                              PitDomainState state,
                                              guint          timeout_ms,
                                              gint64        *elapsed_ms);
gboolean       pit_integration_wait_gone     (PitConnection *connection,
                                              const char    *name,
                                              guint          timeout_ms,
                                              gint64        *elapsed_ms);
gboolean       pit_integration_wait_status   (PitConnection       *connection,
                                              PitConnectionStatus  status,
                                              guint                timeout_ms);
guint          pit_integration_count_ours    (PitConnection *connection);
void           pit_integration_define        (const char    *name,
                                              gboolean       start);
gulong         pit_integration_record_status (PitConnection *connection,
                                              GArray        *seen);
void           pit_integration_assert_lost_then_back (GArray *seen);

typedef struct _PitIntegrationHeartbeat PitIntegrationHeartbeat;

PitIntegrationHeartbeat *pit_integration_heartbeat_start (void);
gint64                   pit_integration_heartbeat_stop  (PitIntegrationHeartbeat *beat);

G_END_DECLS
