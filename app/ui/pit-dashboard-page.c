/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-ui"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "pit-background-notification.h"
#include "pit-dashboard-page.h"
#include "pit-format.h"
#include "pit-graph.h"
#include "pit-measurement-compare.h"
#include "pit-measurement-recorder.h"
#include "pit-measurement-store.h"
#include "pit-ui-resources.h"

/* The live figures of one VM: state and uptime, the host CPUs it is pinned
 * to, and graphs of processor, memory, disk and network from the monitor's
 * ring buffers.  While it is on screen it holds the monitor, so sampling
 * runs at the full rate only when someone looks. */
struct _PitDashboardPage
{
  AdwBin parent_instance;

  PitMonitor *monitor;
  PitDomain *domain;
  PitDomainMonitor *domain_monitor;
  gulong tick_id;
  guint n_updates;           /* the domain monitor's, when last shown */
  gulong state_id;
  gboolean holding;
  guint clock_id;
  GCancellable *measuring;   /* non-NULL while a measurement records */
  guint measure_seconds;
  GPtrArray *measure_rows;

  GtkStack *stack;
  AdwStatusPage *inactive_page;
  AdwActionRow *state_row;
  AdwActionRow *pinning_row;
  AdwActionRow *findings_row;
  GtkLabel *cpu_label;
  GtkLabel *memory_label;
  GtkLabel *disk_label;
  GtkLabel *net_label;
  PitGraph *cpu_graph;
  PitGraph *memory_graph;
  PitGraph *disk_graph;
  PitGraph *net_graph;
  AdwPreferencesGroup *measure_group;
  GtkButton *measure_button;
};

G_DEFINE_FINAL_TYPE (PitDashboardPage, pit_dashboard_page, ADW_TYPE_BIN)

static char *
format_figure (PitMeasureFigure figure,
               double           value)
{
  if (!isfinite (value))
    return g_strdup ("–");
  switch (pit_measure_figure_get_unit (figure))
    {
    case PIT_MEASURE_UNIT_PERCENT:
      return pit_format_percent (value);
    case PIT_MEASURE_UNIT_BYTES_PER_SECOND:
      return pit_format_rate (value);
    case PIT_MEASURE_UNIT_PER_SECOND:
      return g_strdup_printf (_("%.0f/s"), value);
    case PIT_MEASURE_UNIT_MILLISECONDS:
    default:
      return g_strdup_printf (_("%.2f ms"), value);
    }
}

static void
add_measure_row (PitDashboardPage *self,
                 const char       *title,
                 const char       *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_preferences_group_add (self->measure_group, row);
  g_ptr_array_add (self->measure_rows, g_object_ref (row));
}

/* the latest two measurements side by side, or what to do to get them */
static void
update_measurements (PitDashboardPage *self)
{
  g_autoptr(GPtrArray) list = NULL;

  for (guint i = 0; i < self->measure_rows->len; i++)
    adw_preferences_group_remove (self->measure_group, g_ptr_array_index (self->measure_rows, i));
  g_ptr_array_set_size (self->measure_rows, 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->measure_button),
                            self->measuring == NULL && self->domain != NULL
                              && pit_domain_get_state (self->domain) == PIT_DOMAIN_STATE_RUNNING);
  if (self->measuring != NULL)
    {
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Recording %u second of figures…",
                                                            "Recording %u seconds of figures…", self->measure_seconds),
                                               self->measure_seconds);

      add_measure_row (self, text, _("Keep the guest doing what you want to compare"));
    }
  if (self->domain == NULL)
    return;

  list = pit_measurement_store_list (pit_domain_get_uuid (self->domain), NULL);
  if (list == NULL || list->len == 0)
    {
      if (self->measuring == NULL)
        add_measure_row (self, _("No measurements yet"), NULL);
      return;
    }
  if (list->len == 1)
    {
      PitMeasurement *only = g_ptr_array_index (list, 0);
      g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (only->started_us / G_USEC_PER_SEC);
      g_autofree char *text = g_date_time_format (when, "%x %X");

      add_measure_row (self, _("One measurement"), text);
      add_measure_row (self, _("Measure again after tuning and a restart of the guest to compare"), NULL);
      return;
    }
  {
    PitMeasurement *before = g_ptr_array_index (list, list->len - 2);
    PitMeasurement *after = g_ptr_array_index (list, list->len - 1);
    g_autoptr(GArray) differences = pit_measurement_compare (before, after);

    for (guint i = 0; i < differences->len; i++)
      {
        PitMeasureDifference *d = &g_array_index (differences, PitMeasureDifference, i);
        g_autofree char *was = format_figure (d->figure, d->before);
        g_autofree char *now = format_figure (d->figure, d->after);
        g_autofree char *text = NULL;

        if (d->change == PIT_MEASURE_CHANGE_UNKNOWN)
          continue;
        if (isfinite (d->percent))
          /* TRANSLATORS: before → after (better, −74 %) */
          text = g_strdup_printf (_("%s → %s (%s, %+.0f %%)"), was, now, pit_measure_change_to_string (d->change),
                                  d->percent);
        else
          text = g_strdup_printf (_("%s → %s (%s)"), was, now, pit_measure_change_to_string (d->change));
        add_measure_row (self, pit_measure_figure_to_string (d->figure), text);
      }
  }
}

