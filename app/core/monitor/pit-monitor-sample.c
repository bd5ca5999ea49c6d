/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-monitor"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "pit-monitor-sample.h"

/* libvirt numbers vCPUs, disks and NICs; nothing real has more than this */
#define MAX_INDEX 4096

static void
disk_clear (gpointer data)
{
  PitMonitorDiskSample *disk = data;

  g_free (disk->name);
}

static void
nic_clear (gpointer data)
{
  PitMonitorNicSample *nic = data;

  g_free (nic->name);
}

PitMonitorSample *
pit_monitor_sample_new (void)
{
  PitMonitorSample *self = g_new0 (PitMonitorSample, 1);

  self->id = -1;
  self->state = PIT_MONITOR_UNKNOWN;
  self->cpu_time = self->cpu_user = self->cpu_system = PIT_MONITOR_UNKNOWN;
  self->vcpu_current = self->vcpu_maximum = PIT_MONITOR_UNKNOWN;
  self->balloon_current = self->balloon_maximum = PIT_MONITOR_UNKNOWN;
  self->balloon_rss = self->balloon_unused = PIT_MONITOR_UNKNOWN;
  self->balloon_available = self->balloon_usable = PIT_MONITOR_UNKNOWN;
  self->balloon_disk_caches = self->balloon_swap_in = self->balloon_swap_out = PIT_MONITOR_UNKNOWN;
  self->balloon_major_fault = self->balloon_minor_fault = PIT_MONITOR_UNKNOWN;
  self->vcpus = g_array_new (FALSE, FALSE, sizeof (PitMonitorVcpuSample));
  self->disks = g_array_new (FALSE, FALSE, sizeof (PitMonitorDiskSample));
  g_array_set_clear_func (self->disks, disk_clear);
  self->nics = g_array_new (FALSE, FALSE, sizeof (PitMonitorNicSample));
  g_array_set_clear_func (self->nics, nic_clear);

  return self;
}

void
pit_monitor_sample_free (PitMonitorSample *self)
{
  if (self == NULL)
    return;

  g_free (self->uuid);
  g_free (self->name);
  g_array_unref (self->vcpus);
  g_array_unref (self->disks);
  g_array_unref (self->nics);
  g_free (self);
}

/* Element @index of one of the arrays, created (all counters unknown) when
 * the array is shorter. */
PitMonitorVcpuSample *
pit_monitor_sample_get_vcpu (PitMonitorSample *self,
                             guint             index)
{
  g_return_val_if_fail (index < MAX_INDEX, NULL);

  while (self->vcpus->len <= index)
    {
      PitMonitorVcpuSample vcpu = {
        PIT_MONITOR_UNKNOWN, PIT_MONITOR_UNKNOWN, PIT_MONITOR_UNKNOWN, PIT_MONITOR_UNKNOWN
      };

      g_array_append_val (self->vcpus, vcpu);
    }
  return &g_array_index (self->vcpus, PitMonitorVcpuSample, index);
}

PitMonitorDiskSample *
pit_monitor_sample_get_disk (PitMonitorSample *self,
                             guint             index)
{
  g_return_val_if_fail (index < MAX_INDEX, NULL);

  while (self->disks->len <= index)
    {
      PitMonitorDiskSample disk = { NULL };

      disk.rd_reqs = disk.rd_bytes = disk.rd_times = PIT_MONITOR_UNKNOWN;
      disk.wr_reqs = disk.wr_bytes = disk.wr_times = PIT_MONITOR_UNKNOWN;
      disk.fl_reqs = disk.fl_times = disk.errors = PIT_MONITOR_UNKNOWN;
      g_array_append_val (self->disks, disk);
    }
  return &g_array_index (self->disks, PitMonitorDiskSample, index);
}

PitMonitorNicSample *
pit_monitor_sample_get_nic (PitMonitorSample *self,
                            guint             index)
{
  g_return_val_if_fail (index < MAX_INDEX, NULL);

  while (self->nics->len <= index)
    {
      PitMonitorNicSample nic = { NULL };

      nic.rx_bytes = nic.rx_pkts = nic.rx_errs = nic.rx_drop = PIT_MONITOR_UNKNOWN;
      nic.tx_bytes = nic.tx_pkts = nic.tx_errs = nic.tx_drop = PIT_MONITOR_UNKNOWN;
      g_array_append_val (self->nics, nic);
    }
  return &g_array_index (self->nics, PitMonitorNicSample, index);
}

