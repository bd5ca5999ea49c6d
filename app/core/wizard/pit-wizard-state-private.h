/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pit-domain-summary.h"
#include "pit-tune-lookups.h"
#include "pit-wizard-state.h"

G_BEGIN_DECLS

struct _PitWizardState
{
  GObject parent_instance;

  PitConnection *connection;
  PitDomain *domain;
  PitHostInventory *host;        /* NULL until loaded, or when it could not be read */
  PitDomainSummary *summary;     /* of the inactive XML */
  char *xml;                     /* the inactive XML the changes apply to */
  PitTuneLookups *lookups;       /* the storage pool, read with the XML: the
                                  * checks on the main thread ask nothing */

  gboolean enabled[PIT_WIZARD_N_SECTIONS];

  GPtrArray *gpus;               /* char *: the devices chosen; companions follow */
  gboolean hide_hypervisor;
  char *vendor_id;
  char *gpu_rom;                 /* ROM file for the first GPU; NULL: none */

  gboolean host_passthrough;
  guint sockets, cores, threads;
  guint current;

  gboolean pin_auto;
  gboolean pin_use_host_core;    /* automatic, when the guest needs CPU 0's core too */
  GPtrArray *pins;               /* char * cpuset per vCPU (NULL: unpinned); manual */
  char *emulator_pin;

  guint64 hugepage_kib;          /* 0: none */

  char *virtio_iso;
  gboolean virtio_nic;
  gboolean disk_stage;           /* do the next stage of the boot-disk move */

  gboolean hyperv;               /* CPU step: Hyper-V enlightenments */
  gboolean timers;               /* CPU step: the timers */
  guint iothreads;               /* Drivers step: 0 leaves them */
  int rotation_rate;             /* Drivers step: a PitRotationRate, -1 leaves it */
  gboolean tpm;                  /* Drivers step: Windows 11's TPM 2.0 */
  gboolean secure_boot;          /* Drivers step: Windows 11's Secure Boot */
  gboolean isolate;              /* the VM's hook keeps the host off its CPUs */

  char *bridge;
  char *bridge_mac;
  char *bridge_uplink;           /* the NIC a new bridge would be built over */

  PitLookingGlassMode looking_glass;  /* width 0: none */
  char *evdev_keyboard;          /* /dev/input/by-id names, or NULL */
  char *evdev_mouse;
  PitGrabToggle grab_toggle;
  gboolean virtio_inputs;
  char *usb_controller;          /* PCI address, or NULL */
  GPtrArray *usb_devices;        /* char * "vvvv:pppp", in the order chosen */
  int sound;                     /* -1 or a PitSoundBackend */
  char *sound_server;
};

void _pit_wizard_state_emit_changed (PitWizardState *self);

/* pit-wizard-state-latency.c */
void _pit_wizard_state_add_cpu_latency_steps  (PitWizardState *self,
                                               PitTunePlan    *plan);
void _pit_wizard_state_add_disk_latency_steps (PitWizardState *self,
                                               PitTunePlan    *plan);
/* pit-wizard-state-windows11.c */
void _pit_wizard_state_default_windows11    (PitWizardState *self,
                                             xmlNode        *root);
void _pit_wizard_state_add_windows11_steps  (PitWizardState *self,
                                             PitTunePlan    *plan);
void _pit_wizard_state_default_latency        (PitWizardState *self);

G_END_DECLS
