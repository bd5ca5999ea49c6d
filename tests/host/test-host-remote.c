/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <libvirt/libvirt.h>

#include "host-test.h"
#include "pit-demo.h"
#include "pit-error.h"
#include "pit-host-remote.h"

static char *
read_corpus (const char *folder,
             const char *name)
{
  g_autofree char *path = pit_test_corpus_path (folder, name, NULL);
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  return text;
}

static void
test_capabilities_corpus (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(GDir) listing = NULL;
  const char *name;
  guint parsed = 0;

  if (pit_test_skip_without_corpus ())
    return;

  dir = pit_test_corpus_path ("capabilities", NULL);
  listing = g_dir_open (dir, 0, NULL);
  while ((name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *xml = read_corpus ("capabilities", name);
      g_autoptr(GError) error = NULL;
      g_autoptr(PitHostInventory) inventory = pit_host_remote_from_xml (xml, NULL, &error);
      PitHostCpuTopology *cpu;

      g_test_message ("%s", name);
      g_assert_no_error (error);
      g_assert_true (pit_host_inventory_is_partial (inventory));
      g_assert_cmpint (pit_host_inventory_get_source (inventory), ==, PIT_HOST_SOURCE_REMOTE);
      g_assert_null (pit_host_inventory_get_boot (inventory));
      cpu = pit_host_inventory_get_cpu (inventory);
      /* every CPU listed in the cells is found, in a node */
      for (guint i = 0; i < cpu->cpus->len; i++)
        g_assert_cmpint (((PitHostCpu *) cpu->cpus->pdata[i])->node, >=, 0);
      parsed++;
    }
  g_assert_cmpuint (parsed, >=, 10);
}

static void
test_capabilities_dies (void)
{
  g_autofree char *xml = NULL;
  g_autoptr(PitHostInventory) inventory = NULL;
  PitHostCpuTopology *cpu;
  PitHostMemory *memory;
  PitHostCpu *nine;

  if (pit_test_skip_without_corpus ())
    return;

  /* 2 sockets × 3 dies × 2 cores, 1 thread each, one cell with 1 GiB */
  xml = read_corpus ("capabilities", "vircaps-x86_64-basic-dies.xml");
  inventory = pit_host_remote_from_xml (xml, NULL, NULL);
  cpu = pit_host_inventory_get_cpu (inventory);
  g_assert_cmpuint (cpu->cpus->len, ==, 12);
  g_assert_cmpuint (cpu->sockets, ==, 2);
  g_assert_cmpuint (cpu->dies_per_socket, ==, 3);
  g_assert_cmpuint (cpu->cores, ==, 12);
  g_assert_cmpuint (cpu->threads_per_core, ==, 1);
  g_assert_cmpuint (cpu->numa_nodes, ==, 1);
  nine = pit_host_cpu_topology_get_cpu (cpu, 9);
  g_assert_cmpint (nine->socket, ==, 1);
  g_assert_cmpint (nine->die, ==, 1);
  g_assert_cmpint (nine->core, ==, 1);

  memory = pit_host_inventory_get_memory (inventory);
  g_assert_cmpint (memory->total_kib, ==, 1048576);
  g_assert_cmpint (pit_host_memory_get_pool (memory, 2048)->total, ==, 4096);
  g_assert_cmpint (pit_host_memory_get_pool (memory, 1048576)->total, ==, 6144);
  g_assert_cmpint (pit_host_memory_get_pool (memory, 2048)->free, ==, -1);   /* libvirt does not say */
  g_assert_cmpint (pit_host_inventory_get_iommu (inventory)->enabled, ==, 0); /* <iommu support='no'/> */
}

static void
test_capabilities_numa (void)
{
  g_autofree char *xml = NULL;
  g_autoptr(PitHostInventory) inventory = NULL;
  PitHostCpuTopology *cpu;

  if (pit_test_skip_without_corpus ())
    return;

  /* two cells, CPUs interleaved between them, no socket/core ids */
  xml = read_corpus ("capabilities", "caps-test.xml");
  inventory = pit_host_remote_from_xml (xml, NULL, NULL);
  cpu = pit_host_inventory_get_cpu (inventory);
  g_assert_cmpuint (cpu->numa_nodes, ==, 2);
  g_assert_cmpuint (cpu->cpus->len, ==, 16);
  g_assert_cmpint (pit_host_cpu_topology_get_cpu (cpu, 3)->node, ==, 1);
  g_assert_cmpint (pit_host_cpu_topology_get_cpu (cpu, 3)->socket, ==, -1);
  g_assert_cmpint (cpu->vendor, ==, PIT_HOST_CPU_VENDOR_INTEL);
}

static void
test_nodedev_corpus (void)
{
  g_autoptr(GPtrArray) xmls = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(PitHostInventory) inventory = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autoptr(GDir) listing = NULL;
  const char *name;
  const char *caps = "<capabilities><host><cpu><arch>x86_64</arch></cpu></host></capabilities>";
  PitHostPciDevice *nic, *audio, *igpu;
  PitHostNet *net;

  if (pit_test_skip_without_corpus ())
    return;

  dir = pit_test_corpus_path ("nodedev", NULL);
  listing = g_dir_open (dir, 0, NULL);
  while ((name = g_dir_read_name (listing)) != NULL)
    g_ptr_array_add (xmls, read_corpus ("nodedev", name));
  g_ptr_array_add (xmls, g_strdup ("<device><name>pci_broken"));   /* truncated */
  g_ptr_array_add (xmls, NULL);

  inventory = pit_host_remote_from_xml (caps, (const char * const *) xmls->pdata, &error);
  g_assert_no_error (error);

  nic = pit_host_inventory_find_pci_device (inventory, "0000:00:19.0");
  g_assert_nonnull (nic);
  g_assert_cmpstr (nic->driver, ==, "e1000e");
  g_assert_cmphex (nic->vendor_id, ==, 0x8086);

  audio = pit_host_inventory_find_pci_device (inventory, "0000:00:03.0");
  g_assert_nonnull (audio);
  g_assert_cmpint (audio->iommu_group, ==, 2);
  g_assert_cmpstr (audio->device_name, ==, "Xeon E3-1200 v3/4th Gen Core Processor HD Audio Controller");
  g_assert_true (audio->driver_known);
  g_assert_null (audio->driver);
  g_assert_cmpint (audio->boot_vga, ==, -1);   /* libvirt does not tell */

  /* libvirt's own test data has a device on bus 4294967295: a problem, not a crash */
  igpu = pit_host_inventory_find_pci_device (inventory, "0000:00:02.0");
  g_assert_null (igpu);
  g_assert_true (host_test_has_problem (inventory, "pci_0000_00_02_0"));
  g_assert_true (host_test_has_problem (inventory, "A node device could not be read"));

  /* groups come from the devices: enabled */
  g_assert_cmpint (pit_host_inventory_get_iommu (inventory)->enabled, ==, 1);
  g_assert_nonnull (pit_host_iommu_get_group (pit_host_inventory_get_iommu (inventory), 2));

  net = pit_host_inventory_get_net (inventory);
  g_assert_cmpint (net->manager, ==, PIT_HOST_NET_MANAGER_UNKNOWN);
}

static void
test_bad_capabilities (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) error2 = NULL;

  g_assert_null (pit_host_remote_from_xml ("<capabilities><host>", NULL, &error));
  g_assert_error (error, PIT_ERROR, PIT_ERROR_INVALID_XML);
  g_assert_null (pit_host_remote_from_xml ("<domain/>", NULL, &error2));
  g_assert_error (error2, PIT_ERROR, PIT_ERROR_INVALID_XML);
}

