/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-advisor"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pit-advisor-rules.h"
#include "pit-xml.h"

/* The traps of particular hardware, known before the first start: GPUs
 * that cannot be reset, boot GPUs whose ROM is a shadow copy, BARs larger
 * than the guest firmware maps, CPUs whose L3 domains differ. */

typedef struct
{
  xmlNode *node;
  PitHostPciDevice *device;
} PassedGpu;

/* The GPUs (class 03xx) among the PCI <hostdev>s the host knows */
static GArray *
passed_gpus (PitAdvisorContext *ctx,
             gboolean           gpus_only)
{
  g_autoptr(GPtrArray) nodes = pit_xml_find_nodes (ctx->root, "devices/hostdev[@mode='subsystem']");
  GArray *result = g_array_new (FALSE, FALSE, sizeof (PassedGpu));

  for (guint i = 0; i < nodes->len && i < ctx->summary->hostdevs->len; i++)
    {
      PitHostdevInfo *info = g_ptr_array_index (ctx->summary->hostdevs, i);
      g_autoptr(GPtrArray) address = pit_xml_find_nodes (g_ptr_array_index (nodes, i), "source/address[@bus and @slot]");
      PassedGpu gpu = { g_ptr_array_index (nodes, i), NULL };

      if (g_strcmp0 (info->type, "pci") != 0 || info->address == NULL || address->len == 0)
        continue;
      gpu.device = pit_advisor_context_find_pci (ctx, info->address);
      if (gpu.device != NULL && (!gpus_only || pit_host_pci_device_is_gpu (gpu.device)))
        g_array_append_val (result, gpu);
    }
  return result;
}

static char *
describe_gpu (PitHostPciDevice *device)
{
  return g_strdup_printf ("%s %s %s [%04x:%04x]", device->address,
                          device->vendor_name != NULL ? device->vendor_name : "",
                          device->device_name != NULL ? device->device_name : "",
                          device->vendor_id, device->device_id);
}

static gboolean
has_method (PitHostPciDevice *device,
            const char       *method)
{
  return device->reset_methods != NULL && g_strv_contains ((const char * const *) device->reset_methods, method);
}

static gboolean
module_loaded (PitAdvisorContext *ctx,
               const char        *module)
{
  PitHostBoot *boot = pit_host_inventory_get_boot (ctx->host);

  return boot != NULL && boot->modules != NULL
         && g_ptr_array_find_with_equal_func (boot->modules, module, g_str_equal, NULL);
}

