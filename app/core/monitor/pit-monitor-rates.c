/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-monitor"

#include "config.h"

#include <math.h>

#include "pit-monitor-rates.h"

/* Pure functions: two samples in, figures out.  Tested on recorded
 * sequences (tests/fixtures/monitor/) without libvirt. */

G_DEFINE_BOXED_TYPE (PitMonitorRates, pit_monitor_rates, pit_monitor_rates_ref, pit_monitor_rates_unref)

#define UNKNOWN PIT_MONITOR_UNKNOWN
#define NS_PER_SECOND 1e9

static void
disk_rates_clear (gpointer data)
{
  PitMonitorDiskRates *disk = data;

  g_free (disk->name);
}

static void
nic_rates_clear (gpointer data)
{
  PitMonitorNicRates *nic = data;

  g_free (nic->name);
}

static void
rates_clear (PitMonitorRates *self)
{
  g_free (self->uuid);
  g_free (self->name);
  g_clear_pointer (&self->per_vcpu, g_array_unref);
  g_clear_pointer (&self->disks, g_array_unref);
  g_clear_pointer (&self->nics, g_array_unref);
}

PitMonitorRates *
pit_monitor_rates_ref (PitMonitorRates *self)
{
  return g_atomic_rc_box_acquire (self);
}

void
pit_monitor_rates_unref (PitMonitorRates *self)
{
  g_atomic_rc_box_release_full (self, (GDestroyNotify) rates_clear);
}

static gboolean
went_back (guint64 before,
           guint64 after)
{
  return before != UNKNOWN && after != UNKNOWN && after < before;
}

/* per second; NaN when unknown or when the counter went backwards */
static double
counter_rate (guint64 before,
              guint64 after,
              double  seconds)
{
  if (before == UNKNOWN || after == UNKNOWN || after < before || !(seconds > 0))
    return NAN;
  return (double) (after - before) / seconds;
}

static guint64
counter_delta (guint64 before,
               guint64 after)
{
  if (before == UNKNOWN || after == UNKNOWN || after < before)
    return UNKNOWN;
  return after - before;
}

static double
clamp_percent (double value)
{
  if (isnan (value))
    return NAN;
  return CLAMP (value, 0.0, 100.0);
}

static double
kib_to_bytes (guint64 kib)
{
  return kib == UNKNOWN ? NAN : (double) kib * 1024.0;
}

/**
 * pit_monitor_rates_is_reset:
 * Returns: whether @current cannot be compared with @previous at all: the
 *   guest was started again (a new domain ID, or its CPU time went back)
 */
gboolean
pit_monitor_rates_is_reset (const PitMonitorSample *previous,
                            const PitMonitorSample *current)
{
  if (previous == NULL || current == NULL)
    return FALSE;
  if (previous->id >= 0 && current->id >= 0 && previous->id != current->id)
    return TRUE;
  return went_back (previous->cpu_time, current->cpu_time);
}

/* Sums of one figure over the devices present in both samples.  A device
 * whose counters went backwards makes the total unknown for this interval
 * (a dip to zero would be as wrong as a spike); a device that is new or
 * gone does not count. */
typedef struct
{
  double sum;
  guint known;
  gboolean reset;  /* or nothing to compare with: the total is unknown */
} Total;

static void
total_add (Total  *total,
           double  value)
{
  if (!isnan (value))
    {
      total->sum += value;
      total->known++;
    }
}

static double
total_get (const Total *total,
           guint        n_devices)
{
  if (total->reset)
    return NAN;
  if (n_devices == 0)
    return 0.0;
  return total->known > 0 ? total->sum : NAN;
}

static double
latency_ms (guint64 times,
            guint64 reqs)
{
  if (times == UNKNOWN || reqs == UNKNOWN || reqs == 0)
    return NAN;
  return (double) times / (double) reqs / 1e6;
}

static void
compute_cpu (PitMonitorRates        *self,
             const PitMonitorSample *previous,
             const PitMonitorSample *current,
             guint                   host_cpus)
{
  double cpu_ns = previous ? counter_rate (previous->cpu_time, current->cpu_time, self->seconds) : NAN;
  double wait_sum = 0, delay_sum = 0;
  guint wait_known = 0, delay_known = 0;

  if (current->vcpu_current != UNKNOWN)
    self->vcpus = (guint) current->vcpu_current;
  else
    self->vcpus = current->vcpus->len;

  self->cpu_percent = self->vcpus > 0 ? clamp_percent (cpu_ns / NS_PER_SECOND / self->vcpus * 100) : NAN;
  self->cpu_host_percent = host_cpus > 0 ? clamp_percent (cpu_ns / NS_PER_SECOND / host_cpus * 100) : NAN;

  self->per_vcpu = g_array_sized_new (FALSE, FALSE, sizeof (PitMonitorVcpuRates), current->vcpus->len);
  for (guint i = 0; i < current->vcpus->len; i++)
    {
      const PitMonitorVcpuSample *now = &g_array_index (current->vcpus, PitMonitorVcpuSample, i);
      const PitMonitorVcpuSample *before = NULL;
      PitMonitorVcpuRates rates = { i, NAN, NAN, NAN };

      if (previous != NULL && i < previous->vcpus->len)
        before = &g_array_index (previous->vcpus, PitMonitorVcpuSample, i);
      if (before != NULL)
        {
          rates.percent = clamp_percent (counter_rate (before->time, now->time, self->seconds) / 1e7);
          rates.wait_percent = clamp_percent (counter_rate (before->wait, now->wait, self->seconds) / 1e7);
          rates.delay_percent = clamp_percent (counter_rate (before->delay, now->delay, self->seconds) / 1e7);
        }
      if (!isnan (rates.wait_percent))
        {
          wait_sum += rates.wait_percent;
          wait_known++;
        }
      if (!isnan (rates.delay_percent))
        {
          delay_sum += rates.delay_percent;
          delay_known++;
        }
      g_array_append_val (self->per_vcpu, rates);
    }
  self->vcpu_wait_percent = wait_known ? wait_sum / wait_known : NAN;
  self->vcpu_delay_percent = delay_known ? delay_sum / delay_known : NAN;
}

