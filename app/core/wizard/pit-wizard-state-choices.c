/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-wizard"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pit-change-disk-stage.h"
#include "pit-cpuset.h"
#include "pit-error.h"
#include "pit-host-memory.h"
#include "pit-pin-plan.h"
#include "pit-change-sound.h"
#include "pit-wizard-state-private.h"
#include "pit-xml.h"

/* The getters and setters of the wizard's choices.  Setters that change
 * something emit ::changed. */

void
_pit_wizard_state_emit_changed (PitWizardState *self)
{
  g_signal_emit_by_name (self, "changed");
}

PitConnection *
pit_wizard_state_get_connection (PitWizardState *self)
{
  return self->connection;
}

PitDomain *
pit_wizard_state_get_domain (PitWizardState *self)
{
  return self->domain;
}

/**
 * pit_wizard_state_get_host:
 * Returns: (transfer none) (nullable): the host inventory, once loaded
 */
PitHostInventory *
pit_wizard_state_get_host (PitWizardState *self)
{
  return self->host;
}

/**
 * pit_wizard_state_get_summary:
 * Returns: (transfer none) (nullable): the inactive XML's summary, once loaded
 */
PitDomainSummary *
pit_wizard_state_get_summary (PitWizardState *self)
{
  return self->summary;
}

const char *
pit_wizard_state_get_xml (PitWizardState *self)
{
  return self->xml;
}

/**
 * pit_wizard_state_is_windows:
 * From libosinfo's metadata (virt-manager and GNOME Boxes write it), else
 * from Hyper-V enlightenments, which only Windows guests use.
 */
gboolean
pit_wizard_state_is_windows (PitWizardState *self)
{
  g_autoptr(xmlDoc) doc = NULL;
  g_autofree char *os_id = NULL;
  g_autoptr(GPtrArray) hyperv = NULL;

  if (self->xml == NULL || (doc = pit_xml_parse (self->xml, NULL)) == NULL)
    return FALSE;
  os_id = pit_xml_get_string (xmlDocGetRootElement (doc), "string(metadata/*[local-name()='libosinfo']/*[local-name()='os']/@id)");
  if (os_id != NULL && strstr (os_id, "microsoft.com/win") != NULL)
    return TRUE;
  hyperv = pit_xml_find_nodes (xmlDocGetRootElement (doc), "features/hyperv/*");
  return hyperv->len > 0;
}

void
pit_wizard_state_set_enabled (PitWizardState   *self,
                              PitWizardSection  section,
                              gboolean          enabled)
{
  g_return_if_fail (section < PIT_WIZARD_N_SECTIONS);

  if (self->enabled[section] == !!enabled)
    return;
  self->enabled[section] = !!enabled;
  _pit_wizard_state_emit_changed (self);
}

gboolean
pit_wizard_state_get_enabled (PitWizardState   *self,
                              PitWizardSection  section)
{
  g_return_val_if_fail (section < PIT_WIZARD_N_SECTIONS, FALSE);

  return self->enabled[section];
}

/**
 * pit_wizard_state_get_gpus:
 * Returns: (transfer none) (element-type utf8): the devices chosen
 */
GPtrArray *
pit_wizard_state_get_gpus (PitWizardState *self)
{
  return self->gpus;
}

void
pit_wizard_state_set_gpus (PitWizardState     *self,
                           const char * const *addresses)
{
  guint n = addresses != NULL ? g_strv_length ((char **) addresses) : 0;
  gboolean same = n == self->gpus->len;

  for (guint i = 0; same && i < n; i++)
    same = g_strcmp0 (g_ptr_array_index (self->gpus, i), addresses[i]) == 0;
  if (same)
    return;
  /* a ROM file belongs to one card */
  if (n == 0 || self->gpus->len == 0 || g_strcmp0 (g_ptr_array_index (self->gpus, 0), addresses[0]) != 0)
    g_clear_pointer (&self->gpu_rom, g_free);
  g_ptr_array_set_size (self->gpus, 0);
  for (guint i = 0; addresses != NULL && addresses[i] != NULL; i++)
    g_ptr_array_add (self->gpus, g_strdup (addresses[i]));
  _pit_wizard_state_emit_changed (self);
}

