/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <sys/stat.h>

#include "pit-host-plan.h"
#include "pit-test-support.h"

/* The single-GPU hook, run for real with /bin/sh on a COPY of a recorded
 * host tree ($PITSTOP_HOOK_ROOT) with stub systemctl, modprobe, fuser,
 * logger and sleep first on PATH, which record their calls.  PATH holds
 * nothing else but links to the few harmless tools the hook reads with
 * (cat, grep, sed, readlink, …), so the host's own systemctl or modprobe
 * cannot be reached even by mistake.
 *
 * The fake root is compared file by file, except the kernel's write-only
 * trigger files (a driver's bind/unbind/new_id/remove_id, drivers_probe):
 * the kernel acts on what is written there and never shows it again, so
 * the steps written there are checked through the journal lines instead.
 * A driver_override written empty reads "(null)" from the kernel, and is
 * compared as such. */

#define VM "win11"

typedef struct
{
  const char *tree;      /* under tests/fixtures/hosts/, or "demo:single-gpu" */
  const char *manager;   /* display manager unit */
  const char *expected_prepare;
  const char *expected_release;
} Host;

static const Host hosts[] = {
  { "single-nvidia-ubuntu", "gdm3.service",
    "logger -t pitstop win11: prepare: stop-dm gdm3.service\n"
    "systemctl stop gdm3.service\n"
    "logger -t pitstop win11: prepare: wait-free\n"
    "fuser -s /dev/dri/card0 /dev/dri/renderD128 /dev/nvidia0 /dev/nvidiactl /dev/nvidia-modeset "
    "/dev/snd/controlC1 /dev/snd/hwC1D0 /dev/snd/pcmC1D3p /dev/snd/pcmC1D7p /dev/snd/pcmC1D8p /dev/snd/pcmC1D9p\n"
    "logger -t pitstop win11: prepare: unbind-vtcon 1\n"
    "logger -t pitstop win11: prepare: unbind-fb efi-framebuffer efi-framebuffer.0\n"
    "logger -t pitstop win11: prepare: unload nvidia_drm\n"
    "modprobe -r nvidia_drm\n"
    "logger -t pitstop win11: prepare: unload nvidia_modeset\n"
    "modprobe -r nvidia_modeset\n"
    "logger -t pitstop win11: prepare: unload nvidia_uvm\n"
    "modprobe -r nvidia_uvm\n"
    "logger -t pitstop win11: prepare: unload nvidia\n"
    "modprobe -r nvidia\n"
    "logger -t pitstop win11: prepare: load vfio_pci\n"
    "modprobe vfio_pci\n"
    "logger -t pitstop win11: prepare: to-vfio 0000:01:00.0\n"
    "logger -t pitstop win11: prepare: to-vfio 0000:01:00.1\n"
    "logger -t pitstop win11: prepare: done, the GPU is the VM's\n",
    "logger -t pitstop win11: undo: to-vfio 0000:01:00.1\n"
    "logger -t pitstop win11: undo: to-vfio 0000:01:00.0\n"
    "logger -t pitstop win11: undo: load vfio_pci\n"
    "modprobe -r vfio_pci\n"
    "logger -t pitstop win11: undo: unload nvidia\n"
    "modprobe nvidia\n"
    "logger -t pitstop win11: undo: unload nvidia_uvm\n"
    "modprobe nvidia_uvm\n"
    "logger -t pitstop win11: undo: unload nvidia_modeset\n"
    "modprobe nvidia_modeset\n"
    "logger -t pitstop win11: undo: unload nvidia_drm\n"
    "modprobe nvidia_drm\n"
    "logger -t pitstop win11: undo: unbind-fb efi-framebuffer efi-framebuffer.0\n"
    "logger -t pitstop win11: undo: unbind-vtcon 1\n"
    "logger -t pitstop win11: undo: wait-free\n"
    "logger -t pitstop win11: undo: stop-dm gdm3.service\n"
    "systemctl start gdm3.service\n"
    "logger -t pitstop win11: release: done, the GPU is the host's\n" },
  { "single-nouveau-fedora", "sddm.service",
    "logger -t pitstop win11: prepare: stop-dm sddm.service\n"
    "systemctl stop sddm.service\n"
    "logger -t pitstop win11: prepare: wait-free\n"
    "fuser -s /dev/dri/card0 /dev/dri/renderD128 "
    "/dev/snd/controlC1 /dev/snd/hwC1D0 /dev/snd/pcmC1D3p /dev/snd/pcmC1D7p /dev/snd/pcmC1D8p /dev/snd/pcmC1D9p\n"
    "logger -t pitstop win11: prepare: unbind-vtcon 1\n"
    "logger -t pitstop win11: prepare: unload nouveau\n"
    "modprobe -r nouveau\n"
    "logger -t pitstop win11: prepare: load vfio_pci\n"
    "modprobe vfio_pci\n"
    "logger -t pitstop win11: prepare: to-vfio 0000:07:00.0\n"
    "logger -t pitstop win11: prepare: to-vfio 0000:07:00.1\n"
    "logger -t pitstop win11: prepare: done, the GPU is the VM's\n",
    "logger -t pitstop win11: undo: to-vfio 0000:07:00.1\n"
    "logger -t pitstop win11: undo: to-vfio 0000:07:00.0\n"
    "logger -t pitstop win11: undo: load vfio_pci\n"
    "modprobe -r vfio_pci\n"
    "logger -t pitstop win11: undo: unload nouveau\n"
    "modprobe nouveau\n"
    "logger -t pitstop win11: undo: unbind-vtcon 1\n"
    "logger -t pitstop win11: undo: wait-free\n"
    "logger -t pitstop win11: undo: stop-dm sddm.service\n"
    "systemctl start sddm.service\n"
    "logger -t pitstop win11: release: done, the GPU is the host's\n" },
  { "single-amdgpu-debian", "gdm3.service",
    "logger -t pitstop win11: prepare: stop-dm gdm3.service\n"
    "systemctl stop gdm3.service\n"
    "logger -t pitstop win11: prepare: wait-free\n"
    "fuser -s /dev/dri/card0 /dev/dri/renderD128 "
    "/dev/snd/controlC1 /dev/snd/hwC1D0 /dev/snd/pcmC1D3p /dev/snd/pcmC1D7p /dev/snd/pcmC1D8p /dev/snd/pcmC1D9p\n"
    "logger -t pitstop win11: prepare: unbind-vtcon 1\n"
    "logger -t pitstop win11: prepare: unload amdgpu\n"
    "modprobe -r amdgpu\n"
    "logger -t pitstop win11: prepare: load vfio_pci\n"
    "modprobe vfio_pci\n"
    "logger -t pitstop win11: prepare: to-vfio 0000:0b:00.0\n"
    "logger -t pitstop win11: prepare: to-vfio 0000:0b:00.1\n"
    "logger -t pitstop win11: prepare: done, the GPU is the VM's\n",
    "logger -t pitstop win11: undo: to-vfio 0000:0b:00.1\n"
    "logger -t pitstop win11: undo: to-vfio 0000:0b:00.0\n"
    "logger -t pitstop win11: undo: load vfio_pci\n"
    "modprobe -r vfio_pci\n"
    "logger -t pitstop win11: undo: unload amdgpu\n"
    "modprobe amdgpu\n"
    "logger -t pitstop win11: undo: unbind-vtcon 1\n"
    "logger -t pitstop win11: undo: wait-free\n"
    "logger -t pitstop win11: undo: stop-dm gdm3.service\n"
    "systemctl start gdm3.service\n"
    "logger -t pitstop win11: release: done, the GPU is the host's\n" },
  { "demo:single-gpu", "gdm3.service",
    "logger -t pitstop win11: prepare: stop-dm gdm3.service\n"
    "systemctl stop gdm3.service\n"
    "logger -t pitstop win11: prepare: wait-free\n"
    "fuser -s /dev/dri/card0 /dev/dri/renderD128 "
    "/dev/snd/controlC1 /dev/snd/hwC1D0 /dev/snd/pcmC1D3p /dev/snd/pcmC1D7p /dev/snd/pcmC1D8p /dev/snd/pcmC1D9p\n"
    "logger -t pitstop win11: prepare: unbind-vtcon 1\n"
    "logger -t pitstop win11: prepare: unload amdgpu\n"
    "modprobe -r amdgpu\n"
    "logger -t pitstop win11: prepare: load vfio_pci\n"
    "modprobe vfio_pci\n"
    "logger -t pitstop win11: prepare: to-vfio 0000:0b:00.0\n"
    "logger -t pitstop win11: prepare: to-vfio 0000:0b:00.1\n"
    "logger -t pitstop win11: prepare: done, the GPU is the VM's\n",
    "logger -t pitstop win11: undo: to-vfio 0000:0b:00.1\n"
    "logger -t pitstop win11: undo: to-vfio 0000:0b:00.0\n"
    "logger -t pitstop win11: undo: load vfio_pci\n"
    "modprobe -r vfio_pci\n"
    "logger -t pitstop win11: undo: unload amdgpu\n"
    "modprobe amdgpu\n"
    "logger -t pitstop win11: undo: unbind-vtcon 1\n"
    "logger -t pitstop win11: undo: wait-free\n"
    "logger -t pitstop win11: undo: stop-dm gdm3.service\n"
    "systemctl start gdm3.service\n"
    "logger -t pitstop win11: release: done, the GPU is the host's\n" },
};

