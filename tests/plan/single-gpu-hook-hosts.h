/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "hook-test-world.h"

G_BEGIN_DECLS

/* The hosts the single-GPU hook tests run on (test-single-gpu-hook-*.c),
 * and a world for each: a copy of the host's tree with the hook made for it
 * (see hook-test-world.h).  The demo host is the same machine as
 * single-amdgpu-debian, its hook printed by pitstop-cli host-plan. */

#define SINGLE_GPU_VM "win11"

typedef struct
{
  const char *tree;      /* under tests/fixtures/hosts/, or "demo:single-gpu" */
  const char *manager;   /* display manager unit */
} SingleGpuHost;

const SingleGpuHost *single_gpu_hosts           (guint               *n_hosts);
gboolean             single_gpu_host_is_demo    (const SingleGpuHost *host);
char                *single_gpu_host_root       (const SingleGpuHost *host);
HookTestWorld       *single_gpu_world_new       (const char          *scratch,
                                                 const SingleGpuHost *host);
void                 single_gpu_add_tests       (const char          *what,
                                                 GTestDataFunc        test,
                                                 gboolean             on_demo);

G_END_DECLS
