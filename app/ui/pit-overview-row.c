/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-ui"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "pit-format.h"
#include "pit-graph.h"
#include "pit-overview-row.h"

/* One VM in the overview: name and state, a processor sparkline, and its
 * current figures.  Built in code: it is small, and recycled by a list view
 * through set_monitor.
 *
 * It does not follow the monitor's ticks by itself: a GtkListView keeps up
 * to 200 rows bound, most of them off screen, so the page calls
 * pit_overview_row_update() after each tick for the rows a user can see,
 * and for the others when they scroll into view.  A state change shows at
 * once. */
enum {
  FIGURE_CPU,
  FIGURE_MEMORY,
  FIGURE_DISK,
  FIGURE_NET,
  N_FIGURES
};

/* one figure as shown, and the value it was formatted from */
typedef struct
{
  double value;
  char *text;
} Figure;

struct _PitOverviewRow
{
  GtkWidget parent_instance;

  PitDomainMonitor *monitor;
  char *host;            /* shown after the name when several hosts are */
  PitDomainState a11y_state;
  gboolean a11y_set;
  gboolean shown;        /* the figures of n_updates are on screen */
  guint n_updates;
  Figure figures[N_FIGURES];
  int text_state;        /* of the figures label; -1: it shows no figures */
  gulong state_id;

  GtkWidget *box;
  GtkLabel *name_label;
  GtkLabel *figures_label;
  PitGraph *sparkline;
};

G_DEFINE_FINAL_TYPE (PitOverviewRow, pit_overview_row, GTK_TYPE_WIDGET)

static double
or_zero (double value)
{
  return isfinite (value) ? value : 0;
}

/* Formats @value into @figure when it changed; returns whether the text
 * did (most changes do not show at the precision displayed). */
static gboolean
set_figure (Figure   *figure,
            double    value,
            char   *(*format) (double))
{
  g_autofree char *text = NULL;

  if (figure->text != NULL && (figure->value == value || (isnan (figure->value) && isnan (value))))
    return FALSE;
  figure->value = value;
  text = format (value);
  if (g_strcmp0 (figure->text, text) == 0)
    return FALSE;
  g_free (figure->text);
  figure->text = g_steal_pointer (&text);
  return TRUE;
}

static void
clear_figures (PitOverviewRow *self)
{
  for (guint i = 0; i < N_FIGURES; i++)
    g_clear_pointer (&self->figures[i].text, g_free);
  self->text_state = -1;
}

/* the name, and the state for screen readers */
static void
show_name (PitOverviewRow *self)
{
  PitDomainState state = pit_domain_monitor_get_state (self->monitor);

  if (self->host != NULL)
    {
      /* TRANSLATORS: a VM and its host in the overview, e.g. "win10 — gamebox" */
      g_autofree char *name = g_strdup_printf (_("%s — %s"), pit_domain_monitor_get_name (self->monitor), self->host);

      gtk_label_set_label (self->name_label, name);
    }
  else
    gtk_label_set_label (self->name_label, pit_domain_monitor_get_name (self->monitor));
  /* the name and state only: figures that change every second would flood
   * a screen reader (they are in the label, read on demand) */
  if (self->a11y_state != state || !self->a11y_set)
    {
      gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, pit_domain_monitor_get_name (self->monitor),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, pit_domain_state_to_string (state),
                                      -1);
      self->a11y_state = state;
      self->a11y_set = TRUE;
    }
}

static void
update (PitOverviewRow *self)
{
  PitMonitorRates *rates;
  PitDomainState state;
  g_autofree char *text = NULL;

  if (self->monitor == NULL)
    return;

  self->shown = TRUE;
  self->n_updates = pit_domain_monitor_get_n_updates (self->monitor);
  state = pit_domain_monitor_get_state (self->monitor);
  show_name (self);
  /* the history comes with the first sample: a row bound before it (every
   * row at start-up) would otherwise keep an empty sparkline */
  pit_graph_set_series (self->sparkline, 0, pit_domain_monitor_get_history (self->monitor, PIT_MONITOR_SERIES_CPU));
  rates = pit_domain_monitor_get_rates (self->monitor);

  if (!pit_domain_state_is_active (state) || rates == NULL)
    {
      clear_figures (self);
      gtk_label_set_label (self->figures_label, pit_domain_state_to_string (state));
    }
  else
    {
      gboolean changed = FALSE;

      changed |= set_figure (&self->figures[FIGURE_CPU], rates->cpu_percent, pit_format_percent);
      changed |= set_figure (&self->figures[FIGURE_MEMORY], rates->memory_used, pit_format_bytes);
      changed |= set_figure (&self->figures[FIGURE_DISK], or_zero (rates->disk_read_bytes_per_second)
                                                          + or_zero (rates->disk_write_bytes_per_second),
                             pit_format_rate);
      changed |= set_figure (&self->figures[FIGURE_NET], or_zero (rates->net_rx_bytes_per_second)
                                                         + or_zero (rates->net_tx_bytes_per_second),
                             pit_format_rate);
      if (changed || self->text_state != (int) state)
        {
          /* TRANSLATORS: state and live figures, e.g. "Running · CPU 25 % · 4.0 GiB · disk 75 kB/s · network 150 kB/s" */
          text = g_strdup_printf (_("%s · CPU %s · %s · disk %s · network %s"),
                                  pit_domain_state_to_string (state), self->figures[FIGURE_CPU].text,
                                  self->figures[FIGURE_MEMORY].text, self->figures[FIGURE_DISK].text,
                                  self->figures[FIGURE_NET].text);
          gtk_label_set_label (self->figures_label, text);
          self->text_state = state;
        }
    }
  pit_graph_changed (self->sparkline);
}

