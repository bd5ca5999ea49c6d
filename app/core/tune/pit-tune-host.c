/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-tune"

#include "config.h"

#include "pit-tune-host.h"

struct _PitTuneHost
{
  gatomicrefcount ref_count;
  PitHostCpuTopology *cpu;
  GPtrArray *pci;
  PitHostIommu *iommu;
  GArray *hugepages;    /* PitTuneHugepagePool */
};

PitTuneHost *
pit_tune_host_new (void)
{
  PitTuneHost *self = g_new0 (PitTuneHost, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->hugepages = g_array_new (FALSE, TRUE, sizeof (PitTuneHugepagePool));
  return self;
}

PitTuneHost *
pit_tune_host_ref (PitTuneHost *self)
{
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
pit_tune_host_unref (PitTuneHost *self)
{
  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_clear_pointer (&self->cpu, pit_host_cpu_topology_unref);
  g_clear_pointer (&self->pci, g_ptr_array_unref);
  g_clear_pointer (&self->iommu, pit_host_iommu_unref);
  g_array_unref (self->hugepages);
  g_free (self);
}

void
pit_tune_host_set_cpu (PitTuneHost        *self,
                       PitHostCpuTopology *cpu)
{
  g_clear_pointer (&self->cpu, pit_host_cpu_topology_unref);
  self->cpu = cpu != NULL ? pit_host_cpu_topology_ref (cpu) : NULL;
}

PitHostCpuTopology *
pit_tune_host_get_cpu (PitTuneHost *self)
{
  return self->cpu;
}

/**
 * pit_tune_host_set_pci:
 * @devices: (element-type PitHostPciDevice) (nullable)
 * @iommu: (nullable)
 */
void
pit_tune_host_set_pci (PitTuneHost  *self,
                       GPtrArray    *devices,
                       PitHostIommu *iommu)
{
  g_clear_pointer (&self->pci, g_ptr_array_unref);
  g_clear_pointer (&self->iommu, pit_host_iommu_unref);
  self->pci = devices != NULL ? g_ptr_array_ref (devices) : NULL;
  self->iommu = iommu != NULL ? pit_host_iommu_ref (iommu) : NULL;
}

GPtrArray *
pit_tune_host_get_pci (PitTuneHost *self)
{
  return self->pci;
}

PitHostIommu *
pit_tune_host_get_iommu (PitTuneHost *self)
{
  return self->iommu;
}

/**
 * pit_tune_host_find_pci:
 * @address: "0000:04:00.0" (normalised)
 */
PitHostPciDevice *
pit_tune_host_find_pci (PitTuneHost *self,
                        const char  *address)
{
  if (self->pci == NULL)
    return NULL;
  for (guint i = 0; i < self->pci->len; i++)
    {
      PitHostPciDevice *device = g_ptr_array_index (self->pci, i);

      if (g_strcmp0 (device->address, address) == 0)
        return device;
    }
  return NULL;
}

void
pit_tune_host_add_hugepages (PitTuneHost *self,
                             guint64      size_kib,
                             guint64      total,
                             guint64      free)
{
  PitTuneHugepagePool pool = { size_kib, total, free };

  for (guint i = 0; i < self->hugepages->len; i++)
    if (g_array_index (self->hugepages, PitTuneHugepagePool, i).size_kib == size_kib)
      {
        g_array_index (self->hugepages, PitTuneHugepagePool, i) = pool;
        return;
      }
  g_array_append_val (self->hugepages, pool);
}

/**
 * pit_tune_host_get_hugepages:
 * Returns: (nullable): the pool of @size_kib pages, %NULL when unknown.
 */
const PitTuneHugepagePool *
pit_tune_host_get_hugepages (PitTuneHost *self,
                             guint64      size_kib)
{
  for (guint i = 0; i < self->hugepages->len; i++)
    if (g_array_index (self->hugepages, PitTuneHugepagePool, i).size_kib == size_kib)
      return &g_array_index (self->hugepages, PitTuneHugepagePool, i);
  return NULL;
}
