/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pit-cpuset.h"
#include "pit-host-cpu-topology.h"

G_BEGIN_DECLS

/* The automatic pinning plan: host CPU 0's core (with its SMT siblings)
 * stays with the host and runs the emulator and I/O threads; every guest
 * core gets a whole host core, its threads on consecutive vCPUs (so a
 * threads=2 guest topology matches the host's siblings); the guest stays
 * inside one NUMA node when it fits; P-cores come before E-cores, and cores
 * of the larger L3 cache before the others (a 7950X3D's V-Cache CCD).  A guest
 * that needs every core also gets CPU 0's, last and with a warning. */
typedef struct
{
  gboolean use_host_core;     /* also give CPU 0's core to the guest */
} PitPinPlanOptions;

typedef struct
{
  GPtrArray *vcpus;           /* PitCpuset, one per vCPU */
  PitCpuset *emulator;        /* also for I/O threads */
  GPtrArray *warnings;        /* char *, translated */
} PitPinPlan;

PitPinPlan *pit_pin_plan_compute (PitHostCpuTopology       *host,
                                  guint                     vcpus,
                                  guint                     guest_threads,
                                  const PitPinPlanOptions  *options,
                                  GError                  **error);
void        pit_pin_plan_free    (PitPinPlan               *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PitPinPlan, pit_pin_plan_free)

G_END_DECLS
