/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-advisor"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "pit-error.h"
#include "pit-json-reader.h"
#include "pit-json-writer.h"
#include "pit-measurement.h"

#define FORMAT_VERSION 1

G_DEFINE_BOXED_TYPE (PitMeasurement, pit_measurement, pit_measurement_ref, pit_measurement_unref)

typedef struct
{
  const char *id;
  const char *label;
  PitMeasureBetter better;
  PitMeasureUnit unit;
} FigureInfo;

static const FigureInfo figures[PIT_MEASURE_N_FIGURES] = {
  { "cpu_percent", N_("CPU"), PIT_MEASURE_BETTER_NEITHER, PIT_MEASURE_UNIT_PERCENT },
  { "cpu_host_percent", N_("CPU of the host"), PIT_MEASURE_BETTER_NEITHER, PIT_MEASURE_UNIT_PERCENT },
  { "vcpu_wait_percent", N_("vCPU wait"), PIT_MEASURE_BETTER_LOWER, PIT_MEASURE_UNIT_PERCENT },
  { "vcpu_steal_percent", N_("vCPU steal"), PIT_MEASURE_BETTER_LOWER, PIT_MEASURE_UNIT_PERCENT },
  { "disk_read_bytes_per_second", N_("Disk read"), PIT_MEASURE_BETTER_HIGHER, PIT_MEASURE_UNIT_BYTES_PER_SECOND },
  { "disk_write_bytes_per_second", N_("Disk write"), PIT_MEASURE_BETTER_HIGHER, PIT_MEASURE_UNIT_BYTES_PER_SECOND },
  { "disk_iops", N_("Disk operations"), PIT_MEASURE_BETTER_HIGHER, PIT_MEASURE_UNIT_PER_SECOND },
  { "disk_latency_ms", N_("Disk latency"), PIT_MEASURE_BETTER_LOWER, PIT_MEASURE_UNIT_MILLISECONDS },
  { "net_rx_bytes_per_second", N_("Network in"), PIT_MEASURE_BETTER_HIGHER, PIT_MEASURE_UNIT_BYTES_PER_SECOND },
  { "net_tx_bytes_per_second", N_("Network out"), PIT_MEASURE_BETTER_HIGHER, PIT_MEASURE_UNIT_BYTES_PER_SECOND },
};

static void
measurement_clear (PitMeasurement *self)
{
  g_free (self->uuid);
  g_free (self->name);
  g_free (self->label);
}

PitMeasurement *
pit_measurement_new (const char *uuid,
                     const char *name,
                     gint64      started_us)
{
  PitMeasurement *self = g_atomic_rc_box_new0 (PitMeasurement);

  self->uuid = g_strdup (uuid);
  self->name = g_strdup (name);
  self->started_us = started_us;
  for (guint i = 0; i < PIT_MEASURE_N_FIGURES; i++)
    self->figures[i].mean = self->figures[i].max = NAN;
  return self;
}

PitMeasurement *
pit_measurement_ref (PitMeasurement *self)
{
  return g_atomic_rc_box_acquire (self);
}

void
pit_measurement_unref (PitMeasurement *self)
{
  g_atomic_rc_box_release_full (self, (GDestroyNotify) measurement_clear);
}

void
pit_measurement_add_value (PitMeasurement   *self,
                           PitMeasureFigure  figure,
                           double            value)
{
  PitMeasureStat *stat;

  g_return_if_fail (figure < PIT_MEASURE_N_FIGURES);

  if (!isfinite (value))
    return;
  stat = &self->figures[figure];
  stat->samples++;
  if (stat->samples == 1)
    {
      stat->mean = stat->max = value;
      return;
    }
  /* a running mean: no sum to overflow, no list to keep */
  stat->mean += (value - stat->mean) / stat->samples;
  stat->max = MAX (stat->max, value);
}

static double
sum (double a,
     double b)
{
  return isnan (a) || isnan (b) ? NAN : a + b;
}

