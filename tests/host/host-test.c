/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "host-test.h"

char *
host_test_tree (const char *name)
{
  return pit_test_fixture_path ("hosts", name, NULL);
}

PitHostInventory *
host_test_probe (const char        *root,
                 const char *const *storage)
{
  PitHostProbeOptions options = { root, NULL, storage };
  g_autoptr(GError) error = NULL;
  PitHostInventory *inventory = pit_host_inventory_probe (&options, &error);

  g_assert_no_error (error);
  g_assert_nonnull (inventory);
  return inventory;
}

PitHostInventory *
host_test_probe_tree (const char        *name,
                      const char *const *storage)
{
  g_autofree char *root = host_test_tree (name);

  return host_test_probe (root, storage);
}

gboolean
host_test_has_problem (PitHostInventory *inventory,
                       const char       *text)
{
  GPtrArray *problems = pit_host_inventory_get_problems (inventory);

  for (guint i = 0; i < problems->len; i++)
    if (strstr (problems->pdata[i], text) != NULL)
      return TRUE;
  return FALSE;
}

static void
run (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) proc = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_NONE, &error);

  g_assert_no_error (error);
  g_subprocess_wait_check (proc, NULL, &error);
  g_assert_no_error (error);
}

char *
host_test_copy_tree (const char *root)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("pitstop-host-XXXXXX", &error);
  g_autofree char *source = g_strconcat (root, "/.", NULL);
  char *copy;

  g_assert_no_error (error);
  copy = g_build_filename (dir, "root", NULL);
  {
    const char *argv[] = { "cp", "-a", source, copy, NULL };

    g_assert_cmpint (g_mkdir (copy, 0755), ==, 0);
    run (argv);
  }
  return copy;
}

/* Removes a folder made by g_dir_make_tmp ("pitstop-…" directly in the
 * temporary folder), refusing anything else. */
void
host_test_remove_dir (const char *dir)
{
  g_autofree char *parent = g_path_get_dirname (dir);
  g_autofree char *base = g_path_get_basename (dir);
  g_autofree char *tmp = g_canonicalize_filename (g_get_tmp_dir (), NULL);
  g_autofree char *canonical_parent = g_canonicalize_filename (parent, NULL);
  const char *argv[] = { "rm", "-rf", dir, NULL };

  g_assert_cmpstr (canonical_parent, ==, tmp);
  g_assert_true (g_str_has_prefix (base, "pitstop-") && strlen (base) > strlen ("pitstop-"));
  run (argv);
}

/* Removes a copy made by host_test_copy_tree (TMP/pitstop-host-XXXXXX/root). */
void
host_test_remove_tree (const char *root)
{
  g_autofree char *base = g_path_get_basename (root);
  g_autofree char *parent = g_path_get_dirname (root);

  g_assert_cmpstr (base, ==, "root");
  host_test_remove_dir (parent);
}

void
host_test_write (const char *root,
                 const char *path,
                 const char *contents,
                 gssize      length)
{
  g_autofree char *full = g_build_filename (root, path, NULL);
  g_autofree char *dir = g_path_get_dirname (full);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_unlink (full);
  g_file_set_contents (full, contents, length, &error);
  g_assert_no_error (error);
}
