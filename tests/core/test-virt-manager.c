/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>

#include "pit-error.h"
#include "pit-virt-manager.h"

/* virt-manager's saved connections come from its GSettings schema: the real
 * one (a copy of the installed file) when virt-manager is installed here, else
 * a minimal schema with the same id and key, compiled into a temporary folder
 * that $GSETTINGS_SCHEMA_DIR points at.  GSETTINGS_BACKEND=memory (tests/
 * meson.build) keeps the user's own settings out of it. */

#define INSTALLED_SCHEMA "/usr/share/glib-2.0/schemas/org.virt-manager.virt-manager.gschema.xml"

#define MINIMAL_SCHEMA \
  "<schemalist>\n" \
  "  <schema id=\"org.virt-manager.virt-manager.connections\"\n" \
  "          path=\"/org/virt-manager/virt-manager/connections/\">\n" \
  "    <key name=\"uris\" type=\"as\"><default>[]</default></key>\n" \
  "    <key name=\"autoconnect\" type=\"as\"><default>[]</default></key>\n" \
  "  </schema>\n" \
  "</schemalist>\n"

static char *tmp_dir;

static char *
compile_schema_dir (const char *name,
                    const char *file_name,
                    const char *contents)
{
  g_autofree char *dir = g_build_filename (tmp_dir, name, NULL);
  g_autofree char *path = g_build_filename (dir, file_name, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  int status = 0;
  const char *argv[] = { "glib-compile-schemas", "--strict", dir, NULL };

  g_assert_no_errno (g_mkdir_with_parents (dir, 0700));
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                NULL, NULL, NULL, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("glib-compile-schemas %s failed: %s", dir, err);

  return g_steal_pointer (&dir);
}

static GSettingsSchemaSource *
source_from_dir (const char *dir)
{
  g_autoptr(GError) error = NULL;
  GSettingsSchemaSource *source = g_settings_schema_source_new_from_directory (dir, NULL, TRUE, &error);

  g_assert_no_error (error);
  return source;
}

static GSettings *
connections_settings (void)
{
  g_autoptr(GSettingsSchema) schema =
    g_settings_schema_source_lookup (g_settings_schema_source_get_default (),
                                     PIT_VIRT_MANAGER_CONNECTIONS_SCHEMA, TRUE);

  g_assert_nonnull (schema);
  return g_settings_new_full (schema, NULL, NULL);
}

static void
test_saved_uris_listed (void)
{
  g_autoptr(GSettings) settings = connections_settings ();
  const char *saved[] = { "qemu:///system", "", "qemu+ssh://root@gamebox/system",
                          "qemu:///system", "  test:///default ", NULL };
  const char *expected[] = { "qemu:///system", "qemu+ssh://root@gamebox/system",
                             "test:///default", NULL };
  g_auto(GStrv) uris = NULL;

  g_assert_true (g_settings_set_strv (settings, "uris", saved));
  uris = pit_virt_manager_dup_saved_uris ();
  g_assert_cmpstrv (uris, expected);
  g_settings_reset (settings, "uris");
}

static void
test_saved_uris_none (void)
{
  g_autoptr(GSettings) settings = connections_settings ();
  g_auto(GStrv) uris = NULL;

  g_settings_reset (settings, "uris");
  uris = pit_virt_manager_dup_saved_uris ();
  g_assert_nonnull (uris);
  g_assert_cmpuint (g_strv_length (uris), ==, 0);
}

static void
test_saved_uris_schema_absent (void)
{
  /* a schema folder without virt-manager's (virt-manager not installed) */
  g_autofree char *dir = compile_schema_dir ("other", "org.example.Other.gschema.xml",
                                             "<schemalist><schema id=\"org.example.Other\""
                                             " path=\"/org/example/Other/\">"
                                             "<key name=\"uris\" type=\"as\"><default>['qemu:///x']</default></key>"
                                             "</schema></schemalist>");
  g_autoptr(GSettingsSchemaSource) source = source_from_dir (dir);
  g_auto(GStrv) uris = pit_virt_manager_dup_saved_uris_from_source (source);

  g_assert_nonnull (uris);
  g_assert_cmpuint (g_strv_length (uris), ==, 0);
}

static void
test_saved_uris_unexpected_schema (void)
{
  /* a future virt-manager that renamed the key, and one that changed its type */
  g_autofree char *no_key = compile_schema_dir ("no-key", "org.virt-manager.virt-manager.gschema.xml",
                                                "<schemalist><schema id=\"org.virt-manager.virt-manager.connections\""
                                                " path=\"/org/virt-manager/virt-manager/connections/\">"
                                                "<key name=\"saved\" type=\"as\"><default>['qemu:///system']</default></key>"
                                                "</schema></schemalist>");
  g_autofree char *wrong_type = compile_schema_dir ("wrong-type", "org.virt-manager.virt-manager.gschema.xml",
                                                    "<schemalist><schema id=\"org.virt-manager.virt-manager.connections\""
                                                    " path=\"/org/virt-manager/virt-manager/connections/\">"
                                                    "<key name=\"uris\" type=\"s\"><default>'qemu:///system'</default></key>"
                                                    "</schema></schemalist>");
  g_autoptr(GSettingsSchemaSource) source1 = source_from_dir (no_key);
  g_autoptr(GSettingsSchemaSource) source2 = source_from_dir (wrong_type);
  g_auto(GStrv) uris1 = pit_virt_manager_dup_saved_uris_from_source (source1);
  g_auto(GStrv) uris2 = pit_virt_manager_dup_saved_uris_from_source (source2);

  g_assert_cmpuint (g_strv_length (uris1), ==, 0);
  g_assert_cmpuint (g_strv_length (uris2), ==, 0);
}

static void
test_argv_views (void)
{
  const char *console[] = { "/usr/bin/virt-manager", "--connect", "qemu:///system",
                            "--show-domain-console=win10-gaming", NULL };
  const char *details[] = { "/usr/bin/virt-manager", "--connect", "qemu+ssh://root@gamebox/system",
                            "--show-domain-editor=-odd name; $(id)", NULL };
  const char *manager[] = { "/usr/bin/virt-manager", "--connect", "test:///default", NULL };
  g_auto(GStrv) a = NULL;
  g_auto(GStrv) b = NULL;
  g_auto(GStrv) c = NULL;
  g_autoptr(GError) error = NULL;

  a = pit_virt_manager_build_argv ("/usr/bin/virt-manager", "qemu:///system", "win10-gaming",
                                   PIT_VIRT_MANAGER_VIEW_CONSOLE, &error);
  g_assert_no_error (error);
  g_assert_cmpstrv (a, console);

  b = pit_virt_manager_build_argv ("/usr/bin/virt-manager", "qemu+ssh://root@gamebox/system",
                                   "-odd name; $(id)", PIT_VIRT_MANAGER_VIEW_DETAILS, &error);
  g_assert_no_error (error);
  g_assert_cmpstrv (b, details);

  c = pit_virt_manager_build_argv ("/usr/bin/virt-manager", "test:///default", "ignored",
                                   PIT_VIRT_MANAGER_VIEW_MANAGER, &error);
  g_assert_no_error (error);
  g_assert_cmpstrv (c, manager);
}

static void
test_argv_invalid (void)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) argv = NULL;

  argv = pit_virt_manager_build_argv ("virt-manager", "", "vm", PIT_VIRT_MANAGER_VIEW_CONSOLE, &error);
  g_assert_null (argv);
  g_assert_error (error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  argv = pit_virt_manager_build_argv ("virt-manager", "gamebox", "vm", PIT_VIRT_MANAGER_VIEW_CONSOLE, &error);
  g_assert_null (argv);
  g_assert_error (error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "gamebox"));
  g_clear_error (&error);

  argv = pit_virt_manager_build_argv ("virt-manager", "qemu:///system", NULL,
                                      PIT_VIRT_MANAGER_VIEW_DETAILS, &error);
  g_assert_null (argv);
  g_assert_error (error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT);
}

