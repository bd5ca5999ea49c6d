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

  g_clear_pointer (err, g_free);
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

/* Runs @shell (sh or bash) on @script from stdin with @args; @out gets
 * standard output */
static int
run_shell (const char *shell,
           const char *args,
           const char *script,
           char      **out,
           char      **err)
{
  g_autofree char *path = g_find_program_in_path (shell);
  const char *argv[] = { path, args, NULL };
  const char *argv_script[] = { path, "-c", args, NULL };
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (path);
  proc = g_subprocess_newv (g_str_has_prefix (args, "-") ? argv : argv_script,
                            G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE
                            | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, script, NULL, out, err, &error);
  g_assert_no_error (error);
  return g_subprocess_get_exit_status (proc);
}

/* Which shell reads a section of the output: the commands to run and
 * /etc/default/grub are sh, mkinitcpio.conf is bash */
static const char *
section_shell (const char *title)
{
  if (g_str_has_suffix (title, "run as root") || g_str_equal (title, "finally")
      || g_str_equal (title, "/etc/default/grub")
      || g_str_has_prefix (title, "/etc/libvirt/hooks/"))
    return "sh";
  if (g_str_equal (title, "/etc/mkinitcpio.conf"))
    return "bash";
  return NULL;
}

/* Every shell part of every golden output passes "sh -n" (or "bash -n") */
static void
test_shell_syntax (void)
{
  const char *folders[] = { "golden", "golden-cli", NULL };
  guint checked = 0;

  for (guint f = 0; folders[f] != NULL; f++)
    {
      g_autofree char *folder = pit_test_fixture_path ("plan", folders[f], NULL);
      g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
      const char *name;

      g_assert_nonnull (dir);
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *path = g_build_filename (folder, name, NULL);
          g_autofree char *text = NULL;
          g_auto(GStrv) sections = NULL;

          g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
          sections = g_strsplit (text, "# ==== ", -1);
          for (guint i = 1; sections[i] != NULL; i++)
            {
              const char *end = strstr (sections[i], " ====\n");
              g_autofree char *title = NULL;
              g_autofree char *out = NULL;
              g_autofree char *err = NULL;
              const char *shell;

              g_assert_nonnull (end);
              title = g_strndup (sections[i], end - sections[i]);
              shell = section_shell (title);
              if (shell == NULL)
                continue;
              if (run_shell (shell, "-n", end + strlen (" ====\n"), &out, &err) != 0)
                g_error ("%s, %s: %s -n says %s", name, title, shell, err);
              checked++;
            }
        }
    }
  g_assert_cmpuint (checked, >=, 100);
}

/* The GRUB line keeps the user's quoting: sourced by sh, it gives their
 * parameters as they were plus the plan's */
static void
test_grub_quotes (void)
{
  const struct
  {
    const char *file, *value;
  } cases[] = {
    { "GRUB_CMDLINE_LINUX_DEFAULT=\"quiet dyndbg=\\\"file x.c +p\\\" $EXTRA\"\n",
      "quiet dyndbg=\"file x.c +p\" extra intel_iommu=on iommu=pt" },
    { "GRUB_CMDLINE_LINUX_DEFAULT='quiet \"acpi_osi=Windows 2015\"'\n",
      "quiet \"acpi_osi=Windows 2015\" intel_iommu=on iommu=pt" },
    { "GRUB_CMDLINE_LINUX_DEFAULT=splash\n", "splash intel_iommu=on iommu=pt" },
  };
  g_autofree char *root = tmp_path ("grub-root");
  g_autofree char *etc = g_build_filename (root, "etc", "default", NULL);
  g_autofree char *grub = g_build_filename (etc, "grub", NULL);

  g_assert_cmpint (g_mkdir_with_parents (etc, 0755), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(PitHostPlanRequest) request = pit_host_plan_request_new ();
      g_autoptr(PitHostPlan) plan = NULL;
      g_autofree char *text = NULL;
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      g_autofree char *line = NULL;
      const char *start;

      g_assert_true (g_file_set_contents (grub, cases[i].file, -1, NULL));
      pit_host_plan_request_add_gpu (request, "04:00.0");
      plan = pit_host_plan_new (plan_test_story_before (), request, root, NULL);
      text = pit_host_plan_render (plan, PIT_HOST_PLAN_TARGET_GRUB, NULL);
      start = strstr (text, "\nGRUB_CMDLINE_LINUX_DEFAULT=");
      g_assert_nonnull (start);
      /* that one line only: the rest of the output holds commands */
      line = g_strndup (start + 1, strchr (start + 1, '\n') - start - 1);
      g_assert_true (g_str_has_prefix (line, "GRUB_CMDLINE_LINUX_DEFAULT="));
      g_assert_null (strchr (line, '\n'));
      g_assert_cmpint (run_shell ("sh", "EXTRA=extra; eval \"$(cat)\"; printf %s \"$GRUB_CMDLINE_LINUX_DEFAULT\"",
                                  line, &out, &err), ==, 0);
      g_assert_cmpstr (err, ==, "");
      g_assert_true (g_str_has_prefix (out, cases[i].value));
    }
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
  g_test_add_func ("/plan/shell/syntax", test_shell_syntax);
  g_test_add_func ("/plan/shell/grub-quotes", test_grub_quotes);

  ret = g_test_run ();
  {
    const char *rm[] = { "rm", "-rf", "--", tmp, NULL };

    g_spawn_sync (NULL, (char **) rm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
  }
  g_free (tmp);
  return ret;
}
