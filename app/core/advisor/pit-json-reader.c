/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-advisor"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "pit-error.h"
#include "pit-json-reader.h"

#define MAX_DEPTH 32

typedef struct
{
  const char *p;
  const char *start;
  GError **error;
} Reader;

static GVariant *parse_value (Reader *r, guint depth);

static gboolean
fail (Reader     *r,
      const char *what)
{
  if (r->error != NULL && *r->error == NULL)
    g_set_error (r->error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT,
                 _("Not valid JSON at character %ld: %s"), (long) (r->p - r->start), what);
  return FALSE;
}

static void
skip_space (Reader *r)
{
  while (*r->p == ' ' || *r->p == '\t' || *r->p == '\n' || *r->p == '\r')
    r->p++;
}

static gboolean
literal (Reader     *r,
         const char *word)
{
  size_t len = strlen (word);

  if (strncmp (r->p, word, len) != 0)
    return fail (r, _("unknown word"));
  r->p += len;
  return TRUE;
}

static int
hex4 (const char *p)
{
  int value = 0;

  for (int i = 0; i < 4; i++)
    {
      int digit = g_ascii_xdigit_value (p[i]);

      if (digit < 0)
        return -1;
      value = value * 16 + digit;
    }
  return value;
}

static char *
parse_string (Reader *r)
{
  g_autoptr(GString) out = g_string_new (NULL);

  r->p++; /* " */
  while (*r->p != '"')
    {
      if (*r->p == '\0' || (guchar) *r->p < 0x20)
        {
          fail (r, _("unterminated string"));
          return NULL;
        }
      if (*r->p != '\\')
        {
          g_string_append_c (out, *r->p++);
          continue;
        }
      r->p++;
      switch (*r->p)
        {
        case '"': case '\\': case '/':
          g_string_append_c (out, *r->p);
          break;
        case 'b': g_string_append_c (out, '\b'); break;
        case 'f': g_string_append_c (out, '\f'); break;
        case 'n': g_string_append_c (out, '\n'); break;
        case 'r': g_string_append_c (out, '\r'); break;
        case 't': g_string_append_c (out, '\t'); break;
        case 'u':
          {
            int code = hex4 (r->p + 1);

            if (code < 0)
              {
                fail (r, _("bad \\u escape"));
                return NULL;
              }
            r->p += 4;
            if (code >= 0xd800 && code < 0xdc00 && r->p[1] == '\\' && r->p[2] == 'u')
              {
                int low = hex4 (r->p + 3);

                if (low >= 0xdc00 && low < 0xe000)
                  {
                    code = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
                    r->p += 6;
                  }
              }
            if ((code >= 0xd800 && code < 0xe000) || code == 0)
              code = 0xfffd;
            g_string_append_unichar (out, (gunichar) code);
            break;
          }
        default:
          fail (r, _("bad escape"));
          return NULL;
        }
      r->p++;
    }
  r->p++;
  if (!g_utf8_validate (out->str, out->len, NULL))
    {
      fail (r, _("not UTF-8"));
      return NULL;
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static GVariant *
parse_number (Reader *r)
{
  const char *start = r->p;
  g_autofree char *copy = NULL;
  char *end = NULL;
  double value;

  if (*r->p == '-')
    r->p++;
  while (g_ascii_isdigit (*r->p) || *r->p == '.' || *r->p == 'e' || *r->p == 'E' || *r->p == '+' || *r->p == '-')
    r->p++;
  copy = g_strndup (start, r->p - start);
  value = g_ascii_strtod (copy, &end);
  if (copy[0] == '\0' || end == NULL || *end != '\0' || !isfinite (value))
    {
      fail (r, _("bad number"));
      return NULL;
    }
  return g_variant_new_double (value);
}

static GVariant *
parse_object (Reader *r,
              guint   depth)
{
  g_auto(GVariantBuilder) builder = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);

  r->p++; /* { */
  skip_space (r);
  if (*r->p == '}')
    {
      r->p++;
      return g_variant_builder_end (&builder);
    }
  for (;;)
    {
      g_autofree char *key = NULL;
      GVariant *value;

      skip_space (r);
      if (*r->p != '"')
        {
          fail (r, _("expected a key"));
          return NULL;
        }
      if ((key = parse_string (r)) == NULL)
        return NULL;
      skip_space (r);
      if (*r->p != ':')
        {
          fail (r, _("expected “:”"));
          return NULL;
        }
      r->p++;
      if ((value = parse_value (r, depth + 1)) == NULL)
        return NULL;
      g_variant_builder_add (&builder, "{sv}", key, value);
      skip_space (r);
      if (*r->p == ',')
        {
          r->p++;
          continue;
        }
      if (*r->p == '}')
        {
          r->p++;
          return g_variant_builder_end (&builder);
        }
      fail (r, _("expected “,” or “}”"));
      return NULL;
    }
}

static GVariant *
parse_array (Reader *r,
             guint   depth)
{
  g_auto(GVariantBuilder) builder = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("av"));

  r->p++; /* [ */
  skip_space (r);
  if (*r->p == ']')
    {
      r->p++;
      return g_variant_builder_end (&builder);
    }
  for (;;)
    {
      GVariant *value = parse_value (r, depth + 1);

      if (value == NULL)
        return NULL;
      g_variant_builder_add (&builder, "v", value);
      skip_space (r);
      if (*r->p == ',')
        {
          r->p++;
          continue;
        }
      if (*r->p == ']')
        {
          r->p++;
          return g_variant_builder_end (&builder);
        }
      fail (r, _("expected “,” or “]”"));
      return NULL;
    }
}

