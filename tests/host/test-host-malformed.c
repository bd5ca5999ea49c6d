/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <unistd.h>

#include "host-test.h"
#include "pit-host-inventory-json.h"

/* Damaged trees: each case breaks files of a copy of the story's machine;
 * the inventory must come back, say what it could not read, and keep what
 * it could. */

typedef struct
{
  const char *path;
  const char *contents;   /* NULL: delete; "@link:TARGET": a symbolic link */
  gssize length;
} Damage;

typedef struct
{
  const char *name;
  Damage damage[4];
  const char *problem;    /* expected in the problems, or NULL for "none needed" */
} Case;

static const Case cases[] = {
  { "truncated-cpuinfo", { { "proc/cpuinfo", "processor\t: 0\nvendor_id\t: Genu", -1 } }, "no “flags” line" },
  { "garbage-cpuinfo", { { "proc/cpuinfo", "\x01\x02\xff\xfe junk", -1 } }, "no processor found" },
  { "binary-meminfo", { { "proc/meminfo", "MemTotal:\0\0\0", 12 } }, "/proc/meminfo: not a text file" },
  { "bad-meminfo", { { "proc/meminfo", "MemTotal: lots kB\n", -1 } }, "“MemTotal” is malformed" },
  { "no-meminfo", { { "proc/meminfo", NULL, 0 } }, "/proc/meminfo: it does not exist" },
  { "bad-online", { { "sys/devices/system/cpu/online", "0-x\n", -1 } }, "is not a CPU list" },
  { "bad-core-id", { { "sys/devices/system/cpu/cpu3/topology/core_id", "three\n", -1 } }, "“three” is not a number" },
  { "empty-siblings", { { "sys/devices/system/cpu/cpu2/topology/thread_siblings_list", "", 0 },
                        { "sys/devices/system/cpu/cpu2/topology/core_cpus_list", NULL, 0 } },
    "cpu2/topology/thread_siblings_list" },
  { "no-cpu-dir", { { "sys/devices/system/cpu", NULL, 0 } }, "/sys/devices/system/cpu" },
  { "bad-pci-entry", { { "sys/bus/pci/devices/not-an-address", "", 0 } }, "is not a PCI address" },
  { "dangling-driver", { { "sys/devices/pci0000:00/0000:00:01.0/0000:04:00.0/driver", "@link:../../../../bus/pci/drivers/gone", 0 } }, NULL },
  { "bad-vendor", { { "sys/devices/pci0000:00/0000:00:01.0/0000:04:00.0/vendor", "nvidia\n", -1 } }, NULL },
  { "short-config", { { "sys/devices/pci0000:00/0000:00:01.0/0000:04:00.0/config", "\xde\x10\x80\x1b", 4 } }, NULL },
  { "bad-group", { { "sys/kernel/iommu_groups/x", "", 0 } }, "“x” is not an IOMMU group" },
  { "bad-hugepages", { { "sys/kernel/mm/hugepages/hugepages-1048576kB/nr_hugepages", "-\n", -1 },
                       { "sys/kernel/mm/hugepages/hugepages-zzkB/nr_hugepages", "1\n", -1 } },
    "“hugepages-zzkB” is not a page size" },
  { "bad-route", { { "proc/net/route", "Iface\tDestination\neno2 00000000\n", -1 } }, "/proc/net/route: line 2 is malformed" },
  { "bad-os-release", { { "etc/os-release", "ID=\"nixos\nNAME='unterminated\n", -1 } }, "/etc/os-release: line 1 is malformed" },
  { "bad-modules", { { "proc/modules", " 123\nvfio_pci", -1 } }, "/proc/modules: line 1 is malformed" },
  { "no-cmdline", { { "proc/cmdline", NULL, 0 } }, "/proc/cmdline" },
  { "link-loop", { { "dev/zvol/hddpool/win10", "@link:win10", 0 } }, "does not exist" },
  { "no-zpool-status", { { ".pitstop-commands/zpool_status_-P_hddpool", NULL, 0 } }, "disks of ZFS pool hddpool are unknown" },
  { "garbage-zpool-status", { { ".pitstop-commands/zpool_status_-P_hddpool", "\n\n  scan\nconfig:\n\t/dev/nowhere\n", -1 } },
    "/dev/nowhere" },
};

static void
apply (const char   *root,
       const Damage *damage)
{
  g_autofree char *full = g_build_filename (root, damage->path, NULL);

  if (damage->contents == NULL)
    {
      const char *argv[] = { "rm", "-rf", full, NULL };
      g_autoptr(GSubprocess) proc = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_NONE, NULL);

      g_assert_true (g_subprocess_wait_check (proc, NULL, NULL));
    }
  else if (g_str_has_prefix (damage->contents, "@link:"))
    {
      g_unlink (full);
      g_assert_cmpint (symlink (damage->contents + strlen ("@link:"), full), ==, 0);
    }
  else
    host_test_write (root, damage->path, damage->contents, damage->length);
}

/* One writable copy per run (copying a tree is slow on some file
 * systems); each case puts back what it damaged. */
static char *shared_root;

