/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>

#include "pit-test-notification-server.h"
#include "pit-test-support.h"
#include "pit-tune-apply.h"
#include "pit-ui-test-support.h"
#include "pit-wizard-pages.h"
#include "pit-wizard-test-fixture.h"

typedef PitWizardFixture Fixture;

static GtkWidget *
page (Fixture *fixture)
{
  return pit_wizard_fixture_page (fixture);
}

static void
assert_page_shows (Fixture    *fixture,
                   const char *text)
{
  pit_wizard_fixture_assert_shows (fixture, text);
}

static void
test_invalid_input_stops_next (Fixture       *fixture,
                               gconstpointer  data)
{
  PitWizardState *state = pit_wizard_get_state (fixture->wizard);

  pit_wizard_show_page (fixture->wizard, pit_wizard_section_to_id (PIT_WIZARD_SECTION_CPU));
  g_assert_null (pit_wizard_page_get_error (pit_wizard_get_page (fixture->wizard)));
  g_assert_true (pit_wizard_can_go_next (fixture->wizard));
  /* the input itself disables Next and says why, before Next is pressed */
  pit_wizard_state_set_current (state, 12);
  g_assert_nonnull (pit_wizard_page_get_error (pit_wizard_get_page (fixture->wizard)));
  g_assert_false (pit_wizard_can_go_next (fixture->wizard));
  g_assert_false (pit_wizard_next (fixture->wizard));
  g_assert_cmpstr (pit_wizard_page_get_id (pit_wizard_get_page (fixture->wizard)), ==, pit_wizard_section_to_id (PIT_WIZARD_SECTION_CPU));
  g_assert_nonnull (pit_wizard_page_get_error (pit_wizard_get_page (fixture->wizard)));
  assert_page_shows (fixture, pit_wizard_page_get_error (pit_wizard_get_page (fixture->wizard)));

  /* skipping the step leaves its changes out, so it may go on */
  pit_wizard_skip (fixture->wizard);
  g_assert_cmpstr (pit_wizard_page_get_id (pit_wizard_get_page (fixture->wizard)), ==,
                   pit_wizard_section_to_id (PIT_WIZARD_SECTION_PINNING));
  g_assert_false (pit_wizard_state_get_enabled (state, PIT_WIZARD_SECTION_CPU));

  /* a GPU the host does not have */
  pit_wizard_show_page (fixture->wizard, pit_wizard_section_to_id (PIT_WIZARD_SECTION_GPU));
  {
    const char *missing[] = { "0000:0a:00.0", NULL };

    pit_wizard_state_set_gpus (state, missing);
  }
  g_assert_false (pit_wizard_next (fixture->wizard));
  assert_page_shows (fixture, "0a:00.0");
}

typedef struct
{
  PitDomain *domain;
  const char *needle;
  gboolean present;
} XmlWait;

static gboolean
xml_has (gpointer user_data)
{
  XmlWait *wait = user_data;
  g_autofree char *xml = pit_test_read_inactive_xml (wait->domain);

  return (strstr (xml, wait->needle) != NULL) == wait->present;
}

static void
test_apply_then_undo (Fixture       *fixture,
                      gconstpointer  data)
{
  PitDomain *domain = pit_connection_find_domain (fixture->connection, "win10-gaming");
  XmlWait wait = { domain, "cores='4' threads='2'", TRUE };

  pit_wizard_show_page (fixture->wizard, "apply");
  assert_page_shows (fixture, "No earlier configurations yet");
  pit_wizard_apply_page_apply (PIT_WIZARD_APPLY_PAGE (pit_wizard_get_page (fixture->wizard)));
  g_assert_true (pit_test_wait_for (xml_has, &wait, 5000));
  pit_ui_test_wait_ms (100);
  assert_page_shows (fixture, "The changes are saved");
  assert_page_shows (fixture, "At the next start of the guest");

  /* the history lists the configuration before; its Restore button undoes */
  {
    GtkWidget *restore = pit_ui_test_find_button (page (fixture), "Restore");
    XmlWait undone = { domain, "cores='4' threads='2'", FALSE };

    g_assert_nonnull (restore);
    g_signal_emit_by_name (restore, "clicked");
    /* while the restore runs in its thread the page says so (the button
     * keeps the focus and does nothing meanwhile) */
    assert_page_shows (fixture, "Saving the configuration…");
    g_assert_true (pit_test_wait_for (xml_has, &undone, 5000));
    pit_ui_test_wait_ms (100);
    assert_page_shows (fixture, "The earlier configuration is back");
  }
}

