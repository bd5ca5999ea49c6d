/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-plan"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "pit-error.h"
#include "pit-host-plan-private.h"
#include "pit-host-reset-quirk.h"

/* The plan's contents from the host's facts and the user's choices: the
 * passthrough sets and their ids, the drivers to hold back, the kernel
 * parameters; and the checks of the choices against the host. */

static void
add_param (PitHostPlan *self,
           char        *param,
           char        *why)
{
  PitPlanParam *p = g_new0 (PitPlanParam, 1);

  p->param = param;
  p->why = why;
  g_ptr_array_add (self->params, p);
}

static void G_GNUC_PRINTF (2, 3)
add_note (PitHostPlan *self,
          const char  *format,
          ...)
{
  va_list args;

  va_start (args, format);
  g_ptr_array_add (self->notes, g_strdup_vprintf (format, args));
  va_end (args);
}

/* Takes the strings of a GPtrArray (with g_free) as a GStrv */
static char **
strv_steal (GPtrArray *array)
{
  g_ptr_array_set_free_func (array, NULL);
  g_ptr_array_add (array, NULL);
  return (char **) g_ptr_array_steal (array, NULL);
}

static void
add_unique (GPtrArray  *array,
            const char *name)
{
  g_autofree char *module = g_strdelimit (g_strdup (name), "-", '_');

  if (!g_ptr_array_find_with_equal_func (array, module, g_str_equal, NULL))
    g_ptr_array_add (array, g_steal_pointer (&module));
}

static gboolean
resolve_gpus (PitHostPlan  *self,
              GError      **error)
{
  const PitPlanFacts *facts = self->facts;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < self->request->gpus->len; i++)
    {
      const char *given = g_ptr_array_index (self->request->gpus, i);
      g_autofree char *address = pit_plan_normalize_pci_address (given);
      const PitPlanPciDevice *gpu;
      g_autoptr(GPtrArray) set = NULL;

      if (address == NULL)
        {
          g_set_error (error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT,
                       _("“%s” is not a PCI address; write it as 0000:04:00.0 or 04:00.0"), given);
          return FALSE;
        }
      gpu = pit_plan_facts_find_pci (facts, address);
      if (gpu == NULL)
        {
          g_set_error (error, PIT_ERROR, PIT_ERROR_NOT_FOUND,
                       _("This host has no PCI device at %s (see “pitstop-cli host”)"), address);
          return FALSE;
        }
      if ((gpu->class_code >> 8) != 0x03)
        {
          g_set_error (error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT,
                       _("The PCI device at %s is not a graphics card (its class is %04x)"),
                       address, gpu->class_code);
          return FALSE;
        }
      if (g_ptr_array_find (self->gpus, gpu, NULL))
        continue;
      g_ptr_array_add (self->gpus, (gpointer) gpu);
      if (gpu->boot_vga && self->request->single_gpu_vm == NULL)
        {
          g_autofree char *card = _pit_plan_describe_device (gpu);

          add_note (self, "%s is the card the firmware starts on: once vfio-pci holds it, the "
                    "host shows no console on it, and the guest may need the card's VBIOS as a "
                    "ROM file. Boot the host from another GPU if you can.", card);
        }

      set = pit_plan_facts_passthrough_set (facts, gpu);
      for (guint j = 0; j < set->len; j++)
        {
          PitPlanPciDevice *dev = g_ptr_array_index (set, j);

          if (g_ptr_array_find (self->devices, dev, NULL))
            continue;
          g_ptr_array_add (self->devices, dev);
          if (strncmp (dev->address, gpu->address, strlen (gpu->address) - 1) != 0)
            {
              g_autofree char *what = _pit_plan_describe_device (dev);
              g_autofree char *card = _pit_plan_describe_device (gpu);

              add_note (self, "%s is in the IOMMU group of %s without being part of the card: "
                        "it goes to vfio-pci too, and the host loses it.", what, card);
            }
        }
    }

  for (guint i = 0; i < self->devices->len; i++)
    {
      PitPlanPciDevice *dev = g_ptr_array_index (self->devices, i);
      g_autofree char *id = g_strdup_printf ("%04x:%04x", dev->vendor_id, dev->device_id);

      if (!g_ptr_array_find_with_equal_func (ids, id, g_str_equal, NULL))
        g_ptr_array_add (ids, g_steal_pointer (&id));
      /* vfio-pci.ids works by ids: an identical card the host keeps is taken too */
      for (guint j = 0; j < facts->pci->len; j++)
        {
          PitPlanPciDevice *other = g_ptr_array_index (facts->pci, j);

          if (other->vendor_id == dev->vendor_id && other->device_id == dev->device_id
              && !g_ptr_array_find (self->devices, other, NULL))
            {
              g_autofree char *what = _pit_plan_describe_device (other);

              add_note (self, "%s has the same ids as a device for the VM, so vfio-pci takes "
                        "it as well; bind by address instead (driver_override) if the host "
                        "needs it.", what);
            }
        }
    }
  self->vfio_ids = strv_steal (ids);

  if (self->gpus->len > 0 && !facts->iommu_enabled)
    add_note (self, "the IOMMU is off now, so the devices for the VM are the card's own "
              "functions. After the reboot, check that nothing else shares their IOMMU group "
              "(pitstop-cli host-plan --check).");
  return TRUE;
}

