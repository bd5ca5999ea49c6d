/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-monitor"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libvirt/virterror.h>
#include <stdlib.h>

#include "pit-error.h"
#include "pit-libvirt-error.h"
#include "pit-libvirt-guard.h"
#include "pit-libvirt-release.h"
#include "pit-monitor-fetch.h"

#define BULK_STATS (VIR_DOMAIN_STATS_STATE | VIR_DOMAIN_STATS_CPU_TOTAL | VIR_DOMAIN_STATS_VCPU \
                    | VIR_DOMAIN_STATS_BALLOON | VIR_DOMAIN_STATS_BLOCK | VIR_DOMAIN_STATS_INTERFACE)
#define BULK_FLAGS (VIR_CONNECT_GET_ALL_DOMAINS_STATS_ACTIVE | VIR_CONNECT_GET_ALL_DOMAINS_STATS_NOWAIT)

PitMonitorFetch *
pit_monitor_fetch_new (virConnectPtr connection)
{
  PitMonitorFetch *self = g_new0 (PitMonitorFetch, 1);

  g_return_val_if_fail (connection != NULL, NULL);

  virConnectRef (connection);
  self->connection = connection;
  self->summaries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                           (GDestroyNotify) pit_domain_summary_unref);
  self->samples = g_ptr_array_new_with_free_func ((GDestroyNotify) pit_monitor_sample_free);

  return self;
}

void
pit_monitor_fetch_free (PitMonitorFetch *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->connection, pit_libvirt_release_connection);
  g_clear_pointer (&self->summaries, g_hash_table_unref);
  g_clear_pointer (&self->samples, g_ptr_array_unref);
  g_free (self);
}

static gint64
midpoint (gint64 a,
          gint64 b)
{
  return a + (b - a) / 2;
}

static void
set_identity (PitMonitorSample *sample,
              virDomainPtr      domain)
{
  static const char hex[] = "0123456789abcdef";
  unsigned char raw[VIR_UUID_BUFLEN];

  /* all answered from the handle, no round trip; formatted here because
   * virDomainGetUUIDString calls snprintf per byte, a sixth of a tick's
   * CPU time on a 200-domain host */
  if (virDomainGetUUID (domain, raw) == 0)
    {
      char *out = sample->uuid = g_malloc (VIR_UUID_STRING_BUFLEN);

      for (guint i = 0; i < VIR_UUID_BUFLEN; i++)
        {
          if (i == 4 || i == 6 || i == 8 || i == 10)
            *out++ = '-';
          *out++ = hex[raw[i] >> 4];
          *out++ = hex[raw[i] & 0xf];
        }
      *out = '\0';
    }
  sample->name = g_strdup (virDomainGetName (domain));
  sample->id = (int) virDomainGetID (domain);
}

static void
set_memory_stat (PitMonitorSample *sample,
                 int               tag,
                 guint64           value)
{
  switch (tag)
    {
    case VIR_DOMAIN_MEMORY_STAT_ACTUAL_BALLOON:
      sample->balloon_current = value;
      break;
    case VIR_DOMAIN_MEMORY_STAT_RSS:
      sample->balloon_rss = value;
      break;
    case VIR_DOMAIN_MEMORY_STAT_UNUSED:
      sample->balloon_unused = value;
      break;
    case VIR_DOMAIN_MEMORY_STAT_AVAILABLE:
      sample->balloon_available = value;
      break;
    case VIR_DOMAIN_MEMORY_STAT_USABLE:
      sample->balloon_usable = value;
      break;
    case VIR_DOMAIN_MEMORY_STAT_DISK_CACHES:
      sample->balloon_disk_caches = value;
      break;
    case VIR_DOMAIN_MEMORY_STAT_SWAP_IN:
      sample->balloon_swap_in = value;
      break;
    case VIR_DOMAIN_MEMORY_STAT_SWAP_OUT:
      sample->balloon_swap_out = value;
      break;
    case VIR_DOMAIN_MEMORY_STAT_MAJOR_FAULT:
      sample->balloon_major_fault = value;
      break;
    case VIR_DOMAIN_MEMORY_STAT_MINOR_FAULT:
      sample->balloon_minor_fault = value;
      break;
    default:
      break;
    }
}

static guint64
known (long long value)
{
  return value < 0 ? PIT_MONITOR_UNKNOWN : (guint64) value;
}

