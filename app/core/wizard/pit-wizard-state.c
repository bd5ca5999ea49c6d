/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-wizard"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pit-change-bridge.h"
#include "pit-change-cpu.h"
#include "pit-change-disk-stage.h"
#include "pit-change-gpu.h"
#include "pit-change-hide-hypervisor.h"
#include "pit-change-hugepages.h"
#include "pit-change-pinning.h"
#include "pit-change-secure-boot.h"
#include "pit-change-virtio-iso.h"
#include "pit-change-virtio-nic.h"
#include "pit-error.h"
#include "pit-host-memory.h"
#include "pit-host-net.h"
#include "pit-pin-plan.h"
#include "pit-tune-apply.h"
#include "pit-wizard-defaults.h"
#include "pit-change-looking-glass.h"
#include "pit-change-sound.h"
#include "pit-change-usb-controller.h"
#include "pit-change-usb-device.h"
#include "pit-wizard-state-private.h"
#include "pit-xml.h"

/* What the user chose in the tuning wizard, for one VM, and the engine
 * calls it maps to.  No GTK: the wizard's pages read and write it, and the
 * tests drive it directly.  Loading (the inactive XML and the host
 * inventory) runs in a GTask thread; so does applying. */

G_DEFINE_FINAL_TYPE (PitWizardState, pit_wizard_state, G_TYPE_OBJECT)