gboolean
pit_wizard_state_get_hide_hypervisor (PitWizardState *self)
{
  return self->hide_hypervisor;
}

const char *
pit_wizard_state_get_vendor_id (PitWizardState *self)
{
  return self->vendor_id;
}

void
pit_wizard_state_set_hide_hypervisor (PitWizardState *self,
                                      gboolean        hide,
                                      const char     *vendor_id)
{
  if (self->hide_hypervisor == !!hide
      && g_strcmp0 (self->vendor_id, vendor_id != NULL && *vendor_id != '\0' ? vendor_id : NULL) == 0)
    return;
  self->hide_hypervisor = !!hide;
  g_free (self->vendor_id);
  self->vendor_id = vendor_id != NULL && *vendor_id != '\0' ? g_strdup (vendor_id) : NULL;
  _pit_wizard_state_emit_changed (self);
}

void
pit_wizard_state_get_topology (PitWizardState *self,
                               guint          *sockets,
                               guint          *cores,
                               guint          *threads)
{
  *sockets = self->sockets;
  *cores = self->cores;
  *threads = self->threads;
}

void
pit_wizard_state_set_topology (PitWizardState *self,
                               guint           sockets,
                               guint           cores,
                               guint           threads)
{
  guint vcpus = sockets * cores * threads;

  if (self->sockets == MAX (sockets, 1) && self->cores == MAX (cores, 1) && self->threads == MAX (threads, 1)
      && self->current != 0 && self->current <= vcpus)
    return;
  self->sockets = MAX (sockets, 1);
  self->cores = MAX (cores, 1);
  self->threads = MAX (threads, 1);
  if (self->current > vcpus || self->current == 0)
    self->current = vcpus;
  g_ptr_array_set_size (self->pins, 0);
  _pit_wizard_state_emit_changed (self);
}

guint
pit_wizard_state_get_vcpus (PitWizardState *self)
{
  return self->sockets * self->cores * self->threads;
}

guint
pit_wizard_state_get_current (PitWizardState *self)
{
  return self->current;
}

void
pit_wizard_state_set_current (PitWizardState *self,
                              guint           current)
{
  if (self->current == current)
    return;
  self->current = current;
  _pit_wizard_state_emit_changed (self);
}

gboolean
pit_wizard_state_get_host_passthrough (PitWizardState *self)
{
  return self->host_passthrough;
}

void
pit_wizard_state_set_host_passthrough (PitWizardState *self,
                                       gboolean        host_passthrough)
{
  if (self->host_passthrough == !!host_passthrough)
    return;
  self->host_passthrough = !!host_passthrough;
  _pit_wizard_state_emit_changed (self);
}

gboolean
pit_wizard_state_get_pin_auto (PitWizardState *self)
{
  return self->pin_auto;
}

/**
 * pit_wizard_state_get_pins:
 * Returns: (transfer none): the manual cpuset of each vCPU (NULL: none)
 */
GPtrArray *
pit_wizard_state_get_pins (PitWizardState *self)
{
  return self->pins;
}

const char *
pit_wizard_state_get_emulator_pin (PitWizardState *self)
{
  return self->emulator_pin;
}

/**
 * pit_wizard_state_compute_auto_pins:
 * @emulator: (out) (optional): the emulator's CPUs
 * Returns: (transfer full): the automatic plan, one cpuset text per vCPU
 */
