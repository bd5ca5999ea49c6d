/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-host"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pit-host-passthrough.h"

static void
passthrough_clear (PitHostPassthrough *self)
{
  g_clear_pointer (&self->device, pit_host_pci_device_unref);
  g_clear_pointer (&self->devices, g_ptr_array_unref);
  g_clear_pointer (&self->foreign, g_ptr_array_unref);
  g_free (self->reason);
}

PitHostPassthrough *
pit_host_passthrough_ref (PitHostPassthrough *self)
{
  return g_atomic_rc_box_acquire (self);
}

void
pit_host_passthrough_unref (PitHostPassthrough *self)
{
  g_atomic_rc_box_release_full (self, (GDestroyNotify) passthrough_clear);
}

char *
pit_host_passthrough_dup_ids (PitHostPassthrough *self)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < self->devices->len; i++)
    {
      char *id = pit_host_pci_device_dup_ids (self->devices->pdata[i]);

      if (g_ptr_array_find_with_equal_func (ids, id, g_str_equal, NULL))
        g_free (id);
      else
        g_ptr_array_add (ids, id);
    }
  g_ptr_array_add (ids, NULL);

  return g_strjoinv (",", (char **) ids->pdata);
}

gboolean
pit_host_passthrough_contains (PitHostPassthrough *self,
                               const char         *address)
{
  for (guint i = 0; i < self->devices->len; i++)
    if (g_strcmp0 (((PitHostPciDevice *) self->devices->pdata[i])->address, address) == 0)
      return TRUE;
  return FALSE;
}

static PitHostPciDevice *
find_device (GPtrArray  *devices,
             const char *address)
{
  for (guint i = 0; i < devices->len; i++)
    if (g_strcmp0 (((PitHostPciDevice *) devices->pdata[i])->address, address) == 0)
      return devices->pdata[i];
  return NULL;
}

static void
add_unique (PitHostPassthrough *self,
            PitHostPciDevice   *device)
{
  if (!pit_host_passthrough_contains (self, device->address))
    g_ptr_array_add (self->devices, pit_host_pci_device_ref (device));
}

static char *
describe (PitHostPciDevice *device)
{
  if (device->device_name != NULL)
    return g_strdup_printf ("%s (%s)", device->address, device->device_name);
  if (device->class_name != NULL)
    return g_strdup_printf ("%s (%s)", device->address, device->class_name);
  return g_strdup (device->address);
}

/**
 * pit_host_passthrough_new:
 * Returns: (transfer full): what passing @device takes on this host
 */
PitHostPassthrough *
pit_host_passthrough_new (PitHostPciDevice *device,
                          GPtrArray        *devices,
                          PitHostIommu     *iommu)
{
  PitHostPassthrough *self = g_atomic_rc_box_new0 (PitHostPassthrough);
  PitHostIommuGroup *group = NULL;

  self->device = pit_host_pci_device_ref (device);
  self->devices = g_ptr_array_new_with_free_func ((GDestroyNotify) pit_host_pci_device_unref);
  self->foreign = g_ptr_array_new_with_free_func ((GDestroyNotify) pit_host_pci_device_unref);

  g_ptr_array_add (self->devices, pit_host_pci_device_ref (device));
  for (guint i = 0; i < device->functions->len; i++)
    {
      PitHostPciDevice *function = find_device (devices, device->functions->pdata[i]);

      if (function != NULL)
        add_unique (self, function);
    }

  if (iommu != NULL && iommu->enabled != 0 && device->iommu_group >= 0)
    group = pit_host_iommu_get_group (iommu, (guint) device->iommu_group);
  if (group != NULL)
    for (guint i = 0; i < group->devices->len; i++)
      {
        PitHostPciDevice *member = find_device (devices, group->devices->pdata[i]);

        if (member != NULL && !pit_host_pci_device_is_bridge (member))
          add_unique (self, member);
      }

  for (guint i = 0; i < self->devices->len; i++)
    {
      PitHostPciDevice *member = self->devices->pdata[i];

      if (!pit_host_pci_device_same_slot (member, device))
        g_ptr_array_add (self->foreign, pit_host_pci_device_ref (member));
    }

  if (iommu != NULL && iommu->enabled == 0)
    {
      self->viable_known = TRUE;
      self->reason = g_strdup (_("The IOMMU is off: no device can be passed through until it is "
                                 "turned on in the kernel command line"));
    }
  else if (group == NULL)
    {
      self->reason = g_strdup (_("The IOMMU group of the device is not known"));
    }
  else if (self->foreign->len > 0)
    {
      g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

      for (guint i = 0; i < self->foreign->len; i++)
        g_ptr_array_add (names, describe (self->foreign->pdata[i]));
      g_ptr_array_add (names, NULL);

      self->viable_known = TRUE;
      {
        g_autofree char *list = g_strjoinv (", ", (char **) names->pdata);

        self->reason = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                     "IOMMU group %d also holds %s: the device can only be "
                                                     "passed through together with it",
                                                     "IOMMU group %d also holds %s: the device can only be "
                                                     "passed through together with them",
                                                     self->foreign->len),
                                        device->iommu_group, list);
      }
    }
  else
    {
      self->viable_known = TRUE;
      self->viable = TRUE;
    }

  return self;
}