void
pit_rule_gpu_reset (PitAdvisorContext *ctx)
{
  g_autoptr(GArray) gpus = passed_gpus (ctx, TRUE);

  for (guint i = 0; i < gpus->len; i++)
    {
      PassedGpu *gpu = &g_array_index (gpus, PassedGpu, i);
      const PitHostResetQuirk *quirk = pit_host_reset_quirk_lookup (gpu->device->vendor_id, gpu->device->device_id);
      g_autofree char *host_gpu = describe_gpu (gpu->device);
      g_autofree char *reset = pit_host_gpu_fact_describe_reset (gpu->device);
      g_autofree char *explanation = NULL;
      PitAdvisorFinding *finding;

      if (quirk->kind == PIT_HOST_RESET_QUIRK_VENDOR_RESET)
        {
          gboolean loaded = module_loaded (ctx, "vendor_reset");
          gboolean method_set = has_method (gpu->device, "device_specific");

          /* set up: the module is there and the kernel uses it */
          if (loaded && (gpu->device->reset_methods == NULL || method_set))
            continue;
          if (loaded)
            explanation = g_strdup_printf (_("The %s GPU %s cannot be reset by the kernel’s own methods; the "
                                             "vendor-reset module that can is loaded, but since Linux 5.15 the "
                                             "kernel only uses it when the device’s reset_method is set to "
                                             "device_specific, and it is not. The VM will start once; after it "
                                             "stops, the card hangs until the host reboots."),
                                           quirk->family, gpu->device->address);
          else
            explanation = g_strdup_printf (_("The %s GPU %s cannot be reset by the kernel’s own methods (the "
                                             "“AMD reset bug”): the VM starts once, and after it stops or "
                                             "restarts the card hangs until the host reboots. The vendor-reset "
                                             "kernel module resets these cards; it must be loaded before "
                                             "vfio-pci, and on Linux 5.15 and newer the card’s reset_method "
                                             "set to device_specific."),
                                           quirk->family, gpu->device->address);
          finding = pit_advisor_context_add (ctx, "gpu-reset", PIT_ADVISOR_SEVERITY_HIGH,
                                             _("The GPU needs vendor-reset to start the VM more than once"),
                                             explanation);
          {
            g_autoptr(PitHostPlanRequest) request = pit_host_plan_request_new ();

            pit_host_plan_request_add_gpu (request, gpu->device->address);
            pit_advisor_finding_set_fix_host_plan (finding, g_steal_pointer (&request), _("Plan the host"),
                                                   _("Install vendor-reset (it is packaged for DKMS), load it "
                                                     "before vfio-pci and set the card’s reset_method to "
                                                     "device_specific: the host plan has the steps."));
          }
        }
      else if (quirk->kind == PIT_HOST_RESET_QUIRK_REPORTED)
        {
          explanation = g_strdup_printf (_("The %s GPU %s belongs to a family with open reports of reset "
                                           "trouble: on some cards, firmware versions and kernels it resets "
                                           "fine with a bus reset, on others it hangs after the VM’s first "
                                           "stop until the host sleeps or reboots. vendor-reset does not "
                                           "support it and no general fix is known. Try a full start, stop "
                                           "and start before relying on it."),
                                         quirk->family, gpu->device->address);
          finding = pit_advisor_context_add (ctx, "gpu-reset", PIT_ADVISOR_SEVERITY_MEDIUM,
                                             _("The GPU may not reset after the VM stops"), explanation);
          pit_advisor_finding_set_fix_advice (finding,
                                              _("Test a second start of the VM before you depend on it. If the "
                                                "card hangs, shut the VM down from inside the guest (not forced), "
                                                "keep the host from using the card, and update the card’s "
                                                "firmware and the host’s kernel; suspending the host to RAM and "
                                                "waking it resets the card on many systems."));
        }
      else if (gpu->device->reset_methods != NULL && gpu->device->reset_methods[0] == NULL)
        {
          explanation = g_strdup_printf (_("The kernel offers no way to reset the GPU %s: it has no Function "
                                           "Level Reset and shares its bus, so a bus reset would hit other "
                                           "devices. The VM may start once and find the card in a bad state "
                                           "the next time."),
                                         gpu->device->address);
          finding = pit_advisor_context_add (ctx, "gpu-reset", PIT_ADVISOR_SEVERITY_MEDIUM,
                                             _("The GPU cannot be reset between VM starts"), explanation);
          pit_advisor_finding_set_fix_advice (finding,
                                              _("Move the card to a slot of its own (where it is alone on its "
                                                "bus), so the kernel can reset it with a bus reset."));
        }
      else
        continue;

      pit_advisor_finding_set_subject (finding, gpu->device->address);
      pit_advisor_add_xml_node (finding, _("Passed-through GPU"), gpu->node);
      pit_advisor_finding_add_evidence (finding, PIT_ADVISOR_EVIDENCE_HOST, _("GPU"), host_gpu);
      pit_advisor_finding_add_evidence (finding, PIT_ADVISOR_EVIDENCE_HOST, _("Reset"), reset);
      if (quirk->kind != PIT_HOST_RESET_QUIRK_NONE)
        pit_advisor_finding_add_evidence (finding, PIT_ADVISOR_EVIDENCE_HOST, _("Known reset trouble"),
                                          quirk->kind == PIT_HOST_RESET_QUIRK_VENDOR_RESET
                                            ? _("in vendor-reset’s device table")
                                            : _("reported, not covered by vendor-reset"));
    }
}

void
pit_rule_gpu_rom (PitAdvisorContext *ctx)
{
  g_autoptr(GArray) gpus = passed_gpus (ctx, TRUE);

  for (guint i = 0; i < gpus->len; i++)
    {
      PassedGpu *gpu = &g_array_index (gpus, PassedGpu, i);
      g_autofree char *rom_file = pit_xml_get_string (gpu->node, "rom/@file");
      g_autofree char *host_gpu = NULL;
      g_autofree char *rom = NULL;
      g_autofree char *steps = NULL;
      g_autofree char *dump = NULL;
      PitAdvisorFinding *finding;

      if (gpu->device->boot_vga != 1 || rom_file != NULL)
        continue;

      finding = pit_advisor_context_add (ctx, "gpu-rom", PIT_ADVISOR_SEVERITY_MEDIUM,
                                         _("The passed GPU is the host’s boot GPU: give the VM its ROM"),
                                         _("The firmware starts the host on this card, and what the VM would "
                                           "read as the card’s ROM is then often the firmware’s modified "
                                           "shadow copy: the guest shows a black screen or the driver fails "
                                           "to start. A clean copy of the card’s ROM, given to the VM as a "
                                           "file, avoids that."));
      pit_advisor_finding_set_subject (finding, gpu->device->address);
      pit_advisor_add_xml_node (finding, _("Passed-through GPU"), gpu->node);
      host_gpu = describe_gpu (gpu->device);
      pit_advisor_finding_add_evidence (finding, PIT_ADVISOR_EVIDENCE_HOST, _("GPU"), host_gpu);
      pit_advisor_finding_add_evidence (finding, PIT_ADVISOR_EVIDENCE_HOST, _("Boot GPU"),
                                        _("boot_vga is 1: the firmware’s console runs on it"));
      if (gpu->device->rom_shadowed == 1)
        pit_advisor_finding_add_evidence (finding, PIT_ADVISOR_EVIDENCE_HOST, _("ROM"),
                                          _("the kernel uses the firmware’s shadow copy at 0xC0000"));
      else if (gpu->device->rom >= 0)
        {
          rom = gpu->device->rom ? g_strdup (_("the sysfs rom file exists")) : g_strdup (_("the card has no rom file in sysfs"));
          pit_advisor_finding_add_evidence (finding, PIT_ADVISOR_EVIDENCE_HOST, _("ROM"), rom);
        }
      /* Pitstop never does this itself: it writes to sysfs as root */
      dump = pit_host_gpu_fact_rom_dump_steps (gpu->device->address);
      steps = g_strdup_printf (_("%s Then: pitstop-cli tune --gpu %s --rom /var/lib/libvirt/vbios/gpu.rom, or "
                                 "choose the file on the wizard’s GPU page."),
                               dump, gpu->device->address);
      pit_advisor_finding_set_fix_advice (finding, steps);
    }
}