static gboolean
is_gpu_driver (const char *driver)
{
  static const char * const gpu_drivers[] = { "nouveau", "nvidia", "amdgpu", "radeon", "i915", "xe", NULL };

  return g_strv_contains (gpu_drivers, driver);
}

/* Most PCI drivers are named as their module; these are not */
static const char *
driver_module (const char *driver)
{
  static const struct
  {
    const char *driver;
    const char *module;
  } modules[] = {
    { "xhci_hcd", "xhci_pci" },
    { "ehci-pci", "ehci_pci" },
    { "nvidia-gpu", "i2c_nvidia_gpu" },
    { "snd_hda_intel", "snd_hda_intel" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (modules); i++)
    if (g_str_equal (driver, modules[i].driver))
      return modules[i].module;
  return driver;
}

/* The drivers that would claim @dev if vfio-pci did not come first */
static void
add_claimants (PitHostPlan            *self,
               const PitPlanPciDevice *dev,
               GPtrArray              *out)
{
  const PitPlanFacts *facts = self->facts;

  if ((dev->class_code >> 8) == 0x03)
    {
      if (dev->vendor_id == 0x10de)
        {
          add_unique (out, "nouveau");
          if (pit_plan_facts_module_loaded (facts, "nvidia"))
            add_unique (out, "nvidia");
        }
      else if (dev->vendor_id == 0x1002)
        {
          add_unique (out, "amdgpu");
          if (pit_plan_facts_module_loaded (facts, "radeon"))
            add_unique (out, "radeon");
        }
      else if (dev->vendor_id == 0x8086)
        add_unique (out, "i915");
    }
  else if (dev->class_code == 0x0403)
    add_unique (out, "snd_hda_intel");
  else if (dev->class_code == 0x0c03)
    add_unique (out, "xhci_pci");
  else if (dev->class_code == 0x0c80 && dev->vendor_id == 0x10de)
    add_unique (out, "i2c_nvidia_gpu");

  if (dev->driver != NULL && !g_str_equal (dev->driver, "vfio-pci"))
    add_unique (out, driver_module (dev->driver));
}

/* AMD cards in vendor-reset's table (gnif/vendor-reset): the module, first
 * in the initramfs so it is there before vfio-pci takes the card; since
 * Linux 5.15 the kernel uses it only with reset_method=device_specific,
 * which a udev rule sets when the card appears. */
static void
plan_vendor_reset (PitHostPlan *self,
                   GPtrArray   *modules)
{
  g_autoptr(GString) rules = g_string_new (NULL);
  g_autoptr(GString) cards = g_string_new (NULL);
  gboolean known;
  gboolean old_kernel;

  for (guint i = 0; i < self->devices->len; i++)
    {
      PitPlanPciDevice *dev = g_ptr_array_index (self->devices, i);
      const PitHostResetQuirk *quirk = pit_host_reset_quirk_lookup (dev->vendor_id, dev->device_id);
      g_autofree char *card = NULL;

      if (quirk->kind != PIT_HOST_RESET_QUIRK_VENDOR_RESET)
        continue;
      card = _pit_plan_describe_device (dev);
      g_string_append_printf (cards, "%s%s (%s)", cards->len > 0 ? ", " : "", card, quirk->family);
      g_free (card);
      card = g_strdup_printf ("ATTR{device}==\"0x%04x\"", dev->device_id);
      if (strstr (rules->str, card) == NULL)   /* one rule per model */
        g_string_append_printf (rules, "ACTION==\"add\", SUBSYSTEM==\"pci\", ATTR{vendor}==\"0x%04x\", "
                                "ATTR{device}==\"0x%04x\", ATTR{reset_method}=\"device_specific\"\n",
                                dev->vendor_id, dev->device_id);
    }
  if (cards->len == 0)
    return;

  add_unique (modules, "vendor_reset");
  add_note (self, "%s cannot be reset by the kernel alone: after the VM's first stop it hangs until the "
            "host reboots. The out-of-tree module vendor-reset (github.com/gnif/vendor-reset) resets it: "
            "install it (its DKMS package; on NixOS boot.extraModulePackages = "
            "[ config.boot.kernelPackages.vendor-reset ]). The plan loads it before vfio-pci.",
            cards->str);
  old_kernel = pit_plan_facts_kernel_older_than (self->facts, 5, 15, &known);
  if (!known || !old_kernel)
    {
      add_note (self, "%sLinux 5.15 and newer use vendor-reset only when the card's reset_method is "
                "device_specific; the udev rule that sets it is in the plan's module part "
                "(/etc/udev/rules.d/99-vendor-reset.rules, on NixOS services.udev.extraRules).",
                known ? "" : "The kernel version is unknown. ");
      self->udev_rules = g_string_free (g_steal_pointer (&rules), FALSE);
    }
}

static void
resolve_drivers (PitHostPlan *self)
{
  g_autoptr(GPtrArray) softdeps = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) kept = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) blacklist = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) modules = g_ptr_array_new_with_free_func (g_free);
  gboolean known;

  for (guint i = 0; i < self->devices->len; i++)
    add_claimants (self, g_ptr_array_index (self->devices, i), softdeps);
  /* what the devices the host keeps need */
  for (guint i = 0; i < self->facts->pci->len; i++)
    {
      PitPlanPciDevice *dev = g_ptr_array_index (self->facts->pci, i);

      if (!g_ptr_array_find (self->devices, dev, NULL))
        add_claimants (self, dev, kept);
    }
  for (guint i = 0; i < softdeps->len; i++)
    {
      const char *driver = g_ptr_array_index (softdeps, i);

      if (is_gpu_driver (driver) && !g_ptr_array_find_with_equal_func (kept, driver, g_str_equal, NULL))
        add_unique (blacklist, driver);
    }

  if (self->devices->len > 0)
    {
      plan_vendor_reset (self, modules);
      add_unique (modules, "vfio_pci");
      add_unique (modules, "vfio");
      add_unique (modules, "vfio_iommu_type1");
      /* vfio_virqfd was merged into vfio in Linux 6.2 */
      if (pit_plan_facts_kernel_older_than (self->facts, 6, 2, &known))
        add_unique (modules, "vfio_virqfd");
      if (!known && !pit_plan_facts_is_nixos (self->facts))
        add_note (self, "the kernel version is unknown; on kernels before 6.2 also load "
                  "vfio_virqfd early.");
    }

  self->softdeps = strv_steal (softdeps);
  self->blacklist = strv_steal (blacklist);
  self->modules = strv_steal (modules);
}

