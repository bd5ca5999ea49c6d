/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-wizard"

#include "config.h"

#include <unistd.h>

#include "pit-change-disk-stage.h"
#include "pit-change-virtio-iso.h"
#include "pit-demo.h"
#include "pit-host-memory.h"
#include "pit-host-net.h"
#include "pit-host-passthrough.h"
#include "pit-pin-plan.h"
#include "pit-change-sound.h"
#include "pit-wizard-defaults.h"
#include "pit-wizard-state-private.h"
#include "pit-xml.h"

/* What the wizard proposes for a VM before the user changes anything: the
 * well-known fixes (the GPU that is not the boot GPU, a topology that
 * matches the host, automatic pinning, hugepages for the guest's memory,
 * virtio everywhere, a bridge over the NIC with the default route). */

static void
default_gpu (PitWizardState *self)
{
  g_autoptr(GPtrArray) gpus = NULL;

  g_ptr_array_set_size (self->gpus, 0);
  g_clear_pointer (&self->gpu_rom, g_free);
  if (self->host == NULL)
    {
      self->enabled[PIT_WIZARD_SECTION_GPU] = FALSE;
      return;
    }

  gpus = pit_host_inventory_get_gpus (self->host);
  for (guint i = 0; gpus != NULL && i < gpus->len; i++)
    {
      PitHostPassthrough *gpu = g_ptr_array_index (gpus, i);

      /* the host keeps the GPU it boots on */
      if (gpu->device->boot_vga == 1)
        continue;
      g_ptr_array_add (self->gpus, g_strdup (gpu->device->address));
      break;
    }
  /* already passed through: nothing to add */
  for (guint i = 0; i < self->gpus->len && self->summary != NULL; i++)
    for (guint j = 0; j < self->summary->hostdevs->len; j++)
      {
        PitHostdevInfo *dev = g_ptr_array_index (self->summary->hostdevs, j);

        if (g_strcmp0 (dev->address, g_ptr_array_index (self->gpus, i)) == 0)
          {
            g_ptr_array_set_size (self->gpus, 0);
            break;
          }
      }
  self->enabled[PIT_WIZARD_SECTION_GPU] = self->gpus->len > 0;
  /* NVIDIA's drivers since 465 (2021) run in VMs: off unless asked */
  self->hide_hypervisor = FALSE;
}

static void
default_cpu (PitWizardState *self)
{
  PitHostCpuTopology *cpu = self->host ? pit_host_inventory_get_cpu (self->host) : NULL;
  guint vcpus = MAX (self->summary->vcpus, 1);
  guint threads = cpu != NULL && cpu->threads_per_core > 0 ? cpu->threads_per_core : 1;

  if (vcpus % threads != 0)
    threads = 1;
  self->sockets = 1;
  self->cores = vcpus / threads;
  self->threads = threads;
  /* the story's trap: an old current allocation that never grew */
  self->current = vcpus;
  self->host_passthrough = g_strcmp0 (self->summary->hypervisor, "kvm") == 0;
}

static void
default_pinning (PitWizardState *self)
{
  PitHostCpuTopology *cpu = self->host ? pit_host_inventory_get_cpu (self->host) : NULL;
  guint vcpus = self->sockets * self->cores * self->threads;
  PitPinPlanOptions options = { .use_host_core = FALSE };
  g_autoptr(PitPinPlan) plan = NULL;

  self->pin_auto = TRUE;
  self->pin_use_host_core = FALSE;
  g_ptr_array_set_size (self->pins, 0);
  if (cpu == NULL)
    {
      self->enabled[PIT_WIZARD_SECTION_PINNING] = FALSE;
      return;
    }
  plan = pit_pin_plan_compute (cpu, vcpus, self->threads, &options, NULL);
  if (plan == NULL)
    {
      /* the guest needs every host core: share CPU 0's with the host */
      options.use_host_core = TRUE;
      plan = pit_pin_plan_compute (cpu, vcpus, self->threads, &options, NULL);
      self->pin_use_host_core = plan != NULL;
    }
  self->enabled[PIT_WIZARD_SECTION_PINNING] = plan != NULL;
}

static void
default_memory (PitWizardState *self)
{
  PitHostMemory *memory = self->host ? pit_host_inventory_get_memory (self->host) : NULL;
  guint64 kib = self->summary->memory_kib;
  const guint64 one_g = 1024 * 1024;

  if (self->summary->hugepages)
    {
      self->hugepage_kib = 0;
      self->enabled[PIT_WIZARD_SECTION_MEMORY] = FALSE;
      return;
    }
  if (kib % one_g == 0 && (memory == NULL || pit_host_memory_get_pool (memory, one_g) != NULL))
    self->hugepage_kib = one_g;
  else
    self->hugepage_kib = 2048;
}