static void
measured_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  GWeakRef *ref = user_data;
  g_autoptr(PitDashboardPage) self = g_weak_ref_get (ref);
  g_autoptr(GError) error = NULL;
  g_autoptr(PitMeasurement) measurement = pit_measurement_record_finish (result, &error);
  g_autofree char *body = NULL;

  g_weak_ref_clear (ref);
  g_free (ref);
  if (self == NULL)
    return;
  g_clear_object (&self->measuring);
  if (measurement == NULL || !pit_measurement_store_save (measurement, NULL, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        add_measure_row (self, _("The measurement failed"), error->message);
      gtk_widget_set_sensitive (GTK_WIDGET (self->measure_button), TRUE);
      return;
    }
  update_measurements (self);

  /* a minute is long: tell the user when the window is in the background */
  body = g_strdup_printf (_("The figures of %s are recorded"), pit_domain_get_name (self->domain));
  pit_background_notification_send (GTK_WIDGET (self), "measurement-done", _("Measurement done"), body);
}

static void
measure_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  PitDashboardPage *self = PIT_DASHBOARD_PAGE (widget);
  GWeakRef *ref;

  if (self->monitor == NULL || self->domain == NULL || self->measuring != NULL)
    return;
  self->measuring = g_cancellable_new ();
  ref = g_new0 (GWeakRef, 1);
  g_weak_ref_init (ref, self);
  pit_measurement_record_async (self->monitor, pit_domain_get_uuid (self->domain), self->measure_seconds,
                                self->measuring, measured_cb, ref);
  update_measurements (self);
}

static void
update_state (PitDashboardPage *self)
{
  PitDomainState state;
  PitDomainSummary *summary;
  gint64 since;
  g_autofree char *state_text = NULL;
  g_autofree char *pinning = NULL;

  if (self->domain == NULL)
    return;

  state = pit_domain_get_state (self->domain);
  since = pit_domain_get_running_since (self->domain);
  if (state == PIT_DOMAIN_STATE_RUNNING && since > 0)
    {
      g_autofree char *duration = pit_format_duration ((g_get_real_time () - since) / G_USEC_PER_SEC);

      /* TRANSLATORS: e.g. "Running for 5 min" */
      state_text = g_strdup_printf (_("Running for %s"), duration);
    }
  else
    state_text = g_strdup (pit_domain_state_to_string (state));
  adw_action_row_set_subtitle (self->state_row, state_text);

  summary = pit_domain_get_summary (self->domain);
  if (summary != NULL && summary->vcpu_pinning != NULL && summary->emulator_pinning != NULL)
    /* TRANSLATORS: host CPU lists, e.g. "vCPUs on 2,6,3,7 · emulator on 0,4" */
    pinning = g_strdup_printf (_("vCPUs on %s · emulator on %s"), summary->vcpu_pinning, summary->emulator_pinning);
  else if (summary != NULL && summary->vcpu_pinning != NULL)
    pinning = g_strdup_printf (_("vCPUs on %s"), summary->vcpu_pinning);
  else
    pinning = g_strdup (_("Not pinned: the host schedules its vCPUs anywhere"));
  adw_action_row_set_subtitle (self->pinning_row, pinning);

  /* the advisor's count; the list with its Fix buttons is on the VM's page */
  {
    guint n = pit_domain_get_n_findings (self->domain);
    g_autofree char *findings = n > 0 ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                                      "%u suggestion to make it faster",
                                                                      "%u suggestions to make it faster", n), n)
                                      : g_strdup (_("Nothing found"));

    adw_action_row_set_subtitle (self->findings_row, findings);
  }

  gtk_stack_set_visible_child_name (self->stack, pit_domain_state_is_active (state) ? "live" : "inactive");
  gtk_widget_set_sensitive (GTK_WIDGET (self->measure_button),
                            self->measuring == NULL && state == PIT_DOMAIN_STATE_RUNNING);
}