static gboolean
check_hugepages (PitHostPlan  *self,
                 GError      **error)
{
  const PitHostPlanRequest *request = self->request;
  const PitPlanFacts *facts = self->facts;
  guint64 want_kib = request->hugepage_size_kib * request->hugepage_count;
  g_autofree char *size = NULL;

  if (request->hugepage_count == 0)
    return TRUE;

  size = _pit_plan_page_size (self);
  if (facts->hugepages->len > 0
      && pit_plan_facts_find_hugepages (facts, request->hugepage_size_kib) == NULL)
    {
      g_autoptr(GString) sizes = g_string_new (NULL);

      for (guint i = 0; i < facts->hugepages->len; i++)
        {
          g_autofree char *s = pit_host_plan_format_page_size (
              g_array_index (facts->hugepages, PitPlanHugepagePool, i).size_kib);

          g_string_append_printf (sizes, "%s%s", i > 0 ? ", " : "", s);
        }
      g_set_error (error, PIT_ERROR, PIT_ERROR_UNSUPPORTED,
                   _("This host has no %s hugepages; its CPU and kernel offer %s"), size, sizes->str);
      return FALSE;
    }
  if (facts->memory_kib > 0 && want_kib > facts->memory_kib)
    {
      g_autofree char *want = g_format_size_full (want_kib * 1024, G_FORMAT_SIZE_IEC_UNITS);
      g_autofree char *have = g_format_size_full (facts->memory_kib * 1024, G_FORMAT_SIZE_IEC_UNITS);

      g_set_error (error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT,
                   _("%u hugepages of %s need %s, more than this host’s memory (%s)"),
                   (guint) request->hugepage_count, size, want, have);
      return FALSE;
    }
  if (facts->memory_kib > 0 && facts->memory_kib - want_kib < 2 * 1024 * 1024)
    add_note (self, "the hugepages leave the host less than 2 GiB of memory.");
  if (facts->memory_kib == 0)
    add_note (self, "the host's memory size is unknown, so the hugepages were not checked "
              "against it.");
  return TRUE;
}

