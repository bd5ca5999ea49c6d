/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "pit-test-support.h"

static char **
lines_of (const char *out)
{
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; lines[i] != NULL; i++)
    if (*lines[i] != '\0')
      g_strv_builder_add (builder, lines[i]);
  return g_strv_builder_end (builder);
}

static void
test_text_count (void)
{
  const char *argv[] = { "monitor", "--demo", "--count", "2", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_auto(GStrv) lines = NULL;

  g_assert_cmpint (pit_test_run_cli (argv, &out, &err), ==, 0);
  g_assert_cmpstr (err, ==, "");
  lines = lines_of (out);

  /* two ticks × the two running (or paused) domains; not the shut-off one */
  g_assert_cmpuint (g_strv_length (lines), ==, 4);
  for (guint i = 0; i < 4; i += 2)
    {
      g_assert_true (g_str_has_prefix (lines[i], "fedora-server: Running  CPU 25.0% (host 12.5%)"));
      g_assert_nonnull (strstr (lines[i], "memory 4.0\xc2\xa0GiB / 4.0\xc2\xa0GiB"));
      g_assert_nonnull (strstr (lines[i], "disk read "));
      g_assert_null (strstr (lines[i], "disk read –"));
      g_assert_null (strstr (lines[i], "network in –"));
      g_assert_true (g_str_has_prefix (lines[i + 1], "ubuntu-dev: Paused"));
    }
  g_assert_null (strstr (out, "win10-gaming"));
}

static void
test_json (void)
{
  const char *argv[] = { "monitor", "--demo", "--json", "--count", "2", "--interval", "1",
                         "--domain", "fedora-server", "--domain", "win10-gaming", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_auto(GStrv) lines = NULL;

  g_assert_cmpint (pit_test_run_cli (argv, &out, &err), ==, 0);
  g_assert_cmpstr (err, ==, "");
  lines = lines_of (out);

  /* one object per line; a shut-off domain asked for by name has no figures */
  g_assert_cmpuint (g_strv_length (lines), ==, 4);
  g_assert_true (g_str_has_prefix (lines[0], "{\"connection\":\"test://"));
  g_assert_nonnull (strstr (lines[0], "\"name\":\"fedora-server\",\"uuid\":\"2b8e4d10-5c6f-4a3e-9b7d-8e1f0a2c4d6b\","
                                      "\"state\":\"running\""));
  /* the test driver counts wall-clock time as CPU time, so one of its 4
   * vCPUs is busy: 25 %, give or take the scheduling of a loaded machine */
  {
    const char *cpu = strstr (lines[0], "\"cpu\":{\"vcpus\":4,\"percent\":");
    double percent;

    g_assert_nonnull (cpu);
    percent = g_ascii_strtod (cpu + strlen ("\"cpu\":{\"vcpus\":4,\"percent\":"), NULL);
    g_assert_cmpfloat_with_epsilon (percent, 25.0, 2.5);
    g_assert_nonnull (strstr (cpu, ",\"host_percent\":"));
  }
  g_assert_nonnull (strstr (lines[0], "\"memory\":{\"current_bytes\":4294967296.000,"));
  g_assert_nonnull (strstr (lines[0], "\"disks\":[{\"name\":\"vda\",\"read_bytes_per_second\":"));
  g_assert_nonnull (strstr (lines[0], "\"nics\":[{\"name\":\"52:54:00:1f:8a:02\",\"rx_bytes_per_second\":"));
  g_assert_true (g_str_has_suffix (lines[0], "}"));
  g_assert_nonnull (strstr (lines[1], "\"name\":\"win10-gaming\",\"uuid\":\"6f3a1c52-9e47-4b8d-a1f2-3c5d7e9b0a14\","
                                      "\"state\":\"shutoff\"}"));
  g_assert_null (strstr (out, "ubuntu-dev"));
}

static void
test_several_connections (void)
{
  const char *argv[] = { "monitor", "--demo", "--connect", "test:///default", "--count", "1", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_auto(GStrv) lines = NULL;
  guint demo = 0, other = 0;

  g_assert_cmpint (pit_test_run_cli (argv, &out, &err), ==, 0);
  g_assert_cmpstr (err, ==, "");
  lines = lines_of (out);

  /* each line says which connection; libvirt's default test host runs "test" */
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (g_str_has_prefix (lines[i], "test:///default test: Running  CPU "))
        other++;
      else if (g_str_has_prefix (lines[i], "test:///") && strstr (lines[i], "/host.xml fedora-server: Running"))
        demo++;
    }
  g_assert_cmpuint (g_strv_length (lines), ==, 3);
  g_assert_cmpuint (demo, ==, 1);
  g_assert_cmpuint (other, ==, 1);
}

static void
assert_bad_input (const char *const *argv,
                  const char         *expected)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (pit_test_run_cli (argv, &out, &err), ==, 1);
  g_assert_cmpstr (out, ==, "");
  g_assert_true (g_str_has_prefix (err, "pitstop-cli: "));
  g_assert_cmpuint (strchr (err, '\n') - err, ==, strlen (err) - 1); /* one line */
  if (strstr (err, expected) == NULL)
    g_error ("“%s” does not say “%s”", err, expected);
}

static void
test_bad_input (void)
{
  const char *zero[] = { "monitor", "--demo", "--interval", "0", NULL };
  const char *eleven[] = { "monitor", "--demo", "--interval", "11", NULL };
  const char *not_number[] = { "monitor", "--demo", "--interval", "fast", NULL };
  const char *unknown[] = { "monitor", "--demo", "--domain", "no-such-vm", "--count", "1", NULL };
  const char *negative[] = { "monitor", "--demo", "--count", "-1", NULL };
  const char *connection[] = { "monitor", "--connect", "test:///nonexistent/nothing-here.xml", "--count", "1", NULL };

  assert_bad_input (zero, "between 1 and 10 seconds");
  assert_bad_input (eleven, "between 1 and 10 seconds");
  assert_bad_input (not_number, "fast");
  assert_bad_input (unknown, "no-such-vm");
  assert_bad_input (negative, "-1");
  assert_bad_input (connection, "nothing-here.xml");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/monitor/text-count", test_text_count);
  g_test_add_func ("/cli/monitor/json", test_json);
  g_test_add_func ("/cli/monitor/several-connections", test_several_connections);
  g_test_add_func ("/cli/monitor/bad-input", test_bad_input);

  return g_test_run ();
}