static gboolean
shows_undone (gpointer user_data)
{
  return pit_ui_test_shows_text (user_data, "Undone: the earlier configuration is back");
}

/* after Apply, the toast's Undo (the wizard.undo action, with the history
 * entry as its target) brings the configuration before back */
static void
test_undo_toast (Fixture       *fixture,
                 gconstpointer  data)
{
  PitDomain *domain = pit_connection_find_domain (fixture->connection, "win10-gaming");
  XmlWait applied = { domain, "cores='4' threads='2'", TRUE };
  XmlWait undone = { domain, "cores='4' threads='2'", FALSE };
  GtkWidget *undo;

  pit_wizard_show_page (fixture->wizard, "apply");
  pit_wizard_apply_page_apply (PIT_WIZARD_APPLY_PAGE (pit_wizard_get_page (fixture->wizard)));
  g_assert_true (pit_test_wait_for (xml_has, &applied, 5000));
  pit_ui_test_wait_ms (100);
  undo = pit_ui_test_find_button (GTK_WIDGET (fixture->wizard), "_Undo");
  g_assert_nonnull (undo);
  g_signal_emit_by_name (undo, "clicked");
  g_assert_true (pit_test_wait_for (xml_has, &undone, 5000));
  g_assert_true (pit_test_wait_for (shows_undone, fixture->wizard, 5000));
  /* the message stays past a toast's usual 5 s, until the user dismisses it */
  pit_ui_test_wait_ms (5500);
  g_assert_true (shows_undone (fixture->wizard));
  /* the toast that said it was undoing went when it was done */
  g_assert_false (pit_ui_test_shows_text (GTK_WIDGET (fixture->wizard), "Undoing the changes…"));
}

static gboolean
inactive (gpointer user_data)
{
  return !gtk_window_is_active (user_data);
}

static gboolean
notified (gpointer user_data)
{
  return pit_test_notification_server_added (user_data) > 0;
}

static gboolean
withdrawn (gpointer user_data)
{
  return pit_test_notification_server_removed (user_data) > 0;
}

/* an apply that ends while the user is in another window (a define on a
 * remote host can take a while) is told through the desktop's
 * notifications, and the notification goes once the wizard is back */
static void
test_apply_in_background_notifies (Fixture       *fixture,
                                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PitTestNotificationServer) server = pit_test_notification_server_new (&error);
  g_autoptr(AdwApplication) app = NULL;
  PitDomain *domain = pit_connection_find_domain (fixture->connection, "win10-gaming");
  XmlWait wait = { domain, "cores='4' threads='2'", TRUE };
  GtkWidget *other;

  if (server == NULL)
    {
      g_test_skip_printf ("no session bus for notifications: %s", error->message);
      return;
    }
  app = adw_application_new ("io.github.pitstopvm.Pitstop.NotificationTest", G_APPLICATION_NON_UNIQUE);
  g_application_set_default (G_APPLICATION (app));
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);

  /* while the wizard is the active window, the page itself tells */
  pit_wizard_show_page (fixture->wizard, "apply");
  other = gtk_window_new ();
  gtk_window_set_title (GTK_WINDOW (other), "Another application");
  gtk_window_present (GTK_WINDOW (other));
  if (!pit_test_wait_for (inactive, fixture->wizard, 5000))
    {
      gtk_window_destroy (GTK_WINDOW (other));
      g_application_set_default (NULL);
      g_test_skip ("the display does not move the focus between windows");
      return;
    }

  pit_wizard_apply_page_apply (PIT_WIZARD_APPLY_PAGE (pit_wizard_get_page (fixture->wizard)));
  g_assert_true (pit_test_wait_for (xml_has, &wait, 5000));
  g_assert_true (pit_test_wait_for (notified, server, 5000));
  g_assert_cmpstr (pit_test_notification_server_id (server), ==, "tuning-applied");
  g_assert_cmpstr (pit_test_notification_server_title (server), ==, "Changes saved");
  g_assert_nonnull (strstr (pit_test_notification_server_body (server), "win10-gaming"));
  g_assert_nonnull (strstr (pit_test_notification_server_body (server), pit_connection_get_uri (fixture->connection)));
  g_assert_cmpuint (pit_test_notification_server_removed (server), ==, 0);

  /* back in the wizard: the notification has done its job */
  gtk_window_destroy (GTK_WINDOW (other));
  gtk_window_present (GTK_WINDOW (fixture->wizard));
  g_assert_true (pit_test_wait_for (withdrawn, server, 5000));

  g_application_set_default (NULL);
}