static void
inventory_ready_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  PitHostInventory **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = pit_host_inventory_for_connection_finish (result, &error);
  g_assert_no_error (error);
}

static void
test_demo_connection (void)
{
  g_autoptr(PitConnection) connection = pit_test_open_demo ();
  const char *storage[] = { "/dev/zvol/hddpool/win10", NULL };
  g_autoptr(PitHostInventory) inventory = NULL;
  g_autoptr(PitHostInventory) libvirt = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *root = pit_demo_get_host_root ();
  g_autofree char *canonical = g_canonicalize_filename (root, NULL);
  GPtrArray *from_libvirt;
  PitHostStorage *disk;

  pit_host_inventory_for_connection_async (connection, storage, NULL, inventory_ready_cb, &inventory);
  g_assert_true (pit_test_wait_for (pit_test_pointer_is_set, &inventory, 10000));

  g_assert_cmpint (pit_host_inventory_get_source (inventory), ==, PIT_HOST_SOURCE_DEMO);
  g_assert_cmpstr (pit_host_inventory_get_root (inventory), ==, canonical);
  g_assert_false (pit_host_inventory_is_partial (inventory));
  g_assert_cmpuint (pit_host_inventory_get_problems (inventory)->len, ==, 0);
  g_assert_cmpstr (pit_host_inventory_find_pci_device (inventory, "04:00.0")->driver, ==, "nouveau");
  g_assert_cmpuint (pit_host_inventory_get_cpu (inventory)->cores, ==, 4);
  disk = pit_host_inventory_get_storage (inventory)->pdata[0];
  g_assert_cmpint (disk->rotational, ==, 1);

  /* the tree agrees with what the test driver says (host.xml) */
  libvirt = pit_host_remote_probe (pit_connection_get_handle (connection), &error);
  g_assert_no_error (error);
  from_libvirt = pit_host_inventory_get_pci_devices (libvirt);
  g_assert_cmpuint (from_libvirt->len, >=, 7);
  for (guint i = 0; i < from_libvirt->len; i++)
    {
      PitHostPciDevice *remote = from_libvirt->pdata[i];
      PitHostPciDevice *local = pit_host_inventory_find_pci_device (inventory, remote->address);

      g_test_message ("%s", remote->address);
      g_assert_nonnull (local);
      g_assert_cmphex (local->vendor_id, ==, remote->vendor_id);
      g_assert_cmphex (local->device_id, ==, remote->device_id);
      g_assert_cmphex (local->class_id, ==, remote->class_id);
      g_assert_cmpint (local->iommu_group, ==, remote->iommu_group);
    }
  g_assert_nonnull (pit_host_net_get_interface (pit_host_inventory_get_net (libvirt), "eno2"));
  /* the test driver drops drivers: unknown, not "none" */
  g_assert_false (pit_host_inventory_find_pci_device (libvirt, "04:00.0")->driver_known);
  /* a custom test-driver host has no CPU cells: why the demo ships a tree */
  g_assert_cmpuint (pit_host_inventory_get_cpu (libvirt)->cpus->len, ==, 0);
  g_assert_true (host_test_has_problem (libvirt, "no per-CPU topology"));
}