static void
bind_graphs (PitDashboardPage *self)
{
  PitDomainMonitor *dm = self->domain_monitor;

  pit_graph_set_series (self->cpu_graph, 0, dm ? pit_domain_monitor_get_history (dm, PIT_MONITOR_SERIES_CPU) : NULL);
  pit_graph_set_series (self->cpu_graph, 1, dm ? pit_domain_monitor_get_history (dm, PIT_MONITOR_SERIES_VCPU_DELAY) : NULL);
  pit_graph_set_series (self->memory_graph, 0, dm ? pit_domain_monitor_get_history (dm, PIT_MONITOR_SERIES_MEMORY_USED) : NULL);
  pit_graph_set_series (self->disk_graph, 0, dm ? pit_domain_monitor_get_history (dm, PIT_MONITOR_SERIES_DISK_READ) : NULL);
  pit_graph_set_series (self->disk_graph, 1, dm ? pit_domain_monitor_get_history (dm, PIT_MONITOR_SERIES_DISK_WRITE) : NULL);
  pit_graph_set_series (self->net_graph, 0, dm ? pit_domain_monitor_get_history (dm, PIT_MONITOR_SERIES_NET_RX) : NULL);
  pit_graph_set_series (self->net_graph, 1, dm ? pit_domain_monitor_get_history (dm, PIT_MONITOR_SERIES_NET_TX) : NULL);
}

static void
update_figures (PitDashboardPage *self)
{
  PitMonitorRates *rates;
  g_autofree char *cpu = NULL, *cpu_host = NULL, *delay = NULL;
  g_autofree char *used = NULL, *total = NULL, *rss = NULL;
  g_autofree char *rd = NULL, *wr = NULL, *latency = NULL;
  g_autofree char *rx = NULL, *tx = NULL;
  g_autofree char *text = NULL;

  if (self->domain_monitor == NULL)
    return;
  self->n_updates = pit_domain_monitor_get_n_updates (self->domain_monitor);
  /* the histories come with the first sample: a page opened before it
   * would otherwise keep empty graphs */
  bind_graphs (self);
  rates = pit_domain_monitor_get_rates (self->domain_monitor);
  if (rates == NULL)
    {
      gtk_label_set_label (self->cpu_label, _("Measuring…"));
      gtk_label_set_label (self->memory_label, _("Measuring…"));
      gtk_label_set_label (self->disk_label, _("Measuring…"));
      gtk_label_set_label (self->net_label, _("Measuring…"));
      return;
    }

  cpu = pit_format_percent (rates->cpu_percent);
  cpu_host = pit_format_percent (rates->cpu_host_percent);
  /* TRANSLATORS: CPU use of the VM, e.g. "25 % of 4 vCPUs · 12.5 % of the host" */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s of %u vCPU · %s of the host",
                                       "%s of %u vCPUs · %s of the host", rates->vcpus),
                          cpu, rates->vcpus, cpu_host);
  if (isfinite (rates->vcpu_delay_percent))
    {
      g_autofree char *cpu_text = g_steal_pointer (&text);

      delay = pit_format_percent (rates->vcpu_delay_percent);
      /* TRANSLATORS: the CPU figures, then the steal-like share, e.g. "… · waiting for a host CPU 0.3 %" */
      text = g_strdup_printf (_("%s · waiting for a host CPU %s"), cpu_text, delay);
    }
  gtk_label_set_label (self->cpu_label, text);
  g_clear_pointer (&text, g_free);

  used = pit_format_bytes (rates->memory_used);
  total = pit_format_bytes (rates->memory_current);
  if (isfinite (rates->memory_rss))
    {
      rss = pit_format_bytes (rates->memory_rss);
      /* TRANSLATORS: memory, e.g. "3.1 GiB used of 4.0 GiB · host spends 4.1 GiB" */
      text = g_strdup_printf (_("%s used of %s · host spends %s"), used, total, rss);
    }
  else
    /* TRANSLATORS: memory, e.g. "3.1 GiB used of 4.0 GiB" */
    text = g_strdup_printf (_("%s used of %s"), used, total);
  gtk_label_set_label (self->memory_label, text);
  g_clear_pointer (&text, g_free);

  rd = pit_format_rate (rates->disk_read_bytes_per_second);
  wr = pit_format_rate (rates->disk_write_bytes_per_second);
  latency = isfinite (rates->disk_latency_ms) ? g_strdup_printf (_("%.2f ms"), rates->disk_latency_ms) : g_strdup ("–");
  /* TRANSLATORS: disk, e.g. "read 50 kB/s · write 25 kB/s · 1200 IOPS · latency 0.30 ms" */
  text = g_strdup_printf (_("read %s · write %s · %.0f IOPS · latency %s"), rd, wr,
                          (isfinite (rates->disk_read_iops) ? rates->disk_read_iops : 0)
                            + (isfinite (rates->disk_write_iops) ? rates->disk_write_iops : 0),
                          latency);
  gtk_label_set_label (self->disk_label, text);
  g_clear_pointer (&text, g_free);

  rx = pit_format_rate (rates->net_rx_bytes_per_second);
  tx = pit_format_rate (rates->net_tx_bytes_per_second);
  /* TRANSLATORS: network, e.g. "in 100 kB/s · out 50 kB/s · dropped 0/s" */
  text = g_strdup_printf (_("in %s · out %s · dropped %.0f/s"), rx, tx,
                          (isfinite (rates->net_rx_drops_per_second) ? rates->net_rx_drops_per_second : 0)
                            + (isfinite (rates->net_tx_drops_per_second) ? rates->net_tx_drops_per_second : 0));
  gtk_label_set_label (self->net_label, text);

  pit_graph_changed (self->cpu_graph);
  pit_graph_changed (self->memory_graph);
  pit_graph_changed (self->disk_graph);
  pit_graph_changed (self->net_graph);
}