static const char * const stubs[] = { "systemctl", "modprobe", "fuser", "logger", "sleep", NULL };
static const char * const tools[] = { "cat", "grep", "sed", "readlink", "basename", "mkdir", "rm", "rmdir",
                                      "mv", NULL };

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
  "exit 0\n";

static char *
write_hook (const char *root,
            const char *target_dir)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PitHostPlanRequest) request = pit_host_plan_request_new ();
  PitPlanFacts *facts = pit_plan_facts_probe (root, NULL, &error);
  g_autoptr(PitHostPlan) plan = NULL;
  g_autofree char *text = NULL;
  char *path = g_build_filename (target_dir, "pitstop-" VM, NULL);

  g_assert_no_error (error);
  g_assert_true (pit_host_plan_request_set_single_gpu (request, VM, NULL));
  plan = pit_host_plan_new (facts, request, root, &error);
  g_assert_no_error (error);
  text = pit_host_plan_render (plan, PIT_HOST_PLAN_TARGET_LIBVIRT_HOOK, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (text, "#!/bin/sh\n"));
  g_assert_true (g_file_set_contents (path, text, -1, &error));
  g_assert_no_error (error);
  return path;
}

/* The tree of @host: a recorded one, or the single-GPU demo host's */
static char *
host_root (const Host *host)
{
  if (g_str_equal (host->tree, "demo:single-gpu"))
    return g_build_filename (g_getenv ("PITSTOP_DEMO_DIR"), "single-gpu", "host-root", NULL);
  return pit_test_fixture_path ("hosts", host->tree, NULL);
}

