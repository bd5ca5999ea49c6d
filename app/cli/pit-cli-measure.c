/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-cli"

#include "config.h"

#include <glib-unix.h>
#include <glib/gi18n.h>
#include <math.h>
#include <signal.h>
#include <unistd.h>

#include "pit-cli.h"
#include "pit-error.h"
#include "pit-json-writer.h"
#include "pit-measurement-compare.h"
#include "pit-measurement-recorder.h"
#include "pit-measurement-store.h"
#include "pit-text-table.h"

/* pitstop-cli measure: record a window of a running VM's figures and keep
 * it with the VM's history, or compare the latest two. */

typedef struct
{
  GMainLoop *loop;
  PitMeasurement *measurement;
  GError *error;
} Run;

static void
recorded_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Run *run = user_data;

  run->measurement = pit_measurement_record_finish (result, &run->error);
  g_main_loop_quit (run->loop);
}

static gboolean
interrupted_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_CONTINUE;
}

static char *
format_start (const PitMeasurement *m)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (m->started_us / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = utc != NULL ? g_date_time_to_local (utc) : NULL;

  return local != NULL ? g_date_time_format (local, "%Y-%m-%d %H:%M:%S") : g_strdup ("?");
}

static void
print_measurement (const PitMeasurement *m,
                   const char           *path)
{
  g_autofree char *start = format_start (m);

  g_autoptr(PitTextTable) table = pit_text_table_new (3);

  g_print (_("%s: %u samples in %.0f s from %s\n"), m->name, m->samples, m->seconds, start);
  pit_text_table_set_indent (table, 2);
  pit_text_table_set_right_aligned (table, 1);
  pit_text_table_set_right_aligned (table, 2);
  pit_text_table_add_row (table, _("Figure"), _("Mean"), _("Maximum"));
  for (guint i = 0; i < PIT_MEASURE_N_FIGURES; i++)
    {
      g_autofree char *mean = pit_measure_figure_format (i, m->figures[i].mean);
      g_autofree char *max = pit_measure_figure_format (i, m->figures[i].max);

      pit_text_table_add_row (table, pit_measure_figure_to_string (i), mean, max);
    }
  pit_text_table_print (table);
  if (path != NULL)
    g_print (_("Stored in %s\n"), path);
}

static char *
format_difference (const PitMeasureDifference *diff)
{
  g_autofree char *amount = NULL;

  if (isnan (diff->difference))
    return g_strdup ("–");
  if (pit_measure_figure_get_unit (diff->figure) == PIT_MEASURE_UNIT_PERCENT)
    amount = g_strdup_printf (_("%+.1f points"), diff->difference);
  else
    {
      g_autofree char *magnitude = pit_measure_figure_format (diff->figure, fabs (diff->difference));

      amount = g_strdup_printf ("%s%s", diff->change == PIT_MEASURE_CHANGE_SAME ? "±"
                                        : diff->difference < 0 ? "−" : "+", magnitude);
    }
  if (isnan (diff->percent))
    return g_steal_pointer (&amount);
  if (fabs (diff->percent) < 0.5)
    return g_strdup_printf ("%s (0 %%)", amount);
  return g_strdup_printf ("%s (%+.0f %%)", amount, diff->percent);
}

static void
print_comparison (const PitMeasurement *before,
                  const PitMeasurement *after,
                  GArray               *diffs)
{
  g_autofree char *start_before = format_start (before);
  g_autofree char *start_after = format_start (after);
  g_autoptr(PitTextTable) table = pit_text_table_new (5);

  g_print (_("%s: before %s (%.0f s), after %s (%.0f s)\n"), after->name,
           start_before, before->seconds, start_after, after->seconds);
  pit_text_table_set_indent (table, 2);
  pit_text_table_set_right_aligned (table, 1);
  pit_text_table_set_right_aligned (table, 2);
  pit_text_table_add_row (table, _("Figure"), _("Before"), _("After"), _("Difference"), _("Change"));
  for (guint i = 0; i < diffs->len; i++)
    {
      PitMeasureDifference *diff = &g_array_index (diffs, PitMeasureDifference, i);
      g_autofree char *a = pit_measure_figure_format (diff->figure, diff->before);
      g_autofree char *b = pit_measure_figure_format (diff->figure, diff->after);
      g_autofree char *d = format_difference (diff);

      pit_text_table_add_row (table, pit_measure_figure_to_string (diff->figure), a, b, d,
                              pit_measure_change_to_string (diff->change));
    }
  pit_text_table_print (table);
}

static void
print_comparison_json (const PitMeasurement *before,
                       const PitMeasurement *after,
                       GArray               *diffs)
{
  g_autoptr(PitJsonWriter) json = pit_json_writer_new ();
  g_autofree char *text = NULL;

  pit_json_writer_begin_object (json);
  pit_json_writer_key (json, "name");
  pit_json_writer_string (json, after->name);
  pit_json_writer_key (json, "uuid");
  pit_json_writer_string (json, after->uuid);
  pit_json_writer_key (json, "before_started_us");
  pit_json_writer_int (json, before->started_us);
  pit_json_writer_key (json, "after_started_us");
  pit_json_writer_int (json, after->started_us);
  pit_json_writer_key (json, "figures");
  pit_json_writer_begin_array (json);
  for (guint i = 0; i < diffs->len; i++)
    {
      PitMeasureDifference *diff = &g_array_index (diffs, PitMeasureDifference, i);

      pit_json_writer_begin_object (json);
      pit_json_writer_key (json, "figure");
      pit_json_writer_string (json, pit_measure_figure_to_id (diff->figure));
      pit_json_writer_key (json, "before");
      pit_json_writer_double (json, diff->before);
      pit_json_writer_key (json, "after");
      pit_json_writer_double (json, diff->after);
      pit_json_writer_key (json, "difference");
      pit_json_writer_double (json, diff->difference);
      pit_json_writer_key (json, "percent");
      pit_json_writer_double (json, diff->percent);
      pit_json_writer_key (json, "change");
      pit_json_writer_string (json, pit_measure_change_to_id (diff->change));
      pit_json_writer_end_object (json);
    }
  pit_json_writer_end_array (json);
  pit_json_writer_end_object (json);
  text = pit_json_writer_steal (g_steal_pointer (&json));
  g_print ("%s", text);
}