static gboolean
check_bridge (PitHostPlan  *self,
              GError      **error)
{
  const PitHostPlanRequest *request = self->request;
  const PitPlanNetInterface *uplink, *bridge;

  if (request->bridge == NULL)
    return TRUE;

  uplink = pit_plan_facts_find_net (self->facts, request->uplink);
  if (uplink == NULL)
    {
      g_autoptr(GString) names = g_string_new (NULL);

      for (guint i = 0; i < self->facts->net->len; i++)
        {
          const PitPlanNetInterface *iface = g_ptr_array_index (self->facts->net, i);

          if (iface->is_physical)
            g_string_append_printf (names, "%s%s", names->len > 0 ? ", " : "", iface->name);
        }
      g_set_error (error, PIT_ERROR, PIT_ERROR_NOT_FOUND,
                   _("This host has no network interface “%s” (its physical ones: %s)"),
                   request->uplink, names->len > 0 ? names->str : _("none found"));
      return FALSE;
    }
  if (uplink->is_wireless)
    {
      g_set_error (error, PIT_ERROR, PIT_ERROR_UNSUPPORTED,
                   _("“%s” is a wireless card, which a bridge cannot take; choose a wired one"),
                   request->uplink);
      return FALSE;
    }
  if (uplink->is_bridge)
    {
      g_set_error (error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT,
                   _("“%s” is a bridge itself; the uplink must be a network card"), request->uplink);
      return FALSE;
    }
  bridge = pit_plan_facts_find_net (self->facts, request->bridge);
  if (bridge != NULL && !bridge->is_bridge)
    {
      g_set_error (error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT,
                   _("“%s” already exists and is not a bridge; choose another bridge name"),
                   request->bridge);
      return FALSE;
    }
  if (uplink->master != NULL && !g_str_equal (uplink->master, request->bridge))
    add_note (self, "%s is a port of the bridge %s now; it can be a port of only one bridge.",
              uplink->name, uplink->master);
  return TRUE;
}

static void
build_params (PitHostPlan *self)
{
  const PitHostPlanRequest *request = self->request;
  g_autofree char *devices = _pit_plan_describe_devices (self);
  g_autofree char *ids = g_strjoinv (",", self->vfio_ids);

  if (self->devices->len > 0)
    {
      if (self->facts->cpu_vendor == PIT_PLAN_CPU_INTEL)
        add_param (self, g_strdup ("intel_iommu=on"),
                   g_strdup ("Turn on the Intel IOMMU (VT-d), which keeps a device given to a VM "
                             "from reaching the host's memory."));
      else if (self->facts->cpu_vendor == PIT_PLAN_CPU_AMD)
        add_param (self, g_strdup ("amd_iommu=on"),
                   g_strdup ("Ask for the AMD IOMMU (AMD-Vi). The kernel turns it on by itself "
                             "when it is enabled in the firmware; this states the intent."));
      else
        add_note (self, "the CPU vendor is unknown: add intel_iommu=on (Intel) or "
                  "amd_iommu=on (AMD) yourself.");
      if (request->iommu_pt)
        add_param (self, g_strdup ("iommu=pt"),
                   g_strdup ("IOMMU passthrough mode: the devices the host keeps skip address "
                             "translation, so they lose no speed."));
      add_param (self, g_strdup_printf ("vfio-pci.ids=%s", ids),
                 g_strdup_printf ("Let vfio-pci claim %s at boot, before a graphics or sound "
                                  "driver does.", devices));
    }
  if (request->hugepage_count > 0 && !request->hugepages_on_demand)
    {
      g_autofree char *size = _pit_plan_page_size (self);
      g_autofree char *total = g_format_size_full (request->hugepage_size_kib * 1024
                                                   * request->hugepage_count,
                                                   G_FORMAT_SIZE_IEC_UNITS);

      add_param (self, g_strdup_printf ("default_hugepagesz=%s", size),
                 g_strdup_printf ("Make %s the default hugepage size, the one hugetlbfs and "
                                  "libvirt use unless told otherwise.", size));
      add_param (self, g_strdup_printf ("hugepagesz=%s", size),
                 g_strdup_printf ("The hugepages= that follows counts pages of %s.", size));
      add_param (self, g_strdup_printf ("hugepages=%" G_GUINT64_FORMAT, request->hugepage_count),
                 g_strdup_printf ("Reserve %" G_GUINT64_FORMAT " pages (%s) at boot, before "
                                  "memory fragments; the host cannot use them for anything else.",
                                  request->hugepage_count, total));
    }
  if (request->isolate_cpus != NULL)
    {
      add_param (self, g_strdup_printf ("isolcpus=%s", request->isolate_cpus),
                 g_strdup_printf ("Keep the host's scheduler off CPUs %s, the ones pinned to "
                                  "the VM.", request->isolate_cpus));
      add_param (self, g_strdup_printf ("nohz_full=%s", request->isolate_cpus),
                 g_strdup ("Stop the timer tick on those CPUs while they run one task."));
      add_param (self, g_strdup_printf ("rcu_nocbs=%s", request->isolate_cpus),
                 g_strdup ("Move RCU callbacks off those CPUs. The trade-off: the host loses "
                           "these CPUs from boot on, even while the VM is off. For a desktop that "
                           "runs the VM now and then, the VM's hook (pitstop-cli host-plan "
                           "--isolate-vm NAME) keeps the host off them only while it runs."));
    }
}

