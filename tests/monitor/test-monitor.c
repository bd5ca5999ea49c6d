/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include "pit-monitor-fetch.h"
#include "pit-monitor-group.h"
#include "pit-monitor.h"
#include "pit-test-support.h"

/* The sampler on the demo host (libvirt's test driver: its bulk call only
 * tells the state, so this is the per-domain fallback path). */

#define WAIT_MS 15000  /* generous: ticks are 1 s apart */

typedef struct
{
  PitDomainMonitor *domain;
  guint n_samples;
} SamplesWait;

static gboolean
has_samples (gpointer user_data)
{
  SamplesWait *wait = user_data;

  return pit_domain_monitor_get_n_samples (wait->domain) >= wait->n_samples;
}

static void
wait_for_samples (PitDomainMonitor *domain,
                  guint             n_samples)
{
  SamplesWait wait = { domain, n_samples };

  g_assert_true (pit_test_wait_for (has_samples, &wait, WAIT_MS));
}

typedef struct
{
  PitMonitor *monitor;
  guint ticks;
} TicksWait;

static gboolean
has_ticks (gpointer user_data)
{
  TicksWait *wait = user_data;

  return pit_monitor_get_ticks (wait->monitor) >= wait->ticks;
}

static gboolean
wait_for_ticks (PitMonitor *monitor,
                guint       ticks,
                guint       timeout_ms)
{
  TicksWait wait = { monitor, ticks };

  return pit_test_wait_for (has_ticks, &wait, timeout_ms);
}

static void
test_demo_fallback (void)
{
  g_autoptr(PitConnection) connection = pit_test_open_demo ();
  g_autoptr(PitMonitor) monitor = pit_monitor_new (connection);
  PitDomainMonitor *fedora = pit_monitor_find_domain (monitor, "fedora-server");
  PitDomainMonitor *win10 = pit_monitor_find_domain (monitor, "win10-gaming");
  PitRingBuffer *cpu, *disk, *times;
  PitMonitorRates *rates;
  guint ticks = 0;

  /* one domain monitor per domain, in the connection's order */
  g_assert_cmpuint (g_list_model_get_n_items (pit_monitor_get_domains (monitor)), ==, 3);
  g_assert_nonnull (fedora);
  g_assert_nonnull (win10);
  g_assert_null (pit_monitor_find_domain (monitor, "no-such-vm"));
  g_signal_connect_swapped (monitor, "tick", G_CALLBACK (g_atomic_int_inc), &ticks);

  pit_monitor_hold (monitor);
  wait_for_samples (fedora, 3);

  g_assert_true (pit_monitor_get_uses_fallback (monitor));
  g_assert_cmpuint (pit_monitor_get_host_cpus (monitor), ==, 8);  /* 4 cores × 2 threads */
  /* one signal per tick; each tick gave the running domain a sample (the
   * first has no rates yet, so one more than the history holds) */
  g_assert_cmpuint (ticks, >=, 3);
  g_assert_cmpuint (ticks, ==, pit_monitor_get_ticks (monitor));
  g_assert_cmpuint (pit_domain_monitor_get_n_updates (fedora), ==, ticks);
  g_assert_cmpuint (pit_domain_monitor_get_n_updates (fedora), ==, pit_domain_monitor_get_n_samples (fedora) + 1);
  /* shut off: no samples */
  g_assert_cmpuint (pit_domain_monitor_get_n_updates (win10), ==, 0);

  /* the test driver's counters grow: every figure moves */
  rates = pit_domain_monitor_get_rates (fedora);
  g_assert_nonnull (rates);
  g_assert_cmpuint (rates->vcpus, ==, 4);
  g_assert_cmpfloat (rates->cpu_percent, >, 0);
  g_assert_cmpfloat (rates->cpu_percent, <=, 100);
  g_assert_cmpfloat (rates->cpu_host_percent, >, 0);
  g_assert_cmpfloat (rates->memory_current, ==, 4194304.0 * 1024);
  g_assert_cmpuint (rates->disks->len, ==, 1);
  g_assert_cmpstr (g_array_index (rates->disks, PitMonitorDiskRates, 0).name, ==, "vda");
  g_assert_cmpfloat (rates->disk_read_bytes_per_second, >, 0);
  g_assert_cmpfloat (rates->disk_write_iops, >, 0);
  g_assert_cmpuint (rates->nics->len, ==, 1);
  g_assert_cmpfloat (rates->net_rx_bytes_per_second, >, 0);
  g_assert_cmpfloat (rates->net_tx_bytes_per_second, >, 0);
  /* the fallback has no request times */
  g_assert_true (isnan (rates->disk_latency_ms));

  /* the histories a graph draws from, one entry per sample with figures */
  times = pit_domain_monitor_get_times (fedora);
  cpu = pit_domain_monitor_get_history (fedora, PIT_MONITOR_SERIES_CPU);
  disk = pit_domain_monitor_get_history (fedora, PIT_MONITOR_SERIES_DISK_READ);
  g_assert_cmpuint (pit_ring_buffer_get_length (cpu), ==, pit_domain_monitor_get_n_samples (fedora));
  g_assert_cmpuint (pit_ring_buffer_get_length (times), ==, pit_ring_buffer_get_length (cpu));
  g_assert_cmpuint (pit_ring_buffer_get_capacity (cpu), ==, PIT_MONITOR_DEFAULT_HISTORY);
  g_assert_cmpfloat (pit_ring_buffer_get (disk, 0), >, 0);
  g_assert_cmpfloat (pit_ring_buffer_get (times, 1), >, pit_ring_buffer_get (times, 0));
  g_assert_cmpfloat (fabs (pit_ring_buffer_get_latest (times) - g_get_real_time () / 1e6), <, 60);

  /* a window of the history sums up (the advisor's before/after measurement) */
  {
    double mean, max;

    g_assert_true (pit_domain_monitor_summarize (fedora, PIT_MONITOR_SERIES_NET_RX, 60, &mean, &max));
    g_assert_cmpfloat (mean, >, 0);
    g_assert_cmpfloat (max, >=, mean);
    g_assert_false (pit_domain_monitor_summarize (fedora, PIT_MONITOR_SERIES_DISK_LATENCY, 60, &mean, NULL));
    g_assert_true (isnan (mean));
    g_assert_false (pit_domain_monitor_summarize (win10, PIT_MONITOR_SERIES_CPU, 60, NULL, NULL));
  }

  /* a shut-off domain has no figures and no history */
  g_assert_cmpint (pit_domain_monitor_get_state (win10), ==, PIT_DOMAIN_STATE_SHUTOFF);
  g_assert_null (pit_domain_monitor_get_rates (win10));
  g_assert_null (pit_domain_monitor_get_times (win10));

  pit_monitor_release (monitor);
}

