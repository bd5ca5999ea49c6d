/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-monitor"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "pit-monitor-series.h"

static double
sum (double a,
     double b)
{
  if (isnan (a) || isnan (b))
    return NAN;
  return a + b;
}

/**
 * pit_monitor_series_get_value:
 * Returns: the figure of @rates that @series records (NaN when unknown)
 */
double
pit_monitor_series_get_value (PitMonitorSeries       series,
                              const PitMonitorRates *rates)
{
  g_return_val_if_fail (rates != NULL, NAN);

  switch (series)
    {
    case PIT_MONITOR_SERIES_CPU:
      return rates->cpu_percent;
    case PIT_MONITOR_SERIES_CPU_HOST:
      return rates->cpu_host_percent;
    case PIT_MONITOR_SERIES_VCPU_DELAY:
      return rates->vcpu_delay_percent;
    case PIT_MONITOR_SERIES_MEMORY_USED:
      return rates->memory_used;
    case PIT_MONITOR_SERIES_DISK_READ:
      return rates->disk_read_bytes_per_second;
    case PIT_MONITOR_SERIES_DISK_WRITE:
      return rates->disk_write_bytes_per_second;
    case PIT_MONITOR_SERIES_DISK_IOPS:
      return sum (rates->disk_read_iops, rates->disk_write_iops);
    case PIT_MONITOR_SERIES_DISK_LATENCY:
      return rates->disk_latency_ms;
    case PIT_MONITOR_SERIES_NET_RX:
      return rates->net_rx_bytes_per_second;
    case PIT_MONITOR_SERIES_NET_TX:
      return rates->net_tx_bytes_per_second;
    case PIT_MONITOR_N_SERIES:
    default:
      g_return_val_if_reached (NAN);
    }
}

/**
 * pit_monitor_series_to_id:
 * Returns: a stable name for files and JSON ("disk-read")
 */
const char *
pit_monitor_series_to_id (PitMonitorSeries series)
{
  static const char *const ids[] = {
    "cpu", "cpu-host", "vcpu-delay", "memory-used", "disk-read", "disk-write",
    "disk-iops", "disk-latency", "net-rx", "net-tx",
  };

  G_STATIC_ASSERT (G_N_ELEMENTS (ids) == PIT_MONITOR_N_SERIES);
  g_return_val_if_fail (series < PIT_MONITOR_N_SERIES, NULL);

  return ids[series];
}

/**
 * pit_monitor_series_to_string:
 * Returns: the translated name, for a graph's title
 */
const char *
pit_monitor_series_to_string (PitMonitorSeries series)
{
  static const char *const names[] = {
    N_("CPU"), N_("Host CPU"), N_("vCPU wait for host CPU"), N_("Memory used"),
    N_("Disk read"), N_("Disk write"), N_("Disk operations"), N_("Disk latency"),
    N_("Network received"), N_("Network sent"),
  };

  G_STATIC_ASSERT (G_N_ELEMENTS (names) == PIT_MONITOR_N_SERIES);
  g_return_val_if_fail (series < PIT_MONITOR_N_SERIES, NULL);

  return _(names[series]);
}
