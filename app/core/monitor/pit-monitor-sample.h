/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <libvirt/libvirt.h>

#include "pit-domain-state.h"

G_BEGIN_DECLS

/* One raw reading of one domain's counters, as libvirt reports them (the
 * field names of virConnectGetAllDomainStats: "cpu.time", "block.0.rd.bytes",
 * …).  Made in a worker thread (or read from a recording), turned into rates
 * by pit_monitor_rates_compute().  A counter libvirt did not report is
 * PIT_MONITOR_UNKNOWN. */

#define PIT_MONITOR_UNKNOWN G_MAXUINT64

typedef struct
{
  guint64 state;
  guint64 time;   /* ns the vCPU thread ran */
  guint64 wait;   /* ns it waited (for I/O) */
  guint64 delay;  /* ns it was runnable but waited for a host CPU (steal-like) */
} PitMonitorVcpuSample;

typedef struct
{
  char *name;     /* target ("vda") */
  guint64 rd_reqs, rd_bytes, rd_times; /* times in ns */
  guint64 wr_reqs, wr_bytes, wr_times;
  guint64 fl_reqs, fl_times;
  guint64 errors;
} PitMonitorDiskSample;

typedef struct
{
  char *name;     /* target ("vnet0") or, from the fallback, the MAC address */
  guint64 rx_bytes, rx_pkts, rx_errs, rx_drop;
  guint64 tx_bytes, tx_pkts, tx_errs, tx_drop;
} PitMonitorNicSample;

typedef enum
{
  PIT_MONITOR_SOURCE_BULK,       /* virConnectGetAllDomainStats */
  PIT_MONITOR_SOURCE_FALLBACK,   /* per-domain calls */
  PIT_MONITOR_SOURCE_RECORDING,  /* read from a file */
} PitMonitorSource;

typedef struct
{
  char *uuid;
  char *name;
  int id;                   /* changes when the guest is started again; -1 unknown */
  gint64 monotonic_us;      /* when it was read, for the rates */
  gint64 real_time_us;      /* the same moment on the wall clock */
  PitMonitorSource source;

  guint64 state;            /* virDomainState */
  guint64 cpu_time, cpu_user, cpu_system; /* ns, all of the domain's threads */
  guint64 vcpu_current, vcpu_maximum;
  GArray *vcpus;            /* PitMonitorVcpuSample, by vCPU number */

  /* KiB, from the balloon (current is the balloon's actual size) */
  guint64 balloon_current, balloon_maximum;
  guint64 balloon_rss, balloon_unused, balloon_available, balloon_usable;
  guint64 balloon_disk_caches, balloon_swap_in, balloon_swap_out;
  guint64 balloon_major_fault, balloon_minor_fault;

  GArray *disks;            /* PitMonitorDiskSample, in libvirt's order */
  GArray *nics;             /* PitMonitorNicSample */
} PitMonitorSample;

PitMonitorSample *pit_monitor_sample_new          (void);
void              pit_monitor_sample_free         (PitMonitorSample       *self);
gboolean          pit_monitor_sample_set_uint     (PitMonitorSample       *self,
                                                   const char             *field,
                                                   guint64                 value);
gboolean          pit_monitor_sample_set_string   (PitMonitorSample       *self,
                                                   const char             *field,
                                                   const char             *value);
void              pit_monitor_sample_set_params   (PitMonitorSample       *self,
                                                   const virTypedParameter *params,
                                                   int                     n_params);
PitMonitorVcpuSample *pit_monitor_sample_get_vcpu (PitMonitorSample       *self,
                                                   guint                   index);
PitMonitorDiskSample *pit_monitor_sample_get_disk (PitMonitorSample       *self,
                                                   guint                   index);
PitMonitorNicSample  *pit_monitor_sample_get_nic  (PitMonitorSample       *self,
                                                   guint                   index);
const PitMonitorDiskSample *pit_monitor_sample_find_disk (const PitMonitorSample *self,
                                                          const char             *name);
const PitMonitorNicSample  *pit_monitor_sample_find_nic  (const PitMonitorSample *self,
                                                          const char             *name);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PitMonitorSample, pit_monitor_sample_free)

G_END_DECLS
