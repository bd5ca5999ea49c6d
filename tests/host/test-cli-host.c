/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "host-test.h"

/* The exact JSON fragments a script relies on are asserted (keys, order,
 * null for unknown). */

static void
assert_one_error_line (const char *out,
                       const char *err)
{
  g_assert_cmpstr (out, ==, "");
  g_assert_true (g_str_has_prefix (err, "pitstop-cli: "));
  g_assert_cmpuint (strchr (err, '\n') - err, ==, strlen (err) - 1);
}

static void
test_demo_json (void)
{
  const char *argv[] = { "host", "--demo", "--json", "--storage", "/dev/zvol/hddpool/win10", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (pit_test_run_cli (argv, &out, &err), ==, 0);
  g_assert_cmpstr (err, ==, "");
  g_assert_true (g_str_has_prefix (out, "{\"source\":\"demo\","));
  g_assert_nonnull (strstr (out, "\"partial\":false"));
  g_assert_nonnull (strstr (out, "\"cpu\":{\"online\":8,\"present\":8,"));
  g_assert_nonnull (strstr (out, "\"sockets\":1,"));
  g_assert_nonnull (strstr (out, "\"cores\":4,\"threads_per_core\":2,\"numa_nodes\":1,\"vendor\":\"intel\","));
  g_assert_nonnull (strstr (out, "{\"id\":4,\"online\":true,\"socket\":0,\"die\":0,\"core\":0,\"siblings\":[0,4],"
                                 "\"node\":0,\"kind\":\"standard\",\"l3\":0}"));
  /* the i7-6700K's one L3 */
  g_assert_nonnull (strstr (out, "[{\"index\":0,\"id\":0,\"size_kib\":8192,\"cpus\":\"0-7\"}]"));
  g_assert_nonnull (strstr (out, "\"iommu\":{\"enabled\":true,\"enable_params\":[\"intel_iommu=on\"],"));
  g_assert_nonnull (strstr (out, "{\"id\":1,\"devices\":[\"0000:00:01.0\",\"0000:04:00.0\",\"0000:04:00.1\"]}"));
  g_assert_nonnull (strstr (out, "{\"address\":\"0000:04:00.0\",\"vendor_id\":\"10de\",\"device_id\":\"1b80\","));
  g_assert_nonnull (strstr (out, "\"class\":\"0300\","));
  g_assert_nonnull (strstr (out, "\"driver\":\"nouveau\",\"driver_known\":true,\"iommu_group\":1,\"numa_node\":null,"
                                 "\"boot_vga\":false,\"functions\":[\"0000:04:00.1\"],\"is_gpu\":true,"
                                 "\"flr\":false,\"resizable_bar\":false,\"bars\":[{\"index\":0,\"size\":16777216,"
                                 "\"is_64bit\":false,\"prefetchable\":false,\"resizable\":false,\"resizable_max\":null},"
                                 "{\"index\":1,\"size\":268435456,\"is_64bit\":true,\"prefetchable\":true,"
                                 "\"resizable\":false,\"resizable_max\":null},{\"index\":3,\"size\":33554432,"
                                 "\"is_64bit\":true,\"prefetchable\":true,\"resizable\":false,\"resizable_max\":null}],"
                                 "\"rom\":true,\"rom_size\":524288,\"rom_shadowed\":false,\"reset_methods\":[\"bus\"],"
                                 "\"bus_reset\":true,\"reset_quirk\":null}"));
  g_assert_nonnull (strstr (out, "\"gpus\":[{\"address\":\"0000:00:02.0\""));
  g_assert_nonnull (strstr (out, "{\"address\":\"0000:04:00.0\",\"passthrough_set\":[\"0000:04:00.0\",\"0000:04:00.1\"],"
                                 "\"ids\":\"10de:1b80,10de:10f0\",\"viable\":true,\"reason\":null,\"foreign\":[],"
                                 "\"foreign_uses\":[],\"stop\":false,\"boot_vga\":false}"));
  g_assert_nonnull (strstr (out, "\"memory_kib\":32803136,"));
  g_assert_nonnull (strstr (out, "\"hugepages\":[{\"size_kib\":2048,\"total\":0,\"free\":0,"));
  /* the demo reserved 24 × 1G at run time (no hugepages= on its command line) */
  g_assert_nonnull (strstr (out, "{\"size_kib\":1048576,\"total\":24,\"free\":24,"));
  g_assert_nonnull (strstr (out, "\"net\":{\"default_route_interface\":\"eno2\",\"manager\":\"nixos-scripted\","));
  g_assert_nonnull (strstr (out, "\"os_id\":\"nixos\","));
  g_assert_nonnull (strstr (out, "\"bootloader\":\"systemd-boot\","));
  g_assert_nonnull (strstr (out, "\"initramfs\":\"nixos\","));
  g_assert_nonnull (strstr (out, "intel_iommu=on"));
  g_assert_nonnull (strstr (out, "\"storage\":[{\"path\":\"/dev/zvol/hddpool/win10\",\"kind\":\"zvol\",\"block_device\":\"zd0\","));
  g_assert_nonnull (strstr (out, "\"rotational\":true,\"filesystem\":null,\"zfs\":{\"pool\":\"hddpool\","
                                 "\"dataset\":\"hddpool/win10\",\"state\":\"ONLINE\",\"scan\":\"none\"}}"));
  g_test_message ("%s", out + MAX (0, (int) strlen (out) - 80));
  g_assert_true (g_str_has_suffix (out, "\"problems\":[]}\n"));
}

static void
test_root_json (void)
{
  g_autofree char *root = host_test_tree ("intel-hybrid-arch");
  const char *argv[] = { "host", "--root", root, "--json", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (pit_test_run_cli (argv, &out, &err), ==, 0);
  g_assert_true (g_str_has_prefix (out, "{\"source\":\"local\","));
  g_assert_nonnull (strstr (out, "\"hybrid\":true"));
  g_assert_nonnull (strstr (out, "{\"id\":16,\"online\":true,\"socket\":0,\"die\":0,\"core\":32,\"siblings\":[16],"
                                 "\"node\":0,\"kind\":\"efficiency\",\"l3\":null}"));
  g_assert_nonnull (strstr (out, "\"kind\":\"performance\""));
  g_assert_nonnull (strstr (out, "\"manager\":\"systemd-networkd\""));
}

static void
test_unknown_is_null (void)
{
  g_autofree char *root = NULL;
  g_autofree char *dump = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  if (pit_test_skip_without_corpus ())
    return;

  /* a corpus tree: only CPUs; a PCI dump: no drivers or groups */
  root = pit_test_corpus_path ("host-cpu", "x86_64-test6", NULL);
  dump = pit_test_corpus_path ("pci-dumps", "asus-p6t6-geforce210.lspci", NULL);
  {
    const char *argv[] = { "host", "--root", root, "--pci-dump", dump, "--json", NULL };

    g_assert_cmpint (pit_test_run_cli (argv, &out, &err), ==, 0);
  }
  g_assert_nonnull (strstr (out, "\"partial\":true"));
  g_assert_nonnull (strstr (out, "\"online\":6,\"present\":8,\"online_list\":\"0-4,6\""));
  g_assert_nonnull (strstr (out, "\"vendor\":null"));
  g_assert_nonnull (strstr (out, "{\"id\":5,\"online\":false,\"socket\":null,\"die\":null,\"core\":null,"
                                 "\"siblings\":null,\"node\":0,\"kind\":null,\"l3\":null}"));
  g_assert_nonnull (strstr (out, "{\"address\":\"0000:06:00.0\",\"vendor_id\":\"10de\",\"device_id\":\"0a65\""));
  g_assert_nonnull (strstr (out, "\"driver\":null,\"driver_known\":false,\"iommu_group\":null"));
  g_assert_nonnull (strstr (out, "\"functions\":[\"0000:06:00.1\"],\"is_gpu\":true"));
  g_assert_nonnull (strstr (out, "\"memory_kib\":null"));
  g_assert_nonnull (strstr (out, "\"boot\":{\"cmdline\":null,"));
}

/* "Label:   value" on a line of its own; returns the column of the value */
static gsize
field_column (const char *out,
              const char *label,
              const char *value)
{
  g_autofree char *pattern = g_strdup_printf ("^%s:( +)%s$", label, value);
  g_autoptr(GRegex) regex = g_regex_new (pattern, G_REGEX_MULTILINE, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  int line_start, start, end;

  if (!g_regex_match (regex, out, 0, &match))
    g_error ("no line “%s: %s” in:\n%s", label, value, out);
  g_match_info_fetch_pos (match, 0, &line_start, NULL);
  g_match_info_fetch_pos (match, 1, &start, &end);
  return (gsize) (end - line_start);
}

static void
test_human (void)
{
  g_autofree char *root = host_test_tree ("amd-fedora-usb-group");
  const char *argv[] = { "host", "--root", root, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  gsize column;

  g_assert_cmpint (pit_test_run_cli (argv, &out, &err), ==, 0);
  g_assert_cmpstr (err, ==, "");
  /* a section's values line up after its longest label */
  column = field_column (out, "Vendor ID", "AuthenticAMD");
  g_assert_cmpuint (column, ==, strlen ("On-line CPU(s) list: "));
  g_assert_cmpuint (field_column (out, "Virtualization", "AMD-V"), ==, column);
  g_assert_cmpuint (field_column (out, "Thread\\(s\\) per core", "2"), ==, column);
  g_assert_cmpuint (field_column (out, "Core\\(s\\)", "8"), ==, column);
  g_assert_nonnull (strstr (out, "0000:05:00.0 VGA compatible controller [0300]: "));
  g_assert_nonnull (strstr (out, "[1002:67df] (driver amdgpu, IOMMU group 13)"));
  g_assert_nonnull (strstr (out, "  not viable: IOMMU group 13 also holds 0000:02:00.0"));
  g_assert_cmpuint (field_column (out, "Managed by", "NetworkManager"), ==, strlen ("Default route: "));
  field_column (out, "Bootloader", "grub");
  g_assert_null (strstr (out, "Could not read"));
}

static void
test_errors (void)
{
  g_autofree char *root = host_test_tree ("story-nouveau");
  const char *missing_root[] = { "host", "--root", "/nonexistent/pitstop-root", NULL };
  const char *missing_dump[] = { "host", "--root", root, "--pci-dump", "/nonexistent/dump.lspci", NULL };
  const char *both[] = { "host", "--demo", "--root", root, NULL };
  const char *extra[] = { "host", "--json", "surplus", NULL };
  const char *bad_uri[] = { "host", "--connect", "test:///nonexistent/nothing-here.xml", NULL };
  const char * const *cases[] = { missing_root, missing_dump, both, extra, bad_uri };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;

      g_assert_cmpint (pit_test_run_cli (cases[i], &out, &err), ==, 1);
      assert_one_error_line (out, err);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/host/demo-json", test_demo_json);
  g_test_add_func ("/cli/host/root-json", test_root_json);
  g_test_add_func ("/cli/host/unknown-is-null", test_unknown_is_null);
  g_test_add_func ("/cli/host/human", test_human);
  g_test_add_func ("/cli/host/errors", test_errors);

  return g_test_run ();
}
