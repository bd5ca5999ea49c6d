/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pit-tune-step.h"

G_BEGIN_DECLS

/* PCI passthrough: a <hostdev mode='subsystem' type='pci' managed='yes'> per
 * device, with its companions (the other functions of its slot and the rest
 * of its IOMMU group, bridges excepted) unless no_companions is set.  On a
 * known host an address the host does not have is refused; a device that
 * another defined domain already uses gives a warning. */
typedef struct
{
  const char * const *addresses;   /* "0000:04:00.0", "04:00.0", "pci_0000_04_00_0" */
  gboolean no_companions;
  const char *rom_file;            /* for the first address; NULL: none */
} PitChangeGpuOptions;

PIT_DECLARE_TUNE_CHANGE (PitChangeGpu, pit_change_gpu)

G_END_DECLS
