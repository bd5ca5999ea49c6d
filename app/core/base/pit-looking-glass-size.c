/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "pit-error.h"
#include "pit-looking-glass-size.h"

#define MIB (G_GUINT64_CONSTANT (1024) * 1024)
/* what Looking Glass adds to the two frames for its own structures */
#define OVERHEAD_MIB 10

static gboolean
parse_side (const char *text,
            guint      *value)
{
  guint64 parsed;

  if (!g_ascii_string_to_unsigned (text, 10, 1, PIT_LOOKING_GLASS_MAX_SIDE, &parsed, NULL))
    return FALSE;
  *value = (guint) parsed;
  return TRUE;
}

/**
 * pit_looking_glass_parse_mode:
 * Returns: %FALSE with a translated @error for anything but WIDTHxHEIGHT
 *   with an optional ":hdr" or ":sdr"; @mode is left alone then.
 */
gboolean
pit_looking_glass_parse_mode (const char           *text,
                              PitLookingGlassMode  *mode,
                              GError              **error)
{
  g_autofree char *copy = NULL;
  g_autofree char *lower = NULL;
  char *colon, *x;
  PitLookingGlassMode parsed = { 0, 0, FALSE };

  g_return_val_if_fail (mode != NULL, FALSE);

  if (text == NULL)
    text = "";
  lower = g_ascii_strdown (text, -1);
  /* "1920×1080" as people write it */
  {
    g_auto(GStrv) parts = g_strsplit (lower, "×", -1);

    copy = g_strjoinv ("x", parts);
  }
  colon = strchr (copy, ':');
  if (colon != NULL)
    {
      *colon = '\0';
      if (g_str_equal (colon + 1, "hdr"))
        parsed.hdr = TRUE;
      else if (!g_str_equal (colon + 1, "sdr"))
        goto bad;
    }
  x = strchr (copy, 'x');
  if (x == NULL)
    goto bad;
  *x = '\0';
  if (!parse_side (copy, &parsed.width) || !parse_side (x + 1, &parsed.height))
    goto bad;

  *mode = parsed;
  return TRUE;

bad:
  g_set_error (error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT,
               _("“%s” is not a resolution: write WIDTHxHEIGHT, for example 1920x1080, or "
                 "3840x2160:hdr for HDR (each side 1 to %u pixels)"),
               text, PIT_LOOKING_GLASS_MAX_SIDE);
  return FALSE;
}

char *
pit_looking_glass_format_mode (const PitLookingGlassMode *mode)
{
  return g_strdup_printf ("%ux%u%s", mode->width, mode->height, mode->hdr ? ":hdr" : "");
}

guint64
pit_looking_glass_frame_bytes (const PitLookingGlassMode *mode)
{
  return (guint64) mode->width * mode->height * (mode->hdr ? 8 : 4);
}

guint64
pit_looking_glass_size_mib (const PitLookingGlassMode *mode)
{
  guint64 bytes = pit_looking_glass_frame_bytes (mode) * 2 + OVERHEAD_MIB * MIB;
  guint64 mib = (bytes + MIB - 1) / MIB;
  guint64 size = 1;

  while (size < mib)
    size <<= 1;
  return size;
}

gboolean
pit_looking_glass_fits (const PitLookingGlassMode *mode,
                        guint64                    size_mib)
{
  return size_mib * MIB >= pit_looking_glass_frame_bytes (mode) * 2 + OVERHEAD_MIB * MIB;
}

/**
 * pit_looking_glass_client_command:
 * @kvmfr: the memory is the kvmfr module's /dev/kvmfr0, not the file
 *   /dev/shm/looking-glass that a libvirt <shmem> device makes
 * Returns: (transfer full): the command the user runs on the host, as
 *   Looking Glass's documentation (release B7) gives it
 */
char *
pit_looking_glass_client_command (gboolean kvmfr)
{
  return g_strdup (kvmfr ? "looking-glass-client -f /dev/kvmfr0" : "looking-glass-client");
}
