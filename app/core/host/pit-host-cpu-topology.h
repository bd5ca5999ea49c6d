/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "pit-host-cache-domain.h"
#include "pit-host-cpu.h"
#include "pit-host-reader.h"

G_BEGIN_DECLS

typedef enum
{
  PIT_HOST_CPU_VENDOR_UNKNOWN,
  PIT_HOST_CPU_VENDOR_INTEL,   /* GenuineIntel */
  PIT_HOST_CPU_VENDOR_AMD,     /* AuthenticAMD */
  PIT_HOST_CPU_VENDOR_OTHER,
} PitHostCpuVendor;

/* The host's processors: /sys/devices/system/{cpu,node}, /sys/devices/cpu_core
 * and cpu_atom (hybrid), /proc/cpuinfo (vendor, model, vmx/svm).
 * Sums follow libvirt: nodes, sockets, cores and threads are counted over
 * online CPUs; a node without CPUs is not counted; a kernel without NUMA
 * information is one node. */
typedef struct
{
  GPtrArray *cpus;             /* PitHostCpu, by id, present CPUs */
  GArray *online;              /* guint ids; NULL when unknown */
  GArray *present;             /* guint ids; NULL when unknown */
  guint sockets;               /* 0 = unknown */
  guint dies_per_socket;       /* 0 = unknown */
  guint cores;                 /* all physical cores of online CPUs */
  guint threads_per_core;      /* the largest online sibling set */
  guint numa_nodes;
  gboolean hybrid;
  PitHostCpuVendor vendor;
  char *vendor_id;             /* "GenuineIntel"; NULL when unknown */
  char *model_name;            /* "Intel(R) Core(TM) i7-6700K CPU @ 4.00GHz" */
  char *virtualization;        /* "vmx", "svm", "none"; NULL when unknown */
  GPtrArray *l3_domains;       /* PitHostCacheDomain: CPUs sharing an L3, by first CPU; empty unknown */
} PitHostCpuTopology;

PitHostCpuTopology *pit_host_cpu_topology_new         (void);
PitHostCpuTopology *pit_host_cpu_topology_ref         (PitHostCpuTopology *self);
void                pit_host_cpu_topology_unref       (PitHostCpuTopology *self);

PitHostCpuTopology *pit_host_cpu_topology_probe       (PitHostReader      *reader);
/* Recomputes the sums and the online/present lists from ->cpus (for
 * topologies built from other sources, e.g. libvirt capabilities). */
void                pit_host_cpu_topology_update_sums (PitHostCpuTopology *self);

PitHostCpu         *pit_host_cpu_topology_get_cpu     (PitHostCpuTopology *self,
                                                       guint               id);
guint               pit_host_cpu_topology_get_n_online (PitHostCpuTopology *self);
/* L3 domain @index in words: "CCD 0 · 96 MiB L3 (V-Cache)" (AMD), "L3 domain 1 · 36 MiB" */
char               *pit_host_cpu_topology_describe_l3 (PitHostCpuTopology *self,
                                                       guint               index);
/* How many vCPUs L3 domain @index can take while the host keeps CPU 0's core */
guint               pit_host_cpu_topology_l3_room     (PitHostCpuTopology *self,
                                                       guint               index);
const char         *pit_host_cpu_vendor_to_id          (PitHostCpuVendor    vendor); /* "intel", "amd", "other", NULL */

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PitHostCpuTopology, pit_host_cpu_topology_unref)

G_END_DECLS
