/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-wizard"

#include "config.h"

#include <string.h>

#include "pit-change-sound.h"
#include "pit-host-passthrough.h"
#include "pit-wizard-state-private.h"

/* The "Display and Input" section's choices: Looking Glass, the keyboard
 * and mouse by evdev, a USB controller or single USB devices, sound.  Each
 * is off until the user chooses it, and can be left out on its own; Skip
 * leaves the whole section out. */

gboolean
pit_wizard_state_get_looking_glass (PitWizardState      *self,
                                    PitLookingGlassMode *mode)
{
  g_return_val_if_fail (PIT_IS_WIZARD_STATE (self), FALSE);

  if (mode != NULL)
    *mode = self->looking_glass;
  return self->looking_glass.width > 0;
}

void
pit_wizard_state_set_looking_glass (PitWizardState            *self,
                                    const PitLookingGlassMode *mode)
{
  PitLookingGlassMode none = { 0, 0, FALSE };

  g_return_if_fail (PIT_IS_WIZARD_STATE (self));

  if (mode == NULL)
    mode = &none;
  if (self->looking_glass.width == mode->width && self->looking_glass.height == mode->height
      && self->looking_glass.hdr == mode->hdr)
    return;
  self->looking_glass = *mode;
  _pit_wizard_state_emit_changed (self);
}

const char *
pit_wizard_state_get_evdev_keyboard (PitWizardState *self)
{
  g_return_val_if_fail (PIT_IS_WIZARD_STATE (self), NULL);
  return self->evdev_keyboard;
}

const char *
pit_wizard_state_get_evdev_mouse (PitWizardState *self)
{
  g_return_val_if_fail (PIT_IS_WIZARD_STATE (self), NULL);
  return self->evdev_mouse;
}

void
pit_wizard_state_set_evdev (PitWizardState *self,
                            const char     *keyboard,
                            const char     *mouse)
{
  char *keyboard_copy, *mouse_copy;

  g_return_if_fail (PIT_IS_WIZARD_STATE (self));

  if (g_strcmp0 (self->evdev_keyboard, keyboard) == 0 && g_strcmp0 (self->evdev_mouse, mouse) == 0)
    return;
  /* either may be the one the state holds (the page keeps the other) */
  keyboard_copy = g_strdup (keyboard);
  mouse_copy = g_strdup (mouse);
  g_free (self->evdev_keyboard);
  g_free (self->evdev_mouse);
  self->evdev_keyboard = keyboard_copy;
  self->evdev_mouse = mouse_copy;
  _pit_wizard_state_emit_changed (self);
}

PitGrabToggle
pit_wizard_state_get_grab_toggle (PitWizardState *self)
{
  g_return_val_if_fail (PIT_IS_WIZARD_STATE (self), PIT_GRAB_TOGGLE_CTRL_CTRL);
  return self->grab_toggle;
}

void
pit_wizard_state_set_grab_toggle (PitWizardState *self,
                                  PitGrabToggle   toggle)
{
  g_return_if_fail (PIT_IS_WIZARD_STATE (self));
  g_return_if_fail (toggle < PIT_GRAB_TOGGLE_N);

  if (self->grab_toggle == toggle)
    return;
  self->grab_toggle = toggle;
  _pit_wizard_state_emit_changed (self);
}

gboolean
pit_wizard_state_get_virtio_inputs (PitWizardState *self)
{
  g_return_val_if_fail (PIT_IS_WIZARD_STATE (self), FALSE);
  return self->virtio_inputs;
}

void
pit_wizard_state_set_virtio_inputs (PitWizardState *self,
                                    gboolean        virtio_inputs)
{
  g_return_if_fail (PIT_IS_WIZARD_STATE (self));

  if (self->virtio_inputs == !!virtio_inputs)
    return;
  self->virtio_inputs = !!virtio_inputs;
  _pit_wizard_state_emit_changed (self);
}

const char *
pit_wizard_state_get_usb_controller (PitWizardState *self)
{
  g_return_val_if_fail (PIT_IS_WIZARD_STATE (self), NULL);
  return self->usb_controller;
}

void
pit_wizard_state_set_usb_controller (PitWizardState *self,
                                     const char     *address)
{
  g_return_if_fail (PIT_IS_WIZARD_STATE (self));

  if (g_strcmp0 (self->usb_controller, address) == 0)
    return;
  g_free (self->usb_controller);
  self->usb_controller = g_strdup (address);
  _pit_wizard_state_emit_changed (self);
}