void
pit_measurement_add_rates (PitMeasurement        *self,
                           const PitMonitorRates *rates)
{
  g_return_if_fail (self != NULL && rates != NULL);

  /* a first sample has no rates yet */
  if (isnan (rates->seconds))
    return;
  self->samples++;
  pit_measurement_add_value (self, PIT_MEASURE_CPU, rates->cpu_percent);
  pit_measurement_add_value (self, PIT_MEASURE_CPU_HOST, rates->cpu_host_percent);
  pit_measurement_add_value (self, PIT_MEASURE_VCPU_WAIT, rates->vcpu_wait_percent);
  pit_measurement_add_value (self, PIT_MEASURE_VCPU_STEAL, rates->vcpu_delay_percent);
  pit_measurement_add_value (self, PIT_MEASURE_DISK_READ, rates->disk_read_bytes_per_second);
  pit_measurement_add_value (self, PIT_MEASURE_DISK_WRITE, rates->disk_write_bytes_per_second);
  pit_measurement_add_value (self, PIT_MEASURE_DISK_IOPS, sum (rates->disk_read_iops, rates->disk_write_iops));
  pit_measurement_add_value (self, PIT_MEASURE_DISK_LATENCY, rates->disk_latency_ms);
  pit_measurement_add_value (self, PIT_MEASURE_NET_RX, rates->net_rx_bytes_per_second);
  pit_measurement_add_value (self, PIT_MEASURE_NET_TX, rates->net_tx_bytes_per_second);
}

/* JSON ------------------------------------------------------------------ */

char *
pit_measurement_to_json (const PitMeasurement *self)
{
  g_autoptr(PitJsonWriter) json = pit_json_writer_new ();
  g_autoptr(GDateTime) started = g_date_time_new_from_unix_utc (self->started_us / G_USEC_PER_SEC);
  g_autofree char *started_text = started != NULL ? g_date_time_format_iso8601 (started) : NULL;

  pit_json_writer_begin_object (json);
  pit_json_writer_key (json, "version");
  pit_json_writer_uint (json, FORMAT_VERSION);
  pit_json_writer_key (json, "uuid");
  pit_json_writer_string (json, self->uuid != NULL ? self->uuid : "");
  pit_json_writer_key (json, "name");
  pit_json_writer_string (json, self->name != NULL ? self->name : "");
  pit_json_writer_key (json, "started");
  pit_json_writer_string (json, started_text != NULL ? started_text : "");
  pit_json_writer_key (json, "started_us");
  pit_json_writer_int (json, self->started_us);
  pit_json_writer_key (json, "seconds");
  pit_json_writer_double (json, self->seconds);
  pit_json_writer_key (json, "samples");
  pit_json_writer_uint (json, self->samples);
  pit_json_writer_key (json, "label");
  if (self->label != NULL)
    pit_json_writer_string (json, self->label);
  else
    pit_json_writer_null (json);
  pit_json_writer_key (json, "figures");
  pit_json_writer_begin_object (json);
  for (guint i = 0; i < PIT_MEASURE_N_FIGURES; i++)
    {
      pit_json_writer_key (json, figures[i].id);
      pit_json_writer_begin_object (json);
      pit_json_writer_key (json, "mean");
      pit_json_writer_double (json, self->figures[i].mean);
      pit_json_writer_key (json, "max");
      pit_json_writer_double (json, self->figures[i].max);
      pit_json_writer_key (json, "samples");
      pit_json_writer_uint (json, self->figures[i].samples);
      pit_json_writer_end_object (json);
    }
  pit_json_writer_end_object (json);
  pit_json_writer_end_object (json);

  return pit_json_writer_steal (g_steal_pointer (&json));
}

static gboolean
read_count (GVariant *object,
            const char *key,
            guint    *out)
{
  double value = pit_json_reader_get_double (object, key);

  if (!isfinite (value) || value < 0 || value > G_MAXUINT || value != floor (value))
    return FALSE;
  *out = (guint) value;
  return TRUE;
}

/**
 * pit_measurement_new_from_json:
 * Returns: (transfer full): the measurement, or %NULL with @error when
 *   @json is not one Pitstop wrote
 */