GPtrArray *
pit_wizard_state_compute_auto_pins (PitWizardState  *self,
                                    char           **emulator,
                                    GError         **error)
{
  PitHostCpuTopology *cpu = self->host ? pit_host_inventory_get_cpu (self->host) : NULL;
  PitPinPlanOptions options = { .use_host_core = self->pin_use_host_core };
  g_autoptr(PitPinPlan) plan = NULL;
  GPtrArray *pins;

  if (cpu == NULL)
    {
      g_set_error_literal (error, PIT_ERROR, PIT_ERROR_UNSUPPORTED,
                           _("The host’s CPU topology is unknown, so no pinning can be planned"));
      return NULL;
    }
  plan = pit_pin_plan_compute (cpu, pit_wizard_state_get_vcpus (self), self->threads, &options, error);
  if (plan == NULL)
    return NULL;

  pins = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < plan->vcpus->len; i++)
    g_ptr_array_add (pins, pit_cpuset_format (g_ptr_array_index (plan->vcpus, i)));
  if (emulator != NULL)
    *emulator = plan->emulator ? pit_cpuset_format (plan->emulator) : NULL;
  return pins;
}

void
pit_wizard_state_set_pin_auto (PitWizardState *self,
                               gboolean        automatic)
{
  if (self->pin_auto == !!automatic)
    return;
  self->pin_auto = !!automatic;
  if (!automatic && self->pins->len == 0)
    {
      /* manual editing starts from the automatic plan */
      g_autofree char *emulator = NULL;
      g_autoptr(GPtrArray) pins = pit_wizard_state_compute_auto_pins (self, &emulator, NULL);

      for (guint i = 0; pins != NULL && i < pins->len; i++)
        g_ptr_array_add (self->pins, g_strdup (g_ptr_array_index (pins, i)));
      g_free (self->emulator_pin);
      self->emulator_pin = g_steal_pointer (&emulator);
    }
  _pit_wizard_state_emit_changed (self);
}

/**
 * pit_wizard_state_set_pin:
 * Pins one vCPU by hand; the cpuset is checked against the host.
 */
gboolean
pit_wizard_state_set_pin (PitWizardState  *self,
                          guint            vcpu,
                          const char      *cpuset,
                          GError         **error)
{
  PitHostCpuTopology *cpu = self->host ? pit_host_inventory_get_cpu (self->host) : NULL;

  if (vcpu >= pit_wizard_state_get_vcpus (self))
    {
      g_set_error (error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT, _("The guest has no vCPU %u"), vcpu);
      return FALSE;
    }
  if (cpuset != NULL)
    {
      g_autoptr(PitCpuset) parsed = pit_cpuset_parse (cpuset, cpu ? cpu->cpus->len : 0,
                                                      cpu ? cpu->online : NULL, error);

      if (parsed == NULL)
        return FALSE;
    }
  if (self->pins->len < pit_wizard_state_get_vcpus (self))
    g_ptr_array_set_size (self->pins, pit_wizard_state_get_vcpus (self));
  if (!self->pin_auto && g_strcmp0 (self->pins->pdata[vcpu], cpuset) == 0)
    return TRUE;
  g_free (self->pins->pdata[vcpu]);
  self->pins->pdata[vcpu] = g_strdup (cpuset);
  self->pin_auto = FALSE;
  _pit_wizard_state_emit_changed (self);
  return TRUE;
}

guint64
pit_wizard_state_get_hugepage_kib (PitWizardState *self)
{
  return self->hugepage_kib;
}

void
pit_wizard_state_set_hugepage_kib (PitWizardState *self,
                                   guint64         size_kib)
{
  if (self->hugepage_kib == size_kib)
    return;
  self->hugepage_kib = size_kib;
  _pit_wizard_state_emit_changed (self);
}

/**
 * pit_wizard_state_get_hugepages_needed:
 * Returns: how many pages of the chosen size the guest's memory takes
 */
gint64
pit_wizard_state_get_hugepages_needed (PitWizardState *self)
{
  if (self->summary == NULL || self->hugepage_kib == 0)
    return 0;
  return (gint64) ((self->summary->memory_kib + self->hugepage_kib - 1) / self->hugepage_kib);
}