static GVariant *
parse_value (Reader *r,
             guint   depth)
{
  skip_space (r);
  if (depth > MAX_DEPTH)
    {
      fail (r, _("nested too deeply"));
      return NULL;
    }
  switch (*r->p)
    {
    case '{':
      return parse_object (r, depth);
    case '[':
      return parse_array (r, depth);
    case '"':
      {
        char *text = parse_string (r);

        return text != NULL ? g_variant_new_take_string (text) : NULL;
      }
    case 't':
      return literal (r, "true") ? g_variant_new_boolean (TRUE) : NULL;
    case 'f':
      return literal (r, "false") ? g_variant_new_boolean (FALSE) : NULL;
    case 'n':
      return literal (r, "null") ? g_variant_new_maybe (G_VARIANT_TYPE_VARIANT, NULL) : NULL;
    default:
      if (*r->p == '-' || g_ascii_isdigit (*r->p))
        return parse_number (r);
      fail (r, *r->p == '\0' ? _("unexpected end") : _("unexpected character"));
      return NULL;
    }
}

/**
 * pit_json_reader_parse:
 * Returns: (transfer full): the value, or %NULL with @error
 */
GVariant *
pit_json_reader_parse (const char  *text,
                       GError     **error)
{
  Reader r = { text, text, error };
  GVariant *value;

  g_return_val_if_fail (text != NULL, NULL);

  value = parse_value (&r, 0);
  if (value == NULL)
    return NULL;
  g_variant_ref_sink (value);
  skip_space (&r);
  if (*r.p != '\0')
    {
      fail (&r, _("text after the end"));
      g_variant_unref (value);
      return NULL;
    }
  return value;
}

double
pit_json_reader_get_double (GVariant   *object,
                            const char *key)
{
  double value;

  if (object == NULL || !g_variant_is_of_type (object, G_VARIANT_TYPE_VARDICT)
      || !g_variant_lookup (object, key, "d", &value))
    return NAN;
  return value;
}

char *
pit_json_reader_dup_string (GVariant   *object,
                            const char *key)
{
  char *value = NULL;

  if (object == NULL || !g_variant_is_of_type (object, G_VARIANT_TYPE_VARDICT)
      || !g_variant_lookup (object, key, "s", &value))
    return NULL;
  return value;
}
