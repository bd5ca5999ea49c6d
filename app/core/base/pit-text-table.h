/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Columns of text for a terminal, padded by what the user sees: a cell's
 * width is counted in terminal columns (wide characters take two, combining
 * marks none), never in bytes, so translated headers ("KNOTEN", "Größe")
 * line up with their values.  The last column is never padded. */
typedef struct _PitTextTable PitTextTable;

PitTextTable *pit_text_table_new                (guint          n_columns);
void          pit_text_table_free               (PitTextTable  *table);
void          pit_text_table_set_indent         (PitTextTable  *table,
                                                 guint          spaces);
void          pit_text_table_set_separator      (PitTextTable  *table,
                                                 const char    *separator);
void          pit_text_table_set_right_aligned  (PitTextTable  *table,
                                                 guint          column);
/* n_columns strings; NULL prints as "-" */
void          pit_text_table_add_row            (PitTextTable  *table,
                                                 ...);
void          pit_text_table_add_rowv           (PitTextTable  *table,
                                                 const char   **cells);
char         *pit_text_table_format             (PitTextTable  *table);
void          pit_text_table_print              (PitTextTable  *table);

guint         pit_text_display_width            (const char    *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PitTextTable, pit_text_table_free)

G_END_DECLS