static void
default_drivers (PitWizardState *self)
{
  gboolean windows = pit_wizard_state_is_windows (self);
  g_autoptr(xmlDoc) doc = pit_xml_parse (self->xml, NULL);

  g_clear_pointer (&self->virtio_iso, g_free);
  if (windows)
    {
      if (pit_connection_is_demo (self->connection))
        self->virtio_iso = g_strdup ("/usr/share/virtio-win/virtio-win.iso");
      else if (self->host != NULL && pit_host_inventory_get_source (self->host) == PIT_HOST_SOURCE_LOCAL)
        self->virtio_iso = pit_change_virtio_iso_find (NULL, NULL);
    }
  /* already attached */
  for (guint i = 0; self->virtio_iso != NULL && i < self->summary->disks->len; i++)
    {
      PitDiskInfo *disk = g_ptr_array_index (self->summary->disks, i);

      if (g_strcmp0 (disk->source, self->virtio_iso) == 0)
        g_clear_pointer (&self->virtio_iso, g_free);
    }

  self->virtio_nic = FALSE;
  for (guint i = 0; i < self->summary->nics->len; i++)
    {
      PitNicInfo *nic = g_ptr_array_index (self->summary->nics, i);

      if (g_strcmp0 (nic->model, "virtio") != 0)
        self->virtio_nic = TRUE;
    }
  self->disk_stage = doc != NULL
                     && pit_change_disk_stage_get_state (xmlDocGetRootElement (doc)) != PIT_DISK_STATE_BOOT_ON_VIRTIO
                     && pit_change_disk_stage_get_state (xmlDocGetRootElement (doc)) != PIT_DISK_STATE_NO_BOOT_DISK;
  _pit_wizard_state_default_windows11 (self, doc != NULL ? xmlDocGetRootElement (doc) : NULL);
  self->enabled[PIT_WIZARD_SECTION_DRIVERS] = self->virtio_iso != NULL || self->virtio_nic || self->disk_stage
                                              || self->tpm || self->secure_boot;
}

static void
default_network (PitWizardState *self)
{
  PitHostNet *net = self->host ? pit_host_inventory_get_net (self->host) : NULL;
  PitNicInfo *nic = self->summary->nics->len > 0 ? g_ptr_array_index (self->summary->nics, 0) : NULL;

  g_clear_pointer (&self->bridge, g_free);
  g_clear_pointer (&self->bridge_mac, g_free);
  g_clear_pointer (&self->bridge_uplink, g_free);
  if (nic == NULL || g_strcmp0 (nic->type, "bridge") == 0)
    {
      self->enabled[PIT_WIZARD_SECTION_NETWORK] = FALSE;
      return;
    }
  self->bridge_mac = g_strdup (nic->mac);

  /* an existing bridge over a physical NIC, else a new one over the NIC
   * with the default route (the host plan creates it) */
  for (guint i = 0; net != NULL && i < net->interfaces->len; i++)
    {
      PitHostNetInterface *iface = g_ptr_array_index (net->interfaces, i);

      if (iface->kind == PIT_HOST_NET_KIND_BRIDGE && iface->ports->len > 0
          && !g_str_has_prefix (iface->name, "virbr"))
        {
          self->bridge = g_strdup (iface->name);
          self->bridge_uplink = g_strdup (g_ptr_array_index (iface->ports, 0));
          break;
        }
    }
  if (self->bridge == NULL && net != NULL && net->default_route_interface != NULL)
    {
      self->bridge = g_strdup ("br-lan");
      self->bridge_uplink = g_strdup (net->default_route_interface);
    }
  self->enabled[PIT_WIZARD_SECTION_NETWORK] = self->bridge != NULL;
}

/* Nothing until the user chooses it (the page proposes): Looking Glass
 * off, no keyboard or mouse by evdev (handing them over surprises whoever
 * does not know the toggle keys), no USB controller or device, no sound
 * card.  Ready for when they do: both Ctrl keys, the user's own
 * PulseAudio/PipeWire socket on this machine. */
static void
default_display (PitWizardState *self)
{
  PitHostSource source = self->host ? pit_host_inventory_get_source (self->host) : PIT_HOST_SOURCE_REMOTE;

  self->enabled[PIT_WIZARD_SECTION_DISPLAY] = TRUE;
  self->looking_glass = (PitLookingGlassMode) { 0, 0, FALSE };
  g_clear_pointer (&self->evdev_keyboard, g_free);
  g_clear_pointer (&self->evdev_mouse, g_free);
  g_clear_pointer (&self->usb_controller, g_free);
  g_ptr_array_set_size (self->usb_devices, 0);
  g_clear_pointer (&self->sound_server, g_free);
  self->grab_toggle = PIT_GRAB_TOGGLE_CTRL_CTRL;
  self->virtio_inputs = FALSE;
  self->sound = -1;
  if (source != PIT_HOST_SOURCE_REMOTE)
    self->sound_server = pit_sound_default_server (getuid ());
}

/**
 * pit_wizard_defaults_apply:
 * Fills every choice from the loaded XML and host.
 */
void
pit_wizard_defaults_apply (PitWizardState *self)
{
  g_return_if_fail (self->summary != NULL);

  default_gpu (self);
  default_cpu (self);
  default_pinning (self);
  default_memory (self);
  default_drivers (self);
  default_network (self);
  _pit_wizard_state_default_latency (self);
  default_display (self);
}
