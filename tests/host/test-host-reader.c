/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "host-test.h"
#include "pit-host-boot.h"
#include "pit-host-pci-device.h"
#include "pit-host-reader.h"

static char *
parse_and_format (const char *text)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (guint));

  if (!pit_host_parse_cpulist (text, ids))
    return NULL;
  return pit_host_format_cpulist ((guint *) ids->data, ids->len);
}

static void
test_cpulist (void)
{
  const struct { const char *in; const char *out; } cases[] = {
    { "0-7", "0-7" },
    { "0-4,6", "0-4,6" },
    { "6,0-4", "0-4,6" },
    { "0,4", "0,4" },
    { "1,1,2", "1-2" },
    { "0-3,8-11\n", "0-3,8-11" },  /* sysfs ends lists with a newline */
    { "", "" },
    { "3-1", NULL },
    { "a", NULL },
    { "0-", NULL },
    { "-1", NULL },
    { "0,,1", NULL },
    { "99999999", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = parse_and_format (cases[i].in);

      g_assert_cmpstr (out, ==, cases[i].out);
    }
}

static void
test_reader_root (void)
{
  g_autofree char *root = host_test_tree ("story-nouveau");
  g_autoptr(PitHostReader) reader = pit_host_reader_new (root);
  g_autoptr(PitHostReader) live = pit_host_reader_new (NULL);
  g_autofree char *path = pit_host_reader_path (reader, "/proc/cmdline");
  g_autofree char *model = pit_host_reader_read_line (reader, "/sys/block/sda/device/model", TRUE);
  g_autofree char *driver = pit_host_reader_read_link_name (reader, "/sys/bus/pci/devices/0000:04:00.0/driver");
  g_autoptr(GArray) online = pit_host_reader_read_cpulist (reader, "/sys/devices/system/cpu/online", TRUE);
  gint64 value = -1;

  g_assert_true (pit_host_reader_is_live (live));
  g_assert_false (pit_host_reader_is_live (reader));
  g_assert_true (g_str_has_prefix (path, root));
  g_assert_true (g_str_has_suffix (path, "/proc/cmdline"));
  g_assert_cmpstr (model, ==, "WDC WD40EFRX-68N32N0");
  g_assert_cmpstr (driver, ==, "nouveau");
  g_assert_cmpuint (online->len, ==, 8);
  g_assert_true (pit_host_reader_read_int (reader, "/sys/bus/pci/devices/0000:04:00.0/vendor", TRUE, &value));
  g_assert_cmpint (value, ==, 0x10de);
  g_assert_cmpuint (pit_host_reader_get_problems (reader)->len, ==, 0);

  /* a missing file is reported once, with the host path (not the tree's) */
  g_assert_null (pit_host_reader_read (reader, "/proc/nothing", TRUE));
  g_assert_null (pit_host_reader_read (reader, "/proc/nothing", TRUE));
  g_assert_null (pit_host_reader_read (reader, "/proc/silent", FALSE));
  g_assert_cmpuint (pit_host_reader_get_problems (reader)->len, ==, 1);
  g_assert_cmpstr (pit_host_reader_get_problems (reader)->pdata[0], ==,
                   "Could not read /proc/nothing: it does not exist");
}

static void
test_reader_malformed (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *root = g_dir_make_tmp ("pitstop-reader-XXXXXX", &error);
  g_autoptr(PitHostReader) reader = NULL;
  g_autoptr(GArray) list = NULL;
  g_autofree char *empty = NULL;
  gint64 value = 42;

  g_assert_no_error (error);
  host_test_write (root, "sys/number", "12abc\n", -1);
  host_test_write (root, "sys/hex", "0x\n", -1);
  host_test_write (root, "sys/empty", "", 0);
  host_test_write (root, "sys/binary", "1\0002", 3);
  host_test_write (root, "sys/list", "0-3,x\n", -1);
  reader = pit_host_reader_new (root);

  g_assert_false (pit_host_reader_read_int (reader, "/sys/number", FALSE, &value));
  g_assert_false (pit_host_reader_read_int (reader, "/sys/hex", FALSE, &value));
  g_assert_false (pit_host_reader_read_int (reader, "/sys/binary", TRUE, &value));
  g_assert_cmpint (value, ==, 42);
  empty = pit_host_reader_read_line (reader, "/sys/empty", TRUE);
  g_assert_null (empty);
  list = pit_host_reader_read_cpulist (reader, "/sys/list", FALSE);
  g_assert_null (list);

  /* malformed values are reported even when a missing file would not be */
  g_assert_cmpuint (pit_host_reader_get_problems (reader)->len, ==, 5);
  g_assert_cmpstr (pit_host_reader_get_problems (reader)->pdata[0], ==,
                   "Could not read /sys/number: “12abc” is not a number");

  host_test_remove_dir (root);
}

static void
test_recorded_command (void)
{
  g_autofree char *root = host_test_tree ("story-zfs-scrub");
  g_autoptr(PitHostReader) reader = pit_host_reader_new (root);
  const char *status[] = { "zpool", "status", "-P", "hddpool", NULL };
  const char *other[] = { "zpool", "status", "-P", "nopool", NULL };
  g_autofree char *out = pit_host_reader_run (reader, status);
  g_autofree char *none = pit_host_reader_run (reader, other);

  g_assert_nonnull (out);
  g_assert_nonnull (strstr (out, "scrub in progress"));
  g_assert_null (none);
  g_assert_cmpuint (pit_host_reader_get_problems (reader)->len, ==, 0);
}

static void
test_cmdline (void)
{
  g_auto(GStrv) params = pit_host_split_cmdline (" ro  quiet \"acpi_osi=Windows 2015\" vfio-pci.ids=10de:1b80,10de:10f0\n");
  g_autoptr(PitHostBoot) boot = pit_host_boot_new ();

  g_assert_cmpuint (g_strv_length (params), ==, 4);
  g_assert_cmpstr (params[2], ==, "\"acpi_osi=Windows 2015\"");
  boot->cmdline_params = g_steal_pointer (&params);
  g_assert_cmpstr (pit_host_boot_get_param (boot, "vfio_pci.ids"), ==, "10de:1b80,10de:10f0");
  g_assert_cmpstr (pit_host_boot_get_param (boot, "quiet"), ==, "");
  g_assert_null (pit_host_boot_get_param (boot, "intel_iommu"));
  g_assert_cmpint (pit_host_boot_has_module (boot, "vfio-pci"), ==, -1);
}

static void
test_pci_address (void)
{
  const struct { const char *in; const char *out; } cases[] = {
    { "0000:04:00.0", "0000:04:00.0" },
    { "04:00.1", "0000:04:00.1" },
    { "pci_0000_06_00_1", "0000:06:00.1" },
    { "10000:00:1f.6", "10000:00:1f.6" },
    { "0000:04:00.8", NULL },
    { "0000:04:20.0", NULL },
    { "0000:100:00.0", NULL },
    { "04:00", NULL },
    { "0000:04:00.0 ", "0000:04:00.0" },
    { "zz:00.0", NULL },
    { "", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = pit_host_pci_normalize_address (cases[i].in);

      g_assert_cmpstr (out, ==, cases[i].out);
    }
}

/* in a Flatpak sandbox the host's /etc and os-release are under /run/host;
 * /sys and /proc are the host's own */
static void
test_sandbox_paths (void)
{
  const struct { const char *path, *expected; } cases[] = {
    { "/etc/os-release", "/run/host/os-release" },
    { "/usr/lib/os-release", "/run/host/os-release" },
    { "/etc/default/grub", "/run/host/etc/default/grub" },
    { "/etc/kernel/cmdline", "/run/host/etc/kernel/cmdline" },
    /* the folder itself: the sandbox's /etc is the runtime's (the root
     * file system's disk is found from the host's /etc) */
    { "/etc", "/run/host/etc" },
    { "/usr/lib/modules", "/run/host/usr/lib/modules" },
    { "/sys/kernel/iommu_groups", "/sys/kernel/iommu_groups" },
    { "/proc/cmdline", "/proc/cmdline" },
    { "/proc/cpuinfo", "/proc/cpuinfo" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *mapped = pit_host_reader_map_sandbox (cases[i].path, "/run/host");

      g_assert_cmpstr (mapped, ==, cases[i].expected);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/host/reader/cpulist", test_cpulist);
  g_test_add_func ("/host/reader/sandbox-paths", test_sandbox_paths);
  g_test_add_func ("/host/reader/root", test_reader_root);
  g_test_add_func ("/host/reader/malformed", test_reader_malformed);
  g_test_add_func ("/host/reader/recorded-command", test_recorded_command);
  g_test_add_func ("/host/reader/cmdline", test_cmdline);
  g_test_add_func ("/host/reader/pci-address", test_pci_address);

  return g_test_run ();
}
