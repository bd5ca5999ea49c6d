/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pit-tune-step.h"

G_BEGIN_DECLS

/* The guest's sound card, Intel HDA (ich9), and the <audio> backend it plays
 * through (libvirt ≥ 7.2): pulseaudio with the user's runtime socket
 * (PipeWire serves it too), or spice (heard where the SPICE client runs).
 * The card's <audio id/> names the backend.  When a passed-through GPU's
 * HDMI audio function is already in the guest, a warning says the guest
 * has sound there. */
typedef enum
{
  PIT_SOUND_PULSEAUDIO,
  PIT_SOUND_SPICE,
} PitSoundBackend;

typedef struct
{
  PitSoundBackend backend;
  const char *server;   /* pulseaudio: "/run/user/1000/pulse/native" */
} PitChangeSoundOptions;

PIT_DECLARE_TUNE_CHANGE (PitChangeSound, pit_change_sound)
/* "pulseaudio" or "spice" */
gboolean     pit_sound_backend_from_string (const char       *text,
                                            PitSoundBackend  *backend,
                                            GError          **error);
/* /run/user/<uid>/pulse/native */
char        *pit_sound_default_server      (guint             uid);

G_END_DECLS