const PitMonitorDiskSample *
pit_monitor_sample_find_disk (const PitMonitorSample *self,
                              const char             *name)
{
  for (guint i = 0; i < self->disks->len; i++)
    {
      const PitMonitorDiskSample *disk = &g_array_index (self->disks, PitMonitorDiskSample, i);

      if (g_strcmp0 (disk->name, name) == 0)
        return disk;
    }
  return NULL;
}

const PitMonitorNicSample *
pit_monitor_sample_find_nic (const PitMonitorSample *self,
                             const char             *name)
{
  for (guint i = 0; i < self->nics->len; i++)
    {
      const PitMonitorNicSample *nic = &g_array_index (self->nics, PitMonitorNicSample, i);

      if (g_strcmp0 (nic->name, name) == 0)
        return nic;
    }
  return NULL;
}

/* "block.3.rd.bytes" with prefix "block." → index 3, rest "rd.bytes" */
static gboolean
split_indexed (const char  *field,
               const char  *prefix,
               guint       *index,
               const char **rest)
{
  const char *p;
  char *end = NULL;
  guint64 n;

  if (!g_str_has_prefix (field, prefix))
    return FALSE;
  p = field + strlen (prefix);
  if (!g_ascii_isdigit (*p))
    return FALSE;
  n = g_ascii_strtoull (p, &end, 10);
  if (end == NULL || *end != '.' || n >= MAX_INDEX)
    return FALSE;

  *index = (guint) n;
  *rest = end + 1;
  return TRUE;
}

typedef struct
{
  const char *name;
  gsize offset;
} Field;

#define SAMPLE_FIELD(name, member) { name, G_STRUCT_OFFSET (PitMonitorSample, member) }
#define VCPU_FIELD(name, member) { name, G_STRUCT_OFFSET (PitMonitorVcpuSample, member) }
#define DISK_FIELD(name, member) { name, G_STRUCT_OFFSET (PitMonitorDiskSample, member) }
#define NIC_FIELD(name, member) { name, G_STRUCT_OFFSET (PitMonitorNicSample, member) }

static const Field sample_fields[] = {
  SAMPLE_FIELD ("state.state", state),
  SAMPLE_FIELD ("cpu.time", cpu_time),
  SAMPLE_FIELD ("cpu.user", cpu_user),
  SAMPLE_FIELD ("cpu.system", cpu_system),
  SAMPLE_FIELD ("vcpu.current", vcpu_current),
  SAMPLE_FIELD ("vcpu.maximum", vcpu_maximum),
  SAMPLE_FIELD ("balloon.current", balloon_current),
  SAMPLE_FIELD ("balloon.maximum", balloon_maximum),
  SAMPLE_FIELD ("balloon.rss", balloon_rss),
  SAMPLE_FIELD ("balloon.unused", balloon_unused),
  SAMPLE_FIELD ("balloon.available", balloon_available),
  SAMPLE_FIELD ("balloon.usable", balloon_usable),
  SAMPLE_FIELD ("balloon.disk_caches", balloon_disk_caches),
  SAMPLE_FIELD ("balloon.swap_in", balloon_swap_in),
  SAMPLE_FIELD ("balloon.swap_out", balloon_swap_out),
  SAMPLE_FIELD ("balloon.major_fault", balloon_major_fault),
  SAMPLE_FIELD ("balloon.minor_fault", balloon_minor_fault),
};

static const Field vcpu_fields[] = {
  VCPU_FIELD ("state", state),
  VCPU_FIELD ("time", time),
  VCPU_FIELD ("wait", wait),
  VCPU_FIELD ("delay", delay),
};

static const Field disk_fields[] = {
  DISK_FIELD ("rd.reqs", rd_reqs),
  DISK_FIELD ("rd.bytes", rd_bytes),
  DISK_FIELD ("rd.times", rd_times),
  DISK_FIELD ("wr.reqs", wr_reqs),
  DISK_FIELD ("wr.bytes", wr_bytes),
  DISK_FIELD ("wr.times", wr_times),
  DISK_FIELD ("fl.reqs", fl_reqs),
  DISK_FIELD ("fl.times", fl_times),
  DISK_FIELD ("errors", errors),
};

