/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "hook-test-lint.h"
#include "hook-test-tree.h"
#include "hook-test-world.h"
#include "pit-host-plan.h"
#include "pit-test-support.h"

/* CPU isolation while a VM runs (host-plan --isolate-vm): the hook, run for
 * real with /bin/sh on a COPY of a recorded host tree ($PITSTOP_HOOK_ROOT)
 * with stub systemctl, logger (and, combined with single-GPU, modprobe,
 * fuser, sleep) first on PATH, which record their calls.  PATH holds
 * nothing else but links to a few harmless tools (tools[]), so the host's
 * own systemctl cannot be reached even by mistake (hook-test-world.h).
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

static const char * const tools[] = { "cat", "grep", "sed", "readlink", "basename", "mkdir", "rm", "rmdir",
                                      "mv", "ls", NULL };

static char *tmp;

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
  g_autoptr(PitHostPlanRequest) request = pit_host_plan_request_new ();
  char *path = g_build_filename (target_dir, "pitstop-" VM, NULL);

  if (host->single_gpu)
    g_assert_true (pit_host_plan_request_set_single_gpu (request, VM, NULL));
  g_assert_true (pit_host_plan_request_set_isolate_vm (request, VM, host->pins, NULL));
  hook_test_write_hook (root, request, path);
  return path;
}

static HookTestWorld *
world_new (const Host *host)
{
  g_autofree char *fixture = pit_test_fixture_path ("hosts", host->tree, NULL);
  HookTestWorld *w = hook_test_world_new (tmp, fixture, tools);

  hook_test_world_set_stub_env (w, "STUB_ALLOWED", ALLOWED_BEFORE);
  refuse_irq_zero (w->root);
  w->hook = write_hook (host, fixture, w->dir);
  return w;
}

/* --- the tests -------------------------------------------------------------- */

static char *
root_file (HookTestWorld *w,
           const char    *format,
           ...) G_GNUC_PRINTF (2, 3);