static const PitMonitorSample *
find_sample (PitMonitorFetch *fetch,
             const char      *name)
{
  for (guint i = 0; i < fetch->samples->len; i++)
    {
      const PitMonitorSample *sample = g_ptr_array_index (fetch->samples, i);

      if (g_strcmp0 (sample->name, name) == 0)
        return sample;
    }
  return NULL;
}

/* One tick's libvirt work, both ways: the bulk call (which the test driver
 * answers with the state only, so the per-domain calls fill in), and a
 * driver without the bulk call at all (old servers). */
static void
test_fetch_paths (void)
{
  g_autoptr(PitConnection) connection = pit_test_open_demo ();
  PitMonitorBulkSupport modes[] = { PIT_MONITOR_BULK_UNTRIED, PIT_MONITOR_BULK_UNSUPPORTED };

  for (guint m = 0; m < G_N_ELEMENTS (modes); m++)
    {
      g_autoptr(PitMonitorFetch) fetch = pit_monitor_fetch_new (pit_connection_get_handle (connection));
      g_autoptr(GError) error = NULL;
      PitDomain *domain = pit_connection_find_domain (connection, "fedora-server");
      const PitMonitorSample *fedora;
      const PitMonitorDiskSample *vda;

      g_hash_table_insert (fetch->summaries, g_strdup (pit_domain_get_uuid (domain)),
                           pit_domain_summary_ref (pit_domain_get_summary (domain)));
      fetch->bulk = modes[m];
      g_assert_true (pit_monitor_fetch_run (fetch, &error));
      g_assert_no_error (error);

      g_assert_cmpint (fetch->bulk, ==, modes[m] == PIT_MONITOR_BULK_UNTRIED ? PIT_MONITOR_BULK_WORKS
                                                                         : PIT_MONITOR_BULK_UNSUPPORTED);
      g_assert_cmpuint (fetch->host_cpus, ==, 8);
      /* the running and the paused domain, not the shut-off one */
      g_assert_cmpuint (fetch->samples->len, ==, 2);
      g_assert_cmpuint (fetch->n_fallback, ==, 2);
      g_assert_null (find_sample (fetch, "win10-gaming"));

      fedora = find_sample (fetch, "fedora-server");
      g_assert_nonnull (fedora);
      g_assert_cmpstr (fedora->uuid, ==, "2b8e4d10-5c6f-4a3e-9b7d-8e1f0a2c4d6b");
      g_assert_cmpint (fedora->source, ==, PIT_MONITOR_SOURCE_FALLBACK);
      g_assert_cmpuint (fedora->state, ==, PIT_DOMAIN_STATE_RUNNING);
      g_assert_cmpuint (fedora->cpu_time, !=, PIT_MONITOR_UNKNOWN);
      g_assert_cmpuint (fedora->vcpu_current, ==, 4);
      g_assert_cmpuint (fedora->vcpus->len, ==, 4);
      g_assert_cmpuint (fedora->balloon_current, ==, 4194304);
      /* devices named from the domain's XML: the disk target, the NIC's MAC */
      vda = pit_monitor_sample_find_disk (fedora, "vda");
      g_assert_nonnull (vda);
      g_assert_cmpuint (vda->rd_bytes, !=, PIT_MONITOR_UNKNOWN);
      g_assert_cmpuint (vda->rd_times, ==, PIT_MONITOR_UNKNOWN);
      g_assert_nonnull (pit_monitor_sample_find_nic (fedora, "52:54:00:1f:8a:02"));

      /* no summary for ubuntu-dev: read without its devices */
      g_assert_cmpuint (find_sample (fetch, "ubuntu-dev")->disks->len, ==, 0);
    }
}

