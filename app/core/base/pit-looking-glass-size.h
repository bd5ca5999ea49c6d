/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The shared memory Looking Glass needs for the guest's largest mode, as its
 * documentation (release B7, "Determining memory") computes it: two frames
 * of width × height × bytes per pixel (4 for SDR, 8 for HDR), plus 10 MiB,
 * rounded up to a power of two in MiB.  1920×1080 → 32 MiB, 3840×2160 →
 * 128 MiB, 3840×2160 HDR → 256 MiB. */
typedef struct
{
  guint width;
  guint height;
  gboolean hdr;
} PitLookingGlassMode;

#define PIT_LOOKING_GLASS_MAX_SIDE 16384

/* "1920x1080", "3840x2160:hdr" (also "×", upper-case X, ":sdr") */
gboolean  pit_looking_glass_parse_mode  (const char           *text,
                                         PitLookingGlassMode  *mode,
                                         GError              **error);
char     *pit_looking_glass_format_mode (const PitLookingGlassMode *mode); /* "3840x2160:hdr" */
guint64   pit_looking_glass_frame_bytes (const PitLookingGlassMode *mode); /* one frame */
guint64   pit_looking_glass_size_mib    (const PitLookingGlassMode *mode);
/* Whether a device of @size_mib MiB holds @mode (two frames and the
 * overhead; a bigger device than needed is fine). */
gboolean  pit_looking_glass_fits        (const PitLookingGlassMode *mode,
                                         guint64                    size_mib);

/* The client's command on the host: "looking-glass-client" (its default
 * file is /dev/shm/looking-glass), with "-f /dev/kvmfr0" for kvmfr */
char     *pit_looking_glass_client_command (gboolean kvmfr);

G_END_DECLS
