/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-advisor"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pit-advisor-rules.h"
#include "pit-xml.h"

#define PCI_VENDOR_NVIDIA 0x10de
#define PCI_CLASS_AUDIO 0x0403

/* The PCI <hostdev>s: their XML node and normalised address. */
typedef struct
{
  xmlNode *node;
  const char *address;
} Hostdev;

static GArray *
pci_hostdevs (PitAdvisorContext *ctx)
{
  g_autoptr(GPtrArray) nodes = pit_xml_find_nodes (ctx->root, "devices/hostdev[@mode='subsystem']");
  GArray *result = g_array_new (FALSE, FALSE, sizeof (Hostdev));

  /* the summary reads the same nodes in the same order */
  for (guint i = 0; i < nodes->len && i < ctx->summary->hostdevs->len; i++)
    {
      PitHostdevInfo *info = g_ptr_array_index (ctx->summary->hostdevs, i);
      Hostdev dev = { g_ptr_array_index (nodes, i), info->address };

      g_autoptr(GPtrArray) address = pit_xml_find_nodes (dev.node, "source/address[@bus and @slot]");

      /* without an address the summary's 0000:00:00.0 means nothing */
      if (g_strcmp0 (info->type, "pci") == 0 && info->address != NULL && address->len > 0)
        g_array_append_val (result, dev);
    }
  return result;
}

static gboolean
is_passed (GArray     *hostdevs,
           const char *address)
{
  for (guint i = 0; i < hostdevs->len; i++)
    if (g_strcmp0 (g_array_index (hostdevs, Hostdev, i).address, address) == 0)
      return TRUE;
  return FALSE;
}