/* --single-gpu: one GPU, the host's only one (the one it boots on when
 * none is given), and nothing else in the same plan */
static gboolean
check_single_gpu (PitHostPlan  *self,
                  GError      **error)
{
  PitHostPlanRequest *request = self->request;
  const PitPlanPciDevice *gpu;
  g_autofree char *what = NULL;

  if (request->single_gpu_vm == NULL)
    return TRUE;
  if (request->hugepage_count > 0 || request->bridge != NULL || request->isolate_cpus != NULL)
    {
      g_set_error_literal (error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT,
                           _("The single-GPU plan is the VM’s hook alone; plan hugepages, bridges "
                             "and isolated CPUs in a run without --single-gpu"));
      return FALSE;
    }
  if (request->gpus->len > 1)
    {
      g_set_error_literal (error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT,
                           _("Single-GPU passthrough gives the VM one GPU: choose one with --gpu"));
      return FALSE;
    }
  if (request->gpus->len == 0)
    {
      for (guint i = 0; i < self->facts->pci->len; i++)
        {
          const PitPlanPciDevice *dev = g_ptr_array_index (self->facts->pci, i);

          if (pit_plan_facts_is_single_gpu (self->facts, dev))
            pit_host_plan_request_add_gpu (request, dev->address);
        }
      if (request->gpus->len == 0)
        {
          g_set_error_literal (error, PIT_ERROR, PIT_ERROR_UNSUPPORTED,
                               _("This host does not boot on a single GPU of its own (it has "
                                 "none, or more than one); give the VM a second GPU with --gpu "
                                 "instead"));
          return FALSE;
        }
      return TRUE;
    }
  gpu = pit_plan_facts_find_pci (self->facts, g_ptr_array_index (request->gpus, 0));
  if (gpu == NULL || (gpu->class_code >> 8) != 0x03)
    return TRUE; /* resolve_gpus says what is wrong */
  if (!pit_plan_facts_is_single_gpu (self->facts, gpu))
    {
      what = _pit_plan_describe_device (gpu);
      g_set_error (error, PIT_ERROR, PIT_ERROR_UNSUPPORTED,
                   gpu->boot_vga ? _("%s is not the host’s only display device: give the VM "
                                     "the other one with --gpu, no single-GPU hook needed")
                                 : _("The host does not boot on %s, so it keeps its screen: "
                                     "give the VM this GPU with --gpu, no single-GPU hook needed"),
                   what);
      return FALSE;
    }
  return TRUE;
}

/**
 * _pit_plan_build:
 * Fills @self from its facts and request.
 * Returns: %FALSE (with a translated @error) when a choice does not fit the host
 */
gboolean
_pit_plan_build (PitHostPlan  *self,
                 GError      **error)
{
  if (!_pit_plan_isolation_check (self, error) || !check_single_gpu (self, error) || !resolve_gpus (self, error) || !check_hugepages (self, error) || !check_bridge (self, error))
    return FALSE;
  resolve_drivers (self);
  build_params (self);
  return TRUE;
}
