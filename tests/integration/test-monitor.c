/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include "pit-integration.h"
#include "pit-monitor.h"
#include "pit-test-support.h"

/* The dashboard's figures move for guests that really work: CPU, disk
 * reads and writes, and network traffic on the namespace's bridge, checked
 * against libvirt's own counters.
 *
 * The guests have no OS.  "disk" boots a 43-byte program that reads
 * sector 2 and writes sector 3 through the BIOS (int 13h) in a loop: its
 * vCPU is busy and its disk counters climb.  "net-a" and "net-b" boot from
 * the network: for about eight seconds, from three seconds after the
 * start, iPXE broadcasts DHCP requests on the bridge, which is each one's
 * transmit and the other one's receive traffic.  (A NIC no firmware or
 * driver has opened receives nothing, so the disk guest cannot be the
 * receiver.) */

#define DISK_GUEST  PIT_INTEGRATION_PREFIX "monitor-disk"
#define NET_GUEST   PIT_INTEGRATION_PREFIX "monitor-net-a"
#define NET_GUEST_B PIT_INTEGRATION_PREFIX "monitor-net-b"

/* iPXE gives up on DHCP about 11 s after the start */
#define FIGURES_TIMEOUT_MS 20000

static const guint8 boot_sector[] = {
  0xfa,                   /* cli */
  0x31, 0xc0,             /* xor ax, ax */
  0x8e, 0xd8,             /* mov ds, ax */
  0x8e, 0xc0,             /* mov es, ax */
  0x8e, 0xd0,             /* mov ss, ax */
  0xbc, 0x00, 0x7c,       /* mov sp, 0x7c00 */
  0xfb,                   /* sti */
  /* again: */
  0xb8, 0x01, 0x02,       /* mov ax, 0x0201: read one sector */
  0xb9, 0x02, 0x00,       /* mov cx, 2: cylinder 0, sector 2 */
  0xba, 0x80, 0x00,       /* mov dx, 0x80: head 0, first disk */
  0xbb, 0x00, 0x80,       /* mov bx, 0x8000 */
  0xcd, 0x13,             /* int 0x13 */
  0xb8, 0x01, 0x03,       /* mov ax, 0x0301: write one sector */
  0xb9, 0x03, 0x00,       /* mov cx, 3: sector 3 */
  0xba, 0x80, 0x00,       /* mov dx, 0x80 */
  0xbb, 0x00, 0x80,       /* mov bx, 0x8000 */
  0xcd, 0x13,             /* int 0x13 */
  0xeb, 0xe2,             /* jmp again */
};

static char *
raw_boot_disk (const char *name)
{
  g_autofree char *file = g_strconcat (name, ".img", NULL);
  g_autofree char *path = g_build_filename (g_getenv ("PITSTOP_INTEGRATION_DIR"), "images", file, NULL);
  g_autofree guint8 *image = g_malloc0 (1024 * 1024);
  g_autoptr(GError) error = NULL;

  memcpy (image, boot_sector, sizeof boot_sector);
  image[510] = 0x55;
  image[511] = 0xaa;
  g_file_set_contents (path, (const char *) image, 1024 * 1024, &error);
  g_assert_no_error (error);

  return g_steal_pointer (&path);
}

static void
define_net_guest (const char *name)
{
  g_autofree char *xml = pit_integration_domain_xml (name, 128);
  g_autoptr(GString) net = g_string_new (xml);
  g_autofree char *file = NULL;

  g_assert_cmpuint (g_string_replace (net, "<boot dev='hd'/>", "<boot dev='network'/>", 1), ==, 1);
  file = pit_integration_write_xml (name, net->str);
  pit_integration_remove_domain (name);
  g_free (pit_integration_virsh ("define", file, NULL));
}

