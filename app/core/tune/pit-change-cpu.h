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

PIT_DECLARE_TUNE_CHANGE (PitChangeCpu, pit_change_cpu)

G_END_DECLS
