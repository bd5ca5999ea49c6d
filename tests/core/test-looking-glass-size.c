/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The Looking Glass shared-memory size against the table of Looking Glass's
 * own documentation (release B7, doc/install_libvirt.rst, "Common Values"),
 * and its worked example: 1920×1080 SDR is 16,588,800 bytes for two frames,
 * 15.82 MiB + 10 MiB = 25.82 MiB, rounded up to 32 MiB. */
#include "config.h"

#include "pit-error.h"
#include "pit-looking-glass-size.h"

static guint64
size_of (const char *text)
{
  PitLookingGlassMode mode;
  g_autoptr(GError) error = NULL;

  g_assert_true (pit_looking_glass_parse_mode (text, &mode, &error));
  g_assert_no_error (error);
  return pit_looking_glass_size_mib (&mode);
}

static void
test_documented_table (void)
{
  /* resolution, SDR MiB, HDR MiB, as the documentation lists them */
  static const struct { const char *mode; guint64 sdr; guint64 hdr; } table[] = {
    { "1920x1080", 32, 64 },
    { "1920x1200", 32, 64 },
    { "2560x1440", 64, 128 },
    { "3840x2160", 128, 256 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    {
      g_autofree char *hdr = g_strdup_printf ("%s:hdr", table[i].mode);

      g_assert_cmpuint (size_of (table[i].mode), ==, table[i].sdr);
      g_assert_cmpuint (size_of (hdr), ==, table[i].hdr);
    }
}

static void
test_worked_example (void)
{
  PitLookingGlassMode mode = { 1920, 1080, FALSE };

  g_assert_cmpuint (pit_looking_glass_frame_bytes (&mode) * 2, ==, 16588800);
  /* 25.82 MiB needed: 26 MiB would hold it, 25 would not; the device is 32 */
  g_assert_true (pit_looking_glass_fits (&mode, 26));
  g_assert_false (pit_looking_glass_fits (&mode, 25));
  g_assert_false (pit_looking_glass_fits (&mode, 16));
  g_assert_true (pit_looking_glass_fits (&mode, 32));
}

static void
test_edges (void)
{
  /* a tiny mode still needs the 10 MiB of overhead: 16 MiB */
  g_assert_cmpuint (size_of ("640x480"), ==, 16);
  /* exactly a power of two is not rounded further: 1024×768×8 = 6 MiB, + 10 = 16 */
  g_assert_cmpuint (size_of ("1024x768"), ==, 16);
  /* ultrawide 3440×1440: 37.8 + 10 MiB → 64 */
  g_assert_cmpuint (size_of ("3440x1440"), ==, 64);
  g_assert_cmpuint (size_of ("7680x4320"), ==, 512);
  /* the spellings people use */
  g_assert_cmpuint (size_of ("1920×1080"), ==, 32);
  g_assert_cmpuint (size_of ("3840X2160:HDR"), ==, 256);
  g_assert_cmpuint (size_of ("3840x2160:sdr"), ==, 128);
}

static void
test_bad (void)
{
  static const char * const bad[] = { "", "1920", "1920x", "x1080", "0x1080", "1920x1080:10bit",
                                      "-1920x1080", "1920x1080x2", "99999x1080", "1920 x 1080", NULL };

  for (guint i = 0; bad[i] != NULL; i++)
    {
      PitLookingGlassMode mode = { 7, 7, TRUE };
      g_autoptr(GError) error = NULL;

      g_test_message ("%s", bad[i]);
      g_assert_false (pit_looking_glass_parse_mode (bad[i], &mode, &error));
      g_assert_error (error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT);
      g_assert_nonnull (strstr (error->message, "1920x1080"));
      /* nothing changed */
      g_assert_cmpuint (mode.width, ==, 7);
      g_assert_true (mode.hdr);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/looking-glass/documented-table", test_documented_table);
  g_test_add_func ("/looking-glass/worked-example", test_worked_example);
  g_test_add_func ("/looking-glass/edges", test_edges);
  g_test_add_func ("/looking-glass/bad", test_bad);

  return g_test_run ();
}
