/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "pit-monitor.h"

G_BEGIN_DECLS

#define PIT_TYPE_MONITOR_GROUP (pit_monitor_group_get_type ())

G_DECLARE_FINAL_TYPE (PitMonitorGroup, pit_monitor_group, PIT, MONITOR_GROUP, GObject)

PitMonitorGroup  *pit_monitor_group_new          (void);
void              pit_monitor_group_add          (PitMonitorGroup *self,
                                                  PitMonitor      *monitor);
void              pit_monitor_group_remove       (PitMonitorGroup *self,
                                                  PitMonitor      *monitor);
GListModel       *pit_monitor_group_get_monitors (PitMonitorGroup *self);
PitDomainMonitor *pit_monitor_group_find_domain  (PitMonitorGroup *self,
                                                  const char      *uri,
                                                  const char      *name_or_uuid);
void              pit_monitor_group_set_interval (PitMonitorGroup *self,
                                                  guint            seconds);
void              pit_monitor_group_hold         (PitMonitorGroup *self);
void              pit_monitor_group_release      (PitMonitorGroup *self);
guint             pit_monitor_group_count_running (PitMonitorGroup *self);

G_END_DECLS
