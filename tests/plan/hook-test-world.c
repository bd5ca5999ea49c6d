/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <linux/magic.h>
#include <string.h>
#include <sys/statfs.h>
#include <unistd.h>

#include "hook-test-world.h"

const char * const hook_test_stubs[] = { "systemctl", "modprobe", "fuser", "logger", "sleep", NULL };

/* The libvirt hook of @request for the host under @root, saved as @path */
void
hook_test_write_hook (const char         *root,
                      PitHostPlanRequest *request,
                      const char         *path)
{
  g_autoptr(GError) error = NULL;
  PitPlanFacts *facts = pit_plan_facts_probe (root, NULL, &error);
  g_autoptr(PitHostPlan) plan = NULL;
  g_autofree char *text = NULL;

  g_assert_no_error (error);
  plan = pit_host_plan_new (facts, request, root, &error);
  g_assert_no_error (error);
  text = pit_host_plan_render (plan, PIT_HOST_PLAN_TARGET_LIBVIRT_HOOK, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (text, "#!/bin/sh\n"));
  g_assert_true (g_file_set_contents (path, text, -1, &error));
  g_assert_no_error (error);
}

static void
remove_tree (const char *path)
{
  const char *rm[] = { "rm", "-rf", "--", path, NULL };

  g_spawn_sync (NULL, (char **) rm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
}

/* The folder a test program keeps its worlds (and hooks) in: in /dev/shm
 * when it is a tmpfs and TMPDIR does not say otherwise.  A world is a copy
 * of some 500 files and folders, made and removed again for each test;
 * on a disk's ext4 where much was deleted lately, creating an inode
 * searches for one not recently deleted: cp was 42 % of the single-GPU
 * lifecycle test's CPU time in /tmp (perf), and the test's sys time went
 * from 2.7 s to 1.7 s in /dev/shm. */
char *
hook_test_scratch_new (const char *template)
{
  struct statfs fs;
  char *scratch = NULL;

  if (g_getenv ("TMPDIR") == NULL && statfs ("/dev/shm", &fs) == 0 && fs.f_type == TMPFS_MAGIC
      && access ("/dev/shm", W_OK | X_OK) == 0)
    {
      scratch = g_build_filename ("/dev/shm", template, NULL);
      if (g_mkdtemp (scratch) == NULL)
        g_clear_pointer (&scratch, g_free);
    }
  if (scratch == NULL)
    scratch = g_dir_make_tmp (template, NULL);
  g_assert_nonnull (scratch);
  return scratch;
}

void
hook_test_scratch_free (char *scratch)
{
  remove_tree (scratch);
  g_free (scratch);
}

/* g_test_run (), then @scratch goes */
int
hook_test_run_tests (char *scratch)
{
  int ret = g_test_run ();

  hook_test_scratch_free (scratch);
  return ret;
}

/* A world under @scratch: a copy of @fixture, the stubs, links to @tools */
HookTestWorld *
hook_test_world_new (const char         *scratch,
                     const char         *fixture,
                     const char * const *tools)
{
  HookTestWorld *w = g_new0 (HookTestWorld, 1);
  g_autofree char *tools_dir = NULL;
  g_autofree char *stub = NULL;
  const char *cp[] = { "cp", "-a", fixture, NULL, NULL };
  int status;

  w->scratch = g_strdup (scratch);
  w->dir = g_build_filename (scratch, "world-XXXXXX", NULL);
  g_assert_nonnull (g_mkdtemp (w->dir));
  w->root = g_build_filename (w->dir, "root", NULL);
  w->bin = g_build_filename (w->dir, "bin", NULL);
  w->log = g_build_filename (w->dir, "calls", NULL);
  tools_dir = g_build_filename (w->dir, "tools", NULL);
  cp[3] = w->root;
  g_assert_true (g_spawn_sync (NULL, (char **) cp, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL,
                               &status, NULL));
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  g_assert_cmpint (g_mkdir (w->bin, 0755), ==, 0);
  g_assert_cmpint (g_mkdir (tools_dir, 0755), ==, 0);
  /* each stub a link to the one stub program, which goes by its link's name */
  stub = g_build_filename (w->bin, "stub", NULL);
  g_assert_true (g_file_test (HOOK_TEST_STUB, G_FILE_TEST_IS_EXECUTABLE));
  g_assert_cmpint (symlink (HOOK_TEST_STUB, stub), ==, 0);
  for (guint i = 0; hook_test_stubs[i] != NULL; i++)
    {
      g_autofree char *link = g_build_filename (w->bin, hook_test_stubs[i], NULL);

      g_assert_cmpint (symlink ("stub", link), ==, 0);
    }
  for (guint i = 0; tools[i] != NULL; i++)
    {
      g_autofree char *real = g_find_program_in_path (tools[i]);
      g_autofree char *link = g_build_filename (tools_dir, tools[i], NULL);

      g_assert_false (g_strv_contains (hook_test_stubs, tools[i]));
      g_assert_nonnull (real);
      g_assert_cmpint (symlink (real, link), ==, 0);
    }
  return w;
}

void
hook_test_world_free (HookTestWorld *w)
{
  g_assert_true (g_str_has_prefix (w->dir, w->scratch));
  remove_tree (w->dir);
  g_free (w->scratch);
  g_free (w->dir);
  g_free (w->root);
  g_free (w->bin);
  g_free (w->log);
  g_free (w->hook);
  g_strfreev (w->stub_env);
  g_free (w);
}

/* A variable the stubs read (STUB_ALLOWED), set on every run after this */
void
hook_test_world_set_stub_env (HookTestWorld *w,
                              const char    *name,
                              const char    *value)
{
  g_assert_true (g_str_has_prefix (name, "STUB_"));
  w->stub_env = g_environ_setenv (w->stub_env, name, value, TRUE);
}

/* Runs the hook as libvirt does, with the fake root and the stubs only */
int
hook_test_world_run (HookTestWorld *w,
                     const char    *vm,
                     const char    *operation,
                     const char    *sub_operation,
                     const char    *fail,
                     int            busy,
                     char         **err)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE
                                                                       | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autofree char *xml = g_build_filename (w->dir, "domain.xml", NULL);
  g_autofree char *domain = g_markup_printf_escaped ("<domain type='kvm'><name>%s</name></domain>\n", vm);
  g_autofree char *path = g_strdup_printf ("%s:%s/tools", w->bin, w->dir);
  g_autofree char *busy_text = g_strdup_printf ("%d", busy);
  const char *argv[] = { "/bin/sh", w->hook, vm, operation, sub_operation, "-", NULL };
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  const char *env[] = { "LC_ALL=C", NULL };

  /* never without the fake root and the stubs */
  g_assert_nonnull (w->hook);
  g_assert_true (g_path_is_absolute (w->scratch));
  g_assert_true (g_str_has_prefix (w->root, w->scratch) && strlen (w->root) > strlen (w->scratch));
  g_subprocess_launcher_set_environ (launcher, (char **) env);
  for (guint i = 0; w->stub_env != NULL && w->stub_env[i] != NULL; i++)
    {
      g_autofree char *name = g_strndup (w->stub_env[i], strcspn (w->stub_env[i], "="));

      g_subprocess_launcher_setenv (launcher, name, g_environ_getenv (w->stub_env, name), TRUE);
    }
  g_subprocess_launcher_setenv (launcher, "PATH", path, TRUE);
  g_subprocess_launcher_setenv (launcher, "PITSTOP_HOOK_ROOT", w->root, TRUE);
  g_subprocess_launcher_setenv (launcher, "STUB_LOG", w->log, TRUE);
  g_subprocess_launcher_setenv (launcher, "STUB_DIR", w->dir, TRUE);
  g_subprocess_launcher_setenv (launcher, "STUB_FAIL", fail != NULL ? fail : "", TRUE);
  g_subprocess_launcher_setenv (launcher, "STUB_BUSY", busy_text, TRUE);
  for (guint i = 0; hook_test_stubs[i] != NULL; i++)
    {
      g_autofree char *count = g_strdup_printf ("%s/count-%s", w->dir, hook_test_stubs[i]);

      g_remove (count);
    }
  g_remove (w->log);

  /* the VM's XML on standard input, as libvirt gives it; from a file, as
   * the hook does not read it (a pipe would break when it exits first) */
  g_assert_true (g_file_set_contents (xml, domain, -1, NULL));
  g_subprocess_launcher_set_stdin_file_path (launcher, xml);
  proc = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  g_clear_pointer (err, g_free);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, err, &error);
  g_assert_no_error (error);
  return g_subprocess_get_exit_status (proc);
}

