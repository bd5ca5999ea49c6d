/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pit-tune-step.h"

G_BEGIN_DECLS

/* The host's keyboard and mouse handed to the guest by evdev (libvirt ≥ 7.4):
 * <input type='evdev'><source dev='/dev/input/by-id/…'/></input>, the
 * keyboard with grab='all' (every device of the host follows it), repeat='on'
 * and the grabToggle keys that switch between host and guest.  Optionally a
 * virtio keyboard and mouse for the guest to receive them on (Windows needs
 * vioinput from the virtio-win disc for those).  A device the host does not
 * list in /dev/input/by-id is refused when the host is known. */
typedef enum
{
  PIT_GRAB_TOGGLE_CTRL_CTRL,        /* "ctrl-ctrl": both Ctrl keys (libvirt's default) */
  PIT_GRAB_TOGGLE_ALT_ALT,
  PIT_GRAB_TOGGLE_SHIFT_SHIFT,
  PIT_GRAB_TOGGLE_META_META,
  PIT_GRAB_TOGGLE_SCROLLLOCK,
  PIT_GRAB_TOGGLE_CTRL_SCROLLLOCK,
  PIT_GRAB_TOGGLE_N
} PitGrabToggle;

typedef struct
{
  const char *keyboard;     /* by-id name or /dev/input/by-id path; NULL: none */
  const char *mouse;        /* the same; NULL: none */
  PitGrabToggle grab_toggle;
  gboolean virtio_inputs;   /* add <input type='keyboard|mouse' bus='virtio'/> */
} PitChangeEvdevOptions;

PIT_DECLARE_TUNE_CHANGE (PitChangeEvdev, pit_change_evdev)

const char  *pit_grab_toggle_to_id           (PitGrabToggle   toggle);   /* "ctrl-ctrl" */
const char  *pit_grab_toggle_to_string       (PitGrabToggle   toggle);   /* translated: "both Ctrl keys" */
gboolean     pit_grab_toggle_from_string     (const char     *text,
                                              PitGrabToggle  *toggle,
                                              GError        **error);

G_END_DECLS