/* OVMF's 64-bit MMIO window in MiB from <qemu:commandline>, 0 when not set */
static guint64
mmio64_mb (PitAdvisorContext *ctx)
{
  g_autoptr(GPtrArray) args = pit_xml_find_nodes (ctx->root, "*[local-name()='commandline']/*[local-name()='arg']");

  for (guint i = 0; i < args->len; i++)
    {
      g_autofree char *value = pit_xml_get_prop (g_ptr_array_index (args, i), "value");
      /* "opt/ovmf/X-PciMmio64Mb,string=65536" (an -fw_cfg argument) */
      const char *at = value != NULL ? strstr (value, "X-PciMmio64Mb") : NULL;
      const char *equals = at != NULL ? strchr (at, '=') : NULL;

      if (equals != NULL)
        return g_ascii_strtoull (equals + 1, NULL, 10);
    }
  return 0;
}

void
pit_rule_gpu_large_bar (PitAdvisorContext *ctx)
{
  g_autoptr(GArray) passed = passed_gpus (ctx, FALSE);
  guint64 total = 0, window_mb, configured = mmio64_mb (ctx);
  PassedGpu *largest = NULL;
  guint64 largest_size = 0;
  guint largest_index = 0;

  for (guint i = 0; i < passed->len; i++)
    {
      PassedGpu *dev = &g_array_index (passed, PassedGpu, i);
      guint index = 0;
      guint64 size = pit_host_pci_device_largest_bar (dev->device, &index);

      for (guint b = 0; b < dev->device->bars->len; b++)
        total += g_array_index (dev->device->bars, PitHostPciBar, b).size;
      if (size > largest_size)
        {
          largest = dev;
          largest_size = size;
          largest_index = index;
        }
    }
  if (largest == NULL || largest_size <= PIT_HOST_PCI_LARGE_BAR)
    return;
  window_mb = pit_host_gpu_fact_mmio_window_mb (total);
  if (configured >= window_mb)
    return;

  {
    g_autofree char *size = g_format_size_full (largest_size, G_FORMAT_SIZE_IEC_UNITS);
    g_autofree char *explanation = NULL;
    g_autofree char *bar = NULL;
    g_autofree char *host_gpu = describe_gpu (largest->device);
    g_autofree char *advice = NULL;
    PitHostPciBar *info = pit_host_pci_device_get_bar (largest->device, largest_index, FALSE);
    PitAdvisorFinding *finding;

    explanation = g_strdup_printf (_("BAR %u of %s is %s, larger than the 64-bit window OVMF, the guest’s "
                                     "UEFI firmware, maps for PCI devices by default. The guest then fails to "
                                     "place it: the card shows “not enough resources” (code 12) in Windows or "
                                     "the VM does not boot. This happens when Resizable BAR is on in the "
                                     "host’s firmware; QEMU does not pass the Resizable BAR capability to the "
                                     "guest, so the guest sees the large size as fixed."),
                                   largest_index, largest->device->address, size);
    finding = pit_advisor_context_add (ctx, "gpu-large-bar", PIT_ADVISOR_SEVERITY_MEDIUM,
                                       _("A passed device has a BAR larger than the guest firmware maps"),
                                       explanation);
    pit_advisor_finding_set_subject (finding, largest->device->address);
    pit_advisor_add_xml_node (finding, _("Passed-through device"), largest->node);
    pit_advisor_finding_add_evidence (finding, PIT_ADVISOR_EVIDENCE_HOST, _("Device"), host_gpu);
    bar = pit_host_gpu_fact_describe_bar (info);
    pit_advisor_finding_add_evidence (finding, PIT_ADVISOR_EVIDENCE_HOST, _("BAR"), bar);
    advice = g_strdup_printf (_("Give OVMF a window of %llu MiB: add xmlns:qemu='http://libvirt.org/schemas/"
                                "domain/qemu/1.0' to <domain> and <qemu:commandline><qemu:arg value='-fw_cfg'/>"
                                "<qemu:arg value='opt/ovmf/X-PciMmio64Mb,string=%llu'/></qemu:commandline>. "
                                "Or turn Resizable BAR off in the host’s firmware settings."),
                              (unsigned long long) window_mb, (unsigned long long) window_mb);
    pit_advisor_finding_set_fix_advice (finding, advice);
  }
}

