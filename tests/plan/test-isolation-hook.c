/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pit-host-plan.h"
#include "pit-test-support.h"

/* CPU isolation while a VM runs (host-plan --isolate-vm): the hook, run for
 * real with /bin/sh on a COPY of a recorded host tree ($PITSTOP_HOOK_ROOT)
 * with stub systemctl, logger (and, combined with single-GPU, modprobe,
 * fuser, sleep) first on PATH, which record their calls.  PATH holds
 * nothing else but links to a few harmless tools, so the host's own
 * systemctl cannot be reached even by mistake.
 *
 * The recorded trees hold the IRQs, the writeback workqueue and the
 * governors as a running kernel shows them (generate.py); the Host table
 * says what they are, to check what the hook made of them. */

#define VM "win11"
/* what the stub systemctl says a slice's AllowedCPUs= was */
#define ALLOWED_BEFORE "0-31"

typedef struct
{
  const char *tree;        /* under tests/fixtures/hosts/ */
  const char *what;
  const char *pins;        /* the VM's CPUs */
  const char *full_mask;   /* every CPU, as the tree's masks show it */
  const char *host_cpus;   /* expected AllowedCPUs= */
  const char *host_mask;   /* expected IRQ / writeback mask */
  const char *governor;    /* the tree's governor */
  gboolean    single_gpu;  /* the hook has the single-GPU part too */
} Host;

static const Host hosts[] = {
  { "story-vfio", "4-core SMT desktop", "2-3,6-7", "ff", "0-1,4-5", "33", "schedutil", FALSE },
  { "amd-fedora-usb-group", "16-thread AMD, two CCDs", "8-15", "ffff", "0-7", "00ff", "schedutil", FALSE },
  { "intel-hybrid-arch", "hybrid Intel (P- and E-cores)", "4-11", "fffff", "0-3,12-19", "ff00f", "powersave", FALSE },
  { "single-amdgpu-debian", "single-GPU AMD desktop", "2-7,10-15", "ffff", "0-1,8-9", "0303", "schedutil", TRUE },
};

/* IRQs of the trees: 0 the kernel refuses to move, 30 and 31 a VFIO device's */
static const guint irqs[] = { 0, 1, 8, 9, 24, 25, 30, 31 };

static const char * const stubs[] = { "systemctl", "modprobe", "fuser", "logger", "sleep", NULL };
static const char * const tools[] = { "cat", "grep", "sed", "readlink", "basename", "mkdir", "rm", "rmdir",
                                      "mv", "ls", NULL };

static char *tmp;

/* One run's world: the fake root, the stubs' folder and their log */
typedef struct
{
  char *dir;
  char *root;
  char *bin;
  char *log;
  char *hook;
} World;