/* The stubs' calls of the last run, with the fake root's path taken out */
char *
hook_test_world_calls (HookTestWorld *w)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) parts = NULL;

  if (!g_file_get_contents (w->log, &text, NULL, NULL))
    return g_strdup ("");
  parts = g_strsplit (text, w->root, -1);
  return g_strjoinv ("", parts);
}

/* A file of the fake root, or NULL when there is none */
char *
hook_test_world_read (HookTestWorld *w,
                      const char    *relative)
{
  g_autofree char *path = g_build_filename (w->root, relative, NULL);
  char *text = NULL;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return NULL;
  return text;
}

/* How many calls of @name the call log holds */
guint
hook_test_count_calls (const char *log,
                       const char *name)
{
  g_auto(GStrv) lines = g_strsplit (log, "\n", -1);
  g_autofree char *prefix = g_strconcat (name, " ", NULL);
  guint n = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    n += g_str_has_prefix (lines[i], prefix);
  return n;
}

/* The last call that is not a journal line, with its newline ("" when none) */
char *
hook_test_last_command (const char *log)
{
  g_auto(GStrv) lines = g_strsplit (log, "\n", -1);
  const char *last = NULL;

  for (guint i = 0; lines[i] != NULL; i++)
    if (*lines[i] != '\0' && !g_str_has_prefix (lines[i], "logger "))
      last = lines[i];
  return last != NULL ? g_strconcat (last, "\n", NULL) : g_strdup ("");
}
