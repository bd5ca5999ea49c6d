/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-cli"

#include "config.h"

#include <glib-unix.h>
#include <glib/gi18n.h>
#include <math.h>
#include <signal.h>
#include <sys/resource.h>

#include "pit-cli.h"
#include "pit-connection-problem.h"
#include "pit-demo.h"
#include "pit-error.h"
#include "pit-json-writer.h"
#include "pit-monitor-group.h"

/* pitstop-cli monitor: one line (or JSON object) per running domain per
 * tick, from a PitMonitor per connection.  The first tick of a connection
 * only sets the baseline; --count counts the ticks with figures. */

typedef struct
{
  GMainLoop *loop;
  PitMonitorGroup *group;
  GHashTable *ticks;        /* PitMonitor → GUINT_TO_POINTER (ticks seen) */
  char **domains;           /* --domain, or NULL for every running domain */
  guint count;              /* 0: until interrupted */
  gboolean json;
  gboolean show_uri;
  gboolean report_cpu;
  struct rusage usage_start;
  gint64 time_start;
  guint lines;
} Monitor;

static gboolean
wanted (Monitor          *self,
        PitDomainMonitor *domain)
{
  if (self->domains == NULL)
    return TRUE;
  for (guint i = 0; self->domains[i] != NULL; i++)
    if (g_strcmp0 (self->domains[i], pit_domain_monitor_get_name (domain)) == 0
        || g_strcmp0 (self->domains[i], pit_domain_monitor_get_uuid (domain)) == 0)
      return TRUE;
  return FALSE;
}

/* Text ------------------------------------------------------------------ */

static void
append_percent (GString *line,
                double   value)
{
  if (isnan (value))
    g_string_append (line, "–");
  else
    g_string_append_printf (line, "%.1f%%", value);
}

static void
append_bytes (GString *line,
              double   value,
              gboolean per_second)
{
  g_autofree char *size = NULL;

  if (isnan (value))
    {
      g_string_append (line, "–");
      return;
    }
  /* memory in GiB like `pitstop-cli list`; rates in SI units like other tools */
  size = g_format_size_full ((guint64) llround (value), per_second ? G_FORMAT_SIZE_DEFAULT : G_FORMAT_SIZE_IEC_UNITS);
  g_string_append (line, size);
  if (per_second)
    g_string_append (line, "/s");
}

static void
append_number (GString    *line,
               double      value,
               int         decimals,
               const char *unit)
{
  if (isnan (value))
    g_string_append (line, "–");
  else
    g_string_append_printf (line, "%.*f%s", decimals, value, unit);
}

static double
sum (double a,
     double b)
{
  return isnan (a) || isnan (b) ? NAN : a + b;
}

static void
print_text (Monitor          *self,
            PitDomainMonitor *domain)
{
  PitMonitorRates *rates = pit_domain_monitor_get_rates (domain);
  g_autoptr(GString) line = g_string_new (NULL);

  if (self->show_uri)
    g_string_append_printf (line, "%s ", pit_domain_monitor_get_uri (domain));
  g_string_append_printf (line, "%s: %s", pit_domain_monitor_get_name (domain),
                          pit_domain_state_to_string (pit_domain_monitor_get_state (domain)));
  if (rates == NULL)
    {
      g_print ("%s\n", line->str);
      return;
    }

  g_string_append_printf (line, "  %s ", _("CPU"));
  append_percent (line, rates->cpu_percent);
  g_string_append_printf (line, " (%s ", _("host"));
  append_percent (line, rates->cpu_host_percent);
  g_string_append_printf (line, ")  %s ", _("steal"));
  append_percent (line, rates->vcpu_delay_percent);
  g_string_append_printf (line, "  %s ", _("memory"));
  append_bytes (line, rates->memory_used, FALSE);
  g_string_append (line, " / ");
  append_bytes (line, rates->memory_current, FALSE);
  g_string_append_printf (line, "  %s ", _("disk read"));
  append_bytes (line, rates->disk_read_bytes_per_second, TRUE);
  g_string_append_printf (line, " %s ", _("write"));
  append_bytes (line, rates->disk_write_bytes_per_second, TRUE);
  g_string_append_c (line, ' ');
  append_number (line, sum (rates->disk_read_iops, rates->disk_write_iops), 0, "");
  g_string_append_printf (line, " %s ", _("IOPS, latency"));
  append_number (line, rates->disk_latency_ms, 2, _(" ms"));
  g_string_append_printf (line, "  %s ", _("network in"));
  append_bytes (line, rates->net_rx_bytes_per_second, TRUE);
  g_string_append_printf (line, " %s ", _("out"));
  append_bytes (line, rates->net_tx_bytes_per_second, TRUE);
  g_string_append_printf (line, " %s ", _("drops"));
  append_number (line, sum (rates->net_rx_drops_per_second, rates->net_tx_drops_per_second), 0, "/s");

  g_print ("%s\n", line->str);
}

