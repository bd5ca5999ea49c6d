/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-test"

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "pit-xml-diff.h"

static void
test_equal (void)
{
  g_autofree char *diff = pit_xml_diff ("a\nb\n", "a\nb\n", "a/x", "b/x");

  g_assert_cmpstr (diff, ==, "");
}

static void
test_one_change (void)
{
  const char *before = "1\n2\n3\n4\n5\n6\n7\n8\n9\n";
  const char *after = "1\n2\n3\n4\nfive\n6\n7\n8\n9\n";
  g_autofree char *diff = pit_xml_diff (before, after, "a/x.xml", "b/x.xml");

  g_assert_cmpstr (diff, ==,
                   "--- a/x.xml\n+++ b/x.xml\n"
                   "@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n");
}

static void
test_hunks (void)
{
  /* two changes far apart: two hunks; an insertion at the start; a removal
   * at the end */
  GString *before = g_string_new (NULL);
  GString *after = g_string_new (NULL);
  g_autofree char *diff = NULL;

  for (int i = 1; i <= 20; i++)
    {
      g_string_append_printf (before, "%d\n", i);
      if (i == 1)
        g_string_append (after, "new\n");
      if (i != 20)
        g_string_append_printf (after, "%d\n", i);
    }
  diff = pit_xml_diff (before->str, after->str, "a", "b");
  g_assert_cmpstr (diff, ==,
                   "--- a\n+++ b\n"
                   "@@ -1,3 +1,4 @@\n+new\n 1\n 2\n 3\n"
                   "@@ -17,4 +18,3 @@\n 17\n 18\n 19\n-20\n");
  g_string_free (before, TRUE);
  g_string_free (after, TRUE);
}

/* The result applies with patch(1): the reference for what a unified diff is */
static void
test_patch_applies (void)
{
  const char *before = "<domain>\n  <name>x</name>\n  <vcpu>8</vcpu>\n  <os>\n    <type>hvm</type>\n  </os>\n"
                       "  <devices>\n    <disk/>\n    <interface/>\n  </devices>\n</domain>\n";
  const char *after = "<domain>\n  <name>x</name>\n  <vcpu current=\"2\">8</vcpu>\n  <cputune>\n    <emulatorpin/>\n"
                      "  </cputune>\n  <os>\n    <type>hvm</type>\n  </os>\n  <devices>\n    <interface/>\n"
                      "    <hostdev/>\n  </devices>\n</domain>\n";
  g_autofree char *diff = pit_xml_diff (before, after, "a/d.xml", "b/d.xml");
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("pitstop-diff-XXXXXX", &error);
  g_autofree char *file = g_build_filename (dir, "d.xml", NULL);
  g_autofree char *patch_file = g_build_filename (dir, "d.patch", NULL);
  g_autofree char *patched = NULL;
  g_autofree char *patch = g_find_program_in_path ("patch");
  g_autoptr(GSubprocess) proc = NULL;

  if (patch == NULL)
    {
      g_test_skip ("patch(1) is not installed");
      return;
    }
  g_assert_no_error (error);
  g_file_set_contents (file, before, -1, &error);
  g_file_set_contents (patch_file, diff, -1, &error);
  g_assert_no_error (error);
  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error,
                           patch, "-s", "-p1", "-d", dir, "-i", patch_file, NULL);
  g_assert_no_error (error);
  g_subprocess_wait_check (proc, NULL, &error);
  g_assert_no_error (error);
  g_file_get_contents (file, &patched, NULL, &error);
  g_assert_cmpstr (patched, ==, after);

  g_remove (file);
  g_remove (patch_file);
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tune/diff/equal", test_equal);
  g_test_add_func ("/tune/diff/one-change", test_one_change);
  g_test_add_func ("/tune/diff/hunks", test_hunks);
  g_test_add_func ("/tune/diff/patch-applies", test_patch_applies);

  return g_test_run ();
}