static void
define_guests (void)
{
  g_autofree char *disk_xml = pit_integration_domain_xml (DISK_GUEST, 128);
  g_autofree char *qcow2 = NULL;
  g_autofree char *raw = raw_boot_disk (DISK_GUEST);
  g_autoptr(GString) disk = g_string_new (disk_xml);
  g_autofree char *disk_file = NULL;

  qcow2 = g_build_filename (g_getenv ("PITSTOP_INTEGRATION_DIR"), "images", DISK_GUEST ".qcow2", NULL);
  g_assert_cmpuint (g_string_replace (disk, qcow2, raw, 1), ==, 1);
  g_assert_cmpuint (g_string_replace (disk, "type='qcow2'", "type='raw'", 1), ==, 1);
  disk_file = pit_integration_write_xml (DISK_GUEST, disk->str);
  pit_integration_remove_domain (DISK_GUEST);
  g_free (pit_integration_virsh ("define", disk_file, NULL));

  define_net_guest (NET_GUEST);
  define_net_guest (NET_GUEST_B);
}

/* One counter of `virsh domstats` (what libvirt itself says). */
static guint64
domstat (const char *name,
         const char *key)
{
  g_autofree char *out = pit_integration_virsh ("domstats", "--block", "--interface", "--cpu-total",
                                                name, NULL);
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);
  g_autofree char *prefix = g_strconcat (key, "=", NULL);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = g_strstrip (lines[i]);

      if (g_str_has_prefix (line, prefix))
        return g_ascii_strtoull (line + strlen (prefix), NULL, 10);
    }
  g_error ("virsh domstats %s has no %s:\n%s", name, key, out);
}

typedef struct
{
  PitMonitor *monitor;
  guint ticks;
} TickWait;

static gboolean
ticked (gpointer user_data)
{
  TickWait *wait = user_data;

  return pit_monitor_get_ticks (wait->monitor) >= wait->ticks;
}

static double highest (PitDomainMonitor *domain,
                       PitMonitorSeries  series);

typedef struct
{
  PitDomainMonitor *disk, *net_a, *net_b;
} Guests;

/* every figure the scenario expects has moved at least once */
static gboolean
figures_moved (gpointer user_data)
{
  Guests *g = user_data;

  return highest (g->disk, PIT_MONITOR_SERIES_CPU) > 10
         && highest (g->disk, PIT_MONITOR_SERIES_DISK_READ) > 0
         && highest (g->disk, PIT_MONITOR_SERIES_DISK_WRITE) > 0
         && highest (g->net_a, PIT_MONITOR_SERIES_NET_TX) > 0
         && highest (g->net_a, PIT_MONITOR_SERIES_NET_RX) > 0
         && highest (g->net_b, PIT_MONITOR_SERIES_NET_TX) > 0
         && highest (g->net_b, PIT_MONITOR_SERIES_NET_RX) > 0;
}

static double
highest (PitDomainMonitor *domain,
         PitMonitorSeries  series)
{
  PitRingBuffer *history = pit_domain_monitor_get_history (domain, series);
  double min = NAN, max = NAN;

  /* no history before the first sample */
  if (history == NULL || !pit_ring_buffer_get_range (history, &min, &max))
    return 0;
  return max;
}

static void
report (const char       *name,
        PitDomainMonitor *domain)
{
  g_test_message ("%s: CPU %.0f %%, disk read %.0f B/s, write %.0f B/s, %.0f IOPS, "
                  "net rx %.0f B/s, tx %.0f B/s, memory %.0f MiB (highest of %u samples)",
                  name, highest (domain, PIT_MONITOR_SERIES_CPU),
                  highest (domain, PIT_MONITOR_SERIES_DISK_READ),
                  highest (domain, PIT_MONITOR_SERIES_DISK_WRITE),
                  highest (domain, PIT_MONITOR_SERIES_DISK_IOPS),
                  highest (domain, PIT_MONITOR_SERIES_NET_RX),
                  highest (domain, PIT_MONITOR_SERIES_NET_TX),
                  highest (domain, PIT_MONITOR_SERIES_MEMORY_USED) / (1024 * 1024),
                  pit_domain_monitor_get_n_samples (domain));
}