static void
cancelled_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GError **out = user_data;
  PitHostInventory *inventory = pit_host_inventory_for_connection_finish (result, out);

  g_assert_null (inventory);
}

static gboolean
error_set (gpointer data)
{
  return *(GError **) data != NULL;
}

static void
test_demo_cancelled (void)
{
  g_autoptr(PitConnection) connection = pit_test_open_demo ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;

  g_cancellable_cancel (cancellable);
  pit_host_inventory_for_connection_async (connection, NULL, cancellable, cancelled_cb, &error);
  g_assert_true (pit_test_wait_for (error_set, &error, 10000));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
test_test_driver_remote (void)
{
  g_autoptr(PitConnection) connection = pit_connection_new ("test:///default");
  g_autoptr(PitHostInventory) inventory = NULL;
  g_autoptr(GError) error = NULL;
  PitHostCpuTopology *cpu;

  g_assert_true (pit_connection_open_sync (connection, &error));
  /* not the demo and not a local qemu driver: libvirt is all we know */
  inventory = pit_host_inventory_for_connection_sync (connection, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (pit_host_inventory_get_source (inventory), ==, PIT_HOST_SOURCE_REMOTE);
  g_assert_true (pit_host_inventory_is_partial (inventory));
  g_assert_null (pit_host_inventory_get_root (inventory));
  cpu = pit_host_inventory_get_cpu (inventory);
  g_assert_cmpuint (cpu->cpus->len, >, 0);
  g_assert_cmpuint (cpu->numa_nodes, >=, 1);
  /* its cells list base pages of 4 and 8 KiB: neither is a hugepage pool */
  g_assert_nonnull (pit_host_memory_get_pool (pit_host_inventory_get_memory (inventory), 2048));
  g_assert_null (pit_host_memory_get_pool (pit_host_inventory_get_memory (inventory), 8));

  /* storage cannot be examined remotely: a problem, not a guess */
  g_assert_null (pit_host_inventory_add_storage (inventory, "/var/lib/libvirt/images/x.qcow2"));
  g_assert_true (host_test_has_problem (inventory, "x.qcow2"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  pit_core_init ();

  g_test_add_func ("/host/remote/capabilities-corpus", test_capabilities_corpus);
  g_test_add_func ("/host/remote/capabilities-dies", test_capabilities_dies);
  g_test_add_func ("/host/remote/capabilities-numa", test_capabilities_numa);
  g_test_add_func ("/host/remote/nodedev-corpus", test_nodedev_corpus);
  g_test_add_func ("/host/remote/bad-capabilities", test_bad_capabilities);
  g_test_add_func ("/host/remote/demo-connection", test_demo_connection);
  g_test_add_func ("/host/remote/demo-cancelled", test_demo_cancelled);
  g_test_add_func ("/host/remote/test-driver", test_test_driver_remote);

  return g_test_run ();
}
