/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "pit-host-inventory.h"
#include "pit-host-passthrough.h"

G_BEGIN_DECLS

typedef enum
{
  PIT_HOST_GPU_FACT_INFO,     /* good to know; nothing to do */
  PIT_HOST_GPU_FACT_WARNING,  /* works only after a step (a module, a ROM file, a bigger window) */
  PIT_HOST_GPU_FACT_STOP,     /* do not pass it: the host would lose what it runs on */
} PitHostGpuFactLevel;

/* One thing to know about passing a GPU, in words: what the wizard's GPU
 * page shows as a row and `pitstop-cli host` prints under the GPU.  The
 * advisor's findings use the same sentences where they say the same. */
typedef struct
{
  const char *id;            /* "reset", "rom", "bar", "group"; not translated */
  PitHostGpuFactLevel level;
  char *title;               /* "Resets by FLR and bus reset" */
  char *detail;              /* what it means and what to do; NULL */
  char *evidence;            /* the raw facts it comes from: "reset_method: flr bus"; NULL */
} PitHostGpuFact;

void       pit_host_gpu_fact_free        (PitHostGpuFact     *self);

/* (element-type PitHostGpuFact): reset, ROM, BARs, then each device of the
 * group outside the card's slot; @host may be %NULL (no module or device
 * use information) */
GPtrArray *pit_host_gpu_facts_collect    (PitHostInventory   *host,
                                          PitHostPassthrough *gpu);

/* the sentences the advisor shares */
char      *pit_host_gpu_fact_describe_reset  (const PitHostPciDevice *device);
char      *pit_host_gpu_fact_rom_dump_steps  (const char             *address);
char      *pit_host_gpu_fact_rom_need        (const PitHostPciDevice *device);
const char *pit_host_gpu_fact_group_advice   (gboolean                stop);
char      *pit_host_gpu_fact_describe_bar    (const PitHostPciBar    *bar);
/* OVMF's 64-bit MMIO window in MiB for devices whose BARs take @total bytes:
 * twice that, a power of two, at least 32768 (its default) */
guint64    pit_host_gpu_fact_mmio_window_mb  (guint64                 total);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PitHostGpuFact, pit_host_gpu_fact_free)

G_END_DECLS
