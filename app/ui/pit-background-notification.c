/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-ui"

#include "config.h"

#include "pit-background-notification.h"

/* A long task (a minute's measurement, a define on a remote host over SSH)
 * ends while the user works in another window: tell them through the
 * desktop's notifications.  When the window the task belongs to is the
 * active one, the window itself shows the result (a toast, a page) and no
 * notification is sent.  The notification replaces an earlier one with the
 * same id, and is withdrawn when the window becomes active again: by then
 * the user has seen the result in it. */

static void
window_active_cb (GtkWindow  *window,
                  GParamSpec *pspec,
                  gpointer    user_data)
{
  GApplication *app = g_application_get_default ();
  const char *id = user_data;

  if (!gtk_window_is_active (window))
    return;
  if (app != NULL && g_application_get_is_registered (app))
    g_application_withdraw_notification (app, id);
  g_signal_handlers_disconnect_by_func (window, window_active_cb, user_data);
}

/**
 * pit_background_notification_send:
 * @widget: a widget of the window the task belongs to
 * @id: the notification's id: a later one with the same id replaces it
 * @title: what ended, in a few words
 * @body: (nullable): which VM, on which host, and how it ended
 *
 * Returns: %TRUE when a notification was sent (the window was not active)
 */
gboolean
pit_background_notification_send (GtkWidget  *widget,
                                  const char *id,
                                  const char *title,
                                  const char *body)
{
  GApplication *app = g_application_get_default ();
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autoptr(GNotification) notification = NULL;

  if (app == NULL || !g_application_get_is_registered (app) || g_application_get_is_remote (app))
    return FALSE;
  if (!GTK_IS_WINDOW (root) || gtk_window_is_active (GTK_WINDOW (root)))
    return FALSE;

  notification = g_notification_new (title);
  if (body != NULL)
    g_notification_set_body (notification, body);
  g_application_send_notification (app, id, notification);

  g_signal_handlers_disconnect_by_func (root, window_active_cb, (gpointer) g_intern_string (id));
  g_signal_connect (root, "notify::is-active", G_CALLBACK (window_active_cb), (gpointer) g_intern_string (id));
  return TRUE;
}