static void
world_free (World *w)
{
  const char *rm[] = { "rm", "-rf", "--", w->dir, NULL };

  g_assert_true (g_str_has_prefix (w->dir, tmp));
  g_spawn_sync (NULL, (char **) rm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
  g_free (w->dir);
  g_free (w->root);
  g_free (w->bin);
  g_free (w->log);
  g_free (w->hook);
  g_free (w);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (World, world_free)

static const char stub_script[] =
  "#!/bin/sh\n"
  "# a stand-in that records its call; STUB_FAIL=NAME:N makes the Nth call of NAME fail;\n"
  "# fuser says \"in use\" (exit 0) for its first STUB_BUSY calls, then \"free\" (exit 1)\n"
  "name=$(basename \"$0\")\n"
  "echo \"$name $*\" >> \"$STUB_LOG\"\n"
  "count=\"$STUB_DIR/count-$name\"\n"
  "n=$(( $(cat \"$count\" 2>/dev/null || echo 0) + 1 ))\n"
  "echo \"$n\" > \"$count\"\n"
  "if [ \"$name\" = fuser ]; then\n"
  "  [ \"$n\" -le \"$STUB_BUSY\" ] && exit 0\n"
  "  exit 1\n"
  "fi\n"
  "[ \"$STUB_FAIL\" = \"$name:$n\" ] && exit 1\n"
  "# systemctl show prints a slice's AllowedCPUs= as STUB_ALLOWED\n"
  "[ \"$name $1\" = \"systemctl show\" ] && echo \"$STUB_ALLOWED\"\n"
  "exit 0\n";


static void
put (const char *root,
     const char *relative,
     const char *text)
{
  g_autofree char *path = g_build_filename (root, relative, NULL);
  g_autofree char *dir = g_path_get_dirname (path);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
}

/* The tree's IRQ 0 is the timer, which the kernel does not let move: git
 * cannot keep a file read-only, so the copy's is made so here (the rest of
 * what the hook touches is in the tree: generate.py's
 * write_isolation_files()) */
static void
refuse_irq_zero (const char *root)
{
  g_autofree char *zero = g_build_filename (root, "proc/irq/0/smp_affinity", NULL);

  g_assert_true (g_file_test (zero, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpint (g_chmod (zero, 0444), ==, 0);
}

static char *
write_hook (const Host *host,
            const char *root,
            const char *target_dir)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PitHostPlanRequest) request = pit_host_plan_request_new ();
  PitPlanFacts *facts = pit_plan_facts_probe (root, NULL, &error);
  g_autoptr(PitHostPlan) plan = NULL;
  g_autofree char *text = NULL;
  char *path = g_build_filename (target_dir, "pitstop-" VM, NULL);

  g_assert_no_error (error);
  if (host->single_gpu)
    g_assert_true (pit_host_plan_request_set_single_gpu (request, VM, NULL));
  g_assert_true (pit_host_plan_request_set_isolate_vm (request, VM, host->pins, NULL));
  plan = pit_host_plan_new (facts, request, root, &error);
  g_assert_no_error (error);
  text = pit_host_plan_render (plan, PIT_HOST_PLAN_TARGET_LIBVIRT_HOOK, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (text, "#!/bin/sh\n"));
  g_assert_true (g_file_set_contents (path, text, -1, &error));
  g_assert_no_error (error);
  return path;
}

static World *
world_new (const Host *host)
{
  World *w = g_new0 (World, 1);
  g_autofree char *fixture = pit_test_fixture_path ("hosts", host->tree, NULL);
  g_autofree char *tools_dir = NULL;
  g_autofree char *stub = NULL;
  const char *cp[] = { "cp", "-a", fixture, NULL, NULL };
  int status;

  w->dir = g_build_filename (tmp, "world-XXXXXX", NULL);
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
  stub = g_build_filename (w->bin, "stub", NULL);
  g_assert_true (g_file_set_contents (stub, stub_script, -1, NULL));
  g_assert_cmpint (g_chmod (stub, 0755), ==, 0);
  for (guint i = 0; stubs[i] != NULL; i++)
    {
      g_autofree char *link = g_build_filename (w->bin, stubs[i], NULL);

      g_assert_cmpint (symlink ("stub", link), ==, 0);
    }
  for (guint i = 0; tools[i] != NULL; i++)
    {
      g_autofree char *real = g_find_program_in_path (tools[i]);
      g_autofree char *link = g_build_filename (tools_dir, tools[i], NULL);

      g_assert_nonnull (real);
      g_assert_cmpint (symlink (real, link), ==, 0);
    }
  refuse_irq_zero (w->root);
  w->hook = write_hook (host, fixture, w->dir);
  return w;
}

/* Runs the hook as libvirt does, with the fake root and the stubs only */
static int
run_hook (World      *w,
          const char *vm,
          const char *operation,
          const char *sub_operation,
          const char *fail,
          int         busy,
          char      **err)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE
                                                                       | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autofree char *xml = g_build_filename (w->dir, "domain.xml", NULL);
  g_autofree char *path = g_strdup_printf ("%s:%s/tools", w->bin, w->dir);
  g_autofree char *busy_text = g_strdup_printf ("%d", busy);
  const char *argv[] = { "/bin/sh", w->hook, vm, operation, sub_operation, "-", NULL };
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  const char *env[] = { "LC_ALL=C", NULL };

  /* never without the fake root and the stubs */
  g_assert_true (g_str_has_prefix (w->root, tmp) && strlen (w->root) > strlen (tmp));
  g_subprocess_launcher_set_environ (launcher, (char **) env);
  g_subprocess_launcher_setenv (launcher, "PATH", path, TRUE);
  g_subprocess_launcher_setenv (launcher, "PITSTOP_HOOK_ROOT", w->root, TRUE);
  g_subprocess_launcher_setenv (launcher, "STUB_LOG", w->log, TRUE);
  g_subprocess_launcher_setenv (launcher, "STUB_DIR", w->dir, TRUE);
  g_subprocess_launcher_setenv (launcher, "STUB_FAIL", fail != NULL ? fail : "", TRUE);
  g_subprocess_launcher_setenv (launcher, "STUB_BUSY", busy_text, TRUE);
  g_subprocess_launcher_setenv (launcher, "STUB_ALLOWED", ALLOWED_BEFORE, TRUE);
  for (guint i = 0; stubs[i] != NULL; i++)
    {
      g_autofree char *count = g_strdup_printf ("%s/count-%s", w->dir, stubs[i]);

      g_remove (count);
    }
  g_remove (w->log);

  /* the VM's XML on standard input, as libvirt gives it; from a file, as
   * the hook does not read it (a pipe would break when it exits first) */
  g_assert_true (g_file_set_contents (xml, "<domain type='kvm'><name>" VM "</name></domain>\n", -1, NULL));
  g_subprocess_launcher_set_stdin_file_path (launcher, xml);
  proc = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  g_clear_pointer (err, g_free);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, err, &error);
  g_assert_no_error (error);
  return g_subprocess_get_exit_status (proc);
}