/* once per tick for every VM of the host: only this VM's new figures count */
static void
tick_cb (PitDashboardPage *self)
{
  if (self->domain_monitor != NULL
      && pit_domain_monitor_get_n_updates (self->domain_monitor) != self->n_updates)
    update_figures (self);
}

static void
set_holding (PitDashboardPage *self,
             gboolean          holding)
{
  if (self->monitor == NULL || self->holding == holding)
    return;
  self->holding = holding;
  if (holding)
    {
      pit_monitor_hold (self->monitor);
      /* show at once, not a tick later */
      pit_monitor_sample_now (self->monitor);
    }
  else
    pit_monitor_release (self->monitor);
}

static gboolean
clock_cb (gpointer user_data)
{
  update_state (user_data);
  return G_SOURCE_CONTINUE;
}

static void
pit_dashboard_page_map (GtkWidget *widget)
{
  PitDashboardPage *self = PIT_DASHBOARD_PAGE (widget);

  GTK_WIDGET_CLASS (pit_dashboard_page_parent_class)->map (widget);
  set_holding (self, TRUE);
  if (self->clock_id == 0)
    self->clock_id = g_timeout_add_seconds (30, clock_cb, self);
}

static void
pit_dashboard_page_unmap (GtkWidget *widget)
{
  PitDashboardPage *self = PIT_DASHBOARD_PAGE (widget);

  set_holding (self, FALSE);
  g_clear_handle_id (&self->clock_id, g_source_remove);
  GTK_WIDGET_CLASS (pit_dashboard_page_parent_class)->unmap (widget);
}

static void
unbind (PitDashboardPage *self)
{
  if (self->measuring != NULL)
    g_cancellable_cancel (self->measuring);
  g_clear_object (&self->measuring);
  set_holding (self, FALSE);
  g_clear_signal_handler (&self->tick_id, self->monitor);
  g_clear_signal_handler (&self->state_id, self->domain);
  g_clear_object (&self->domain_monitor);
  g_clear_object (&self->domain);
  g_clear_object (&self->monitor);
}

static void
pit_dashboard_page_dispose (GObject *object)
{
  PitDashboardPage *self = (PitDashboardPage *) object;

  unbind (self);
  g_clear_handle_id (&self->clock_id, g_source_remove);
  g_clear_pointer (&self->measure_rows, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), PIT_TYPE_DASHBOARD_PAGE);

  G_OBJECT_CLASS (pit_dashboard_page_parent_class)->dispose (object);
}

