/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-test"

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "pit-measurement-compare.h"
#include "pit-measurement-recorder.h"
#include "pit-measurement-store.h"
#include "pit-monitor-recording.h"
#include "pit-error.h"
#include "pit-test-support.h"

/* Measurements: figures recorded before and after tuning (replayed from
 * tests/fixtures/advisor/measure/), their comparison, the store, and a
 * recording on the demo host. */

#define WIN10_UUID "6f3a1c52-9e47-4b8d-a1f2-3c5d7e9b0a14"

static char *data_home;

/* Replays a recording through the monitor's own rate maths. */
static PitMeasurement *
measure_recording (const char *name,
                   gint64      started_us)
{
  g_autofree char *path = pit_test_fixture_path ("advisor", "measure", name, NULL);
  g_autoptr(PitMonitorRecording) recording = NULL;
  g_autoptr(GError) error = NULL;
  PitMeasurement *measurement = pit_measurement_new (WIN10_UUID, "win10-gaming", started_us);

  recording = pit_monitor_recording_load (path, &error);
  g_assert_no_error (error);
  for (guint tick = 1; tick < pit_monitor_recording_get_n_ticks (recording); tick++)
    {
      g_autoptr(PitMonitorRates) rates = NULL;

      rates = pit_monitor_rates_compute (pit_monitor_recording_get_sample (recording, tick - 1, "win10-gaming"),
                                         pit_monitor_recording_get_sample (recording, tick, "win10-gaming"),
                                         pit_monitor_recording_get_host_cpus (recording));
      pit_measurement_add_rates (measurement, rates);
    }
  measurement->seconds = pit_monitor_recording_get_n_ticks (recording) - 1;
  return measurement;
}

static const PitMeasureDifference *
find (GArray           *diffs,
      PitMeasureFigure  figure)
{
  for (guint i = 0; i < diffs->len; i++)
    if (g_array_index (diffs, PitMeasureDifference, i).figure == figure)
      return &g_array_index (diffs, PitMeasureDifference, i);
  g_assert_not_reached ();
}

static void
test_recorded_figures (void)
{
  g_autoptr(PitMeasurement) before = measure_recording ("before.domstats", 1000 * G_USEC_PER_SEC);

  /* 4 intervals of 1 s; the rates the recording was written with */
  g_assert_cmpuint (before->samples, ==, 4);
  g_assert_cmpfloat_with_epsilon (before->figures[PIT_MEASURE_VCPU_STEAL].mean, 20.0, 0.01);
  g_assert_cmpfloat_with_epsilon (before->figures[PIT_MEASURE_VCPU_WAIT].mean, 5.0, 0.01);
  g_assert_cmpfloat_with_epsilon (before->figures[PIT_MEASURE_DISK_LATENCY].mean, 12.0, 0.01);
  g_assert_cmpfloat_with_epsilon (before->figures[PIT_MEASURE_DISK_READ].mean, 30e6, 1);
  g_assert_cmpfloat_with_epsilon (before->figures[PIT_MEASURE_DISK_IOPS].mean, 300, 0.01);
  g_assert_cmpfloat_with_epsilon (before->figures[PIT_MEASURE_NET_RX].mean, 5e6, 1);
  g_assert_cmpuint (before->figures[PIT_MEASURE_DISK_LATENCY].samples, ==, 4);
}

