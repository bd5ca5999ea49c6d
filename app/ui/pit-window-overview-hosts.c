/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The overview's other hosts: pit_window_add_overview_host() (their VMs
 * beside the open connection's, each host with its own connection and
 * monitor in the window's monitor group) and the win.add-overview-host
 * dialog, which also remembers the host in the overview-uris setting. */
#define G_LOG_DOMAIN "pitstop-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "pit-monitor.h"
#include "pit-ui-resources.h"
#include "pit-window-private.h"

static void
extra_opened_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* a host that cannot be reached shows no VMs; it retries when it was lost */
  if (!pit_connection_open_finish (PIT_CONNECTION (object), result, &error))
    g_debug ("Overview host %s: %s", pit_connection_get_uri (PIT_CONNECTION (object)), error->message);
}

/**
 * pit_window_add_overview_host:
 * Shows the VMs of @uri in the overview too, beside the open connection's.
 */
void
pit_window_add_overview_host (PitWindow  *self,
                              const char *uri)
{
  g_autoptr(PitConnection) connection = NULL;
  g_autoptr(PitMonitor) monitor = NULL;

  g_return_if_fail (PIT_IS_WINDOW (self));

  for (guint i = 0; i < self->extra_connections->len; i++)
    if (g_strcmp0 (pit_connection_get_uri (g_ptr_array_index (self->extra_connections, i)), uri) == 0)
      return;
  connection = pit_connection_new (uri);
  monitor = pit_monitor_new (connection);
  if (self->settings != NULL)
    g_settings_bind (self->settings, "monitor-interval", monitor, "interval", G_SETTINGS_BIND_GET);
  pit_monitor_group_add (self->group, monitor);
  g_ptr_array_add (self->extra_monitors, g_object_ref (monitor));
  g_ptr_array_add (self->extra_connections, g_object_ref (connection));
  pit_connection_open_async (connection, self->cancellable, extra_opened_cb, NULL);
}

static void
add_host_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      PitWindow        *self)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "uri-entry");
  g_autofree char *uri = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  if (g_strcmp0 (response, "connect") != 0 || *uri == '\0')
    return;
  if (self->settings != NULL)
    {
      g_auto(GStrv) uris = g_settings_get_strv (self->settings, "overview-uris");
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
      g_auto(GStrv) updated = NULL;

      if (!g_strv_contains ((const char * const *) uris, uri))
        {
          g_strv_builder_addv (builder, (const char **) uris);
          g_strv_builder_add (builder, uri);
          updated = g_strv_builder_end (builder);
          g_settings_set_strv (self->settings, "overview-uris", (const char * const *) updated);
        }
    }
  pit_window_add_overview_host (self, uri);
}

/* win.add-overview-host */
void
_pit_window_add_overview_host_action (GtkWidget  *widget,
                                      const char *action_name,
                                      GVariant   *parameter)
{
  PitWindow *self = PIT_WINDOW (widget);
  g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource (RESOURCE_PREFIX "/ui/pit-connect-dialog.ui");
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (gtk_builder_get_object (builder, "dialog"));

  adw_message_dialog_set_heading (dialog, _("Show Another Host in the Overview"));
  adw_message_dialog_set_response_label (dialog, "connect", _("_Add"));
  g_object_set_data (G_OBJECT (dialog), "uri-entry", gtk_builder_get_object (builder, "uri_entry"));
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (self));
  g_signal_connect (dialog, "response", G_CALLBACK (add_host_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
}
