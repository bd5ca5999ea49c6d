/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pitstop-cli's columns as a terminal shows them: translated headers with
 * umlauts, wide (CJK) characters and combining marks line up with their
 * values; numbers can be right-aligned; no trailing blanks. */
#include "config.h"

#include "pit-text-table.h"

/* the terminal column where each line's Nth cell starts, found by the
 * separator the test chose */
static guint
column_of (const char *line,
           const char *needle)
{
  const char *at = strstr (line, needle);
  g_autofree char *before = NULL;

  g_assert_nonnull (at);
  before = g_strndup (line, at - line);
  return pit_text_display_width (before);
}

static void
test_display_width (void)
{
  g_assert_cmpuint (pit_text_display_width ("NODE"), ==, 4);
  g_assert_cmpuint (pit_text_display_width ("Größe"), ==, 5);        /* 7 bytes */
  g_assert_cmpuint (pit_text_display_width ("节点"), ==, 4);         /* two wide characters */
  g_assert_cmpuint (pit_text_display_width ("e\xcc\x81"), ==, 1);    /* e + combining acute */
  g_assert_cmpuint (pit_text_display_width (""), ==, 0);
}

static void
test_columns_line_up (void)
{
  g_autoptr(PitTextTable) table = pit_text_table_new (3);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;

  pit_text_table_set_separator (table, " |");
  pit_text_table_add_row (table, "KNOTEN", "GRÖẞE", "ART");
  pit_text_table_add_row (table, "0", "节点", "standard");
  pit_text_table_add_row (table, "Zweiunddreißig", NULL, "e\xcc\x81");
  text = pit_text_table_format (table);
  lines = g_strsplit (text, "\n", -1);

  g_assert_cmpuint (g_strv_length (lines), ==, 4);      /* three rows and the final newline */
  g_assert_cmpstr (lines[3], ==, "");
  /* the second and the third column start where the header's do */
  for (guint i = 1; i < 3; i++)
    {
      g_assert_cmpuint (column_of (lines[i], " |"), ==, column_of (lines[0], " |"));
      g_assert_cmpuint (column_of (strstr (lines[i], " |") + 2, " |"), ==,
                        column_of (strstr (lines[0], " |") + 2, " |"));
    }
  /* a missing value is a dash, the widest cell sets the width */
  g_assert_true (g_str_has_prefix (lines[2], "Zweiunddreißig |-     |"));
  /* the last column is not padded */
  g_assert_false (g_str_has_suffix (lines[0], " "));
  g_assert_cmpstr (strstr (lines[0], "GRÖẞE |"), ==, "GRÖẞE |ART");
}

static void
test_right_aligned_and_indent (void)
{
  g_autoptr(PitTextTable) table = pit_text_table_new (2);
  g_autofree char *text = NULL;

  pit_text_table_set_indent (table, 2);
  pit_text_table_set_right_aligned (table, 0);
  pit_text_table_add_row (table, "VCPUS", "NAME");
  pit_text_table_add_row (table, "8", "win10-gaming");
  pit_text_table_add_row (table, "16", "fedora-server");
  text = pit_text_table_format (table);

  g_assert_cmpstr (text, ==,
                   "  VCPUS  NAME\n"
                   "      8  win10-gaming\n"
                   "     16  fedora-server\n");
}

static void
test_empty (void)
{
  g_autoptr(PitTextTable) table = pit_text_table_new (2);
  g_autofree char *text = pit_text_table_format (table);

  g_assert_cmpstr (text, ==, "");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/text-table/display-width", test_display_width);
  g_test_add_func ("/text-table/columns-line-up", test_columns_line_up);
  g_test_add_func ("/text-table/right-aligned-and-indent", test_right_aligned_and_indent);
  g_test_add_func ("/text-table/empty", test_empty);
  return g_test_run ();
}