static void
test_skip_not_queue (void)
{
  g_autoptr(PitConnection) connection = pit_test_open_demo ();
  g_autoptr(PitMonitor) monitor = pit_monitor_new (connection);

  /* no timer: only the first sample, started when the monitor was made */
  pit_monitor_set_idle_interval (monitor, 0);
  g_assert_false (pit_monitor_get_sampling (monitor));
  g_assert_cmpuint (pit_monitor_get_ticks (monitor), ==, 0);

  /* it still runs (its result is handled in this thread): skipped */
  g_assert_false (pit_monitor_sample_now (monitor));
  g_assert_false (pit_monitor_sample_now (monitor));
  g_assert_cmpuint (pit_monitor_get_skipped_ticks (monitor), ==, 2);

  g_assert_true (wait_for_ticks (monitor, 1, WAIT_MS));
  /* nothing was queued: no second tick comes */
  g_assert_false (wait_for_ticks (monitor, 2, 1500));
  g_assert_cmpuint (pit_monitor_get_ticks (monitor), ==, 1);

  g_assert_true (pit_monitor_sample_now (monitor));
  g_assert_true (wait_for_ticks (monitor, 2, WAIT_MS));
  g_assert_cmpuint (pit_monitor_get_skipped_ticks (monitor), ==, 2);
}

static gboolean
ring_has_gap (PitRingBuffer *ring)
{
  for (guint i = 0; i < pit_ring_buffer_get_length (ring); i++)
    if (isnan (pit_ring_buffer_get (ring, i)))
      return TRUE;
  return FALSE;
}

static void
test_connection_stopped (void)
{
  g_autoptr(PitConnection) connection = pit_test_open_demo ();
  g_autoptr(PitMonitor) monitor = pit_monitor_new (connection);
  PitDomainMonitor *fedora = pit_monitor_find_domain (monitor, "fedora-server");
  g_autoptr(GError) error = NULL;
  guint ticks, samples;

  pit_monitor_hold (monitor);
  g_assert_true (pit_monitor_get_sampling (monitor));
  wait_for_samples (fedora, 2);

  /* the connection goes away: sampling stops, the figures go, graphs get a gap */
  pit_connection_close (connection);
  g_assert_false (pit_monitor_get_sampling (monitor));
  g_assert_cmpuint (pit_monitor_get_effective_interval (monitor), ==, 0);
  g_assert_null (pit_domain_monitor_get_rates (fedora));
  g_assert_false (pit_monitor_sample_now (monitor));
  ticks = pit_monitor_get_ticks (monitor);
  samples = pit_domain_monitor_get_n_samples (fedora);
  g_assert_false (wait_for_ticks (monitor, ticks + 1, 2500));
  g_assert_cmpuint (pit_domain_monitor_get_n_samples (fedora), ==, samples);

  /* connected again: it resumes by itself */
  g_assert_true (pit_connection_open_sync (connection, &error));
  g_assert_no_error (error);
  g_assert_true (pit_monitor_get_sampling (monitor));
  wait_for_samples (fedora, samples + 1);
  g_assert_nonnull (pit_domain_monitor_get_rates (fedora));
  g_assert_true (ring_has_gap (pit_domain_monitor_get_history (fedora, PIT_MONITOR_SERIES_CPU)));

  pit_monitor_release (monitor);
}

