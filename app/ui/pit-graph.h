/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "pit-ring-buffer.h"

G_BEGIN_DECLS

#define PIT_TYPE_GRAPH (pit_graph_get_type ())

G_DECLARE_FINAL_TYPE (PitGraph, pit_graph, PIT, GRAPH, GtkWidget)

GtkWidget *pit_graph_new            (void);
void       pit_graph_set_series     (PitGraph      *self,
                                     guint          index,
                                     PitRingBuffer *buffer);
void       pit_graph_set_fixed_max  (PitGraph      *self,
                                     double         max);
void       pit_graph_set_sparkline  (PitGraph      *self,
                                     gboolean       sparkline);
void       pit_graph_set_visible_points (PitGraph  *self,
                                     guint          points);
guint      pit_graph_get_n_points   (PitGraph      *self);
void       pit_graph_changed        (PitGraph      *self);

G_END_DECLS