/* The stubs' calls of the last run, with the fake root's path taken out */
static char *
calls (World *w)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) parts = NULL;

  if (!g_file_get_contents (w->log, &text, NULL, NULL))
    return g_strdup ("");
  parts = g_strsplit (text, w->root, -1);
  return g_strjoinv ("", parts);
}

static guint
count_calls (const char *log,
             const char *name)
{
  g_auto(GStrv) lines = g_strsplit (log, "\n", -1);
  g_autofree char *prefix = g_strconcat (name, " ", NULL);
  guint n = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    n += g_str_has_prefix (lines[i], prefix);
  return n;
}

/* --- the fake root, file by file ------------------------------------------ */

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
snapshot_dir (const char *root,
              const char *relative,
              gboolean    raw,
              GHashTable *out)
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
          snapshot_dir (root, rel, raw, out);
        }
      else
        {
          g_autofree char *contents = NULL;

          g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
          if (raw)
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

/* The tree as the kernel shows it (@raw: byte for byte, triggers too) */
static GHashTable *
snapshot_full (const char *root,
               gboolean    raw)
{
  GHashTable *table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  snapshot_dir (root, "", raw, table);
  return table;
}

/* What differs, one path a line ("" when nothing) */
static char *
differences (GHashTable *before,
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

static char *
read_root (World      *w,
           const char *relative)
{
  g_autofree char *path = g_build_filename (w->root, relative, NULL);
  char *text = NULL;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return NULL;
  return text;
}

/* --- the tests -------------------------------------------------------------- */

static char *
root_file (World      *w,
           const char *format,
           ...) G_GNUC_PRINTF (2, 3);

static char *
root_file (World      *w,
           const char *format,
           ...)
{
  va_list args;
  g_autofree char *rel = NULL;

  va_start (args, format);
  rel = g_strdup_vprintf (format, args);
  va_end (args);
  return read_root (w, rel);
}

/* The lines of @log that contain @word, in order */
static char *
lines_with (const char *log,
            const char *word)
{
  g_auto(GStrv) lines = g_strsplit (log, "\n", -1);
  GString *out = g_string_new (NULL);

  for (guint i = 0; lines[i] != NULL; i++)
    if (strstr (lines[i], word) != NULL)
      g_string_append_printf (out, "%s\n", lines[i]);
  return g_string_free (out, FALSE);
}

static GHashTable *
tree_of (World      *w,
         const Host *host)
{
  /* byte for byte, except the GPU part's trigger files */
  return snapshot_full (w->root, !host->single_gpu);
}

static void
assert_tree (GHashTable *before,
             World      *w,
             const Host *host,
             const char *what)
{
  g_autoptr(GHashTable) now = tree_of (w, host);
  g_autofree char *diff = differences (before, now);

  if (*diff != '\0')
    g_error ("%s: the fake root changed:\n%s", what, diff);
}

static gboolean
pinned (const Host *host,
        guint       cpu)
{
  g_auto(GStrv) ranges = g_strsplit (host->pins, ",", -1);

  for (guint i = 0; ranges[i] != NULL; i++)
    {
      g_auto(GStrv) ends = g_strsplit (ranges[i], "-", 2);
      guint first = (guint) g_ascii_strtoull (ends[0], NULL, 10);
      guint last = ends[1] != NULL ? (guint) g_ascii_strtoull (ends[1], NULL, 10) : first;

      if (cpu >= first && cpu <= last)
        return TRUE;
    }
  return FALSE;
}

/* prepare moves exactly what it should; the host changes some of it;
 * release restores what was there before prepare, byte for byte; the
 * second prepare and release change nothing */
static void
test_lifecycle (gconstpointer data)
{
  const Host *host = data;
  g_autoptr(World) w = world_new (host);
  g_autoptr(GHashTable) before = tree_of (w, host);
  g_autofree char *err = NULL;
  g_autofree char *log = NULL;
  g_autofree char *slices = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *host_mask = g_strconcat (host->host_mask, "\n", NULL);
  g_autofree char *full_mask = g_strconcat (host->full_mask, "\n", NULL);
  g_autofree char *governor = g_strconcat (host->governor, "\n", NULL);
  guint first_pinned = (guint) g_ascii_strtoull (host->pins, NULL, 10);

  g_assert_cmpint (run_hook (w, VM, "prepare", "begin", NULL, 0, &err), ==, 0);
  log = calls (w);
  slices = lines_with (log, "AllowedCPUs");
  expected = g_strdup_printf ("systemctl show --property=AllowedCPUs --value user.slice\n"
                              "systemctl set-property --runtime user.slice AllowedCPUs=%s\n"
                              "systemctl show --property=AllowedCPUs --value system.slice\n"
                              "systemctl set-property --runtime system.slice AllowedCPUs=%s\n"
                              "systemctl show --property=AllowedCPUs --value init.scope\n"
                              "systemctl set-property --runtime init.scope AllowedCPUs=%s\n",
                              host->host_cpus, host->host_cpus, host->host_cpus);
  g_assert_cmpstr (slices, ==, expected);
  if (host->single_gpu)
    {
      /* the GPU's steps first */
      const char *gpu = strstr (log, "prepare: to-vfio");
      const char *cpus = strstr (log, "prepare: cpus user.slice");

      g_assert_nonnull (gpu);
      g_assert_nonnull (cpus);
      g_assert_true (gpu < cpus);
      g_assert_nonnull (strstr (log, "prepare: done, the GPU is the VM's"));
    }
  else
    g_assert_nonnull (strstr (log, "prepare: done, the host keeps off the VM's CPUs"));

  {
    g_autofree char *writeback = root_file (w, "sys/bus/workqueue/devices/writeback/cpumask");
    g_autofree char *irq_default = root_file (w, "proc/irq/default_smp_affinity");

    g_assert_cmpstr (writeback, ==, host_mask);
    g_assert_cmpstr (irq_default, ==, host_mask);
  }
  for (guint i = 0; i < G_N_ELEMENTS (irqs); i++)
    {
      g_autofree char *now = root_file (w, "proc/irq/%u/smp_affinity", irqs[i]);

      if (irqs[i] == 30 || irqs[i] == 31)
        g_assert_cmpstr (now, ==, full_mask);   /* the VM's own: left alone */
      else if (irqs[i] == 0 && geteuid () != 0)
        g_assert_cmpstr (now, ==, full_mask);   /* the kernel said no */
      else
        g_assert_cmpstr (now, ==, host_mask);
    }
  g_assert_nonnull (strstr (log, "IRQ 0 stays where it is") ? log : (geteuid () == 0 ? log : NULL));
  for (guint cpu = 0; ; cpu++)
    {
      g_autofree char *now = root_file (w, "sys/devices/system/cpu/cpu%u/cpufreq/scaling_governor", cpu);

      if (now == NULL)
        break;
      g_assert_cmpstr (now, ==, pinned (host, cpu) ? "performance\n" : governor);
    }

  /* prepared already: nothing more */
  g_assert_cmpint (run_hook (w, VM, "prepare", "begin", NULL, 0, &err), ==, 0);
  g_free (log);
  log = calls (w);
  g_assert_cmpuint (count_calls (log, "systemctl"), ==, 0);

  /* the host changes some of it while the VM runs */
  {
    g_autofree char *gov = g_strdup_printf ("sys/devices/system/cpu/cpu%u/cpufreq/scaling_governor", first_pinned);

    put (w->root, "proc/irq/1/smp_affinity", "1\n");
    put (w->root, gov, "ondemand\n");
  }

  g_assert_cmpint (run_hook (w, VM, "release", "end", NULL, 0, &err), ==, 0);
  g_free (log);
  log = calls (w);
  g_free (slices);
  slices = lines_with (log, "AllowedCPUs");
  g_assert_cmpstr (slices, ==, "systemctl set-property --runtime init.scope AllowedCPUs=" ALLOWED_BEFORE "\n"
                               "systemctl set-property --runtime system.slice AllowedCPUs=" ALLOWED_BEFORE "\n"
                               "systemctl set-property --runtime user.slice AllowedCPUs=" ALLOWED_BEFORE "\n");
  if (host->single_gpu)
    {
      /* the screen comes back last */
      const char *cpus = strstr (log, "undo: cpus user.slice");
      const char *gpu = strstr (log, "undo: to-vfio");

      g_assert_nonnull (gpu);
      g_assert_nonnull (cpus);
      g_assert_true (cpus < gpu);
    }
  assert_tree (before, w, host, "after release");

  /* released already: nothing more */
  g_assert_cmpint (run_hook (w, VM, "release", "end", NULL, 0, &err), ==, 0);
  g_free (log);
  log = calls (w);
  g_assert_cmpuint (count_calls (log, "systemctl"), ==, 0);
  assert_tree (before, w, host, "after the second release");
}

/* release with no prepare before it changes nothing and succeeds */
static void
test_release_alone (gconstpointer data)
{
  const Host *host = data;
  g_autoptr(World) w = world_new (host);
  g_autoptr(GHashTable) before = tree_of (w, host);
  g_autofree char *err = NULL;
  g_autofree char *log = NULL;

  g_assert_cmpint (run_hook (w, VM, "release", "end", NULL, 0, &err), ==, 0);
  log = calls (w);
  g_assert_cmpuint (count_calls (log, "systemctl"), ==, 0);
  assert_tree (before, w, host, "release without prepare");
  /* another VM's start: nothing at all */
  g_assert_cmpint (run_hook (w, "other-vm", "prepare", "begin", NULL, 0, &err), ==, 0);
  g_free (log);
  log = calls (w);
  g_assert_cmpstr (log, ==, "");
}

/* A failure at every step (each logger and systemctl call in turn): the
 * hook exits non-zero and the tree is as before, or it succeeds (the call
 * was only a journal line) and release gives the tree back */
static void
test_failures (gconstpointer data)
{
  const Host *host = data;
  g_autoptr(World) w = world_new (host);
  g_autoptr(GHashTable) before = tree_of (w, host);
  g_autofree char *err = NULL;
  g_autofree char *log = NULL;
  const char *names[] = { "logger", "systemctl", NULL };
  guint refused = 0;
  guint steps;

  g_assert_cmpint (run_hook (w, VM, "prepare", "begin", NULL, 0, &err), ==, 0);
  log = calls (w);
  g_assert_cmpint (run_hook (w, VM, "release", "end", NULL, 0, &err), ==, 0);
  assert_tree (before, w, host, "a clean run");
  steps = count_calls (log, "logger") - 1;

  for (guint k = 0; names[k] != NULL; k++)
    {
      guint n_calls = count_calls (log, names[k]);

      for (guint n = 1; n <= n_calls; n++)
        {
          g_autofree char *fail = g_strdup_printf ("%s:%u", names[k], n);
          int status = run_hook (w, VM, "prepare", "begin", fail, 0, &err);

          if (status != 0)
            {
              refused++;
              g_assert_nonnull (strstr (err, "could not keep the host off the VM's CPUs"));
              assert_tree (before, w, host, fail);
            }
          else
            {
              g_assert_cmpint (run_hook (w, VM, "release", "end", NULL, 0, &err), ==, 0);
              assert_tree (before, w, host, fail);
            }
        }
    }
  /* every step's journal line and every systemctl call can stop it */
  g_assert_cmpuint (refused, >=, steps);
}

/* sh -n, shellcheck and nix-instantiate --parse */
static void
test_lint (gconstpointer data)
{
  const Host *host = data;
  g_autoptr(World) w = world_new (host);
  g_autofree char *shellcheck = g_find_program_in_path ("shellcheck");
  g_autofree char *nix = g_find_program_in_path ("nix-instantiate");
  int status;

  {
    const char *argv[] = { "/bin/sh", "-n", w->hook, NULL };
    g_autofree char *err = NULL;

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, 0, NULL, NULL, NULL, &err, &status, NULL));
    if (!g_spawn_check_wait_status (status, NULL))
      g_error ("sh -n: %s", err);
  }
  if (shellcheck != NULL)
    {
      const char *argv[] = { shellcheck, "-s", "sh", w->hook, NULL };
      g_autofree char *out = NULL;

      g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, 0, NULL, NULL, &out, NULL, &status, NULL));
      if (!g_spawn_check_wait_status (status, NULL))
        g_error ("shellcheck: %s", out);
    }
  else
    g_test_message ("shellcheck is not installed (apt install shellcheck): only sh -n");
  if (nix != NULL)
    {
      g_autofree char *fixture = pit_test_fixture_path ("hosts", host->tree, NULL);
      g_autofree char *pins = g_strdup_printf ("--isolate-vm-cpus=%s", host->pins);
      const char *cli[] = { "host-plan", "--root", fixture, "--isolate-vm", VM, pins, "--target", "nixos", NULL };
      g_autofree char *out = NULL;
      g_autofree char *cli_err = NULL;
      g_autofree char *path = g_build_filename (w->dir, "hook.nix", NULL);
      const char *argv[] = { nix, "--parse", path, NULL };

      g_assert_cmpint (pit_test_run_cli (cli, &out, &cli_err), ==, 0);
      g_assert_nonnull (strstr (out, "virtualisation.libvirtd.hooks.qemu."));
      g_assert_true (g_file_set_contents (path, out, -1, NULL));
      g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL | G_SPAWN_STDOUT_TO_DEV_NULL,
                                   NULL, NULL, NULL, NULL, &status, NULL));
      if (!g_spawn_check_wait_status (status, NULL))
        g_error ("nix-instantiate --parse fails on:\n%s", out);
    }
}

