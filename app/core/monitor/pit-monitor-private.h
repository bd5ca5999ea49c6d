/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pit-monitor-fetch.h"
#include "pit-monitor.h"

G_BEGIN_DECLS

/* Shared by pit-monitor.c (the object, its domains) and pit-monitor-tick.c
 * (the timer and the worker). */

struct _PitMonitor
{
  GObject parent_instance;

  PitConnection *connection;
  gulong status_handler;
  gulong items_handler;

  GListStore *domains;
  GHashTable *by_domain;     /* PitDomain → PitDomainMonitor (borrowed) */
  guint history_length;

  guint interval;
  guint idle_interval;
  guint viewers;
  guint timer;
  guint period;              /* of the running timer; 0 when stopped */
  gint64 last_start;         /* monotonic µs of the last fetch started */

  gboolean in_flight;
  guint generation;
  PitMonitorBulkSupport bulk;
  guint host_cpus;
  gboolean uses_fallback;
  guint n_ticks;
  guint n_skipped;
  GError *error;
};

gboolean _pit_monitor_is_connected  (PitMonitor *self);
void     _pit_monitor_update_timer  (PitMonitor *self);

G_END_DECLS
