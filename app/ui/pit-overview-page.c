/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-ui"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "pit-demo.h"
#include "pit-overview-page.h"
#include "pit-overview-row.h"
#include "pit-row-view.h"
#include "pit-ui-resources.h"

/* Every VM of the window's connections (a PitMonitorGroup: the open one and
 * the hosts added to the overview) with a sparkline and its figures,
 * sortable by processor, memory, disk or network; activating one emits
 * "domain-activated".  Shown when no VM is selected.  Holds the monitors
 * while on screen.
 *
 * Each monitor tick re-sorts once (when sorting by a figure) and shows the
 * new figures on the rows a user can see, right after the frame's layout,
 * when the rows are where they will be drawn; rows off screen (kept bound
 * by the view: about 32 in a one-column grid, up to 200 in GTK 4.8's list
 * view; PitRowView) catch up when they scroll into view. */
struct _PitOverviewPage
{
  AdwBin parent_instance;

  PitMonitorGroup *group;
  gulong tick_id;
  gulong monitors_id;
  GPtrArray *rows;           /* the bound PitOverviewRows */
  GdkFrameClock *frame_clock;  /* while mapped */
  gulong layout_id;
  guint hold_idle;
  gboolean holding;
  PitOverviewSort sort;
  GtkCustomSorter *sorter;
  GtkSortListModel *sorted;

  GtkDropDown *sort_dropdown;
  PitRowView *list;
};

G_DEFINE_FINAL_TYPE (PitOverviewPage, pit_overview_page, ADW_TYPE_BIN)

enum {
  SIGNAL_DOMAIN_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static double
sort_value (PitOverviewSort   sort,
            PitDomainMonitor *monitor)
{
  PitMonitorRates *rates = pit_domain_monitor_get_rates (monitor);
  double value = 0;

  if (rates == NULL || !pit_domain_state_is_active (pit_domain_monitor_get_state (monitor)))
    return -1;
  switch (sort)
    {
    case PIT_OVERVIEW_SORT_CPU:
      value = rates->cpu_host_percent;
      break;
    case PIT_OVERVIEW_SORT_MEMORY:
      value = rates->memory_used;
      break;
    case PIT_OVERVIEW_SORT_DISK:
      value = (isfinite (rates->disk_read_bytes_per_second) ? rates->disk_read_bytes_per_second : 0)
              + (isfinite (rates->disk_write_bytes_per_second) ? rates->disk_write_bytes_per_second : 0);
      break;
    case PIT_OVERVIEW_SORT_NETWORK:
      value = (isfinite (rates->net_rx_bytes_per_second) ? rates->net_rx_bytes_per_second : 0)
              + (isfinite (rates->net_tx_bytes_per_second) ? rates->net_tx_bytes_per_second : 0);
      break;
    case PIT_OVERVIEW_SORT_NAME:
    default:
      break;
    }
  return isfinite (value) ? value : 0;
}

static int
compare_cb (gconstpointer a,
            gconstpointer b,
            gpointer      user_data)
{
  PitOverviewPage *self = user_data;
  PitDomainMonitor *ma = (PitDomainMonitor *) a;
  PitDomainMonitor *mb = (PitDomainMonitor *) b;

  if (self->sort != PIT_OVERVIEW_SORT_NAME)
    {
      double va = sort_value (self->sort, ma);
      double vb = sort_value (self->sort, mb);

      /* largest first */
      if (va != vb)
        return va > vb ? GTK_ORDERING_SMALLER : GTK_ORDERING_LARGER;
    }
  return strcmp (pit_domain_get_collate_key (pit_domain_monitor_get_domain (ma)),
                 pit_domain_get_collate_key (pit_domain_monitor_get_domain (mb)));
}

/* after GTK's own layout of a frame: rows are placed where they will be
 * drawn, so whether one is on screen is known */
static void
layout_cb (PitOverviewPage *self)
{
  GtkWidget *list = GTK_WIDGET (self->list);
  int height = gtk_widget_get_height (list);

  for (guint i = 0; i < self->rows->len; i++)
    {
      PitOverviewRow *row = g_ptr_array_index (self->rows, i);
      graphene_rect_t bounds;

      if (!pit_overview_row_get_stale (row) || !gtk_widget_get_mapped (GTK_WIDGET (row))
          || !gtk_widget_compute_bounds (GTK_WIDGET (row), list, &bounds))
        continue;
      if (bounds.origin.y + bounds.size.height > 0 && bounds.origin.y < height)
        pit_overview_row_update (row);
    }
}

static void
tick_cb (PitOverviewPage *self)
{
  if (self->sort != PIT_OVERVIEW_SORT_NAME)
    gtk_sorter_changed (GTK_SORTER (self->sorter), GTK_SORTER_CHANGE_DIFFERENT);
  /* the rows on screen show the new figures in the next frame */
  if (self->frame_clock != NULL)
    gdk_frame_clock_request_phase (self->frame_clock, GDK_FRAME_CLOCK_PHASE_LAYOUT);
}

static void
setup_cb (GtkListItemFactory *factory,
          GtkListItem        *item)
{
  gtk_list_item_set_child (item, pit_overview_row_new ());
}

/* "Demo host", "This computer", or the remote host's name */
static char *
host_of (const char *uri)
{
  g_autoptr(GUri) parsed = uri ? g_uri_parse (uri, G_URI_FLAGS_NON_DNS, NULL) : NULL;

  if (pit_demo_is_uri (uri))
    return g_strdup (_("Demo host"));
  if (parsed != NULL && g_uri_get_host (parsed) != NULL && *g_uri_get_host (parsed) != '\0')
    return g_strdup (g_uri_get_host (parsed));
  return g_strdup (_("This computer"));
}

static char *host_of (const char *uri);

static void
label_hosts (PitOverviewPage *self,
             GtkWidget       *widget,
             gboolean         several)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (PIT_IS_OVERVIEW_ROW (child))
        {
          PitDomainMonitor *monitor = pit_overview_row_get_monitor (PIT_OVERVIEW_ROW (child));
          g_autofree char *host = several && monitor ? host_of (pit_domain_monitor_get_uri (monitor)) : NULL;

          pit_overview_row_set_host (PIT_OVERVIEW_ROW (child), host);
        }
      else
        label_hosts (self, child, several);
    }
}

