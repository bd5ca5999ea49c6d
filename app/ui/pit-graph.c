/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-ui"

#include "config.h"

#include <adwaita.h>
#include <math.h>

#include "pit-graph.h"

/* A line graph of up to two ring buffers (e.g. read and write), newest at the
 * right, drawn with cairo through GtkSnapshot in the theme's accent and
 * foreground colours, so it follows light, dark and high-contrast styles.
 * The y range is fixed (percentages) or follows the largest visible value.
 * As a sparkline it draws only the line, for the overview rows. */

#define MAX_SERIES 2

struct _PitGraph
{
  GtkWidget parent_instance;

  PitRingBuffer *series[MAX_SERIES];
  double fixed_max;        /* <= 0: automatic */
  gboolean sparkline;
  guint visible_points;
};

G_DEFINE_FINAL_TYPE (PitGraph, pit_graph, GTK_TYPE_WIDGET)

static void
lookup_color (GtkWidget  *widget,
              const char *name,
              GdkRGBA    *fallback,
              GdkRGBA    *out)
{
  GtkStyleContext *context;

G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  context = gtk_widget_get_style_context (widget);
  if (!gtk_style_context_lookup_color (context, name, out))
    *out = *fallback;
G_GNUC_END_IGNORE_DEPRECATIONS
}

static double
scale_max (PitGraph *self,
           guint     points)
{
  double max = 0;

  if (self->fixed_max > 0)
    return self->fixed_max;

  for (guint s = 0; s < MAX_SERIES; s++)
    {
      guint len;

      if (self->series[s] == NULL)
        continue;
      len = pit_ring_buffer_get_length (self->series[s]);
      for (guint i = len > points ? len - points : 0; i < len; i++)
        {
          double v = pit_ring_buffer_get (self->series[s], i);

          if (isfinite (v) && v > max)
            max = v;
        }
    }
  /* round up to a pleasant 1/2/5 × 10^n so the line does not touch the top */
  if (max <= 0)
    return 1;
  {
    double magnitude = pow (10, floor (log10 (max)));
    double steps[] = { 1, 2, 5, 10 };

    for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
      if (max <= steps[i] * magnitude)
        return steps[i] * magnitude;
    return 10 * magnitude;
  }
}

static void
draw_series (cairo_t       *cr,
             PitRingBuffer *buffer,
             guint          points,
             double         max,
             double         width,
             double         height,
             const GdkRGBA *color,
             gboolean       fill)
{
  guint len = pit_ring_buffer_get_length (buffer);
  guint first = len > points ? len - points : 0;
  double step = points > 1 ? width / (points - 1) : width;
  gboolean started = FALSE;
  gboolean high_contrast;
  double first_x = 0, last_x = 0;

  if (len - first < 1)
    return;

  for (guint i = first; i < len; i++)
    {
      double v = pit_ring_buffer_get (buffer, i);
      double x = width - (len - 1 - i) * step;
      double y;

      if (!isfinite (v))
        continue;
      y = height - CLAMP (v / max, 0, 1) * (height - 1) - 0.5;
      if (!started)
        {
          cairo_move_to (cr, x, y);
          first_x = x;
          started = TRUE;
        }
      else
        cairo_line_to (cr, x, y);
      last_x = x;
    }
  if (!started)
    return;

  /* high contrast: a bolder line and a fill that stands off the background */
  high_contrast = adw_style_manager_get_high_contrast (adw_style_manager_get_default ());
  gdk_cairo_set_source_rgba (cr, color);
  cairo_set_line_width (cr, high_contrast ? 2.5 : 1.5);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  if (fill)
    {
      cairo_stroke_preserve (cr);
      cairo_line_to (cr, last_x, height);
      cairo_line_to (cr, first_x, height);
      cairo_close_path (cr);
      cairo_set_source_rgba (cr, color->red, color->green, color->blue, high_contrast ? 0.4 : 0.18);
      cairo_fill (cr);
    }
  else
    cairo_stroke (cr);
}

