/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define PIT_TYPE_ROW_VIEW (pit_row_view_get_type ())

G_DECLARE_FINAL_TYPE (PitRowView, pit_row_view, PIT, ROW_VIEW, GtkWidget)

GtkWidget         *pit_row_view_new             (void);
void               pit_row_view_set_model       (PitRowView         *self,
                                                 GtkSelectionModel  *model);
GtkSelectionModel *pit_row_view_get_model       (PitRowView         *self);
void               pit_row_view_set_factory     (PitRowView         *self,
                                                 GtkListItemFactory *factory);
GtkWidget         *pit_row_view_get_view        (PitRowView         *self);
gboolean           pit_row_view_is_grid         (PitRowView         *self);

G_END_DECLS