static char *
root_file (HookTestWorld *w,
           const char    *format,
           ...)
{
  va_list args;
  g_autofree char *rel = NULL;

  va_start (args, format);
  rel = g_strdup_vprintf (format, args);
  va_end (args);
  return hook_test_world_read (w, rel);
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

/* byte for byte, except the GPU part's trigger files */
static HookTestTreeView
view_of (const Host *host)
{
  return host->single_gpu ? HOOK_TEST_TREE_AS_SHOWN : HOOK_TEST_TREE_BYTES;
}

static GHashTable *
tree_of (HookTestWorld *w,
         const Host    *host)
{
  return hook_test_tree_snapshot (w->root, view_of (host));
}

static void
assert_tree (GHashTable    *before,
             HookTestWorld *w,
             const Host    *host,
             const char    *what)
{
  hook_test_tree_assert_same (before, w->root, view_of (host), what);
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
  g_autoptr(HookTestWorld) w = world_new (host);
  g_autoptr(GHashTable) before = tree_of (w, host);
  g_autofree char *err = NULL;
  g_autofree char *log = NULL;
  g_autofree char *slices = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *host_mask = g_strconcat (host->host_mask, "\n", NULL);
  g_autofree char *full_mask = g_strconcat (host->full_mask, "\n", NULL);
  g_autofree char *governor = g_strconcat (host->governor, "\n", NULL);
  guint first_pinned = (guint) g_ascii_strtoull (host->pins, NULL, 10);

  g_assert_cmpint (hook_test_world_run (w, VM, "prepare", "begin", NULL, 0, &err), ==, 0);
  log = hook_test_world_calls (w);
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
  g_assert_cmpint (hook_test_world_run (w, VM, "prepare", "begin", NULL, 0, &err), ==, 0);
  g_free (log);
  log = hook_test_world_calls (w);
  g_assert_cmpuint (hook_test_count_calls (log, "systemctl"), ==, 0);

  /* the host changes some of it while the VM runs */
  {
    g_autofree char *gov = g_strdup_printf ("sys/devices/system/cpu/cpu%u/cpufreq/scaling_governor", first_pinned);

    put (w->root, "proc/irq/1/smp_affinity", "1\n");
    put (w->root, gov, "ondemand\n");
  }

  g_assert_cmpint (hook_test_world_run (w, VM, "release", "end", NULL, 0, &err), ==, 0);
  g_free (log);
  log = hook_test_world_calls (w);
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
  g_assert_cmpint (hook_test_world_run (w, VM, "release", "end", NULL, 0, &err), ==, 0);
  g_free (log);
  log = hook_test_world_calls (w);
  g_assert_cmpuint (hook_test_count_calls (log, "systemctl"), ==, 0);
  assert_tree (before, w, host, "after the second release");
}

/* release with no prepare before it changes nothing and succeeds */
static void
test_release_alone (gconstpointer data)
{
  const Host *host = data;
  g_autoptr(HookTestWorld) w = world_new (host);
  g_autoptr(GHashTable) before = tree_of (w, host);
  g_autofree char *err = NULL;
  g_autofree char *log = NULL;

  g_assert_cmpint (hook_test_world_run (w, VM, "release", "end", NULL, 0, &err), ==, 0);
  log = hook_test_world_calls (w);
  g_assert_cmpuint (hook_test_count_calls (log, "systemctl"), ==, 0);
  assert_tree (before, w, host, "release without prepare");
  /* another VM's start: nothing at all */
  g_assert_cmpint (hook_test_world_run (w, "other-vm", "prepare", "begin", NULL, 0, &err), ==, 0);
  g_free (log);
  log = hook_test_world_calls (w);
  g_assert_cmpstr (log, ==, "");
}

/* A failure at every step (each logger and systemctl call in turn): the
 * hook exits non-zero and the tree is as before, or it succeeds (the call
 * was only a journal line) and release gives the tree back */
static void
test_failures (gconstpointer data)
{
  const Host *host = data;
  g_autoptr(HookTestWorld) w = world_new (host);
  g_autoptr(GHashTable) before = tree_of (w, host);
  g_autofree char *err = NULL;
  g_autofree char *log = NULL;
  const char *names[] = { "logger", "systemctl", NULL };
  guint refused = 0;
  guint steps;

  g_assert_cmpint (hook_test_world_run (w, VM, "prepare", "begin", NULL, 0, &err), ==, 0);
  log = hook_test_world_calls (w);
  g_assert_cmpint (hook_test_world_run (w, VM, "release", "end", NULL, 0, &err), ==, 0);
  assert_tree (before, w, host, "a clean run");
  steps = hook_test_count_calls (log, "logger") - 1;

  for (guint k = 0; names[k] != NULL; k++)
    {
      guint n_calls = hook_test_count_calls (log, names[k]);

      for (guint n = 1; n <= n_calls; n++)
        {
          g_autofree char *fail = g_strdup_printf ("%s:%u", names[k], n);
          int status = hook_test_world_run (w, VM, "prepare", "begin", fail, 0, &err);

          if (status != 0)
            {
              refused++;
              g_assert_nonnull (strstr (err, "could not keep the host off the VM's CPUs"));
              assert_tree (before, w, host, fail);
            }
          else
            {
              g_assert_cmpint (hook_test_world_run (w, VM, "release", "end", NULL, 0, &err), ==, 0);
              assert_tree (before, w, host, fail);
            }
        }
    }
  /* every step's journal line and every systemctl call can stop it */
  g_assert_cmpuint (refused, >=, steps);
}

/* sh -n, shellcheck and nix-instantiate --parse; no path outside $root */
static void
test_lint (gconstpointer data)
{
  const Host *host = data;
  g_autoptr(HookTestWorld) w = world_new (host);
  g_autofree char *nix = g_find_program_in_path ("nix-instantiate");

  hook_test_lint_shell (w->hook);
  if (nix != NULL)
    {
      g_autofree char *fixture = pit_test_fixture_path ("hosts", host->tree, NULL);
      g_autofree char *pins = g_strdup_printf ("--isolate-vm-cpus=%s", host->pins);
      const char *cli[] = { "host-plan", "--root", fixture, "--isolate-vm", VM, pins, "--target", "nixos", NULL };
      g_autofree char *out = NULL;
      g_autofree char *cli_err = NULL;
      g_autofree char *path = g_build_filename (w->dir, "hook.nix", NULL);
      g_autofree char *parsed = NULL;

      g_assert_cmpint (pit_test_run_cli (cli, &out, &cli_err), ==, 0);
      parsed = hook_test_nix_parse (nix, out, path);
    }
  else
    g_test_message ("nix-instantiate is not installed (apt install nix-bin): no NixOS parse");
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
  g_test_init (&argc, &argv, NULL);

  tmp = hook_test_scratch_new ("pitstop-isolation-XXXXXX");

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

  return hook_test_run_tests (tmp);
}
