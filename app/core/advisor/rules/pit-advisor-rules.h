/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The advisor's rules, registered in pit-advisor.c.  Each adds findings to
 * the context and must cope with any XML that parses (missing or odd
 * attributes give no finding, never a crash). */

#include "pit-advisor-context.h"
#include "pit-host-gpu-fact.h"

G_BEGIN_DECLS

/* pit-rules-cpu.c */
void pit_rule_cpu_topology      (PitAdvisorContext *ctx);
void pit_rule_cpu_current       (PitAdvisorContext *ctx);
void pit_rule_cpu_mode          (PitAdvisorContext *ctx);
/* pit-rules-pinning.c */
void pit_rule_pinning_missing   (PitAdvisorContext *ctx);
void pit_rule_pinning_siblings  (PitAdvisorContext *ctx);
void pit_rule_pinning_numa      (PitAdvisorContext *ctx);
void pit_rule_pinning_emulator  (PitAdvisorContext *ctx);
/* pit-rules-memory.c */
void pit_rule_hugepages_missing (PitAdvisorContext *ctx);
void pit_rule_hugepages_pool    (PitAdvisorContext *ctx);
void pit_rule_memballoon        (PitAdvisorContext *ctx);
/* pit-rules-disk.c */
void pit_rule_disk_boot_bus     (PitAdvisorContext *ctx);
void pit_rule_disk_cache_io     (PitAdvisorContext *ctx);
void pit_rule_disk_rotational   (PitAdvisorContext *ctx);
void pit_rule_disk_zfs_scan     (PitAdvisorContext *ctx);

/* pit-rules-latency.c */
void pit_rule_disk_iothread     (PitAdvisorContext *ctx);
void pit_rule_disk_rotation_rate (PitAdvisorContext *ctx);
/* pit-rules-network.c */
void pit_rule_nic_model         (PitAdvisorContext *ctx);
void pit_rule_nic_nat           (PitAdvisorContext *ctx);
/* pit-rules-passthrough.c */
void pit_rule_gpu_hidden        (PitAdvisorContext *ctx);
void pit_rule_gpu_audio         (PitAdvisorContext *ctx);
void pit_rule_hostdev_iommu     (PitAdvisorContext *ctx);
/* pit-rules-display.c */
void pit_rule_display_no_way        (PitAdvisorContext *ctx);
void pit_rule_looking_glass_balloon (PitAdvisorContext *ctx);
void pit_rule_looking_glass_size    (PitAdvisorContext *ctx);
void pit_rule_gpu_single_hook   (PitAdvisorContext *ctx);
/* pit-rules-hardware.c */
void pit_rule_gpu_reset         (PitAdvisorContext *ctx);
void pit_rule_gpu_rom           (PitAdvisorContext *ctx);
void pit_rule_gpu_large_bar     (PitAdvisorContext *ctx);
void pit_rule_pinning_l3        (PitAdvisorContext *ctx);
/* pit-rules-windows.c */
void pit_rule_windows_hyperv    (PitAdvisorContext *ctx);
void pit_rule_windows_timers    (PitAdvisorContext *ctx);
void pit_rule_windows_virtio_iso (PitAdvisorContext *ctx);
/* pit-rules-windows11.c */
void pit_rule_windows11_tpm         (PitAdvisorContext *ctx);
void pit_rule_windows11_secure_boot (PitAdvisorContext *ctx);

G_END_DECLS
