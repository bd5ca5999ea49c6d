/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-tune"

#include "config.h"

#include "pit-xml-diff.h"

#define CONTEXT_LINES 3
/* Above this many cells the table is not built: everything between the
 * common head and tail is shown as removed and added (still a valid diff). */
#define MAX_CELLS (16 * 1024 * 1024)

typedef enum { OP_SAME, OP_DEL, OP_ADD } Op;

typedef struct
{
  Op op;
  guint a;   /* line index in before (OP_SAME, OP_DEL) */
  guint b;   /* line index in after (OP_SAME, OP_ADD) */
} Edit;

static char **
split_lines (const char *text,
             guint      *n_lines)
{
  char **lines = g_strsplit (text, "\n", -1);
  guint n = g_strv_length (lines);

  /* A final newline ends the last line; it does not start another. */
  if (n > 0 && *lines[n - 1] == '\0')
    {
      g_free (lines[n - 1]);
      lines[n - 1] = NULL;
      n--;
    }
  *n_lines = n;
  return lines;
}

/* Longest common subsequence of a[lo_a, hi_a) and b[lo_b, hi_b), as edits. */
static void
lcs_edits (char   **a,
           guint    lo_a,
           guint    hi_a,
           char   **b,
           guint    lo_b,
           guint    hi_b,
           GArray  *edits)
{
  guint n = hi_a - lo_a;
  guint m = hi_b - lo_b;
  guint32 *table;
  guint i = 0, j = 0;

  if ((guint64) (n + 1) * (m + 1) > MAX_CELLS)
    {
      for (i = lo_a; i < hi_a; i++)
        g_array_append_vals (edits, &(Edit) { OP_DEL, i, 0 }, 1);
      for (j = lo_b; j < hi_b; j++)
        g_array_append_vals (edits, &(Edit) { OP_ADD, 0, j }, 1);
      return;
    }

  /* table[i][j]: LCS length of a[i..n) and b[j..m) */
  table = g_new0 (guint32, (gsize) (n + 1) * (m + 1));
#define T(x, y) table[(gsize) (x) * (m + 1) + (y)]
  for (int x = (int) n - 1; x >= 0; x--)
    for (int y = (int) m - 1; y >= 0; y--)
      {
        if (g_str_equal (a[lo_a + x], b[lo_b + y]))
          T (x, y) = T (x + 1, y + 1) + 1;
        else
          T (x, y) = MAX (T (x + 1, y), T (x, y + 1));
      }

  while (i < n || j < m)
    {
      if (i < n && j < m && g_str_equal (a[lo_a + i], b[lo_b + j]))
        {
          g_array_append_vals (edits, &(Edit) { OP_SAME, lo_a + i, lo_b + j }, 1);
          i++, j++;
        }
      else if (j < m && (i == n || T (i, j + 1) > T (i + 1, j)))
        {
          /* Prefer removals before additions at the same place, as diff does:
           * take an addition only when it keeps a longer common part. */
          g_array_append_vals (edits, &(Edit) { OP_ADD, 0, lo_b + j }, 1);
          j++;
        }
      else
        {
          g_array_append_vals (edits, &(Edit) { OP_DEL, lo_a + i, 0 }, 1);
          i++;
        }
    }
#undef T
  g_free (table);
}

static void
append_range (GString *out,
              guint    start,
              guint    count)
{
  /* diff's convention: an empty range names the line before it */
  if (count == 1)
    g_string_append_printf (out, "%u", start + 1);
  else
    g_string_append_printf (out, "%u,%u", count == 0 ? start : start + 1, count);
}

/**
 * pit_xml_diff:
 * Returns: (transfer full): the unified diff of @before and @after.
 */
char *
pit_xml_diff (const char *before,
              const char *after,
              const char *before_label,
              const char *after_label)
{
  g_auto(GStrv) a = NULL;
  g_auto(GStrv) b = NULL;
  g_autoptr(GArray) edits = g_array_new (FALSE, FALSE, sizeof (Edit));
  GString *out;
  guint n, m, head = 0, tail = 0;
  guint k = 0;

  g_return_val_if_fail (before != NULL && after != NULL, NULL);

  if (g_str_equal (before, after))
    return g_strdup ("");

  a = split_lines (before, &n);
  b = split_lines (after, &m);

  while (head < n && head < m && g_str_equal (a[head], b[head]))
    head++;
  while (tail < n - head && tail < m - head && g_str_equal (a[n - 1 - tail], b[m - 1 - tail]))
    tail++;

  for (guint i = 0; i < head; i++)
    g_array_append_vals (edits, &(Edit) { OP_SAME, i, i }, 1);
  lcs_edits (a, head, n - tail, b, head, m - tail, edits);
  for (guint i = 0; i < tail; i++)
    g_array_append_vals (edits, &(Edit) { OP_SAME, n - tail + i, m - tail + i }, 1);

  out = g_string_new (NULL);
  g_string_append_printf (out, "--- %s\n+++ %s\n", before_label, after_label);

  while (k < edits->len)
    {
      guint first_change, start, end, last_change;
      guint a_start = 0, b_start = 0, a_count = 0, b_count = 0;

      while (k < edits->len && g_array_index (edits, Edit, k).op == OP_SAME)
        k++;
      if (k == edits->len)
        break;
      first_change = k;

      /* Grow the hunk while the next change is close enough to share context */
      last_change = k;
      for (guint x = k + 1; x < edits->len; x++)
        {
          if (g_array_index (edits, Edit, x).op != OP_SAME)
            {
              if (x - last_change - 1 > 2 * CONTEXT_LINES)
                break;
              last_change = x;
            }
        }
      start = first_change > CONTEXT_LINES ? first_change - CONTEXT_LINES : 0;
      end = MIN (edits->len, last_change + 1 + CONTEXT_LINES);

      /* Where the hunk starts in each file */
      for (guint x = 0; x < start; x++)
        {
          Edit *e = &g_array_index (edits, Edit, x);

          if (e->op != OP_ADD)
            a_start++;
          if (e->op != OP_DEL)
            b_start++;
        }
      for (guint x = start; x < end; x++)
        {
          Edit *e = &g_array_index (edits, Edit, x);

          if (e->op != OP_ADD)
            a_count++;
          if (e->op != OP_DEL)
            b_count++;
        }
      g_string_append (out, "@@ -");
      append_range (out, a_start, a_count);
      g_string_append (out, " +");
      append_range (out, b_start, b_count);
      g_string_append (out, " @@\n");
      for (guint x = start; x < end; x++)
        {
          Edit *e = &g_array_index (edits, Edit, x);

          switch (e->op)
            {
            case OP_SAME:
              g_string_append_printf (out, " %s\n", a[e->a]);
              break;
            case OP_DEL:
              g_string_append_printf (out, "-%s\n", a[e->a]);
              break;
            case OP_ADD:
              g_string_append_printf (out, "+%s\n", b[e->b]);
              break;
            default:
              g_assert_not_reached ();
            }
        }
      k = end;
    }

  return g_string_free (out, FALSE);
}
