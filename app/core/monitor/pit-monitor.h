/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "pit-connection.h"
#include "pit-domain-monitor.h"

G_BEGIN_DECLS

#define PIT_MONITOR_MIN_INTERVAL 1
#define PIT_MONITOR_MAX_INTERVAL 10
#define PIT_MONITOR_DEFAULT_HISTORY 300

#define PIT_TYPE_MONITOR (pit_monitor_get_type ())

G_DECLARE_FINAL_TYPE (PitMonitor, pit_monitor, PIT, MONITOR, GObject)

PitMonitor       *pit_monitor_new                (PitConnection *connection);
PitMonitor       *pit_monitor_new_full           (PitConnection *connection,
                                                  guint          history_length);
PitConnection    *pit_monitor_get_connection     (PitMonitor    *self);
GListModel       *pit_monitor_get_domains        (PitMonitor    *self);
PitDomainMonitor *pit_monitor_find_domain        (PitMonitor    *self,
                                                  const char    *name_or_uuid);
guint             pit_monitor_get_interval       (PitMonitor    *self);
void              pit_monitor_set_interval       (PitMonitor    *self,
                                                  guint          seconds);
guint             pit_monitor_get_idle_interval  (PitMonitor    *self);
void              pit_monitor_set_idle_interval  (PitMonitor    *self,
                                                  guint          seconds);
guint             pit_monitor_get_effective_interval (PitMonitor *self);
gboolean          pit_monitor_get_sampling       (PitMonitor    *self);
void              pit_monitor_hold               (PitMonitor    *self);
void              pit_monitor_release            (PitMonitor    *self);
guint             pit_monitor_get_viewers        (PitMonitor    *self);
gboolean          pit_monitor_sample_now         (PitMonitor    *self);
guint             pit_monitor_get_ticks          (PitMonitor    *self);
guint             pit_monitor_get_skipped_ticks  (PitMonitor    *self);
guint             pit_monitor_get_host_cpus      (PitMonitor    *self);
gboolean          pit_monitor_get_uses_fallback  (PitMonitor    *self);
const GError     *pit_monitor_get_error          (PitMonitor    *self);

G_END_DECLS