static void
pit_dashboard_page_class_init (PitDashboardPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pit_dashboard_page_dispose;
  widget_class->map = pit_dashboard_page_map;
  widget_class->unmap = pit_dashboard_page_unmap;

  g_type_ensure (PIT_TYPE_GRAPH);
  pit_ui_resources_ensure ();
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/pit-dashboard-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PitDashboardPage, stack);
  gtk_widget_class_bind_template_child (widget_class, PitDashboardPage, inactive_page);
  gtk_widget_class_bind_template_child (widget_class, PitDashboardPage, state_row);
  gtk_widget_class_bind_template_child (widget_class, PitDashboardPage, pinning_row);
  gtk_widget_class_bind_template_child (widget_class, PitDashboardPage, findings_row);
  gtk_widget_class_bind_template_child (widget_class, PitDashboardPage, cpu_label);
  gtk_widget_class_bind_template_child (widget_class, PitDashboardPage, memory_label);
  gtk_widget_class_bind_template_child (widget_class, PitDashboardPage, disk_label);
  gtk_widget_class_bind_template_child (widget_class, PitDashboardPage, net_label);
  gtk_widget_class_bind_template_child (widget_class, PitDashboardPage, cpu_graph);
  gtk_widget_class_bind_template_child (widget_class, PitDashboardPage, memory_graph);
  gtk_widget_class_bind_template_child (widget_class, PitDashboardPage, disk_graph);
  gtk_widget_class_bind_template_child (widget_class, PitDashboardPage, net_graph);
  gtk_widget_class_bind_template_child (widget_class, PitDashboardPage, measure_group);
  gtk_widget_class_bind_template_child (widget_class, PitDashboardPage, measure_button);
  gtk_widget_class_install_action (widget_class, "dashboard.measure", NULL, measure_action);
}

static void
pit_dashboard_page_init (PitDashboardPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  pit_graph_set_fixed_max (self->cpu_graph, 100);
  self->measure_rows = g_ptr_array_new_with_free_func (g_object_unref);
  self->measure_seconds = PIT_MEASUREMENT_DEFAULT_SECONDS;
}

GtkWidget *
pit_dashboard_page_new (void)
{
  return g_object_new (PIT_TYPE_DASHBOARD_PAGE, NULL);
}

/**
 * pit_dashboard_page_set_domain:
 * Shows @domain's figures from @monitor (both %NULL: nothing).
 */
void
pit_dashboard_page_set_domain (PitDashboardPage *self,
                               PitMonitor       *monitor,
                               PitDomain        *domain)
{
  PitDomainMonitor *dm = NULL;

  g_return_if_fail (PIT_IS_DASHBOARD_PAGE (self));

  if (self->monitor == monitor && self->domain == domain)
    return;

  unbind (self);
  if (monitor != NULL && domain != NULL)
    dm = pit_monitor_find_domain (monitor, pit_domain_get_uuid (domain));

  if (dm != NULL)
    {
      self->monitor = g_object_ref (monitor);
      self->domain = g_object_ref (domain);
      self->domain_monitor = g_object_ref (dm);
      self->tick_id = g_signal_connect_object (monitor, "tick", G_CALLBACK (tick_cb), self, G_CONNECT_SWAPPED);
      /* lifecycle events show at once, not at the next tick */
      self->state_id = g_signal_connect_object (domain, "notify", G_CALLBACK (update_state), self,
                                                G_CONNECT_SWAPPED);
    }
  bind_graphs (self);
  update_state (self);
  update_figures (self);
  update_measurements (self);
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    set_holding (self, TRUE);
}

/**
 * pit_dashboard_page_get_n_points:
 * Returns: how many samples the processor graph draws (for tests)
 */
guint
pit_dashboard_page_get_n_points (PitDashboardPage *self)
{
  g_return_val_if_fail (PIT_IS_DASHBOARD_PAGE (self), 0);

  return pit_graph_get_n_points (self->cpu_graph);
}

/**
 * pit_dashboard_page_set_measure_seconds:
 * How long "Measure" records (60 s by default; tests use less).
 */
void
pit_dashboard_page_set_measure_seconds (PitDashboardPage *self,
                                        guint             seconds)
{
  g_return_if_fail (PIT_IS_DASHBOARD_PAGE (self));
  g_return_if_fail (seconds > 0);

  self->measure_seconds = seconds;
}
