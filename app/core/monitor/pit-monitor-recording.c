/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-monitor"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "pit-error.h"
#include "pit-monitor-recording.h"

struct _PitMonitorRecording
{
  guint host_cpus;
  GPtrArray *ticks;  /* GPtrArray of PitMonitorSample */
};

void
pit_monitor_recording_free (PitMonitorRecording *self)
{
  if (self == NULL)
    return;
  g_ptr_array_unref (self->ticks);
  g_free (self);
}

static gpointer
parse_error (GError     **error,
             guint        line_number,
             const char  *line)
{
  g_set_error (error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT,
               _("Line %u of the recording is not understood: “%s”"), line_number, line);
  return NULL;
}

static gboolean
parse_comment (PitMonitorRecording  *self,
               const char           *text,
               gint64               *time_us,
               GPtrArray           **tick)
{
  const char *value;
  char *end = NULL;

  if (g_str_has_prefix (text, "host-cpus="))
    {
      value = text + strlen ("host-cpus=");
      self->host_cpus = (guint) g_ascii_strtoull (value, &end, 10);
      return end != value && *end == '\0';
    }
  if (g_str_has_prefix (text, "time="))
    {
      double seconds;

      value = text + strlen ("time=");
      seconds = g_ascii_strtod (value, &end);
      if (end == value || *end != '\0')
        return FALSE;
      *time_us = (gint64) (seconds * G_USEC_PER_SEC);
      *tick = g_ptr_array_new_with_free_func ((GDestroyNotify) pit_monitor_sample_free);
      g_ptr_array_add (self->ticks, *tick);
      return TRUE;
    }
  return TRUE; /* any other comment */
}

static gboolean
parse_field (PitMonitorSample *sample,
             const char       *text)
{
  const char *eq = strchr (text, '=');
  g_autofree char *field = NULL;
  const char *value;
  char *end = NULL;
  guint64 number;

  if (eq == NULL || eq == text)
    return FALSE;
  field = g_strndup (text, eq - text);
  value = eq + 1;

  if (g_ascii_isdigit (*value))
    {
      number = g_ascii_strtoull (value, &end, 10);
      if (*end == '\0')
        {
          pit_monitor_sample_set_uint (sample, field, number);
          return TRUE;
        }
    }
  pit_monitor_sample_set_string (sample, field, value);
  return TRUE;
}

/**
 * pit_monitor_recording_parse:
 * Returns: (transfer full): the recording, or %NULL with @error set
 */
PitMonitorRecording *
pit_monitor_recording_parse (const char  *text,
                             GError     **error)
{
  g_autoptr(PitMonitorRecording) self = g_new0 (PitMonitorRecording, 1);
  g_auto(GStrv) lines = NULL;
  GPtrArray *tick = NULL;
  PitMonitorSample *sample = NULL;
  gint64 time_us = 0;

  g_return_val_if_fail (text != NULL, NULL);

  self->ticks = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = g_strstrip (lines[i]);

      if (*line == '\0')
        continue;
      if (*line == '#')
        {
          if (!parse_comment (self, g_strstrip (lines[i] + 1), &time_us, &tick))
            return parse_error (error, i + 1, line);
          sample = NULL;
          continue;
        }
      if (g_str_has_prefix (line, "Domain: '") && g_str_has_suffix (line, "'")
          && strlen (line) > strlen ("Domain: ''"))
        {
          if (tick == NULL)
            return parse_error (error, i + 1, line);
          sample = pit_monitor_sample_new ();
          sample->name = g_strndup (line + strlen ("Domain: '"), strlen (line) - strlen ("Domain: ''"));
          sample->uuid = g_strdup (sample->name);
          sample->source = PIT_MONITOR_SOURCE_RECORDING;
          sample->monotonic_us = time_us;
          sample->real_time_us = time_us;
          g_ptr_array_add (tick, sample);
          continue;
        }
      if (sample == NULL || !parse_field (sample, line))
        return parse_error (error, i + 1, line);
    }

  return g_steal_pointer (&self);
}

PitMonitorRecording *
pit_monitor_recording_load (const char  *path,
                            GError     **error)
{
  g_autofree char *text = NULL;

  if (!g_file_get_contents (path, &text, NULL, error))
    return NULL;
  return pit_monitor_recording_parse (text, error);
}

guint
pit_monitor_recording_get_host_cpus (const PitMonitorRecording *self)
{
  return self->host_cpus;
}

guint
pit_monitor_recording_get_n_ticks (const PitMonitorRecording *self)
{
  return self->ticks->len;
}

/**
 * pit_monitor_recording_get_sample:
 * Returns: (transfer none) (nullable): @name's sample in @tick, if it was read then
 */
const PitMonitorSample *
pit_monitor_recording_get_sample (const PitMonitorRecording *self,
                                  guint                      tick,
                                  const char                *name)
{
  GPtrArray *samples;

  g_return_val_if_fail (tick < self->ticks->len, NULL);

  samples = g_ptr_array_index (self->ticks, tick);
  for (guint i = 0; i < samples->len; i++)
    {
      const PitMonitorSample *sample = g_ptr_array_index (samples, i);

      if (g_strcmp0 (sample->name, name) == 0)
        return sample;
    }
  return NULL;
}
