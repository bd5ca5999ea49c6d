/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-json"

#include "config.h"

#include <math.h>

#include "pit-json-writer.h"

struct _PitJsonWriter
{
  GString *out;
  gboolean need_comma;
  guint depth;
};

PitJsonWriter *
pit_json_writer_new (void)
{
  PitJsonWriter *self = g_new0 (PitJsonWriter, 1);

  self->out = g_string_new (NULL);
  return self;
}

void
pit_json_writer_free (PitJsonWriter *self)
{
  if (self == NULL)
    return;
  g_string_free (self->out, TRUE);
  g_free (self);
}

/**
 * pit_json_writer_steal:
 * Frees the writer.
 * Returns: (transfer full): the text written, with a final newline
 */
char *
pit_json_writer_steal (PitJsonWriter *self)
{
  GString *out = self->out;

  g_free (self);
  g_string_append_c (out, '\n');
  return g_string_free (out, FALSE);
}

static void
value_prefix (PitJsonWriter *self)
{
  if (self->need_comma)
    g_string_append_c (self->out, ',');
  self->need_comma = TRUE;
}

static void
append_escaped (GString    *out,
                const char *str)
{
  g_string_append_c (out, '"');
  for (const char *p = str; *p != '\0'; p++)
    {
      unsigned char c = (unsigned char) *p;

      switch (c)
        {
        case '"':
          g_string_append (out, "\\\"");
          break;
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\r':
          g_string_append (out, "\\r");
          break;
        case '\t':
          g_string_append (out, "\\t");
          break;
        default:
          if (c < 0x20)
            g_string_append_printf (out, "\\u%04x", c);
          else
            g_string_append_c (out, (char) c);
        }
    }
  g_string_append_c (out, '"');
}

void
pit_json_writer_begin_object (PitJsonWriter *self)
{
  value_prefix (self);
  g_string_append_c (self->out, '{');
  self->need_comma = FALSE;
  self->depth++;
}

void
pit_json_writer_end_object (PitJsonWriter *self)
{
  g_return_if_fail (self->depth > 0);
  g_string_append_c (self->out, '}');
  self->need_comma = TRUE;
  self->depth--;
}

void
pit_json_writer_begin_array (PitJsonWriter *self)
{
  value_prefix (self);
  g_string_append_c (self->out, '[');
  self->need_comma = FALSE;
  self->depth++;
}

void
pit_json_writer_end_array (PitJsonWriter *self)
{
  g_return_if_fail (self->depth > 0);
  g_string_append_c (self->out, ']');
  self->need_comma = TRUE;
  self->depth--;
}

void
pit_json_writer_key (PitJsonWriter *self,
                     const char    *key)
{
  value_prefix (self);
  append_escaped (self->out, key);
  g_string_append_c (self->out, ':');
  self->need_comma = FALSE;
}

void
pit_json_writer_string (PitJsonWriter *self,
                        const char    *value)
{
  if (value == NULL)
    {
      pit_json_writer_null (self);
      return;
    }
  value_prefix (self);
  if (g_utf8_validate (value, -1, NULL))
    {
      append_escaped (self->out, value);
    }
  else
    {
      g_autofree char *valid = g_utf8_make_valid (value, -1);

      append_escaped (self->out, valid);
    }
}

void
pit_json_writer_int (PitJsonWriter *self,
                     gint64         value)
{
  value_prefix (self);
  g_string_append_printf (self->out, "%" G_GINT64_FORMAT, value);
}

void
pit_json_writer_uint (PitJsonWriter *self,
                      guint64        value)
{
  value_prefix (self);
  g_string_append_printf (self->out, "%" G_GUINT64_FORMAT, value);
}

void
pit_json_writer_double (PitJsonWriter *self,
                        double         value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isfinite (value))
    {
      pit_json_writer_null (self);
      return;
    }
  value_prefix (self);
  g_string_append (self->out, g_ascii_formatd (buf, sizeof buf, "%.3f", value));
}

void
pit_json_writer_bool (PitJsonWriter *self,
                      gboolean       value)
{
  value_prefix (self);
  g_string_append (self->out, value ? "true" : "false");
}

void
pit_json_writer_null (PitJsonWriter *self)
{
  value_prefix (self);
  g_string_append (self->out, "null");
}

/**
 * pit_json_writer_member_string:
 * Writes "@key": @value, or "@key": null when @value is %NULL.
 */
void
pit_json_writer_member_string (PitJsonWriter *self,
                               const char    *key,
                               const char    *value)
{
  pit_json_writer_key (self, key);
  pit_json_writer_string (self, value);
}