/* JSON ------------------------------------------------------------------ */

static void
json_double (PitJsonWriter *json,
             const char    *key,
             double         value)
{
  pit_json_writer_key (json, key);
  pit_json_writer_double (json, value);
}

static void
write_json_cpu (PitJsonWriter   *json,
                PitMonitorRates *rates)
{
  pit_json_writer_key (json, "cpu");
  pit_json_writer_begin_object (json);
  pit_json_writer_key (json, "vcpus");
  pit_json_writer_uint (json, rates->vcpus);
  json_double (json, "percent", rates->cpu_percent);
  json_double (json, "host_percent", rates->cpu_host_percent);
  json_double (json, "wait_percent", rates->vcpu_wait_percent);
  json_double (json, "delay_percent", rates->vcpu_delay_percent);
  pit_json_writer_key (json, "per_vcpu");
  pit_json_writer_begin_array (json);
  for (guint i = 0; i < rates->per_vcpu->len; i++)
    {
      PitMonitorVcpuRates *vcpu = &g_array_index (rates->per_vcpu, PitMonitorVcpuRates, i);

      pit_json_writer_begin_object (json);
      pit_json_writer_key (json, "vcpu");
      pit_json_writer_uint (json, vcpu->number);
      json_double (json, "percent", vcpu->percent);
      json_double (json, "wait_percent", vcpu->wait_percent);
      json_double (json, "delay_percent", vcpu->delay_percent);
      pit_json_writer_end_object (json);
    }
  pit_json_writer_end_array (json);
  pit_json_writer_end_object (json);
}

static void
write_json_memory (PitJsonWriter   *json,
                   PitMonitorRates *rates)
{
  pit_json_writer_key (json, "memory");
  pit_json_writer_begin_object (json);
  json_double (json, "current_bytes", rates->memory_current);
  json_double (json, "maximum_bytes", rates->memory_maximum);
  json_double (json, "used_bytes", rates->memory_used);
  json_double (json, "rss_bytes", rates->memory_rss);
  json_double (json, "unused_bytes", rates->memory_unused);
  json_double (json, "available_bytes", rates->memory_available);
  json_double (json, "usable_bytes", rates->memory_usable);
  pit_json_writer_end_object (json);
}

static void
write_json_disks (PitJsonWriter   *json,
                  PitMonitorRates *rates)
{
  pit_json_writer_key (json, "disk");
  pit_json_writer_begin_object (json);
  json_double (json, "read_bytes_per_second", rates->disk_read_bytes_per_second);
  json_double (json, "write_bytes_per_second", rates->disk_write_bytes_per_second);
  json_double (json, "read_iops", rates->disk_read_iops);
  json_double (json, "write_iops", rates->disk_write_iops);
  json_double (json, "latency_ms", rates->disk_latency_ms);
  pit_json_writer_end_object (json);

  pit_json_writer_key (json, "disks");
  pit_json_writer_begin_array (json);
  for (guint i = 0; i < rates->disks->len; i++)
    {
      PitMonitorDiskRates *disk = &g_array_index (rates->disks, PitMonitorDiskRates, i);

      pit_json_writer_begin_object (json);
      pit_json_writer_key (json, "name");
      pit_json_writer_string (json, disk->name);
      json_double (json, "read_bytes_per_second", disk->read_bytes_per_second);
      json_double (json, "write_bytes_per_second", disk->write_bytes_per_second);
      json_double (json, "read_iops", disk->read_iops);
      json_double (json, "write_iops", disk->write_iops);
      json_double (json, "read_latency_ms", disk->read_latency_ms);
      json_double (json, "write_latency_ms", disk->write_latency_ms);
      pit_json_writer_end_object (json);
    }
  pit_json_writer_end_array (json);
}