/* A VM without pins, pins on every CPU, two VMs in one hook: refused with the reason */
static void
test_refused (void)
{
  g_autofree char *fixture = pit_test_fixture_path ("hosts", "story-vfio", NULL);
  struct { const char *pins; const char *message; } cases[] = {
    { NULL, "is not pinned to host CPUs" },
    { "0-7", "pinned to every online CPU" },
    { "6-9", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(PitHostPlanRequest) request = pit_host_plan_request_new ();
      PitPlanFacts *facts = pit_plan_facts_probe (fixture, NULL, &error);
      g_autoptr(PitHostPlan) plan = NULL;

      g_assert_no_error (error);
      g_assert_true (pit_host_plan_request_set_isolate_vm (request, VM, cases[i].pins, NULL));
      plan = pit_host_plan_new (facts, request, fixture, &error);
      g_assert_null (plan);
      g_assert_nonnull (error);
      if (cases[i].message != NULL)
        g_assert_nonnull (strstr (error->message, cases[i].message));
    }
  {
    const char *argv[] = { "host-plan", "--demo", "--isolate-vm", "win10-gaming", NULL };
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;

    g_assert_cmpint (pit_test_run_cli (argv, &out, &err), ==, 1);
    g_assert_cmpstr (out, ==, "");
    g_assert_nonnull (strstr (err, "is not pinned to host CPUs"));
  }
  {
    const char *argv[] = { "host-plan", "--root", fixture, "--isolate-vm", VM, NULL };
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;

    g_assert_cmpint (pit_test_run_cli (argv, &out, &err), ==, 1);
    g_assert_nonnull (strstr (err, "--isolate-vm-cpus"));
  }
}

/* The VM's own CPUs are its vCPUs', its emulator's and its I/O threads':
 * an I/O thread pinned apart keeps its CPU from the host too */
static void
test_iothreadpin (void)
{
  static const char xml[] =
    "<domain type='kvm'><name>" VM "</name><memory>1048576</memory><vcpu>2</vcpu>"
    "<iothreads>1</iothreads><cputune><vcpupin vcpu='0' cpuset='2'/><vcpupin vcpu='1' cpuset='6'/>"
    "<emulatorpin cpuset='3'/><iothreadpin iothread='1' cpuset='7'/></cputune>"
    "<os><type arch='x86_64'>hvm</type></os></domain>";
  g_autofree char *fixture = pit_test_fixture_path ("hosts", "story-vfio", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(PitDomainSummary) summary = pit_domain_summary_new_from_xml (xml, &error);
  g_autoptr(PitDomainSummary) unpinned = NULL;
  g_autoptr(PitHostPlanRequest) request = pit_host_plan_request_new ();
  g_autoptr(PitHostPlan) plan = NULL;
  g_autofree char *pins = NULL;
  g_autofree char *text = NULL;
  PitPlanFacts *facts = NULL;

  g_assert_no_error (error);
  pins = pit_host_plan_vm_pinned_cpus (summary, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pins, ==, "2-3,6-7");

  facts = pit_plan_facts_probe (fixture, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (pit_host_plan_request_set_isolate_vm (request, VM, pins, NULL));
  plan = pit_host_plan_new (facts, request, fixture, &error);
  g_assert_no_error (error);
  text = pit_host_plan_render (plan, PIT_HOST_PLAN_TARGET_LIBVIRT_HOOK, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (text, "\nhost_cpus=0-1,4-5\n"));
  g_assert_nonnull (strstr (text, "\nhost_mask=33\n"));

  /* no vCPU pins: not pinned, whatever else is */
  unpinned = pit_domain_summary_new_from_xml ("<domain type='kvm'><name>x</name><memory>1048576</memory>"
                                              "<vcpu>2</vcpu><cputune><emulatorpin cpuset='0'/></cputune>"
                                              "<os><type>hvm</type></os></domain>", &error);
  g_assert_no_error (error);
  g_assert_null (pit_host_plan_vm_pinned_cpus (unpinned, &error));
  g_assert_no_error (error);
}

/* The pins of a --demo VM are read from it */
static void
test_cli_demo (void)
{
  const char *argv[] = { "host-plan", "--demo", "--isolate-vm", "fedora-server", "--target", "libvirt-hook", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (pit_test_run_cli (argv, &out, &err), ==, 0);
  g_assert_cmpstr (err, ==, "");
  g_assert_true (g_str_has_prefix (out, "#!/bin/sh\n"));
  g_assert_nonnull (strstr (out, "\nhost_cpus=1,5\n"));
  g_assert_nonnull (strstr (out, "\nhost_mask=22\n"));
}

int
main (int    argc,
      char **argv)
{
  int ret;

  g_test_init (&argc, &argv, NULL);

  tmp = g_dir_make_tmp ("pitstop-isolation-XXXXXX", NULL);
  g_assert_nonnull (tmp);

  for (guint i = 0; i < G_N_ELEMENTS (hosts); i++)
    {
      g_autofree char *lifecycle = g_strdup_printf ("/plan/isolation/%s/lifecycle", hosts[i].tree);
      g_autofree char *release = g_strdup_printf ("/plan/isolation/%s/release-alone", hosts[i].tree);

      g_test_add_data_func (lifecycle, &hosts[i], test_lifecycle);
      g_test_add_data_func (release, &hosts[i], test_release_alone);
    }
  /* failures on one tree: the steps are the same on every one */
  g_test_add_data_func ("/plan/isolation/story-vfio/failures", &hosts[0], test_failures);
  g_test_add_data_func ("/plan/isolation/story-vfio/lint", &hosts[0], test_lint);
  g_test_add_data_func ("/plan/isolation/single-amdgpu-debian/lint", &hosts[3], test_lint);
  g_test_add_func ("/plan/isolation/refused", test_refused);
  g_test_add_func ("/plan/isolation/cli-demo", test_cli_demo);
  g_test_add_func ("/plan/isolation/iothreadpin", test_iothreadpin);

  ret = g_test_run ();
  {
    const char *rm[] = { "rm", "-rf", "--", tmp, NULL };

    g_spawn_sync (NULL, (char **) rm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
  }
  g_free (tmp);
  return ret;
}