int
pit_wizard_state_get_sound (PitWizardState *self)
{
  g_return_val_if_fail (PIT_IS_WIZARD_STATE (self), -1);
  return self->sound;
}

const char *
pit_wizard_state_get_sound_server (PitWizardState *self)
{
  g_return_val_if_fail (PIT_IS_WIZARD_STATE (self), NULL);
  return self->sound_server;
}

void
pit_wizard_state_set_sound (PitWizardState *self,
                            int             backend,
                            const char     *server)
{
  char *server_copy;

  g_return_if_fail (PIT_IS_WIZARD_STATE (self));
  g_return_if_fail (backend >= -1 && backend <= PIT_SOUND_SPICE);

  if (self->sound == backend && g_strcmp0 (self->sound_server, server) == 0)
    return;
  self->sound = backend;
  /* @server may be the one the state holds */
  server_copy = g_strdup (server);
  g_free (self->sound_server);
  self->sound_server = server_copy;
  _pit_wizard_state_emit_changed (self);
}

/**
 * pit_wizard_state_get_usb_devices:
 * Returns: (transfer none) (element-type utf8): the single USB devices
 *   chosen, "vvvv:pppp"
 */
GPtrArray *
pit_wizard_state_get_usb_devices (PitWizardState *self)
{
  g_return_val_if_fail (PIT_IS_WIZARD_STATE (self), NULL);
  return self->usb_devices;
}

/**
 * pit_wizard_state_set_usb_device:
 * @ids: "vvvv:pppp"
 * @chosen: whether the guest gets it
 */
void
pit_wizard_state_set_usb_device (PitWizardState *self,
                                 const char     *ids,
                                 gboolean        chosen)
{
  guint index;
  gboolean found;

  g_return_if_fail (PIT_IS_WIZARD_STATE (self));
  g_return_if_fail (ids != NULL);

  found = g_ptr_array_find_with_equal_func (self->usb_devices, ids, g_str_equal, &index);
  if (found == !!chosen)
    return;
  if (chosen)
    g_ptr_array_add (self->usb_devices, g_strdup (ids));
  else
    g_ptr_array_remove_index (self->usb_devices, index);
  _pit_wizard_state_emit_changed (self);
}

static gboolean
is_audio (PitHostPciDevice *device)
{
  /* PCI class 04: multimedia; 0403 is the HD Audio of a GPU's HDMI output */
  return device != NULL && device->class_id == 0x0403;
}

/**
 * pit_wizard_state_has_gpu_audio:
 * Returns: whether the guest gets a graphics card's own audio function
 *   (its HDMI or DisplayPort sound): chosen on the GPU page with the card,
 *   or already in the VM
 */
gboolean
pit_wizard_state_has_gpu_audio (PitWizardState *self)
{
  g_autoptr(GPtrArray) gpus = NULL;

  g_return_val_if_fail (PIT_IS_WIZARD_STATE (self), FALSE);

  if (self->host == NULL)
    return FALSE;
  gpus = pit_host_inventory_get_gpus (self->host);
  for (guint i = 0; self->enabled[PIT_WIZARD_SECTION_GPU] && gpus != NULL && i < gpus->len; i++)
    {
      PitHostPassthrough *set = g_ptr_array_index (gpus, i);

      if (!g_ptr_array_find_with_equal_func (self->gpus, set->device->address, g_str_equal, NULL))
        continue;
      for (guint j = 0; j < set->devices->len; j++)
        if (is_audio (g_ptr_array_index (set->devices, j)))
          return TRUE;
    }
  for (guint i = 0; self->summary != NULL && i < self->summary->hostdevs->len; i++)
    {
      PitHostdevInfo *dev = g_ptr_array_index (self->summary->hostdevs, i);

      if (dev->address != NULL && is_audio (pit_host_inventory_find_pci_device (self->host, dev->address)))
        return TRUE;
    }
  return FALSE;
}

/**
 * pit_wizard_state_dup_looking_glass_client:
 * Returns: (transfer full) (nullable): the command that shows the guest
 *   on the host once it runs, when Looking Glass is chosen
 */
char *
pit_wizard_state_dup_looking_glass_client (PitWizardState *self)
{
  g_return_val_if_fail (PIT_IS_WIZARD_STATE (self), NULL);

  if (!self->enabled[PIT_WIZARD_SECTION_DISPLAY] || self->looking_glass.width == 0)
    return NULL;
  /* the VM's <shmem> is QEMU's /dev/shm/looking-glass: libvirt 9.0 cannot
   * point it at kvmfr's /dev/kvmfr0 */
  return pit_looking_glass_client_command (FALSE);
}