static void
compute_memory (PitMonitorRates        *self,
                const PitMonitorSample *current)
{
  self->memory_current = kib_to_bytes (current->balloon_current);
  self->memory_maximum = kib_to_bytes (current->balloon_maximum);
  self->memory_rss = kib_to_bytes (current->balloon_rss);
  self->memory_unused = kib_to_bytes (current->balloon_unused);
  self->memory_available = kib_to_bytes (current->balloon_available);
  self->memory_usable = kib_to_bytes (current->balloon_usable);

  if (!isnan (self->memory_available) && !isnan (self->memory_unused)
      && self->memory_available >= self->memory_unused)
    {
      double caches = kib_to_bytes (current->balloon_disk_caches);

      self->memory_used = self->memory_available - self->memory_unused;
      if (!isnan (caches) && caches <= self->memory_used)
        self->memory_used -= caches;
    }
  else if (!isnan (self->memory_rss))
    self->memory_used = self->memory_rss;
  else
    self->memory_used = self->memory_current;
}

static void
compute_disks (PitMonitorRates        *self,
               const PitMonitorSample *previous,
               const PitMonitorSample *current)
{
  Total rd = { 0 }, wr = { 0 }, rd_iops = { 0 }, wr_iops = { 0 };
  guint64 all_times = 0, all_reqs = 0;
  gboolean latency_known = FALSE;

  self->disks = g_array_sized_new (FALSE, FALSE, sizeof (PitMonitorDiskRates), current->disks->len);
  g_array_set_clear_func (self->disks, disk_rates_clear);

  for (guint i = 0; i < current->disks->len; i++)
    {
      const PitMonitorDiskSample *now = &g_array_index (current->disks, PitMonitorDiskSample, i);
      const PitMonitorDiskSample *before = previous ? pit_monitor_sample_find_disk (previous, now->name) : NULL;
      PitMonitorDiskRates rates = { g_strdup (now->name), NAN, NAN, NAN, NAN, NAN, NAN };

      if (before != NULL)
        {
          gboolean reset = went_back (before->rd_reqs, now->rd_reqs) || went_back (before->rd_bytes, now->rd_bytes)
                           || went_back (before->wr_reqs, now->wr_reqs) || went_back (before->wr_bytes, now->wr_bytes);
          guint64 rd_reqs = counter_delta (before->rd_reqs, now->rd_reqs);
          guint64 wr_reqs = counter_delta (before->wr_reqs, now->wr_reqs);
          guint64 rd_times = counter_delta (before->rd_times, now->rd_times);
          guint64 wr_times = counter_delta (before->wr_times, now->wr_times);

          if (reset)
            {
              rd.reset = wr.reset = rd_iops.reset = wr_iops.reset = TRUE;
            }
          else
            {
              rates.read_bytes_per_second = counter_rate (before->rd_bytes, now->rd_bytes, self->seconds);
              rates.write_bytes_per_second = counter_rate (before->wr_bytes, now->wr_bytes, self->seconds);
              rates.read_iops = counter_rate (before->rd_reqs, now->rd_reqs, self->seconds);
              rates.write_iops = counter_rate (before->wr_reqs, now->wr_reqs, self->seconds);
              rates.read_latency_ms = latency_ms (rd_times, rd_reqs);
              rates.write_latency_ms = latency_ms (wr_times, wr_reqs);
              if (rd_times != UNKNOWN && rd_reqs != UNKNOWN)
                {
                  all_times += rd_times;
                  all_reqs += rd_reqs;
                  latency_known = TRUE;
                }
              if (wr_times != UNKNOWN && wr_reqs != UNKNOWN)
                {
                  all_times += wr_times;
                  all_reqs += wr_reqs;
                  latency_known = TRUE;
                }
            }
        }
      total_add (&rd, rates.read_bytes_per_second);
      total_add (&wr, rates.write_bytes_per_second);
      total_add (&rd_iops, rates.read_iops);
      total_add (&wr_iops, rates.write_iops);
      g_array_append_val (self->disks, rates);
    }

  if (previous == NULL)
    rd.reset = wr.reset = rd_iops.reset = wr_iops.reset = TRUE;  /* nothing to compare with */
  self->disk_read_bytes_per_second = total_get (&rd, current->disks->len);
  self->disk_write_bytes_per_second = total_get (&wr, current->disks->len);
  self->disk_read_iops = total_get (&rd_iops, current->disks->len);
  self->disk_write_iops = total_get (&wr_iops, current->disks->len);
  self->disk_latency_ms = latency_known && !rd.reset ? latency_ms (all_times, all_reqs) : NAN;
}

