/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-plan"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "pit-error.h"
#include "pit-host-plan-private.h"
#include "pit-kernel-cmdline.h"

G_DEFINE_FINAL_TYPE (PitHostPlan, pit_host_plan, G_TYPE_OBJECT)

static void
plan_param_free (gpointer data)
{
  PitPlanParam *param = data;

  g_free (param->param);
  g_free (param->why);
  g_free (param);
}

static void
pit_host_plan_finalize (GObject *object)
{
  PitHostPlan *self = PIT_HOST_PLAN (object);

  g_clear_pointer (&self->params, g_ptr_array_unref);
  g_clear_pointer (&self->gpus, g_ptr_array_unref);
  g_clear_pointer (&self->devices, g_ptr_array_unref);
  g_clear_pointer (&self->vfio_ids, g_strfreev);
  g_clear_pointer (&self->modules, g_strfreev);
  g_clear_pointer (&self->softdeps, g_strfreev);
  g_clear_pointer (&self->blacklist, g_strfreev);
  g_clear_pointer (&self->notes, g_ptr_array_unref);
  g_clear_pointer (&self->request, pit_host_plan_request_free);
  g_clear_pointer (&self->facts, pit_plan_facts_free);
  g_clear_pointer (&self->root, g_free);

  G_OBJECT_CLASS (pit_host_plan_parent_class)->finalize (object);
}

static void
pit_host_plan_class_init (PitHostPlanClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pit_host_plan_finalize;
}

static void
pit_host_plan_init (PitHostPlan *self)
{
  self->params = g_ptr_array_new_with_free_func (plan_param_free);
  self->gpus = g_ptr_array_new ();
  self->devices = g_ptr_array_new ();
  self->notes = g_ptr_array_new_with_free_func (g_free);
}

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

      set = pit_plan_facts_passthrough_set (facts, gpu);
      for (guint j = 0; j < set->len; j++)
        {
          PitPlanPciDevice *dev = g_ptr_array_index (set, j);

          if (g_ptr_array_find (self->devices, dev, NULL))
            continue;
          g_ptr_array_add (self->devices, dev);
          if (strncmp (dev->address, gpu->address, strlen (gpu->address) - 1) != 0)
            {
              g_autofree char *what = pit_plan_describe_device (dev);
              g_autofree char *card = pit_plan_describe_device (gpu);

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
              g_autofree char *what = pit_plan_describe_device (other);

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

  size = pit_plan_page_size (self);
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
  g_autofree char *devices = pit_plan_describe_devices (self);
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
      g_autofree char *size = pit_plan_page_size (self);
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
                 g_strdup ("Move RCU callbacks off those CPUs."));
    }
}

/**
 * pit_host_plan_new:
 * @facts: (transfer full): the host
 * @request: the user's choices (copied)
 * @root: (nullable): where the host's files are ("/" when %NULL)
 * Checks the choices against the host: an unknown GPU, more hugepages than
 * memory, a missing uplink fail with a translated message.
 * Returns: (transfer full) (nullable): the plan
 */
