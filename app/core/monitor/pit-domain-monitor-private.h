/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pit-domain-monitor.h"
#include "pit-monitor-sample.h"

G_BEGIN_DECLS

/* For PitMonitor only. */
PitDomainMonitor *_pit_domain_monitor_new   (PitDomain        *domain,
                                            const char       *uri,
                                            guint             history_length);
void              _pit_domain_monitor_push  (PitDomainMonitor *self,
                                            PitMonitorSample *sample,
                                            guint             host_cpus);
void              _pit_domain_monitor_reset (PitDomainMonitor *self);

G_END_DECLS