/* After tuning: less waiting, faster disk, more traffic; CPU use is no verdict. */
static void
test_compare (void)
{
  g_autoptr(PitMeasurement) before = measure_recording ("before.domstats", 1000 * G_USEC_PER_SEC);
  g_autoptr(PitMeasurement) after = measure_recording ("after.domstats", 2000 * G_USEC_PER_SEC);
  g_autoptr(GArray) diffs = pit_measurement_compare (before, after);
  const PitMeasureDifference *steal = find (diffs, PIT_MEASURE_VCPU_STEAL);
  const PitMeasureDifference *latency = find (diffs, PIT_MEASURE_DISK_LATENCY);
  const PitMeasureDifference *read = find (diffs, PIT_MEASURE_DISK_READ);
  const PitMeasureDifference *write = find (diffs, PIT_MEASURE_DISK_WRITE);
  const PitMeasureDifference *cpu = find (diffs, PIT_MEASURE_CPU);
  const PitMeasureDifference *tx = find (diffs, PIT_MEASURE_NET_TX);

  g_assert_cmpuint (diffs->len, ==, PIT_MEASURE_N_FIGURES);
  g_assert_cmpint (steal->change, ==, PIT_MEASURE_CHANGE_BETTER);
  g_assert_cmpfloat_with_epsilon (steal->difference, -19.0, 0.01);
  g_assert_cmpfloat_with_epsilon (steal->percent, -95.0, 0.01);
  g_assert_cmpint (latency->change, ==, PIT_MEASURE_CHANGE_BETTER);
  g_assert_cmpfloat_with_epsilon (latency->after, 0.4, 0.001);
  g_assert_cmpint (read->change, ==, PIT_MEASURE_CHANGE_BETTER);
  g_assert_cmpfloat_with_epsilon (read->percent, 300.0, 0.01);
  /* 2.0 → 2.05 MB/s: within 5 % */
  g_assert_cmpint (write->change, ==, PIT_MEASURE_CHANGE_SAME);
  g_assert_cmpint (tx->change, ==, PIT_MEASURE_CHANGE_SAME);
  /* 47.5 → 42.5 % of the vCPUs: moved, but lower is not better by itself */
  g_assert_cmpint (cpu->change, ==, PIT_MEASURE_CHANGE_CHANGED);

  /* the other way round, everything that got better got worse */
  {
    g_autoptr(GArray) back = pit_measurement_compare (after, before);

    g_assert_cmpint (find (back, PIT_MEASURE_VCPU_STEAL)->change, ==, PIT_MEASURE_CHANGE_WORSE);
    g_assert_cmpint (find (back, PIT_MEASURE_DISK_READ)->change, ==, PIT_MEASURE_CHANGE_WORSE);
  }
}

/* A figure one side never had is unknown, not a change from zero. */
static void
test_compare_unknown (void)
{
  g_autoptr(PitMeasurement) before = pit_measurement_new (WIN10_UUID, "win10-gaming", 1);
  g_autoptr(PitMeasurement) after = pit_measurement_new (WIN10_UUID, "win10-gaming", 2);
  g_autoptr(GArray) diffs = NULL;

  pit_measurement_add_value (after, PIT_MEASURE_DISK_LATENCY, 0.5);
  pit_measurement_add_value (before, PIT_MEASURE_NET_RX, 0);
  pit_measurement_add_value (after, PIT_MEASURE_NET_RX, 500);
  pit_measurement_add_value (before, PIT_MEASURE_NET_TX, 0);
  pit_measurement_add_value (after, PIT_MEASURE_NET_TX, 5e6);
  diffs = pit_measurement_compare (before, after);

  g_assert_cmpint (find (diffs, PIT_MEASURE_DISK_LATENCY)->change, ==, PIT_MEASURE_CHANGE_UNKNOWN);
  g_assert_true (isnan (find (diffs, PIT_MEASURE_DISK_LATENCY)->difference));
  /* 0 → 500 B/s: below the noise floor; 0 → 5 MB/s: no percentage, but better */
  g_assert_cmpint (find (diffs, PIT_MEASURE_NET_RX)->change, ==, PIT_MEASURE_CHANGE_SAME);
  g_assert_cmpint (find (diffs, PIT_MEASURE_NET_TX)->change, ==, PIT_MEASURE_CHANGE_BETTER);
  g_assert_true (isnan (find (diffs, PIT_MEASURE_NET_TX)->percent));
}

