/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdio.h>
#include <unistd.h>

#include "host-test.h"

/* libvirt's expected file: "CPUs: 6/8, MHz: 1596, Nodes: 1, Sockets: 1, Cores: 4, Threads: 2" */
typedef struct
{
  guint online, total, nodes, sockets, cores, threads;
} Expected;

static Expected
read_expected (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "expected", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  Expected e = { 0 };
  guint mhz;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sscanf (text, "CPUs: %u/%u, MHz: %u, Nodes: %u, Sockets: %u, Cores: %u, Threads: %u",
                           &e.online, &e.total, &mhz, &e.nodes, &e.sockets, &e.cores, &e.threads), ==, 7);
  return e;
}

static void
test_corpus_topology (void)
{
  g_autofree char *base = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *name;
  guint checked = 0;

  if (pit_test_skip_without_corpus ())
    return;

  base = pit_test_corpus_path ("host-cpu", NULL);
  dir = g_dir_open (base, 0, NULL);
  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *root = g_build_filename (base, name, NULL);
      g_autoptr(PitHostInventory) inventory = host_test_probe (root, NULL);
      PitHostCpuTopology *cpu = pit_host_inventory_get_cpu (inventory);
      Expected e = read_expected (root);
      /* libvirt lies when its per-node product does not add up (it then
       * reports 1 node × 1 socket × all CPUs as cores × 1 thread; see
       * virHostCPUGetInfoPopulateLinux); we report the real sockets */
      gboolean libvirt_fallback = e.nodes == 1 && e.sockets == 1 && e.threads == 1 && e.cores == e.total
                                  && cpu->sockets > 1;

      g_test_message ("%s: %u/%u CPUs, %u nodes, %u sockets, %u cores, %u threads", name,
                      pit_host_cpu_topology_get_n_online (cpu), cpu->cpus->len, cpu->numa_nodes,
                      cpu->sockets, cpu->cores, cpu->threads_per_core);
      g_assert_cmpuint (pit_host_cpu_topology_get_n_online (cpu), ==, e.online);
      g_assert_cmpuint (cpu->online->len, ==, e.online);
      g_assert_cmpuint (cpu->present->len, ==, e.total);
      g_assert_cmpuint (cpu->numa_nodes, ==, e.nodes);
      g_assert_cmpuint (cpu->threads_per_core, ==, e.threads);
      /* libvirt's Sockets and Cores are per NUMA node */
      g_assert_cmpuint (cpu->cores, ==, e.cores * e.sockets * e.nodes);
      if (!libvirt_fallback)
        g_assert_cmpuint (cpu->sockets, ==, e.sockets * e.nodes);
      checked++;
    }
  g_assert_cmpuint (checked, >=, 5);
}

static void
test_corpus_offline (void)
{
  g_autofree char *root = NULL;
  g_autoptr(PitHostInventory) inventory = NULL;
  PitHostCpuTopology *cpu;
  PitHostCpu *five, *one, *zero;

  if (pit_test_skip_without_corpus ())
    return;

  /* online 0-4,6 of 0-7: offline CPUs have no topology, and are not guessed */
  root = pit_test_corpus_path ("host-cpu", "x86_64-test6", NULL);
  inventory = host_test_probe (root, NULL);
  cpu = pit_host_inventory_get_cpu (inventory);
  five = pit_host_cpu_topology_get_cpu (cpu, 5);
  one = pit_host_cpu_topology_get_cpu (cpu, 1);
  zero = pit_host_cpu_topology_get_cpu (cpu, 0);
  g_assert_false (five->online);
  g_assert_cmpint (five->core, ==, -1);
  g_assert_null (five->siblings);
  /* the kernel lists online siblings only: CPU 1's twin 5 is offline */
  g_assert_true (one->online);
  g_assert_cmpuint (one->siblings->len, ==, 1);
  g_assert_cmpuint (zero->siblings->len, ==, 2);
  g_assert_cmpuint (g_array_index (zero->siblings, guint, 1), ==, 4);
  g_assert_cmpint (one->node, ==, 0);
  /* the tree has no /proc/cpuinfo: not an error, the vendor is unknown */
  g_assert_cmpint (cpu->vendor, ==, PIT_HOST_CPU_VENDOR_UNKNOWN);
  g_assert_null (cpu->virtualization);
  g_assert_false (host_test_has_problem (inventory, "cpuinfo"));
}

