/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "pit-host-reader.h"

G_BEGIN_DECLS

/* A set of CPUs sharing one cache of a level: an L3 "cache domain" (a
 * Ryzen CCD, or the whole of an Intel desktop CPU).  From
 * ROOT/sys/devices/system/cpu/cpuN/cache/indexK/{level,id,size,shared_cpu_list}. */
typedef struct
{
  guint level;          /* 3 */
  int id;               /* the cache's id; -1 unknown */
  guint64 size_kib;     /* 0 unknown */
  GArray *cpus;         /* guint: the CPUs sharing it, sorted */
} PitHostCacheDomain;

PitHostCacheDomain *pit_host_cache_domain_new    (guint               level);
PitHostCacheDomain *pit_host_cache_domain_ref    (PitHostCacheDomain *self);
void                pit_host_cache_domain_unref  (PitHostCacheDomain *self);
gboolean            pit_host_cache_domain_contains (PitHostCacheDomain *self,
                                                    guint               cpu);

/* The L3 domains of the online CPUs in @cpus (element-type PitHostCpu),
 * sorted by their first CPU; sets each CPU's ->l3.  Empty when sysfs has
 * no cache information (some VMs and architectures): never a problem. */
GPtrArray          *pit_host_cache_domains_probe (PitHostReader      *reader,
                                                  GPtrArray          *cpus);

/* The index of the domain with the most cache when there are several and
 * their sizes differ (a 7950X3D's V-Cache CCD), else -1. */
int                 pit_host_cache_domains_largest (GPtrArray        *domains);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PitHostCacheDomain, pit_host_cache_domain_unref)

G_END_DECLS
