/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "pit-error.h"
#include "pit-kernel-cmdline.h"
#include "pit-test-support.h"
#include "plan-test-hosts.h"

/* The user's choices: their syntax, their checks against the host, and
 * the command line merge that keeps what the user has. */

static void
test_hugepages_spec (void)
{
  const char *bad[] = { "24", "1G", "1G:", ":24", "1G:0", "1G:-1", "3G:1", "1X:4", "G:4",
                        "1G:24:1", "1GB:x", "0M:4", "1G:99999999999", NULL };
  g_autoptr(PitHostPlanRequest) request = pit_host_plan_request_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (pit_host_plan_request_set_hugepages (request, "1G:24", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (request->hugepage_size_kib, ==, 1048576);
  g_assert_cmpuint (request->hugepage_count, ==, 24);
  g_assert_true (pit_host_plan_request_set_hugepages (request, "2MiB:8192", &error));
  g_assert_cmpuint (request->hugepage_size_kib, ==, 2048);
  g_assert_true (pit_host_plan_request_set_hugepages (request, "2048k:16", &error));
  g_assert_cmpuint (request->hugepage_size_kib, ==, 2048);

  for (guint i = 0; bad[i] != NULL; i++)
    {
      g_assert_false (pit_host_plan_request_set_hugepages (request, bad[i], &error));
      g_assert_error (error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT);
      g_assert_nonnull (strstr (error->message, bad[i]));
      g_clear_error (&error);
    }
  /* a bad spec changes nothing */
  g_assert_cmpuint (request->hugepage_count, ==, 16);
}

static void
test_bridge_spec (void)
{
  const char *bad[] = { "br-lan", "br-lan:", ":eno2", "br lan:eno2", "br-lan:eno2;reboot",
                        "br0:br0", "a-very-long-bridge-name:eno2", "br0:$(id)", "..:eno2", NULL };
  g_autoptr(PitHostPlanRequest) request = pit_host_plan_request_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (pit_host_plan_request_set_bridge (request, "br-lan:eno2", &error));
  g_assert_cmpstr (request->bridge, ==, "br-lan");
  g_assert_cmpstr (request->uplink, ==, "eno2");
  for (guint i = 0; bad[i] != NULL; i++)
    {
      g_assert_false (pit_host_plan_request_set_bridge (request, bad[i], &error));
      g_assert_error (error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT);
      g_clear_error (&error);
    }
}

static void
expect_plan_error (PitPlanFacts *facts,
                   const char   *gpu,
                   const char   *hugepages,
                   const char   *bridge,
                   int           code,
                   const char   *message)
{
  g_autoptr(PitHostPlanRequest) request = pit_host_plan_request_new ();
  g_autoptr(PitHostPlan) plan = NULL;
  g_autoptr(GError) error = NULL;

  if (gpu != NULL)
    pit_host_plan_request_add_gpu (request, gpu);
  if (hugepages != NULL)
    g_assert_true (pit_host_plan_request_set_hugepages (request, hugepages, NULL));
  if (bridge != NULL)
    g_assert_true (pit_host_plan_request_set_bridge (request, bridge, NULL));

  plan = pit_host_plan_new (facts, request, NULL, &error);
  g_assert_null (plan);
  g_assert_error (error, PIT_ERROR, code);
  if (strstr (error->message, message) == NULL)
    g_error ("“%s” does not say “%s”", error->message, message);
}

static void
test_plan_errors (void)
{
  expect_plan_error (plan_test_story_before (), "05:00.0", NULL, NULL, PIT_ERROR_NOT_FOUND,
                     "no PCI device at 0000:05:00.0");
  expect_plan_error (plan_test_story_before (), "garbage", NULL, NULL, PIT_ERROR_INVALID_ARGUMENT,
                     "not a PCI address");
  expect_plan_error (plan_test_story_before (), "00:1f.6", NULL, NULL, PIT_ERROR_INVALID_ARGUMENT,
                     "not a graphics card");
  expect_plan_error (plan_test_story_before (), NULL, "1G:40", NULL, PIT_ERROR_INVALID_ARGUMENT,
                     "more than this host’s memory");
  expect_plan_error (plan_test_story_before (), NULL, "16M:4", NULL, PIT_ERROR_UNSUPPORTED,
                     "no 16M hugepages");
  expect_plan_error (plan_test_story_before (), NULL, NULL, "br-lan:eno3", PIT_ERROR_NOT_FOUND,
                     "no network interface “eno3” (its physical ones: eno2)");
  expect_plan_error (plan_test_fedora (), NULL, NULL, "br0:wlp6s0", PIT_ERROR_UNSUPPORTED,
                     "wireless");
  expect_plan_error (plan_test_story_after (), NULL, NULL, "br1:br-lan", PIT_ERROR_INVALID_ARGUMENT,
                     "is a bridge itself");
  expect_plan_error (plan_test_story_after (), NULL, NULL, "eno2:br-lan", PIT_ERROR_INVALID_ARGUMENT,
                     "is a bridge itself");
}

static void
test_plan_nothing (void)
{
  g_autoptr(PitHostPlanRequest) request = pit_host_plan_request_new ();
  g_autoptr(PitHostPlan) plan = pit_host_plan_new (plan_test_story_before (), request, NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = pit_host_plan_render (plan, PIT_HOST_PLAN_TARGET_GRUB, &error);

  g_assert_null (text);
  g_assert_error (error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT);
}

/* Two identical cards: vfio-pci.ids would take both, the plan says so */
static void
test_plan_same_ids (void)
{
  PitPlanFacts *facts = plan_test_debian ();
  g_autoptr(PitHostPlanRequest) request = pit_host_plan_request_new ();
  g_autoptr(PitHostPlan) plan = NULL;
  g_autofree char *text = NULL;

  pit_plan_facts_add_pci (facts, "0000:02:00.0", 0x1002, 0x67df, 0x0300, "amdgpu", 3);
  pit_host_plan_request_add_gpu (request, "01:00.0");
  plan = pit_host_plan_new (facts, request, NULL, NULL);
  text = pit_host_plan_render (plan, PIT_HOST_PLAN_TARGET_MODPROBE, NULL);
  g_assert_nonnull (strstr (text, "# Note: 02:00.0 AMD VGA controller [1002:67df] has the same ids"));
  /* the host keeps an amdgpu card: amdgpu must not be blacklisted */
  g_assert_nonnull (strstr (text, "\nsoftdep amdgpu pre: vfio-pci\n"));
  g_assert_null (strstr (text, "blacklist amdgpu"));
}

/* Comments as one line each: wrapped lines joined */
static char *
unwrap (const char *text)
{
  g_auto(GStrv) parts = g_strsplit (text, "\n# ", -1);

  return g_strjoinv (" ", parts);
}

/* Passing the GPU the firmware boots on deserves a warning */
static void
test_plan_boot_vga (void)
{
  PitPlanFacts *facts = plan_test_story_before ();
  g_autoptr(PitHostPlanRequest) request = pit_host_plan_request_new ();
  g_autoptr(PitHostPlan) plan = NULL;
  g_autofree char *with = NULL;
  g_autofree char *without = NULL;
  g_autofree char *unwrapped = NULL;

  pit_host_plan_request_add_gpu (request, "04:00.0");
  plan = pit_host_plan_new (plan_test_story_before (), request, NULL, NULL);
  without = pit_host_plan_render (plan, PIT_HOST_PLAN_TARGET_MODPROBE, NULL);
  g_clear_object (&plan);
  for (guint i = 0; i < facts->pci->len; i++)
    {
      PitPlanPciDevice *dev = g_ptr_array_index (facts->pci, i);

      dev->boot_vga = g_str_equal (dev->address, "0000:04:00.0");
    }
  plan = pit_host_plan_new (facts, request, NULL, NULL);
  with = pit_host_plan_render (plan, PIT_HOST_PLAN_TARGET_MODPROBE, NULL);
  g_assert_null (strstr (without, "firmware starts on"));
  unwrapped = unwrap (with);
  g_assert_nonnull (strstr (unwrapped, " Note: 04:00.0 NVIDIA VGA controller [10de:1b80] is the card "
                                       "the firmware starts on"));
}

/* --isolate-cpus adds the three parameters, with the user's list */
static void
test_plan_isolate (void)
{
  g_autoptr(PitHostPlanRequest) request = pit_host_plan_request_new ();
  g_autoptr(PitHostPlan) plan = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) params = NULL;

  g_assert_false (pit_host_plan_request_set_isolate_cpus (request, "2-7;reboot", &error));
  g_assert_error (error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT);
  g_assert_false (pit_host_plan_request_set_isolate_cpus (request, "-2", NULL));
  g_assert_true (pit_host_plan_request_set_isolate_cpus (request, "2-3,6-7", NULL));
  plan = pit_host_plan_new (plan_test_story_before (), request, NULL, NULL);
  params = pit_host_plan_get_kernel_params (plan);
  g_assert_cmpuint (g_strv_length (params), ==, 3);
  g_assert_cmpstr (params[0], ==, "isolcpus=2-3,6-7");
  g_assert_cmpstr (params[1], ==, "nohz_full=2-3,6-7");
  g_assert_cmpstr (params[2], ==, "rcu_nocbs=2-3,6-7");
}

static void
test_cmdline_split (void)
{
  g_auto(GStrv) params = pit_kernel_cmdline_split ("  root=UUID=1 quiet  dyndbg=\"file x.c +p\" "
                                                   "vfio-pci.ids=10de:1b80 ");

  g_assert_cmpuint (g_strv_length (params), ==, 4);
  g_assert_cmpstr (params[2], ==, "dyndbg=\"file x.c +p\"");
  g_assert_cmpstr (pit_kernel_cmdline_lookup ((const char * const *) params, "vfio_pci.ids"), ==,
                   "vfio-pci.ids=10de:1b80");
}

static char *
merge (const char *existing,
       const char *planned)
{
  g_auto(GStrv) e = pit_kernel_cmdline_split (existing);
  g_auto(GStrv) p = pit_kernel_cmdline_split (planned);
  g_auto(GStrv) merged = pit_kernel_cmdline_merge ((const char * const *) e,
                                                   (const char * const *) p, NULL);

  return g_strjoinv (" ", merged);
}

static void
test_cmdline_merge (void)
{
  const struct
  {
    const char *existing, *planned, *merged;
  } cases[] = {
    /* keeps what is there, adds the rest at the end */
    { "quiet splash", "intel_iommu=on iommu=pt", "quiet splash intel_iommu=on iommu=pt" },
    /* no duplicates */
    { "quiet iommu=pt", "intel_iommu=on iommu=pt", "quiet iommu=pt intel_iommu=on" },
    /* a conflicting value is replaced where it was; a duplicate of it goes */
    { "intel_iommu=off quiet intel_iommu=igfx_off", "intel_iommu=on", "intel_iommu=on quiet" },
    /* "-" and "_" are the same in parameter names */
    { "vfio_pci.ids=10de:1b80 quiet", "vfio-pci.ids=10de:1b80,10de:10f0",
      "vfio-pci.ids=10de:1b80,10de:10f0 quiet" },
    /* the hugepage settings are one group, replaced as a whole */
    { "hugepagesz=2M hugepages=512 quiet", "hugepagesz=1G hugepages=24",
      "quiet hugepagesz=1G hugepages=24" },
    { "default_hugepagesz=1G hugepagesz=1G hugepages=24 quiet",
      "default_hugepagesz=1G hugepagesz=1G hugepages=24",
      "default_hugepagesz=1G hugepagesz=1G hugepages=24 quiet" },
    /* a plan without hugepages leaves the user's alone */
    { "hugepagesz=2M hugepages=512", "iommu=pt", "hugepagesz=2M hugepages=512 iommu=pt" },
    { "", "iommu=pt", "iommu=pt" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *merged = merge (cases[i].existing, cases[i].planned);

      g_assert_cmpstr (merged, ==, cases[i].merged);
    }
}

/* The GRUB target keeps the user's parameters, and what GRUB_CMDLINE_LINUX
 * has already is not repeated */
static void
test_grub_keeps (void)
{
  guint n;
  const PlanTestHost *fedora = &plan_test_hosts (&n)[2];
  g_autoptr(PitHostPlan) plan = plan_test_plan (fedora, plan_test_fedora (), FALSE);
  g_autofree char *text = pit_host_plan_render (plan, PIT_HOST_PLAN_TARGET_GRUB, NULL);
  const char *line = strstr (text, "\nGRUB_CMDLINE_LINUX_DEFAULT=\"");
  g_autofree char *value = NULL;
  g_auto(GStrv) params = NULL;

  g_assert_nonnull (line);
  value = g_strndup (line + strlen ("\nGRUB_CMDLINE_LINUX_DEFAULT=\""),
                     strchr (line + 1, '\n') - line - strlen ("\nGRUB_CMDLINE_LINUX_DEFAULT=\"") - 1);
  params = g_strsplit (value, " ", -1);
  g_assert_true (g_strv_contains ((const char * const *) params, "nvme_core.default_ps_max_latency_us=0"));
  g_assert_true (g_strv_contains ((const char * const *) params, "iommu=pt"));
  g_assert_false (g_strv_contains ((const char * const *) params, "iommu=soft"));
  g_assert_true (g_strv_contains ((const char * const *) params, "amd_iommu=on"));
  g_assert_true (g_strv_contains ((const char * const *) params, "hugepages=8192"));
  /* rhgb quiet stay in GRUB_CMDLINE_LINUX */
  g_assert_false (g_strv_contains ((const char * const *) params, "quiet"));
  g_assert_cmpuint (g_strv_length (params), ==, 7);
  g_assert_nonnull (strstr (text, "\ngrubby --update-kernel=ALL --remove-args='iommu=soft'\n"));
  g_assert_nonnull (strstr (text, "\ngrub2-mkconfig -o /boot/grub2/grub.cfg\n"));
}

/* Every line that is not a comment follows a comment (shell and Nix syntax
 * lines aside) */
static void
check_explained (const char *name,
                 const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  gboolean explained = FALSE;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i] + strspn (lines[i], " ");
      gboolean case_label = g_str_has_suffix (line, ")") && strchr (line, ' ') == NULL
                            && strchr (line, '=') == NULL;
      gboolean syntax = g_str_equal (line, "") || g_str_equal (line, "{") || g_str_equal (line, "}")
                        || g_str_equal (line, "];") || g_str_equal (line, "]") || g_str_equal (line, "'';")
                        || g_str_equal (line, ";;") || g_str_equal (line, "fi") || g_str_equal (line, "esac")
                        || g_str_equal (line, "#!/bin/sh") || case_label
                        || g_str_has_prefix (line, "if [") || g_str_has_prefix (line, "case ");

      if (*line == '#')
        explained = TRUE;
      else if (!syntax && !explained)
        g_error ("%s line %u has no comment: %s", name, i + 1, lines[i]);
      else if (!syntax)
        /* a Nix list or a value on the next line goes on under one comment */
        explained = g_str_has_prefix (line, "\"") || g_str_has_prefix (line, "++")
                    || g_str_has_suffix (line, "=") || g_str_has_suffix (line, "[");
    }
}

static void
test_every_line_explained (void)
{
  g_autofree char *folder = pit_test_fixture_path ("plan", "golden-cli", NULL);
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  const PlanTestHost *hosts;
  const char *name;
  guint n, files = 0;

  hosts = plan_test_hosts (&n);
  for (guint h = 0; h < n; h++)
    for (PitHostPlanTarget t = PIT_HOST_PLAN_TARGET_AUTO; t <= PIT_HOST_PLAN_TARGET_LIBVIRT_HOOK; t++)
      {
        g_autoptr(PitHostPlan) plan = plan_test_plan (&hosts[h], hosts[h].facts (),
                                                      t == PIT_HOST_PLAN_TARGET_LIBVIRT_HOOK);
        g_autofree char *text = pit_host_plan_render (plan, t, NULL);
        g_autofree char *what = g_strdup_printf ("%s/%s", hosts[h].name, pit_host_plan_target_to_string (t));

        if (text != NULL)
          check_explained (what, text);
      }

  /* and what pitstop-cli wrote for the recorded trees */
  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (folder, name, NULL);
      g_autofree char *text = NULL;

      g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
      if (g_str_has_suffix (name, ".check.txt") || g_str_has_prefix (text, "exit 1:"))
        continue;
      check_explained (name, text);
      files++;
    }
  g_assert_cmpuint (files, >=, 45);
}