static void
pit_graph_snapshot (GtkWidget   *widget,
                    GtkSnapshot *snapshot)
{
  PitGraph *self = PIT_GRAPH (widget);
  double width = gtk_widget_get_width (widget);
  double height = gtk_widget_get_height (widget);
  GdkRGBA fallback_accent = { 0.21, 0.52, 0.89, 1 };
  GdkRGBA fallback_second = { 0.90, 0.38, 0.0, 1 };
  GdkRGBA fallback_fg = { 0.5, 0.5, 0.5, 1 };
  GdkRGBA accent, second, grid;
  guint points = self->visible_points;
  double max;
  cairo_t *cr;

  if (width <= 1 || height <= 1)
    return;

  lookup_color (widget, "accent_color", &fallback_accent, &accent);
  lookup_color (widget, "warning_color", &fallback_second, &second);
  lookup_color (widget, "borders", &fallback_fg, &grid);
  max = scale_max (self, points);

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));

  if (self->sparkline)
    {
      /* a faint track, so an idle or new VM still shows where its line goes */
      cairo_set_source_rgba (cr, grid.red, grid.green, grid.blue, grid.alpha * 0.5);
      cairo_rectangle (cr, 0, 0, width, height);
      cairo_fill (cr);
    }
  else
    {
      /* quarter lines */
      gdk_cairo_set_source_rgba (cr, &grid);
      cairo_set_line_width (cr, 1);
      for (int i = 1; i < 4; i++)
        {
          double y = floor (height * i / 4) + 0.5;

          cairo_move_to (cr, 0, y);
          cairo_line_to (cr, width, y);
        }
      cairo_stroke (cr);
    }

  if (self->series[1] != NULL)
    draw_series (cr, self->series[1], points, max, width, height, &second, TRUE);
  if (self->series[0] != NULL)
    draw_series (cr, self->series[0], points, max, width, height, &accent, TRUE);

  cairo_destroy (cr);
}

static void
pit_graph_measure (GtkWidget      *widget,
                   GtkOrientation  orientation,
                   int             for_size,
                   int            *minimum,
                   int            *natural,
                   int            *minimum_baseline,
                   int            *natural_baseline)
{
  PitGraph *self = PIT_GRAPH (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = self->sparkline ? 48 : 120;
      *natural = self->sparkline ? 96 : 320;
    }
  else
    {
      *minimum = self->sparkline ? 20 : 80;
      *natural = self->sparkline ? 24 : 120;
    }
}

static void
pit_graph_dispose (GObject *object)
{
  PitGraph *self = (PitGraph *) object;

  for (guint s = 0; s < MAX_SERIES; s++)
    g_clear_pointer (&self->series[s], pit_ring_buffer_unref);

  G_OBJECT_CLASS (pit_graph_parent_class)->dispose (object);
}

static void
pit_graph_class_init (PitGraphClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pit_graph_dispose;
  widget_class->snapshot = pit_graph_snapshot;
  widget_class->measure = pit_graph_measure;

  gtk_widget_class_set_css_name (widget_class, "graph");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
pit_graph_init (PitGraph *self)
{
  self->visible_points = 120;
}

GtkWidget *
pit_graph_new (void)
{
  return g_object_new (PIT_TYPE_GRAPH, NULL);
}

/**
 * pit_graph_set_series:
 * @index: 0 for the main line (accent colour), 1 for a second one
 * @buffer: (nullable): the values; the graph keeps a reference
 */
void
pit_graph_set_series (PitGraph      *self,
                      guint          index,
                      PitRingBuffer *buffer)
{
  g_return_if_fail (PIT_IS_GRAPH (self));
  g_return_if_fail (index < MAX_SERIES);

  if (self->series[index] == buffer)
    return;
  g_clear_pointer (&self->series[index], pit_ring_buffer_unref);
  if (buffer != NULL)
    self->series[index] = pit_ring_buffer_ref (buffer);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
pit_graph_set_fixed_max (PitGraph *self,
                         double    max)
{
  g_return_if_fail (PIT_IS_GRAPH (self));

  self->fixed_max = max;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
pit_graph_set_sparkline (PitGraph *self,
                         gboolean  sparkline)
{
  g_return_if_fail (PIT_IS_GRAPH (self));

  self->sparkline = !!sparkline;
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

void
pit_graph_set_visible_points (PitGraph *self,
                              guint     points)
{
  g_return_if_fail (PIT_IS_GRAPH (self));
  g_return_if_fail (points >= 2);

  self->visible_points = points;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * pit_graph_get_n_points:
 * Returns: how many values of the main line are drawn now
 */
guint
pit_graph_get_n_points (PitGraph *self)
{
  guint len;

  g_return_val_if_fail (PIT_IS_GRAPH (self), 0);

  if (self->series[0] == NULL)
    return 0;
  len = pit_ring_buffer_get_length (self->series[0]);
  return MIN (len, self->visible_points);
}

/**
 * pit_graph_changed:
 * Redraws after the buffers got new values.
 */
void
pit_graph_changed (PitGraph *self)
{
  g_return_if_fail (PIT_IS_GRAPH (self));

  gtk_widget_queue_draw (GTK_WIDGET (self));
}