static void
pit_overview_row_dispose (GObject *object)
{
  PitOverviewRow *self = (PitOverviewRow *) object;

  pit_overview_row_set_monitor (self, NULL);
  clear_figures (self);
  g_clear_pointer (&self->host, g_free);
  g_clear_pointer (&self->box, gtk_widget_unparent);

  G_OBJECT_CLASS (pit_overview_row_parent_class)->dispose (object);
}

static void
pit_overview_row_class_init (PitOverviewRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pit_overview_row_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_LIST_ITEM);
}

static void
pit_overview_row_init (PitOverviewRow *self)
{
  GtkWidget *labels = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);

  self->text_state = -1;
  self->box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_set_margin_top (self->box, 6);
  gtk_widget_set_margin_bottom (self->box, 6);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  self->name_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->name_label, 0);
  gtk_label_set_ellipsize (self->name_label, PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (GTK_WIDGET (self->name_label), "heading");
  self->figures_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->figures_label, 0);
  gtk_label_set_ellipsize (self->figures_label, PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (GTK_WIDGET (self->figures_label), "caption");
  gtk_widget_add_css_class (GTK_WIDGET (self->figures_label), "dim-label");
  gtk_widget_add_css_class (GTK_WIDGET (self->figures_label), "numeric");
  gtk_box_append (GTK_BOX (labels), GTK_WIDGET (self->name_label));
  gtk_box_append (GTK_BOX (labels), GTK_WIDGET (self->figures_label));
  gtk_widget_set_hexpand (labels, TRUE);
  gtk_box_append (GTK_BOX (self->box), labels);

  self->sparkline = PIT_GRAPH (pit_graph_new ());
  pit_graph_set_sparkline (self->sparkline, TRUE);
  pit_graph_set_fixed_max (self->sparkline, 100);
  pit_graph_set_visible_points (self->sparkline, 60);
  gtk_widget_set_valign (GTK_WIDGET (self->sparkline), GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->sparkline),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Processor use in the last minute"),
                                  -1);
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->sparkline));
}

GtkWidget *
pit_overview_row_new (void)
{
  return g_object_new (PIT_TYPE_OVERVIEW_ROW, NULL);
}

void
pit_overview_row_set_monitor (PitOverviewRow   *self,
                              PitDomainMonitor *monitor)
{
  g_return_if_fail (PIT_IS_OVERVIEW_ROW (self));

  if (self->monitor == monitor)
    return;

  if (self->monitor != NULL)
    {
      g_clear_signal_handler (&self->state_id, self->monitor);
    }
  g_set_object (&self->monitor, monitor);
  self->a11y_set = FALSE;
  self->shown = FALSE;
  pit_graph_set_series (self->sparkline, 0,
                        monitor ? pit_domain_monitor_get_history (monitor, PIT_MONITOR_SERIES_CPU) : NULL);
  if (monitor == NULL)
    return;

  self->state_id = g_signal_connect_object (monitor, "notify::state", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  /* the figures come when the row is on screen (pit_overview_row_update()):
   * a list view binds rows off screen too, and sorting rebinds them */
  clear_figures (self);
  show_name (self);
  gtk_label_set_label (self->figures_label, pit_domain_state_to_string (pit_domain_monitor_get_state (monitor)));
}

/**
 * pit_overview_row_get_stale:
 * Returns: whether the VM has newer figures than the row shows
 */
gboolean
pit_overview_row_get_stale (PitOverviewRow *self)
{
  g_return_val_if_fail (PIT_IS_OVERVIEW_ROW (self), FALSE);

  return self->monitor != NULL
         && (!self->shown || pit_domain_monitor_get_n_updates (self->monitor) != self->n_updates);
}

/**
 * pit_overview_row_update:
 * Shows the VM's latest figures, when the row does not show them yet.
 */
void
pit_overview_row_update (PitOverviewRow *self)
{
  g_return_if_fail (PIT_IS_OVERVIEW_ROW (self));

  if (pit_overview_row_get_stale (self))
    update (self);
}

/**
 * pit_overview_row_get_monitor:
 * Returns: (transfer none) (nullable): the row's VM
 */
PitDomainMonitor *
pit_overview_row_get_monitor (PitOverviewRow *self)
{
  g_return_val_if_fail (PIT_IS_OVERVIEW_ROW (self), NULL);

  return self->monitor;
}

/**
 * pit_overview_row_set_host:
 * @host: (nullable): the host to name after the VM, %NULL for none
 */
void
pit_overview_row_set_host (PitOverviewRow *self,
                           const char     *host)
{
  g_return_if_fail (PIT_IS_OVERVIEW_ROW (self));

  if (g_strcmp0 (self->host, host) == 0)
    return;
  g_free (self->host);
  self->host = g_strdup (host);
  if (self->monitor != NULL)
    show_name (self);
}