static gboolean
is_control (GtkWidget *widget)
{
  if (GTK_IS_LIST_BOX_ROW (widget))
    return gtk_list_box_row_get_activatable (GTK_LIST_BOX_ROW (widget));
  return GTK_IS_BUTTON (widget) || GTK_IS_SWITCH (widget) || GTK_IS_CHECK_BUTTON (widget)
         || GTK_IS_SPIN_BUTTON (widget) || GTK_IS_DROP_DOWN (widget) || GTK_IS_TEXT (widget);
}

/* what a pointer user can operate on the page as it is shown now */
static void
collect_controls (GtkWidget *widget,
                  GPtrArray *controls)
{
  if (!gtk_widget_get_mapped (widget) || !gtk_widget_is_sensitive (widget))
    return;
  /* the title bar's close button: the keyboard closes with Escape */
  if (GTK_IS_WINDOW_CONTROLS (widget))
    return;
  if (is_control (widget))
    g_ptr_array_add (controls, widget);
  /* a spin button is one stop: the keyboard's − and + are the arrow keys */
  if (GTK_IS_SPIN_BUTTON (widget))
    return;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_controls (child, controls);
}

static char *
describe (GtkWidget *widget)
{
  g_autofree char *text = pit_ui_test_collect_text (widget);
  GtkWidget *row = gtk_widget_get_ancestor (widget, ADW_TYPE_PREFERENCES_ROW);

  return g_strdup_printf ("%s “%s” (in the row “%s”)", G_OBJECT_TYPE_NAME (widget), g_strstrip (text),
                          row ? adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)) : "");
}

/* Tab goes round every control of every page (the header's Back, Skip and
 * Next included), and Alt+Right / Alt+Left move between the pages */
/* Tab goes round every control of the page (the header's Back, Skip and
 * Next included) */
static void
test_keyboard_reaches_every_control (Fixture       *fixture,
                                     gconstpointer  data)
{
  const PitWizardCase *test = data;
  GtkWidget *window = GTK_WIDGET (fixture->wizard);
  g_autoptr(GPtrArray) controls = g_ptr_array_new ();
  g_autoptr(GPtrArray) focused = g_ptr_array_new ();
  GtkWidget *first = NULL;

  pit_wizard_show_page (fixture->wizard, test->page);
  pit_ui_test_wait_ms (50);
  collect_controls (window, controls);
  g_assert_cmpuint (controls->len, >, 0);

  gtk_root_set_focus (GTK_ROOT (window), NULL);
  for (guint step = 0; step < 400; step++)
    {
      GtkWidget *focus;

      if (!gtk_widget_child_focus (window, GTK_DIR_TAB_FORWARD))
        gtk_widget_child_focus (window, GTK_DIR_TAB_FORWARD);   /* wrapped round */
      focus = gtk_root_get_focus (GTK_ROOT (window));
      if (focus == NULL)
        continue;
      if (focus == first)
        break;
      if (first == NULL)
        first = focus;
      g_ptr_array_add (focused, focus);
    }

  for (guint c = 0; c < controls->len; c++)
    {
      GtkWidget *control = controls->pdata[c];
      GtkWidget *row = gtk_widget_get_ancestor (control, GTK_TYPE_LIST_BOX_ROW);
      gboolean reached = FALSE;

      /* a radio button in a row that Enter activates (the choice of
       * GPU): the row is the stop, as Tab stops at one radio of a group */
      if (row != NULL && !gtk_list_box_row_get_activatable (GTK_LIST_BOX_ROW (row)))
        row = NULL;
      for (guint f = 0; f < focused->len && !reached; f++)
        reached = focused->pdata[f] == control || gtk_widget_is_ancestor (focused->pdata[f], control)
                  || (row != NULL && focused->pdata[f] == row);
      if (!reached)
        {
          g_autofree char *what = describe (control);

          g_test_message ("page %s: Tab never reaches %s", test->page, what);
        }
      g_assert_true (reached);
    }
  g_test_message ("page %s: Tab goes round %u stops and reaches all %u controls", test->page, focused->len,
                  controls->len);
}

