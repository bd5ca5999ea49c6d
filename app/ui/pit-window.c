/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "pit-advisor.h"
#include "pit-connection-problem.h"
#include "pit-dashboard-page.h"
#include "pit-monitor.h"
#include "pit-overview-page.h"
#include "pit-demo.h"
#include "pit-domain-page.h"
#include "pit-domain-row.h"
#include "pit-virt-manager.h"
#include "pit-window.h"
#include "pit-window-private.h"
#include "pit-wizard.h"
#include "pit-ui-resources.h"

/* The main window: the connection's virtual machines in a sidebar, the
 * overview of the selected one beside it.  While the connection opens it
 * shows a spinner; when it fails, why and what to do; when it drops, a
 * banner while it reconnects, keeping the last known list. */

G_DEFINE_FINAL_TYPE (PitWindow, pit_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  SIGNAL_READY,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
setup_row_cb (GtkListItemFactory *factory,
              GtkListItem        *item)
{
  gtk_list_item_set_child (item, pit_domain_row_new ());
}

static void
bind_row_cb (GtkListItemFactory *factory,
             GtkListItem        *item)
{
  pit_domain_row_set_domain (PIT_DOMAIN_ROW (gtk_list_item_get_child (item)),
                             gtk_list_item_get_item (item));
}

static void
unbind_row_cb (GtkListItemFactory *factory,
               GtkListItem        *item)
{
  pit_domain_row_set_domain (PIT_DOMAIN_ROW (gtk_list_item_get_child (item)), NULL);
}

static void
update_list_page (PitWindow *self)
{
  guint n = self->connection
              ? g_list_model_get_n_items (pit_connection_get_domains (self->connection))
              : 0;

  gtk_stack_set_visible_child_name (self->list_stack, n > 0 ? "list" : "empty");
}

/**
 * _pit_window_get_shown_domain:
 * Returns: (transfer none) (nullable): the VM whose pages are shown
 */
PitDomain *
_pit_window_get_shown_domain (PitWindow *self)
{
  return self->domain_page != NULL ? pit_domain_page_get_domain (self->domain_page) : NULL;
}

/* narrow: the view switcher moves from the header to a bar at the bottom,
 * only while a VM's pages are shown */
static void
update_switcher_bar (PitWindow *self)
{
  adw_view_switcher_bar_set_reveal (self->switcher_bar,
                                    _pit_window_get_shown_domain (self) != NULL
                                    && adw_view_switcher_title_get_title_visible (self->content_title));
}

static void
tune_cb (PitWindow  *self,
         const char *page)
{
  pit_window_open_wizard (self, page);
}

/* A VM's configuration page and dashboard, built when a VM is first shown:
 * with 200 VMs the window's first frame has the sidebar's and the
 * overview's rows to create and measure, and neither page is on it. */
static void
ensure_domain_pages (PitWindow *self)
{
  if (self->domain_page != NULL)
    return;
  self->domain_page = g_object_new (PIT_TYPE_DOMAIN_PAGE, NULL);
  self->dashboard_page = PIT_DASHBOARD_PAGE (pit_dashboard_page_new ());
  g_signal_connect_object (self->domain_page, "tune", G_CALLBACK (tune_cb), self, G_CONNECT_SWAPPED);
  adw_bin_set_child (self->configuration_bin, GTK_WIDGET (self->domain_page));
  adw_bin_set_child (self->performance_bin, GTK_WIDGET (self->dashboard_page));
}

static void
show_domain (PitWindow *self,
             PitDomain *domain)
{
  if (domain != NULL)
    ensure_domain_pages (self);
  if (self->domain_page != NULL)
    {
      pit_domain_page_set_domain (self->domain_page, domain);
      pit_domain_page_set_report (self->domain_page,
                                  domain && self->reports ? g_hash_table_lookup (self->reports, pit_domain_get_uuid (domain))
                                                          : NULL);
      pit_dashboard_page_set_domain (self->dashboard_page, domain ? self->monitor : NULL, domain);
    }
  adw_view_switcher_title_set_title (self->content_title,
                                     domain ? pit_domain_get_name (domain) : _("Overview"));
  adw_view_switcher_title_set_view_switcher_enabled (self->content_title, domain != NULL);
  /* the test driver lives in this process: virt-manager could not see it */
  gtk_widget_set_visible (self->virt_manager_button,
                          domain != NULL && self->connection != NULL && !pit_connection_is_demo (self->connection)
                            && pit_virt_manager_is_available ());
  update_switcher_bar (self);
  gtk_stack_set_visible_child_name (self->content_stack, domain ? "domain" : "none");
}

static void
items_changed_cb (PitWindow *self,
                  guint      position,
                  guint      removed,
                  guint      added)
{
  update_list_page (self);
  if (self->host_read)
    _pit_window_watch_domains (self, position, added);

  /* the shown domain was undefined elsewhere: say so by showing nothing */
  if (_pit_window_get_shown_domain (self) != NULL
      && gtk_single_selection_get_selected_item (self->selection) == NULL)
    show_domain (self, NULL);
}

static void
show_error (PitWindow    *self,
            const GError *error)
{
  g_autofree char *advice = pit_connection_problem_advice (error, pit_connection_get_uri (self->connection));

  /* set only now: the stack measures its hidden pages too, and this icon at
   * the status page's size is an SVG, whose loader (librsvg) would be
   * mapped at every start for a page most starts never show (6.5 MiB) */
  adw_status_page_set_icon_name (self->error_page, "network-error-symbolic");
  adw_status_page_set_description (self->error_page, error ? error->message : NULL);
  gtk_label_set_label (self->error_advice, advice);
  gtk_stack_set_visible_child_name (self->main_stack, "error");
}

/* The connecting page's spinner starts only after SPINNER_DELAY_MS: a
 * local host's list comes sooner, and a spinner that flashes for a moment
 * says nothing.  Its theme icon is an SVG, so a spinner drawn even once
 * maps librsvg (6.5 MiB resident) into a start that did not need it. */
#define SPINNER_DELAY_MS 500

static gboolean
start_spinner_cb (gpointer user_data)
{
  PitWindow *self = user_data;

  self->spinner_source = 0;
  gtk_spinner_set_spinning (GTK_SPINNER (adw_status_page_get_child (self->connecting_page)), TRUE);
  return G_SOURCE_REMOVE;
}

/* GTK 4.8 runs a spinner's animation on a hidden stack page too: that kept
 * the frame clock (layout, X11 round trips) going 60 times a second */
static void
main_page_changed_cb (PitWindow *self)
{
  gboolean connecting = g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "connecting") == 0;

  if (!connecting)
    {
      g_clear_handle_id (&self->spinner_source, g_source_remove);
      gtk_spinner_set_spinning (GTK_SPINNER (adw_status_page_get_child (self->connecting_page)), FALSE);
    }
  else if (self->spinner_source == 0)
    self->spinner_source = g_timeout_add (SPINNER_DELAY_MS, start_spinner_cb, self);
}

