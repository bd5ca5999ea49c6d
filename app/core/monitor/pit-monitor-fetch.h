/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <libvirt/libvirt.h>

#include "pit-domain-summary.h"
#include "pit-monitor-sample.h"

G_BEGIN_DECLS

/* One tick's blocking libvirt work, run in a worker thread: one bulk
 * virConnectGetAllDomainStats call, and per-domain calls for the domains
 * the bulk call said nothing useful about (libvirt's test driver, drivers
 * without bulk stats). */

typedef enum
{
  PIT_MONITOR_BULK_UNTRIED,
  PIT_MONITOR_BULK_WORKS,
  PIT_MONITOR_BULK_UNSUPPORTED,
} PitMonitorBulkSupport;

typedef struct
{
  /* in */
  virConnectPtr connection;           /* a reference, released by free */
  GHashTable *summaries;              /* uuid → PitDomainSummary: devices for the fallback */
  /* in and out: what was learnt, kept by the caller for the next tick */
  PitMonitorBulkSupport bulk;
  guint host_cpus;
  /* out */
  GPtrArray *samples;                 /* PitMonitorSample of the active domains */
  guint n_fallback;                   /* how many of them needed per-domain calls */
} PitMonitorFetch;

PitMonitorFetch *pit_monitor_fetch_new          (virConnectPtr       connection);
void             pit_monitor_fetch_free         (PitMonitorFetch    *self);
gboolean         pit_monitor_fetch_run          (PitMonitorFetch    *self,
                                                 GError            **error);
void             pit_monitor_fetch_domain       (virDomainPtr        domain,
                                                 const PitDomainSummary *summary,
                                                 PitMonitorSample   *sample);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PitMonitorFetch, pit_monitor_fetch_free)

G_END_DECLS
