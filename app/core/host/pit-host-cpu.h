/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  PIT_HOST_CPU_KIND_UNKNOWN,      /* JSON null: nothing says whether it is hybrid */
  PIT_HOST_CPU_KIND_STANDARD,     /* "standard": not a hybrid CPU */
  PIT_HOST_CPU_KIND_PERFORMANCE,  /* "performance": a P-core (/sys/devices/cpu_core/cpus) */
  PIT_HOST_CPU_KIND_EFFICIENCY,   /* "efficiency": an E-core (/sys/devices/cpu_atom/cpus) */
} PitHostCpuKind;

/* One logical CPU.  Unknown numbers are -1 (JSON null): offline CPUs often
 * have no topology in sysfs, and libvirt's capabilities may lack die ids. */
typedef struct
{
  guint id;
  gboolean online;
  int socket;          /* physical_package_id */
  int die;             /* die_id */
  int core;            /* core_id: unique within a socket (and die) only */
  int node;            /* NUMA node */
  GArray *siblings;    /* guint: thread siblings including itself, sorted; NULL when unknown */
  PitHostCpuKind kind;
  int l3;              /* index into PitHostCpuTopology->l3_domains; -1 unknown */
} PitHostCpu;

PitHostCpu *pit_host_cpu_new          (guint         id);
PitHostCpu *pit_host_cpu_ref          (PitHostCpu   *self);
void        pit_host_cpu_unref        (PitHostCpu   *self);
const char *pit_host_cpu_kind_to_id   (PitHostCpuKind kind); /* NULL for UNKNOWN */

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PitHostCpu, pit_host_cpu_unref)

G_END_DECLS