static void
status_changed_cb (PitWindow *self)
{
  PitConnectionStatus status = pit_connection_get_status (self->connection);
  const GError *error = pit_connection_get_error (self->connection);

  switch (status)
    {
    case PIT_CONNECTION_STATUS_CONNECTING:
      gtk_stack_set_visible_child_name (self->main_stack, "connecting");
      break;
    case PIT_CONNECTION_STATUS_FAILED:
      show_error (self, error);
      break;
    case PIT_CONNECTION_STATUS_LOST:
      {
        g_autofree char *text = g_strdup_printf (_("%s Reconnecting…"), error ? error->message : "");

        gtk_label_set_label (self->lost_label, text);
        gtk_spinner_set_spinning (self->lost_spinner, TRUE);
        gtk_revealer_set_reveal_child (self->lost_revealer, TRUE);
        gtk_widget_set_sensitive (GTK_WIDGET (self->content_stack), FALSE);
      }
      break;
    case PIT_CONNECTION_STATUS_CONNECTED:
      gtk_revealer_set_reveal_child (self->lost_revealer, FALSE);
      gtk_spinner_set_spinning (self->lost_spinner, FALSE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->content_stack), TRUE);
      update_list_page (self);
      /* the first list of a window shows at once, not in a 200 ms crossfade
       * from the spinner: it is there sooner, and in software rendering
       * (the cairo renderer) each frame of a crossfade draws both pages
       * into two window-sized buffers (2.65 MiB each at the default size,
       * heaptrack) */
      gtk_stack_set_visible_child_full (self->main_stack, "main",
                                        self->listed_time == 0 ? GTK_STACK_TRANSITION_TYPE_NONE
                                                               : GTK_STACK_TRANSITION_TYPE_CROSSFADE);
      if (self->listed_time == 0)
        self->listed_time = g_get_monotonic_time ();
      break;
    case PIT_CONNECTION_STATUS_DISCONNECTED:
    default:
      break;
    }
}