/**
 * pit_wizard_state_get_hugepages_free:
 * Returns: free pages of that size on the host, -1 when unknown
 */
gint64
pit_wizard_state_get_hugepages_free (PitWizardState *self,
                                     guint64         size_kib)
{
  PitHostMemory *memory = self->host ? pit_host_inventory_get_memory (self->host) : NULL;
  PitHostHugepagePool *pool = memory ? pit_host_memory_get_pool (memory, size_kib) : NULL;

  return pool != NULL ? pool->free : -1;
}

const char *
pit_wizard_state_get_virtio_iso (PitWizardState *self)
{
  return self->virtio_iso;
}

void
pit_wizard_state_set_virtio_iso (PitWizardState *self,
                                 const char     *path)
{
  if (g_strcmp0 (self->virtio_iso, path != NULL && *path != '\0' ? path : NULL) == 0)
    return;
  g_free (self->virtio_iso);
  self->virtio_iso = path != NULL && *path != '\0' ? g_strdup (path) : NULL;
  _pit_wizard_state_emit_changed (self);
}

gboolean
pit_wizard_state_get_virtio_nic (PitWizardState *self)
{
  return self->virtio_nic;
}

void
pit_wizard_state_set_virtio_nic (PitWizardState *self,
                                 gboolean        virtio_nic)
{
  if (self->virtio_nic == !!virtio_nic)
    return;
  self->virtio_nic = !!virtio_nic;
  _pit_wizard_state_emit_changed (self);
}

gboolean
pit_wizard_state_get_disk_stage (PitWizardState *self)
{
  return self->disk_stage;
}

void
pit_wizard_state_set_disk_stage (PitWizardState *self,
                                 gboolean        next_stage)
{
  if (self->disk_stage == !!next_stage)
    return;
  self->disk_stage = !!next_stage;
  _pit_wizard_state_emit_changed (self);
}

/**
 * pit_wizard_state_get_disk_state:
 * Returns: a #PitDiskState: where the staged move of the boot disk is
 */
int
pit_wizard_state_get_disk_state (PitWizardState *self)
{
  g_autoptr(xmlDoc) doc = NULL;

  if (self->xml == NULL || (doc = pit_xml_parse (self->xml, NULL)) == NULL)
    return PIT_DISK_STATE_NO_BOOT_DISK;
  return pit_change_disk_stage_get_state (xmlDocGetRootElement (doc));
}

const char *
pit_wizard_state_get_bridge (PitWizardState *self)
{
  return self->bridge;
}

const char *
pit_wizard_state_get_bridge_mac (PitWizardState *self)
{
  return self->bridge_mac;
}

const char *
pit_wizard_state_get_bridge_uplink (PitWizardState *self)
{
  return self->bridge_uplink;
}

void
pit_wizard_state_set_bridge (PitWizardState *self,
                             const char     *bridge,
                             const char     *mac)
{
  if (g_strcmp0 (self->bridge, bridge != NULL && *bridge != '\0' ? bridge : NULL) == 0
      && (mac == NULL || g_strcmp0 (self->bridge_mac, mac) == 0))
    return;
  g_free (self->bridge);
  self->bridge = bridge != NULL && *bridge != '\0' ? g_strdup (bridge) : NULL;
  if (mac != NULL)
    {
      g_free (self->bridge_mac);
      self->bridge_mac = g_strdup (mac);
    }
  _pit_wizard_state_emit_changed (self);
}

/**
 * pit_wizard_state_is_single_gpu:
 * Returns: whether the chosen GPU is the host's only display device and the
 *   one it boots on: the VM can have it only while it runs, through a hook
 *   that takes it from the desktop and gives it back (single-GPU mode)
 */
gboolean
pit_wizard_state_is_single_gpu (PitWizardState *self)
{
  g_return_val_if_fail (PIT_IS_WIZARD_STATE (self), FALSE);

  return self->enabled[PIT_WIZARD_SECTION_GPU] && self->host != NULL && self->gpus->len == 1
         && pit_host_inventory_is_single_gpu (self->host, g_ptr_array_index (self->gpus, 0));
}

