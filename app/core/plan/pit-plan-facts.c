/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-plan"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "pit-plan-facts.h"

static void
pci_device_free (gpointer data)
{
  PitPlanPciDevice *dev = data;

  g_free (dev->address);
  g_free (dev->name);
  g_free (dev->driver);
  g_strfreev (dev->passthrough);
  g_strfreev (dev->dev_nodes);
  g_free (dev);
}

static void
net_interface_free (gpointer data)
{
  PitPlanNetInterface *iface = data;

  g_free (iface->name);
  g_free (iface->master);
  g_free (iface->operstate);
  g_free (iface->mac);
  g_free (iface);
}

PitPlanFacts *
pit_plan_facts_new (void)
{
  PitPlanFacts *self = g_new0 (PitPlanFacts, 1);

  self->pci = g_ptr_array_new_with_free_func (pci_device_free);
  self->hugepages = g_array_new (FALSE, TRUE, sizeof (PitPlanHugepagePool));
  self->net = g_ptr_array_new_with_free_func (net_interface_free);
  self->problems = g_ptr_array_new_with_free_func (g_free);
  self->vtconsoles = g_array_new (FALSE, FALSE, sizeof (guint));
  return self;
}

void
pit_plan_facts_free (PitPlanFacts *self)
{
  if (self == NULL)
    return;

  g_free (self->kernel_release);
  g_free (self->os_id);
  g_strfreev (self->os_id_like);
  g_free (self->os_name);
  g_free (self->cmdline);
  g_ptr_array_unref (self->pci);
  g_array_unref (self->hugepages);
  g_strfreev (self->modules);
  g_ptr_array_unref (self->net);
  g_free (self->default_route_iface);
  g_ptr_array_unref (self->problems);
  g_free (self->display_manager);
  g_strfreev (self->compositors);
  g_strfreev (self->audio_servers);
  g_strfreev (self->framebuffers);
  g_strfreev (self->firmware_fbs);
  g_array_unref (self->vtconsoles);
  g_free (self);
}

/**
 * pit_plan_normalize_pci_address:
 * Accepts "04:00.0" or "0000:04:00.0" in any case.
 * Returns: (nullable): "0000:04:00.0", or %NULL when @address is not one
 */
char *
pit_plan_normalize_pci_address (const char *address)
{
  unsigned int domain = 0, bus, slot, function;
  char tail;

  if (address == NULL)
    return NULL;
  if (sscanf (address, "%4x:%2x:%2x.%1x%c", &domain, &bus, &slot, &function, &tail) != 4
      && (domain = 0, sscanf (address, "%2x:%2x.%1x%c", &bus, &slot, &function, &tail) != 3))
    return NULL;
  if (slot > 0x1f || function > 7)
    return NULL;

  return g_strdup_printf ("%04x:%02x:%02x.%x", domain, bus, slot, function);
}

PitPlanPciDevice *
pit_plan_facts_add_pci (PitPlanFacts *self,
                        const char   *address,
                        guint16       vendor_id,
                        guint16       device_id,
                        guint32       class_code,
                        const char   *driver,
                        int           iommu_group)
{
  PitPlanPciDevice *dev = g_new0 (PitPlanPciDevice, 1);

  dev->address = pit_plan_normalize_pci_address (address);
  if (dev->address == NULL)
    dev->address = g_strdup (address);
  dev->vendor_id = vendor_id;
  dev->device_id = device_id;
  dev->class_code = class_code;
  dev->driver = g_strdup (driver);
  dev->iommu_group = iommu_group;
  g_ptr_array_add (self->pci, dev);
  return dev;
}

void
pit_plan_facts_add_hugepages (PitPlanFacts *self,
                              guint64       size_kib,
                              guint64       total,
                              guint64       free)
{
  PitPlanHugepagePool pool = { size_kib, total, free };

  g_array_append_val (self->hugepages, pool);
}

PitPlanNetInterface *
pit_plan_facts_add_net (PitPlanFacts *self,
                        const char   *name,
                        gboolean      is_physical,
                        gboolean      is_bridge,
                        const char   *master,
                        const char   *operstate)
{
  PitPlanNetInterface *iface = g_new0 (PitPlanNetInterface, 1);

  iface->name = g_strdup (name);
  iface->is_physical = is_physical;
  iface->is_bridge = is_bridge;
  iface->master = g_strdup (master);
  iface->operstate = g_strdup (operstate);
  g_ptr_array_add (self->net, iface);
  return iface;
}

gboolean
pit_plan_facts_is_nixos (const PitPlanFacts *self)
{
  return g_strcmp0 (self->os_id, "nixos") == 0;
}

/**
 * pit_plan_facts_is_single_gpu:
 * Returns: whether @gpu boots the host and no other display device exists
 */
gboolean
pit_plan_facts_is_single_gpu (const PitPlanFacts     *self,
                              const PitPlanPciDevice *gpu)
{
  if ((gpu->class_code >> 8) != 0x03 || !gpu->boot_vga)
    return FALSE;
  for (guint i = 0; i < self->pci->len; i++)
    {
      const PitPlanPciDevice *other = g_ptr_array_index (self->pci, i);

      if (other != gpu && (other->class_code >> 8) == 0x03)
        return FALSE;
    }
  return TRUE;
}

