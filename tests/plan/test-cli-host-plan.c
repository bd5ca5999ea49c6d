/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "pit-host-plan-target.h"
#include "pit-test-support.h"

/* pitstop-cli host-plan on recorded host trees (the inventory's, under
 * tests/fixtures/hosts/, and tests/fixtures/plan/trees/): the whole path
 * from the host's files to the text, against golden-cli/<tree>.<target>.txt
 * (PITSTOP_UPDATE_GOLDEN=1 rewrites them). */

typedef struct
{
  const char *tree;
  const char *folder;  /* under tests/fixtures/ */
  const char *gpu;
  const char *hugepages;
  const char *bridge;
} Tree;

static const Tree trees[] = {
  { "story-nouveau", "hosts", "04:00.0", "1G:24", "br-lan:eno2" },
  { "story-vfio", "hosts", "04:00.0", "1G:24", "br-lan:eno2" },
  { "amd-fedora-usb-group", "hosts", "05:00.0", "2M:8192", "br0:enp6s0" },
  { "debian-iommu-off", "hosts", "01:00.0", "2M:4096", "br0:enp0s31f6" },
  { "intel-hybrid-arch", "hosts", "01:00.0", "1G:8", "br0:enp0s31f6" },
  { "popos", "plan/trees", "01:00.0", "1G:16", "br0:enp3s0" },
};

typedef struct
{
  const Tree *tree;
  const char *target;  /* or "check" */
} Case;

static char *
tree_root (const Tree *tree)
{
  g_auto(GStrv) parts = g_strsplit (tree->folder, "/", -1);
  g_autofree char *folder = g_build_filenamev (parts);

  return pit_test_fixture_path (folder, tree->tree, NULL);
}

