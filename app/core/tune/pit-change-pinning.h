/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pit-pin-plan.h"
#include "pit-tune-step.h"

G_BEGIN_DECLS

/* <cputune>: a vcpupin per vCPU, the emulatorpin, and I/O threads with their
 * iothreadpin.  automatic computes the pins from the host topology
 * (pit_pin_plan_compute()); otherwise the pins given replace those of the
 * same vCPUs.  Cpusets are checked against the host when it is known. */
typedef struct
{
  guint vcpu;
  const char *cpuset;
} PitVcpuPin;

typedef struct
{
  gboolean automatic;
  gboolean use_host_core;        /* automatic: give CPU 0's core to the guest too */
  const PitVcpuPin *pins;
  guint n_pins;
  const char *emulator;          /* NULL: keep (automatic: CPU 0's core) */
  guint iothreads;               /* 0: keep */
  const char *iothread_cpuset;   /* NULL: keep; the emulator's CPUs when automatic or adding iothreads */
} PitChangePinningOptions;

PIT_DECLARE_TUNE_CHANGE (PitChangePinning, pit_change_pinning)
/* "0=2,1=6,2=3-4": VCPU=CPUSET pairs separated by commas (a cpuset may
 * itself hold commas: "0=2,4,1=6" pins vCPU 0 to 2 and 4). */
/* Returns: (element-type PitVcpuPin): owns its cpuset strings */
GArray      *pit_change_pinning_parse_pins  (const char                     *text,
                                             GError                        **error);

G_END_DECLS