/* a host added or removed: name the hosts on the rows already shown */
static void
monitors_changed_cb (PitOverviewPage *self)
{
  label_hosts (self, GTK_WIDGET (self->list),
               g_list_model_get_n_items (pit_monitor_group_get_monitors (self->group)) > 1);
}

static void
bind_cb (GtkListItemFactory *factory,
         GtkListItem        *item,
         PitOverviewPage    *self)
{
  PitOverviewRow *row = PIT_OVERVIEW_ROW (gtk_list_item_get_child (item));
  PitDomainMonitor *monitor = gtk_list_item_get_item (item);
  gboolean several = self->group != NULL
                     && g_list_model_get_n_items (pit_monitor_group_get_monitors (self->group)) > 1;
  g_autofree char *host = several ? host_of (pit_domain_monitor_get_uri (monitor)) : NULL;

  pit_overview_row_set_host (row, host);
  pit_overview_row_set_monitor (row, monitor);
  g_ptr_array_add (self->rows, row);
  if (self->frame_clock != NULL)
    gdk_frame_clock_request_phase (self->frame_clock, GDK_FRAME_CLOCK_PHASE_LAYOUT);
}

static void
unbind_cb (GtkListItemFactory *factory,
           GtkListItem        *item,
           PitOverviewPage    *self)
{
  PitOverviewRow *row = PIT_OVERVIEW_ROW (gtk_list_item_get_child (item));

  pit_overview_row_set_monitor (row, NULL);
  if (self->rows != NULL)
    g_ptr_array_remove_fast (self->rows, row);
}

static void
activate_cb (PitOverviewPage *self,
             guint            position)
{
  g_autoptr(PitDomainMonitor) monitor = g_list_model_get_item (G_LIST_MODEL (self->sorted), position);

  if (monitor != NULL)
    g_signal_emit (self, signals[SIGNAL_DOMAIN_ACTIVATED], 0, pit_domain_monitor_get_domain (monitor),
                   pit_domain_monitor_get_uri (monitor));
}

static void
sort_selected_cb (PitOverviewPage *self)
{
  pit_overview_page_set_sort (self, gtk_drop_down_get_selected (self->sort_dropdown));
}

static void
set_holding (PitOverviewPage *self,
             gboolean         holding)
{
  if (self->group == NULL || self->holding == holding)
    return;
  self->holding = holding;
  if (holding)
    pit_monitor_group_hold (self->group);
  else
    pit_monitor_group_release (self->group);
}

static gboolean
hold_idle_cb (gpointer user_data)
{
  PitOverviewPage *self = user_data;

  self->hold_idle = 0;
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    set_holding (self, TRUE);
  return G_SOURCE_REMOVE;
}