static void
write_json_nics (PitJsonWriter   *json,
                 PitMonitorRates *rates)
{
  pit_json_writer_key (json, "network");
  pit_json_writer_begin_object (json);
  json_double (json, "rx_bytes_per_second", rates->net_rx_bytes_per_second);
  json_double (json, "tx_bytes_per_second", rates->net_tx_bytes_per_second);
  json_double (json, "rx_drops_per_second", rates->net_rx_drops_per_second);
  json_double (json, "tx_drops_per_second", rates->net_tx_drops_per_second);
  pit_json_writer_end_object (json);

  pit_json_writer_key (json, "nics");
  pit_json_writer_begin_array (json);
  for (guint i = 0; i < rates->nics->len; i++)
    {
      PitMonitorNicRates *nic = &g_array_index (rates->nics, PitMonitorNicRates, i);

      pit_json_writer_begin_object (json);
      pit_json_writer_key (json, "name");
      pit_json_writer_string (json, nic->name);
      json_double (json, "rx_bytes_per_second", nic->rx_bytes_per_second);
      json_double (json, "tx_bytes_per_second", nic->tx_bytes_per_second);
      json_double (json, "rx_packets_per_second", nic->rx_packets_per_second);
      json_double (json, "tx_packets_per_second", nic->tx_packets_per_second);
      json_double (json, "rx_drops_per_second", nic->rx_drops_per_second);
      json_double (json, "tx_drops_per_second", nic->tx_drops_per_second);
      json_double (json, "rx_errors_per_second", nic->rx_errors_per_second);
      json_double (json, "tx_errors_per_second", nic->tx_errors_per_second);
      pit_json_writer_end_object (json);
    }
  pit_json_writer_end_array (json);
}

static void
print_json (PitDomainMonitor *domain)
{
  PitMonitorRates *rates = pit_domain_monitor_get_rates (domain);
  g_autoptr(PitJsonWriter) json = pit_json_writer_new ();
  g_autofree char *text = NULL;

  pit_json_writer_begin_object (json);
  pit_json_writer_key (json, "connection");
  pit_json_writer_string (json, pit_domain_monitor_get_uri (domain));
  pit_json_writer_key (json, "name");
  pit_json_writer_string (json, pit_domain_monitor_get_name (domain));
  pit_json_writer_key (json, "uuid");
  pit_json_writer_string (json, pit_domain_monitor_get_uuid (domain));
  pit_json_writer_key (json, "state");
  pit_json_writer_string (json, pit_domain_state_to_id (pit_domain_monitor_get_state (domain)));
  if (rates != NULL)
    {
      json_double (json, "time", rates->real_time_us / (double) G_USEC_PER_SEC);
      json_double (json, "seconds", rates->seconds);
      write_json_cpu (json, rates);
      write_json_memory (json, rates);
      write_json_disks (json, rates);
      write_json_nics (json, rates);
    }
  pit_json_writer_end_object (json);

  text = pit_json_writer_steal (g_steal_pointer (&json));
  g_print ("%s", text);
}

/* Running ----------------------------------------------------------------- */

static gboolean
all_done (Monitor *self)
{
  GListModel *monitors = pit_monitor_group_get_monitors (self->group);
  guint n = g_list_model_get_n_items (monitors);

  if (self->count == 0)
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PitMonitor) monitor = g_list_model_get_item (monitors, i);

      /* the first tick is the baseline */
      if (GPOINTER_TO_UINT (g_hash_table_lookup (self->ticks, monitor)) < self->count + 1)
        return FALSE;
    }
  return TRUE;
}

