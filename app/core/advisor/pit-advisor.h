/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "pit-advisor-finding.h"
#include "pit-advisor-report.h"
#include "pit-connection.h"
#include "pit-host-inventory.h"

G_BEGIN_DECLS

/* The advisor: reads a VM's XML (and the host's facts) and says what holds
 * the VM back.  Rules live in app/core/advisor/rules/, one topic per file;
 * this is their registry.  Rules never fail: odd XML gives no finding. */

typedef struct _PitAdvisorContext PitAdvisorContext; /* the rules' input: pit-advisor-context.h */

typedef struct
{
  const char *id;          /* "cpu-topology" */
  const char *title;       /* untranslated (N_()): what it checks */
  gboolean needs_host;     /* skipped without host facts */
  void (*run) (PitAdvisorContext *context);
} PitAdvisorRule;

/* (array length=n_rules): every rule, in the order they run */
const PitAdvisorRule *pit_advisor_get_rules      (guint              *n_rules);

/* Checks @xml.  @host: (nullable): the host's facts; without them the rules
 * that need them are listed in the report as skipped.  @running: whether
 * the VM runs now (its hugepages are then already taken from the pools).
 * Fails only when @xml is not a domain. */
PitAdvisorReport     *pit_advisor_check_xml      (const char         *xml,
                                                  PitHostInventory   *host,
                                                  gboolean            running,
                                                  GError            **error);

/* Checks a domain of a connection: its inactive XML (what the wizard
 * edits) and, when @host is %NULL, the connection's host inventory
 * (pit_host_inventory_for_connection_sync(), with the VM's disks).  Pass
 * an inventory you already have to check many VMs quickly (the VM list's
 * badges); it is only read.  Blocking: _async runs in a thread. */
PitAdvisorReport     *pit_advisor_check_domain_sync   (PitConnection       *connection,
                                                       PitDomain           *domain,
                                                       PitHostInventory    *host,
                                                       GError             **error);
void                  pit_advisor_check_domain_async  (PitConnection       *connection,
                                                       PitDomain           *domain,
                                                       PitHostInventory    *host,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
PitAdvisorReport     *pit_advisor_check_domain_finish (GAsyncResult        *result,
                                                       GError             **error);

/* Every domain of a connection (the VM list's badges): one host inventory
 * for all, in a thread.  (element-type PitAdvisorReport): in the order of
 * pit_connection_get_domains(); a domain whose XML cannot be read is left
 * out.  Fails only when the connection's domains cannot be listed. */
void                  pit_advisor_check_all_async     (PitConnection       *connection,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
GPtrArray            *pit_advisor_check_all_finish    (GAsyncResult        *result,
                                                       GError             **error);

G_END_DECLS