static void
test_viewers_set_interval (void)
{
  g_autoptr(PitConnection) connection = pit_test_open_demo ();
  g_autoptr(PitMonitor) monitor = pit_monitor_new (connection);

  /* nobody shows the figures: slow */
  g_assert_cmpuint (pit_monitor_get_effective_interval (monitor), ==, PIT_MONITOR_MAX_INTERVAL);
  pit_monitor_hold (monitor);
  pit_monitor_hold (monitor);
  g_assert_cmpuint (pit_monitor_get_effective_interval (monitor), ==, 1);
  pit_monitor_set_interval (monitor, 5);
  g_assert_cmpuint (pit_monitor_get_effective_interval (monitor), ==, 5);
  pit_monitor_release (monitor);
  g_assert_cmpuint (pit_monitor_get_effective_interval (monitor), ==, 5);
  pit_monitor_release (monitor);
  g_assert_cmpuint (pit_monitor_get_effective_interval (monitor), ==, PIT_MONITOR_MAX_INTERVAL);

  /* or not at all */
  pit_monitor_set_idle_interval (monitor, 0);
  g_assert_false (pit_monitor_get_sampling (monitor));
  pit_monitor_hold (monitor);
  g_assert_true (pit_monitor_get_sampling (monitor));
  pit_monitor_release (monitor);
}

typedef struct
{
  PitDomainMonitor *domain;
  PitDomainState state;
} StateWait;

static gboolean
has_state (gpointer user_data)
{
  StateWait *wait = user_data;

  return pit_domain_monitor_get_state (wait->domain) == wait->state;
}

static void
test_lifecycle (void)
{
  g_autoptr(PitConnection) connection = pit_test_open_demo ();
  g_autoptr(PitMonitor) monitor = pit_monitor_new (connection);
  PitDomainMonitor *fedora = pit_monitor_find_domain (monitor, "fedora-server");
  StateWait wait = { fedora, PIT_DOMAIN_STATE_SHUTOFF };
  guint samples;

  pit_monitor_hold (monitor);
  wait_for_samples (fedora, 1);

  /* the guest stops: its figures go at once, not at the next tick */
  g_assert_cmpint (virDomainDestroy (pit_domain_get_handle (pit_domain_monitor_get_domain (fedora))), ==, 0);
  g_assert_true (pit_test_wait_for (has_state, &wait, WAIT_MS));
  g_assert_null (pit_domain_monitor_get_rates (fedora));

  /* and no more come */
  samples = pit_domain_monitor_get_n_samples (fedora);
  g_assert_true (wait_for_ticks (monitor, pit_monitor_get_ticks (monitor) + 2, WAIT_MS));
  g_assert_cmpuint (pit_domain_monitor_get_n_samples (fedora), ==, samples);
  g_assert_null (pit_domain_monitor_get_rates (fedora));

  pit_monitor_release (monitor);
}

static gboolean
has_rates (gpointer user_data)
{
  PitDomainMonitor *domain = user_data;
  PitMonitorRates *rates = pit_domain_monitor_get_rates (domain);

  return rates != NULL && !isnan (rates->cpu_percent);
}

static gboolean
has_fresh_domain (gpointer user_data)
{
  return pit_monitor_find_domain (user_data, "started-later") != NULL;
}

static void
test_started_later (void)
{
  g_autoptr(PitConnection) connection = pit_test_open_demo ();
  g_autoptr(PitMonitor) monitor = pit_monitor_new (connection);
  PitDomainMonitor *win10 = pit_monitor_find_domain (monitor, "win10-gaming");
  PitDomainMonitor *fresh;
  virDomainPtr handle;
  const char *xml =
    "<domain type='test'><name>started-later</name><memory unit='MiB'>256</memory>"
    "<vcpu>1</vcpu><os><type arch='x86_64'>hvm</type></os>"
    "<devices><disk type='file' device='disk'><source file='/images/later.img'/>"
    "<target dev='vda' bus='virtio'/></disk></devices></domain>";

  pit_monitor_hold (monitor);

  /* a shut-off guest that is started gets figures */
  g_assert_cmpint (virDomainCreate (pit_domain_get_handle (pit_domain_monitor_get_domain (win10))), ==, 0);
  g_assert_true (pit_test_wait_for (has_rates, win10, WAIT_MS));
  g_assert_cmpuint (pit_domain_monitor_get_rates (win10)->vcpus, ==, 2);  /* current, not maximum */
  g_assert_cmpfloat (pit_domain_monitor_get_rates (win10)->cpu_percent, >, 0);

  /* a guest defined and started meanwhile joins the list, and gets figures */
  handle = virDomainDefineXML (pit_connection_get_handle (connection), xml);
  g_assert_nonnull (handle);
  g_assert_cmpint (virDomainCreate (handle), ==, 0);
  virDomainFree (handle);
  g_assert_true (pit_test_wait_for (has_fresh_domain, monitor, WAIT_MS));
  fresh = pit_monitor_find_domain (monitor, "started-later");
  g_assert_cmpuint (g_list_model_get_n_items (pit_monitor_get_domains (monitor)), ==, 4);
  g_assert_true (pit_test_wait_for (has_rates, fresh, WAIT_MS));
  g_assert_cmpfloat (pit_domain_monitor_get_rates (fresh)->memory_current, ==, 256.0 * 1024 * 1024);

  pit_monitor_release (monitor);
}

