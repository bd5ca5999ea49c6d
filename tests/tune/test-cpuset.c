/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-test"

#include "config.h"

#include "pit-cpuset.h"
#include "pit-error.h"

static void
test_parse (void)
{
  const struct { const char *text; const char *formatted; guint count; } cases[] = {
    { "0", "0", 1 },
    { "0-3", "0-3", 4 },
    { "0-3,^2", "0-1,3", 3 },
    { "1,0", "0-1", 2 },
    { "7,6,5", "5-7", 3 },
    { "2,6", "2,6", 2 },
    { "0-7,^0,^4", "1-3,5-7", 6 },
    { "3-3", "3", 1 },
    { "1,1,1", "1", 1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(PitCpuset) set = pit_cpuset_parse (cases[i].text, 8, NULL, &error);
      g_autofree char *text = NULL;

      g_assert_no_error (error);
      text = pit_cpuset_format (set);
      g_assert_cmpstr (text, ==, cases[i].formatted);
      g_assert_cmpuint (pit_cpuset_count (set), ==, cases[i].count);
    }
}

static void
test_errors (void)
{
  const struct { const char *text; guint n_cpus; const char *message; } cases[] = {
    { "", 8, "The CPU set is empty" },
    { "a", 8, "CPU set “a”: “a” is not a CPU number" },
    { "1,", 8, "CPU set “1,”: “” is not a CPU number or range" },
    { "3-1", 8, "CPU set “3-1”: the range “3-1” goes backwards" },
    { "1-2-3", 8, "CPU set “1-2-3”: “1-2-3” is not a CPU number or range" },
    { "^1", 8, "CPU set “^1”: “^1” excludes a CPU that is not in the set" },
    { "0-8", 8, "CPU set “0-8”: CPU 8 does not exist; the host has 8 CPUs (0–7)" },
    { "99999", 0, "CPU set “99999”: CPU 99999 is beyond the largest CPU number libvirt accepts (16383)" },
    { " 1", 8, "CPU set “ 1”: “ 1” is not a CPU number" },
    { "-1", 8, "CPU set “-1”: “” is not a CPU number" },
    { "1,^1", 8, "CPU set “1,^1” leaves no CPU" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(PitCpuset) set = pit_cpuset_parse (cases[i].text, cases[i].n_cpus, NULL, &error);

      g_assert_null (set);
      g_assert_error (error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT);
      g_assert_cmpstr (error->message, ==, cases[i].message);
    }
}

static void
test_offline (void)
{
  /* like the corpus host x86_64-test6: CPUs 0-5 online of 8 */
  g_autoptr(GArray) online = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GError) error = NULL;
  g_autoptr(PitCpuset) ok = NULL;
  g_autoptr(PitCpuset) bad = NULL;

  for (guint cpu = 0; cpu < 6; cpu++)
    g_array_append_val (online, cpu);

  ok = pit_cpuset_parse ("0-7,^6,^7", 8, online, &error);
  g_assert_null (ok);
  g_assert_error (error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT);
  g_assert_cmpstr (error->message, ==, "CPU set “0-7,^6,^7”: CPU 6 is offline");
  g_clear_error (&error);

  bad = pit_cpuset_parse ("2-5", 8, online, &error);
  g_assert_no_error (error);
  g_assert_true (pit_cpuset_contains (bad, 5));
  g_assert_false (pit_cpuset_contains (bad, 1));
}

static void
test_equal_copy (void)
{
  g_autoptr(PitCpuset) a = pit_cpuset_parse ("0,4", 0, NULL, NULL);
  g_autoptr(PitCpuset) b = pit_cpuset_new ();
  g_autoptr(PitCpuset) c = NULL;
  g_autoptr(GArray) cpus = NULL;

  pit_cpuset_add (b, 4);
  g_assert_false (pit_cpuset_equal (a, b));
  pit_cpuset_add (b, 0);
  g_assert_true (pit_cpuset_equal (a, b));
  c = pit_cpuset_copy (b);
  pit_cpuset_add (c, 1);
  g_assert_cmpuint (pit_cpuset_count (b), ==, 2);
  cpus = pit_cpuset_to_array (c);
  g_assert_cmpuint (cpus->len, ==, 3);
  g_assert_cmpuint (g_array_index (cpus, guint, 1), ==, 1);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tune/cpuset/parse", test_parse);
  g_test_add_func ("/tune/cpuset/errors", test_errors);
  g_test_add_func ("/tune/cpuset/offline", test_offline);
  g_test_add_func ("/tune/cpuset/equal-copy", test_equal_copy);

  return g_test_run ();
}
