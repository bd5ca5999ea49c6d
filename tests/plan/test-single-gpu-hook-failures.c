/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "hook-test-tree.h"
#include "hook-test-world.h"
#include "pit-host-plan.h"
#include "pit-test-support.h"
#include "single-gpu-hook-hosts.h"

/* The single-GPU hook, run for real with /bin/sh as libvirt does, on a
 * COPY of a recorded host tree with stub commands that record their calls
 * (hook-test-world.h), with a failure injected at each step in turn: each
 * stub call, each file prepare writes, a GPU busy past the time limit, and
 * each step of release.  The display manager runs at the end every time. */

#define VM SINGLE_GPU_VM

static char *tmp;

/* The display manager runs at the end: stopped only if started again after */
static void
assert_manager_running (const SingleGpuHost *host,
                        const char          *log)
{
  g_autofree char *stop = g_strdup_printf ("systemctl stop %s\n", host->manager);
  g_autofree char *start = g_strdup_printf ("systemctl start %s\n", host->manager);
  const char *last_stop = g_strrstr (log, stop);
  const char *last_start = g_strrstr (log, start);

  if (last_stop != NULL && (last_start == NULL || last_start < last_stop))
    g_error ("%s is left stopped:\n%s", host->manager, log);
}

/* What prepare writes into the fake root: the files that differ after it,
 * byte for byte (the record aside) */
static GPtrArray *
written_files (const SingleGpuHost *host)
{
  g_autoptr(HookTestWorld) w = single_gpu_world_new (tmp, host);
  g_autoptr(GHashTable) before = hook_test_tree_snapshot (w->root, HOOK_TEST_TREE_BYTES);
  g_autoptr(GHashTable) after = NULL;
  g_autofree char *err = NULL;
  GPtrArray *files = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter iter;
  gpointer key, value;

  g_assert_cmpint (hook_test_world_run (w, VM, "prepare", "begin", NULL, 0, &err), ==, 0);
  after = hook_test_tree_snapshot (w->root, HOOK_TEST_TREE_BYTES);
  g_hash_table_iter_init (&iter, after);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const char *was = g_hash_table_lookup (before, key);

      if (was != NULL && !g_str_equal (was, value) && g_str_has_prefix (value, "file "))
        g_ptr_array_add (files, g_strdup (key));
    }
  g_ptr_array_sort (files, (GCompareFunc) g_strcmp0);
  return files;
}

/* Each stub call of a good prepare fails in turn, every file the hook
 * writes fails in turn, and the GPU stays busy past the time limit: the
 * fake root is as before, the display manager runs, the exit is non-zero */
static void
test_failures (gconstpointer data)
{
  const SingleGpuHost *host = data;
  g_autoptr(HookTestWorld) good = single_gpu_world_new (tmp, host);
  g_autoptr(HookTestWorld) w = NULL;
  g_autoptr(GPtrArray) files = written_files (host);
  g_autoptr(GHashTable) before = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_auto(GStrv) lines = NULL;
  g_autofree char *err = NULL;
  g_autofree char *good_log = NULL;
  guint injected = 0;

  g_assert_cmpint (hook_test_world_run (good, VM, "prepare", "begin", NULL, 0, &err), ==, 0);
  good_log = hook_test_world_calls (good);
  g_clear_pointer (&good, hook_test_world_free);

  /* One copy of the tree for all: each failed run must leave it as it was,
   * which is what is checked after each */
  w = single_gpu_world_new (tmp, host);
  before = hook_test_tree_snapshot (w->root, HOOK_TEST_TREE_AS_SHOWN);
  lines = g_strsplit (good_log, "\n", -1);
  for (guint l = 0; lines[l] != NULL && *lines[l] != '\0'; l++)
    {
      g_autofree char *name = g_strndup (lines[l], strcspn (lines[l], " "));
      g_autofree char *fail = NULL;
      g_autofree char *log = NULL;
      guint *n = g_hash_table_lookup (seen, name);

      if (n == NULL)
        {
          n = g_new0 (guint, 1);
          g_hash_table_insert (seen, g_strdup (name), n);
        }
      (*n)++;
      /* fuser "fails" by saying busy (below); the last journal line is no step */
      if (g_str_equal (name, "fuser") || strstr (lines[l], "prepare: done") != NULL)
        continue;
      fail = g_strdup_printf ("%s:%u", name, *n);
      g_assert_cmpint (hook_test_world_run (w, VM, "prepare", "begin", fail, 0, &err), !=, 0);
      g_assert_nonnull (strstr (err, "could not free the GPU"));
      log = hook_test_world_calls (w);
      assert_manager_running (host, log);
      hook_test_tree_assert_same (before, w->root, HOOK_TEST_TREE_AS_SHOWN, fail);
      injected++;
    }

  /* sysfs: a folder in place of the file makes the write fail (as root too) */
  g_assert_cmpuint (files->len, >=, 4);
  for (guint f = 0; f < files->len; f++)
    {
      const char *file = g_ptr_array_index (files, f);
      g_autofree char *path = g_build_filename (w->root, file, NULL);
      g_autofree char *saved = NULL;
      g_autofree char *log = NULL;

      g_assert_true (g_file_get_contents (path, &saved, NULL, NULL));
      g_assert_cmpint (g_remove (path), ==, 0);
      g_assert_cmpint (g_mkdir (path, 0755), ==, 0);
      g_assert_cmpint (hook_test_world_run (w, VM, "prepare", "begin", NULL, 0, &err), !=, 0);
      g_assert_cmpint (g_rmdir (path), ==, 0);
      g_assert_true (g_file_set_contents (path, saved, -1, NULL));
      log = hook_test_world_calls (w);
      assert_manager_running (host, log);
      hook_test_tree_assert_same (before, w->root, HOOK_TEST_TREE_AS_SHOWN, file);
      injected++;
    }

  /* busy past the time limit: 30 waits of a second, then the way back */
  {
    g_autofree char *log = NULL;

    g_assert_cmpint (hook_test_world_run (w, VM, "prepare", "begin", NULL, 1000, &err), !=, 0);
    log = hook_test_world_calls (w);
    g_assert_cmpuint (hook_test_count_calls (log, "sleep"), ==, 30);
    g_assert_cmpuint (hook_test_count_calls (log, "fuser"), ==, 31);
    g_assert_cmpuint (hook_test_count_calls (log, "modprobe"), ==, 0);
    g_assert_nonnull (strstr (log, "still in use after 30 seconds"));
    assert_manager_running (host, log);
    hook_test_tree_assert_same (before, w->root, HOOK_TEST_TREE_AS_SHOWN, "busy");
    injected++;
  }

  /* sleep itself failing while waiting */
  for (guint i = 1; i <= 2; i++)
    {
      g_autofree char *fail = g_strdup_printf ("sleep:%u", i);
      g_autofree char *log = NULL;

      g_assert_cmpint (hook_test_world_run (w, VM, "prepare", "begin", fail, 2, &err), !=, 0);
      log = hook_test_world_calls (w);
      assert_manager_running (host, log);
      hook_test_tree_assert_same (before, w->root, HOOK_TEST_TREE_AS_SHOWN, fail);
      injected++;
    }
  /* busy twice, then free: the hook waits and goes on */
  {
    g_autofree char *log = NULL;

    g_assert_cmpint (hook_test_world_run (w, VM, "prepare", "begin", NULL, 2, &err), ==, 0);
    log = hook_test_world_calls (w);
    g_assert_cmpuint (hook_test_count_calls (log, "sleep"), ==, 2);
  }
  g_test_message ("%s: %u failures injected", host->tree, injected);
}