PitMeasurement *
pit_measurement_new_from_json (const char  *json,
                               GError     **error)
{
  g_autoptr(GVariant) root = NULL;
  g_autoptr(GVariant) all = NULL;
  g_autoptr(PitMeasurement) self = NULL;
  g_autofree char *uuid = NULL;
  g_autofree char *name = NULL;
  double version, started;

  g_return_val_if_fail (json != NULL, NULL);

  root = pit_json_reader_parse (json, error);
  if (root == NULL)
    return NULL;
  version = pit_json_reader_get_double (root, "version");
  uuid = pit_json_reader_dup_string (root, "uuid");
  name = pit_json_reader_dup_string (root, "name");
  started = pit_json_reader_get_double (root, "started_us");
  all = g_variant_is_of_type (root, G_VARIANT_TYPE_VARDICT)
          ? g_variant_lookup_value (root, "figures", G_VARIANT_TYPE_VARDICT) : NULL;
  if (version != FORMAT_VERSION || uuid == NULL || name == NULL || !isfinite (started) || all == NULL)
    {
      g_set_error_literal (error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT,
                           _("This is not a measurement Pitstop recorded"));
      return NULL;
    }

  self = pit_measurement_new (uuid, name, (gint64) started);
  self->label = pit_json_reader_dup_string (root, "label");
  self->seconds = pit_json_reader_get_double (root, "seconds");
  if (!read_count (root, "samples", &self->samples))
    self->samples = 0;
  for (guint i = 0; i < PIT_MEASURE_N_FIGURES; i++)
    {
      g_autoptr(GVariant) stat = g_variant_lookup_value (all, figures[i].id, G_VARIANT_TYPE_VARDICT);

      if (stat == NULL)
        continue;
      self->figures[i].mean = pit_json_reader_get_double (stat, "mean");
      self->figures[i].max = pit_json_reader_get_double (stat, "max");
      if (!read_count (stat, "samples", &self->figures[i].samples) || isnan (self->figures[i].mean))
        self->figures[i].samples = 0;
    }
  return g_steal_pointer (&self);
}

/* Figures ------------------------------------------------------------------ */

const char *
pit_measure_figure_to_id (PitMeasureFigure figure)
{
  g_return_val_if_fail (figure < PIT_MEASURE_N_FIGURES, NULL);
  return figures[figure].id;
}

const char *
pit_measure_figure_to_string (PitMeasureFigure figure)
{
  g_return_val_if_fail (figure < PIT_MEASURE_N_FIGURES, NULL);
  return _(figures[figure].label);
}

PitMeasureBetter
pit_measure_figure_get_better (PitMeasureFigure figure)
{
  g_return_val_if_fail (figure < PIT_MEASURE_N_FIGURES, PIT_MEASURE_BETTER_NEITHER);
  return figures[figure].better;
}

PitMeasureUnit
pit_measure_figure_get_unit (PitMeasureFigure figure)
{
  g_return_val_if_fail (figure < PIT_MEASURE_N_FIGURES, PIT_MEASURE_UNIT_PERCENT);
  return figures[figure].unit;
}

char *
pit_measure_figure_format (PitMeasureFigure figure,
                           double           value)
{
  g_return_val_if_fail (figure < PIT_MEASURE_N_FIGURES, NULL);

  if (!isfinite (value))
    return g_strdup ("–");
  switch (figures[figure].unit)
    {
    case PIT_MEASURE_UNIT_PERCENT:
      return g_strdup_printf (_("%.1f %%"), value);
    case PIT_MEASURE_UNIT_BYTES_PER_SECOND:
      {
        g_autofree char *size = g_format_size ((guint64) llround (fabs (value)));

        /* TRANSLATORS: a rate, e.g. "3.4 MB/s" */
        return g_strdup_printf (_("%s%s/s"), value < 0 ? "−" : "", size);
      }
    case PIT_MEASURE_UNIT_PER_SECOND:
      return g_strdup_printf (_("%.0f /s"), value);
    case PIT_MEASURE_UNIT_MILLISECONDS:
      return g_strdup_printf (_("%.2f ms"), value);
    default:
      return g_strdup ("?");
    }
}