/**
 * pit_plan_facts_is_like:
 * Returns: whether os-release's ID or ID_LIKE names @id
 */
gboolean
pit_plan_facts_is_like (const PitPlanFacts *self,
                        const char         *id)
{
  return g_strcmp0 (self->os_id, id) == 0
         || (self->os_id_like != NULL && g_strv_contains ((const char * const *) self->os_id_like, id));
}

gboolean
pit_plan_facts_module_loaded (const PitPlanFacts *self,
                              const char         *module)
{
  g_autofree char *underscored = g_strdelimit (g_strdup (module), "-", '_');

  return self->modules != NULL
         && g_strv_contains ((const char * const *) self->modules, underscored);
}

const PitPlanPciDevice *
pit_plan_facts_find_pci (const PitPlanFacts *self,
                         const char         *address)
{
  g_autofree char *normal = pit_plan_normalize_pci_address (address);

  if (normal == NULL)
    return NULL;
  for (guint i = 0; i < self->pci->len; i++)
    {
      const PitPlanPciDevice *dev = g_ptr_array_index (self->pci, i);

      if (g_strcmp0 (dev->address, normal) == 0)
        return dev;
    }
  return NULL;
}

const PitPlanNetInterface *
pit_plan_facts_find_net (const PitPlanFacts *self,
                         const char         *name)
{
  for (guint i = 0; i < self->net->len; i++)
    {
      const PitPlanNetInterface *iface = g_ptr_array_index (self->net, i);

      if (g_strcmp0 (iface->name, name) == 0)
        return iface;
    }
  return NULL;
}

const PitPlanHugepagePool *
pit_plan_facts_find_hugepages (const PitPlanFacts *self,
                               guint64             size_kib)
{
  for (guint i = 0; i < self->hugepages->len; i++)
    {
      const PitPlanHugepagePool *pool = &g_array_index (self->hugepages, PitPlanHugepagePool, i);

      if (pool->size_kib == size_kib)
        return pool;
    }
  return NULL;
}

static gboolean
same_slot (const char *a,
           const char *b)
{
  const char *dot_a = strrchr (a, '.');
  const char *dot_b = strrchr (b, '.');

  return dot_a != NULL && dot_b != NULL && dot_a - a == dot_b - b && strncmp (a, b, dot_a - a) == 0;
}

/**
 * pit_plan_facts_passthrough_set:
 * The devices that go to the guest together with @gpu: the functions of the
 * card's slot (its HDMI audio, USB-C controller) and every other device of
 * its IOMMU group except bridges.  While the IOMMU is off there are no
 * groups yet: then only the slot.  When the facts come from the host
 * inventory, this is its passthrough set.
 * Returns: (transfer container): PitPlanPciDevice, @gpu first
 */
GPtrArray *
pit_plan_facts_passthrough_set (const PitPlanFacts     *self,
                                const PitPlanPciDevice *gpu)
{
  GPtrArray *set = g_ptr_array_new ();

  /* the host inventory knows the set: use it */
  if (gpu->passthrough != NULL)
    {
      g_ptr_array_add (set, (gpointer) gpu);
      for (guint i = 0; gpu->passthrough[i] != NULL; i++)
        {
          const PitPlanPciDevice *dev = pit_plan_facts_find_pci (self, gpu->passthrough[i]);

          if (dev != NULL && dev != gpu)
            g_ptr_array_add (set, (gpointer) dev);
        }
      return set;
    }

  g_ptr_array_add (set, (gpointer) gpu);
  /* first the card's own functions, then the rest of its group */
  for (int pass = 0; pass < 2; pass++)
    for (guint i = 0; i < self->pci->len; i++)
      {
        PitPlanPciDevice *dev = g_ptr_array_index (self->pci, i);
        gboolean slot = same_slot (dev->address, gpu->address);

        /* host and PCI bridges stay with the host (as the inventory's passthrough) */
        if (dev == gpu || dev->class_code == 0x0600 || dev->class_code == 0x0604
            || dev->class_code == 0x0609)
          continue;
        if (pass == 0 ? slot : (!slot && gpu->iommu_group >= 0 && dev->iommu_group == gpu->iommu_group))
          g_ptr_array_add (set, dev);
      }
  return set;
}

/**
 * pit_plan_facts_kernel_older_than:
 * @known: (out): whether the kernel release is known
 * Returns: whether the running kernel is older than @major.@minor
 */
gboolean
pit_plan_facts_kernel_older_than (const PitPlanFacts *self,
                                  guint               major,
                                  guint               minor,
                                  gboolean           *known)
{
  guint64 kmajor, kminor = 0;
  char *end = NULL;

  *known = FALSE;
  if (self->kernel_release == NULL)
    return FALSE;
  kmajor = g_ascii_strtoull (self->kernel_release, &end, 10);
  if (end == self->kernel_release)
    return FALSE;
  if (*end == '.')
    kminor = g_ascii_strtoull (end + 1, NULL, 10);
  *known = TRUE;

  return kmajor < major || (kmajor == major && kminor < minor);
}