static void
compute_nics (PitMonitorRates        *self,
              const PitMonitorSample *previous,
              const PitMonitorSample *current)
{
  Total rx = { 0 }, tx = { 0 }, rx_drop = { 0 }, tx_drop = { 0 };

  self->nics = g_array_sized_new (FALSE, FALSE, sizeof (PitMonitorNicRates), current->nics->len);
  g_array_set_clear_func (self->nics, nic_rates_clear);

  for (guint i = 0; i < current->nics->len; i++)
    {
      const PitMonitorNicSample *now = &g_array_index (current->nics, PitMonitorNicSample, i);
      const PitMonitorNicSample *before = previous ? pit_monitor_sample_find_nic (previous, now->name) : NULL;
      PitMonitorNicRates rates = { g_strdup (now->name), NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN };

      if (before != NULL)
        {
          gboolean reset = went_back (before->rx_bytes, now->rx_bytes) || went_back (before->tx_bytes, now->tx_bytes)
                           || went_back (before->rx_pkts, now->rx_pkts) || went_back (before->tx_pkts, now->tx_pkts);

          if (reset)
            {
              rx.reset = tx.reset = rx_drop.reset = tx_drop.reset = TRUE;
            }
          else
            {
              rates.rx_bytes_per_second = counter_rate (before->rx_bytes, now->rx_bytes, self->seconds);
              rates.tx_bytes_per_second = counter_rate (before->tx_bytes, now->tx_bytes, self->seconds);
              rates.rx_packets_per_second = counter_rate (before->rx_pkts, now->rx_pkts, self->seconds);
              rates.tx_packets_per_second = counter_rate (before->tx_pkts, now->tx_pkts, self->seconds);
              rates.rx_drops_per_second = counter_rate (before->rx_drop, now->rx_drop, self->seconds);
              rates.tx_drops_per_second = counter_rate (before->tx_drop, now->tx_drop, self->seconds);
              rates.rx_errors_per_second = counter_rate (before->rx_errs, now->rx_errs, self->seconds);
              rates.tx_errors_per_second = counter_rate (before->tx_errs, now->tx_errs, self->seconds);
            }
        }
      total_add (&rx, rates.rx_bytes_per_second);
      total_add (&tx, rates.tx_bytes_per_second);
      total_add (&rx_drop, rates.rx_drops_per_second);
      total_add (&tx_drop, rates.tx_drops_per_second);
      g_array_append_val (self->nics, rates);
    }

  if (previous == NULL)
    rx.reset = tx.reset = rx_drop.reset = tx_drop.reset = TRUE;  /* nothing to compare with */
  self->net_rx_bytes_per_second = total_get (&rx, current->nics->len);
  self->net_tx_bytes_per_second = total_get (&tx, current->nics->len);
  self->net_rx_drops_per_second = total_get (&rx_drop, current->nics->len);
  self->net_tx_drops_per_second = total_get (&tx_drop, current->nics->len);
}

/**
 * pit_monitor_rates_compute:
 * @previous: (nullable): the domain's sample before @current, if any
 * @current: the newer sample of the same domain
 * @host_cpus: the host's logical CPUs (0 when unknown)
 *
 * Without @previous (or when the guest was started again in between) only
 * the memory figures are known.
 *
 * Returns: (transfer full): the figures
 */
PitMonitorRates *
pit_monitor_rates_compute (const PitMonitorSample *previous,
                           const PitMonitorSample *current,
                           guint                   host_cpus)
{
  PitMonitorRates *self;

  g_return_val_if_fail (current != NULL, NULL);

  if (pit_monitor_rates_is_reset (previous, current))
    previous = NULL;

  self = g_atomic_rc_box_new0 (PitMonitorRates);
  self->uuid = g_strdup (current->uuid);
  self->name = g_strdup (current->name);
  self->state = current->state == UNKNOWN ? 0 : (guint) current->state;
  self->real_time_us = current->real_time_us;
  self->seconds = NAN;
  if (previous != NULL && current->monotonic_us > previous->monotonic_us)
    self->seconds = (current->monotonic_us - previous->monotonic_us) / (double) G_USEC_PER_SEC;
  else
    previous = NULL;

  compute_cpu (self, previous, current, host_cpus);
  compute_memory (self, current);
  compute_disks (self, previous, current);
  compute_nics (self, previous, current);

  return self;
}