static const Field nic_fields[] = {
  NIC_FIELD ("rx.bytes", rx_bytes),
  NIC_FIELD ("rx.pkts", rx_pkts),
  NIC_FIELD ("rx.errs", rx_errs),
  NIC_FIELD ("rx.drop", rx_drop),
  NIC_FIELD ("tx.bytes", tx_bytes),
  NIC_FIELD ("tx.pkts", tx_pkts),
  NIC_FIELD ("tx.errs", tx_errs),
  NIC_FIELD ("tx.drop", tx_drop),
};

static gboolean
set_in (gpointer     base,
        const Field *fields,
        gsize        n_fields,
        const char  *name,
        guint64      value)
{
  for (gsize i = 0; i < n_fields; i++)
    if (strcmp (fields[i].name, name) == 0)
      {
        G_STRUCT_MEMBER (guint64, base, fields[i].offset) = value;
        return TRUE;
      }
  return FALSE;
}

/**
 * pit_monitor_sample_set_uint:
 * @field: a virConnectGetAllDomainStats field name ("block.0.rd.bytes")
 * Returns: whether the field is one the monitor uses
 */
gboolean
pit_monitor_sample_set_uint (PitMonitorSample *self,
                             const char       *field,
                             guint64           value)
{
  const char *rest;
  guint index;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (field != NULL, FALSE);

  if (split_indexed (field, "vcpu.", &index, &rest))
    return set_in (pit_monitor_sample_get_vcpu (self, index), vcpu_fields,
                   G_N_ELEMENTS (vcpu_fields), rest, value);
  if (split_indexed (field, "block.", &index, &rest))
    return set_in (pit_monitor_sample_get_disk (self, index), disk_fields,
                   G_N_ELEMENTS (disk_fields), rest, value);
  if (split_indexed (field, "net.", &index, &rest))
    return set_in (pit_monitor_sample_get_nic (self, index), nic_fields,
                   G_N_ELEMENTS (nic_fields), rest, value);

  return set_in (self, sample_fields, G_N_ELEMENTS (sample_fields), field, value);
}

/**
 * pit_monitor_sample_set_string:
 * Takes the device names ("block.0.name", "net.1.name").
 * Returns: whether the field is one the monitor uses
 */
gboolean
pit_monitor_sample_set_string (PitMonitorSample *self,
                               const char       *field,
                               const char       *value)
{
  const char *rest;
  guint index;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (field != NULL, FALSE);

  if (split_indexed (field, "block.", &index, &rest) && strcmp (rest, "name") == 0)
    {
      PitMonitorDiskSample *disk = pit_monitor_sample_get_disk (self, index);

      g_free (disk->name);
      disk->name = g_strdup (value);
      return TRUE;
    }
  if (split_indexed (field, "net.", &index, &rest) && strcmp (rest, "name") == 0)
    {
      PitMonitorNicSample *nic = pit_monitor_sample_get_nic (self, index);

      g_free (nic->name);
      nic->name = g_strdup (value);
      return TRUE;
    }
  return FALSE;
}

/**
 * pit_monitor_sample_set_params:
 * Takes the fields of one virDomainStatsRecord.  Negative numbers (libvirt's
 * "not available") are skipped.
 */
void
pit_monitor_sample_set_params (PitMonitorSample        *self,
                               const virTypedParameter *params,
                               int                      n_params)
{
  for (int i = 0; i < n_params; i++)
    {
      const virTypedParameter *param = &params[i];

      switch (param->type)
        {
        case VIR_TYPED_PARAM_INT:
          if (param->value.i >= 0)
            pit_monitor_sample_set_uint (self, param->field, (guint64) param->value.i);
          break;
        case VIR_TYPED_PARAM_UINT:
          pit_monitor_sample_set_uint (self, param->field, param->value.ui);
          break;
        case VIR_TYPED_PARAM_LLONG:
          if (param->value.l >= 0)
            pit_monitor_sample_set_uint (self, param->field, (guint64) param->value.l);
          break;
        case VIR_TYPED_PARAM_ULLONG:
          pit_monitor_sample_set_uint (self, param->field, param->value.ul);
          break;
        case VIR_TYPED_PARAM_STRING:
          pit_monitor_sample_set_string (self, param->field, param->value.s);
          break;
        case VIR_TYPED_PARAM_DOUBLE:
        case VIR_TYPED_PARAM_BOOLEAN:
        default:
          break;
        }
    }
}