static gboolean
wants_stats (const PitDiskInfo *disk)
{
  /* an empty CD-ROM drive has nothing to read */
  return disk->target != NULL && (disk->source != NULL || g_strcmp0 (disk->device, "disk") == 0);
}

/**
 * pit_monitor_fetch_domain:
 * @summary: (nullable): the domain's devices, from its XML
 *
 * The per-domain fallback: virDomainGetInfo, virDomainGetVcpus,
 * virDomainMemoryStats, and virDomainBlockStats / virDomainInterfaceStats
 * for each disk and NIC of @summary.  Calls that fail leave their counters
 * unknown.  Blocking: call it in a worker thread.
 */
void
pit_monitor_fetch_domain (virDomainPtr            domain,
                          const PitDomainSummary *summary,
                          PitMonitorSample       *sample)
{
  virDomainMemoryStatStruct memory[VIR_DOMAIN_MEMORY_STAT_NR];
  virDomainInfo info;
  gint64 start = g_get_monotonic_time ();
  gint64 real_start = g_get_real_time ();
  int n;

  PIT_LIBVIRT_CALL_GUARD_DOMAIN (domain);
  sample->source = PIT_MONITOR_SOURCE_FALLBACK;
  if (sample->uuid == NULL)
    set_identity (sample, domain);

  if (virDomainGetInfo (domain, &info) < 0)
    {
      virResetLastError ();
      return;
    }
  sample->state = info.state;
  sample->cpu_time = info.cpuTime;
  sample->vcpu_current = info.nrVirtCpu;
  sample->balloon_current = info.memory;
  sample->balloon_maximum = info.maxMem;

  if (info.state == VIR_DOMAIN_RUNNING || info.state == VIR_DOMAIN_PAUSED
      || info.state == VIR_DOMAIN_BLOCKED)
    {
      g_autofree virVcpuInfo *vcpus = g_new0 (virVcpuInfo, MAX (info.nrVirtCpu, 1));

      n = virDomainGetVcpus (domain, vcpus, info.nrVirtCpu, NULL, 0);
      for (int i = 0; i < n; i++)
        {
          PitMonitorVcpuSample *vcpu = pit_monitor_sample_get_vcpu (sample, vcpus[i].number);

          if (vcpu == NULL)
            continue;
          vcpu->state = vcpus[i].state;
          vcpu->time = vcpus[i].cpuTime;
        }

      n = virDomainMemoryStats (domain, memory, VIR_DOMAIN_MEMORY_STAT_NR, 0);
      for (int i = 0; i < n; i++)
        set_memory_stat (sample, memory[i].tag, memory[i].val);

      for (guint i = 0; summary != NULL && i < summary->disks->len; i++)
        {
          const PitDiskInfo *disk = g_ptr_array_index (summary->disks, i);
          virDomainBlockStatsStruct stats;
          PitMonitorDiskSample *out;

          if (!wants_stats (disk) || virDomainBlockStats (domain, disk->target, &stats, sizeof stats) < 0)
            continue;
          out = pit_monitor_sample_get_disk (sample, sample->disks->len);
          out->name = g_strdup (disk->target);
          out->rd_reqs = known (stats.rd_req);
          out->rd_bytes = known (stats.rd_bytes);
          out->wr_reqs = known (stats.wr_req);
          out->wr_bytes = known (stats.wr_bytes);
          out->errors = known (stats.errs);
        }

      for (guint i = 0; summary != NULL && i < summary->nics->len; i++)
        {
          const PitNicInfo *nic = g_ptr_array_index (summary->nics, i);
          virDomainInterfaceStatsStruct stats;
          PitMonitorNicSample *out;

          /* libvirt takes the MAC address as well as the host-side name */
          if (nic->mac == NULL || virDomainInterfaceStats (domain, nic->mac, &stats, sizeof stats) < 0)
            continue;
          out = pit_monitor_sample_get_nic (sample, sample->nics->len);
          out->name = g_strdup (nic->mac);
          out->rx_bytes = known (stats.rx_bytes);
          out->rx_pkts = known (stats.rx_packets);
          out->rx_errs = known (stats.rx_errs);
          out->rx_drop = known (stats.rx_drop);
          out->tx_bytes = known (stats.tx_bytes);
          out->tx_pkts = known (stats.tx_packets);
          out->tx_errs = known (stats.tx_errs);
          out->tx_drop = known (stats.tx_drop);
        }
    }
  virResetLastError ();

  sample->monotonic_us = midpoint (start, g_get_monotonic_time ());
  sample->real_time_us = midpoint (real_start, g_get_real_time ());
}

