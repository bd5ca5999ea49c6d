/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>

#include "pit-integration.h"
#include "pit-libvirt-guard.h"
#include "pit-test-support.h"
#include "pit-ui-test-support.h"
#include "pit-window.h"
#include "pit-wizard.h"
#include "pit-wizard-pages.h"
#include "pit-wizard-test-fixture.h"

/* The window over the real daemon, walked as a user would: the list and
 * the overview, a VM's page with what holds it back, the live figures of a
 * running VM, Refresh, then the wizard on a stopped VM (open, every page,
 * the review's preview, Apply, the toast's Undo).  The test's thread owns
 * the default main context throughout, as the application's main thread
 * does while it runs, so every blocking libvirt call the window would make
 * is a critical (PIT_LIBVIRT_CALL_GUARD(), fatal in the tests): the walk
 * passes only if the window never waits for the daemon.  Runs under Xvfb
 * (run-integration.sh provides one); without a display it skips. */

#define RUNNING PIT_INTEGRATION_PREFIX "walk-running"
#define STOPPED PIT_INTEGRATION_PREFIX "walk-stopped"

#define WAIT_MS 10000


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

static gboolean
ticked_twice (gpointer user_data)
{
  guint ticks = 0;

  g_object_get (user_data, "ticks", &ticks, NULL);
  return ticks >= 2;
}

static gboolean
wizard_loaded (gpointer user_data)
{
  return pit_wizard_is_loaded (user_data);
}

static gboolean have_display;
static PitIntegrationHeartbeat *beat;

/* the longest main-loop stall of each part of the walk, printed (not a
 * timed test: the guard is what fails it) */
static void
phase_done (const char *what)
{
  g_test_message ("longest main-loop stall, %s: %" G_GINT64_FORMAT " ms", what,
                  pit_integration_heartbeat_stop (beat));
  beat = pit_integration_heartbeat_start ();
}

static void
walk_wizard (PitWindow *window)
{
  g_autoptr(GPtrArray) pages = pit_wizard_test_page_ids ();
  GtkWidget *wizard;
  GtkWidget *undo;

  g_assert_true (pit_window_select_domain (window, STOPPED));
  wizard = GTK_WIDGET (pit_window_open_wizard (window, NULL));
  g_assert_nonnull (wizard);
  g_object_ref (wizard);
  g_assert_true (pit_test_wait_for (wizard_loaded, wizard, WAIT_MS));
  phase_done ("the wizard opened and loaded");

  /* each page refreshes from the state and checks its choices (the
   * engine's steps up to it), the review shows the preview */
  for (guint i = 0; i < pages->len; i++)
    {
      pit_wizard_show_page (PIT_WIZARD (wizard), g_ptr_array_index (pages, i));
      pit_ui_test_wait_ms (50);
      g_assert_cmpstr (pit_wizard_page_get_id (pit_wizard_get_page (PIT_WIZARD (wizard))), ==,
                       g_ptr_array_index (pages, i));
    }
  pit_wizard_show_page (PIT_WIZARD (wizard), "review");
  /* the preview: the diff of the VM's XML */
  pit_ui_test_assert_text_within (wizard, "--- a/" STOPPED ".xml", TRUE, WAIT_MS);
  phase_done ("every page of the wizard, the review's preview");

  /* Apply defines in a thread; the toast's Undo restores in one */
  pit_wizard_show_page (PIT_WIZARD (wizard), "apply");
  pit_wizard_apply_page_apply (PIT_WIZARD_APPLY_PAGE (pit_wizard_get_page (PIT_WIZARD (wizard))));
  pit_ui_test_assert_text_within (wizard, "The changes are saved", TRUE, WAIT_MS);
  undo = pit_ui_test_find_button (wizard, "_Undo");
  g_assert_nonnull (undo);
  g_signal_emit_by_name (undo, "clicked");
  pit_ui_test_assert_text_within (wizard, "Undone: the earlier configuration is back", TRUE, WAIT_MS);
  phase_done ("Apply, then Undo");

  gtk_window_destroy (GTK_WINDOW (wizard));
  g_object_unref (wizard);
}

static void
test_walk_without_waiting_for_libvirt (void)
{
  PitWindow *window;
  gboolean acquired;

  if (!have_display)
    {
      g_test_skip ("no display (run-integration.sh runs the suite under xvfb-run)");
      return;
    }
  if (pit_integration_skip ())
    return;
  if (!DEVELOPMENT)
    {
      g_test_skip ("the libvirt call check is on in development builds only (-Ddevelopment=true)");
      return;
    }

  pit_integration_define (RUNNING, TRUE);
  pit_integration_define (STOPPED, FALSE);

  /* from here on this thread is the window's main thread */
  acquired = g_main_context_acquire (NULL);
  g_assert_true (acquired);
  g_assert_true (pit_libvirt_call_guard_is_main_thread ());
  beat = pit_integration_heartbeat_start ();

  window = pit_window_new (NULL);
  g_object_ref_sink (window);
  g_signal_connect (window, "ready", G_CALLBACK (ready_cb), NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  gtk_window_present (GTK_WINDOW (window));
  pit_window_open_uri (window, PIT_INTEGRATION_URI);
  g_assert_true (pit_test_wait_for (window_ready, window, WAIT_MS));
  phase_done ("the window opened and listed");

  /* the list, and the overview's live rows */
  pit_ui_test_assert_text_within (pit_window_get_domain_list (window), RUNNING, TRUE, WAIT_MS);
  pit_ui_test_assert_text_within (pit_window_get_domain_list (window), STOPPED, TRUE, WAIT_MS);
  g_assert_true (pit_test_wait_for (ticked_twice, pit_window_get_monitor (window), WAIT_MS));

  /* a VM's page: its XML and what holds it back (the advisor) */
  g_assert_true (pit_window_select_domain (window, STOPPED));
  pit_window_show_view (window, "configuration");
  pit_ui_test_assert_text_within (GTK_WIDGET (window), "<name>" STOPPED "</name>", TRUE, WAIT_MS);
  pit_ui_test_assert_text_within (GTK_WIDGET (window), "Checking…", FALSE, WAIT_MS);
  phase_done ("the overview, a VM's page and its findings");

  /* the running VM's live figures */
  g_assert_true (pit_window_select_domain (window, RUNNING));
  pit_window_show_view (window, "performance");
  pit_ui_test_wait_ms (1500);
  pit_ui_test_assert_text_within (GTK_WIDGET (window), "Measuring…", FALSE, WAIT_MS);

  /* Refresh: the connection is opened again, the old one and its list
   * dropped (its last reference closes it: a round trip) */
  g_object_set_data (G_OBJECT (window), "ready", GINT_TO_POINTER (FALSE));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.refresh", NULL));
  g_assert_true (pit_test_wait_for (window_ready, window, WAIT_MS));
  pit_ui_test_assert_text_within (pit_window_get_domain_list (window), STOPPED, TRUE, WAIT_MS);
  phase_done ("the live figures, Refresh");

  walk_wizard (window);

  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (window);
  pit_ui_test_wait_ms (200);

  phase_done ("closing the window");
  pit_integration_heartbeat_stop (beat);
  g_main_context_release (NULL);

  pit_integration_remove_domain (RUNNING);
  pit_integration_remove_domain (STOPPED);
}

int
main (int    argc,
      char **argv)
{
  have_display = pit_ui_test_init (&argc, &argv);
  pit_core_init ();

  g_test_add_func ("/integration/gui/walk-without-waiting-for-libvirt", test_walk_without_waiting_for_libvirt);

  return g_test_run ();
}
