/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include "pit-error.h"
#include "pit-monitor-recording.h"
#include "pit-monitor-rates.h"
#include "pit-monitor-series.h"
#include "pit-ring-buffer.h"
#include "pit-test-support.h"

/* Rate maths on recorded sequences (tests/fixtures/monitor/), no libvirt. */

#define assert_near(a, b) g_assert_cmpfloat_with_epsilon ((a), (b), 1e-6 * MAX (1.0, fabs ((double) (b))))

static PitMonitorRecording *
load (const char *name)
{
  g_autofree char *path = pit_test_fixture_path ("monitor", name, NULL);
  g_autoptr(GError) error = NULL;
  PitMonitorRecording *recording = pit_monitor_recording_load (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (recording);
  return recording;
}

/* the figures of @domain between tick - 1 and tick */
static PitMonitorRates *
rates_at (PitMonitorRecording *recording,
          const char          *domain,
          guint                tick)
{
  const PitMonitorSample *current = pit_monitor_recording_get_sample (recording, tick, domain);
  const PitMonitorSample *previous = tick > 0 ? pit_monitor_recording_get_sample (recording, tick - 1, domain) : NULL;

  g_assert_nonnull (current);
  return pit_monitor_rates_compute (previous, current, pit_monitor_recording_get_host_cpus (recording));
}

/* What no user may ever see: a negative rate or more than 100 %. */
static void
assert_sane (const PitMonitorRates *rates)
{
  const double figures[] = {
    rates->cpu_percent, rates->cpu_host_percent, rates->vcpu_wait_percent, rates->vcpu_delay_percent,
    rates->disk_read_bytes_per_second, rates->disk_write_bytes_per_second, rates->disk_read_iops,
    rates->disk_write_iops, rates->disk_latency_ms, rates->net_rx_bytes_per_second,
    rates->net_tx_bytes_per_second, rates->net_rx_drops_per_second, rates->net_tx_drops_per_second,
  };

  for (guint i = 0; i < G_N_ELEMENTS (figures); i++)
    g_assert_false (figures[i] < 0);
  g_assert_false (rates->cpu_percent > 100);
  g_assert_false (rates->cpu_host_percent > 100);
  for (guint i = 0; i < rates->disks->len; i++)
    {
      PitMonitorDiskRates *disk = &g_array_index (rates->disks, PitMonitorDiskRates, i);

      g_assert_false (disk->read_bytes_per_second < 0 || disk->write_bytes_per_second < 0);
      /* nothing in these recordings moves faster than 10 MB/s */
      g_assert_false (disk->read_bytes_per_second > 1e7 || disk->write_bytes_per_second > 1e7);
    }
  for (guint i = 0; i < rates->nics->len; i++)
    {
      PitMonitorNicRates *nic = &g_array_index (rates->nics, PitMonitorNicRates, i);

      g_assert_false (nic->rx_bytes_per_second < 0 || nic->tx_bytes_per_second < 0);
      g_assert_false (nic->rx_bytes_per_second > 1e7 || nic->tx_bytes_per_second > 1e7);
    }
}

static void
test_steady (void)
{
  g_autoptr(PitMonitorRecording) recording = load ("steady.domstats");
  g_autoptr(PitMonitorRates) first = rates_at (recording, "db", 0);
  g_autoptr(PitMonitorRates) rates = rates_at (recording, "db", 1);
  g_autoptr(PitMonitorRates) later = rates_at (recording, "db", 2);
  PitMonitorVcpuRates *vcpu;
  PitMonitorDiskRates *vda;

  g_assert_cmpuint (pit_monitor_recording_get_n_ticks (recording), ==, 3);

  /* a first sample: memory is known, rates are not */
  g_assert_true (isnan (first->seconds));
  g_assert_true (isnan (first->cpu_percent));
  g_assert_true (isnan (first->disk_read_bytes_per_second));
  assert_near (first->memory_current, 4.0 * 1024 * 1024 * 1024);

  /* 1.5 s of CPU in 1 s on 2 vCPUs, of 8 host CPUs */
  assert_near (rates->seconds, 1.0);
  g_assert_cmpuint (rates->vcpus, ==, 2);
  assert_near (rates->cpu_percent, 75.0);
  assert_near (rates->cpu_host_percent, 18.75);
  g_assert_cmpuint (rates->per_vcpu->len, ==, 2);
  vcpu = &g_array_index (rates->per_vcpu, PitMonitorVcpuRates, 0);
  assert_near (vcpu->percent, 70.0);
  assert_near (vcpu->delay_percent, 5.0);
  assert_near (vcpu->wait_percent, 1.0);
  assert_near (rates->vcpu_delay_percent, 10.0);  /* 5 % and 15 % */
  assert_near (rates->vcpu_wait_percent, 2.0);

  /* guest memory: available − unused − caches */
  assert_near (rates->memory_used, (4030000.0 - 1048576 - 1000000) * 1024);
  assert_near (rates->memory_rss, 4300000.0 * 1024);

  /* vda: 200 reads (800 KiB) taking 100 ms, 100 writes taking 200 ms */
  g_assert_cmpuint (rates->disks->len, ==, 2);
  vda = &g_array_index (rates->disks, PitMonitorDiskRates, 0);
  g_assert_cmpstr (vda->name, ==, "vda");
  assert_near (vda->read_bytes_per_second, 819200);
  assert_near (vda->read_iops, 200);
  assert_near (vda->write_iops, 100);
  assert_near (vda->read_latency_ms, 0.5);
  assert_near (vda->write_latency_ms, 2.0);
  assert_near (rates->disk_read_bytes_per_second, 819200);  /* the idle CD-ROM adds nothing */
  assert_near (rates->disk_write_bytes_per_second, 409600);
  assert_near (rates->disk_latency_ms, 1.0);

  assert_near (rates->net_rx_bytes_per_second, 1250000);
  assert_near (rates->net_tx_bytes_per_second, 250000);
  assert_near (rates->net_rx_drops_per_second, 3);
  assert_near (rates->net_tx_drops_per_second, 0);

  /* 1.5 s later: the interval is taken into account; idle disks have no latency */
  assert_near (later->seconds, 1.5);
  assert_near (later->cpu_percent, 50.0);
  assert_near (g_array_index (later->per_vcpu, PitMonitorVcpuRates, 1).percent, 40.0);
  assert_near (later->vcpu_delay_percent, 0.0);
  assert_near (later->disk_read_bytes_per_second, 0.0);
  g_assert_true (isnan (later->disk_latency_ms));

  assert_near (pit_monitor_series_get_value (PIT_MONITOR_SERIES_DISK_IOPS, rates), 300);
  assert_near (pit_monitor_series_get_value (PIT_MONITOR_SERIES_CPU_HOST, rates), 18.75);
}

static void
test_guest_restart (void)
{
  g_autoptr(PitMonitorRecording) recording = load ("guest-restart.domstats");

  for (guint tick = 1; tick < pit_monitor_recording_get_n_ticks (recording); tick++)
    {
      g_autoptr(PitMonitorRates) rates = rates_at (recording, "win11", tick);

      assert_sane (rates);
      if (tick == 2)
        {
          /* restarted: no figure rather than a negative or a huge one */
          g_assert_true (pit_monitor_rates_is_reset (pit_monitor_recording_get_sample (recording, 1, "win11"),
                                                     pit_monitor_recording_get_sample (recording, 2, "win11")));
          g_assert_true (isnan (rates->cpu_percent));
          g_assert_true (isnan (rates->disk_read_bytes_per_second));
          g_assert_true (isnan (rates->net_rx_bytes_per_second));
          assert_near (rates->memory_current, 8.0 * 1024 * 1024 * 1024);
        }
      else
        {
          assert_near (rates->cpu_percent, 50.0);
          assert_near (rates->cpu_host_percent, 12.5);
          assert_near (rates->disk_read_bytes_per_second, 1000000);
        }
    }
  {
    g_autoptr(PitMonitorRates) after = rates_at (recording, "win11", 3);

    assert_near (after->net_rx_bytes_per_second, 100000);
  }
}

static void
test_disk_unplug (void)
{
  g_autoptr(PitMonitorRecording) recording = load ("disk-unplug.domstats");
  /* vda 1 MB/s, vdb 2 MB/s; vda is unplugged at 2 (vdb becomes block.0)
   * and plugged again at 3 with fresh counters */
  const double expected[] = { NAN, 3e6, 2e6, 2e6, 3e6 };

  g_assert_cmpuint (pit_monitor_recording_get_n_ticks (recording), ==, G_N_ELEMENTS (expected));
  for (guint tick = 1; tick < G_N_ELEMENTS (expected); tick++)
    {
      g_autoptr(PitMonitorRates) rates = rates_at (recording, "files", tick);

      assert_sane (rates);
      assert_near (rates->disk_read_bytes_per_second, expected[tick]);
      assert_near (rates->disk_write_bytes_per_second, expected[tick] / 2);
    }
  {
    g_autoptr(PitMonitorRates) rates = rates_at (recording, "files", 3);
    PitMonitorDiskRates *vda = &g_array_index (rates->disks, PitMonitorDiskRates, 1);

    /* the re-plugged disk is listed, without a figure until it has two samples */
    g_assert_cmpuint (rates->disks->len, ==, 2);
    g_assert_cmpstr (vda->name, ==, "vda");
    g_assert_true (isnan (vda->read_bytes_per_second));
  }
}

static void
test_nic_added (void)
{
  g_autoptr(PitMonitorRecording) recording = load ("nic-added.domstats");
  g_autoptr(PitMonitorRates) before = rates_at (recording, "router", 1);
  g_autoptr(PitMonitorRates) added = rates_at (recording, "router", 2);
  g_autoptr(PitMonitorRates) after = rates_at (recording, "router", 3);

  assert_sane (before);
  assert_sane (added);
  assert_sane (after);
  assert_near (before->net_rx_bytes_per_second, 2e6);
  /* vnet7 arrives with 90 GB on its counters: not a 90 GB/s spike */
  g_assert_cmpuint (added->nics->len, ==, 2);
  assert_near (added->net_rx_bytes_per_second, 2e6);
  assert_near (added->net_tx_bytes_per_second, 5e5);
  assert_near (after->net_rx_bytes_per_second, 3e6);
  assert_near (after->net_tx_bytes_per_second, 6e5);
  assert_near (after->net_tx_drops_per_second, 2);
  /* one vCPU busy a quarter of the time */
  assert_near (after->cpu_percent, 25.0);
}

/* recorded from a real QEMU guest through libvirt 9.0 (the bulk path) */
static void
test_qemu_recorded (void)
{
  g_autoptr(PitMonitorRecording) recording = load ("qemu-tcg.domstats");
  g_autoptr(PitMonitorRates) rates = rates_at (recording, "pitstop-it-monitor", 1);

  g_assert_cmpuint (pit_monitor_recording_get_n_ticks (recording), ==, 4);
  for (guint tick = 1; tick < 4; tick++)
    {
      g_autoptr(PitMonitorRates) each = rates_at (recording, "pitstop-it-monitor", tick);

      assert_sane (each);
      g_assert_cmpfloat (each->cpu_percent, >, 0);
    }

  /* 20 ms of CPU in 1.03 s on 2 vCPUs (and 2 host CPUs) */
  assert_near (rates->seconds, 1.03);
  assert_near (rates->cpu_percent, 0.9708737864);
  assert_near (rates->cpu_host_percent, 0.9708737864);
  /* QEMU reports how long vCPUs waited for a host CPU */
  assert_near (rates->vcpu_delay_percent, 0.0457066019);
  assert_near (rates->vcpu_wait_percent, 0.0);
  /* no OS, so no balloon driver: used memory is what the host spends */
  g_assert_true (isnan (rates->memory_unused));
  assert_near (rates->memory_used, 45684.0 * 1024);
  assert_near (rates->memory_current, 128.0 * 1024 * 1024);
  /* an idle disk has no latency, an idle NIC moves nothing */
  assert_near (rates->disk_read_bytes_per_second, 0);
  g_assert_true (isnan (rates->disk_latency_ms));
  assert_near (rates->net_rx_bytes_per_second, 0);
  g_assert_cmpstr (g_array_index (rates->nics, PitMonitorNicRates, 0).name, ==, "vnet0");
}

static void
test_recording_errors (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PitMonitorRecording) no_tick = pit_monitor_recording_parse ("Domain: 'x'\n  cpu.time=1\n", &error);
  g_autoptr(PitMonitorRecording) empty = NULL;

  g_assert_null (no_tick);
  g_assert_error (error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  g_assert_null (pit_monitor_recording_parse ("# time=0\nDomain: 'x'\n  no equals sign\n", &error));
  g_assert_error (error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "3"));
  g_clear_error (&error);

  empty = pit_monitor_recording_parse ("# nothing\n", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pit_monitor_recording_get_n_ticks (empty), ==, 0);
}