static void
pit_overview_page_map (GtkWidget *widget)
{
  PitOverviewPage *self = PIT_OVERVIEW_PAGE (widget);

  GTK_WIDGET_CLASS (pit_overview_page_parent_class)->map (widget);
  self->frame_clock = g_object_ref (gtk_widget_get_frame_clock (widget));
  self->layout_id = g_signal_connect_object (self->frame_clock, "layout", G_CALLBACK (layout_cb), self,
                                             G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  gdk_frame_clock_request_phase (self->frame_clock, GDK_FRAME_CLOCK_PHASE_LAYOUT);
  /* sample after the window has drawn: at start-up the first readings of
   * every VM would compete with the first frame */
  if (self->hold_idle == 0)
    self->hold_idle = g_idle_add_full (G_PRIORITY_LOW, hold_idle_cb, self, NULL);
}

static void
stop_layout (PitOverviewPage *self)
{
  if (self->frame_clock != NULL)
    g_clear_signal_handler (&self->layout_id, self->frame_clock);
  g_clear_object (&self->frame_clock);
}

static void
pit_overview_page_unmap (GtkWidget *widget)
{
  stop_layout (PIT_OVERVIEW_PAGE (widget));
  g_clear_handle_id (&PIT_OVERVIEW_PAGE (widget)->hold_idle, g_source_remove);
  set_holding (PIT_OVERVIEW_PAGE (widget), FALSE);
  GTK_WIDGET_CLASS (pit_overview_page_parent_class)->unmap (widget);
}

static void
pit_overview_page_dispose (GObject *object)
{
  PitOverviewPage *self = (PitOverviewPage *) object;

  pit_overview_page_set_group (self, NULL);
  stop_layout (self);
  g_clear_handle_id (&self->hold_idle, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), PIT_TYPE_OVERVIEW_PAGE);
  g_clear_object (&self->sorted);
  g_clear_pointer (&self->rows, g_ptr_array_unref);

  G_OBJECT_CLASS (pit_overview_page_parent_class)->dispose (object);
}

static void
pit_overview_page_class_init (PitOverviewPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pit_overview_page_dispose;
  widget_class->map = pit_overview_page_map;
  widget_class->unmap = pit_overview_page_unmap;

  /**
   * PitOverviewPage::domain-activated:
   * @domain: the #PitDomain the user chose
   * @uri: its connection's URI
   */
  signals[SIGNAL_DOMAIN_ACTIVATED] =
    g_signal_new ("domain-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, PIT_TYPE_DOMAIN, G_TYPE_STRING);

  g_type_ensure (PIT_TYPE_ROW_VIEW);
  pit_ui_resources_ensure ();
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/pit-overview-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PitOverviewPage, sort_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PitOverviewPage, list);
}

static void
pit_overview_page_init (PitOverviewPage *self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkNoSelection *selection;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->rows = g_ptr_array_new ();
  self->sorter = gtk_custom_sorter_new (compare_cb, self, NULL);
  self->sorted = gtk_sort_list_model_new (NULL, GTK_SORTER (self->sorter));
  g_signal_connect (factory, "setup", G_CALLBACK (setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cb), self);
  pit_row_view_set_factory (self->list, factory);
  g_object_unref (factory);
  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->sorted)));
  pit_row_view_set_model (self->list, GTK_SELECTION_MODEL (selection));
  g_object_unref (selection);
  g_signal_connect_object (self->list, "activate", G_CALLBACK (activate_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sort_dropdown, "notify::selected", G_CALLBACK (sort_selected_cb), self,
                           G_CONNECT_SWAPPED);
  /* GtkDropDown's own button has no accessible name in GTK 4.8 */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->sort_dropdown)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_TOGGLE_BUTTON (child))
      gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Sort virtual machines by"), -1);
}

void
pit_overview_page_set_group (PitOverviewPage *self,
                             PitMonitorGroup *group)
{
  g_return_if_fail (PIT_IS_OVERVIEW_PAGE (self));

  if (self->group == group)
    return;

  set_holding (self, FALSE);
  if (self->group != NULL)
    {
      g_clear_signal_handler (&self->tick_id, self->group);
      g_clear_signal_handler (&self->monitors_id, pit_monitor_group_get_monitors (self->group));
    }
  g_set_object (&self->group, group);
  gtk_sort_list_model_set_model (self->sorted, G_LIST_MODEL (group));
  if (group == NULL)
    return;

  self->tick_id = g_signal_connect_object (group, "tick", G_CALLBACK (tick_cb), self, G_CONNECT_SWAPPED);
  self->monitors_id = g_signal_connect_object (pit_monitor_group_get_monitors (group), "items-changed",
                                               G_CALLBACK (monitors_changed_cb), self,
                                               G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    set_holding (self, TRUE);
}

void
pit_overview_page_set_sort (PitOverviewPage *self,
                            PitOverviewSort  sort)
{
  g_return_if_fail (PIT_IS_OVERVIEW_PAGE (self));

  if (self->sort == sort)
    return;
  self->sort = sort;
  if (gtk_drop_down_get_selected (self->sort_dropdown) != sort)
    gtk_drop_down_set_selected (self->sort_dropdown, sort);
  gtk_sorter_changed (GTK_SORTER (self->sorter), GTK_SORTER_CHANGE_DIFFERENT);
}

/**
 * pit_overview_page_get_model:
 * Returns: (transfer none): the VMs in the order shown (for tests)
 */
GListModel *
pit_overview_page_get_model (PitOverviewPage *self)
{
  g_return_val_if_fail (PIT_IS_OVERVIEW_PAGE (self), NULL);

  return G_LIST_MODEL (self->sorted);
}
