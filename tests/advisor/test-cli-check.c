/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-test"

#include "config.h"

#include "pit-test-support.h"

#include <string.h>

/* pitstop-cli check: exit 0 without findings, 2 with, 1 on errors (one
 * line on stderr, nothing on stdout). */

static char *
fixture (const char *first,
         const char *second)
{
  return pit_test_fixture_path (first, second, NULL);
}

static void
test_findings (void)
{
  g_autofree char *xml = fixture ("advisor", "win10-untuned.xml");
  g_autofree char *root = fixture ("hosts", "story-nouveau");
  const char *argv[] = { "check", "--xml", xml, "--root", root, NULL };
  g_autofree char *out = NULL, *err = NULL;

  g_assert_cmpint (pit_test_run_cli (argv, &out, &err), ==, 2);
  g_assert_nonnull (strstr (out, "win10-gaming: 12 findings"));
  g_assert_nonnull (strstr (out, "More CPU sockets than the host has"));
  g_assert_nonnull (strstr (out, "wizard page “pinning”"));
  g_assert_nonnull (strstr (out, "pitstop-cli host-plan"));
  g_assert_null (strstr (out, "Skipped"));
  g_assert_cmpstr (err, ==, "");
}

static void
test_clean (void)
{
  g_autofree char *xml = fixture ("advisor", "win10-tuned.xml");
  g_autofree char *root = fixture ("hosts", "story-vfio");
  const char *argv[] = { "check", "--xml", xml, "--root", root, NULL };
  g_autofree char *out = NULL, *err = NULL;

  g_assert_cmpint (pit_test_run_cli (argv, &out, &err), ==, 0);
  g_assert_cmpstr (out, ==, "win10-tuned: no findings\n");
}

/* --xml without --root: host rules skipped, and the output says so */
static void
test_without_root (void)
{
  g_autofree char *xml = fixture ("advisor", "win10-untuned.xml");
  const char *argv[] = { "check", "--xml", xml, NULL };
  g_autofree char *out = NULL, *err = NULL;

  g_assert_cmpint (pit_test_run_cli (argv, &out, &err), ==, 2);
  g_assert_nonnull (strstr (out, "Skipped without host facts (give --root DIR): pinning-missing"));
  g_assert_null (strstr (out, "vCPUs are not pinned"));
}

/* --xml with --demo: the demo's host facts */
static void
test_xml_on_demo (void)
{
  g_autofree char *xml = fixture ("advisor", "win10-gpu.xml");
  const char *argv[] = { "check", "--xml", xml, "--demo", NULL };
  g_autofree char *out = NULL, *err = NULL;

  g_assert_cmpint (pit_test_run_cli (argv, &out, &err), ==, 2);
  g_assert_null (strstr (out, "Skipped"));
  g_assert_nonnull (strstr (out, "(gpu-audio)"));
  g_assert_nonnull (strstr (out, "Error 43"));
}

static void
test_demo (void)
{
  const char *argv[] = { "check", "--demo", "--domain", "win10-gaming", "--json", NULL };
  g_autofree char *out = NULL, *err = NULL;

  g_assert_cmpint (pit_test_run_cli (argv, &out, &err), ==, 2);
  g_assert_true (g_str_has_prefix (out, "[{\"name\":\"win10-gaming\""));
  g_assert_nonnull (strstr (out, "\"id\":\"disk-rotational\""));
  g_assert_nonnull (strstr (out, "\"page\":\"cpu\""));
  g_assert_nonnull (strstr (out, "\"bridge\":\"br-lan\""));
}

static void
test_demo_all (void)
{
  const char *argv[] = { "check", "--demo", "--all", NULL };
  g_autofree char *out = NULL, *err = NULL;

  g_assert_cmpint (pit_test_run_cli (argv, &out, &err), ==, 2);
  g_assert_nonnull (strstr (out, "win10-gaming: "));
  g_assert_nonnull (strstr (out, "fedora-server: "));
  g_assert_nonnull (strstr (out, "ubuntu-dev: "));
}

/* PCI devices from an lspci dump: vendor and functions are known, the
 * IOMMU groups and drivers are not, so the rules say what they can. */
static void
test_pci_dump (void)
{
  g_autofree char *xml = fixture ("advisor", "gpu-geforce210.xml");
  g_autofree char *root = fixture ("hosts", "story-vfio");
  g_autofree char *dump = NULL;
  g_autofree char *out = NULL, *err = NULL;

  if (pit_test_skip_without_corpus ())
    return;
  dump = pit_test_corpus_path ("pci-dumps", "asus-p6t6-geforce210.lspci", NULL);
  {
    const char *argv[] = { "check", "--xml", xml, "--root", root, "--pci-dump", dump, NULL };

    g_assert_cmpint (pit_test_run_cli (argv, &out, &err), ==, 2);
  }
  g_assert_nonnull (strstr (out, "(gpu-hidden)"));
  g_assert_nonnull (strstr (out, "— 0000:06:00.1  (gpu-audio)"));
  /* without IOMMU groups, no verdict on them */
  g_assert_null (strstr (out, "hostdev-iommu-group"));
  g_assert_null (strstr (out, "[High]"));
}

static void
assert_error (const char * const *argv,
              const char         *message)
{
  g_autofree char *out = NULL, *err = NULL;

  g_assert_cmpint (pit_test_run_cli (argv, &out, &err), ==, 1);
  g_assert_cmpstr (out, ==, "");
  g_assert_true (g_str_has_prefix (err, "pitstop-cli: "));
  g_assert_nonnull (strstr (err, message));
  /* one line */
  g_assert_true (strchr (err, '\n') == err + strlen (err) - 1);
}

static void
test_errors (void)
{
  g_autofree char *xml = fixture ("advisor", "win10-untuned.xml");
  g_autofree char *not_domain = fixture ("hosts", "README.md");
  const char *nothing[] = { "check", NULL };
  const char *both[] = { "check", "--xml", xml, "--all", NULL };
  const char *missing[] = { "check", "--xml", "/nonexistent/vm.xml", NULL };
  const char *bad[] = { "check", "--xml", not_domain, NULL };
  const char *unknown[] = { "check", "--demo", "--domain", "no-such-vm", NULL };
  const char *dump[] = { "check", "--xml", xml, "--pci-dump", "/nonexistent", NULL };

  assert_error (nothing, "--xml FILE, --domain NAME or --all");
  assert_error (both, "not both");
  assert_error (missing, "/nonexistent/vm.xml");
  assert_error (bad, "not valid");
  assert_error (unknown, "no-such-vm");
  assert_error (dump, "--root");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/advisor/cli/findings", test_findings);
  g_test_add_func ("/advisor/cli/clean", test_clean);
  g_test_add_func ("/advisor/cli/without-root", test_without_root);
  g_test_add_func ("/advisor/cli/xml-on-demo", test_xml_on_demo);
  g_test_add_func ("/advisor/cli/demo", test_demo);
  g_test_add_func ("/advisor/cli/demo-all", test_demo_all);
  g_test_add_func ("/advisor/cli/pci-dump", test_pci_dump);
  g_test_add_func ("/advisor/cli/errors", test_errors);

  return g_test_run ();
}