static void
test_ring_buffer (void)
{
  g_autoptr(PitRingBuffer) ring = pit_ring_buffer_new (3);
  double out[5] = { 0 };
  double min, max;

  g_assert_cmpuint (pit_ring_buffer_get_length (ring), ==, 0);
  g_assert_true (isnan (pit_ring_buffer_get_latest (ring)));
  g_assert_false (pit_ring_buffer_get_range (ring, &min, &max));

  for (int i = 1; i <= 5; i++)
    pit_ring_buffer_push (ring, i);

  /* full: the oldest two are gone */
  g_assert_cmpuint (pit_ring_buffer_get_length (ring), ==, 3);
  g_assert_cmpuint (pit_ring_buffer_get_capacity (ring), ==, 3);
  g_assert_cmpfloat (pit_ring_buffer_get (ring, 0), ==, 3);
  g_assert_cmpfloat (pit_ring_buffer_get (ring, 2), ==, 5);
  g_assert_true (isnan (pit_ring_buffer_get (ring, 3)));
  g_assert_cmpfloat (pit_ring_buffer_get_latest (ring), ==, 5);

  g_assert_cmpuint (pit_ring_buffer_copy_latest (ring, out, 2), ==, 2);
  g_assert_cmpfloat (out[0], ==, 4);
  g_assert_cmpfloat (out[1], ==, 5);
  g_assert_cmpuint (pit_ring_buffer_copy_latest (ring, out, 5), ==, 3);
  g_assert_cmpfloat (out[0], ==, 3);

  /* gaps do not count for the range */
  pit_ring_buffer_push (ring, NAN);
  g_assert_true (pit_ring_buffer_get_range (ring, &min, &max));
  g_assert_cmpfloat (min, ==, 4);
  g_assert_cmpfloat (max, ==, 5);

  /* wrap around many times */
  for (int i = 0; i < 1000; i++)
    pit_ring_buffer_push (ring, i);
  g_assert_cmpfloat (pit_ring_buffer_get (ring, 0), ==, 997);
  g_assert_cmpfloat (pit_ring_buffer_get_latest (ring), ==, 999);

  pit_ring_buffer_clear (ring);
  g_assert_cmpuint (pit_ring_buffer_get_length (ring), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/monitor/rates/steady", test_steady);
  g_test_add_func ("/monitor/rates/guest-restart", test_guest_restart);
  g_test_add_func ("/monitor/rates/disk-unplug", test_disk_unplug);
  g_test_add_func ("/monitor/rates/nic-added", test_nic_added);
  g_test_add_func ("/monitor/rates/qemu-recorded", test_qemu_recorded);
  g_test_add_func ("/monitor/recording/errors", test_recording_errors);
  g_test_add_func ("/monitor/ring-buffer", test_ring_buffer);

  return g_test_run ();
}
