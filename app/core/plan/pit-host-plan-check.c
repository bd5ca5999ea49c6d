/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-plan"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pit-host-plan-check.h"
#include "pit-host-plan-private.h"
#include "pit-kernel-cmdline.h"

void
pit_plan_check_item_free (PitPlanCheckItem *item)
{
  g_free (item->id);
  g_free (item->title);
  g_free (item->seen);
  g_free (item);
}

const char *
pit_plan_status_to_id (PitPlanStatus status)
{
  switch (status)
    {
    case PIT_PLAN_STATUS_DONE:
      return "done";
    case PIT_PLAN_STATUS_PENDING:
      return "pending";
    case PIT_PLAN_STATUS_CONFLICTING:
      return "conflicting";
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
pit_plan_status_to_string (PitPlanStatus status)
{
  switch (status)
    {
    case PIT_PLAN_STATUS_DONE:
      return C_("plan status", "done");
    case PIT_PLAN_STATUS_PENDING:
      return C_("plan status", "pending");
    case PIT_PLAN_STATUS_CONFLICTING:
      return C_("plan status", "conflicting");
    default:
      g_return_val_if_reached (NULL);
    }
}

static void
add (GPtrArray     *items,
     char          *id,
     char          *title,
     PitPlanStatus  status,
     char          *seen)
{
  PitPlanCheckItem *item = g_new0 (PitPlanCheckItem, 1);

  item->id = id;
  item->title = title;
  item->status = status;
  item->seen = seen;
  g_ptr_array_add (items, item);
}

static void
check_iommu (PitHostPlan *self,
             char       **live,
             GPtrArray   *items)
{
  const char *iommu_param = NULL;
  const char *seen_param = NULL;

  if (self->devices->len == 0)
    return;

  if (self->facts->cpu_vendor == PIT_PLAN_CPU_INTEL)
    iommu_param = "intel_iommu=on";
  else if (self->facts->cpu_vendor == PIT_PLAN_CPU_AMD)
    iommu_param = "amd_iommu=on";
  if (iommu_param != NULL)
    {
      g_autofree char *key = pit_kernel_cmdline_key (iommu_param);

      seen_param = pit_kernel_cmdline_lookup ((const char * const *) live, key);
    }

  if (self->facts->iommu_enabled)
    add (items, g_strdup ("iommu"), g_strdup (_("IOMMU on")), PIT_PLAN_STATUS_DONE,
         g_strdup (_("IOMMU groups present")));
  else if (seen_param != NULL && pit_kernel_cmdline_same (seen_param, iommu_param))
    add (items, g_strdup ("iommu"), g_strdup (_("IOMMU on")), PIT_PLAN_STATUS_CONFLICTING,
         g_strdup_printf (_("%s is on the command line but there are no IOMMU groups: "
                            "turn on VT-d or AMD-Vi in the firmware setup"), iommu_param));
  else if (seen_param != NULL)
    add (items, g_strdup ("iommu"), g_strdup (_("IOMMU on")), PIT_PLAN_STATUS_CONFLICTING,
         g_strdup_printf (_("no IOMMU groups; the command line has %s"), seen_param));
  else
    add (items, g_strdup ("iommu"), g_strdup (_("IOMMU on")), PIT_PLAN_STATUS_PENDING,
         g_strdup (_("no IOMMU groups yet")));
}

/* Returns: whether every planned parameter is on the command line */
static gboolean
check_params (PitHostPlan *self,
              char       **live,
              GPtrArray   *items)
{
  gboolean all = TRUE;

  for (guint i = 0; i < self->params->len; i++)
    {
      PitPlanParam *param = g_ptr_array_index (self->params, i);
      g_autofree char *key = pit_kernel_cmdline_key (param->param);
      const char *seen = pit_kernel_cmdline_lookup ((const char * const *) live, key);
      char *id = g_strdup_printf ("param:%s", param->param);
      char *title = g_strdup_printf (_("Kernel parameter %s"), param->param);

      if (seen != NULL && pit_kernel_cmdline_same (seen, param->param))
        add (items, id, title, PIT_PLAN_STATUS_DONE, g_strdup (_("on the command line")));
      else if (seen != NULL)
        add (items, id, title, PIT_PLAN_STATUS_CONFLICTING,
             g_strdup_printf (_("the command line has %s"), seen));
      else
        add (items, id, title, PIT_PLAN_STATUS_PENDING, g_strdup (_("not on the command line")));
      all &= seen != NULL && pit_kernel_cmdline_same (seen, param->param);
    }
  return all;
}

static void
check_devices (PitHostPlan *self,
               gboolean     booted,
               GPtrArray   *items)
{
  for (guint i = 0; i < self->devices->len; i++)
    {
      PitPlanPciDevice *dev = g_ptr_array_index (self->devices, i);
      char *id = g_strdup_printf ("vfio:%s", dev->address);
      char *title = g_strdup_printf (_("%s bound to vfio-pci"), dev->address);
      PitPlanStatus status;
      char *seen;

      if (g_strcmp0 (dev->driver, "vfio-pci") == 0)
        status = PIT_PLAN_STATUS_DONE, seen = g_strdup (_("bound to vfio-pci"));
      else if (self->facts->drivers_unknown)
        status = PIT_PLAN_STATUS_PENDING, seen = g_strdup (_("driver unknown (PCI devices from a dump)"));
      else
        {
          status = booted ? PIT_PLAN_STATUS_CONFLICTING : PIT_PLAN_STATUS_PENDING;
          seen = dev->driver != NULL ? g_strdup_printf (_("bound to %s"), dev->driver)
                                     : g_strdup (_("no driver bound"));
        }
      add (items, id, title, status, seen);
    }

  for (guint i = 0; self->blacklist[i] != NULL; i++)
    {
      const char *module = self->blacklist[i];
      char *id = g_strdup_printf ("module:%s", module);
      char *title = g_strdup_printf (_("%s not loaded"), module);

      if (self->facts->modules == NULL)
        add (items, id, title, PIT_PLAN_STATUS_PENDING, g_strdup (_("loaded modules unknown")));
      else if (!pit_plan_facts_module_loaded (self->facts, module))
        add (items, id, title, PIT_PLAN_STATUS_DONE, g_strdup (_("not loaded")));
      else
        add (items, id, title, booted ? PIT_PLAN_STATUS_CONFLICTING : PIT_PLAN_STATUS_PENDING,
             g_strdup (_("loaded")));
    }
}

static void
check_hugepages (PitHostPlan *self,
                 GPtrArray   *items)
{
  const PitHostPlanRequest *request = self->request;
  const PitPlanHugepagePool *pool;
  g_autofree char *size = NULL;
  g_autofree char *param = NULL;
  g_auto(GStrv) live = NULL;
  guint64 total, free;
  gboolean booted;

  if (request->hugepage_count == 0)
    return;

  size = _pit_plan_page_size (self);
  if (request->hugepages_on_demand)
    {
      gboolean installed = _pit_plan_file_exists (self, "etc/libvirt/hooks/qemu.d/pitstop-hugepages")
                           || _pit_plan_file_exists (self, "var/lib/libvirt/hooks/qemu.d/pitstop-hugepages");

      add (items, g_strdup ("hook"), g_strdup (_("Hugepage hook installed")),
           installed ? PIT_PLAN_STATUS_DONE : PIT_PLAN_STATUS_PENDING,
           g_strdup (installed ? _("installed") : _("not installed")));
      return;
    }

  pool = pit_plan_facts_find_hugepages (self->facts, request->hugepage_size_kib);
  total = pool != NULL ? pool->total : 0;
  free = pool != NULL ? pool->free : 0;
  live = pit_kernel_cmdline_split (self->facts->cmdline);
  param = g_strdup_printf ("hugepages=%" G_GUINT64_FORMAT, request->hugepage_count);
  booted = g_strcmp0 (pit_kernel_cmdline_lookup ((const char * const *) live, "hugepages"), param) == 0;

  add (items, g_strdup ("hugepages-reserved"),
       g_strdup_printf (_("%u hugepages of %s reserved"), (guint) request->hugepage_count, size),
       total >= request->hugepage_count ? PIT_PLAN_STATUS_DONE
       : booted ? PIT_PLAN_STATUS_CONFLICTING : PIT_PLAN_STATUS_PENDING,
       g_strdup_printf (_("%u reserved"), (guint) total));
  add (items, g_strdup ("hugepages-free"),
       g_strdup_printf (_("%u hugepages of %s free"), (guint) request->hugepage_count, size),
       free >= request->hugepage_count ? PIT_PLAN_STATUS_DONE
       : total >= request->hugepage_count ? PIT_PLAN_STATUS_CONFLICTING : PIT_PLAN_STATUS_PENDING,
       free < request->hugepage_count && total >= request->hugepage_count
         ? g_strdup_printf (_("%u free: something else uses them (a running VM?)"), (guint) free)
         : g_strdup_printf (_("%u free"), (guint) free));
}

static void
check_bridge (PitHostPlan *self,
              GPtrArray   *items)
{
  const char *name = self->request->bridge;
  const char *uplink_name = self->request->uplink;
  const PitPlanNetInterface *bridge, *uplink;
  char *title;

  if (name == NULL)
    return;

  bridge = pit_plan_facts_find_net (self->facts, name);
  uplink = pit_plan_facts_find_net (self->facts, uplink_name);
  title = g_strdup_printf (_("Bridge %s up with %s"), name, uplink_name);
  if (uplink != NULL && uplink->master != NULL && !g_str_equal (uplink->master, name))
    add (items, g_strdup ("bridge"), title, PIT_PLAN_STATUS_CONFLICTING,
         g_strdup_printf (_("%s is a port of %s"), uplink_name, uplink->master));
  else if (bridge == NULL)
    add (items, g_strdup ("bridge"), title, PIT_PLAN_STATUS_PENDING,
         g_strdup_printf (_("no interface %s yet"), name));
  else if (!bridge->is_bridge)
    add (items, g_strdup ("bridge"), title, PIT_PLAN_STATUS_CONFLICTING,
         g_strdup_printf (_("%s is not a bridge"), name));
  else if (uplink == NULL || uplink->master == NULL)
    add (items, g_strdup ("bridge"), title, PIT_PLAN_STATUS_CONFLICTING,
         g_strdup_printf (_("%s exists without %s"), name, uplink_name));
  else if (g_strcmp0 (bridge->operstate, "up") != 0)
    add (items, g_strdup ("bridge"), title, PIT_PLAN_STATUS_CONFLICTING,
         g_strdup_printf (_("%s is %s"), name, bridge->operstate != NULL ? bridge->operstate : "unknown"));
  else
    add (items, g_strdup ("bridge"), title, PIT_PLAN_STATUS_DONE,
         g_strdup_printf (_("%s is up; %s is its port"), name, uplink_name));
}

/**
 * pit_host_plan_check:
 * Compares the plan with the host it was made from (the live inventory).
 * Returns: (transfer full) (element-type PitPlanCheckItem): the items
 */
GPtrArray *
pit_host_plan_check (PitHostPlan *self)
{
  GPtrArray *items = g_ptr_array_new_with_free_func ((GDestroyNotify) pit_plan_check_item_free);
  g_auto(GStrv) live = NULL;
  gboolean booted;

  g_return_val_if_fail (PIT_IS_HOST_PLAN (self), NULL);

  live = pit_kernel_cmdline_split (self->facts->cmdline);
  check_iommu (self, live, items);
  booted = check_params (self, live, items);
  check_devices (self, booted, items);
  check_hugepages (self, items);
  check_bridge (self, items);
  return items;
}
