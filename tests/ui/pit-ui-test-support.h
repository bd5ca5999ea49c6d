/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

gboolean   pit_ui_test_init          (int         *argc,
                                      char      ***argv);
char      *pit_ui_test_collect_text  (GtkWidget   *widget);
gboolean   pit_ui_test_shows_text    (GtkWidget   *widget,
                                      const char  *text);
void       pit_ui_test_wait_ms       (guint        ms);
GtkWidget *pit_ui_test_find_label    (GtkWidget   *widget,
                                      const char  *text);
GtkWidget *pit_ui_test_find_inside   (GtkWidget   *widget,
                                      GType        type);
GtkWidget *pit_ui_test_find_button   (GtkWidget   *widget,
                                      const char  *label);
GtkSelectionModel *pit_ui_test_get_view_model (GtkWidget *view);
void       pit_ui_test_assert_text_within (GtkWidget  *widget,
                                           const char *text,
                                           gboolean    shown,
                                           guint       timeout_ms);

G_END_DECLS
