/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "pit-monitor-sample.h"

G_BEGIN_DECLS

/* What a user reads off a dashboard, derived from two raw samples of one
 * domain.  Every figure is NaN when it cannot be known: libvirt does not
 * report it, there is no earlier sample, or a counter went backwards (the
 * guest was started again, a device was replaced).  Rates are never
 * negative, and a device that appeared or disappeared between the samples
 * does not count towards the totals, so there are no spikes. */

typedef struct
{
  guint number;
  double percent;        /* of one host CPU */
  double wait_percent;   /* of the interval spent waiting (I/O) */
  double delay_percent;  /* of the interval runnable but not running (steal-like) */
} PitMonitorVcpuRates;

typedef struct
{
  char *name;
  double read_bytes_per_second;
  double write_bytes_per_second;
  double read_iops;
  double write_iops;
  double read_latency_ms;   /* average per request; NaN without requests */
  double write_latency_ms;
} PitMonitorDiskRates;

typedef struct
{
  char *name;
  double rx_bytes_per_second;
  double tx_bytes_per_second;
  double rx_packets_per_second;
  double tx_packets_per_second;
  double rx_drops_per_second;
  double tx_drops_per_second;
  double rx_errors_per_second;
  double tx_errors_per_second;
} PitMonitorNicRates;

typedef struct
{
  char *uuid;
  char *name;
  guint state;                   /* PitDomainState */
  gint64 real_time_us;           /* when the later sample was read */
  double seconds;                /* between the two samples; NaN for a first sample */

  /* CPU: cpu.time counts all of the domain's threads (vCPUs, emulator, I/O) */
  guint vcpus;
  double cpu_percent;            /* of its vCPUs: 100 when all are busy */
  double cpu_host_percent;       /* of all host CPUs */
  double vcpu_wait_percent;      /* mean over the vCPUs */
  double vcpu_delay_percent;     /* mean over the vCPUs: steal-like */
  GArray *per_vcpu;              /* PitMonitorVcpuRates */

  /* memory in bytes */
  double memory_current;         /* the balloon's size (what the guest has) */
  double memory_maximum;
  double memory_rss;             /* what the host really spends on it */
  double memory_unused;          /* free inside the guest */
  double memory_available;       /* the guest's total as it sees it */
  double memory_usable;          /* could be used without swapping */
  double memory_used;            /* available − unused, else RSS, else current */

  /* disks, summed */
  double disk_read_bytes_per_second;
  double disk_write_bytes_per_second;
  double disk_read_iops;
  double disk_write_iops;
  double disk_latency_ms;        /* mean over reads and writes */
  GArray *disks;                 /* PitMonitorDiskRates */

  /* network, summed */
  double net_rx_bytes_per_second;
  double net_tx_bytes_per_second;
  double net_rx_drops_per_second;
  double net_tx_drops_per_second;
  GArray *nics;                  /* PitMonitorNicRates */
} PitMonitorRates;

#define PIT_TYPE_MONITOR_RATES (pit_monitor_rates_get_type ())

GType            pit_monitor_rates_get_type (void) G_GNUC_CONST;
PitMonitorRates *pit_monitor_rates_compute  (const PitMonitorSample *previous,
                                             const PitMonitorSample *current,
                                             guint                   host_cpus);
PitMonitorRates *pit_monitor_rates_ref      (PitMonitorRates        *self);
void             pit_monitor_rates_unref    (PitMonitorRates        *self);
gboolean         pit_monitor_rates_is_reset (const PitMonitorSample *previous,
                                             const PitMonitorSample *current);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PitMonitorRates, pit_monitor_rates_unref)

G_END_DECLS
