/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "pit-text-table.h"

#include <stdarg.h>
#include <string.h>

struct _PitTextTable
{
  guint      n_columns;
  guint      indent;
  char      *separator;
  gboolean  *right_aligned;
  GPtrArray *rows;              /* of GStrv with n_columns cells */
};

PitTextTable *
pit_text_table_new (guint n_columns)
{
  PitTextTable *table;

  g_return_val_if_fail (n_columns > 0, NULL);

  table = g_new0 (PitTextTable, 1);
  table->n_columns = n_columns;
  table->separator = g_strdup ("  ");
  table->right_aligned = g_new0 (gboolean, n_columns);
  table->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  return table;
}

void
pit_text_table_free (PitTextTable *table)
{
  if (table == NULL)
    return;
  g_ptr_array_unref (table->rows);
  g_free (table->right_aligned);
  g_free (table->separator);
  g_free (table);
}

void
pit_text_table_set_indent (PitTextTable *table,
                           guint         spaces)
{
  table->indent = spaces;
}

void
pit_text_table_set_separator (PitTextTable *table,
                              const char   *separator)
{
  g_free (table->separator);
  table->separator = g_strdup (separator);
}

void
pit_text_table_set_right_aligned (PitTextTable *table,
                                  guint         column)
{
  g_return_if_fail (column < table->n_columns);
  table->right_aligned[column] = TRUE;
}

void
pit_text_table_add_rowv (PitTextTable  *table,
                         const char   **cells)
{
  char **row = g_new0 (char *, table->n_columns + 1);

  for (guint i = 0; i < table->n_columns; i++)
    row[i] = g_strdup (cells[i] != NULL ? cells[i] : "-");
  g_ptr_array_add (table->rows, row);
}

void
pit_text_table_add_row (PitTextTable *table,
                        ...)
{
  g_autofree const char **cells = g_new0 (const char *, table->n_columns);
  va_list args;

  va_start (args, table);
  for (guint i = 0; i < table->n_columns; i++)
    cells[i] = va_arg (args, const char *);
  va_end (args);
  pit_text_table_add_rowv (table, cells);
}

guint
pit_text_display_width (const char *text)
{
  guint width = 0;

  if (!g_utf8_validate (text, -1, NULL))
    return (guint) strlen (text);
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iszerowidth (c))
        continue;
      width += g_unichar_iswide (c) ? 2 : 1;
    }
  return width;
}

static void
append_padding (GString *out,
                guint    spaces)
{
  for (guint i = 0; i < spaces; i++)
    g_string_append_c (out, ' ');
}

char *
pit_text_table_format (PitTextTable *table)
{
  g_autofree guint *widths = g_new0 (guint, table->n_columns);
  GString *out = g_string_new (NULL);

  for (guint r = 0; r < table->rows->len; r++)
    {
      char **row = table->rows->pdata[r];

      for (guint c = 0; c < table->n_columns; c++)
        widths[c] = MAX (widths[c], pit_text_display_width (row[c]));
    }

  for (guint r = 0; r < table->rows->len; r++)
    {
      char **row = table->rows->pdata[r];

      append_padding (out, table->indent);
      for (guint c = 0; c < table->n_columns; c++)
        {
          gboolean last = c + 1 == table->n_columns;
          guint pad = widths[c] - pit_text_display_width (row[c]);

          if (c > 0)
            g_string_append (out, table->separator);
          if (table->right_aligned[c])
            append_padding (out, pad);
          g_string_append (out, row[c]);
          if (!table->right_aligned[c] && !last)
            append_padding (out, pad);
        }
      g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}

void
pit_text_table_print (PitTextTable *table)
{
  g_autofree char *text = pit_text_table_format (table);

  g_print ("%s", text);
}
