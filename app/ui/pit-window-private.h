/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pit-dashboard-page.h"
#include "pit-domain-page.h"
#include "pit-monitor-group.h"
#include "pit-overview-page.h"
#include "pit-row-view.h"
#include "pit-window.h"

G_BEGIN_DECLS

/* The window's state, shared by pit-window.c and its parts (pit-window-advisor.c,
 * pit-window-dialogs.c). */
struct _PitWindow
{
  AdwApplicationWindow parent_instance;

  PitConnection *connection;
  PitMonitor *monitor;
  PitMonitorGroup *group;        /* the overview: this connection's monitor and the extra hosts' */
  GPtrArray *extra_connections;  /* PitConnection of overview-uris */
  GPtrArray *extra_monitors;     /* their PitMonitor, same order */
  char *pending_select;          /* a VM to select once the connection is open */
  PitHostInventory *host;        /* for the advisor; NULL until read */
  GHashTable *reports;           /* uuid → PitAdvisorReport */
  gboolean host_read;            /* the advisor runs once the host is read */
  gint64 listed_time;            /* monotonic µs when the list first showed */
  guint spinner_source;          /* starts the connecting page's spinner */
  gulong status_id;
  gulong items_changed_id;
  GCancellable *cancellable;
  GSettings *settings;

  GtkStack *main_stack;
  AdwStatusPage *connecting_page;
  AdwStatusPage *error_page;
  GtkLabel *error_advice;
  AdwLeaflet *leaflet;
  AdwWindowTitle *sidebar_title;
  GtkRevealer *lost_revealer;
  GtkSpinner *lost_spinner;
  GtkLabel *lost_label;
  GtkStack *list_stack;
  PitRowView *domain_list;
  GtkSingleSelection *selection;
  AdwViewSwitcherTitle *content_title;
  AdwViewStack *view_stack;
  AdwViewSwitcherBar *switcher_bar;
  GtkWidget *virt_manager_button;
  PitOverviewPage *overview_page;
  GtkWidget *content;
  GtkStack *content_stack;
  AdwBin *configuration_bin;
  AdwBin *performance_bin;
  /* built when a VM is first shown (NULL until then): the start builds
   * only the sidebar and the overview; children of the bins above */
  PitDomainPage *domain_page;
  PitDashboardPage *dashboard_page;
};

PitDomain *_pit_window_get_shown_domain (PitWindow *self);

void _pit_window_read_host     (PitWindow *self);
void _pit_window_watch_domains (PitWindow *self,
                                guint      position,
                                guint      added);

/* pit-window-overview-hosts.c: the win.add-overview-host action */
void _pit_window_add_overview_host_action (GtkWidget  *widget,
                                           const char *action_name,
                                           GVariant   *parameter);

/* pit-window-dialogs.c: the win.connect and win.preferences actions */
void _pit_window_connect_action     (GtkWidget  *widget,
                                     const char *action_name,
                                     GVariant   *parameter);
void _pit_window_preferences_action (GtkWidget  *widget,
                                     const char *action_name,
                                     GVariant   *parameter);

G_END_DECLS
