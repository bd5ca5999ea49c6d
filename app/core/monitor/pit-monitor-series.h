/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "pit-monitor-rates.h"

G_BEGIN_DECLS

/* The figures a domain monitor keeps a history of, one ring buffer each. */
typedef enum
{
  PIT_MONITOR_SERIES_CPU,           /* % of its vCPUs */
  PIT_MONITOR_SERIES_CPU_HOST,      /* % of the host's CPUs */
  PIT_MONITOR_SERIES_VCPU_DELAY,    /* % of the time vCPUs waited for a host CPU */
  PIT_MONITOR_SERIES_MEMORY_USED,   /* bytes */
  PIT_MONITOR_SERIES_DISK_READ,     /* bytes/s */
  PIT_MONITOR_SERIES_DISK_WRITE,    /* bytes/s */
  PIT_MONITOR_SERIES_DISK_IOPS,     /* reads + writes per second */
  PIT_MONITOR_SERIES_DISK_LATENCY,  /* ms per request */
  PIT_MONITOR_SERIES_NET_RX,        /* bytes/s */
  PIT_MONITOR_SERIES_NET_TX,        /* bytes/s */
  PIT_MONITOR_N_SERIES
} PitMonitorSeries;

double      pit_monitor_series_get_value (PitMonitorSeries       series,
                                          const PitMonitorRates *rates);
const char *pit_monitor_series_to_id     (PitMonitorSeries       series);
const char *pit_monitor_series_to_string (PitMonitorSeries       series);

G_END_DECLS
