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
 * through set_monitor. */
struct _PitOverviewRow
{
  GtkWidget parent_instance;

  PitDomainMonitor *monitor;
  char *host;            /* shown after the name when several hosts are */
  PitDomainState a11y_state;
  gboolean a11y_set;
  gulong updated_id;
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

static void
update (PitOverviewRow *self)
{
  PitMonitorRates *rates;
  PitDomainState state;
  g_autofree char *text = NULL;

  if (self->monitor == NULL)
    return;

  state = pit_domain_monitor_get_state (self->monitor);
  if (self->host != NULL)
    {
      /* TRANSLATORS: a VM and its host in the overview, e.g. "win10 — gamebox" */
      g_autofree char *name = g_strdup_printf (_("%s — %s"), pit_domain_monitor_get_name (self->monitor), self->host);

      gtk_label_set_label (self->name_label, name);
    }
  else
    gtk_label_set_label (self->name_label, pit_domain_monitor_get_name (self->monitor));
  rates = pit_domain_monitor_get_rates (self->monitor);

  if (!pit_domain_state_is_active (state) || rates == NULL)
    {
      text = g_strdup (pit_domain_state_to_string (state));
    }
  else
    {
      g_autofree char *cpu = pit_format_percent (rates->cpu_percent);
      g_autofree char *memory = pit_format_bytes (rates->memory_used);
      g_autofree char *disk = pit_format_rate (or_zero (rates->disk_read_bytes_per_second)
                                               + or_zero (rates->disk_write_bytes_per_second));
      g_autofree char *net = pit_format_rate (or_zero (rates->net_rx_bytes_per_second)
                                              + or_zero (rates->net_tx_bytes_per_second));

      /* TRANSLATORS: state and live figures, e.g. "Running · CPU 25 % · 4.0 GiB · disk 75 kB/s · network 150 kB/s" */
      text = g_strdup_printf (_("%s · CPU %s · %s · disk %s · network %s"),
                              pit_domain_state_to_string (state), cpu, memory, disk, net);
    }
  gtk_label_set_label (self->figures_label, text);
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
  pit_graph_changed (self->sparkline);
}

static void
pit_overview_row_dispose (GObject *object)
{
  PitOverviewRow *self = (PitOverviewRow *) object;

  pit_overview_row_set_monitor (self, NULL);
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
      g_clear_signal_handler (&self->updated_id, self->monitor);
      g_clear_signal_handler (&self->state_id, self->monitor);
    }
  g_set_object (&self->monitor, monitor);
  self->a11y_set = FALSE;
  pit_graph_set_series (self->sparkline, 0,
                        monitor ? pit_domain_monitor_get_history (monitor, PIT_MONITOR_SERIES_CPU) : NULL);
  if (monitor == NULL)
    return;

  self->updated_id = g_signal_connect_object (monitor, "updated", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  self->state_id = g_signal_connect_object (monitor, "notify::state", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
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
  update (self);
}