static gboolean
fedora_has_figures (gpointer user_data)
{
  PitDomainMonitor *fedora = pit_monitor_find_domain (user_data, "fedora-server");

  return fedora != NULL && pit_domain_monitor_get_n_samples (fedora) >= 1;
}

/* The window makes its monitor before the connection is open */
static void
test_before_open (void)
{
  g_autoptr(PitConnection) connection = pit_connection_new ("demo");
  g_autoptr(PitMonitor) monitor = pit_monitor_new (connection);

  pit_monitor_hold (monitor);
  g_assert_false (pit_monitor_get_sampling (monitor));
  g_assert_cmpuint (g_list_model_get_n_items (pit_monitor_get_domains (monitor)), ==, 0);

  pit_connection_open_async (connection, NULL, NULL, NULL);
  g_assert_true (pit_test_wait_for (fedora_has_figures, monitor, WAIT_MS));
  g_assert_true (pit_monitor_get_sampling (monitor));
  g_assert_cmpuint (g_list_model_get_n_items (pit_monitor_get_domains (monitor)), ==, 3);

  pit_monitor_release (monitor);
}

static gboolean
group_running (gpointer user_data)
{
  return pit_monitor_group_count_running (user_data) == 4;
}

static void
test_group (void)
{
  g_autoptr(PitConnection) demo = pit_test_open_demo ();
  g_autoptr(PitConnection) other = pit_test_open_demo ();
  g_autoptr(PitMonitor) first = pit_monitor_new (demo);
  g_autoptr(PitMonitor) second = pit_monitor_new (other);
  g_autoptr(PitMonitorGroup) group = pit_monitor_group_new ();
  guint changes = 0;

  g_signal_connect_swapped (group, "items-changed", G_CALLBACK (g_atomic_int_inc), &changes);
  pit_monitor_group_hold (group);
  pit_monitor_group_set_interval (group, 2);
  pit_monitor_group_add (group, first);
  pit_monitor_group_add (group, second);

  /* one list of every domain of every connection */
  g_assert_cmpuint (changes, ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (group)), ==, 6);
  g_assert_cmpuint (pit_monitor_get_viewers (second), ==, 1);
  g_assert_cmpuint (pit_monitor_get_interval (second), ==, 2);
  g_assert_true (pit_monitor_group_find_domain (group, NULL, "ubuntu-dev")
                 == pit_monitor_find_domain (first, "ubuntu-dev"));

  /* two running domains on each */
  g_assert_true (pit_test_wait_for (group_running, group, WAIT_MS));

  pit_monitor_group_remove (group, first);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (group)), ==, 3);
  g_assert_cmpuint (pit_monitor_get_viewers (first), ==, 0);
  pit_monitor_group_release (group);
  g_assert_cmpuint (pit_monitor_get_viewers (second), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/monitor/demo/fallback", test_demo_fallback);
  g_test_add_func ("/monitor/fetch-paths", test_fetch_paths);
  g_test_add_func ("/monitor/skip-not-queue", test_skip_not_queue);
  g_test_add_func ("/monitor/connection-stopped", test_connection_stopped);
  g_test_add_func ("/monitor/viewers", test_viewers_set_interval);
  g_test_add_func ("/monitor/lifecycle", test_lifecycle);
  g_test_add_func ("/monitor/started-later", test_started_later);
  g_test_add_func ("/monitor/before-open", test_before_open);
  g_test_add_func ("/monitor/group", test_group);

  return g_test_run ();
}