static void
tick_cb (PitMonitorGroup *group,
         PitMonitor      *monitor,
         Monitor         *self)
{
  guint seen = GPOINTER_TO_UINT (g_hash_table_lookup (self->ticks, monitor));
  GListModel *domains = pit_monitor_get_domains (monitor);
  guint n = g_list_model_get_n_items (domains);

  if (self->count > 0 && seen >= self->count + 1)
    return;
  g_hash_table_insert (self->ticks, monitor, GUINT_TO_POINTER (seen + 1));

  if (self->time_start == 0)
    {
      /* measure from the first tick: opening the connections is not sampling */
      getrusage (RUSAGE_SELF, &self->usage_start);
      self->time_start = g_get_monotonic_time ();
    }
  if (seen == 0)
    return;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PitDomainMonitor) domain = g_list_model_get_item (domains, i);
      PitMonitorRates *rates = pit_domain_monitor_get_rates (domain);

      if (!wanted (self, domain))
        continue;
      /* without --domain, only the running ones; a domain named with
       * --domain is shown in any state */
      if ((rates == NULL || isnan (rates->seconds)) && self->domains == NULL)
        continue;
      if (self->json)
        print_json (domain);
      else
        print_text (self, domain);
      self->lines++;
    }

  if (all_done (self))
    g_main_loop_quit (self->loop);
}

static gboolean
interrupted_cb (gpointer user_data)
{
  Monitor *self = user_data;

  g_main_loop_quit (self->loop);
  return G_SOURCE_CONTINUE;
}

static double
timeval_seconds (const struct timeval *tv)
{
  return tv->tv_sec + tv->tv_usec / 1e6;
}

static void
report_cpu (Monitor *self)
{
  struct rusage usage;
  double elapsed, user, system;

  if (self->time_start == 0)
    return;
  getrusage (RUSAGE_SELF, &usage);
  elapsed = (g_get_monotonic_time () - self->time_start) / (double) G_USEC_PER_SEC;
  user = timeval_seconds (&usage.ru_utime) - timeval_seconds (&self->usage_start.ru_utime);
  system = timeval_seconds (&usage.ru_stime) - timeval_seconds (&self->usage_start.ru_stime);

  /* one line, for scripts (build-aux/bench-monitor.sh) */
  g_printerr ("pitstop-cli: cpu-usage elapsed=%.3f user=%.3f system=%.3f percent=%.3f "
              "domains=%u lines=%u max-rss-kib=%ld\n",
              elapsed, user, system, elapsed > 0 ? (user + system) / elapsed * 100 : 0.0,
              pit_monitor_group_count_running (self->group), self->lines, usage.ru_maxrss);
}

static PitConnection *
open_connection (const char  *uri,
                 GError     **error)
{
  g_autoptr(PitConnection) connection = pit_connection_new (uri);
  g_autoptr(GError) local_error = NULL;

  if (!pit_connection_open_sync (connection, &local_error))
    {
      g_autofree char *advice = pit_connection_problem_advice (local_error, uri);

      g_set_error (error, local_error->domain, local_error->code, "%s %s",
                   local_error->message, advice);
      return NULL;
    }
  return g_steal_pointer (&connection);
}