/* The demo host's hook as pitstop-cli host-plan --single-gpu prints it */
static char *
write_cli_hook (const char *root,
                const char *target_dir)
{
  const char *argv[] = { "host-plan", "--root", root, "--single-gpu", "--vm", VM, "--target", "libvirt-hook",
                         NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  char *path = g_build_filename (target_dir, "pitstop-" VM, NULL);

  g_assert_cmpint (pit_test_run_cli (argv, &out, &err), ==, 0);
  g_assert_cmpstr (err, ==, "");
  g_assert_true (g_str_has_prefix (out, "#!/bin/sh\n# READ THIS FIRST. Starting win11 stops the display "
                                        "manager (gdm3.service):\n# every window of the host's desktop closes"));
  g_assert_true (g_file_set_contents (path, out, -1, NULL));
  return path;
}

static World *
world_new (const Host *host)
{
  World *w = g_new0 (World, 1);
  g_autofree char *fixture = host_root (host);
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
  /* the hook depends on the tree, not on where its copy is: made once */
  w->hook = g_strdup_printf ("%s/%s.hook", tmp, g_str_has_prefix (host->tree, "demo:") ? "demo" : host->tree);
  if (!g_file_test (w->hook, G_FILE_TEST_EXISTS))
    {
      g_autofree char *made = g_str_has_prefix (host->tree, "demo:") ? write_cli_hook (fixture, tmp)
                                                                     : write_hook (fixture, tmp);

      g_assert_cmpint (g_rename (made, w->hook), ==, 0);
    }
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

/* The last call that is not a journal line, with its newline */
static const char *
last_command (const char *log)
{
  static char line[512];
  g_auto(GStrv) lines = g_strsplit (log, "\n", -1);

  *line = '\0';
  for (guint i = 0; lines[i] != NULL; i++)
    if (*lines[i] != '\0' && !g_str_has_prefix (lines[i], "logger "))
      g_snprintf (line, sizeof line, "%s\n", lines[i]);
  return line;
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

static GHashTable *
snapshot (const char *root)
{
  return snapshot_full (root, FALSE);
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

static void
assert_same_tree (GHashTable *before,
                  World      *w,
                  const char *what)
{
  g_autoptr(GHashTable) now = snapshot (w->root);
  g_autofree char *diff = differences (before, now);

  if (*diff != '\0')
    g_error ("%s: the fake root changed:\n%s", what, diff);
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

/* The display manager runs at the end: stopped only if started again after */
static void
assert_manager_running (const Host *host,
                        const char *log)
{
  g_autofree char *stop = g_strdup_printf ("systemctl stop %s\n", host->manager);
  g_autofree char *start = g_strdup_printf ("systemctl start %s\n", host->manager);
  const char *last_stop = g_strrstr (log, stop);
  const char *last_start = g_strrstr (log, start);

  if (last_stop != NULL && (last_start == NULL || last_start < last_stop))
    g_error ("%s is left stopped:\n%s", host->manager, log);
}

/* --- the tests -------------------------------------------------------------- */

/* The order of every step on "prepare begin" and "release end"; release
 * gives the tree back as it was; the second of each phase changes nothing */
static void
test_lifecycle (gconstpointer data)
{
  const Host *host = data;
  g_autoptr(World) w = world_new (host);
  g_autoptr(GHashTable) original = snapshot (w->root);
  g_autoptr(GHashTable) prepared = NULL;
  g_autofree char *err = NULL;
  g_autofree char *log = NULL;
  g_autofree char *vtcon = NULL;
  g_autofree char *record = NULL;

  /* other VMs and other operations: nothing at all */
  g_assert_cmpint (run_hook (w, "fedora-server", "prepare", "begin", NULL, 0, &err), ==, 0);
  log = calls (w);
  g_assert_cmpstr (log, ==, "");
  g_clear_pointer (&log, g_free);
  g_assert_cmpint (run_hook (w, VM, "started", "begin", NULL, 0, &err), ==, 0);
  g_assert_cmpint (run_hook (w, VM, "prepare", "end", NULL, 0, &err), ==, 0);
  log = calls (w);
  g_assert_cmpstr (log, ==, "");
  g_clear_pointer (&log, g_free);
  assert_same_tree (original, w, "other VMs and operations");

  /* release without prepare: harmless */
  g_assert_cmpint (run_hook (w, VM, "release", "end", NULL, 0, &err), ==, 0);
  log = calls (w);
  g_assert_cmpstr (log, ==, "logger -t pitstop win11: release: done, the GPU is the host's\n");
  g_clear_pointer (&log, g_free);
  assert_same_tree (original, w, "release without prepare");

  g_assert_cmpint (run_hook (w, VM, "prepare", "begin", NULL, 0, &err), ==, 0);
  g_assert_cmpstr (err, ==, "");
  log = calls (w);
  g_assert_cmpstr (log, ==, host->expected_prepare);
  g_clear_pointer (&log, g_free);
  vtcon = read_root (w, "sys/class/vtconsole/vtcon1/bind");
  g_assert_cmpstr (vtcon, ==, "0\n");
  record = read_root (w, "run/pitstop-single-gpu/" VM);
  g_assert_nonnull (record);
  g_assert_true (g_str_has_prefix (record, "stop-dm "));
  prepared = snapshot (w->root);

  /* a second prepare changes nothing */
  g_assert_cmpint (run_hook (w, VM, "prepare", "begin", NULL, 0, &err), ==, 0);
  log = calls (w);
  g_assert_cmpstr (log, ==, "logger -t pitstop win11: prepare: done already\n");
  g_clear_pointer (&log, g_free);
  assert_same_tree (prepared, w, "second prepare");

  g_assert_cmpint (run_hook (w, VM, "release", "end", NULL, 0, &err), ==, 0);
  g_assert_cmpstr (err, ==, "");
  log = calls (w);
  g_assert_cmpstr (log, ==, host->expected_release);
  g_clear_pointer (&log, g_free);
  assert_same_tree (original, w, "prepare then release");

  /* a second release changes nothing */
  g_assert_cmpint (run_hook (w, VM, "release", "end", NULL, 0, &err), ==, 0);
  log = calls (w);
  g_assert_cmpstr (log, ==, "logger -t pitstop win11: release: done, the GPU is the host's\n");
  assert_same_tree (original, w, "second release");
}

/* What prepare writes into the fake root: the files that differ after it,
 * byte for byte (the record aside) */
static GPtrArray *
written_files (const Host *host)
{
  g_autoptr(World) w = world_new (host);
  g_autoptr(GHashTable) before = snapshot_full (w->root, TRUE);
  g_autoptr(GHashTable) after = NULL;
  g_autofree char *err = NULL;
  GPtrArray *files = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter iter;
  gpointer key, value;

  g_assert_cmpint (run_hook (w, VM, "prepare", "begin", NULL, 0, &err), ==, 0);
  after = snapshot_full (w->root, TRUE);
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
  const Host *host = data;
  g_autoptr(World) good = world_new (host);
  g_autoptr(World) w = NULL;
  g_autoptr(GPtrArray) files = written_files (host);
  g_autoptr(GHashTable) before = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_auto(GStrv) lines = NULL;
  g_autofree char *err = NULL;
  g_autofree char *good_log = NULL;
  guint injected = 0;

  g_assert_cmpint (run_hook (good, VM, "prepare", "begin", NULL, 0, &err), ==, 0);
  good_log = calls (good);
  g_clear_pointer (&good, world_free);

  /* One copy of the tree for all: each failed run must leave it as it was,
   * which is what is checked after each */
  w = world_new (host);
  before = snapshot (w->root);
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
      g_assert_cmpint (run_hook (w, VM, "prepare", "begin", fail, 0, &err), !=, 0);
      g_assert_nonnull (strstr (err, "could not free the GPU"));
      log = calls (w);
      assert_manager_running (host, log);
      assert_same_tree (before, w, fail);
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
      g_assert_cmpint (run_hook (w, VM, "prepare", "begin", NULL, 0, &err), !=, 0);
      g_assert_cmpint (g_rmdir (path), ==, 0);
      g_assert_true (g_file_set_contents (path, saved, -1, NULL));
      log = calls (w);
      assert_manager_running (host, log);
      assert_same_tree (before, w, file);
      injected++;
    }

  /* busy past the time limit: 30 waits of a second, then the way back */
  {
    g_autofree char *log = NULL;

    g_assert_cmpint (run_hook (w, VM, "prepare", "begin", NULL, 1000, &err), !=, 0);
    log = calls (w);
    g_assert_cmpuint (count_calls (log, "sleep"), ==, 30);
    g_assert_cmpuint (count_calls (log, "fuser"), ==, 31);
    g_assert_cmpuint (count_calls (log, "modprobe"), ==, 0);
    g_assert_nonnull (strstr (log, "still in use after 30 seconds"));
    assert_manager_running (host, log);
    assert_same_tree (before, w, "busy");
    injected++;
  }

  /* sleep itself failing while waiting */
  for (guint i = 1; i <= 2; i++)
    {
      g_autofree char *fail = g_strdup_printf ("sleep:%u", i);
      g_autofree char *log = NULL;

      g_assert_cmpint (run_hook (w, VM, "prepare", "begin", fail, 2, &err), !=, 0);
      log = calls (w);
      assert_manager_running (host, log);
      assert_same_tree (before, w, fail);
      injected++;
    }
  /* busy twice, then free: the hook waits and goes on */
  {
    g_autofree char *log = NULL;

    g_assert_cmpint (run_hook (w, VM, "prepare", "begin", NULL, 2, &err), ==, 0);
    log = calls (w);
    g_assert_cmpuint (count_calls (log, "sleep"), ==, 2);
  }
  g_test_message ("%s: %u failures injected", host->tree, injected);
}

/* A release whose step fails goes on with the others, starts the display
 * manager, exits non-zero and keeps what failed; the next release finishes */
static void
test_release_failures (gconstpointer data)
{
  const Host *host = data;
  g_autoptr(World) w = world_new (host);
  g_autoptr(GHashTable) original = snapshot (w->root);
  g_autofree char *err = NULL;
  g_autofree char *release_log = NULL;

  g_assert_cmpint (run_hook (w, VM, "prepare", "begin", NULL, 0, &err), ==, 0);
  g_assert_cmpint (run_hook (w, VM, "release", "end", NULL, 0, &err), ==, 0);
  release_log = calls (w);

  for (guint s = 0; stubs[s] != NULL; s++)
    {
      guint n = count_calls (release_log, stubs[s]);

      if (g_str_equal (stubs[s], "logger"))
        continue;  /* release logs to standard error when the journal fails */
      /* one copy of the tree for all: each round ends as it began (checked) */
      for (guint i = 1; i <= n; i++)
        {
          g_autofree char *fail = g_strdup_printf ("%s:%u", stubs[s], i);
          g_autofree char *log = NULL;
          g_autofree char *record = NULL;
          g_autofree char *start = g_strdup_printf ("systemctl start %s\n", host->manager);

          g_assert_cmpint (run_hook (w, VM, "prepare", "begin", NULL, 0, &err), ==, 0);
          g_assert_cmpint (run_hook (w, VM, "release", "end", fail, 0, &err), !=, 0);
          log = calls (w);
          /* every step was tried: the display manager came last */
          g_assert_cmpstr (last_command (log), ==, start);
          record = read_root (w, "run/pitstop-single-gpu/" VM);
          g_assert_nonnull (record);
          g_assert_cmpuint (strlen (record), >, 0);
          g_assert_null (strchr (record, '\n') != NULL ? strchr (strchr (record, '\n') + 1, '\n') : NULL);
          g_assert_cmpint (run_hook (w, VM, "release", "end", NULL, 0, &err), ==, 0);
          assert_same_tree (original, w, fail);
        }
    }
}

/* A journal that does not work: prepare refuses (nothing is logged, so
 * nothing is done); release gives everything back all the same */
static void
test_logger_release (void)
{
  g_autoptr(World) w = world_new (&hosts[2]);
  g_autoptr(GHashTable) original = snapshot (w->root);
  g_autofree char *err = NULL;

  g_assert_cmpint (run_hook (w, VM, "prepare", "begin", NULL, 0, &err), ==, 0);
  g_assert_cmpint (run_hook (w, VM, "release", "end", "logger:1", 0, &err), ==, 0);
  g_assert_nonnull (strstr (err, "pitstop: win11: undo: to-vfio 0000:0b:00.1"));
  assert_same_tree (original, w, "release with a failing logger");
}

/* sh -n and shellcheck on every hook; no path outside $root */
static void
test_lint (gconstpointer data)
{
  const Host *host = data;
  g_autoptr(World) w = world_new (host);
  g_autofree char *shellcheck = g_find_program_in_path ("shellcheck");
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
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

  /* every absolute path of a command line is under $root */
  g_assert_true (g_file_get_contents (w->hook, &text, NULL, NULL));
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *dirs[] = { "/sys/", "/dev/", "/run/", "/proc/", "/etc/", NULL };
      const char *line = lines[i] + strspn (lines[i], " ");

      if (*line == '#')
        continue;
      for (guint d = 0; dirs[d] != NULL; d++)
        for (const char *p = strstr (line, dirs[d]); p != NULL; p = strstr (p + 1, dirs[d]))
          if (!(p - line >= 5 && strncmp (p - 5, "$root", 5) == 0)
              && !(p - line >= 3 && strncmp (p - 3, "dev", 3) == 0)   /* 2>/dev/null */
              && !g_str_has_prefix (p, "/dev/null"))
            g_error ("a path outside $root: %s", line);
    }
}

/* The NixOS form of each hook parses */
static void
test_nixos (gconstpointer data)
{
  const Host *host = data;
  g_autofree char *nix = g_find_program_in_path ("nix-instantiate");
  g_autofree char *fixture = host_root (host);
  const char *names[] = { VM, "Win 11's \"gaming\" ${x}", NULL };

  if (nix == NULL)
    {
      g_test_skip ("nix-instantiate is not installed (apt install nix-bin)");
      return;
    }
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(PitHostPlanRequest) request = pit_host_plan_request_new ();
      PitPlanFacts *facts = pit_plan_facts_probe (fixture, NULL, &error);
      g_autoptr(PitHostPlan) plan = NULL;
      g_autofree char *text = NULL;
      g_autofree char *path = g_build_filename (tmp, "hook.nix", NULL);
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      const char *argv[] = { nix, "--parse", path, NULL };
      int status;

      g_assert_true (pit_host_plan_request_set_single_gpu (request, names[i], NULL));
      plan = pit_host_plan_new (facts, request, fixture, &error);
      g_assert_no_error (error);
      text = pit_host_plan_render (plan, PIT_HOST_PLAN_TARGET_NIXOS, &error);
      g_assert_no_error (error);
      g_assert_nonnull (strstr (text, "virtualisation.libvirtd.hooks.qemu."));
      g_assert_true (g_file_set_contents (path, text, -1, NULL));
      g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out,
                                   NULL, &status, NULL));
      if (!g_spawn_check_wait_status (status, NULL))
        g_error ("nix-instantiate --parse fails on:\n%s", text);
      /* the script's own ${ and '' are escaped, the PATH line is Nix's */
      g_assert_nonnull (strstr (out, "makeBinPath"));
    }
}

