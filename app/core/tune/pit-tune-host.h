/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "pit-host-cpu-topology.h"
#include "pit-host-iommu.h"
#include "pit-host-pci-device.h"

G_BEGIN_DECLS

/* What the tuning engine needs to know about a host, built from the host
 * inventory (app/core/host) or by hand in tests.  Every part is optional:
 * a change that needs a missing part says so, or skips a check that only
 * a known host allows (the free hugepage pool, a PCI address). */
typedef struct
{
  guint64 size_kib;
  guint64 total;
  guint64 free;
} PitTuneHugepagePool;

typedef struct _PitTuneHost PitTuneHost;

PitTuneHost          *pit_tune_host_new           (void);
PitTuneHost          *pit_tune_host_ref           (PitTuneHost          *self);
void                  pit_tune_host_unref         (PitTuneHost          *self);

void                  pit_tune_host_set_cpu       (PitTuneHost          *self,
                                                   PitHostCpuTopology   *cpu);
PitHostCpuTopology   *pit_tune_host_get_cpu       (PitTuneHost          *self);
void                  pit_tune_host_set_pci       (PitTuneHost          *self,
                                                   GPtrArray            *devices,
                                                   PitHostIommu         *iommu);
GPtrArray            *pit_tune_host_get_pci       (PitTuneHost          *self);
PitHostPciDevice     *pit_tune_host_find_pci      (PitTuneHost          *self,
                                                   const char           *address);
PitHostIommu         *pit_tune_host_get_iommu     (PitTuneHost          *self);
void                  pit_tune_host_add_hugepages (PitTuneHost          *self,
                                                   guint64               size_kib,
                                                   guint64               total,
                                                   guint64               free);
const PitTuneHugepagePool *pit_tune_host_get_hugepages (PitTuneHost     *self,
                                                   guint64               size_kib);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PitTuneHost, pit_tune_host_unref)

G_END_DECLS