/**
 * pit_wizard_state_build_single_gpu_request:
 * Returns: (transfer full) (nullable): in single-GPU mode, the request for
 *   the VM's hook (the GPU, the VM's name); else %NULL
 */
PitHostPlanRequest *
pit_wizard_state_build_single_gpu_request (PitWizardState *self)
{
  g_autoptr(PitHostPlanRequest) request = NULL;

  if (!pit_wizard_state_is_single_gpu (self))
    return NULL;
  request = pit_host_plan_request_new ();
  pit_host_plan_request_add_gpu (request, g_ptr_array_index (self->gpus, 0));
  if (!pit_host_plan_request_set_single_gpu (request, pit_domain_get_name (self->domain), NULL))
    return NULL;
  return g_steal_pointer (&request);
}

/**
 * pit_wizard_state_build_host_request:
 * Returns: (transfer full): what the host must change for the choices: the
 *   GPUs for vfio-pci, the hugepage pool, a new bridge.  In single-GPU mode
 *   the GPU is not among them: the host keeps it until the VM starts (see
 *   pit_wizard_state_build_single_gpu_request())
 */
PitHostPlanRequest *
pit_wizard_state_build_host_request (PitWizardState *self)
{
  PitHostPlanRequest *request = pit_host_plan_request_new ();

  if (self->enabled[PIT_WIZARD_SECTION_GPU] && !pit_wizard_state_is_single_gpu (self))
    for (guint i = 0; i < self->gpus->len; i++)
      pit_host_plan_request_add_gpu (request, g_ptr_array_index (self->gpus, i));
  if (self->enabled[PIT_WIZARD_SECTION_MEMORY] && self->hugepage_kib > 0)
    {
      gint64 needed = pit_wizard_state_get_hugepages_needed (self);
      gint64 free_pages = pit_wizard_state_get_hugepages_free (self, self->hugepage_kib);

      if (free_pages < needed)
        {
          request->hugepage_size_kib = self->hugepage_kib;
          request->hugepage_count = (guint64) needed;
        }
    }
  if (self->enabled[PIT_WIZARD_SECTION_NETWORK] && self->bridge != NULL && self->bridge_uplink != NULL)
    {
      g_autofree char *spec = g_strdup_printf ("%s:%s", self->bridge, self->bridge_uplink);
      PitHostInventory *host = self->host;
      gboolean exists = FALSE;

      if (host != NULL && pit_host_inventory_get_net (host) != NULL)
        {
          GPtrArray *ifaces = pit_host_inventory_get_net (host)->interfaces;

          for (guint i = 0; i < ifaces->len; i++)
            exists |= g_strcmp0 (((PitHostNetInterface *) g_ptr_array_index (ifaces, i))->name, self->bridge) == 0;
        }
      if (!exists)
        pit_host_plan_request_set_bridge (request, spec, NULL);
    }
  /* swtpm for Windows 11's TPM: the plan looks for it under the host's
   * root, and installs it only where it is missing (a remote host's cannot
   * be checked: the plan says so) */
  request->tpm = self->enabled[PIT_WIZARD_SECTION_DRIVERS] && self->tpm;
  /* Looking Glass's memory and the sound permission are for whoever runs
   * Pitstop on this machine */
  if (self->enabled[PIT_WIZARD_SECTION_DISPLAY] && self->host != NULL
      && pit_host_inventory_get_source (self->host) != PIT_HOST_SOURCE_REMOTE
      && pit_host_plan_request_set_user (request, g_get_user_name (), NULL))
    {
      if (self->looking_glass.width > 0)
        request->looking_glass_mib = pit_looking_glass_size_mib (&self->looking_glass);
      request->sound_pulseaudio = self->sound == PIT_SOUND_PULSEAUDIO;
    }
  return request;
}
