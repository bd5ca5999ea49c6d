/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "pit-test-support.h"
#include "plan-test-hosts.h"

/* The libvirt hook Pitstop writes, run for real with /bin/sh against files
 * standing in for the kernel's hugepage pool: pages come when a VM that
 * uses hugepages starts and go when it stops, and nothing else moves. */

#define HUGEPAGES_XML "<domain><memoryBacking><hugepages/></memoryBacking></domain>"

static char *tmp;

static char *
tmp_path (const char *name)
{
  return g_build_filename (tmp, name, NULL);
}

static char *
replace (const char *text,
         const char *from,
         const char *to)
{
  g_auto(GStrv) parts = g_strsplit (text, from, -1);

  g_assert_cmpuint (g_strv_length (parts), >=, 2);
  return g_strjoinv (to, parts);
}

/* The story's hook with the kernel's files moved into the test folder */
static char *
write_hook (void)
{
  guint n;
  const PlanTestHost *story = &plan_test_hosts (&n)[0];
  g_autoptr(PitHostPlan) plan = plan_test_plan (story, story->facts (), TRUE);
  g_autofree char *text = pit_host_plan_render (plan, PIT_HOST_PLAN_TARGET_LIBVIRT_HOOK, NULL);
  g_autofree char *pool = tmp_path ("nr_hugepages");
  g_autofree char *compact = tmp_path ("compact_memory");
  g_autofree char *run = tmp_path ("run");
  g_autofree char *a = replace (text, "/sys/kernel/mm/hugepages/hugepages-1048576kB/nr_hugepages", pool);
  g_autofree char *b = replace (a, "/proc/sys/vm/compact_memory", compact);
  g_autofree char *c = replace (b, "/run/pitstop-hugepages", run);
  char *hook = tmp_path ("pitstop-hugepages");
  g_autoptr(GError) error = NULL;

  g_assert_true (g_str_has_prefix (text, "#!/bin/sh\n"));
  g_assert_true (g_file_set_contents (hook, c, -1, &error));
  g_assert_no_error (error);
  return hook;
}

/* libvirt's call: hook NAME OPERATION SUB-OPERATION EXTRA, the XML on stdin */
static int
run_hook (const char *hook,
          const char *vm,
          const char *operation,
          const char *xml,
          char      **err)
{
  const char *argv[] = { "/bin/sh", hook, vm, operation, "begin", "-", NULL };
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;

  proc = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE
                                  | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, xml, NULL, NULL, err, &error);
  g_assert_no_error (error);
  return g_subprocess_get_exit_status (proc);
}

static guint
pool_pages (void)
{
  g_autofree char *path = tmp_path ("nr_hugepages");
  g_autofree char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  return (guint) g_ascii_strtoull (text, NULL, 10);
}

static void
test_hook_lifecycle (void)
{
  g_autofree char *hook = write_hook ();
  g_autofree char *pool = tmp_path ("nr_hugepages");
  g_autofree char *compact = tmp_path ("compact_memory");
  g_autofree char *mark = tmp_path ("run/win10");
  g_autofree char *err = NULL;

  if (!g_file_test ("/bin/sh", G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("no /bin/sh");
      return;
    }
  g_assert_true (g_file_set_contents (pool, "2\n", -1, NULL));

  /* a VM with hugepages starts: 24 more pages, memory compacted first */
  g_assert_cmpint (run_hook (hook, "win10", "prepare", HUGEPAGES_XML, &err), ==, 0);
  g_assert_cmpstr (err, ==, "");
  g_assert_cmpuint (pool_pages (), ==, 26);
  g_assert_true (g_file_test (compact, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (mark, G_FILE_TEST_EXISTS));

  /* a VM without hugepages changes nothing */
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_hook (hook, "fedora-server", "prepare", "<domain/>", &err), ==, 0);
  g_assert_cmpint (run_hook (hook, "fedora-server", "release", "<domain/>", &err), ==, 0);
  g_assert_cmpuint (pool_pages (), ==, 26);

  /* a VM whose start failed before it got pages frees nothing */
  g_assert_cmpint (run_hook (hook, "ubuntu-dev", "release", HUGEPAGES_XML, &err), ==, 0);
  g_assert_cmpuint (pool_pages (), ==, 26);

  /* other operations leave the pool alone */
  g_assert_cmpint (run_hook (hook, "win10", "started", HUGEPAGES_XML, &err), ==, 0);
  g_assert_cmpuint (pool_pages (), ==, 26);

  /* the VM stops: its pages go back, once */
  g_assert_cmpint (run_hook (hook, "win10", "release", HUGEPAGES_XML, &err), ==, 0);
  g_assert_cmpuint (pool_pages (), ==, 2);
  g_assert_false (g_file_test (mark, G_FILE_TEST_EXISTS));
  g_assert_cmpint (run_hook (hook, "win10", "release", HUGEPAGES_XML, &err), ==, 0);
  g_assert_cmpuint (pool_pages (), ==, 2);
}

/* When the kernel gives fewer pages than asked, the hook gives them back
 * and stops the VM from starting with a message.  A read-only pool file
 * stands in for a kernel that reserves nothing. */
static void
test_hook_short (void)
{
  g_autofree char *hook = write_hook ();
  g_autofree char *pool = tmp_path ("nr_hugepages");
  g_autofree char *mark = tmp_path ("run/win10");
  g_autofree char *err = NULL;

  if (getuid () == 0)
    {
      /* root writes read-only files: stand in with a folder, which no
       * echo can write */
      g_remove (pool);
      g_assert_cmpint (g_mkdir (pool, 0755), ==, 0);
      g_assert_cmpint (run_hook (hook, "win10", "prepare", HUGEPAGES_XML, &err), !=, 0);
      g_assert_false (g_file_test (mark, G_FILE_TEST_EXISTS));
      g_rmdir (pool);
      return;
    }
  g_assert_true (g_file_set_contents (pool, "2\n", -1, NULL));
  g_assert_cmpint (g_chmod (pool, 0444), ==, 0);
  g_assert_cmpint (run_hook (hook, "win10", "prepare", HUGEPAGES_XML, &err), ==, 1);
  g_assert_nonnull (strstr (err, "pitstop-hugepages: could not reserve 24 pages of 1G"));
  g_assert_cmpuint (pool_pages (), ==, 2);
  g_assert_false (g_file_test (mark, G_FILE_TEST_EXISTS));
  g_chmod (pool, 0644);
}

int
main (int    argc,
      char **argv)
{
  int ret;

  g_test_init (&argc, &argv, NULL);

  tmp = g_dir_make_tmp ("pitstop-hook-XXXXXX", NULL);
  g_assert_nonnull (tmp);

  g_test_add_func ("/plan/hook/lifecycle", test_hook_lifecycle);
  g_test_add_func ("/plan/hook/short", test_hook_short);

  ret = g_test_run ();
  {
    const char *rm[] = { "rm", "-rf", "--", tmp, NULL };

    g_spawn_sync (NULL, (char **) rm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
  }
  g_free (tmp);
  return ret;
}