static void
test_story (void)
{
  g_autoptr(PitHostInventory) inventory = host_test_probe_tree ("story-nouveau", NULL);
  PitHostCpuTopology *cpu = pit_host_inventory_get_cpu (inventory);

  g_assert_cmpuint (cpu->cpus->len, ==, 8);
  g_assert_cmpuint (cpu->sockets, ==, 1);
  g_assert_cmpuint (cpu->cores, ==, 4);
  g_assert_cmpuint (cpu->threads_per_core, ==, 2);
  g_assert_cmpuint (cpu->numa_nodes, ==, 1);
  g_assert_cmpint (cpu->vendor, ==, PIT_HOST_CPU_VENDOR_INTEL);
  g_assert_cmpstr (cpu->virtualization, ==, "vmx");
  g_assert_cmpstr (cpu->model_name, ==, "Intel(R) Core(TM) i7-6700K CPU @ 4.00GHz");
  g_assert_false (cpu->hybrid);

  /* CPU n and n+4 are the two threads of core n, as Intel numbers them */
  for (guint id = 0; id < 8; id++)
    {
      PitHostCpu *c = pit_host_cpu_topology_get_cpu (cpu, id);

      g_assert_nonnull (c);
      g_assert_true (c->online);
      g_assert_cmpint (c->socket, ==, 0);
      g_assert_cmpint (c->die, ==, 0);
      g_assert_cmpint (c->core, ==, (int) (id % 4));
      g_assert_cmpint (c->node, ==, 0);
      g_assert_cmpint (c->kind, ==, PIT_HOST_CPU_KIND_STANDARD);
      g_assert_cmpuint (c->siblings->len, ==, 2);
      g_assert_cmpuint (g_array_index (c->siblings, guint, 0), ==, id % 4);
      g_assert_cmpuint (g_array_index (c->siblings, guint, 1), ==, id % 4 + 4);
    }
  g_assert_null (pit_host_cpu_topology_get_cpu (cpu, 8));
}

static void
test_amd (void)
{
  g_autoptr(PitHostInventory) inventory = host_test_probe_tree ("amd-fedora-usb-group", NULL);
  PitHostCpuTopology *cpu = pit_host_inventory_get_cpu (inventory);
  PitHostCpu *three = pit_host_cpu_topology_get_cpu (cpu, 3);

  g_assert_cmpint (cpu->vendor, ==, PIT_HOST_CPU_VENDOR_AMD);
  g_assert_cmpstr (cpu->vendor_id, ==, "AuthenticAMD");
  g_assert_cmpstr (cpu->virtualization, ==, "svm");
  g_assert_cmpuint (cpu->cores, ==, 8);
  g_assert_cmpuint (cpu->threads_per_core, ==, 2);
  g_assert_cmpuint (g_array_index (three->siblings, guint, 1), ==, 11);
}

static void
test_no_smt (void)
{
  g_autoptr(PitHostInventory) inventory = host_test_probe_tree ("debian-iommu-off", NULL);
  PitHostCpuTopology *cpu = pit_host_inventory_get_cpu (inventory);

  g_assert_cmpuint (cpu->cpus->len, ==, 6);
  g_assert_cmpuint (cpu->cores, ==, 6);
  g_assert_cmpuint (cpu->threads_per_core, ==, 1);
}

static void
test_hybrid (void)
{
  g_autoptr(PitHostInventory) inventory = host_test_probe_tree ("intel-hybrid-arch", NULL);
  PitHostCpuTopology *cpu = pit_host_inventory_get_cpu (inventory);
  guint performance = 0, efficiency = 0;

  g_assert_true (cpu->hybrid);
  g_assert_cmpuint (cpu->cpus->len, ==, 20);
  g_assert_cmpuint (cpu->cores, ==, 12);         /* 8 P-cores + 4 E-cores */
  g_assert_cmpuint (cpu->threads_per_core, ==, 2);
  for (guint i = 0; i < cpu->cpus->len; i++)
    {
      PitHostCpu *c = cpu->cpus->pdata[i];

      if (c->kind == PIT_HOST_CPU_KIND_PERFORMANCE)
        {
          performance++;
          g_assert_cmpuint (c->id, <, 16);
          g_assert_cmpuint (c->siblings->len, ==, 2);
        }
      else
        {
          g_assert_cmpint (c->kind, ==, PIT_HOST_CPU_KIND_EFFICIENCY);
          efficiency++;
          g_assert_cmpuint (c->siblings->len, ==, 1);
        }
    }
  g_assert_cmpuint (performance, ==, 16);
  g_assert_cmpuint (efficiency, ==, 4);
  g_assert_cmpstr (pit_host_cpu_kind_to_id (PIT_HOST_CPU_KIND_EFFICIENCY), ==, "efficiency");
}

static void
test_live_host (void)
{
  g_autoptr(PitHostInventory) inventory = host_test_probe ("/", NULL);
  PitHostCpuTopology *cpu = pit_host_inventory_get_cpu (inventory);
  long online = sysconf (_SC_NPROCESSORS_ONLN);

  /* whatever machine runs the tests: the kernel's own count agrees */
  if (!g_file_test ("/sys/devices/system/cpu/online", G_FILE_TEST_EXISTS))
    {
      g_test_skip ("no /sys on this machine");
      return;
    }
  g_assert_cmpint (pit_host_cpu_topology_get_n_online (cpu), ==, online);
  g_assert_cmpuint (cpu->cores * cpu->threads_per_core, >=, (guint) online);
  g_assert_cmpuint (cpu->sockets, >=, 1);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/host/cpu/corpus-topology", test_corpus_topology);
  g_test_add_func ("/host/cpu/corpus-offline", test_corpus_offline);
  g_test_add_func ("/host/cpu/story", test_story);
  g_test_add_func ("/host/cpu/amd", test_amd);
  g_test_add_func ("/host/cpu/no-smt", test_no_smt);
  g_test_add_func ("/host/cpu/hybrid", test_hybrid);
  g_test_add_func ("/host/cpu/live-host", test_live_host);

  return g_test_run ();
}
