/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>

#include "pit-integration.h"
#include "pit-test-support.h"
#include "pit-ui-test-support.h"
#include "pit-window.h"

/* The window, connected to the real daemon, while libvirtd is killed: it
 * says the connection was lost, keeps drawing and answering (no frozen
 * frame), keeps the list and the VM the user was looking at, and clears the
 * message by itself once the daemon is back.  Runs under Xvfb
 * (run-integration.sh provides one); without a display it skips. */

#define RUNNING PIT_INTEGRATION_PREFIX "gui-running"
#define STOPPED PIT_INTEGRATION_PREFIX "gui-stopped"

/* Longest the main loop may go without running a 20 ms timer.  Measured:
 * 60 ms, and 1.5 s once under AddressSanitizer on a 2-core machine with a
 * load of 14 (Xvfb's software drawing); a window blocked on libvirt stays
 * frozen for much longer. */
#define FROZEN_MS 2000

typedef struct
{
  gint64 last;
  gint64 worst;
  gint64 worst_at;   /* when the longest stall ended */
  guint frames;
} Heartbeat;

static gboolean
heartbeat_cb (gpointer user_data)
{
  Heartbeat *beat = user_data;
  gint64 now = g_get_monotonic_time ();

  if (now - beat->last > beat->worst)
    {
      beat->worst = now - beat->last;
      beat->worst_at = now;
    }
  beat->last = now;

  return G_SOURCE_CONTINUE;
}

static gboolean
frame_cb (GtkWidget     *widget,
          GdkFrameClock *clock,
          gpointer       user_data)
{
  Heartbeat *beat = user_data;

  beat->frames++;
  gtk_widget_queue_draw (widget);  /* keep asking for frames, as an animation does */

  return G_SOURCE_CONTINUE;
}

static gboolean
window_ready (gpointer user_data)
{
  return GPOINTER_TO_INT (g_object_get_data (user_data, "ready"));
}

static void
ready_cb (PitWindow *window)
{
  g_object_set_data (G_OBJECT (window), "ready", GINT_TO_POINTER (TRUE));
}


static gboolean have_display;

static void
test_window_survives_daemon_kill (void)
{
  PitWindow *window;
  GtkWidget *list;
  Heartbeat beat = { 0, 0, 0, 0 };
  guint heartbeat, frames_before;
  gint64 killed, restarted;

  if (!have_display)
    {
      g_test_skip ("no display (run-integration.sh runs the suite under xvfb-run)");
      return;
    }
  if (pit_integration_skip ())
    return;

  pit_integration_define (RUNNING, TRUE);
  pit_integration_define (STOPPED, FALSE);

  window = pit_window_new (NULL);
  g_object_ref_sink (window);
  g_signal_connect (window, "ready", G_CALLBACK (ready_cb), NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  gtk_window_present (GTK_WINDOW (window));
  pit_window_open_uri (window, PIT_INTEGRATION_URI);
  g_assert_true (pit_test_wait_for (window_ready, window, 10000));

  list = pit_window_get_domain_list (window);
  pit_ui_test_assert_text_within (list, RUNNING, TRUE, 1000);
  pit_ui_test_assert_text_within (list, STOPPED, TRUE, 1000);
  /* what the user was doing: looking at the running VM */
  g_assert_true (pit_window_select_domain (window, RUNNING));
  pit_ui_test_wait_ms (100);

  beat.last = g_get_monotonic_time ();
  heartbeat = g_timeout_add (20, heartbeat_cb, &beat);
  gtk_widget_add_tick_callback (GTK_WIDGET (window), frame_cb, &beat, NULL);

  killed = g_get_monotonic_time ();
  pit_integration_daemons ("kill-libvirtd");
  pit_ui_test_assert_text_within (GTK_WIDGET (window), "was lost", TRUE, 2000);
  g_test_message ("the window said so %" G_GINT64_FORMAT " ms after SIGKILL",
                  (g_get_monotonic_time () - killed) / 1000);

  /* while the daemon is away the window keeps drawing and keeps what the
   * user had: the list, the VM on screen */
  frames_before = beat.frames;
  pit_ui_test_wait_ms (1500);
  g_test_message ("%u frames drawn in 1.5 s without a daemon", beat.frames - frames_before);
  g_assert_cmpuint (beat.frames - frames_before, >=, 5);
  g_assert_true (pit_ui_test_shows_text (list, RUNNING));
  g_assert_true (pit_ui_test_shows_text (list, STOPPED));
  g_assert_nonnull (pit_connection_find_domain (pit_window_get_connection (window), RUNNING));

  pit_integration_daemons ("start-libvirtd");
  restarted = g_get_monotonic_time ();
  pit_ui_test_assert_text_within (GTK_WIDGET (window), "was lost", FALSE, 8000);
  g_test_message ("back %" G_GINT64_FORMAT " ms after SIGKILL", (g_get_monotonic_time () - killed) / 1000);
  g_assert_cmpint (pit_connection_get_status (pit_window_get_connection (window)), ==,
                   PIT_CONNECTION_STATUS_CONNECTED);
  pit_ui_test_assert_text_within (list, RUNNING, TRUE, 1000);
  pit_ui_test_assert_text_within (list, STOPPED, TRUE, 1000);
  /* the VM the user was looking at is still the one on screen */
  pit_ui_test_assert_text_within (GTK_WIDGET (window), "<name>" RUNNING "</name>", TRUE, 1000);

  g_source_remove (heartbeat);
  g_test_message ("longest main-loop stall: %" G_GINT64_FORMAT " ms, ending %" G_GINT64_FORMAT
                  " ms after SIGKILL (daemon back at %" G_GINT64_FORMAT " ms)", beat.worst / 1000,
                  (beat.worst_at - killed) / 1000, (restarted - killed) / 1000);
  g_assert_cmpint (beat.worst / 1000, <, FROZEN_MS);

  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (window);
  pit_integration_remove_domain (RUNNING);
  pit_integration_remove_domain (STOPPED);
}

int
main (int    argc,
      char **argv)
{
  have_display = pit_ui_test_init (&argc, &argv);
  pit_core_init ();

  g_test_add_func ("/integration/gui/daemon-killed", test_window_survives_daemon_kill);

  return g_test_run ();
}
