/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "pit-cpuset.h"
#include "pit-error.h"
#include "pit-fuzz.h"
#include "pit-host-reader.h"

/* The two CPU-list parsers: the tuning engine's cpuset ("0-3,^2,8", checked
 * against the host) and the host inventory's kernel list ("0-3,8").
 * Byte 0 is the host's CPU count (0: unknown), byte 1 a mask of the online
 * CPUs among 0-7 (0: unknown), the rest the text.  Checked on every input:
 * what is accepted is on the host and online, formats to text that parses
 * back to the same set, and both parsers agree where both accept. */

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  pit_fuzz_init ();
  return 0;
}

static void
check_host_cpulist (const char *text)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) again = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autofree char *formatted = NULL;

  if (!pit_host_parse_cpulist (text, ids))
    return;

  for (guint i = 1; i < ids->len; i++)
    g_assert_cmpuint (g_array_index (ids, guint, i - 1), <, g_array_index (ids, guint, i));

  formatted = pit_host_format_cpulist ((const guint *) ids->data, ids->len);
  g_assert_true (pit_host_parse_cpulist (formatted, again));
  g_assert_cmpuint (again->len, ==, ids->len);
  g_assert_cmpmem (again->data, again->len * sizeof (guint), ids->data, ids->len * sizeof (guint));
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = NULL;
  g_autoptr(GArray) online = NULL;
  g_autoptr(PitCpuset) set = NULL;
  g_autoptr(GError) error = NULL;
  guint n_host_cpus;

  if (size < 2)
    return 0;
  n_host_cpus = data[0];
  if (data[1] != 0)
    {
      online = g_array_new (FALSE, FALSE, sizeof (guint));
      for (guint cpu = 0; cpu < 8; cpu++)
        if (data[1] & (1u << cpu))
          g_array_append_val (online, cpu);
    }
  text = pit_fuzz_string (data + 2, size - 2);

  check_host_cpulist (text);

  set = pit_cpuset_parse (text, n_host_cpus, online, &error);
  if (set == NULL)
    {
      g_assert_error (error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT);
      g_assert_true (g_utf8_validate (error->message, -1, NULL) || !g_utf8_validate (text, -1, NULL));
      return 0;
    }
  g_assert_no_error (error);
  g_assert_cmpuint (pit_cpuset_count (set), >, 0);

  {
    g_autoptr(GArray) cpus = pit_cpuset_to_array (set);
    g_autofree char *formatted = pit_cpuset_format (set);
    g_autoptr(PitCpuset) reparsed = NULL;
    g_autoptr(GArray) host_ids = g_array_new (FALSE, FALSE, sizeof (guint));

    for (guint i = 0; i < cpus->len; i++)
      {
        guint cpu = g_array_index (cpus, guint, i);
        gboolean is_online = online == NULL;

        if (n_host_cpus > 0)
          g_assert_cmpuint (cpu, <, n_host_cpus);
        for (guint j = 0; online != NULL && j < online->len; j++)
          is_online |= g_array_index (online, guint, j) == cpu;
        g_assert_true (is_online);
        g_assert_true (pit_cpuset_contains (set, cpu));
      }

    /* the canonical text means the same set, and is a fixed point */
    reparsed = pit_cpuset_parse (formatted, 0, NULL, &error);
    g_assert_no_error (error);
    g_assert_true (pit_cpuset_equal (set, reparsed));
    {
      g_autofree char *twice = pit_cpuset_format (reparsed);

      g_assert_cmpstr (twice, ==, formatted);
    }

    /* without exclusions, the kernel-list parser reads the same CPUs */
    if (strchr (text, '^') == NULL && pit_host_parse_cpulist (text, host_ids))
      {
        g_assert_cmpuint (host_ids->len, ==, cpus->len);
        g_assert_cmpmem (host_ids->data, host_ids->len * sizeof (guint),
                         cpus->data, cpus->len * sizeof (guint));
      }
  }

  return 0;
}