static gboolean
is_active (guint64 state)
{
  return state == VIR_DOMAIN_RUNNING || state == VIR_DOMAIN_PAUSED || state == VIR_DOMAIN_BLOCKED
         || state == VIR_DOMAIN_SHUTDOWN || state == VIR_DOMAIN_PMSUSPENDED;
}

static void
fallback_all (PitMonitorFetch *self,
              virDomainPtr    *domains,
              int              n)
{
  for (int i = 0; i < n; i++)
    {
      PitMonitorSample *sample = pit_monitor_sample_new ();

      set_identity (sample, domains[i]);
      pit_monitor_fetch_domain (domains[i], g_hash_table_lookup (self->summaries, sample->uuid), sample);
      g_ptr_array_add (self->samples, sample);
      self->n_fallback++;
    }
}

/**
 * pit_monitor_fetch_run:
 * Reads every active domain of the connection into @self->samples.
 * Blocking: call it in a worker thread.
 */
gboolean
pit_monitor_fetch_run (PitMonitorFetch  *self,
                       GError          **error)
{
  virDomainStatsRecordPtr *records = NULL;
  gint64 start, real_start;
  int n;

  g_return_val_if_fail (self != NULL, FALSE);

  PIT_LIBVIRT_CALL_GUARD (self->connection);
  if (self->host_cpus == 0)
    {
      virNodeInfo node;

      if (virNodeGetInfo (self->connection, &node) == 0)
        self->host_cpus = node.cpus;
      virResetLastError ();
    }

  if (self->bulk != PIT_MONITOR_BULK_UNSUPPORTED)
    {
      start = g_get_monotonic_time ();
      real_start = g_get_real_time ();
      n = virConnectGetAllDomainStats (self->connection, BULK_STATS, &records, BULK_FLAGS);
      if (n < 0)
        {
          virErrorPtr err = virGetLastError ();

          if (err == NULL || (err->code != VIR_ERR_NO_SUPPORT && err->code != VIR_ERR_ARGUMENT_UNSUPPORTED))
            {
              pit_set_error_from_libvirt (error, _("Could not read the statistics"));
              return FALSE;
            }
          g_debug ("No bulk statistics on this connection: per-domain calls from now on");
          self->bulk = PIT_MONITOR_BULK_UNSUPPORTED;
          virResetLastError ();
        }
      else
        {
          gint64 when = midpoint (start, g_get_monotonic_time ());
          gint64 real_when = midpoint (real_start, g_get_real_time ());

          self->bulk = PIT_MONITOR_BULK_WORKS;
          for (int i = 0; i < n; i++)
            {
              PitMonitorSample *sample = pit_monitor_sample_new ();

              set_identity (sample, records[i]->dom);
              sample->source = PIT_MONITOR_SOURCE_BULK;
              sample->monotonic_us = when;
              sample->real_time_us = real_when;
              pit_monitor_sample_set_params (sample, records[i]->params, records[i]->nparams);

              /* the test driver (and old servers) only tell the state */
              if (sample->cpu_time == PIT_MONITOR_UNKNOWN && is_active (sample->state))
                {
                  pit_monitor_fetch_domain (records[i]->dom,
                                            g_hash_table_lookup (self->summaries, sample->uuid),
                                            sample);
                  self->n_fallback++;
                }
              g_ptr_array_add (self->samples, sample);
            }
          virDomainStatsRecordListFree (records);
          return TRUE;
        }
    }

  {
    virDomainPtr *domains = NULL;

    n = virConnectListAllDomains (self->connection, &domains, VIR_CONNECT_LIST_DOMAINS_ACTIVE);
    if (n < 0)
      {
        pit_set_error_from_libvirt (error, _("Could not list the virtual machines"));
        return FALSE;
      }
    fallback_all (self, domains, n);
    for (int i = 0; i < n; i++)
      virDomainFree (domains[i]);
    free (domains);
  }

  return TRUE;
}