int
main (int    argc,
      char **argv)
{
  int ret;

  g_test_init (&argc, &argv, NULL);

  tmp = g_dir_make_tmp ("pitstop-single-gpu-XXXXXX", NULL);
  g_assert_nonnull (tmp);

  for (guint i = 0; i < G_N_ELEMENTS (hosts); i++)
    {
      g_autofree char *lifecycle = g_strdup_printf ("/plan/single-gpu/%s/lifecycle", hosts[i].tree);
      g_autofree char *failures = g_strdup_printf ("/plan/single-gpu/%s/failures", hosts[i].tree);
      g_autofree char *release = g_strdup_printf ("/plan/single-gpu/%s/release-failures", hosts[i].tree);
      g_autofree char *lint = g_strdup_printf ("/plan/single-gpu/%s/lint", hosts[i].tree);
      g_autofree char *nixos = g_strdup_printf ("/plan/single-gpu/%s/nixos", hosts[i].tree);

      g_test_add_data_func (lifecycle, &hosts[i], test_lifecycle);
      if (g_str_has_prefix (hosts[i].tree, "demo:"))
        {
          /* the same machine as single-amdgpu-debian: its failures are tested there */
          g_test_add_data_func (lint, &hosts[i], test_lint);
          continue;
        }
      g_test_add_data_func (failures, &hosts[i], test_failures);
      g_test_add_data_func (release, &hosts[i], test_release_failures);
      g_test_add_data_func (lint, &hosts[i], test_lint);
      g_test_add_data_func (nixos, &hosts[i], test_nixos);
    }
  g_test_add_func ("/plan/single-gpu/logger-release", test_logger_release);

  ret = g_test_run ();
  {
    const char *rm[] = { "rm", "-rf", "--", tmp, NULL };

    g_spawn_sync (NULL, (char **) rm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
  }
  g_free (tmp);
  return ret;
}