static void
test_real_options (void)
{
  /* The options we pass exist in the virt-manager installed here. */
  g_autofree char *program = g_find_program_in_path ("virt-manager");
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;

  if (program == NULL)
    {
      g_test_skip ("virt-manager is not installed");
      return;
    }
  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                              &error, program, "--help", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (out, "--connect URI"));
  g_assert_nonnull (strstr (out, "--show-domain-console NAME"));
  g_assert_nonnull (strstr (out, "--show-domain-editor NAME"));
}

/* $PITSTOP_VIRT_MANAGER names tmp_dir/fake-virt-manager from the start (no
 * setenv once GLib has threads); the file is only written by the second test. */
static void
test_launch_not_installed (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) process = NULL;

  g_assert_false (pit_virt_manager_is_available ());
  process = pit_virt_manager_launch ("qemu:///system", "vm", PIT_VIRT_MANAGER_VIEW_CONSOLE, &error);
  g_assert_null (process);
  g_assert_error (error, PIT_ERROR, PIT_ERROR_NOT_FOUND);
}

static void
test_launch_argument_vector (void)
{
  g_autofree char *fake = g_build_filename (tmp_dir, "fake-virt-manager", NULL);
  g_autofree char *record = g_build_filename (tmp_dir, "argv.txt", NULL);
  g_autofree char *script = g_strdup_printf ("#!/bin/sh\nprintf '%%s\\n' \"$@\" > '%s'\n", record);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *recorded = NULL;
  const char *name = "win10 \"gaming\"; touch pwned $(id) `id` *";
  g_autofree char *expected = g_strdup_printf ("--connect\nqemu:///system\n--show-domain-console=%s\n", name);
  g_autofree char *pwned = g_build_filename (tmp_dir, "pwned", NULL);

  g_file_set_contents (fake, script, -1, &error);
  g_assert_no_error (error);
  g_assert_no_errno (g_chmod (fake, 0755));

  g_assert_true (pit_virt_manager_is_available ());
  process = pit_virt_manager_launch ("qemu:///system", name, PIT_VIRT_MANAGER_VIEW_CONSOLE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (process);
  g_subprocess_wait_check (process, NULL, &error);
  g_assert_no_error (error);

  g_file_get_contents (record, &recorded, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (recorded, ==, expected);
  g_assert_false (g_file_test (pwned, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test ("pwned", G_FILE_TEST_EXISTS));
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *schema_xml = NULL;
  g_autofree char *schema_dir = NULL;
  g_autofree char *fake = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);

  tmp_dir = g_dir_make_tmp ("pitstop-virt-manager-XXXXXX", NULL);
  g_assert_nonnull (tmp_dir);
  if (!g_file_get_contents (INSTALLED_SCHEMA, &schema_xml, NULL, NULL))
    schema_xml = g_strdup (MINIMAL_SCHEMA);
  schema_dir = compile_schema_dir ("schemas", "org.virt-manager.virt-manager.gschema.xml", schema_xml);
  /* before the first GSettings call, which fixes the default source */
  g_setenv ("GSETTINGS_SCHEMA_DIR", schema_dir, TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  fake = g_build_filename (tmp_dir, "fake-virt-manager", NULL);
  g_setenv ("PITSTOP_VIRT_MANAGER", fake, TRUE);

  g_test_add_func ("/virt-manager/saved-uris/listed", test_saved_uris_listed);
  g_test_add_func ("/virt-manager/saved-uris/none", test_saved_uris_none);
  g_test_add_func ("/virt-manager/saved-uris/schema-absent", test_saved_uris_schema_absent);
  g_test_add_func ("/virt-manager/saved-uris/unexpected-schema", test_saved_uris_unexpected_schema);
  g_test_add_func ("/virt-manager/argv/views", test_argv_views);
  g_test_add_func ("/virt-manager/argv/invalid", test_argv_invalid);
  g_test_add_func ("/virt-manager/argv/real-options", test_real_options);
  g_test_add_func ("/virt-manager/launch/not-installed", test_launch_not_installed);
  g_test_add_func ("/virt-manager/launch/argument-vector", test_launch_argument_vector);

  ret = g_test_run ();
  remove_tree (tmp_dir);
  g_free (tmp_dir);
  return ret;
}
