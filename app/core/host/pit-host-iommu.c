/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-host"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pit-host-iommu.h"
#include "pit-host-pci-device.h"

#define GROUPS_DIR "/sys/kernel/iommu_groups"

PitHostIommu *
pit_host_iommu_new (void)
{
  PitHostIommu *self = g_atomic_rc_box_new0 (PitHostIommu);

  self->enabled = -1;
  self->groups = g_ptr_array_new_with_free_func ((GDestroyNotify) pit_host_iommu_group_unref);
  return self;
}

PitHostIommu *
pit_host_iommu_ref (PitHostIommu *self)
{
  return g_atomic_rc_box_acquire (self);
}

static void
iommu_clear (PitHostIommu *self)
{
  g_ptr_array_unref (self->groups);
}

void
pit_host_iommu_unref (PitHostIommu *self)
{
  g_atomic_rc_box_release_full (self, (GDestroyNotify) iommu_clear);
}

/**
 * pit_host_iommu_get_group:
 * Returns: (transfer none) (nullable):
 */
PitHostIommuGroup *
pit_host_iommu_get_group (PitHostIommu *self,
                          guint         id)
{
  for (guint i = 0; i < self->groups->len; i++)
    {
      PitHostIommuGroup *group = self->groups->pdata[i];

      if (group->id == id)
        return group;
    }
  return NULL;
}

static int
compare_groups (gconstpointer a,
                gconstpointer b)
{
  const PitHostIommuGroup *x = *(PitHostIommuGroup * const *) a;
  const PitHostIommuGroup *y = *(PitHostIommuGroup * const *) b;

  return x->id < y->id ? -1 : x->id > y->id;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/**
 * pit_host_iommu_probe:
 * The IOMMU is on when ROOT/sys/kernel/iommu_groups holds groups; an empty
 * or missing folder means off (the kernel creates it empty when no IOMMU
 * driver is active).  A missing /sys/kernel altogether is unknown.
 */
PitHostIommu *
pit_host_iommu_probe (PitHostReader *reader)
{
  g_autoptr(PitHostIommu) self = pit_host_iommu_new ();
  g_autoptr(GPtrArray) names = pit_host_reader_list_dir (reader, GROUPS_DIR, FALSE);

  if (names == NULL)
    {
      if (pit_host_reader_exists (reader, "/sys/kernel"))
        self->enabled = 0;
      else
        pit_host_reader_add_problem (reader, _("Could not read %s: it does not exist"), GROUPS_DIR);
      return g_steal_pointer (&self);
    }

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = names->pdata[i];
      g_autoptr(PitHostIommuGroup) group = NULL;
      g_autofree char *devices_dir = NULL;
      g_autoptr(GPtrArray) devices = NULL;
      guint64 id;

      if (!g_ascii_string_to_unsigned (name, 10, 0, G_MAXINT, &id, NULL))
        {
          pit_host_reader_add_problem (reader, _("Could not read %s: “%s” is not an IOMMU group"),
                                       GROUPS_DIR, name);
          continue;
        }

      group = pit_host_iommu_group_new ((guint) id);
      devices_dir = g_strdup_printf (GROUPS_DIR "/%s/devices", name);
      devices = pit_host_reader_list_dir (reader, devices_dir, TRUE);
      for (guint j = 0; devices != NULL && j < devices->len; j++)
        {
          char *address = pit_host_pci_normalize_address (devices->pdata[j]);

          /* only PCI devices matter for passthrough */
          if (address != NULL)
            g_ptr_array_add (group->devices, address);
        }
      g_ptr_array_sort (group->devices, compare_strings);
      g_ptr_array_add (self->groups, g_steal_pointer (&group));
    }
  g_ptr_array_sort (self->groups, compare_groups);
  self->enabled = self->groups->len > 0;

  return g_steal_pointer (&self);
}

/**
 * pit_host_iommu_new_from_devices:
 * @pci_devices: (element-type PitHostPciDevice)
 * Groups known from the devices themselves (libvirt node devices).
 * enabled is 1 when any device has a group, else -1 (unknown).
 */
PitHostIommu *
pit_host_iommu_new_from_devices (GPtrArray *pci_devices)
{
  PitHostIommu *self = pit_host_iommu_new ();

  for (guint i = 0; i < pci_devices->len; i++)
    {
      PitHostPciDevice *device = pci_devices->pdata[i];
      PitHostIommuGroup *group;

      if (device->iommu_group < 0)
        continue;
      group = pit_host_iommu_get_group (self, (guint) device->iommu_group);
      if (group == NULL)
        {
          group = pit_host_iommu_group_new ((guint) device->iommu_group);
          g_ptr_array_add (self->groups, group);
        }
      if (!pit_host_iommu_group_contains (group, device->address))
        g_ptr_array_add (group->devices, g_strdup (device->address));
    }
  for (guint i = 0; i < self->groups->len; i++)
    g_ptr_array_sort (((PitHostIommuGroup *) self->groups->pdata[i])->devices, compare_strings);
  g_ptr_array_sort (self->groups, compare_groups);
  self->enabled = self->groups->len > 0 ? 1 : -1;

  return self;
}

const char * const *
pit_host_iommu_enable_params (PitHostCpuVendor vendor)
{
  static const char * const intel[] = { "intel_iommu=on", NULL };
  static const char * const amd[] = { "amd_iommu=on", NULL };

  switch (vendor)
    {
    case PIT_HOST_CPU_VENDOR_INTEL:
      return intel;
    case PIT_HOST_CPU_VENDOR_AMD:
      return amd;
    case PIT_HOST_CPU_VENDOR_OTHER:
    case PIT_HOST_CPU_VENDOR_UNKNOWN:
    default:
      return NULL;
    }
}