static void
selection_changed_cb (PitWindow *self)
{
  PitDomain *domain = gtk_single_selection_get_selected_item (self->selection);

  if (domain == NULL)
    return;
  show_domain (self, domain);
  /* folded (narrow): choosing a VM opens its page */
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

static void
activate_cb (PitWindow *self,
             guint      position)
{
  gtk_single_selection_set_selected (self->selection, position);
  selection_changed_cb (self);
}

static void
overview_activated_cb (PitWindow  *self,
                       PitDomain  *domain,
                       const char *uri)
{
  if (self->connection != NULL && g_strcmp0 (uri, pit_connection_get_uri (self->connection)) != 0)
    {
      /* a VM of another host in the overview: open that host, then the VM */
      g_free (self->pending_select);
      self->pending_select = g_strdup (pit_domain_get_uuid (domain));
      pit_window_open_uri (self, uri);
      return;
    }
  pit_window_select_domain (self, pit_domain_get_uuid (domain));
  adw_view_stack_set_visible_child_name (self->view_stack, "performance");
}

static void
leaflet_child_cb (PitWindow *self)
{
  /* back on the list while folded: forget the choice, so tapping the same
   * VM again opens it again */
  if (adw_leaflet_get_folded (self->leaflet)
      && adw_leaflet_get_visible_child (self->leaflet) != GTK_WIDGET (self->content))
    gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
}

static gboolean
emit_ready_idle_cb (gpointer user_data)
{
  PitWindow *self = user_data;

  g_signal_emit (self, signals[SIGNAL_READY], 0);

  /* the advisor's host facts, read once per connection in a worker thread,
   * after the list is on screen: on 2 cores it would slow the first frame */
  if (self->connection != NULL && !self->host_read)
    _pit_window_read_host (self);
  return G_SOURCE_REMOVE;
}

static void ready_after_map_cb (PitWindow *self);

static void
ready_after_paint_cb (GdkFrameClock *clock,
                      PitWindow     *self)
{
  g_signal_handlers_disconnect_by_func (clock, ready_after_paint_cb, self);
  g_idle_add_full (G_PRIORITY_LOW, emit_ready_idle_cb, g_object_ref (self), g_object_unref);
}

/* "ready" once a frame with the list in it is drawn: the next paint of a
 * mapped window (the list was put in before it), else the first after the
 * window is mapped.  An idle alone came before the first frame when the
 * list was read before the window was on screen (the application opens its
 * host while it builds the window): a test then found the overview not yet
 * shown, and the benchmark would have stopped its clock too soon. */
static void
emit_ready_after_paint (PitWindow *self)
{
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      g_signal_connect_object (self, "map", G_CALLBACK (ready_after_map_cb), self,
                               G_CONNECT_SWAPPED | G_CONNECT_AFTER);
      return;
    }
  g_signal_connect_object (gtk_widget_get_frame_clock (GTK_WIDGET (self)), "after-paint",
                           G_CALLBACK (ready_after_paint_cb), self, 0);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
ready_after_map_cb (PitWindow *self)
{
  g_signal_handlers_disconnect_by_func (self, ready_after_map_cb, self);
  emit_ready_after_paint (self);
}

static void
open_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(PitWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!pit_connection_open_finish (PIT_CONNECTION (object), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Could not open %s: %s", pit_connection_get_uri (PIT_CONNECTION (object)), error->message);
      return;
    }
  if (PIT_CONNECTION (object) != self->connection)
    return;

  if (self->settings != NULL && !pit_connection_is_demo (self->connection))
    g_settings_set_string (self->settings, "last-uri", pit_connection_get_uri (self->connection));

  if (self->pending_select != NULL)
    {
      g_autofree char *select = g_steal_pointer (&self->pending_select);

      pit_window_select_domain (self, select);
    }


  emit_ready_after_paint (self);
}

static void
set_connection (PitWindow     *self,
                PitConnection *connection)
{
  if (self->connection != NULL)
    {
      g_clear_signal_handler (&self->status_id, self->connection);
      g_clear_signal_handler (&self->items_changed_id, pit_connection_get_domains (self->connection));
      pit_connection_close (self->connection);
    }
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  show_domain (self, NULL);
  gtk_revealer_set_reveal_child (self->lost_revealer, FALSE);

  g_clear_pointer (&self->host, pit_host_inventory_unref);
  self->host_read = FALSE;
  g_clear_pointer (&self->reports, g_hash_table_unref);
  self->reports = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  g_set_object (&self->connection, connection);
  gtk_single_selection_set_model (self->selection, pit_connection_get_domains (connection));
  if (self->monitor != NULL)
    pit_monitor_group_remove (self->group, self->monitor);
  g_clear_object (&self->monitor);
  self->monitor = pit_monitor_new (connection);
  if (self->settings != NULL)
    g_settings_bind (self->settings, "monitor-interval", self->monitor, "interval", G_SETTINGS_BIND_GET);
  pit_monitor_group_add (self->group, self->monitor);
  self->status_id = g_signal_connect_object (connection, "notify::status",
                                             G_CALLBACK (status_changed_cb), self, G_CONNECT_SWAPPED);
  self->items_changed_id = g_signal_connect_object (pit_connection_get_domains (connection), "items-changed",
                                                    G_CALLBACK (items_changed_cb), self,
                                                    G_CONNECT_SWAPPED | G_CONNECT_AFTER);

  adw_window_title_set_subtitle (self->sidebar_title,
                                 pit_connection_is_demo (connection) ? _("Demo host")
                                                                     : pit_connection_get_uri (connection));
  adw_status_page_set_description (self->connecting_page, pit_connection_get_uri (connection));
  gtk_stack_set_visible_child_name (self->main_stack, "connecting");
  /* an early open may be further along: listed, or failed */
  status_changed_cb (self);

  pit_connection_open_async (connection, self->cancellable, open_done_cb, g_object_ref (self));
}

/**
 * pit_window_open_uri:
 * Connects to @uri ("demo" for the demo host) in the background.
 */
void
pit_window_open_uri (PitWindow  *self,
                     const char *uri)
{
  g_autoptr(PitConnection) connection = NULL;

  g_return_if_fail (PIT_IS_WINDOW (self));
  g_return_if_fail (uri != NULL);

  /* the application's early open of this host, if there is one */
  connection = pit_connection_take_early (uri);
  if (connection == NULL)
    connection = pit_connection_new (uri);
  set_connection (self, connection);
}

/* Actions ------------------------------------------------------------------ */

static void
open_in_virt_manager_action (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *parameter)
{
  PitWindow *self = PIT_WINDOW (widget);
  PitDomain *domain = _pit_window_get_shown_domain (self);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;

  if (domain == NULL || self->connection == NULL)
    return;
  /* an argument vector, never a shell */
  process = pit_virt_manager_launch (pit_connection_get_uri (self->connection), pit_domain_get_name (domain),
                                     PIT_VIRT_MANAGER_VIEW_DETAILS, &error);
  if (process == NULL)
    {
      AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                                             _("Could Not Open Virtual Machine Manager"),
                                                                             error->message));

      adw_message_dialog_add_response (dialog, "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
    }
}

