/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "pit-connection.h"
#include "pit-host-inventory.h"
#include "pit-change-evdev.h"
#include "pit-host-plan-request.h"
#include "pit-looking-glass-size.h"
#include "pit-tune-plan.h"
#include "pit-tune-result.h"
#include "pit-wizard-section.h"

G_BEGIN_DECLS

#define PIT_TYPE_WIZARD_STATE (pit_wizard_state_get_type ())

G_DECLARE_FINAL_TYPE (PitWizardState, pit_wizard_state, PIT, WIZARD_STATE, GObject)

PitWizardState   *pit_wizard_state_new            (PitConnection     *connection,
                                                   PitDomain         *domain);
void              pit_wizard_state_load_async     (PitWizardState    *self,
                                                   GCancellable      *cancellable,
                                                   GAsyncReadyCallback callback,
                                                   gpointer           user_data);
gboolean          pit_wizard_state_load_finish    (PitWizardState    *self,
                                                   GAsyncResult      *result,
                                                   GError           **error);
gboolean          pit_wizard_state_load_sync      (PitWizardState    *self,
                                                   GError           **error);

PitConnection    *pit_wizard_state_get_connection (PitWizardState    *self);
PitDomain        *pit_wizard_state_get_domain     (PitWizardState    *self);
PitHostInventory *pit_wizard_state_get_host       (PitWizardState    *self);
PitDomainSummary *pit_wizard_state_get_summary    (PitWizardState    *self);
const char       *pit_wizard_state_get_xml        (PitWizardState    *self);
gboolean          pit_wizard_state_is_windows     (PitWizardState    *self);

/* choices: a setter emits ::changed once when the choice changes, and not
 * when it already was that */
void              pit_wizard_state_set_enabled    (PitWizardState    *self,
                                                   PitWizardSection   section,
                                                   gboolean           enabled);
gboolean          pit_wizard_state_get_enabled    (PitWizardState    *self,
                                                   PitWizardSection   section);

GPtrArray        *pit_wizard_state_get_gpus       (PitWizardState    *self);
void              pit_wizard_state_set_gpus       (PitWizardState    *self,
                                                   const char * const *addresses);
gboolean          pit_wizard_state_get_hide_hypervisor (PitWizardState *self);
const char       *pit_wizard_state_get_vendor_id  (PitWizardState    *self);
void              pit_wizard_state_set_hide_hypervisor (PitWizardState *self,
                                                   gboolean           hide,
                                                   const char        *vendor_id);
/* the first GPU's ROM file (pit-wizard-state-rom.c); choosing another GPU
 * clears it */
const char       *pit_wizard_state_get_gpu_rom    (PitWizardState    *self);
gboolean          pit_wizard_state_set_gpu_rom    (PitWizardState    *self,
                                                   const char        *path,
                                                   GError           **error);

void              pit_wizard_state_get_topology   (PitWizardState    *self,
                                                   guint             *sockets,
                                                   guint             *cores,
                                                   guint             *threads);
void              pit_wizard_state_set_topology   (PitWizardState    *self,
                                                   guint              sockets,
                                                   guint              cores,
                                                   guint              threads);
guint             pit_wizard_state_get_vcpus      (PitWizardState    *self);
guint             pit_wizard_state_get_current    (PitWizardState    *self);
void              pit_wizard_state_set_current    (PitWizardState    *self,
                                                   guint              current);
gboolean          pit_wizard_state_get_host_passthrough (PitWizardState *self);
void              pit_wizard_state_set_host_passthrough (PitWizardState *self,
                                                   gboolean           host_passthrough);

gboolean          pit_wizard_state_get_pin_auto   (PitWizardState    *self);
GPtrArray        *pit_wizard_state_get_pins       (PitWizardState    *self);
const char       *pit_wizard_state_get_emulator_pin (PitWizardState  *self);
void              pit_wizard_state_set_pin_auto   (PitWizardState    *self,
                                                   gboolean           automatic);
gboolean          pit_wizard_state_set_pin        (PitWizardState    *self,
                                                   guint              vcpu,
                                                   const char        *cpuset,
                                                   GError           **error);
GPtrArray        *pit_wizard_state_compute_auto_pins (PitWizardState *self,
                                                   char             **emulator,
                                                   GError           **error);

guint64           pit_wizard_state_get_hugepage_kib (PitWizardState  *self);
void              pit_wizard_state_set_hugepage_kib (PitWizardState  *self,
                                                   guint64            size_kib);
gint64            pit_wizard_state_get_hugepages_needed (PitWizardState *self);
gint64            pit_wizard_state_get_hugepages_free   (PitWizardState *self,
                                                   guint64            size_kib);

const char       *pit_wizard_state_get_virtio_iso (PitWizardState    *self);
void              pit_wizard_state_set_virtio_iso (PitWizardState    *self,
                                                   const char        *path);
gboolean          pit_wizard_state_get_virtio_nic (PitWizardState    *self);
void              pit_wizard_state_set_virtio_nic (PitWizardState    *self,
                                                   gboolean           virtio_nic);
gboolean          pit_wizard_state_get_disk_stage (PitWizardState    *self);
void              pit_wizard_state_set_disk_stage (PitWizardState    *self,
                                                   gboolean           next_stage);
int               pit_wizard_state_get_disk_state (PitWizardState    *self);

