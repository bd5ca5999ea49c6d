/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <unistd.h>

#include "pit-error.h"
#include "pit-test-support.h"
#include "pit-wizard-state.h"

/* The GPU section's ROM file on the demo's win10-gaming: it goes into the
 * GTX 1080's <hostdev> as <rom file=…/>; a relative path, a missing file,
 * an unreadable one and one that is no PCI ROM are refused with the reason
 * and change nothing; choosing another card drops it. */

static PitWizardState *
load_win10 (PitConnection *connection)
{
  g_autoptr(GError) error = NULL;
  PitWizardState *state = pit_wizard_state_new (connection, pit_connection_find_domain (connection, "win10-gaming"));

  g_assert_true (pit_wizard_state_load_sync (state, &error));
  g_assert_no_error (error);
  return state;
}

static char *
write_file (const char   *dir,
            const char   *name,
            const guchar *bytes,
            gsize         length)
{
  char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, (const char *) bytes, length, &error));
  g_assert_no_error (error);
  return path;
}

static void
count_cb (PitWizardState *state,
          guint          *count)
{
  (*count)++;
}

static void
test_rom_in_the_hostdev (void)
{
  g_autoptr(PitConnection) connection = pit_test_open_demo ();
  g_autoptr(PitWizardState) state = load_win10 (connection);
  g_autofree char *dir = g_dir_make_tmp ("pitstop-rom-XXXXXX", NULL);
  static const guchar rom[] = { 0x55, 0xaa, 0x80, 0xe9, 0x00, 0x00 };
  g_autofree char *path = write_file (dir, "gtx1080.rom", rom, sizeof rom);
  g_autofree char *element = g_strdup_printf ("<rom file=\"%s\"/>", path);
  g_autoptr(PitTuneResult) result = NULL;
  g_autoptr(GError) error = NULL;
  guint changed = 0;
  const char *hostdev;

  g_signal_connect (state, "changed", G_CALLBACK (count_cb), &changed);
  g_assert_null (pit_wizard_state_get_gpu_rom (state));
  g_assert_true (pit_wizard_state_set_gpu_rom (state, path, &error));
  g_assert_no_error (error);
  g_assert_true (pit_wizard_state_set_gpu_rom (state, path, &error));
  g_assert_cmpuint (changed, ==, 1);
  g_assert_cmpstr (pit_wizard_state_get_gpu_rom (state), ==, path);

  /* the card's <hostdev>, not its audio function's, has it */
  result = pit_wizard_state_preview (state, &error);
  g_assert_no_error (error);
  hostdev = strstr (result->after_xml, "bus=\"0x04\" slot=\"0x00\" function=\"0x0\"");
  g_assert_nonnull (hostdev);
  g_assert_nonnull (strstr (hostdev, element));
  g_assert_true (strstr (hostdev, element) < strstr (hostdev, "function=\"0x1\""));

  /* another card: the ROM was this one's */
  pit_wizard_state_set_gpus (state, (const char *[]) { "0000:00:02.0", NULL });
  g_assert_null (pit_wizard_state_get_gpu_rom (state));
  g_clear_pointer (&result, pit_tune_result_unref);
  result = pit_wizard_state_preview (state, &error);
  g_assert_no_error (error);
  g_assert_null (strstr (result->after_xml, "<rom "));

  g_assert_cmpint (g_remove (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
expect_refused (PitWizardState *state,
                const char     *path,
                int             code,
                const char     *words)
{
  g_autoptr(GError) error = NULL;
  const char *before = pit_wizard_state_get_gpu_rom (state);
  g_autofree char *kept = g_strdup (before);

  g_assert_false (pit_wizard_state_set_gpu_rom (state, path, &error));
  g_assert_error (error, PIT_ERROR, code);
  g_test_message ("%s: %s", path, error->message);
  g_assert_nonnull (strstr (error->message, words));
  g_assert_cmpstr (pit_wizard_state_get_gpu_rom (state), ==, kept);
}

static void
test_bad_rom_files (void)
{
  g_autoptr(PitConnection) connection = pit_test_open_demo ();
  g_autoptr(PitWizardState) state = load_win10 (connection);
  g_autofree char *dir = g_dir_make_tmp ("pitstop-rom-XXXXXX", NULL);
  static const guchar text[] = "#!/bin/sh\n";
  static const guchar rom[] = { 0x55, 0xaa, 0x40 };
  g_autofree char *not_rom = write_file (dir, "notes.txt", text, sizeof text - 1);
  g_autofree char *good = write_file (dir, "good.rom", rom, sizeof rom);
  g_autofree char *locked = write_file (dir, "locked.rom", rom, sizeof rom);
  g_autofree char *missing = g_build_filename (dir, "missing.rom", NULL);
  g_autoptr(GError) error = NULL;

  /* a good one first: a refusal keeps it */
  g_assert_true (pit_wizard_state_set_gpu_rom (state, good, &error));
  g_assert_no_error (error);

  expect_refused (state, "vbios/gpu.rom", PIT_ERROR_INVALID_ARGUMENT, "is not an absolute path");
  expect_refused (state, missing, PIT_ERROR_NOT_FOUND, "does not exist");
  expect_refused (state, dir, PIT_ERROR_INVALID_ARGUMENT, "is not a file");
  expect_refused (state, not_rom, PIT_ERROR_INVALID_ARGUMENT, "starts with the bytes 55 AA");
  expect_refused (state, "/run/user/1000/doc/4f2a91c0/gpu.rom", PIT_ERROR_INVALID_ARGUMENT,
                  "libvirt cannot read");
  g_assert_cmpint (g_chmod (locked, 0), ==, 0);
  if (geteuid () != 0)
    expect_refused (state, locked, PIT_ERROR_INVALID_ARGUMENT, "cannot be read");
  else
    g_test_message ("running as root: every file is readable, the unreadable case is not checked");

  /* none again */
  g_assert_true (pit_wizard_state_set_gpu_rom (state, "", &error));
  g_assert_null (pit_wizard_state_get_gpu_rom (state));

  g_remove (not_rom);
  g_remove (good);
  g_remove (locked);
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *data_home = g_dir_make_tmp ("pitstop-wizard-rom-XXXXXX", NULL);

  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/wizard-state/rom/in-the-hostdev", test_rom_in_the_hostdev);
  g_test_add_func ("/wizard-state/rom/bad-files", test_bad_rom_files);
  return g_test_run ();
}