enum {
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
emit_changed (PitWizardState *self)
{
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static void
pit_wizard_state_finalize (GObject *object)
{
  PitWizardState *self = (PitWizardState *) object;

  g_clear_object (&self->connection);
  g_clear_object (&self->domain);
  g_clear_pointer (&self->host, pit_host_inventory_unref);
  g_clear_pointer (&self->summary, pit_domain_summary_unref);
  g_free (self->xml);
  g_clear_pointer (&self->lookups, pit_tune_lookups_unref);
  g_clear_pointer (&self->gpus, g_ptr_array_unref);
  g_free (self->vendor_id);
  g_free (self->gpu_rom);
  g_clear_pointer (&self->pins, g_ptr_array_unref);
  g_free (self->emulator_pin);
  g_free (self->virtio_iso);
  g_free (self->bridge);
  g_free (self->bridge_mac);
  g_free (self->bridge_uplink);
  g_free (self->evdev_keyboard);
  g_free (self->evdev_mouse);
  g_free (self->usb_controller);
  g_clear_pointer (&self->usb_devices, g_ptr_array_unref);
  g_free (self->sound_server);

  G_OBJECT_CLASS (pit_wizard_state_parent_class)->finalize (object);
}

static void
pit_wizard_state_class_init (PitWizardStateClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pit_wizard_state_finalize;

  /**
   * PitWizardState::changed:
   * A choice changed (the review and the host plan follow it).
   */
  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
pit_wizard_state_init (PitWizardState *self)
{
  self->gpus = g_ptr_array_new_with_free_func (g_free);
  self->pins = g_ptr_array_new_with_free_func (g_free);
  self->usb_devices = g_ptr_array_new_with_free_func (g_free);
  self->sound = -1;
  self->pin_auto = TRUE;
  self->sockets = self->cores = self->threads = 1;
  self->rotation_rate = -1;
  for (guint i = 0; i < PIT_WIZARD_N_SECTIONS; i++)
    self->enabled[i] = TRUE;
}

PitWizardState *
pit_wizard_state_new (PitConnection *connection,
                      PitDomain     *domain)
{
  PitWizardState *self;

  g_return_val_if_fail (PIT_IS_CONNECTION (connection), NULL);
  g_return_val_if_fail (PIT_IS_DOMAIN (domain), NULL);

  self = g_object_new (PIT_TYPE_WIZARD_STATE, NULL);
  self->connection = g_object_ref (connection);
  self->domain = g_object_ref (domain);
  return self;
}

/* Loading -------------------------------------------------------------------- */

typedef struct
{
  char *xml;
  PitHostInventory *host;
  PitDomainSummary *summary;
  PitTuneLookups *lookups;
} LoadData;

static void
load_data_free (LoadData *data)
{
  g_free (data->xml);
  g_clear_pointer (&data->host, pit_host_inventory_unref);
  g_clear_pointer (&data->summary, pit_domain_summary_unref);
  g_clear_pointer (&data->lookups, pit_tune_lookups_unref);
  g_free (data);
}

/* A guest that starts with BIOS firmware moves to UEFI for Secure Boot only
 * when its boot disk is blank or GPT: the disk is read here, in the loading
 * thread, and the checks on the main thread take the answer from the
 * lookups (an image on a slow or network disk would stall the window) */
static void
read_boot_disk_table (LoadData *data)
{
  g_autoptr(xmlDoc) doc = pit_xml_parse (data->xml, NULL);
  xmlNode *root = doc != NULL ? xmlDocGetRootElement (doc) : NULL;
  g_autofree char *path = NULL;
  PitPartitionTable table;

  if (root == NULL || data->host == NULL || pit_guest_firmware_from_xml (root) != PIT_GUEST_FIRMWARE_BIOS)
    return;
  table = pit_guest_boot_disk_table (root, data->host, &path);
  pit_tune_lookups_set_boot_disk_table (data->lookups, path, table);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  PitWizardState *self = source_object;
  LoadData *data = g_new0 (LoadData, 1);
  g_autoptr(GPtrArray) paths = g_ptr_array_new ();
  g_autoptr(GError) host_error = NULL;
  GError *error = NULL;

  data->xml = pit_tune_fetch_inactive_xml (pit_domain_get_handle (self->domain), &error);
  if (data->xml == NULL)
    {
      load_data_free (data);
      g_task_return_error (task, error);
      return;
    }
  data->summary = pit_domain_summary_new_from_xml (data->xml, &error);
  if (data->summary == NULL)
    {
      load_data_free (data);
      g_task_return_error (task, error);
      return;
    }
  for (guint i = 0; i < data->summary->disks->len; i++)
    {
      PitDiskInfo *disk = g_ptr_array_index (data->summary->disks, i);

      if (disk->source != NULL && g_strcmp0 (disk->device, "disk") == 0 && disk->source[0] == '/')
        g_ptr_array_add (paths, disk->source);
    }
  g_ptr_array_add (paths, NULL);

  /* where a small virtio disk would go: asked now, in this thread, so the
   * checks on the main thread need no round trip */
  data->lookups = pit_tune_lookups_new ();
  {
    g_autoptr(xmlDoc) doc = pit_xml_parse (data->xml, NULL);
    g_autofree char *boot_source = doc ? pit_change_disk_stage_boot_source (xmlDocGetRootElement (doc)) : NULL;
    virConnectPtr handle = virDomainGetConnect (pit_domain_get_handle (self->domain));

    if (handle != NULL)
      pit_tune_lookups_read_pool (data->lookups, handle, boot_source);
  }

  /* without a host inventory the wizard still works, with fewer checks */
  data->host = pit_host_inventory_for_connection_sync (self->connection, (const char * const *) paths->pdata,
                                                       &host_error);
  if (data->host == NULL)
    g_debug ("No host inventory: %s", host_error->message);
  read_boot_disk_table (data);

  g_task_return_pointer (task, data, (GDestroyNotify) load_data_free);
}

void
pit_wizard_state_load_async (PitWizardState      *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, pit_wizard_state_load_async);
  g_task_run_in_thread (task, load_thread);
}

gboolean
pit_wizard_state_load_finish (PitWizardState  *self,
                              GAsyncResult    *result,
                              GError         **error)
{
  LoadData *data;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  data = g_task_propagate_pointer (G_TASK (result), error);
  if (data == NULL)
    return FALSE;

  g_free (self->xml);
  self->xml = g_steal_pointer (&data->xml);
  g_clear_pointer (&self->host, pit_host_inventory_unref);
  self->host = g_steal_pointer (&data->host);
  g_clear_pointer (&self->summary, pit_domain_summary_unref);
  self->summary = g_steal_pointer (&data->summary);
  g_clear_pointer (&self->lookups, pit_tune_lookups_unref);
  self->lookups = g_steal_pointer (&data->lookups);
  load_data_free (data);

  pit_wizard_defaults_apply (self);
  emit_changed (self);
  return TRUE;
}

static void
load_sync_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/**
 * pit_wizard_state_load_sync:
 * For tests and the command line: loads, iterating the main context.
 */
gboolean
pit_wizard_state_load_sync (PitWizardState  *self,
                            GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  pit_wizard_state_load_async (self, NULL, load_sync_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return pit_wizard_state_load_finish (self, result, error);
}

/* Building the engine's plan ----------------------------------------------- */

static void
add_gpu_steps (PitWizardState *self,
               PitTunePlan    *plan)
{
  if (self->gpus->len > 0)
    {
      /* borrowed strings: no free function */
      g_autoptr(GPtrArray) addresses = g_ptr_array_sized_new (self->gpus->len + 1);
      PitChangeGpuOptions options = { 0 };

      for (guint i = 0; i < self->gpus->len; i++)
        g_ptr_array_add (addresses, g_ptr_array_index (self->gpus, i));
      g_ptr_array_add (addresses, NULL);
      options.addresses = (const char * const *) addresses->pdata;
      options.rom_file = self->gpu_rom;
      pit_tune_plan_add (plan, pit_change_gpu_step (&options));
    }
  if (self->hide_hypervisor)
    {
      PitChangeHideHypervisorOptions options = { .vendor_id = self->vendor_id };

      pit_tune_plan_add (plan, pit_change_hide_hypervisor_step (&options));
    }
}

static void
add_cpu_step (PitWizardState *self,
              PitTunePlan    *plan)
{
  PitChangeCpuOptions options = {
    .host_passthrough = self->host_passthrough,
    .sockets = self->sockets,
    .cores = self->cores,
    .threads = self->threads,
    .vcpus = self->sockets * self->cores * self->threads,
    .current = self->current,
  };

  pit_tune_plan_add (plan, pit_change_cpu_step (&options));
}

static void
add_pinning_step (PitWizardState *self,
                  PitTunePlan    *plan)
{
  PitChangePinningOptions options = { 0 };
  g_autofree PitVcpuPin *pins = NULL;

  if (self->pin_auto)
    {
      options.automatic = TRUE;
      options.use_host_core = self->pin_use_host_core;
    }
  else
    {
      pins = g_new0 (PitVcpuPin, MAX (self->pins->len, 1));
      for (guint i = 0; i < self->pins->len; i++)
        {
          const char *cpuset = g_ptr_array_index (self->pins, i);

          if (cpuset == NULL)
            continue;
          pins[options.n_pins].vcpu = i;
          pins[options.n_pins].cpuset = cpuset;
          options.n_pins++;
        }
      options.pins = pins;
      options.emulator = self->emulator_pin;
    }
  pit_tune_plan_add (plan, pit_change_pinning_step (&options));
}

static void
add_memory_step (PitWizardState *self,
                 PitTunePlan    *plan)
{
  PitChangeHugepagesOptions options = { .page_size_kib = self->hugepage_kib };

  if (self->hugepage_kib > 0)
    pit_tune_plan_add (plan, pit_change_hugepages_step (&options));
}

static void
add_driver_steps (PitWizardState *self,
                  PitTunePlan    *plan)
{
  if (self->virtio_iso != NULL)
    {
      PitChangeVirtioIsoOptions options = { .path = self->virtio_iso };

      pit_tune_plan_add (plan, pit_change_virtio_iso_step (&options));
    }
  if (self->virtio_nic)
    {
      PitChangeVirtioNicOptions options = { 0 };

      pit_tune_plan_add (plan, pit_change_virtio_nic_step (&options));
    }
  if (self->disk_stage)
    {
      PitChangeDiskStageOptions options = { 0 };

      options.stage = pit_wizard_state_get_disk_state (self) == PIT_DISK_STATE_DUMMY_ADDED
                        ? PIT_DISK_STAGE_SWITCH_BOOT_TO_VIRTIO
                        : PIT_DISK_STAGE_ADD_VIRTIO_DUMMY;
      pit_tune_plan_add (plan, pit_change_disk_stage_step (&options));
    }
}

static void
add_network_step (PitWizardState *self,
                  PitTunePlan    *plan)
{
  PitChangeBridgeOptions options = { .bridge = self->bridge, .mac = self->bridge_mac };

  if (self->bridge != NULL)
    pit_tune_plan_add (plan, pit_change_bridge_step (&options));
}

static void
add_display_steps (PitWizardState *self,
                   PitTunePlan    *plan)
{
  if (self->looking_glass.width > 0)
    {
      PitChangeLookingGlassOptions lg = { self->looking_glass };

      pit_tune_plan_add (plan, pit_change_looking_glass_step (&lg));
    }
  if (self->evdev_keyboard != NULL || self->evdev_mouse != NULL || self->virtio_inputs)
    {
      PitChangeEvdevOptions evdev = { self->evdev_keyboard, self->evdev_mouse, self->grab_toggle,
                                      self->virtio_inputs };

      pit_tune_plan_add (plan, pit_change_evdev_step (&evdev));
    }
  if (self->usb_controller != NULL)
    {
      PitChangeUsbControllerOptions usb = { self->usb_controller };

      pit_tune_plan_add (plan, pit_change_usb_controller_step (&usb));
    }
  if (self->usb_devices->len > 0)
    {
      /* borrowed strings: no free function */
      g_autoptr(GPtrArray) ids = g_ptr_array_sized_new (self->usb_devices->len + 1);
      PitChangeUsbDeviceOptions usb = { NULL };

      for (guint i = 0; i < self->usb_devices->len; i++)
        g_ptr_array_add (ids, g_ptr_array_index (self->usb_devices, i));
      g_ptr_array_add (ids, NULL);
      usb.ids = (const char * const *) ids->pdata;
      pit_tune_plan_add (plan, pit_change_usb_device_step (&usb));
    }
  if (self->sound >= 0)
    {
      PitChangeSoundOptions sound = { (PitSoundBackend) self->sound, self->sound_server };

      pit_tune_plan_add (plan, pit_change_sound_step (&sound));
    }
}

/**
 * pit_wizard_state_build_plan:
 * @up_to_section: the last #PitWizardSection to include, or -1 for all
 * Returns: (transfer full): the engine's plan for the enabled sections
 */
PitTunePlan *
pit_wizard_state_build_plan (PitWizardState *self,
                             int             up_to_section)
{
  PitTunePlan *plan = pit_tune_plan_new ();

  g_return_val_if_fail (PIT_IS_WIZARD_STATE (self), plan);

  if (self->host != NULL)
    pit_tune_plan_set_host (plan, self->host);
  /* files named in the XML are on the host; only the local one can be checked */
  pit_tune_plan_set_check_files (plan, self->host != NULL
                                         && pit_host_inventory_get_source (self->host) == PIT_HOST_SOURCE_LOCAL);

  for (int s = 0; s < PIT_WIZARD_N_SECTIONS; s++)
    {
      if (up_to_section >= 0 && s > up_to_section)
        continue;
      if (!self->enabled[s])
        continue;
      switch (s)
        {
        case PIT_WIZARD_SECTION_GPU:
          add_gpu_steps (self, plan);
          break;
        case PIT_WIZARD_SECTION_DISPLAY:
          add_display_steps (self, plan);
          break;
        case PIT_WIZARD_SECTION_CPU:
          add_cpu_step (self, plan);
          _pit_wizard_state_add_cpu_latency_steps (self, plan);
          break;
        case PIT_WIZARD_SECTION_PINNING:
          add_pinning_step (self, plan);
          break;
        case PIT_WIZARD_SECTION_MEMORY:
          add_memory_step (self, plan);
          break;
        case PIT_WIZARD_SECTION_DRIVERS:
          add_driver_steps (self, plan);
          _pit_wizard_state_add_disk_latency_steps (self, plan);
          _pit_wizard_state_add_windows11_steps (self, plan);
          break;
        case PIT_WIZARD_SECTION_NETWORK:
          add_network_step (self, plan);
          break;
        default:
          g_assert_not_reached ();
        }
    }
  return plan;
}

/* A plan for checking on the main thread: what it would ask the connection
 * comes from the lookups (the pool, read with the XML) and the connection's
 * list (every other VM's XML), so no check waits for a round trip, however
 * far the host and however many VMs it has (the GPU check looked at each
 * one: 200 round trips in series for each choice). */
static PitTunePlan *
build_checking_plan (PitWizardState *self,
                     int             up_to_section)
{
  PitTunePlan *plan = pit_wizard_state_build_plan (self, up_to_section);
  GListModel *domains = pit_connection_get_domains (self->connection);
  guint n = g_list_model_get_n_items (domains);

  if (self->lookups == NULL)
    return plan;
  pit_tune_lookups_begin_domains (self->lookups);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PitDomain) domain = g_list_model_get_item (domains, i);

      pit_tune_lookups_add_domain (self->lookups, pit_domain_get_uuid (domain), pit_domain_get_name (domain),
                                   pit_domain_get_xml (domain));
    }
  pit_tune_plan_set_lookups (plan, self->lookups);
  return plan;
}

/**
 * pit_wizard_state_check_section:
 * Runs the changes up to this section on the VM's XML (pinning depends on
 * the topology chosen before it), so the page can show the engine's own
 * error next to the control that caused it.
 */
gboolean
pit_wizard_state_check_section (PitWizardState    *self,
                                PitWizardSection   section,
                                GError           **error)
{
  g_autoptr(PitTunePlan) plan = NULL;
  g_autoptr(PitTuneResult) result = NULL;

  g_return_val_if_fail (PIT_IS_WIZARD_STATE (self), FALSE);

  if (self->xml == NULL)
    return TRUE;
  plan = build_checking_plan (self, section);
  if (pit_tune_plan_get_n_steps (plan) == 0)
    return TRUE;
  result = pit_tune_plan_run (plan, self->xml, pit_connection_get_handle (self->connection), error);
  return result != NULL;
}

/**
 * pit_wizard_state_preview:
 * Returns: (transfer full): the new XML, its diff and what changes, without
 *   defining anything
 */
PitTuneResult *
pit_wizard_state_preview (PitWizardState  *self,
                          GError         **error)
{
  g_autoptr(PitTunePlan) plan = NULL;

  g_return_val_if_fail (PIT_IS_WIZARD_STATE (self), NULL);

  if (self->xml == NULL)
    {
      g_set_error_literal (error, PIT_ERROR, PIT_ERROR_FAILED, _("The virtual machine is not loaded yet"));
      return NULL;
    }
  plan = build_checking_plan (self, -1);
  /* the connection only answers questions (which pool holds the boot disk);
   * nothing is created or defined here */
  return pit_tune_plan_run (plan, self->xml, pit_connection_get_handle (self->connection), error);
}

static void
apply_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PitWizardState *self = g_task_get_source_object (task);
  GError *error = NULL;
  PitTuneResult *tune_result = pit_tune_apply_finish (result, &error);

  if (tune_result == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  /* the list and the overview follow the new definition */
  pit_connection_refresh_domain (self->connection, pit_domain_get_uuid (self->domain));
  g_task_return_pointer (task, tune_result, (GDestroyNotify) pit_tune_result_unref);
}

/**
 * pit_wizard_state_apply_async:
 * Defines the changes (the old XML goes to the history first) in a worker
 * thread; what libvirt can change on a running guest is applied live too.
 */
void
pit_wizard_state_apply_async (PitWizardState      *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(PitTunePlan) plan = pit_wizard_state_build_plan (self, -1);
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, pit_wizard_state_apply_async);
  pit_tune_apply_async (pit_domain_get_handle (self->domain), plan, PIT_TUNE_APPLY_LIVE, cancellable,
                        apply_done_cb, task);
}

PitTuneResult *
pit_wizard_state_apply_finish (PitWizardState  *self,
                               GAsyncResult    *result,
                               GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
