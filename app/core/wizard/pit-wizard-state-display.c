/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-wizard"

#include "config.h"

#include "pit-change-sound.h"
#include "pit-wizard-state-private.h"

/* The "Display and input" choices: Looking Glass, the keyboard and mouse by
 * evdev, a USB controller, sound.  The section is off until the user turns
 * it on; each choice can be left out on its own. */

gboolean
pit_wizard_state_get_display_enabled (PitWizardState *self)
{
  g_return_val_if_fail (PIT_IS_WIZARD_STATE (self), FALSE);
  return self->display_enabled;
}

void
pit_wizard_state_set_display_enabled (PitWizardState *self,
                                      gboolean        enabled)
{
  g_return_if_fail (PIT_IS_WIZARD_STATE (self));

  if (self->display_enabled == !!enabled)
    return;
  self->display_enabled = !!enabled;
  _pit_wizard_state_emit_changed (self);
}

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
  g_return_if_fail (PIT_IS_WIZARD_STATE (self));

  if (g_strcmp0 (self->evdev_keyboard, keyboard) == 0 && g_strcmp0 (self->evdev_mouse, mouse) == 0)
    return;
  g_free (self->evdev_keyboard);
  g_free (self->evdev_mouse);
  self->evdev_keyboard = g_strdup (keyboard);
  self->evdev_mouse = g_strdup (mouse);
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
  g_return_if_fail (PIT_IS_WIZARD_STATE (self));
  g_return_if_fail (backend >= -1 && backend <= PIT_SOUND_SPICE);

  if (self->sound == backend && g_strcmp0 (self->sound_server, server) == 0)
    return;
  self->sound = backend;
  g_free (self->sound_server);
  self->sound_server = g_strdup (server);
  _pit_wizard_state_emit_changed (self);
}