static void
show_findings_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  pit_window_show_view (PIT_WINDOW (widget), "configuration");
}

static void
open_demo_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  pit_window_open_uri (PIT_WINDOW (widget), "demo");
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  PitWindow *self = PIT_WINDOW (widget);

  if (self->connection != NULL)
    pit_window_open_uri (self, pit_connection_get_uri (self->connection));
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PitWindow *self = PIT_WINDOW (widget);

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

/* GObject ------------------------------------------------------------------- */

static void
save_window_state (PitWindow *self)
{
  int width, height;

  if (self->settings == NULL)
    return;
  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (GTK_WINDOW (self)));
}

static gboolean
pit_window_close_request (GtkWindow *window)
{
  save_window_state (PIT_WINDOW (window));

  return GTK_WINDOW_CLASS (pit_window_parent_class)->close_request (window);
}

static void
pit_window_dispose (GObject *object)
{
  PitWindow *self = (PitWindow *) object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->spinner_source, g_source_remove);
  if (self->connection != NULL)
    {
      g_clear_signal_handler (&self->status_id, self->connection);
      g_clear_signal_handler (&self->items_changed_id, pit_connection_get_domains (self->connection));
      pit_connection_close (self->connection);
      g_clear_object (&self->connection);
    }
  if (self->overview_page != NULL)
    pit_overview_page_set_group (self->overview_page, NULL);
  if (self->extra_connections != NULL)
    for (guint i = 0; i < self->extra_connections->len; i++)
      pit_connection_close (g_ptr_array_index (self->extra_connections, i));
  g_clear_pointer (&self->extra_monitors, g_ptr_array_unref);
  g_clear_pointer (&self->extra_connections, g_ptr_array_unref);
  g_clear_object (&self->group);
  g_clear_object (&self->monitor);
  g_clear_pointer (&self->pending_select, g_free);
  g_clear_pointer (&self->host, pit_host_inventory_unref);
  g_clear_pointer (&self->reports, g_hash_table_unref);
  g_clear_object (&self->settings);
  gtk_widget_dispose_template (GTK_WIDGET (self), PIT_TYPE_WINDOW);
  /* they went with their bins */
  self->domain_page = NULL;
  self->dashboard_page = NULL;
  g_clear_object (&self->selection);

  G_OBJECT_CLASS (pit_window_parent_class)->dispose (object);
}