static char *
describe_device (PitHostPciDevice *device)
{
  g_autoptr(GString) text = g_string_new (device->address);

  if (device->vendor_name != NULL || device->device_name != NULL)
    g_string_append_printf (text, " %s %s", device->vendor_name != NULL ? device->vendor_name : "",
                            device->device_name != NULL ? device->device_name : "");
  if (device->driver_known)
    g_string_append_printf (text, _(", driver %s"), device->driver != NULL ? device->driver : _("none"));
  if (device->iommu_group >= 0)
    g_string_append_printf (text, _(", IOMMU group %d"), device->iommu_group);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static gboolean
state_on (PitAdvisorContext *ctx,
          const char        *xpath)
{
  g_autofree char *state = pit_xml_get_string (ctx->root, xpath);

  return g_strcmp0 (state, "on") == 0;
}

void
pit_rule_gpu_hidden (PitAdvisorContext *ctx)
{
  g_autoptr(GArray) hostdevs = pci_hostdevs (ctx);

  if (state_on (ctx, "features/kvm/hidden/@state") && state_on (ctx, "features/hyperv/vendor_id/@state"))
    return;

  for (guint i = 0; i < hostdevs->len; i++)
    {
      Hostdev *dev = &g_array_index (hostdevs, Hostdev, i);
      PitHostPciDevice *device = pit_advisor_context_find_pci (ctx, dev->address);
      g_autofree char *host_text = NULL;
      PitAdvisorFinding *finding;

      if (device == NULL || device->vendor_id != PCI_VENDOR_NVIDIA || !pit_host_pci_device_is_gpu (device))
        continue;

      finding = pit_advisor_context_add (ctx, "gpu-hidden", PIT_ADVISOR_SEVERITY_LOW,
                                         _("NVIDIA GPU without the hidden-hypervisor settings (Error 43 with old drivers)"),
                                         _("NVIDIA’s GeForce drivers older than release 465 (2021) refuse to "
                                           "run in a VM: Windows shows “Error 43” for the card and falls back "
                                           "to a basic display. They look for KVM and for Microsoft’s "
                                           "hypervisor name. Drivers 465 and newer run fine without any "
                                           "hiding, so this only matters if the guest has an old driver."));
      pit_advisor_finding_set_subject (finding, dev->address);
      pit_advisor_add_xml_node (finding, _("Passed-through GPU"), dev->node);
      pit_advisor_context_add_xml (ctx, finding, _("Features"), "features");
      host_text = describe_device (device);
      pit_advisor_finding_add_evidence (finding, PIT_ADVISOR_EVIDENCE_HOST, _("GPU"), host_text);
      pit_advisor_finding_set_fix_tune (finding, PIT_WIZARD_SECTION_GPU, _("Hide the hypervisor"),
                                        _("Only if the guest has an NVIDIA driver older than 465: set a Hyper-V "
                                          "vendor id of your own and hide KVM. Otherwise update the driver."));
      return;
    }
}

void
pit_rule_gpu_audio (PitAdvisorContext *ctx)
{
  g_autoptr(GArray) hostdevs = pci_hostdevs (ctx);

  for (guint i = 0; i < hostdevs->len; i++)
    {
      Hostdev *dev = &g_array_index (hostdevs, Hostdev, i);
      PitHostPciDevice *gpu = pit_advisor_context_find_pci (ctx, dev->address);

      if (gpu == NULL || !pit_host_pci_device_is_gpu (gpu))
        continue;
      for (guint j = 0; gpu->functions != NULL && j < gpu->functions->len; j++)
        {
          PitHostPciDevice *audio = pit_advisor_context_find_pci (ctx, g_ptr_array_index (gpu->functions, j));
          gboolean blocks;
          g_autofree char *explanation = NULL;
          g_autofree char *host_gpu = NULL;
          g_autofree char *host_audio = NULL;
          PitAdvisorFinding *finding;

          if (audio == NULL || audio->class_id != PCI_CLASS_AUDIO || is_passed (hostdevs, audio->address))
            continue;
          /* a group member left with a host driver keeps VFIO from taking the group */
          blocks = audio->iommu_group >= 0 && audio->iommu_group == gpu->iommu_group
                   && audio->driver_known && audio->driver != NULL
                   && g_strcmp0 (audio->driver, "vfio-pci") != 0 && g_strcmp0 (audio->driver, "pci-stub") != 0;

          if (blocks)
            explanation = g_strdup_printf (_("The GPU %s is passed to the VM but its HDMI/DisplayPort audio "
                                             "function %s is not. Both are in IOMMU group %d and the audio "
                                             "function is still used by the host’s %s driver, so the VM "
                                             "cannot start (“group is not viable”); and without it there "
                                             "is no sound over the monitor’s cable."),
                                           gpu->address, audio->address, audio->iommu_group, audio->driver);
          else
            explanation = g_strdup_printf (_("The GPU %s is passed to the VM but its HDMI/DisplayPort audio "
                                             "function %s is not, so there is no sound over the monitor’s "
                                             "cable and the card is split between host and guest."),
                                           gpu->address, audio->address);
          finding = pit_advisor_context_add (ctx, "gpu-audio",
                                             blocks ? PIT_ADVISOR_SEVERITY_HIGH : PIT_ADVISOR_SEVERITY_MEDIUM,
                                             _("GPU passed without its audio function"), explanation);
          pit_advisor_finding_set_subject (finding, audio->address);
          pit_advisor_add_xml_node (finding, _("Passed-through GPU"), dev->node);
          host_gpu = describe_device (gpu);
          host_audio = describe_device (audio);
          pit_advisor_finding_add_evidence (finding, PIT_ADVISOR_EVIDENCE_HOST, _("GPU"), host_gpu);
          pit_advisor_finding_add_evidence (finding, PIT_ADVISOR_EVIDENCE_HOST, _("Audio function"), host_audio);
          pit_advisor_finding_set_fix_tune (finding, PIT_WIZARD_SECTION_GPU, _("Pass the whole card"),
                                            _("Pass every function of the card to the VM."));
        }
    }
}

static gboolean
is_gpu_audio_of (PitAdvisorContext *ctx,
                 PitHostPciDevice  *member,
                 PitHostPciDevice  *device)
{
  return pit_host_pci_device_is_gpu (device) && member->class_id == PCI_CLASS_AUDIO
         && pit_host_pci_device_same_slot (member, device);
}

void
pit_rule_hostdev_iommu (PitAdvisorContext *ctx)
{
  g_autoptr(GArray) hostdevs = pci_hostdevs (ctx);
  PitHostIommu *iommu = pit_host_inventory_get_iommu (ctx->host);
  g_autoptr(GHashTable) reported = g_hash_table_new (g_direct_hash, g_direct_equal);

  for (guint i = 0; i < hostdevs->len; i++)
    {
      Hostdev *dev = &g_array_index (hostdevs, Hostdev, i);
      g_autoptr(PitHostPassthrough) passthrough = NULL;
      g_autoptr(GString) missing = g_string_new (NULL);
      g_autoptr(GPtrArray) missing_devices = g_ptr_array_new ();
      g_autofree char *explanation = NULL;
      g_autofree char *host_text = NULL;
      PitAdvisorFinding *finding;
      gboolean drivers_known;

      passthrough = pit_host_inventory_get_passthrough (ctx->host, dev->address, NULL);
      if (passthrough == NULL || (!passthrough->viable_known && (iommu == NULL || iommu->enabled != 0)))
        continue;
      /* one finding per group (and one in all when the IOMMU is off) */
      if (!g_hash_table_add (reported, GINT_TO_POINTER (passthrough->device->iommu_group)))
        continue;
      host_text = describe_device (passthrough->device);

      if (!passthrough->viable)
        {
          gboolean iommu_off = iommu != NULL && iommu->enabled == 0;
          g_autoptr(GPtrArray) members = g_ptr_array_new_with_free_func (g_free);
          gboolean stop = FALSE;

          /* what the other members do for the host: a disk the host runs
           * from cannot go to a guest */
          for (guint j = 0; j < passthrough->foreign->len; j++)
            {
              PitHostPciDevice *member = g_ptr_array_index (passthrough->foreign, j);
              g_autoptr(GPtrArray) uses = pit_host_inventory_get_device_uses (ctx->host, member);
              g_autoptr(GString) other = g_string_new (NULL);
              g_autofree char *described = describe_device (member);

              g_string_append (other, described);
              for (guint u = 0; u < uses->len; u++)
                {
                  g_autofree char *use = pit_host_device_use_describe (g_ptr_array_index (uses, u));

                  g_string_append_printf (other, "; %s", use);
                  stop |= pit_host_device_use_is_stop (g_ptr_array_index (uses, u));
                }
              g_ptr_array_add (members, g_string_free (g_steal_pointer (&other), FALSE));
            }

          explanation = g_strdup_printf (_("The device %s cannot be given to the VM alone: %s"),
                                         dev->address,
                                         passthrough->reason != NULL ? passthrough->reason : _("its IOMMU group is not known."));
          if (stop)
            {
              g_autofree char *first = g_steal_pointer (&explanation);

              explanation = g_strdup_printf (_("%s One of them holds the disk the host runs from: passing the "
                                               "group would take the host’s root file system away while it "
                                               "runs. Do not pass this group."), first);
            }
          finding = pit_advisor_context_add (ctx, "hostdev-iommu-group", PIT_ADVISOR_SEVERITY_HIGH,
                                             iommu_off ? _("The IOMMU is off: passthrough cannot work")
                                             : stop ? _("A passed device shares its IOMMU group with the host’s system disk")
                                                    : _("A passed device’s IOMMU group is not viable"),
                                             explanation);
          pit_advisor_finding_set_subject (finding, dev->address);
          pit_advisor_add_xml_node (finding, _("Passed-through device"), dev->node);
          pit_advisor_finding_add_evidence (finding, PIT_ADVISOR_EVIDENCE_HOST, _("Device"), host_text);
          for (guint j = 0; j < members->len; j++)
            pit_advisor_finding_add_evidence (finding, PIT_ADVISOR_EVIDENCE_HOST, _("Same IOMMU group"),
                                              g_ptr_array_index (members, j));
          if (iommu_off)
            {
              g_autoptr(PitHostPlanRequest) request = pit_host_plan_request_new ();

              pit_host_plan_request_add_gpu (request, dev->address);
              pit_advisor_finding_set_fix_host_plan (finding, g_steal_pointer (&request), _("Plan the host"),
                                                     _("Turn on the IOMMU in the firmware and on the kernel "
                                                       "command line, and give the device to vfio-pci."));
            }
          else
            pit_advisor_finding_set_fix_advice (finding, pit_host_gpu_fact_group_advice (stop));
          continue;
        }

      for (guint j = 0; j < passthrough->devices->len; j++)
        {
          PitHostPciDevice *member = g_ptr_array_index (passthrough->devices, j);

          if (is_passed (hostdevs, member->address) || is_gpu_audio_of (ctx, member, passthrough->device))
            continue;
          /* left to vfio-pci (or to no driver), a member does not stop the VM */
          if (member->driver_known && (member->driver == NULL || g_strcmp0 (member->driver, "vfio-pci") == 0
                                       || g_strcmp0 (member->driver, "pci-stub") == 0))
            continue;
          g_string_append_printf (missing, "%s%s", missing->len > 0 ? ", " : "", member->address);
          g_ptr_array_add (missing_devices, member);
        }
      if (missing->len == 0)
        continue;

      /* drivers known (a local host): a bound one stops the VM for sure */
      drivers_known = TRUE;
      for (guint j = 0; j < missing_devices->len; j++)
        drivers_known &= ((PitHostPciDevice *) g_ptr_array_index (missing_devices, j))->driver_known;
      explanation = g_strdup_printf (drivers_known
                                       ? _("The device %s is passed to the VM, but %s of its IOMMU group is "
                                           "not, and a host driver still uses it. VFIO takes a whole group or "
                                           "nothing, so the VM cannot start until those devices are passed too "
                                           "or given to vfio-pci.")
                                       : _("The device %s is passed to the VM, but %s of its IOMMU group is "
                                           "not. VFIO takes a whole group or nothing: unless those devices are "
                                           "given to vfio-pci on the host, the VM cannot start."),
                                     dev->address, missing->str);
      finding = pit_advisor_context_add (ctx, "hostdev-iommu-group",
                                         drivers_known ? PIT_ADVISOR_SEVERITY_HIGH : PIT_ADVISOR_SEVERITY_MEDIUM,
                                         _("A passed device’s IOMMU group is not fully passed"), explanation);
      pit_advisor_finding_set_subject (finding, dev->address);
      pit_advisor_add_xml_node (finding, _("Passed-through device"), dev->node);
      pit_advisor_finding_add_evidence (finding, PIT_ADVISOR_EVIDENCE_HOST, _("Device"), host_text);
      for (guint j = 0; j < missing_devices->len; j++)
        {
          g_autofree char *other = describe_device (g_ptr_array_index (missing_devices, j));

          pit_advisor_finding_add_evidence (finding, PIT_ADVISOR_EVIDENCE_HOST, _("Not passed"), other);
        }
      if (pit_host_pci_device_is_gpu (passthrough->device))
        pit_advisor_finding_set_fix_tune (finding, PIT_WIZARD_SECTION_GPU, _("Pass the whole group"),
                                          _("Pass every device of the group to the VM."));
      else
        pit_advisor_finding_set_fix_advice (finding, _("Pass every device of the group to the VM, or bind "
                                                       "the others to vfio-pci on the host."));
    }
}

/* The hook that hands the GPU over, or a VFIO-Tools script set for the VM */
static gboolean
has_single_gpu_hook (PitAdvisorContext *ctx,
                     const char        *vm)
{
  const char *root = pit_host_inventory_get_root (ctx->host);
  const char *dirs[] = { "etc/libvirt/hooks/qemu.d", "var/lib/libvirt/hooks/qemu.d", NULL };

  for (guint i = 0; dirs[i] != NULL; i++)
    {
      g_autofree char *mine = g_strconcat ("pitstop-", vm, NULL);
      g_autofree char *hook = g_build_filename (root, dirs[i], mine, NULL);
      g_autofree char *vfio_tools = g_build_filename (root, dirs[i], vm, "prepare", "begin", NULL);

      if (g_file_test (hook, G_FILE_TEST_IS_REGULAR) || g_file_test (vfio_tools, G_FILE_TEST_IS_DIR))
        return TRUE;
    }
  return FALSE;
}

void
pit_rule_gpu_single_hook (PitAdvisorContext *ctx)
{
  g_autoptr(GArray) hostdevs = pci_hostdevs (ctx);
  const char *vm = ctx->summary->name;

  /* a remote host's files cannot be seen: no guess */
  if (ctx->host == NULL || pit_host_inventory_get_root (ctx->host) == NULL || vm == NULL)
    return;
  for (guint i = 0; i < hostdevs->len; i++)
    {
      Hostdev *dev = &g_array_index (hostdevs, Hostdev, i);
      PitHostPciDevice *gpu = pit_advisor_context_find_pci (ctx, dev->address);
      g_autoptr(PitHostPlanRequest) request = NULL;
      g_autofree char *explanation = NULL;
      g_autofree char *host_text = NULL;
      PitAdvisorFinding *finding;

      if (gpu == NULL || !pit_host_inventory_is_single_gpu (ctx->host, gpu->address)
          || has_single_gpu_hook (ctx, vm))
        continue;

      explanation = g_strdup_printf (_("The VM gets %s, the GPU the host boots on and its only one, "
                                       "but nothing takes the card away from the host’s desktop when "
                                       "the VM starts. libvirt would pull it from under the running "
                                       "desktop: the start fails or hangs, or the screen stays black. "
                                       "A single-GPU hook stops the display manager, frees the card for "
                                       "the VM and gives it back when the VM stops."),
                                     gpu->address);
      finding = pit_advisor_context_add (ctx, "gpu-single-hook", PIT_ADVISOR_SEVERITY_HIGH,
                                         _("The host’s only GPU is passed without a single-GPU hook"),
                                         explanation);
      pit_advisor_finding_set_subject (finding, gpu->address);
      pit_advisor_add_xml_node (finding, _("Passed-through GPU"), dev->node);
      host_text = describe_device (gpu);
      pit_advisor_finding_add_evidence (finding, PIT_ADVISOR_EVIDENCE_HOST, _("GPU"), host_text);
      request = pit_host_plan_request_new ();
      pit_host_plan_request_add_gpu (request, gpu->address);
      pit_host_plan_request_set_single_gpu (request, vm, NULL);
      pit_advisor_finding_set_fix_host_plan (finding, g_steal_pointer (&request), _("Plan the hook"),
                                             _("Install the VM’s single-GPU hook (pitstop-cli host-plan "
                                               "--single-gpu --vm NAME); enable SSH on the host first."));
      return;
    }
}
