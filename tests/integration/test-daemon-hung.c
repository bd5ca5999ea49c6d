/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "pit-error.h"
#include "pit-integration.h"
#include "pit-test-support.h"

/* libvirtd hangs (SIGSTOP) while Pitstop is connected: the socket stays
 * open, so nothing but libvirt's keepalive can tell.  Pitstop says the
 * connection is lost within the keepalive time, keeps the list, never stops
 * answering, and comes back by itself once the daemon runs again.
 *
 * pit-connection-open.c pings after 5 s of silence and gives up when 3
 * pings in a row go unanswered: 20 s after the daemon's last message (the
 * open, just before the SIGSTOP; libvirt counts in whole seconds), plus a
 * margin for a loaded machine. */
#define KEEPALIVE_LOST_MS (20000 + 5000)

#define RUNNING PIT_INTEGRATION_PREFIX "hung-running"
#define STOPPED PIT_INTEGRATION_PREFIX "hung-stopped"

/* As in test-daemon-killed.c: the longest the main loop may go without
 * running a 20 ms timer.  A libvirt call on the main thread would block
 * here for the whole keepalive time. */
#define FROZEN_MS 1000

static void
test_daemon_hung (void)
{
  g_autoptr(PitConnection) connection = NULL;
  g_autoptr(GArray) seen = g_array_new (FALSE, FALSE, sizeof (PitConnectionStatus));
  const GError *error;
  PitIntegrationHeartbeat *beat;
  PitDomain *running;
  gint64 stopped, continued, lost_ms;
  gint64 stall_ms;
  gulong handler;

  if (pit_integration_skip ())
    return;

  pit_integration_define (RUNNING, TRUE);
  pit_integration_define (STOPPED, FALSE);

  connection = pit_integration_open ();
  g_assert_cmpuint (pit_integration_count_ours (connection), ==, 2);
  running = pit_connection_find_domain (connection, RUNNING);
  g_assert_nonnull (running);
  handler = pit_integration_record_status (connection, seen);

  beat = pit_integration_heartbeat_start ();

  /* the daemon hangs; a read of a domain is under way meanwhile (it blocks
   * in its worker thread until the keepalive closes the connection) */
  stopped = g_get_monotonic_time ();
  pit_integration_daemons ("stop-libvirtd");
  pit_connection_refresh_domain (connection, pit_domain_get_uuid (running));

  g_assert_true (pit_integration_wait_status (connection, PIT_CONNECTION_STATUS_LOST, KEEPALIVE_LOST_MS));
  lost_ms = (g_get_monotonic_time () - stopped) / 1000;
  g_test_message ("connection reported lost %" G_GINT64_FORMAT " ms after SIGSTOP", lost_ms);
  error = pit_connection_get_error (connection);
  g_assert_error ((GError *) error, PIT_ERROR, PIT_ERROR_CONNECTION_LOST);
  /* the banner says why: not answering, rather than gone */
  g_assert_nonnull (strstr (error->message, "stopped answering"));
  g_assert_null (pit_connection_get_handle (connection));

  /* what the user was looking at stays */
  g_assert_cmpuint (pit_integration_count_ours (connection), ==, 2);
  g_assert_true (pit_connection_find_domain (connection, RUNNING) == running);

  /* the daemon runs again: Pitstop comes back by itself (its reconnect
   * waited in a worker thread on the stopped daemon's socket) */
  continued = g_get_monotonic_time ();
  pit_integration_daemons ("cont-libvirtd");
  g_assert_true (pit_integration_wait_status (connection, PIT_CONNECTION_STATUS_CONNECTED, 8000));
  g_test_message ("reconnected %" G_GINT64_FORMAT " ms after SIGCONT",
                  (g_get_monotonic_time () - continued) / 1000);
  g_assert_null (pit_connection_get_error (connection));
  g_assert_nonnull (pit_connection_get_handle (connection));

  /* the list is kept: same rows, same states */
  g_assert_cmpuint (pit_integration_count_ours (connection), ==, 2);
  g_assert_true (pit_connection_find_domain (connection, RUNNING) == running);
  g_assert_cmpint (pit_domain_get_state (running), ==, PIT_DOMAIN_STATE_RUNNING);
  g_assert_nonnull (pit_connection_find_domain (connection, STOPPED));
  g_assert_cmpint (pit_domain_get_state (pit_connection_find_domain (connection, STOPPED)), ==,
                   PIT_DOMAIN_STATE_SHUTOFF);

  /* and events flow again on the new connection */
  g_free (pit_integration_virsh ("destroy", RUNNING, NULL));
  g_assert_true (pit_integration_wait_state (connection, RUNNING, PIT_DOMAIN_STATE_SHUTOFF,
                                             PIT_INTEGRATION_EVENT_MS, NULL));

  stall_ms = pit_integration_heartbeat_stop (beat);
  g_test_message ("longest main-loop stall: %" G_GINT64_FORMAT " ms", stall_ms);
  g_assert_cmpint (stall_ms, <, FROZEN_MS);

  /* LOST while hung, CONNECTED once back: never FAILED or DISCONNECTED */
  g_signal_handler_disconnect (connection, handler);
  pit_integration_assert_lost_then_back (seen);

  pit_integration_remove_domain (RUNNING);
  pit_integration_remove_domain (STOPPED);
}

int
main (int    argc,
      char **argv)
{
  pit_integration_init (&argc, &argv);

  g_test_add_func ("/integration/faults/daemon-hung", test_daemon_hung);

  return g_test_run ();
}