static void
pit_window_class_init (PitWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = pit_window_dispose;
  window_class->close_request = pit_window_close_request;

  /**
   * PitWindow::ready:
   * The connection is open and the list is drawn (used by the benchmark and
   * the screenshot script).
   */
  signals[SIGNAL_READY] = g_signal_new ("ready", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (PIT_TYPE_OVERVIEW_PAGE);
  g_type_ensure (PIT_TYPE_ROW_VIEW);
  pit_ui_resources_ensure ();
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/pit-window.ui");
  gtk_widget_class_bind_template_child (widget_class, PitWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, PitWindow, connecting_page);
  gtk_widget_class_bind_template_child (widget_class, PitWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, PitWindow, error_advice);
  gtk_widget_class_bind_template_child (widget_class, PitWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, PitWindow, sidebar_title);
  gtk_widget_class_bind_template_child (widget_class, PitWindow, lost_revealer);
  gtk_widget_class_bind_template_child (widget_class, PitWindow, lost_spinner);
  gtk_widget_class_bind_template_child (widget_class, PitWindow, lost_label);
  gtk_widget_class_bind_template_child (widget_class, PitWindow, list_stack);
  gtk_widget_class_bind_template_child (widget_class, PitWindow, domain_list);
  gtk_widget_class_bind_template_child (widget_class, PitWindow, content);
  gtk_widget_class_bind_template_child (widget_class, PitWindow, content_title);
  gtk_widget_class_bind_template_child (widget_class, PitWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, PitWindow, switcher_bar);
  gtk_widget_class_bind_template_child (widget_class, PitWindow, virt_manager_button);
  gtk_widget_class_bind_template_child (widget_class, PitWindow, overview_page);
  gtk_widget_class_bind_template_child (widget_class, PitWindow, content_stack);
  gtk_widget_class_bind_template_child (widget_class, PitWindow, configuration_bin);
  gtk_widget_class_bind_template_child (widget_class, PitWindow, performance_bin);

  gtk_widget_class_install_action (widget_class, "win.connect", NULL, _pit_window_connect_action);
  gtk_widget_class_install_action (widget_class, "win.open-demo", NULL, open_demo_action);
  gtk_widget_class_install_action (widget_class, "win.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "win.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "win.preferences", NULL, _pit_window_preferences_action);
  gtk_widget_class_install_action (widget_class, "win.add-overview-host", NULL, _pit_window_add_overview_host_action);
  gtk_widget_class_install_action (widget_class, "win.open-in-virt-manager", NULL, open_in_virt_manager_action);
  gtk_widget_class_install_action (widget_class, "win.show-findings", NULL, show_findings_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_comma, GDK_CONTROL_MASK, "win.preferences", NULL);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, GDK_CONTROL_MASK, "win.connect", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "win.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "win.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "win.back", NULL);
}

static GSettings *
settings_if_installed (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema == NULL)
    {
      g_debug ("GSettings schema %s not installed: nothing is remembered", APP_ID);
      return NULL;
    }
  return g_settings_new_full (schema, NULL, NULL);
}