/* A release whose step fails goes on with the others, starts the display
 * manager, exits non-zero and keeps what failed; the next release finishes */
static void
test_release_failures (gconstpointer data)
{
  const SingleGpuHost *host = data;
  g_autoptr(HookTestWorld) w = single_gpu_world_new (tmp, host);
  g_autoptr(GHashTable) original = hook_test_tree_snapshot (w->root, HOOK_TEST_TREE_AS_SHOWN);
  g_autofree char *err = NULL;
  g_autofree char *release_log = NULL;

  g_assert_cmpint (hook_test_world_run (w, VM, "prepare", "begin", NULL, 0, &err), ==, 0);
  g_assert_cmpint (hook_test_world_run (w, VM, "release", "end", NULL, 0, &err), ==, 0);
  release_log = hook_test_world_calls (w);

  for (guint s = 0; hook_test_stubs[s] != NULL; s++)
    {
      guint n = hook_test_count_calls (release_log, hook_test_stubs[s]);

      if (g_str_equal (hook_test_stubs[s], "logger"))
        continue;  /* release logs to standard error when the journal fails */
      /* one copy of the tree for all: each round ends as it began (checked) */
      for (guint i = 1; i <= n; i++)
        {
          g_autofree char *fail = g_strdup_printf ("%s:%u", hook_test_stubs[s], i);
          g_autofree char *log = NULL;
          g_autofree char *record = NULL;
          g_autofree char *last = NULL;
          g_autofree char *start = g_strdup_printf ("systemctl start %s\n", host->manager);

          g_assert_cmpint (hook_test_world_run (w, VM, "prepare", "begin", NULL, 0, &err), ==, 0);
          g_assert_cmpint (hook_test_world_run (w, VM, "release", "end", fail, 0, &err), !=, 0);
          log = hook_test_world_calls (w);
          /* every step was tried: the display manager came last */
          last = hook_test_last_command (log);
          g_assert_cmpstr (last, ==, start);
          record = hook_test_world_read (w, "run/pitstop-single-gpu/" VM);
          g_assert_nonnull (record);
          g_assert_cmpuint (strlen (record), >, 0);
          g_assert_null (strchr (record, '\n') != NULL ? strchr (strchr (record, '\n') + 1, '\n') : NULL);
          g_assert_cmpint (hook_test_world_run (w, VM, "release", "end", NULL, 0, &err), ==, 0);
          hook_test_tree_assert_same (original, w->root, HOOK_TEST_TREE_AS_SHOWN, fail);
        }
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  tmp = hook_test_scratch_new ("pitstop-single-gpu-failures-XXXXXX");

  single_gpu_add_tests ("failures", test_failures, FALSE);
  single_gpu_add_tests ("release-failures", test_release_failures, FALSE);

  return hook_test_run_tests (tmp);
}
