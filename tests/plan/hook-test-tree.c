/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include "hook-test-tree.h"

static gboolean
is_trigger (const char *relative)
{
  g_autofree char *base = g_path_get_basename (relative);

  if (g_str_equal (base, "unbind") || g_str_equal (base, "new_id") || g_str_equal (base, "remove_id")
      || g_str_equal (base, "drivers_probe"))
    return TRUE;
  return g_str_equal (base, "bind") && strstr (relative, "/drivers/") != NULL;
}

static void
snapshot_dir (const char       *root,
              const char       *relative,
              HookTestTreeView  view,
              GHashTable       *out)
{
  g_autofree char *full = g_build_filename (root, relative, NULL);
  g_autoptr(GDir) dir = g_dir_open (full, 0, NULL);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *rel = *relative != '\0' ? g_build_filename (relative, name, NULL) : g_strdup (name);
      g_autofree char *path = g_build_filename (root, rel, NULL);
      struct stat st;
      char *value;

      g_assert_cmpint (lstat (path, &st), ==, 0);
      if (S_ISLNK (st.st_mode))
        {
          g_autofree char *target = g_file_read_link (path, NULL);

          value = g_strconcat ("link ", target, NULL);
        }
      else if (S_ISDIR (st.st_mode))
        {
          value = g_strdup ("dir");
          snapshot_dir (root, rel, view, out);
        }
      else
        {
          g_autofree char *contents = NULL;

          g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
          if (view == HOOK_TEST_TREE_BYTES)
            value = g_strconcat ("file ", contents, NULL);
          else if (is_trigger (rel))
            value = g_strdup ("trigger");
          else if (g_str_has_suffix (rel, "/driver_override") && g_str_equal (contents, "\n"))
            value = g_strdup ("file (null)\n");
          else
            value = g_strconcat ("file ", contents, NULL);
        }
      g_hash_table_insert (out, g_steal_pointer (&rel), value);
    }
}

/* The tree under @root, seen as @view says */
GHashTable *
hook_test_tree_snapshot (const char       *root,
                         HookTestTreeView  view)
{
  GHashTable *table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  snapshot_dir (root, "", view, table);
  return table;
}

/* What differs, one path a line ("" when nothing) */
char *
hook_test_tree_differences (GHashTable *before,
                            GHashTable *after)
{
  GString *out = g_string_new (NULL);
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, before);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const char *now = g_hash_table_lookup (after, key);

      if (now == NULL)
        g_string_append_printf (out, "gone: %s\n", (char *) key);
      else if (!g_str_equal (now, value))
        g_string_append_printf (out, "changed: %s: %s -> %s\n", (char *) key, (char *) value, now);
    }
  g_hash_table_iter_init (&iter, after);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!g_hash_table_contains (before, key))
      g_string_append_printf (out, "new: %s\n", (char *) key);
  return g_string_free (out, FALSE);
}

/* The tree under @root is still @before (taken with the same @view) */
void
hook_test_tree_assert_same (GHashTable       *before,
                            const char       *root,
                            HookTestTreeView  view,
                            const char       *what)
{
  g_autoptr(GHashTable) now = hook_test_tree_snapshot (root, view);
  g_autofree char *diff = hook_test_tree_differences (before, now);

  if (*diff != '\0')
    g_error ("%s: the fake root changed:\n%s", what, diff);
}