static void
restore (const char *root,
         const Damage *damage)
{
  g_autofree char *tree = host_test_tree ("story-nouveau");
  g_autofree char *original = g_build_filename (tree, damage->path, NULL);
  g_autofree char *full = g_build_filename (root, damage->path, NULL);
  const char *rm[] = { "rm", "-rf", full, NULL };
  const char *cp[] = { "cp", "-a", original, full, NULL };
  g_autoptr(GSubprocess) remove = g_subprocess_newv (rm, G_SUBPROCESS_FLAGS_NONE, NULL);

  g_assert_true (g_subprocess_wait_check (remove, NULL, NULL));
  if (g_file_test (original, G_FILE_TEST_EXISTS) || g_file_test (original, G_FILE_TEST_IS_SYMLINK))
    {
      g_autoptr(GSubprocess) copy = g_subprocess_newv (cp, G_SUBPROCESS_FLAGS_NONE, NULL);

      g_assert_true (g_subprocess_wait_check (copy, NULL, NULL));
    }
}

static void
test_case (gconstpointer data)
{
  const Case *c = data;
  const char *root = shared_root;
  const char *storage[] = { "/dev/zvol/hddpool/win10", NULL };
  g_autoptr(PitHostInventory) inventory = NULL;
  g_autofree char *json = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (c->damage) && c->damage[i].path != NULL; i++)
    apply (root, &c->damage[i]);

  inventory = host_test_probe (root, storage);
  json = pit_host_inventory_to_json (inventory);
  g_assert_nonnull (json);
  for (guint i = 0; i < pit_host_inventory_get_problems (inventory)->len; i++)
    g_test_message ("problem: %s", (const char *) pit_host_inventory_get_problems (inventory)->pdata[i]);
  if (c->problem != NULL)
    {
      g_assert_true (host_test_has_problem (inventory, c->problem));
      g_assert_true (pit_host_inventory_is_partial (inventory));
    }

  /* what was not damaged is still there */
  if (!g_str_equal (c->name, "bad-pci-entry"))
    g_assert_nonnull (pit_host_inventory_find_pci_device (inventory, "00:02.0"));
  if (!g_str_equal (c->name, "no-cpu-dir"))
    g_assert_cmpuint (pit_host_inventory_get_cpu (inventory)->cpus->len, ==, 8);

  for (guint i = 0; i < G_N_ELEMENTS (c->damage) && c->damage[i].path != NULL; i++)
    restore (root, &c->damage[i]);
}

static void
test_specifics (void)
{
  const char *root = shared_root;
  g_autoptr(PitHostInventory) inventory = NULL;
  PitHostPciDevice *gpu;

  apply (root, &cases[12].damage[0]);   /* short-config */
  apply (root, &cases[10].damage[0]);   /* dangling-driver */
  inventory = host_test_probe (root, NULL);
  gpu = pit_host_inventory_find_pci_device (inventory, "04:00.0");
  /* a config space too short for capabilities: unknown, not "no" */
  g_assert_cmpint (gpu->flr, ==, -1);
  g_assert_cmpint (gpu->resizable_bar, ==, -1);
  /* a driver link to nowhere is no driver libpci can name */
  g_assert_null (gpu->driver);
  restore (root, &cases[12].damage[0]);
  restore (root, &cases[10].damage[0]);
}

/* Every text file of the tree in turn: truncated, emptied, garbage. */
static void
test_sweep (void)
{
  const char *root = shared_root;
  const char *files[] = {
    "proc/cpuinfo", "proc/meminfo", "proc/cmdline", "proc/modules", "proc/net/route", "proc/self/mounts",
    "etc/os-release", "sys/devices/system/cpu/present", "sys/devices/system/node/node0/cpulist",
    "sys/kernel/mm/hugepages/hugepages-2048kB/free_hugepages", "sys/class/net/eno2/ifindex",
    "sys/block/sda/queue/rotational", "proc/spl/kstat/zfs/hddpool/state",
    ".pitstop-commands/zpool_status_-P_hddpool", "sys/devices/pci0000:00/0000:00:02.0/class",
  };
  const char *storage[] = { "/dev/zvol/hddpool/win10", "/var/lib/libvirt/images/ubuntu-dev.qcow2", NULL };
  GRand *rand = g_rand_new_with_seed (20240114);

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *full = g_build_filename (root, files[i], NULL);
      g_autofree char *original = NULL;
      gsize length;

      g_assert_true (g_file_get_contents (full, &original, &length, NULL));
      for (guint variant = 0; variant < 4; variant++)
        {
          g_autoptr(PitHostInventory) inventory = NULL;
          g_autofree char *json = NULL;
          g_autofree char *mutated = g_memdup2 (original, length + 1);
          gsize mutated_length = length;

          if (variant == 0)
            mutated_length = length / 2;
          else if (variant == 1)
            mutated_length = 0;
          else
            for (gsize k = 0; k < length; k++)
              if (g_rand_int_range (rand, 0, 8) == 0)
                mutated[k] = (char) g_rand_int_range (rand, variant == 2 ? 32 : 0, variant == 2 ? 127 : 256);
          host_test_write (root, files[i], mutated, mutated_length);

          inventory = host_test_probe (root, storage);
          json = pit_host_inventory_to_json (inventory);
          g_assert_true (g_utf8_validate (json, -1, NULL));
        }
      host_test_write (root, files[i], original, length);
    }

  g_rand_free (rand);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/host/malformed/%s", cases[i].name);

      g_test_add_data_func (path, &cases[i], test_case);
    }
  g_test_add_func ("/host/malformed/specifics", test_specifics);
  g_test_add_func ("/host/malformed/sweep", test_sweep);

  {
    g_autofree char *tree = host_test_tree ("story-nouveau");
    int status;

    shared_root = host_test_copy_tree (tree);
    status = g_test_run ();
    host_test_remove_tree (shared_root);
    g_free (shared_root);
    return status;
  }
}
