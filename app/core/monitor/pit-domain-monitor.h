/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "pit-domain.h"
#include "pit-monitor-rates.h"
#include "pit-monitor-series.h"
#include "pit-ring-buffer.h"

G_BEGIN_DECLS

#define PIT_TYPE_DOMAIN_MONITOR (pit_domain_monitor_get_type ())

G_DECLARE_FINAL_TYPE (PitDomainMonitor, pit_domain_monitor, PIT, DOMAIN_MONITOR, GObject)

PitDomain       *pit_domain_monitor_get_domain  (PitDomainMonitor *self);
const char      *pit_domain_monitor_get_uri     (PitDomainMonitor *self);
const char      *pit_domain_monitor_get_name    (PitDomainMonitor *self);
const char      *pit_domain_monitor_get_uuid    (PitDomainMonitor *self);
PitDomainState   pit_domain_monitor_get_state   (PitDomainMonitor *self);
PitMonitorRates *pit_domain_monitor_get_rates   (PitDomainMonitor *self);
PitRingBuffer   *pit_domain_monitor_get_times   (PitDomainMonitor *self);
PitRingBuffer   *pit_domain_monitor_get_history (PitDomainMonitor *self,
                                                 PitMonitorSeries  series);
guint            pit_domain_monitor_get_n_samples (PitDomainMonitor *self);
guint            pit_domain_monitor_get_n_updates (PitDomainMonitor *self);
gboolean         pit_domain_monitor_summarize   (PitDomainMonitor *self,
                                                 PitMonitorSeries  series,
                                                 double            seconds,
                                                 double           *mean,
                                                 double           *max);

G_END_DECLS