static void
test_figures_move (void)
{
  g_autoptr(PitConnection) connection = NULL;
  g_autoptr(PitMonitor) monitor = NULL;
  guint64 reads, writes;
  Guests guests;
  TickWait wait;
  gint64 start;
  gboolean moved;

  if (pit_integration_skip ())
    return;

  define_guests ();
  connection = pit_integration_open ();
  monitor = pit_monitor_new (connection);
  pit_monitor_set_interval (monitor, 1);
  pit_monitor_hold (monitor);

  g_free (pit_integration_virsh ("start", NET_GUEST, NULL));
  g_free (pit_integration_virsh ("start", NET_GUEST_B, NULL));
  g_free (pit_integration_virsh ("start", DISK_GUEST, NULL));
  start = g_get_monotonic_time ();
  reads = domstat (DISK_GUEST, "block.0.rd.reqs");
  writes = domstat (DISK_GUEST, "block.0.wr.reqs");

  guests.disk = pit_monitor_find_domain (monitor, DISK_GUEST);
  guests.net_a = pit_monitor_find_domain (monitor, NET_GUEST);
  guests.net_b = pit_monitor_find_domain (monitor, NET_GUEST_B);
  g_assert_nonnull (guests.disk);
  g_assert_nonnull (guests.net_a);
  g_assert_nonnull (guests.net_b);

  moved = pit_test_wait_for (figures_moved, &guests, FIGURES_TIMEOUT_MS);
  g_test_message ("%u ticks in %.1f s, %u skipped", pit_monitor_get_ticks (monitor),
                  (g_get_monotonic_time () - start) / 1e6, pit_monitor_get_skipped_ticks (monitor));
  report ("disk", guests.disk);
  report ("net-a", guests.net_a);
  report ("net-b", guests.net_b);
  g_assert_true (moved);

  /* what Pitstop shows is what libvirt counts */
  g_assert_cmpint (pit_domain_monitor_get_state (guests.disk), ==, PIT_DOMAIN_STATE_RUNNING);
  g_assert_cmpuint (domstat (DISK_GUEST, "block.0.rd.reqs"), >, reads);
  g_assert_cmpuint (domstat (DISK_GUEST, "block.0.wr.reqs"), >, writes);
  g_assert_cmpuint (domstat (NET_GUEST, "net.0.tx.bytes"), >, 0);
  g_assert_cmpuint (domstat (NET_GUEST, "net.0.rx.bytes"), >, 0);
  g_assert_cmpfloat (highest (guests.disk, PIT_MONITOR_SERIES_DISK_IOPS), >, 0);
  g_assert_cmpfloat (highest (guests.disk, PIT_MONITOR_SERIES_MEMORY_USED), >, 0);
  /* the disk guest only reads and writes: nothing of it on the network */
  g_assert_cmpfloat (highest (guests.disk, PIT_MONITOR_SERIES_NET_TX), ==, 0);

  /* a guest that is shut off has no figures any more */
  g_free (pit_integration_virsh ("destroy", NET_GUEST, NULL));
  g_assert_true (pit_integration_wait_state (connection, NET_GUEST, PIT_DOMAIN_STATE_SHUTOFF,
                                             PIT_INTEGRATION_EVENT_MS, NULL));
  wait = (TickWait) { monitor, pit_monitor_get_ticks (monitor) + 2 };
  g_assert_true (pit_test_wait_for (ticked, &wait, 5000));
  g_assert_cmpint (pit_domain_monitor_get_state (guests.net_a), ==, PIT_DOMAIN_STATE_SHUTOFF);
  {
    PitMonitorRates *rates = pit_domain_monitor_get_rates (guests.net_a);
    double cpu = rates != NULL ? pit_monitor_series_get_value (PIT_MONITOR_SERIES_CPU, rates) : NAN;

    g_assert_true (isnan (cpu) || cpu == 0);
  }

  pit_monitor_release (monitor);
  pit_integration_remove_domain (DISK_GUEST);
  pit_integration_remove_domain (NET_GUEST);
  pit_integration_remove_domain (NET_GUEST_B);
}

int
main (int    argc,
      char **argv)
{
  pit_integration_init (&argc, &argv);

  g_test_add_func ("/integration/monitor/figures-move", test_figures_move);

  return g_test_run ();
}
