/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>

#include "pit-fuzz.h"
#include "pit-host-cpu-topology.h"
#include "pit-host-reader.h"

/* The host CPU topology probe on arbitrary sysfs/procfs contents (a broken
 * kernel, a recorded tree, a container's half-mounted /sys).  An input is a
 * small archive of files:
 *
 *   == sys/devices/system/cpu/online
 *   0-3
 *   == sys/devices/system/cpu/cpu0/topology/core_id
 *   0
 *
 * written under a scratch root for each run.  Only paths the probe reads
 * are written (sys/devices/…, proc/cpuinfo; no "..").  The seeds are the
 * real trees of ../shared/corpus/host-cpu, turned into archives into the
 * fuzzer's own corpus folder at start-up (PITSTOP_FUZZ_SEED_DIR). */

static char *root;

static gboolean
path_allowed (const char *path)
{
  if (*path == '\0' || strstr (path, "..") != NULL || strstr (path, "//") != NULL
      || path[strlen (path) - 1] == '/')
    return FALSE;
  if (!g_str_has_prefix (path, "sys/devices/") && g_strcmp0 (path, "proc/cpuinfo") != 0)
    return FALSE;
  for (const char *p = path; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '_' && *p != '/' && *p != '-' && *p != '.')
      return FALSE;
  return strlen (path) < 200;
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

static void
archive_add_tree (GString    *archive,
                  const char *base,
                  const char *relative)
{
  g_autofree char *path = g_build_filename (base, relative, NULL);
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *child = g_build_filename (relative, names->pdata[i], NULL);
      g_autofree char *full = g_build_filename (base, child, NULL);
      g_autofree char *contents = NULL;

      if (g_file_test (full, G_FILE_TEST_IS_DIR))
        archive_add_tree (archive, base, child);
      else if (path_allowed (child) && g_file_get_contents (full, &contents, NULL, NULL))
        g_string_append_printf (archive, "== %s\n%s%s", child, contents,
                                g_str_has_suffix (contents, "\n") ? "" : "\n");
    }
}

/* ../shared/corpus/host-cpu/NAME/{sys,cpuinfo} → SEED_DIR/host-cpu-NAME */
static void
write_seeds (void)
{
  const char *corpus = g_getenv ("PITSTOP_CORPUS_DIR");
  const char *seed_dir = g_getenv ("PITSTOP_FUZZ_SEED_DIR");
  g_autofree char *hosts = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (corpus == NULL || seed_dir == NULL)
    return;
  hosts = g_build_filename (corpus, "host-cpu", NULL);
  dir = g_dir_open (hosts, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *base = g_build_filename (hosts, name, NULL);
      g_autofree char *cpuinfo_path = g_build_filename (base, "cpuinfo", NULL);
      g_autofree char *cpuinfo = NULL;
      g_autofree char *file = g_strconcat ("host-cpu-", name, NULL);
      g_autofree char *out = g_build_filename (seed_dir, file, NULL);
      g_autoptr(GString) archive = g_string_new (NULL);

      archive_add_tree (archive, base, "sys");
      if (g_file_get_contents (cpuinfo_path, &cpuinfo, NULL, NULL))
        g_string_append_printf (archive, "== proc/cpuinfo\n%s", cpuinfo);
      g_file_set_contents (out, archive->str, archive->len, NULL);
    }
}

static void
remove_root (void)
{
  remove_tree (root);
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  pit_fuzz_init ();
  root = pit_fuzz_scratch_dir ("sysfs");
  atexit (remove_root);
  write_seeds ();

  return 0;
}

static void
unpack (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  g_autoptr(GString) contents = g_string_new (NULL);
  g_autofree char *current = NULL;

  for (guint i = 0;; i++)
    {
      if (lines[i] == NULL || g_str_has_prefix (lines[i], "== "))
        {
          if (current != NULL)
            {
              g_autofree char *path = g_build_filename (root, current, NULL);
              g_autofree char *parent = g_path_get_dirname (path);

              if (g_mkdir_with_parents (parent, 0755) == 0)
                g_file_set_contents (path, contents->str, contents->len, NULL);
            }
          if (lines[i] == NULL)
            break;
          g_clear_pointer (&current, g_free);
          g_string_truncate (contents, 0);
          if (path_allowed (lines[i] + 3))
            current = g_strdup (lines[i] + 3);
          continue;
        }
      g_string_append (contents, lines[i]);
      g_string_append_c (contents, '\n');
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = pit_fuzz_string (data, size);
  g_autoptr(PitHostReader) reader = NULL;
  g_autoptr(PitHostCpuTopology) topology = NULL;
  GPtrArray *problems;

  remove_tree (root);
  g_mkdir_with_parents (root, 0700);
  unpack (text);

  reader = pit_host_reader_new (root);
  topology = pit_host_cpu_topology_probe (reader);
  g_assert_nonnull (topology);
  g_assert_nonnull (topology->cpus);

  for (guint i = 0; i < topology->cpus->len; i++)
    {
      PitHostCpu *cpu = g_ptr_array_index (topology->cpus, i);

      if (i > 0)
        g_assert_cmpuint (((PitHostCpu *) g_ptr_array_index (topology->cpus, i - 1))->id, <, cpu->id);
      g_assert_true (pit_host_cpu_topology_get_cpu (topology, cpu->id) == cpu);
      for (guint j = 1; cpu->siblings != NULL && j < cpu->siblings->len; j++)
        g_assert_cmpuint (g_array_index (cpu->siblings, guint, j - 1), <,
                          g_array_index (cpu->siblings, guint, j));
    }
  g_assert_cmpuint (pit_host_cpu_topology_get_n_online (topology), <=, topology->cpus->len);

  problems = pit_host_reader_get_problems (reader);
  for (guint i = 0; problems != NULL && i < problems->len; i++)
    g_assert_nonnull (g_ptr_array_index (problems, i));

  return 0;
}
