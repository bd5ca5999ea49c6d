/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>

#include "pit-ui-test-support.h"
#include "pit-test-support.h"

/**
 * pit_ui_test_init:
 * The test's thread owns the default main context from here on, as the
 * application's main thread does while it runs (GApplication holds it):
 * whatever the widgets do, from a callback or straight from the test, a
 * blocking libvirt call among it is a critical (PIT_LIBVIRT_CALL_GUARD()).
 * A test that reads libvirt itself uses libvirt's own calls.
 * Returns: %FALSE (after marking the tests skipped) when there is no display
 */
gboolean
pit_ui_test_init (int    *argc,
                  char ***argv)
{
  g_test_init (argc, argv, NULL);
  if (!gtk_init_check ())
    return FALSE;
  adw_init ();
  if (!g_main_context_acquire (NULL))
    g_error ("another thread owns the default main context");
  return TRUE;
}

static void
collect (GtkWidget *widget,
         GString   *out)
{
  if (!gtk_widget_get_visible (widget) || !gtk_widget_get_child_visible (widget))
    return;

  if (GTK_IS_LABEL (widget))
    g_string_append_printf (out, "%s\n", gtk_label_get_text (GTK_LABEL (widget)));
  else if (GTK_IS_TEXT_VIEW (widget))
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (widget));
      GtkTextIter start, end;
      g_autofree char *text = NULL;

      gtk_text_buffer_get_bounds (buffer, &start, &end);
      text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
      g_string_append_printf (out, "%s\n", text);
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect (child, out);
}

/**
 * pit_ui_test_collect_text:
 * Returns: every label and text view text visible under @widget, one per
 *   line: what a user can read there.
 */
char *
pit_ui_test_collect_text (GtkWidget *widget)
{
  GString *out = g_string_new (NULL);

  collect (widget, out);
  return g_string_free (out, FALSE);
}

gboolean
pit_ui_test_shows_text (GtkWidget  *widget,
                        const char *text)
{
  g_autofree char *all = pit_ui_test_collect_text (widget);

  return strstr (all, text) != NULL;
}

static gboolean
done_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

void
pit_ui_test_wait_ms (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, done_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

/* the first GtkLabel under WIDGET (itself included) showing exactly TEXT */
GtkWidget *
pit_ui_test_find_label (GtkWidget  *widget,
                        const char *text)
{
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = pit_ui_test_find_label (child, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The first widget of @type under @widget (itself not included), depth first */
GtkWidget *
pit_ui_test_find_inside (GtkWidget *widget,
                         GType      type)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = G_TYPE_CHECK_INSTANCE_TYPE (child, type) ? child : pit_ui_test_find_inside (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/**
 * pit_ui_test_get_view_model:
 * @view: a GtkListView or GtkGridView (the app's lists are either, see
 *   PitRowView)
 * Returns: (transfer none): its model
 */
GtkSelectionModel *
pit_ui_test_get_view_model (GtkWidget *view)
{
  if (GTK_IS_GRID_VIEW (view))
    return gtk_grid_view_get_model (GTK_GRID_VIEW (view));
  g_assert_true (GTK_IS_LIST_VIEW (view));
  return gtk_list_view_get_model (GTK_LIST_VIEW (view));
}

typedef struct
{
  GtkWidget *widget;
  const char *text;
  gboolean shown;
} TextWait;

static gboolean
text_is (gpointer user_data)
{
  TextWait *wait = user_data;

  return pit_ui_test_shows_text (wait->widget, wait->text) == wait->shown;
}

/**
 * pit_ui_test_assert_text_within:
 * Waits (the main loop running) until @widget shows @text, or no longer
 * shows it when @shown is FALSE; fails after @timeout_ms with everything
 * the widget shows.
 */
void
pit_ui_test_assert_text_within (GtkWidget  *widget,
                                const char *text,
                                gboolean    shown,
                                guint       timeout_ms)
{
  TextWait wait = { widget, text, shown };

  if (!pit_test_wait_for (text_is, &wait, timeout_ms))
    {
      g_autofree char *all = pit_ui_test_collect_text (widget);

      g_error ("after %u ms the window %s “%s”; it shows:\n%s", timeout_ms,
               shown ? "does not show" : "still shows", text, all);
    }
}

/**
 * pit_ui_test_find_button:
 * The first button at or below @widget whose label is @label (with its
 * mnemonic underscore, as set), or NULL.
 */
GtkWidget *
pit_ui_test_find_button (GtkWidget  *widget,
                         const char *label)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = pit_ui_test_find_button (child, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}