PitHostPlan *
pit_host_plan_new (PitPlanFacts              *facts,
                   const PitHostPlanRequest  *request,
                   const char                *root,
                   GError                   **error)
{
  g_autoptr(PitHostPlan) self = g_object_new (PIT_TYPE_HOST_PLAN, NULL);

  g_return_val_if_fail (facts != NULL, NULL);
  g_return_val_if_fail (request != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self->facts = facts;
  self->request = pit_host_plan_request_copy (request);
  self->root = g_strdup (root);

  if (!resolve_gpus (self, error) || !check_hugepages (self, error) || !check_bridge (self, error))
    return NULL;
  resolve_drivers (self);
  build_params (self);

  return g_steal_pointer (&self);
}

const PitPlanFacts *
pit_host_plan_get_facts (PitHostPlan *self)
{
  g_return_val_if_fail (PIT_IS_HOST_PLAN (self), NULL);

  return self->facts;
}

const PitHostPlanRequest *
pit_host_plan_get_request (PitHostPlan *self)
{
  g_return_val_if_fail (PIT_IS_HOST_PLAN (self), NULL);

  return self->request;
}

/**
 * pit_host_plan_get_kernel_params:
 * Returns: (transfer full): the planned kernel parameters, in order
 */
char **
pit_host_plan_get_kernel_params (PitHostPlan *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (PIT_IS_HOST_PLAN (self), NULL);

  for (guint i = 0; i < self->params->len; i++)
    g_strv_builder_add (builder, ((PitPlanParam *) g_ptr_array_index (self->params, i))->param);
  return g_strv_builder_end (builder);
}

/**
 * pit_host_plan_get_vfio_ids:
 * Returns: (transfer none): "vendor:device" of every device for vfio-pci
 */
char **
pit_host_plan_get_vfio_ids (PitHostPlan *self)
{
  g_return_val_if_fail (PIT_IS_HOST_PLAN (self), NULL);

  return self->vfio_ids;
}

/**
 * pit_host_plan_get_vfio_devices:
 * Returns: (transfer none): PitPlanPciDevice, the GPUs' passthrough sets
 */
GPtrArray *
pit_host_plan_get_vfio_devices (PitHostPlan *self)
{
  g_return_val_if_fail (PIT_IS_HOST_PLAN (self), NULL);

  return self->devices;
}

/**
 * pit_host_plan_detect_target:
 * Returns: where this host keeps its kernel command line: NixOS, GRUB or
 *   systemd-boot; %PIT_HOST_PLAN_TARGET_AUTO when unknown
 */
PitHostPlanTarget
pit_host_plan_detect_target (PitHostPlan *self)
{
  g_return_val_if_fail (PIT_IS_HOST_PLAN (self), PIT_HOST_PLAN_TARGET_AUTO);

  if (pit_plan_facts_is_nixos (self->facts))
    return PIT_HOST_PLAN_TARGET_NIXOS;
  switch (self->facts->bootloader)
    {
    case PIT_PLAN_BOOTLOADER_GRUB:
      return PIT_HOST_PLAN_TARGET_GRUB;
    case PIT_PLAN_BOOTLOADER_SYSTEMD_BOOT:
      return PIT_HOST_PLAN_TARGET_SYSTEMD_BOOT;
    case PIT_PLAN_BOOTLOADER_UNKNOWN:
    default:
      return PIT_HOST_PLAN_TARGET_AUTO;
    }
}

static void
header (PitHostPlan       *self,
        PitHostPlanTarget  target,
        GString           *out)
{
  const PitHostPlanRequest *request = self->request;

  pit_plan_comment (out, "", "Pitstop host plan (%s) for %s.", pit_host_plan_target_to_string (target),
                    self->facts->os_name != NULL ? self->facts->os_name : "this host");
  if (self->devices->len > 0)
    {
      g_autofree char *devices = pit_plan_describe_devices (self);

      pit_plan_comment (out, "", "For the VM: %s.", devices);
    }
  if (request->hugepage_count > 0)
    {
      g_autofree char *size = pit_plan_page_size (self);

      pit_plan_comment (out, "", "Hugepages: %" G_GUINT64_FORMAT " x %s, %s.", request->hugepage_count,
                        size, request->hugepages_on_demand || target == PIT_HOST_PLAN_TARGET_LIBVIRT_HOOK
                                ? "reserved while the VM runs" : "reserved at boot");
    }
  if (request->bridge != NULL)
    pit_plan_comment (out, "", "Bridge: %s over %s.", request->bridge, request->uplink);
  pit_plan_comment (out, "", "Pitstop changes nothing by itself: read this, then apply it as root.");
  /* the notes are about the GPU and the memory, not the network */
  if (target != PIT_HOST_PLAN_TARGET_NETWORKMANAGER && target != PIT_HOST_PLAN_TARGET_NETWORKD)
    pit_plan_notes (self, out, "");
}

/* The kernel reads its command line and the initramfs only at boot: one
 * reboot, last, for the targets that change them. */
static void
reboot_section (PitHostPlan       *self,
                PitHostPlanTarget  target,
                GString           *out)
{
  switch (target)
    {
    case PIT_HOST_PLAN_TARGET_AUTO:
      if (pit_host_plan_detect_target (self) == PIT_HOST_PLAN_TARGET_NIXOS
          || (self->params->len == 0 && self->devices->len == 0))
        return;
      break;
    case PIT_HOST_PLAN_TARGET_MODPROBE:
      pit_plan_section (out, "finally");
      pit_plan_comment (out, "", "The initramfs keeps a copy of /etc/modprobe.d: rebuild it first "
                        "(see --target initramfs).");
      break;
    case PIT_HOST_PLAN_TARGET_GRUB:
    case PIT_HOST_PLAN_TARGET_SYSTEMD_BOOT:
    case PIT_HOST_PLAN_TARGET_INITRAMFS:
      break;
    case PIT_HOST_PLAN_TARGET_NIXOS:
    case PIT_HOST_PLAN_TARGET_NETWORKMANAGER:
    case PIT_HOST_PLAN_TARGET_NETWORKD:
    case PIT_HOST_PLAN_TARGET_LIBVIRT_HOOK:
    default:
      return;
    }
  if (target != PIT_HOST_PLAN_TARGET_MODPROBE)
    pit_plan_section (out, "finally");
  pit_plan_comment (out, "", "Kernel parameters and initramfs modules take effect at the next boot.");
  pit_plan_line (out, "systemctl reboot");
}

static gboolean
render_auto (PitHostPlan  *self,
             GString      *out,
             GError      **error)
{
  const PitHostPlanRequest *request = self->request;
  PitHostPlanTarget boot = pit_host_plan_detect_target (self);

  if (boot == PIT_HOST_PLAN_TARGET_NIXOS)
    {
      pit_plan_render_nixos (self, out);
      return TRUE;
    }
  if (boot == PIT_HOST_PLAN_TARGET_AUTO && self->params->len > 0)
    {
      g_set_error_literal (error, PIT_ERROR, PIT_ERROR_UNSUPPORTED,
                           _("Could not tell this host’s boot loader; choose --target grub or "
                             "--target systemd-boot"));
      return FALSE;
    }
  if (self->params->len > 0
      && !(boot == PIT_HOST_PLAN_TARGET_GRUB ? pit_plan_render_grub (self, out, error)
                                             : pit_plan_render_systemd_boot (self, out, error)))
    return FALSE;
  if (self->devices->len > 0 && !pit_plan_render_modprobe (self, out, error))
    return FALSE;
  if (self->devices->len > 0 && self->facts->initramfs != PIT_PLAN_INITRAMFS_UNKNOWN
      && !pit_plan_render_initramfs (self, out, error))
    return FALSE;
  if (request->bridge != NULL
      && !(self->facts->net_manager == PIT_PLAN_NET_NETWORKD
               ? pit_plan_render_networkd (self, out, error)
               : pit_plan_render_networkmanager (self, out, error)))
    return FALSE;
  if (request->hugepage_count > 0 && request->hugepages_on_demand
      && !pit_plan_render_libvirt_hook (self, out, error))
    return FALSE;
  return TRUE;
}

/**
 * pit_host_plan_render:
 * Returns: (transfer full) (nullable): the text for @target, every line
 *   after a comment that explains it
 */
char *
pit_host_plan_render (PitHostPlan        *self,
                      PitHostPlanTarget   target,
                      GError            **error)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GString) body = g_string_new (NULL);
  gboolean ok = FALSE;

  g_return_val_if_fail (PIT_IS_HOST_PLAN (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (self->devices->len == 0 && self->params->len == 0 && self->request->hugepage_count == 0
      && self->request->bridge == NULL)
    {
      g_set_error_literal (error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT,
                           _("Nothing to plan: choose a GPU (--gpu), hugepages (--hugepages) "
                             "or a bridge (--bridge)"));
      return NULL;
    }

  switch (target)
    {
    case PIT_HOST_PLAN_TARGET_AUTO:
      ok = render_auto (self, body, error);
      break;
    case PIT_HOST_PLAN_TARGET_NIXOS:
      pit_plan_render_nixos (self, body);
      ok = TRUE;
      break;
    case PIT_HOST_PLAN_TARGET_GRUB:
      ok = pit_plan_render_grub (self, body, error);
      break;
    case PIT_HOST_PLAN_TARGET_SYSTEMD_BOOT:
      ok = pit_plan_render_systemd_boot (self, body, error);
      break;
    case PIT_HOST_PLAN_TARGET_MODPROBE:
      ok = pit_plan_render_modprobe (self, body, error);
      break;
    case PIT_HOST_PLAN_TARGET_INITRAMFS:
      ok = pit_plan_render_initramfs (self, body, error);
      break;
    case PIT_HOST_PLAN_TARGET_NETWORKMANAGER:
      ok = pit_plan_render_networkmanager (self, body, error);
      break;
    case PIT_HOST_PLAN_TARGET_NETWORKD:
      ok = pit_plan_render_networkd (self, body, error);
      break;
    case PIT_HOST_PLAN_TARGET_LIBVIRT_HOOK:
      ok = pit_plan_render_libvirt_hook (self, body, error);
      break;
    default:
      g_return_val_if_reached (NULL);
    }
  if (!ok)
    return NULL;
  if (body->len > 0)
    reboot_section (self, target, body);
  if (body->len == 0)
    {
      g_set_error_literal (error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT,
                           _("Nothing to plan: choose a GPU (--gpu), hugepages (--hugepages) "
                             "or a bridge (--bridge)"));
      return NULL;
    }

  if (target == PIT_HOST_PLAN_TARGET_LIBVIRT_HOOK)
    {
      /* the output is the script itself: "#!" must be its first line */
      const char *script = strstr (body->str, "#!/bin/sh\n") + strlen ("#!/bin/sh\n");

      g_string_append (out, "#!/bin/sh\n");
      header (self, target, out);
      g_string_append (out, script);
    }
  else
    {
      header (self, target, out);
      g_string_append_c (out, '\n');
      g_string_append_len (out, body->str, body->len);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}
