/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-test"

#include "config.h"

#include <gio/gio.h>
#include <stdio.h>
#include <string.h>

#include "pit-test-support.h"

/* pitstop-cli measure on the demo host, with its store in a scratch
 * $XDG_DATA_HOME. */

static char *data_home;

static void
test_record_and_compare (void)
{
  const char *record[] = { "measure", "--demo", "--domain", "fedora-server", "--seconds", "2", NULL };
  const char *compare[] = { "measure", "--demo", "--domain", "fedora-server", "--compare", NULL };
  const char *compare_json[] = { "measure", "--demo", "--domain", "fedora-server", "--compare", "--json", NULL };
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *dir = g_build_filename (data_home, "pitstop", "measurements",
                                           "2b8e4d10-5c6f-4a3e-9b7d-8e1f0a2c4d6b", NULL);

  /* one record is not enough to compare */
  g_assert_cmpint (pit_test_run_cli (record, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "fedora-server: "));
  g_assert_nonnull (strstr (out, "Disk read"));
  g_assert_nonnull (strstr (out, dir));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (pit_test_run_cli (compare, &out, &err), ==, 1);
  g_assert_cmpstr (out, ==, "");
  g_assert_nonnull (strstr (err, "has 1 measurement"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (pit_test_run_cli (record, &out, &err), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (pit_test_run_cli (compare, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "Before"));
  g_assert_nonnull (strstr (out, "After"));
  g_assert_nonnull (strstr (out, "Difference"));
  g_assert_nonnull (strstr (out, "vCPU steal"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (pit_test_run_cli (compare_json, &out, &err), ==, 0);
  g_assert_true (g_str_has_prefix (out, "{\"name\":\"fedora-server\""));
  /* the test driver's counters grow steadily (a quarter of the vCPUs' time):
   * the CPU figure stays at 25 % (give or take the timer's jitter on a busy
   * machine, seen at 24.9 under the sanitizers) and does not move */
  {
    const char *cpu = strstr (out, "{\"figure\":\"cpu_percent\",\"before\":");
    double before = 0, after = 0;

    g_assert_nonnull (cpu);
    g_assert_cmpint (sscanf (cpu, "{\"figure\":\"cpu_percent\",\"before\":%lf,\"after\":%lf,", &before, &after),
                     ==, 2);
    g_assert_cmpfloat_with_epsilon (before, 25.0, 1.0);
    g_assert_cmpfloat_with_epsilon (after, 25.0, 1.0);
    g_assert_cmpfloat_with_epsilon (after - before, 0.0, 1.0);
  }
}

static void
assert_error (const char * const *argv,
              const char         *message)
{
  g_autofree char *out = NULL, *err = NULL;

  g_assert_cmpint (pit_test_run_cli (argv, &out, &err), ==, 1);
  g_assert_cmpstr (out, ==, "");
  g_assert_nonnull (strstr (err, message));
  g_assert_true (strchr (err, '\n') == err + strlen (err) - 1);
}

static void
test_errors (void)
{
  const char *shut_off[] = { "measure", "--demo", "--domain", "win10-gaming", "--seconds", "2", NULL };
  const char *unknown[] = { "measure", "--demo", "--domain", "no-such-vm", "--seconds", "2", NULL };
  const char *no_domain[] = { "measure", "--demo", "--seconds", "2", NULL };
  const char *both[] = { "measure", "--demo", "--domain", "fedora-server", "--seconds", "2", "--compare", NULL };
  const char *zero[] = { "measure", "--demo", "--domain", "fedora-server", "--seconds", "0", NULL };

  assert_error (shut_off, "“win10-gaming” is not running");
  assert_error (unknown, "no-such-vm");
  assert_error (no_domain, "--domain NAME");
  assert_error (both, "not both");
  assert_error (zero, "at least one second");
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  int ret;

  data_home = g_dir_make_tmp ("pitstop-cli-measure-XXXXXX", &error);
  g_assert_no_error (error);
  /* the CLI inherits it */
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/advisor/cli/measure", test_record_and_compare);
  g_test_add_func ("/advisor/cli/measure-errors", test_errors);

  ret = g_test_run ();
  {
    g_autoptr(GSubprocess) rm = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, NULL, "rm", "-rf", "--", data_home, NULL);

    if (rm != NULL)
      g_subprocess_wait (rm, NULL, NULL);
  }
  g_free (data_home);
  return ret;
}