/* latency (issue #16): see pit-wizard-state-latency.c */
gboolean          pit_wizard_state_get_hyperv     (PitWizardState    *self);
void              pit_wizard_state_set_hyperv     (PitWizardState    *self,
                                                   gboolean           hyperv);
gboolean          pit_wizard_state_get_timers     (PitWizardState    *self);
void              pit_wizard_state_set_timers     (PitWizardState    *self,
                                                   gboolean           timers);
guint             pit_wizard_state_get_iothreads  (PitWizardState    *self);
void              pit_wizard_state_set_iothreads  (PitWizardState    *self,
                                                   guint              count);
int               pit_wizard_state_get_rotation_rate (PitWizardState *self);
void              pit_wizard_state_set_rotation_rate (PitWizardState *self,
                                                   int                rate);
char             *pit_wizard_state_get_hyperv_refusal (PitWizardState *self);
char             *pit_wizard_state_get_timers_refusal (PitWizardState *self);
GPtrArray        *pit_wizard_state_get_rotation_disks (PitWizardState *self);
gboolean          pit_wizard_state_get_isolate    (PitWizardState    *self);
void              pit_wizard_state_set_isolate    (PitWizardState    *self,
                                                   gboolean           isolate);
char             *pit_wizard_state_get_isolation_refusal (PitWizardState *self);
char             *pit_wizard_state_check_isolation (PitWizardState  *self,
                                                   const char        *planned_xml);
PitHostPlanRequest *pit_wizard_state_build_vm_hook_request (PitWizardState *self,
                                                   const char        *planned_xml);

/* Windows 11 (issue #18): see pit-wizard-state-windows11.c */
gboolean          pit_wizard_state_get_tpm        (PitWizardState    *self);
void              pit_wizard_state_set_tpm        (PitWizardState    *self,
                                                   gboolean           tpm);
gboolean          pit_wizard_state_get_secure_boot (PitWizardState   *self);
void              pit_wizard_state_set_secure_boot (PitWizardState   *self,
                                                   gboolean           secure_boot);
int               pit_wizard_state_get_firmware   (PitWizardState    *self);

const char       *pit_wizard_state_get_bridge     (PitWizardState    *self);
const char       *pit_wizard_state_get_bridge_mac (PitWizardState    *self);
void              pit_wizard_state_set_bridge     (PitWizardState    *self,
                                                   const char        *bridge,
                                                   const char        *mac);
const char       *pit_wizard_state_get_bridge_uplink (PitWizardState *self);

/* Display and input (PIT_WIZARD_SECTION_DISPLAY, pit-wizard-state-display.c):
 * every choice off until the user makes it */
gboolean          pit_wizard_state_get_looking_glass (PitWizardState *self,
                                                   PitLookingGlassMode *mode);
void              pit_wizard_state_set_looking_glass (PitWizardState *self,
                                                   const PitLookingGlassMode *mode); /* NULL: none */
const char       *pit_wizard_state_get_evdev_keyboard (PitWizardState *self);
const char       *pit_wizard_state_get_evdev_mouse (PitWizardState  *self);
void              pit_wizard_state_set_evdev      (PitWizardState    *self,
                                                   const char        *keyboard,
                                                   const char        *mouse);
PitGrabToggle     pit_wizard_state_get_grab_toggle (PitWizardState   *self);
void              pit_wizard_state_set_grab_toggle (PitWizardState   *self,
                                                   PitGrabToggle      toggle);
gboolean          pit_wizard_state_get_virtio_inputs (PitWizardState *self);
void              pit_wizard_state_set_virtio_inputs (PitWizardState *self,
                                                   gboolean           virtio_inputs);
const char       *pit_wizard_state_get_usb_controller (PitWizardState *self);
void              pit_wizard_state_set_usb_controller (PitWizardState *self,
                                                   const char        *address);
GPtrArray        *pit_wizard_state_get_usb_devices (PitWizardState   *self);
void              pit_wizard_state_set_usb_device (PitWizardState    *self,
                                                   const char        *ids,
                                                   gboolean           chosen);
/* -1: no sound card; else a PitSoundBackend */
int               pit_wizard_state_get_sound      (PitWizardState    *self);
const char       *pit_wizard_state_get_sound_server (PitWizardState  *self);
void              pit_wizard_state_set_sound      (PitWizardState    *self,
                                                   int                backend,
                                                   const char        *server);
gboolean          pit_wizard_state_has_gpu_audio  (PitWizardState    *self);
char             *pit_wizard_state_dup_looking_glass_client (PitWizardState *self);

/* results */
PitTunePlan      *pit_wizard_state_build_plan     (PitWizardState    *self,
                                                   int                up_to_section);
gboolean          pit_wizard_state_check_section  (PitWizardState    *self,
                                                   PitWizardSection   section,
                                                   GError           **error);
PitTuneResult    *pit_wizard_state_preview        (PitWizardState    *self,
                                                   GError           **error);
PitHostPlanRequest *pit_wizard_state_build_host_request (PitWizardState *self);
gboolean          pit_wizard_state_is_single_gpu  (PitWizardState    *self);
PitHostPlanRequest *pit_wizard_state_build_single_gpu_request (PitWizardState *self);
void              pit_wizard_state_apply_async    (PitWizardState    *self,
                                                   GCancellable      *cancellable,
                                                   GAsyncReadyCallback callback,
                                                   gpointer           user_data);
PitTuneResult    *pit_wizard_state_apply_finish   (PitWizardState    *self,
                                                   GAsyncResult      *result,
                                                   GError           **error);

G_END_DECLS