static void
test_json_round_trip (void)
{
  g_autoptr(PitMeasurement) before = measure_recording ("before.domstats", 1795599507502050);
  g_autoptr(PitMeasurement) copy = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;

  before->label = g_strdup ("before “tuning”\n");
  json = pit_measurement_to_json (before);
  copy = pit_measurement_new_from_json (json, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (copy->uuid, ==, WIN10_UUID);
  g_assert_cmpstr (copy->name, ==, "win10-gaming");
  g_assert_cmpstr (copy->label, ==, "before “tuning”\n");
  g_assert_cmpint (copy->started_us, ==, 1795599507502050);
  g_assert_cmpuint (copy->samples, ==, 4);
  for (guint i = 0; i < PIT_MEASURE_N_FIGURES; i++)
    {
      g_assert_cmpuint (copy->figures[i].samples, ==, before->figures[i].samples);
      g_assert_cmpfloat_with_epsilon (copy->figures[i].mean, before->figures[i].mean, 0.001);
      g_assert_cmpfloat_with_epsilon (copy->figures[i].max, before->figures[i].max, 0.001);
    }
}

static void
test_json_bad (void)
{
  static const char * const bad[] = {
    "", "{", "[]", "{\"version\":1}", "{\"version\":2,\"uuid\":\"a\",\"name\":\"b\",\"started_us\":1,\"figures\":{}}",
    "{\"version\":1,\"uuid\":\"a\",\"name\":\"b\",\"started_us\":1,\"figures\":{}} x", "{\"a\":\"\\u12\"}",
    "{\"a\":01e}", "{\"a\":[1,2,]}", "nul", "{\"a\":\"\x01\"}",
    "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
    NULL
  };

  for (guint i = 0; bad[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(PitMeasurement) m = pit_measurement_new_from_json (bad[i], &error);

      g_test_message ("%s", bad[i]);
      g_assert_null (m);
      g_assert_error (error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT);
    }
}

static void
test_store (void)
{
  g_autoptr(PitMeasurement) first = pit_measurement_new (WIN10_UUID, "win10-gaming", 1795599000000000);
  g_autoptr(PitMeasurement) second = pit_measurement_new (WIN10_UUID, "win10-gaming", 1795599600000000);
  g_autoptr(PitMeasurement) same_second = pit_measurement_new (WIN10_UUID, "win10-gaming", 1795599600400000);
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = pit_measurement_store_get_dir (WIN10_UUID);
  g_autofree char *path1 = NULL, *path2 = NULL, *path3 = NULL;
  g_autofree char *junk = NULL;

  /* in the user's data folder, by VM */
  g_assert_true (g_str_has_prefix (dir, data_home));
  g_assert_true (g_str_has_suffix (dir, "/pitstop/measurements/" WIN10_UUID));
  g_assert_null (pit_measurement_store_get_dir ("../../etc"));

  all = pit_measurement_store_list (WIN10_UUID, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 0);
  g_clear_pointer (&all, g_ptr_array_unref);

  /* saved out of order, listed oldest first */
  g_assert_true (pit_measurement_store_save (second, &path2, &error));
  g_assert_true (pit_measurement_store_save (first, &path1, &error));
  g_assert_true (pit_measurement_store_save (same_second, &path3, &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_suffix (path1, "/20261125T093000Z.json"));
  g_assert_cmpstr (path2, !=, path3);
  /* a broken file does not hide the others */
  junk = g_build_filename (dir, "20261125T100000Z.json", NULL);
  g_assert_true (g_file_set_contents (junk, "{ broken", -1, NULL));

  all = pit_measurement_store_list (WIN10_UUID, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 3);
  g_assert_cmpint (((PitMeasurement *) g_ptr_array_index (all, 0))->started_us, ==, first->started_us);
  g_assert_cmpint (((PitMeasurement *) g_ptr_array_index (all, 2))->started_us, ==, same_second->started_us);

  /* not a UUID: refused */
  {
    g_autoptr(PitMeasurement) odd = pit_measurement_new ("../x", "x", 1);

    g_assert_false (pit_measurement_store_save (odd, NULL, &error));
    g_assert_error (error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT);
  }
}

typedef struct
{
  PitMeasurement *measurement;
  GError *error;
  gboolean done;
} Result;

static void
recorded_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Result *out = user_data;

  out->measurement = pit_measurement_record_finish (result, &out->error);
  out->done = TRUE;
}

static gboolean
is_done (gpointer user_data)
{
  return ((Result *) user_data)->done;
}

static void
result_clear (Result *result)
{
  g_clear_pointer (&result->measurement, pit_measurement_unref);
  g_clear_error (&result->error);
  result->done = FALSE;
}

/* Two seconds of the demo's running fedora-server. */
static void
test_record_demo (void)
{
  g_autoptr(PitConnection) connection = pit_test_open_demo ();
  g_autoptr(PitMonitor) monitor = pit_monitor_new (connection);
  Result result = { 0 };
  PitMeasurement *m;

  pit_measurement_record_async (monitor, "fedora-server", 2, NULL, recorded_cb, &result);
  g_assert_cmpuint (pit_monitor_get_viewers (monitor), ==, 1);
  g_assert_true (pit_test_wait_for (is_done, &result, 10000));
  g_assert_no_error (result.error);
  m = result.measurement;
  g_assert_cmpstr (m->name, ==, "fedora-server");
  g_assert_cmpstr (m->uuid, ==, "2b8e4d10-5c6f-4a3e-9b7d-8e1f0a2c4d6b");
  g_assert_cmpuint (m->samples, >=, 1);
  g_assert_cmpfloat (m->seconds, >=, 2.0);
  g_assert_cmpfloat (m->figures[PIT_MEASURE_CPU].mean, >, 0);
  g_assert_cmpfloat (m->figures[PIT_MEASURE_DISK_READ].mean, >, 0);
  /* the hold is given back */
  g_assert_cmpuint (pit_monitor_get_viewers (monitor), ==, 0);
  result_clear (&result);
}

static void
test_record_errors (void)
{
  g_autoptr(PitConnection) connection = pit_test_open_demo ();
  g_autoptr(PitMonitor) monitor = pit_monitor_new (connection);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Result result = { 0 };

  pit_measurement_record_async (monitor, "win10-gaming", 2, NULL, recorded_cb, &result);
  g_assert_true (pit_test_wait_for (is_done, &result, 5000));
  g_assert_error (result.error, PIT_ERROR, PIT_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (result.error->message, "win10-gaming"));
  result_clear (&result);

  pit_measurement_record_async (monitor, "no-such-vm", 2, NULL, recorded_cb, &result);
  g_assert_true (pit_test_wait_for (is_done, &result, 5000));
  g_assert_error (result.error, PIT_ERROR, PIT_ERROR_NOT_FOUND);
  result_clear (&result);

  /* cancelled: an error soon, and the monitor is released */
  pit_measurement_record_async (monitor, "fedora-server", 60, cancellable, recorded_cb, &result);
  g_cancellable_cancel (cancellable);
  g_assert_true (pit_test_wait_for (is_done, &result, 5000));
  g_assert_error (result.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (result.measurement);
  g_assert_cmpuint (pit_monitor_get_viewers (monitor), ==, 0);
  result_clear (&result);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  int ret;

  /* before GLib reads it */
  data_home = g_dir_make_tmp ("pitstop-measure-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/advisor/measure/recorded-figures", test_recorded_figures);
  g_test_add_func ("/advisor/measure/compare", test_compare);
  g_test_add_func ("/advisor/measure/compare-unknown", test_compare_unknown);
  g_test_add_func ("/advisor/measure/json-round-trip", test_json_round_trip);
  g_test_add_func ("/advisor/measure/json-bad", test_json_bad);
  g_test_add_func ("/advisor/measure/store", test_store);
  g_test_add_func ("/advisor/measure/record-demo", test_record_demo);
  g_test_add_func ("/advisor/measure/record-errors", test_record_errors);

  ret = g_test_run ();

  /* scratch: remove what the tests wrote */
  {
    g_autoptr(GSubprocess) rm = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, NULL, "rm", "-rf", "--", data_home, NULL);

    if (rm != NULL)
      g_subprocess_wait (rm, NULL, NULL);
  }
  g_free (data_home);
  return ret;
}