static void
pit_window_init (PitWindow *self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  self->selection = gtk_single_selection_new (NULL);
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row_cb), NULL);
  pit_row_view_set_factory (self->domain_list, factory);
  g_object_unref (factory);
  pit_row_view_set_model (self->domain_list, GTK_SELECTION_MODEL (self->selection));

  g_signal_connect_object (self->selection, "selection-changed", G_CALLBACK (selection_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->domain_list, "activate", G_CALLBACK (activate_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->leaflet, "notify::visible-child", G_CALLBACK (leaflet_child_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->content_title, "notify::title-visible", G_CALLBACK (update_switcher_bar), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->overview_page, "domain-activated", G_CALLBACK (overview_activated_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->main_stack, "notify::visible-child-name", G_CALLBACK (main_page_changed_cb), self,
                           G_CONNECT_SWAPPED);
  main_page_changed_cb (self);

  self->group = pit_monitor_group_new ();
  self->extra_connections = g_ptr_array_new_with_free_func (g_object_unref);
  self->extra_monitors = g_ptr_array_new_with_free_func (g_object_unref);
  pit_overview_page_set_group (self->overview_page, self->group);
  self->settings = settings_if_installed ();
  if (self->settings != NULL)
    {
      gtk_window_set_default_size (GTK_WINDOW (self),
                                   g_settings_get_int (self->settings, "window-width"),
                                   g_settings_get_int (self->settings, "window-height"));
      if (g_settings_get_boolean (self->settings, "window-maximized"))
        gtk_window_maximize (GTK_WINDOW (self));
    }
  if (DEVELOPMENT)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");

  if (self->settings != NULL)
    {
      g_auto(GStrv) uris = g_settings_get_strv (self->settings, "overview-uris");

      for (guint i = 0; uris[i] != NULL; i++)
        pit_window_add_overview_host (self, uris[i]);
    }
}

PitWindow *
pit_window_new (GtkApplication *application)
{
  return g_object_new (PIT_TYPE_WINDOW, "application", application, NULL);
}

/**
 * pit_window_get_listed_time:
 * Returns: g_get_monotonic_time() when the list first showed (names and
 *   states; over a slow link the VMs' XML follows), or 0
 */
gint64
pit_window_get_listed_time (PitWindow *self)
{
  g_return_val_if_fail (PIT_IS_WINDOW (self), 0);

  return self->listed_time;
}

/**
 * pit_window_get_connection:
 * Returns: (transfer none) (nullable): the connection shown
 */
PitConnection *
pit_window_get_connection (PitWindow *self)
{
  g_return_val_if_fail (PIT_IS_WINDOW (self), NULL);

  return self->connection;
}

/**
 * pit_window_select_domain:
 * Shows the overview of the domain with that name or UUID, and its row in
 * the sidebar.
 * Returns: whether it was found
 */
gboolean
pit_window_select_domain (PitWindow  *self,
                          const char *name_or_uuid)
{
  PitDomain *domain;
  guint position;

  g_return_val_if_fail (PIT_IS_WINDOW (self), FALSE);

  if (self->connection == NULL)
    return FALSE;
  domain = pit_connection_find_domain (self->connection, name_or_uuid);
  if (domain == NULL
      || !g_list_store_find (G_LIST_STORE (pit_connection_get_domains (self->connection)), domain, &position))
    return FALSE;

  gtk_single_selection_set_selected (self->selection, position);
  /* in view in the sidebar too (chosen in the overview, or by name) */
  pit_row_view_scroll_to (self->domain_list, position);
  return TRUE;
}

/**
 * pit_window_get_domain_list:
 * Returns: (transfer none): the sidebar's list: its GtkGridView or
 *   GtkListView (for tests)
 */
GtkWidget *
pit_window_get_domain_list (PitWindow *self)
{
  g_return_val_if_fail (PIT_IS_WINDOW (self), NULL);

  return pit_row_view_get_view (self->domain_list);
}

/**
 * pit_window_show_view:
 * @view: "configuration" or "performance"
 * Switches the selected VM's page.
 */
void
pit_window_show_view (PitWindow  *self,
                      const char *view)
{
  g_return_if_fail (PIT_IS_WINDOW (self));

  adw_view_stack_set_visible_child_name (self->view_stack, view);
}

/**
 * pit_window_open_wizard:
 * @page: (nullable): the wizard page to open ("cpu", …), %NULL for the first
 * Opens the tuning wizard for the selected VM.
 * Returns: (transfer none) (nullable): the wizard
 */
GtkWindow *
pit_window_open_wizard (PitWindow  *self,
                        const char *page)
{
  PitDomain *domain;
  PitWizard *wizard;

  g_return_val_if_fail (PIT_IS_WINDOW (self), NULL);

  domain = _pit_window_get_shown_domain (self);
  if (domain == NULL || self->connection == NULL)
    return NULL;
  wizard = pit_wizard_new (GTK_WINDOW (self), self->connection, domain);
  if (page != NULL && *page != '\0')
    pit_wizard_show_page (wizard, page);
  gtk_window_present (GTK_WINDOW (wizard));
  return GTK_WINDOW (wizard);
}

/**
 * pit_window_get_monitor:
 * Returns: (transfer none) (nullable): the live statistics of the connection
 */
PitMonitor *
pit_window_get_monitor (PitWindow *self)
{
  g_return_val_if_fail (PIT_IS_WINDOW (self), NULL);

  return self->monitor;
}
