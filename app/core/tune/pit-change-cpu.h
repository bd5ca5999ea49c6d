/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pit-tune-step.h"

G_BEGIN_DECLS

/* CPU model and vCPUs: host-passthrough (KVM guests only), the topology
 * sockets × dies × cores × threads, the vCPU maximum and the current
 * allocation (<vcpu current=…>).  A topology must multiply to the maximum,
 * and the current allocation cannot exceed it. */
typedef struct
{
  gboolean host_passthrough;
  guint sockets;              /* 0: keep the topology (all of sockets, cores, threads or none) */
  guint dies;                 /* 0: 1 */
  guint cores;
  guint threads;
  gboolean topology_from_host; /* one socket, the host's threads per core */
  guint vcpus;                /* maximum; 0: keep */
  guint current;              /* current allocation; 0: keep */
} PitChangeCpuOptions;

gboolean     pit_change_cpu_apply (PitTuneContext             *context,
                                   const PitChangeCpuOptions  *options,
                                   GError                    **error);
PitTuneStep *pit_change_cpu_step  (const PitChangeCpuOptions  *options);

G_END_DECLS