static int
compare (PitDomain *domain,
         gboolean   json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = pit_measurement_store_list (pit_domain_get_uuid (domain), &error);
  g_autoptr(GArray) diffs = NULL;
  PitMeasurement *before, *after;

  if (all == NULL)
    return pit_cli_fail (error);
  if (all->len < 2)
    {
      g_set_error (&error, PIT_ERROR, PIT_ERROR_NOT_FOUND,
                   g_dngettext (GETTEXT_PACKAGE,
                                "“%s” has %u measurement; record another with --seconds N to compare",
                                "“%s” has %u measurements; record two with --seconds N to compare", all->len),
                   pit_domain_get_name (domain), all->len);
      return pit_cli_fail (error);
    }
  before = g_ptr_array_index (all, all->len - 2);
  after = g_ptr_array_index (all, all->len - 1);
  diffs = pit_measurement_compare (before, after);
  if (json)
    print_comparison_json (before, after, diffs);
  else
    print_comparison (before, after, diffs);
  return 0;
}

static int
record (PitConnection *connection,
        const char    *name,
        guint          seconds,
        const char    *label,
        gboolean       json)
{
  g_autoptr(PitMonitor) monitor = pit_monitor_new (connection);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(PitMeasurement) measurement = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  Run run = { loop, NULL, NULL };
  guint signal_source;

  /* a person waiting at a terminal learns how long; scripts see nothing */
  if (isatty (STDERR_FILENO) && !json)
    g_printerr (_("Measuring for %u seconds (Ctrl+C cancels)…\n"), seconds);
  pit_monitor_set_interval (monitor, PIT_MONITOR_MIN_INTERVAL);
  pit_measurement_record_async (monitor, name, seconds, cancellable, recorded_cb, &run);
  signal_source = g_unix_signal_add (SIGINT, interrupted_cb, cancellable);
  g_main_loop_run (loop);
  g_source_remove (signal_source);

  measurement = run.measurement;
  if (measurement == NULL)
    {
      error = run.error;
      return pit_cli_fail (error);
    }
  measurement->label = g_strdup (label);
  if (!pit_measurement_store_save (measurement, &path, &error))
    return pit_cli_fail (error);

  if (json)
    {
      g_autofree char *text = pit_measurement_to_json (measurement);

      g_print ("%s", text);
    }
  else
    print_measurement (measurement, path);
  return 0;
}

int
pit_cli_measure (int    argc,
                 char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_auto(PitCliConnectionOptions) conn_options = { 0 };
  g_autoptr(PitConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *domain_name = NULL;
  g_autofree char *label = NULL;
  gboolean do_compare = FALSE, json = FALSE;
  int seconds = -1;
  PitDomain *domain;
  const GOptionEntry entries[] = {
    { "domain", 'd', 0, G_OPTION_ARG_STRING, &domain_name, N_("The virtual machine (name or UUID)"), N_("NAME") },
    { "seconds", 's', 0, G_OPTION_ARG_INT, &seconds,
      N_("Record this many seconds of figures (default: 60)"), N_("N") },
    { "label", 0, 0, G_OPTION_ARG_STRING, &label, N_("Keep a note with the record (“before tuning”)"), N_("TEXT") },
    { "compare", 0, 0, G_OPTION_ARG_NONE, &do_compare, N_("Compare the latest two records"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };

  g_option_context_set_summary (context, _("Record a window of a running virtual machine’s figures (CPU, "
                                           "vCPU wait and steal, disk, network) and keep it with its "
                                           "history; or compare the latest two records."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_add_group (context, pit_cli_connection_option_group (&conn_options));
  if (!pit_cli_parse (context, &argc, &argv))
    return 1;

  if (argc > 1)
    g_set_error (&error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT, _("Unexpected argument “%s”"), argv[1]);
  else if (domain_name == NULL)
    g_set_error_literal (&error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT, _("Say which virtual machine: --domain NAME"));
  else if (do_compare && seconds >= 0)
    g_set_error_literal (&error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT, _("Use either --seconds or --compare, not both"));
  else if (!do_compare && seconds == 0)
    g_set_error_literal (&error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT, _("A measurement takes at least one second"));
  else if (!do_compare && (seconds < -1 || seconds > 24 * 3600))
    g_set_error (&error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT,
                 _("The seconds must be between 1 and %d, not %d"), 24 * 3600, seconds);
  if (error != NULL)
    return pit_cli_fail (error);

  connection = pit_cli_open_connection (&conn_options, &error);
  if (connection == NULL)
    return pit_cli_fail (error);
  domain = pit_connection_find_domain (connection, domain_name);
  if (domain == NULL)
    {
      g_set_error (&error, PIT_ERROR, PIT_ERROR_NOT_FOUND, _("There is no virtual machine “%s”"), domain_name);
      return pit_cli_fail (error);
    }

  if (do_compare)
    return compare (domain, json);
  return record (connection, pit_domain_get_uuid (domain),
                 seconds < 0 ? PIT_MEASUREMENT_DEFAULT_SECONDS : (guint) seconds, label, json);
}