static char *
run (const Tree *tree,
     const char *target)
{
  g_autofree char *root = tree_root (tree);
  gboolean check = g_str_equal (target, "check");
  const char *argv[] = { "host-plan", "--root", root, "--gpu", tree->gpu, "--hugepages", tree->hugepages,
                         "--bridge", tree->bridge, check ? "--check" : "--target", check ? NULL : target,
                         NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = pit_test_run_cli (argv, &out, &err);

  if (status == 0)
    {
      g_assert_cmpstr (err, ==, "");
      return g_steal_pointer (&out);
    }
  g_assert_cmpint (status, ==, 1);
  g_assert_cmpstr (out, ==, "");
  return g_strdup_printf ("exit 1: %s", err);
}

static void
test_golden (gconstpointer data)
{
  const Case *c = data;
  g_autofree char *text = run (c->tree, c->target);
  g_autofree char *file = g_strdup_printf ("%s.%s.txt", c->tree->tree, c->target);
  g_autofree char *path = pit_test_fixture_path ("plan", "golden-cli", file, NULL);
  g_autofree char *expected = NULL;
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (g_getenv ("PITSTOP_UPDATE_GOLDEN"), "1") == 0)
    {
      g_autofree char *source = g_build_filename (g_getenv ("PITSTOP_SOURCE_DIR"), "tests", "fixtures",
                                                  "plan", "golden-cli", file, NULL);

      g_assert_true (g_file_set_contents (source, text, -1, &error));
      g_assert_no_error (error);
      return;
    }

  g_assert_true (g_file_get_contents (path, &expected, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (text, ==, expected);
}

/* Before the reboot everything is pending; after it, done */
static void
test_check_statuses (void)
{
  g_autofree char *before = run (&trees[0], "check");
  g_autofree char *after = run (&trees[1], "check");

  g_assert_nonnull (strstr (before, "0000:04:00.0 bound to vfio-pci                     pending  bound to nouveau\n"));
  g_assert_nonnull (strstr (before, "nouveau not loaded                                 pending  loaded\n"));
  g_assert_nonnull (strstr (before, "IOMMU on                                           done"));
  g_assert_null (strstr (after, " pending "));
  g_assert_null (strstr (after, " conflicting "));
  g_assert_true (g_str_has_suffix (after, "\n13 done, 0 pending, 0 conflicting\n"));
  g_assert_true (g_str_has_suffix (before, "\n2 done, 11 pending, 0 conflicting\n"));
  g_assert_nonnull (strstr (after, "Bridge br-lan up with eno2                         done    br-lan is up; eno2 is its port\n"));
}

static void
test_check_json (void)
{
  g_autofree char *root = tree_root (&trees[1]);
  const char *argv[] = { "host-plan", "--root", root, "--gpu", "04:00.0", "--hugepages", "1G:24",
                         "--check", "--json", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (pit_test_run_cli (argv, &out, &err), ==, 0);
  g_assert_cmpstr (err, ==, "");
  g_assert_true (g_str_has_prefix (out, "[{\"id\":\"iommu\",\"title\":\"IOMMU on\",\"status\":\"done\","
                                        "\"seen\":\"IOMMU groups present\"},"));
  g_assert_nonnull (strstr (out, "{\"id\":\"vfio:0000:04:00.1\",\"title\":\"0000:04:00.1 bound to vfio-pci\","
                                 "\"status\":\"done\",\"seen\":\"bound to vfio-pci\"}"));
  g_assert_true (g_str_has_suffix (out, "}]\n"));
}

static void
expect_failure (const char * const *argv,
                const char         *message)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (pit_test_run_cli (argv, &out, &err), ==, 1);
  g_assert_cmpstr (out, ==, "");
  g_assert_true (g_str_has_prefix (err, "pitstop-cli: "));
  g_assert_cmpuint (strchr (err, '\n') - err, ==, strlen (err) - 1); /* one line */
  if (strstr (err, message) == NULL)
    g_error ("“%s” does not say “%s”", err, message);
}

static void
test_cli_errors (void)
{
  g_autofree char *story = tree_root (&trees[0]);
  const char *unknown_gpu[] = { "host-plan", "--root", story, "--gpu", "09:00.0", NULL };
  const char *not_gpu[] = { "host-plan", "--root", story, "--gpu", "00:1f.6", NULL };
  const char *too_many[] = { "host-plan", "--root", story, "--hugepages", "1G:40", NULL };
  const char *bad_spec[] = { "host-plan", "--root", story, "--hugepages", "24", NULL };
  const char *no_uplink[] = { "host-plan", "--root", story, "--bridge", "br-lan:eno9", NULL };
  const char *bad_bridge[] = { "host-plan", "--root", story, "--bridge", "br-lan", NULL };
  const char *bad_target[] = { "host-plan", "--root", story, "--gpu", "04:00.0", "--target", "lilo", NULL };
  const char *nothing[] = { "host-plan", "--root", story, NULL };
  const char *no_root[] = { "host-plan", "--root", "/nonexistent/pitstop-tree", "--gpu", "04:00.0", NULL };
  const char *initramfs[] = { "host-plan", "--root", story, "--gpu", "04:00.0", "--target", "initramfs", NULL };
  const char *extra[] = { "host-plan", "--root", story, "--gpu", "04:00.0", "nixos", NULL };
  const char *json[] = { "host-plan", "--root", story, "--gpu", "04:00.0", "--json", NULL };

  expect_failure (unknown_gpu, "no PCI device at 0000:09:00.0");
  expect_failure (not_gpu, "not a graphics card");
  expect_failure (too_many, "40 hugepages of 1G need 40.0\xc2\xa0GiB, more than this host’s memory (31.3\xc2\xa0GiB)");
  expect_failure (bad_spec, "Bad hugepages “24”");
  expect_failure (no_uplink, "no network interface “eno9” (its physical ones: eno2)");
  expect_failure (bad_bridge, "Bad bridge “br-lan”");
  expect_failure (bad_target, "Unknown target “lilo”");
  expect_failure (nothing, "Nothing to plan");
  expect_failure (no_root, "/nonexistent/pitstop-tree");
  expect_failure (initramfs, "use --target nixos");
  expect_failure (extra, "Unexpected argument “nixos”");
  expect_failure (json, "--json goes with --check");
}

/* the README says every command takes --demo: the plan for the demo host is
 * the one for its recorded tree, read the way `pitstop-cli host --demo` does */
static void
test_demo (void)
{
  g_autofree char *demo_root = g_build_filename (g_getenv ("PITSTOP_DEMO_DIR"), "host-root", NULL);
  const char *demo[] = { "host-plan", "--demo", "--gpu", "0000:04:00.0", "--hugepages", "1G:16",
                         "--bridge", "br-lan:eno2", NULL };
  const char *rooted[] = { "host-plan", "--root", demo_root, "--gpu", "0000:04:00.0", "--hugepages", "1G:16",
                           "--bridge", "br-lan:eno2", NULL };
  const char *both[] = { "host-plan", "--demo", "--root", demo_root, "--gpu", "04:00.0", NULL };
  g_autofree char *out_demo = NULL;
  g_autofree char *out_rooted = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (pit_test_run_cli (demo, &out_demo, &err), ==, 0);
  g_assert_cmpstr (err, ==, "");
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (pit_test_run_cli (rooted, &out_rooted, &err), ==, 0);
  g_assert_nonnull (strstr (out_demo, "04:00.0 NVIDIA VGA controller [10de:1b80]"));
  g_assert_cmpstr (out_demo, ==, out_rooted);
  expect_failure (both, "Use either --root/--pci-dump or --connect/--demo, not both");
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GPtrArray) cases = g_ptr_array_new_with_free_func (g_free);
  const char *targets[] = { "auto", "nixos", "grub", "systemd-boot", "modprobe", "initramfs",
                            "networkmanager", "networkd", "libvirt-hook", "check", NULL };

  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (trees); i++)
    for (guint t = 0; targets[t] != NULL; t++)
      {
        Case *c = g_new0 (Case, 1);
        g_autofree char *name = g_strdup_printf ("/plan/cli/golden/%s/%s", trees[i].tree, targets[t]);

        c->tree = &trees[i];
        c->target = targets[t];
        g_ptr_array_add (cases, c);
        g_test_add_data_func (name, c, test_golden);
      }
  g_test_add_func ("/plan/cli/check-statuses", test_check_statuses);
  g_test_add_func ("/plan/cli/errors", test_cli_errors);
  g_test_add_func ("/plan/cli/check-json", test_check_json);
  g_test_add_func ("/plan/cli/demo", test_demo);

  return g_test_run ();
}
