/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>

#include "pit-application.h"
#include "pit-test-support.h"

/* What F1 opens (pit_application_get_help_uri): the installed help when a
 * program handles help: URIs, the web page when none does.  Each case runs
 * in a subprocess whose XDG folders are scratch ones, with or without a
 * desktop file for x-scheme-handler/help, so the machine's own Yelp does not
 * decide the result.  No display is needed. */

#define HELP_URI "help:pitstop"
#define WEB_HELP_URI "https://github.com/pitstopvm/pitstop#readme"

static char *scratch;

static void
use_scratch_xdg (gboolean with_help_handler)
{
  g_autofree char *data_home = g_build_filename (scratch, with_help_handler ? "with" : "without", "data", NULL);
  g_autofree char *config = g_build_filename (scratch, with_help_handler ? "with" : "without", "config", NULL);
  g_autofree char *apps = g_build_filename (data_home, "applications", NULL);

  g_assert_cmpint (g_mkdir_with_parents (apps, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (config, 0700), ==, 0);
  if (with_help_handler)
    {
      g_autofree char *file = g_build_filename (apps, "org.example.HelpViewer.desktop", NULL);
      g_autoptr(GError) error = NULL;

      g_file_set_contents (file,
                           "[Desktop Entry]\n"
                           "Type=Application\n"
                           "Name=Help Viewer\n"
                           "Exec=true %u\n"
                           "MimeType=x-scheme-handler/help;\n",
                           -1, &error);
      g_assert_no_error (error);
      /* as update-desktop-database writes it when a package is installed;
       * GLib finds handlers through it */
      g_clear_pointer (&file, g_free);
      file = g_build_filename (apps, "mimeinfo.cache", NULL);
      g_file_set_contents (file,
                           "[MIME Cache]\n"
                           "x-scheme-handler/help=org.example.HelpViewer.desktop;\n",
                           -1, &error);
      g_assert_no_error (error);
    }
  /* nothing but the scratch folders: no system-wide handler, no mimeapps.list */
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_setenv ("XDG_DATA_DIRS", data_home, TRUE);
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  g_setenv ("XDG_CONFIG_DIRS", config, TRUE);
}

static void
test_help_handler_opens_help (void)
{
  if (g_test_subprocess ())
    {
      g_print ("%s", pit_application_get_help_uri ());
      return;
    }
  use_scratch_xdg (TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stdout (HELP_URI);
}

static void
test_no_help_handler_opens_web (void)
{
  if (g_test_subprocess ())
    {
      g_print ("%s", pit_application_get_help_uri ());
      return;
    }
  use_scratch_xdg (FALSE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  /* in a Flatpak (the manifest runs the tests in its build sandbox) the
   * OpenURI portal takes help: URIs whatever the sandbox sees */
  if (g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS))
    g_test_trap_assert_stdout (HELP_URI);
  else
    g_test_trap_assert_stdout (WEB_HELP_URI);
}

int
main (int    argc,
      char **argv)
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  /* the parent makes the folders; a subprocess only reads its environment */
  if (!g_test_subprocess ())
    {
      scratch = g_dir_make_tmp ("pitstop-help-XXXXXX", NULL);
      g_assert_nonnull (scratch);
    }

  g_test_add_func ("/help/handler-opens-help", test_help_handler_opens_help);
  g_test_add_func ("/help/no-handler-opens-web", test_no_help_handler_opens_web);

  ret = g_test_run ();
  if (!g_test_subprocess ())
    pit_test_remove_tree (scratch);
  g_free (scratch);
  return ret;
}
