/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The main window's two dialogs: "Connect to Host…" (a URI, or one of the
 * connections virt-manager has saved) and the preferences (the sampling
 * interval).  Installed as the window's win.connect and win.preferences
 * actions by pit-window.c. */
#include "config.h"

#include <glib/gi18n.h>

#include "pit-monitor.h"
#include "pit-virt-manager.h"
#include "pit-window-private.h"
#include "pit-ui-resources.h"

static void
connect_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     PitWindow        *self)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "uri-entry");
  g_autofree char *uri = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  if (g_strcmp0 (response, "connect") != 0)
    return;
  pit_window_open_uri (self, *uri != '\0' ? uri : "qemu:///system");
}

static void
saved_row_activated_cb (GtkListBox    *list,
                        GtkListBoxRow *row,
                        gpointer       user_data)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (list), "uri-entry");

  gtk_editable_set_text (entry, g_object_get_data (G_OBJECT (row), "uri"));
}

/* win.connect */
void
_pit_window_connect_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  PitWindow *self = PIT_WINDOW (widget);
  g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource (RESOURCE_PREFIX "/ui/pit-connect-dialog.ui");
  GtkWidget *dialog = GTK_WIDGET (gtk_builder_get_object (builder, "dialog"));
  GtkEditable *entry = GTK_EDITABLE (gtk_builder_get_object (builder, "uri_entry"));

  GtkListBox *saved_list = GTK_LIST_BOX (gtk_builder_get_object (builder, "saved_list"));
  g_auto(GStrv) saved = pit_virt_manager_dup_saved_uris ();

  if (self->connection != NULL && !pit_connection_is_demo (self->connection))
    gtk_editable_set_text (entry, pit_connection_get_uri (self->connection));
  /* the connections virt-manager has saved, one click each */
  for (guint i = 0; saved != NULL && saved[i] != NULL; i++)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), saved[i]);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("Saved in Virtual Machine Manager"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data_full (G_OBJECT (row), "uri", g_strdup (saved[i]), g_free);
      gtk_list_box_append (saved_list, row);
      gtk_widget_set_visible (GTK_WIDGET (saved_list), TRUE);
    }
  g_object_set_data (G_OBJECT (saved_list), "uri-entry", entry);
  g_signal_connect (saved_list, "row-activated", G_CALLBACK (saved_row_activated_cb), NULL);
  g_object_set_data (G_OBJECT (dialog), "uri-entry", entry);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (self));
  g_signal_connect (dialog, "response", G_CALLBACK (connect_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
interval_changed_cb (GtkSpinButton *spin,
                     PitWindow     *self)
{
  guint seconds = gtk_spin_button_get_value_as_int (spin);

  if (self->settings != NULL)
    g_settings_set_uint (self->settings, "monitor-interval", seconds);
  else if (self->monitor != NULL)
    pit_monitor_set_interval (self->monitor, seconds);
}

/* win.preferences */
void
_pit_window_preferences_action (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *parameter)
{
  PitWindow *self = PIT_WINDOW (widget);
  GtkWidget *window = adw_preferences_window_new ();
  GtkWidget *page = adw_preferences_page_new ();
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *spin = gtk_spin_button_new_with_range (PIT_MONITOR_MIN_INTERVAL, PIT_MONITOR_MAX_INTERVAL, 1);
  guint interval = self->settings ? g_settings_get_uint (self->settings, "monitor-interval")
                                              : self->monitor ? pit_monitor_get_interval (self->monitor) : 1;

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Performance"));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Sampling interval (seconds)"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                           _("How often the live figures are read while they are shown; "
                                             "in the background Pitstop reads them far less often"));
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), interval);
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                              _("Sampling interval (seconds)"), -1);
  g_signal_connect_object (spin, "value-changed", G_CALLBACK (interval_changed_cb), self, 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), spin);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (window), ADW_PREFERENCES_PAGE (page));
  gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (self));
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  gtk_window_present (GTK_WINDOW (window));
}