int
pit_cli_monitor (int    argc,
                 char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GPtrArray) uris = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) monitors = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(PitMonitorGroup) group = NULL;
  g_autoptr(GHashTable) ticks = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) connect = NULL;
  g_auto(GStrv) domains = NULL;
  g_auto(PitCliConnectionOptions) demo = { 0 };
  gboolean json = FALSE, cpu = FALSE;
  int interval = 1, count = 0;
  guint signal_source;
  Monitor self = { 0 };
  const GOptionEntry entries[] = {
    { "connect", 'c', 0, G_OPTION_ARG_STRING_ARRAY, &connect,
      N_("libvirt URI to connect to; repeat for several (default: qemu:///system)"), N_("URI") },
    { "demo", 0, G_OPTION_FLAG_OPTIONAL_ARG, G_OPTION_ARG_CALLBACK, pit_cli_parse_demo,
      N_("Use the built-in demo host (or the demo host NAME: single-gpu)"), N_("NAME") },
    { "domain", 'd', 0, G_OPTION_ARG_STRING_ARRAY, &domains,
      N_("Only this virtual machine (name or UUID); repeat for several"), N_("NAME") },
    { "interval", 'i', 0, G_OPTION_ARG_INT, &interval, N_("Seconds between samples, 1–10 (default: 1)"), N_("S") },
    { "count", 'n', 0, G_OPTION_ARG_INT, &count, N_("Stop after N samples (default: run until interrupted)"), N_("N") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print one JSON object per line"), NULL },
    { "report-cpu", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, &cpu,
      N_("At the end, print the CPU time used while sampling on stderr"), NULL },
    { NULL }
  };

  g_option_context_set_summary (context, _("Show the live figures of the running virtual machines: "
                                           "one line per machine per sample."));
  {
    /* the main entries with --demo's options as the callback's data */
    GOptionGroup *main_group = g_option_group_new (NULL, NULL, NULL, &demo, NULL);

    g_option_group_add_entries (main_group, entries);
    g_option_group_set_translation_domain (main_group, GETTEXT_PACKAGE);
    g_option_context_set_main_group (context, main_group);
  }
  if (!pit_cli_parse (context, &argc, &argv))
    return 1;

  if (argc > 1)
    {
      g_set_error (&error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT, _("Unexpected argument “%s”"), argv[1]);
      return pit_cli_fail (error);
    }
  if (interval < PIT_MONITOR_MIN_INTERVAL || interval > PIT_MONITOR_MAX_INTERVAL)
    {
      g_set_error (&error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT,
                   _("The interval must be between %d and %d seconds, not %d"),
                   PIT_MONITOR_MIN_INTERVAL, PIT_MONITOR_MAX_INTERVAL, interval);
      return pit_cli_fail (error);
    }
  if (count < 0)
    {
      g_set_error (&error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT,
                   _("The count must be 0 or more, not %d"), count);
      return pit_cli_fail (error);
    }

  if (demo.demo)
    {
      char *uri = pit_cli_demo_uri (&demo, &error);

      if (uri == NULL)
        return pit_cli_fail (error);
      g_ptr_array_add (uris, uri);
    }
  for (guint i = 0; connect != NULL && connect[i] != NULL; i++)
    g_ptr_array_add (uris, g_strdup (connect[i]));
  if (uris->len == 0)
    g_ptr_array_add (uris, g_strdup ("qemu:///system"));

  group = pit_monitor_group_new ();
  pit_monitor_group_set_interval (group, interval);
  for (guint i = 0; i < uris->len; i++)
    {
      g_autoptr(PitConnection) connection = open_connection (g_ptr_array_index (uris, i), &error);

      if (connection == NULL)
        return pit_cli_fail (error);
      g_ptr_array_add (monitors, pit_monitor_new (connection));
    }

  for (guint i = 0; domains != NULL && domains[i] != NULL; i++)
    {
      gboolean found = FALSE;

      for (guint j = 0; j < monitors->len && !found; j++)
        found = pit_monitor_find_domain (g_ptr_array_index (monitors, j), domains[i]) != NULL;
      if (!found)
        {
          g_set_error (&error, PIT_ERROR, PIT_ERROR_NOT_FOUND,
                       _("There is no virtual machine “%s”"), domains[i]);
          return pit_cli_fail (error);
        }
    }

  loop = g_main_loop_new (NULL, FALSE);
  ticks = g_hash_table_new (NULL, NULL);
  self.loop = loop;
  self.group = group;
  self.ticks = ticks;
  self.domains = domains;
  self.count = (guint) count;
  self.json = json;
  self.show_uri = uris->len > 1;
  self.report_cpu = cpu;

  g_signal_connect (group, "tick", G_CALLBACK (tick_cb), &self);
  /* the command line shows the figures: sample at --interval */
  pit_monitor_group_hold (group);
  for (guint i = 0; i < monitors->len; i++)
    pit_monitor_group_add (group, g_ptr_array_index (monitors, i));

  signal_source = g_unix_signal_add (SIGINT, interrupted_cb, &self);
  g_main_loop_run (loop);
  g_source_remove (signal_source);

  if (cpu)
    report_cpu (&self);
  g_signal_handlers_disconnect_by_data (group, &self);

  return 0;
}