static void
write_file (const char *root,
            const char *relative,
            const char *contents)
{
  g_autofree char *path = g_build_filename (root, relative, NULL);
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_assert_true (g_file_set_contents (path, contents, -1, &error));
  g_assert_no_error (error);
}

/* Broken configuration files: the plan is still made, with the planned
 * parameters, and nothing crashes */
static void
test_malformed_files (void)
{
  const char *grub[] = {
    "GRUB_CMDLINE_LINUX_DEFAULT=\"quiet splash",          /* no closing quote */
    "GRUB_CMDLINE_LINUX_DEFAULT=",
    "GRUB_CMDLINE_LINUX_DEFAULT=\"\\\"\"",
    "\x01\x02\xff\xfe GRUB_CMDLINE_LINUX_DEFAULT=\"a\"\n\xff",
    "GRUB_CMDLINE_LINUX_DEFAULT='single quoted' # comment\nGRUB_CMDLINE_LINUX_DEFAULT=\"last wins\"",
    "",
  };
  const char *mkinitcpio[] = { "MODULES=(btrfs", "MODULES=)(", "MODULES=(\"a\" 'b'   c)\nHOOKS=(", "" };
  g_autofree char *root = g_dir_make_tmp ("pitstop-plan-XXXXXX", NULL);
  guint n;
  const PlanTestHost *hosts = plan_test_hosts (&n);

  for (guint i = 0; i < G_N_ELEMENTS (grub); i++)
    {
      g_autoptr(PitHostPlanRequest) request = plan_test_request (&hosts[5]);
      g_autoptr(PitHostPlan) plan = NULL;
      g_autofree char *text = NULL;

      write_file (root, "etc/default/grub", grub[i]);
      write_file (root, "etc/kernel/cmdline", grub[i]);
      plan = pit_host_plan_new (plan_test_debian (), request, root, NULL);
      text = pit_host_plan_render (plan, PIT_HOST_PLAN_TARGET_GRUB, NULL);
      g_assert_nonnull (strstr (text, "\nGRUB_CMDLINE_LINUX_DEFAULT=\""));
      g_assert_nonnull (strstr (text, "vfio-pci.ids=1002:67df,1002:aaf0"));
      /* the last assignment counts, as in the shell */
      if (i == 4)
        g_assert_nonnull (strstr (text, "\nGRUB_CMDLINE_LINUX_DEFAULT=\"last wins intel_iommu=on "));
      g_clear_pointer (&text, g_free);
      text = pit_host_plan_render (plan, PIT_HOST_PLAN_TARGET_SYSTEMD_BOOT, NULL);
      g_assert_nonnull (strstr (text, "vfio-pci.ids=1002:67df,1002:aaf0"));
    }
  for (guint i = 0; i < G_N_ELEMENTS (mkinitcpio); i++)
    {
      g_autoptr(PitHostPlanRequest) request = plan_test_request (&hosts[4]);
      g_autoptr(PitHostPlan) plan = NULL;
      g_autofree char *text = NULL;

      write_file (root, "etc/mkinitcpio.conf", mkinitcpio[i]);
      plan = pit_host_plan_new (plan_test_arch (), request, root, NULL);
      text = pit_host_plan_render (plan, PIT_HOST_PLAN_TARGET_INITRAMFS, NULL);
      g_assert_nonnull (strstr (text, "\nMODULES=(vfio_pci vfio vfio_iommu_type1"));
    }

  {
    const char *argv[] = { "rm", "-rf", "--", root, NULL };

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL,
                                 NULL, NULL, NULL));
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/plan/request/hugepages", test_hugepages_spec);
  g_test_add_func ("/plan/request/bridge", test_bridge_spec);
  g_test_add_func ("/plan/request/errors", test_plan_errors);
  g_test_add_func ("/plan/request/nothing", test_plan_nothing);
  g_test_add_func ("/plan/request/same-ids", test_plan_same_ids);
  g_test_add_func ("/plan/request/boot-vga", test_plan_boot_vga);
  g_test_add_func ("/plan/request/isolate-cpus", test_plan_isolate);
  g_test_add_func ("/plan/cmdline/split", test_cmdline_split);
  g_test_add_func ("/plan/cmdline/merge", test_cmdline_merge);
  g_test_add_func ("/plan/grub/keeps", test_grub_keeps);
  g_test_add_func ("/plan/text/every-line-explained", test_every_line_explained);
  g_test_add_func ("/plan/files/malformed", test_malformed_files);

  return g_test_run ();
}