void
pit_rule_pinning_l3 (PitAdvisorContext *ctx)
{
  PitHostCpuTopology *cpu = pit_host_inventory_get_cpu (ctx->host);
  int largest = pit_host_cache_domains_largest (cpu->l3_domains);
  g_autoptr(GArray) pinned = NULL;
  PitHostCacheDomain *domain;
  guint outside = 0;
  gboolean fits;
  g_autofree char *domain_cpus = NULL;
  g_autofree char *size = NULL;
  g_autofree char *explanation = NULL;
  PitAdvisorFinding *finding;

  if (largest < 0 || ctx->summary->vcpu_pinning == NULL)
    return;
  pinned = g_array_new (FALSE, FALSE, sizeof (guint));
  if (!pit_host_parse_cpulist (ctx->summary->vcpu_pinning, pinned))
    return;
  domain = cpu->l3_domains->pdata[largest];
  for (guint i = 0; i < pinned->len; i++)
    outside += !pit_host_cache_domain_contains (domain, g_array_index (pinned, guint, i));
  if (outside == 0)
    return;

  /* the host keeps CPU 0's core: the domain holding CPU 0 has that much less */
  fits = ctx->summary->vcpus <= pit_host_cpu_topology_l3_room (cpu, largest);
  domain_cpus = pit_host_format_cpulist ((guint *) domain->cpus->data, domain->cpus->len);
  size = g_format_size_full (domain->size_kib * 1024, G_FORMAT_SIZE_IEC_UNITS);
  if (fits)
    explanation = g_strdup_printf (_("This CPU’s cores do not share one L3 cache: CPUs %s have %s of it (the "
                                     "3D V-Cache), the others less. Games gain most from the large cache, "
                                     "but %u of the VM’s pinned host CPUs are outside it, and the guest "
                                     "would fit inside."),
                                   domain_cpus, size, outside);
  else
    explanation = g_strdup_printf (_("This CPU’s cores do not share one L3 cache: CPUs %s have %s of it (the "
                                     "3D V-Cache). The VM has more vCPUs than that part of the CPU can give "
                                     "while the host keeps a core, so it spans both parts and its threads "
                                     "see different caches; a guest of at most %u vCPUs would fit in one."),
                                   domain_cpus, size, pit_host_cpu_topology_l3_room (cpu, largest));
  finding = pit_advisor_context_add (ctx, "pinning-l3", fits ? PIT_ADVISOR_SEVERITY_MEDIUM : PIT_ADVISOR_SEVERITY_LOW,
                                     fits ? _("The vCPUs are not on the cores with the large L3 cache")
                                          : _("The VM does not fit on the cores with the large L3 cache"),
                                     explanation);
  pit_advisor_context_add_xml (ctx, finding, _("Pinning"), "cputune");
  for (guint d = 0; d < cpu->l3_domains->len; d++)
    {
      PitHostCacheDomain *each = cpu->l3_domains->pdata[d];
      g_autofree char *cpus = pit_host_format_cpulist ((guint *) each->cpus->data, each->cpus->len);
      g_autofree char *each_size = g_format_size_full (each->size_kib * 1024, G_FORMAT_SIZE_IEC_UNITS);
      g_autofree char *text = g_strdup_printf (_("CPUs %s share %s"), cpus, each_size);

      pit_advisor_finding_add_evidence (finding, PIT_ADVISOR_EVIDENCE_HOST, _("L3 cache"), text);
    }
  pit_advisor_finding_set_fix_tune (finding, PIT_WIZARD_SECTION_PINNING, _("Pin again"),
                                    fits ? _("Let Pitstop pin the vCPUs: it puts a game VM on the cores with "
                                             "the largest L3 cache.")
                                         : _("Give the VM fewer vCPUs so it fits on the cores with the large "
                                             "cache, or accept the split."));
}
