/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-tune"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "pit-cpuset.h"
#include "pit-error.h"

/* libvirt's limit for a CPU number in a cpuset (VIR_DOMAIN_CPUMASK_LEN) */
#define MAX_CPUS 16384

struct _PitCpuset
{
  GArray *cpus;   /* guint, sorted, unique */
};

PitCpuset *
pit_cpuset_new (void)
{
  PitCpuset *self = g_new0 (PitCpuset, 1);

  self->cpus = g_array_new (FALSE, FALSE, sizeof (guint));
  return self;
}

PitCpuset *
pit_cpuset_copy (const PitCpuset *self)
{
  PitCpuset *copy = pit_cpuset_new ();

  g_array_append_vals (copy->cpus, self->cpus->data, self->cpus->len);
  return copy;
}

void
pit_cpuset_free (PitCpuset *self)
{
  if (self == NULL)
    return;
  g_array_unref (self->cpus);
  g_free (self);
}

static gboolean
find (const PitCpuset *self,
      guint            cpu,
      guint           *index)
{
  guint lo = 0, hi = self->cpus->len;

  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;
      guint value = g_array_index (self->cpus, guint, mid);

      if (value == cpu)
        {
          *index = mid;
          return TRUE;
        }
      if (value < cpu)
        lo = mid + 1;
      else
        hi = mid;
    }
  *index = lo;
  return FALSE;
}

void
pit_cpuset_add (PitCpuset *self,
                guint      cpu)
{
  guint index;

  if (!find (self, cpu, &index))
    g_array_insert_val (self->cpus, index, cpu);
}

static void
remove_cpu (PitCpuset *self,
            guint      cpu)
{
  guint index;

  if (find (self, cpu, &index))
    g_array_remove_index (self->cpus, index);
}

gboolean
pit_cpuset_contains (const PitCpuset *self,
                     guint            cpu)
{
  guint index;

  return find (self, cpu, &index);
}

guint
pit_cpuset_count (const PitCpuset *self)
{
  return self->cpus->len;
}

gboolean
pit_cpuset_equal (const PitCpuset *a,
                  const PitCpuset *b)
{
  return a->cpus->len == b->cpus->len
         && memcmp (a->cpus->data, b->cpus->data, a->cpus->len * sizeof (guint)) == 0;
}

/**
 * pit_cpuset_to_array:
 * Returns: (transfer full) (element-type guint): the CPUs, sorted.
 */
GArray *
pit_cpuset_to_array (const PitCpuset *self)
{
  GArray *ret = g_array_sized_new (FALSE, FALSE, sizeof (guint), self->cpus->len);

  g_array_append_vals (ret, self->cpus->data, self->cpus->len);
  return ret;
}

/**
 * pit_cpuset_format:
 * Returns: the CPU list as the kernel, systemd and libvirt write it:
 *   "0-3,8", "0-1" ("" for an empty set).
 */
char *
pit_cpuset_format (const PitCpuset *self)
{
  GString *out = g_string_new (NULL);
  guint i = 0;

  while (i < self->cpus->len)
    {
      guint first = g_array_index (self->cpus, guint, i);
      guint last = first;

      while (i + 1 < self->cpus->len && g_array_index (self->cpus, guint, i + 1) == last + 1)
        last = g_array_index (self->cpus, guint, ++i);
      i++;

      if (out->len > 0)
        g_string_append_c (out, ',');
      if (last == first)
        g_string_append_printf (out, "%u", first);
      else
        g_string_append_printf (out, "%u-%u", first, last);
    }
  return g_string_free (out, FALSE);
}

static gboolean
parse_number (const char  *text,
              const char  *whole,
              guint       *value,
              GError     **error)
{
  guint64 parsed;

  if (*text == '\0' || !g_ascii_string_to_unsigned (text, 10, 0, MAX_CPUS - 1, &parsed, NULL))
    {
      if (*text != '\0' && g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT64, &parsed, NULL))
        g_set_error (error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT,
                     _("CPU set “%s”: CPU %s is beyond the largest CPU number libvirt accepts (%u)"),
                     whole, text, MAX_CPUS - 1);
      else
        g_set_error (error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT,
                     _("CPU set “%s”: “%s” is not a CPU number"), whole, text);
      return FALSE;
    }
  *value = (guint) parsed;
  return TRUE;
}

static gboolean
is_online (const GArray *online,
           guint         cpu)
{
  for (guint i = 0; i < online->len; i++)
    if (g_array_index (online, guint, i) == cpu)
      return TRUE;
  return FALSE;
}

/**
 * pit_cpuset_parse:
 * @text: "0-3,^2,8": numbers and ranges separated by commas, "^N" removes
 *   a CPU added before; spaces are not allowed (libvirt refuses them)
 * @n_host_cpus: the host's CPU count (CPUs 0 … n-1), 0 when unknown
 * @online: (nullable) (element-type guint): the host's online CPUs
 * Returns: (transfer full): the set, never empty; %NULL with @error.
 */
PitCpuset *
pit_cpuset_parse (const char    *text,
                  guint          n_host_cpus,
                  const GArray  *online,
                  GError       **error)
{
  g_autoptr(PitCpuset) self = NULL;
  g_auto(GStrv) parts = NULL;

  g_return_val_if_fail (text != NULL, NULL);

  if (*text == '\0')
    {
      g_set_error_literal (error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT,
                           _("The CPU set is empty"));
      return NULL;
    }

  self = pit_cpuset_new ();
  parts = g_strsplit (text, ",", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      const char *part = parts[i];
      g_auto(GStrv) range = NULL;
      guint first, last;

      if (*part == '^')
        {
          if (!parse_number (part + 1, text, &first, error))
            return NULL;
          if (!pit_cpuset_contains (self, first))
            {
              g_set_error (error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT,
                           _("CPU set “%s”: “^%u” excludes a CPU that is not in the set"),
                           text, first);
              return NULL;
            }
          remove_cpu (self, first);
          continue;
        }

      range = g_strsplit (part, "-", -1);
      if (g_strv_length (range) == 1)
        {
          if (!parse_number (range[0], text, &first, error))
            return NULL;
          last = first;
        }
      else if (g_strv_length (range) == 2)
        {
          if (!parse_number (range[0], text, &first, error)
              || !parse_number (range[1], text, &last, error))
            return NULL;
          if (last < first)
            {
              g_set_error (error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT,
                           _("CPU set “%s”: the range “%s” goes backwards"), text, part);
              return NULL;
            }
        }
      else
        {
          g_set_error (error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT,
                       _("CPU set “%s”: “%s” is not a CPU number or range"), text, part);
          return NULL;
        }

      for (guint cpu = first; cpu <= last; cpu++)
        {
          if (n_host_cpus > 0 && cpu >= n_host_cpus)
            {
              g_set_error (error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT,
                           ngettext ("CPU set “%s”: CPU %u does not exist; the host has %u CPU (0)",
                                     "CPU set “%s”: CPU %u does not exist; the host has %u CPUs (0–%u)",
                                     n_host_cpus),
                           text, cpu, n_host_cpus, n_host_cpus - 1);
              return NULL;
            }
          if (online != NULL && !is_online (online, cpu))
            {
              g_set_error (error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT,
                           _("CPU set “%s”: CPU %u is offline"), text, cpu);
              return NULL;
            }
          pit_cpuset_add (self, cpu);
        }
    }

  if (pit_cpuset_count (self) == 0)
    {
      g_set_error (error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT,
                   _("CPU set “%s” leaves no CPU"), text);
      return NULL;
    }

  return g_steal_pointer (&self);
}