/* Alt+Right is Next, Alt+Left is Back */
static void
test_alt_arrows_move_between_pages (Fixture       *fixture,
                                    gconstpointer  data)
{
  GtkWidget *window = GTK_WIDGET (fixture->wizard);

  g_assert_cmpstr (pit_wizard_page_get_id (pit_wizard_get_page (fixture->wizard)), ==, "readiness");
  g_assert_true (gtk_widget_activate_action (window, "wizard.next", NULL));
  g_assert_cmpstr (pit_wizard_page_get_id (pit_wizard_get_page (fixture->wizard)), ==,
                   pit_wizard_section_to_id (PIT_WIZARD_SECTION_GPU));
  g_assert_true (gtk_widget_activate_action (window, "wizard.back", NULL));
  g_assert_cmpstr (pit_wizard_page_get_id (pit_wizard_get_page (fixture->wizard)), ==, "readiness");
}

/* the page, at its widest, on a phone-sized screen: with the normal text
 * size and with GNOME's "Large Text" (text scaled by 1.25, which reaches GTK
 * as a higher Xft DPI) */
static void
test_fits_360_px (Fixture       *fixture,
                  gconstpointer  data)
{
  const PitWizardCase *test = data;
  GtkSettings *settings = gtk_widget_get_settings (GTK_WIDGET (fixture->wizard));
  GtkWidget *title = pit_ui_test_find_label (GTK_WIDGET (fixture->wizard), "Tune “win10-gaming”");
  int dpi = 0, minimum = 0, title_height = 0;

  g_object_get (settings, "gtk-xft-dpi", &dpi, NULL);
  g_object_set (settings, "gtk-xft-dpi", (int) (96 * 1024 * test->text_scale), NULL);
  pit_wizard_show_page (fixture->wizard, test->page);
  pit_ui_test_wait_ms (50);
  gtk_widget_measure (GTK_WIDGET (fixture->wizard), GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
  /* the text really is that size: a line of the title grows with it */
  g_assert_nonnull (title);
  gtk_widget_measure (title, GTK_ORIENTATION_VERTICAL, -1, &title_height, NULL, NULL, NULL);
  g_test_message ("%s at text × %.2f: %d px wide, title line %d px", test->page, test->text_scale, minimum, title_height);
  g_assert_cmpint (title_height, >=, (int) (15 * test->text_scale));
  g_assert_cmpint (minimum, <=, 360);
  g_object_set (settings, "gtk-xft-dpi", dpi, NULL);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *data_home = g_dir_make_tmp ("pitstop-wizard-ui-XXXXXX", NULL);
  g_autoptr(GPtrArray) pages = pit_wizard_test_page_ids ();

  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  if (!pit_ui_test_init (&argc, &argv))
    {
      g_test_skip ("no display (run under xvfb-run)");
      return g_test_run ();
    }

  for (guint i = 0; i < pages->len; i++)
    {
      const char *id = g_ptr_array_index (pages, i);

      pit_wizard_test_add_page_test (id, "keyboard-reaches-every-control", 1.0, test_keyboard_reaches_every_control);
      pit_wizard_test_add_page_test (id, "fits-360-px", 1.0, test_fits_360_px);
      pit_wizard_test_add_page_test (id, "fits-360-px-large-text", 1.25, test_fits_360_px);
    }
  g_test_add ("/wizard/alt-arrows-move-between-pages", Fixture, NULL, pit_wizard_fixture_set_up,
              test_alt_arrows_move_between_pages, pit_wizard_fixture_tear_down);
  g_test_add ("/wizard/invalid-input", Fixture, NULL, pit_wizard_fixture_set_up, test_invalid_input_stops_next,
              pit_wizard_fixture_tear_down);
  g_test_add ("/wizard/apply-then-undo", Fixture, NULL, pit_wizard_fixture_set_up, test_apply_then_undo,
              pit_wizard_fixture_tear_down);
  g_test_add ("/wizard/undo-toast", Fixture, NULL, pit_wizard_fixture_set_up, test_undo_toast,
              pit_wizard_fixture_tear_down);
  g_test_add ("/wizard/apply-in-background-notifies", Fixture, NULL, pit_wizard_fixture_set_up,
              test_apply_in_background_notifies, pit_wizard_fixture_tear_down);

  return pit_wizard_test_run ();
}
