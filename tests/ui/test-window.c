/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>

#include "pit-test-support.h"
#include "pit-ui-test-support.h"
#include "pit-dashboard-page.h"
#include "pit-domain-page.h"
#include "pit-domain-row.h"
#include "pit-graph.h"
#include "pit-overview-page.h"
#include "pit-overview-row.h"
#include "pit-window.h"
#include "pit-wizard.h"

/* how long a wait for something a user would see may take before the test
 * fails: generous, as a passing wait ends as soon as the thing shows (the
 * machine may be busy with other builds) */
#define WAIT_MS 20000

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

static PitWindow *
open_window (const char *uri)
{
  PitWindow *window = pit_window_new (NULL);

  g_object_ref_sink (window);
  g_signal_connect (window, "ready", G_CALLBACK (ready_cb), NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  gtk_window_present (GTK_WINDOW (window));
  pit_window_open_uri (window, uri);
  return window;
}

static void
close_window (PitWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

static guint
count_rows_under (GtkWidget *widget)
{
  guint n = 0;

  if (!gtk_widget_get_visible (widget) || !gtk_widget_get_child_visible (widget))
    return 0;
  if (PIT_IS_DOMAIN_ROW (widget) && pit_domain_row_get_domain (PIT_DOMAIN_ROW (widget)) != NULL)
    return 1;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_rows_under (child);
  return n;
}

/* the rows a user sees in the sidebar */
static guint
count_rows (PitWindow *window)
{
  return count_rows_under (pit_window_get_domain_list (window));
}

typedef struct
{
  PitMonitor *monitor;
  guint ticks;
} TickWait;

static gboolean
ticked (gpointer user_data)
{
  TickWait *wait = user_data;

  return pit_monitor_get_ticks (wait->monitor) >= wait->ticks;
}

/* what the window shows once its workers are done */
static void
assert_shows_soon (GtkWidget  *widget,
                   const char *text)
{
  pit_ui_test_assert_text_within (widget, text, TRUE, WAIT_MS);
}

static void
test_lists_demo_vms (void)
{
  PitWindow *window = open_window ("demo");
  GtkWidget *list;

  g_assert_true (pit_test_wait_for (window_ready, window, WAIT_MS));
  list = pit_window_get_domain_list (window);

  g_assert_cmpuint (count_rows (window), ==, 3);
  g_assert_true (pit_ui_test_shows_text (list, "win10-gaming"));
  g_assert_true (pit_ui_test_shows_text (list, "fedora-server"));
  g_assert_true (pit_ui_test_shows_text (list, "ubuntu-dev"));
  g_assert_true (pit_ui_test_shows_text (list, "Shut off · 8 vCPUs (2 active) · 16 GiB"));
  g_assert_true (pit_ui_test_shows_text (list, "Running · 4 vCPUs · 4 GiB"));
  g_assert_true (pit_ui_test_shows_text (list, "Paused · 2 vCPUs · 2 GiB"));
  g_assert_true (pit_ui_test_shows_text (GTK_WIDGET (window), "Demo host"));

  close_window (window);
}

static void
test_state_change_appears (void)
{
  PitWindow *window = open_window ("demo");
  PitConnection *connection;
  GtkWidget *list;

  g_assert_true (pit_test_wait_for (window_ready, window, WAIT_MS));
  connection = pit_window_get_connection (window);
  list = pit_window_get_domain_list (window);

  /* as virsh would: straight through libvirt, not through the window */
  g_assert_cmpint (virDomainSuspend (pit_domain_get_handle (pit_connection_find_domain (connection, "fedora-server"))), ==, 0);
  assert_shows_soon (list, "Paused · 4 vCPUs · 4 GiB");

  g_assert_cmpint (virDomainCreate (pit_domain_get_handle (pit_connection_find_domain (connection, "win10-gaming"))), ==, 0);
  assert_shows_soon (list, "Running · 8 vCPUs (2 active) · 16 GiB");

  close_window (window);
}

static void
test_overview_of_win10 (void)
{
  PitWindow *window = open_window ("demo");

  g_assert_true (pit_test_wait_for (window_ready, window, WAIT_MS));
  g_assert_true (pit_window_select_domain (window, "win10-gaming"));

  assert_shows_soon (GTK_WIDGET (window), "8 sockets × 1 core × 1 thread");
  g_assert_true (pit_ui_test_shows_text (GTK_WIDGET (window), "pc-q35-5.1"));
  g_assert_true (pit_ui_test_shows_text (GTK_WIDGET (window), "host-model"));
  g_assert_true (pit_ui_test_shows_text (GTK_WIDGET (window), "/dev/zvol/hddpool/win10 · bus sata · cache default"));
  g_assert_true (pit_ui_test_shows_text (GTK_WIDGET (window), "Virtual network “default”"));
  g_assert_true (pit_ui_test_shows_text (GTK_WIDGET (window), "model e1000e · 52:54:00:6b:3c:58"));
  g_assert_true (pit_ui_test_shows_text (GTK_WIDGET (window), "No devices passed through"));
  g_assert_true (pit_ui_test_shows_text (GTK_WIDGET (window), "<name>win10-gaming</name>"));

  /* another VM replaces the overview, rows are not left behind */
  g_assert_true (pit_window_select_domain (window, "fedora-server"));
  assert_shows_soon (GTK_WIDGET (window), "Bridge br-lan");
  g_assert_false (pit_ui_test_shows_text (GTK_WIDGET (window), "/dev/zvol/hddpool/win10"));

  close_window (window);
}

static gboolean
has_four_rows (gpointer user_data)
{
  return count_rows (user_data) == 4;
}

static void
test_define_undefine_elsewhere (void)
{
  PitWindow *window = open_window ("demo");
  PitConnection *connection;
  virDomainPtr created;
  GtkWidget *list;

  g_assert_true (pit_test_wait_for (window_ready, window, WAIT_MS));
  connection = pit_window_get_connection (window);
  list = pit_window_get_domain_list (window);

  created = virDomainDefineXML (pit_connection_get_handle (connection),
                                "<domain type='kvm'><name>arch-linux</name><memory unit='GiB'>1</memory>"
                                "<vcpu>1</vcpu><os><type arch='x86_64'>hvm</type></os></domain>");
  g_assert_nonnull (created);
  assert_shows_soon (list, "arch-linux");
  g_assert_true (pit_test_wait_for (has_four_rows, window, WAIT_MS));

  g_assert_true (pit_window_select_domain (window, "arch-linux"));
  g_assert_cmpint (virDomainUndefine (created), ==, 0);
  virDomainFree (created);
  pit_ui_test_assert_text_within (list, "arch-linux", FALSE, WAIT_MS);
  g_assert_cmpuint (count_rows (window), ==, 3);
  /* the page of the removed VM is gone too: the overview of all shows */
  g_assert_true (pit_ui_test_shows_text (GTK_WIDGET (window), "All Virtual Machines"));
  g_assert_false (pit_ui_test_shows_text (GTK_WIDGET (window), "<name>arch-linux</name>"));

  close_window (window);
}

static gboolean
connection_is_connected (gpointer user_data)
{
  return pit_connection_get_status (user_data) == PIT_CONNECTION_STATUS_CONNECTED;
}

/* "ready" (the benchmark's clock, the screenshots, these tests) means the
 * list is on screen: a host listed before the window is mapped (the
 * application opens it while the window is built) is not ready until the
 * window has drawn it. */
static void
test_ready_when_drawn (void)
{
  PitWindow *window = pit_window_new (NULL);
  PitConnection *connection;

  g_object_ref_sink (window);
  g_signal_connect (window, "ready", G_CALLBACK (ready_cb), NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  pit_window_open_uri (window, "demo");
  connection = pit_window_get_connection (window);
  g_assert_true (pit_test_wait_for (connection_is_connected, connection, WAIT_MS));
  pit_ui_test_wait_ms (300);
  g_assert_false (window_ready (window));

  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (pit_test_wait_for (window_ready, window, WAIT_MS));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (window)));
  g_assert_true (pit_ui_test_shows_text (GTK_WIDGET (window), "All Virtual Machines"));
  g_assert_true (pit_ui_test_shows_text (GTK_WIDGET (window), "win10-gaming"));

  close_window (window);
}

static gboolean
spinner_spinning (gpointer user_data)
{
  return gtk_spinner_get_spinning (user_data);
}

/* The connecting page's spinner waits a moment before it spins (a local
 * host is listed sooner; a spinner drawn once maps librsvg for its SVG
 * icon), spins while the window still waits, and stops once listed. */
static void
test_spinner_only_when_slow (void)
{
  PitWindow *window = pit_window_new (NULL);
  GtkWidget *label;
  GtkWidget *spinner;

  g_object_ref_sink (window);
  g_signal_connect (window, "ready", G_CALLBACK (ready_cb), NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  gtk_window_present (GTK_WINDOW (window));
  /* nothing opened yet: the window waits on its connecting page */
  label = pit_ui_test_find_label (GTK_WIDGET (window), "Connecting…");
  g_assert_nonnull (label);
  spinner = pit_ui_test_find_inside (gtk_widget_get_ancestor (label, ADW_TYPE_STATUS_PAGE), GTK_TYPE_SPINNER);
  g_assert_nonnull (spinner);
  g_assert_false (gtk_spinner_get_spinning (GTK_SPINNER (spinner)));
  g_assert_true (pit_test_wait_for (spinner_spinning, spinner, WAIT_MS));

  pit_window_open_uri (window, "demo");
  g_assert_true (pit_test_wait_for (window_ready, window, WAIT_MS));
  g_assert_false (gtk_spinner_get_spinning (GTK_SPINNER (spinner)));

  close_window (window);
}

static void
test_failure_offers_demo (void)
{
  PitWindow *window = open_window ("test:///nonexistent/pitstop-nothing.xml");

  assert_shows_soon (GTK_WIDGET (window), "Could Not Connect");
  {
    /* the icon is set when the page is shown, not at start (an SVG) */
    GtkWidget *label = pit_ui_test_find_label (GTK_WIDGET (window), "Could Not Connect");
    GtkWidget *page = gtk_widget_get_ancestor (label, ADW_TYPE_STATUS_PAGE);

    g_assert_nonnull (page);
    g_assert_cmpstr (adw_status_page_get_icon_name (ADW_STATUS_PAGE (page)), ==, "network-error-symbolic");
  }
  g_assert_true (pit_ui_test_shows_text (GTK_WIDGET (window), "Try the _Demo Host")
                 || pit_ui_test_shows_text (GTK_WIDGET (window), "Try the Demo Host"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.open-demo", NULL));
  g_assert_true (pit_test_wait_for (window_ready, window, WAIT_MS));
  g_assert_cmpuint (count_rows (window), ==, 3);
  g_assert_false (pit_ui_test_shows_text (GTK_WIDGET (window), "Could Not Connect"));

  close_window (window);
}


typedef struct
{
  PitDashboardPage *page;
  guint points;
} PointsWait;

static gboolean
has_points (gpointer user_data)
{
  PointsWait *wait = user_data;

  return pit_dashboard_page_get_n_points (wait->page) >= wait->points;
}

static void
test_dashboard_moving_graphs (void)
{
  PitWindow *window = open_window ("demo");
  PitDashboardPage *page;
  PointsWait wait;
  guint before;

  g_assert_true (pit_test_wait_for (window_ready, window, WAIT_MS));
  g_assert_true (pit_window_select_domain (window, "fedora-server"));
  pit_window_show_view (window, "performance");
  page = PIT_DASHBOARD_PAGE (pit_ui_test_find_inside (GTK_WIDGET (window), PIT_TYPE_DASHBOARD_PAGE));
  g_assert_nonnull (page);

  /* the first figures need two samples; then a new point each second */
  wait = (PointsWait) { page, 1 };
  g_assert_true (pit_test_wait_for (has_points, &wait, WAIT_MS));
  assert_shows_soon (GTK_WIDGET (page), "of 4 vCPUs");
  before = pit_dashboard_page_get_n_points (page);
  wait = (PointsWait) { page, before + 1 };
  g_assert_true (pit_test_wait_for (has_points, &wait, WAIT_MS));
  g_assert_true (pit_ui_test_shows_text (GTK_WIDGET (page), "vCPUs on 2,6,3,7 · emulator on 0,4"));
  /* the advisor's count, linking to the list on the VM's page */
  assert_shows_soon (GTK_WIDGET (page), "suggestion");
  /* the test driver's NIC counters grow by 100000 bytes a second */
  g_assert_true (pit_ui_test_shows_text (GTK_WIDGET (page), "in 100.0\xc2\xa0kB/s"));

  /* a lifecycle event shows at once, not at the next tick */
  g_assert_cmpint (virDomainDestroy (pit_domain_get_handle (
                     pit_connection_find_domain (pit_window_get_connection (window), "fedora-server"))), ==, 0);
  assert_shows_soon (GTK_WIDGET (page), "Not Running");

  close_window (window);
}

static void
test_overview_sorts (void)
{
  PitWindow *window = open_window ("demo");
  PitOverviewPage *page;
  GListModel *model;
  virDomainPtr small;

  g_assert_true (pit_test_wait_for (window_ready, window, WAIT_MS));
  page = PIT_OVERVIEW_PAGE (pit_ui_test_find_inside (GTK_WIDGET (window), PIT_TYPE_OVERVIEW_PAGE));
  small = virDomainCreateXML (pit_connection_get_handle (pit_window_get_connection (window)),
                              "<domain type='kvm'><name>aaa-small</name><memory unit='MiB'>512</memory>"
                              "<vcpu>1</vcpu><os><type arch='x86_64'>hvm</type></os></domain>", 0);
  g_assert_nonnull (small);
  assert_shows_soon (GTK_WIDGET (page), "aaa-small");
  assert_shows_soon (GTK_WIDGET (page), "Running · CPU");
  model = pit_overview_page_get_model (page);

  {
    g_autoptr(PitDomainMonitor) first = g_list_model_get_item (model, 0);

    g_assert_cmpstr (pit_domain_monitor_get_name (first), ==, "aaa-small");
  }

  pit_overview_page_set_sort (page, PIT_OVERVIEW_SORT_MEMORY);
  {
    g_autoptr(PitDomainMonitor) first = g_list_model_get_item (model, 0);
    g_autoptr(PitDomainMonitor) third = g_list_model_get_item (model, 2);
    g_autoptr(PitDomainMonitor) last = g_list_model_get_item (model, 3);

    g_assert_cmpstr (pit_domain_monitor_get_name (first), ==, "fedora-server");
    g_assert_cmpstr (pit_domain_monitor_get_name (third), ==, "aaa-small");
    /* shut off: no figures, last */
    g_assert_cmpstr (pit_domain_monitor_get_name (last), ==, "win10-gaming");
  }

  virDomainDestroy (small);
  virDomainFree (small);
  close_window (window);
}

static PitOverviewRow *
find_overview_row (GtkWidget  *widget,
                   const char *name)
{
  if (PIT_IS_OVERVIEW_ROW (widget))
    {
      PitDomainMonitor *monitor = pit_overview_row_get_monitor (PIT_OVERVIEW_ROW (widget));

      return monitor && g_strcmp0 (pit_domain_monitor_get_name (monitor), name) == 0 ? PIT_OVERVIEW_ROW (widget) : NULL;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      PitOverviewRow *found = find_overview_row (child, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* the labels of a row, on screen or not */
static void
append_labels (GtkWidget *widget,
               GString   *out)
{
  if (GTK_IS_LABEL (widget))
    g_string_append_printf (out, "%s\n", gtk_label_get_text (GTK_LABEL (widget)));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    append_labels (child, out);
}

typedef struct
{
  GtkWidget *page;
  const char *name;
  const char *text;
} RowWait;

static gboolean
row_shows (gpointer user_data)
{
  RowWait *wait = user_data;
  PitOverviewRow *row = find_overview_row (wait->page, wait->name);
  g_autoptr(GString) text = g_string_new (NULL);

  if (row == NULL)
    return FALSE;
  append_labels (GTK_WIDGET (row), text);
  return strstr (text->str, wait->text) != NULL;
}

static gboolean
sparkline_drawn (gpointer user_data)
{
  return pit_graph_get_n_points (PIT_GRAPH (pit_ui_test_find_inside (user_data, PIT_TYPE_GRAPH))) > 0;
}

static gboolean
scrolled_to_top (gpointer user_data)
{
  gtk_adjustment_set_value (user_data, 0);
  pit_ui_test_wait_ms (50);
  return gtk_adjustment_get_value (user_data) == 0;
}

static gboolean
lists_all (gpointer user_data)
{
  return g_list_model_get_n_items (pit_overview_page_get_model (user_data)) == 43;
}

static void
test_overview_rows_off_screen (void)
{
  PitWindow *window = open_window ("demo");
  GtkWidget *page;
  GtkAdjustment *vadjustment;
  virConnectPtr conn;
  GPtrArray *created = g_ptr_array_new ();
  PitMonitor *monitor;
  TickWait ticks;
  RowWait wait;

  g_assert_true (pit_test_wait_for (window_ready, window, WAIT_MS));
  monitor = pit_window_get_monitor (window);
  page = pit_ui_test_find_inside (GTK_WIDGET (window), PIT_TYPE_OVERVIEW_PAGE);
  conn = pit_connection_get_handle (pit_window_get_connection (window));
  /* more VMs than fit: the list view binds rows off screen too */
  for (guint i = 0; i < 40; i++)
    {
      g_autofree char *xml = g_strdup_printf ("<domain type='kvm'><name>%s-%02u</name><memory unit='MiB'>512</memory>"
                                              "<vcpu>1</vcpu><os><type arch='x86_64'>hvm</type></os></domain>",
                                              i < 39 ? "bulk" : "zz-last", i);
      virDomainPtr domain = virDomainCreateXML (conn, xml, 0);

      g_assert_nonnull (domain);
      g_ptr_array_add (created, domain);
    }

  g_assert_true (pit_test_wait_for (lists_all, page, WAIT_MS));
  /* the list of the rows, a list view or grid view (the sort drop-down has
   * a list view too) */
  vadjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (
                  gtk_widget_get_ancestor (pit_ui_test_find_inside (page, PIT_TYPE_OVERVIEW_ROW), GTK_TYPE_SCROLLABLE)));
  /* at the top (the list keeps the first row it showed in view while the
   * VMs are added before it) */
  g_assert_true (pit_test_wait_for (scrolled_to_top, vadjustment, WAIT_MS));

  /* a row on screen gets its figures with the ticks, and its sparkline a
   * line (the row was bound before the VM's first sample) */
  wait = (RowWait) { page, "bulk-00", "Running · CPU" };
  g_assert_true (pit_test_wait_for (row_shows, &wait, WAIT_MS));
  g_assert_true (pit_test_wait_for (sparkline_drawn, find_overview_row (page, "bulk-00"), WAIT_MS));
  /* one off screen is bound but not worked on (the 26th: a one-column
   * grid view keeps about 32 rows bound, GTK 4.8's list view 200) */
  wait = (RowWait) { page, "bulk-25", "Running" };
  g_assert_true (pit_test_wait_for (row_shows, &wait, WAIT_MS));
  /* two more ticks (at the default 1 s) brought the others' figures, not its own */
  ticks = (TickWait) { monitor, pit_monitor_get_ticks (monitor) + 2 };
  g_assert_true (pit_test_wait_for (ticked, &ticks, WAIT_MS));
  wait.text = "CPU";
  g_assert_false (row_shows (&wait));
  wait = (RowWait) { page, "zz-last-39", "CPU" };
  g_assert_false (row_shows (&wait));

  /* the last one, scrolled into view, shows them at once, not a tick
   * later: right after a tick, with the next one 10 s away, it shows them
   * before the monitor ticks again */
  pit_monitor_set_interval (monitor, PIT_MONITOR_MAX_INTERVAL);
  ticks = (TickWait) { monitor, pit_monitor_get_ticks (monitor) + 1 };
  g_assert_true (pit_test_wait_for (ticked, &ticks, WAIT_MS));
  gtk_adjustment_set_value (vadjustment, gtk_adjustment_get_upper (vadjustment));
  ticks.ticks++;
  while (!row_shows (&wait) && !ticked (&ticks))
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (row_shows (&wait));
  g_assert_false (ticked (&ticks));
  wait.text = "Running · CPU";
  g_assert_true (row_shows (&wait));

  for (guint i = 0; i < created->len; i++)
    {
      virDomainDestroy (g_ptr_array_index (created, i));
      virDomainFree (g_ptr_array_index (created, i));
    }
  g_ptr_array_unref (created);
  close_window (window);
}

static GtkWidget *
find_labelled_button (GtkWidget  *widget,
                      const char *prefix)
{
  if (GTK_IS_BUTTON (widget))
    {
      g_autofree char *label = NULL;

      GtkWidget *child = gtk_button_get_child (GTK_BUTTON (widget));

      g_object_get (widget, "label", &label, NULL);
      if (label == NULL && GTK_IS_LABEL (child))
        label = g_strdup (gtk_label_get_label (GTK_LABEL (child)));
      if (label != NULL && g_str_has_prefix (label, prefix) && gtk_widget_get_sensitive (widget))
        return widget;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_labelled_button (child, prefix);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static PitWizard *
find_wizard (void)
{
  GListModel *toplevels = gtk_window_get_toplevels (); /* transfer none */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (PIT_IS_WIZARD (window))
        return PIT_WIZARD (window);
    }
  return NULL;
}

static gboolean
wizard_loaded (gpointer user_data)
{
  PitWizard *wizard = find_wizard ();

  return wizard != NULL && pit_wizard_is_loaded (wizard);
}

static void
test_advisor_findings_and_fix (void)
{
  PitWindow *window = open_window ("demo");
  PitConnection *connection;
  GtkWidget *fix;
  PitWizard *wizard;

  g_assert_true (pit_test_wait_for (window_ready, window, WAIT_MS));
  connection = pit_window_get_connection (window);
  g_assert_true (pit_window_select_domain (window, "win10-gaming"));

  /* the story's findings, and a badge in the list */
  assert_shows_soon (GTK_WIDGET (window), "More CPU sockets than the host has");
  g_assert_true (pit_ui_test_shows_text (GTK_WIDGET (window), "Fewer vCPUs in use than configured"));
  g_assert_cmpuint (pit_domain_get_n_findings (pit_connection_find_domain (connection, "win10-gaming")), >=, 6);
  g_assert_cmpuint (pit_domain_get_n_findings (pit_connection_find_domain (connection, "fedora-server")), <,
                    pit_domain_get_n_findings (pit_connection_find_domain (connection, "win10-gaming")));

  /* its Fix opens the wizard on the page that fixes it */
  fix = find_labelled_button (GTK_WIDGET (window), "Change the topology");
  g_assert_nonnull (fix);
  g_signal_emit_by_name (fix, "clicked");
  g_assert_true (pit_test_wait_for (wizard_loaded, NULL, WAIT_MS));
  wizard = find_wizard ();
  g_assert_cmpstr (pit_wizard_page_get_id (pit_wizard_get_page (wizard)), ==, "cpu");
  gtk_window_destroy (GTK_WINDOW (wizard));

  close_window (window);
}

/* a phone-sized window (360 px) holds every view of a VM with its
 * findings, with the normal text size and with GNOME's "Large Text" (1.25,
 * which reaches GTK as a higher Xft DPI): long Fix labels wrap rather than
 * widen the page */
static void
test_narrow_with_large_text (void)
{
  PitWindow *window = open_window ("demo");
  GtkSettings *settings = gtk_widget_get_settings (GTK_WIDGET (window));
  const double scales[] = { 1.0, 1.25 };
  const char *views[] = { "configuration", "performance" };
  int dpi = 0;

  g_assert_true (pit_test_wait_for (window_ready, window, WAIT_MS));
  g_assert_true (pit_window_select_domain (window, "win10-gaming"));
  assert_shows_soon (GTK_WIDGET (window), "More CPU sockets than the host has");
  g_object_get (settings, "gtk-xft-dpi", &dpi, NULL);
  for (guint s = 0; s < G_N_ELEMENTS (scales); s++)
    {
      g_object_set (settings, "gtk-xft-dpi", (int) (96 * 1024 * scales[s]), NULL);
      for (guint v = 0; v < G_N_ELEMENTS (views); v++)
        {
          GtkWidget *content = adw_application_window_get_content (ADW_APPLICATION_WINDOW (window));
          GtkWidget *finding = pit_ui_test_find_label (GTK_WIDGET (window), "More CPU sockets than the host has");
          int minimum = 0, line = 0;

          pit_window_show_view (window, views[v]);
          pit_ui_test_wait_ms (100);
          gtk_widget_measure (content, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
          g_assert_nonnull (finding);
          gtk_widget_measure (finding, GTK_ORIENTATION_VERTICAL, -1, &line, NULL, NULL, NULL);
          g_test_message ("%s at text × %.2f: %d px wide, a finding's line %d px", views[v], scales[s], minimum, line);
          /* the text really is larger */
          g_assert_cmpint (line, >=, (int) (15 * scales[s]));
          g_assert_cmpint (minimum, <=, 360);
        }
    }
  g_object_set (settings, "gtk-xft-dpi", dpi, NULL);
  close_window (window);
}

static void
css_error_cb (GtkCssProvider *provider,
              GtkCssSection  *section,
              const GError   *error,
              gpointer        user_data)
{
  g_autofree char *where = gtk_css_section_to_string (section);

  g_test_message ("%s: %s", where, error->message);
  (*(guint *) user_data)++;
}

/* the style sheets libadwaita loads from the resource base path: the usual
 * one and the high-contrast one, which outlines what is tinted otherwise;
 * a rule GTK cannot parse is silently dropped at run time, so parse them */
static void
test_style_sheets_parse (void)
{
  const char *sheets[] = { "style.css", "style-hc.css" };

  for (guint i = 0; i < G_N_ELEMENTS (sheets); i++)
    {
      g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();
      g_autofree char *path = g_strconcat ("/io/github/pitstopvm/Pitstop/", sheets[i], NULL);
      g_autofree char *text = NULL;
      guint errors = 0;

      g_assert_true (g_resources_get_info (path, 0, NULL, NULL, NULL));
      g_signal_connect (provider, "parsing-error", G_CALLBACK (css_error_cb), &errors);
      gtk_css_provider_load_from_resource (provider, path);
      g_assert_cmpuint (errors, ==, 0);
      text = gtk_css_provider_to_string (provider);
      g_assert_nonnull (strstr (text, ".findings-badge"));
    }
}

static gboolean
connection_is (gpointer user_data)
{
  PitWindow *window = user_data;
  PitConnection *connection = pit_window_get_connection (window);

  return g_strcmp0 (pit_connection_get_uri (connection), "test:///default") == 0
         && pit_connection_get_status (connection) == PIT_CONNECTION_STATUS_CONNECTED;
}

static void
test_overview_of_two_hosts (void)
{
  PitWindow *window = open_window ("demo");
  PitOverviewPage *page;
  GListModel *model;
  PitDomainMonitor *other = NULL;

  g_assert_true (pit_test_wait_for (window_ready, window, WAIT_MS));
  page = PIT_OVERVIEW_PAGE (pit_ui_test_find_inside (GTK_WIDGET (window), PIT_TYPE_OVERVIEW_PAGE));
  pit_window_add_overview_host (window, "test:///default");

  /* both hosts' VMs, each named with its host */
  assert_shows_soon (GTK_WIDGET (page), "fedora-server — Demo host");
  assert_shows_soon (GTK_WIDGET (page), "test — This computer");
  model = pit_overview_page_get_model (page);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(PitDomainMonitor) monitor = g_list_model_get_item (model, i);

      if (g_strcmp0 (pit_domain_monitor_get_uri (monitor), "test:///default") == 0)
        other = monitor;
    }
  g_assert_nonnull (other);

  /* choosing a VM of the other host opens that host and the VM */
  g_object_set_data (G_OBJECT (window), "ready", GINT_TO_POINTER (FALSE));
  g_signal_emit_by_name (page, "domain-activated", pit_domain_monitor_get_domain (other), "test:///default");
  g_assert_true (pit_test_wait_for (connection_is, window, WAIT_MS));
  g_assert_true (pit_test_wait_for (window_ready, window, WAIT_MS));
  assert_shows_soon (GTK_WIDGET (window), "<name>test</name>");

  close_window (window);
}

static PitDomainMonitor *
find_overview_monitor (PitOverviewPage *page,
                       const char      *name)
{
  GListModel *model = pit_overview_page_get_model (page);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(PitDomainMonitor) monitor = g_list_model_get_item (model, i);

      if (g_strcmp0 (pit_domain_monitor_get_name (monitor), name) == 0)
        return monitor;
    }
  return NULL;
}

/* The window starts with the sidebar and the overview only (what the
 * start-up benchmark counts on); a VM's pages come when one is chosen, in
 * either list, with what they showed when they were part of the window */
static void
test_vm_pages_when_chosen (void)
{
  PitWindow *window = open_window ("demo");
  PitConnection *connection;
  PitOverviewPage *overview;
  PitDomainMonitor *fedora;
  guint position;

  g_assert_true (pit_test_wait_for (window_ready, window, WAIT_MS));
  connection = pit_window_get_connection (window);
  g_assert_true (pit_ui_test_shows_text (GTK_WIDGET (window), "All Virtual Machines"));
  g_assert_null (pit_ui_test_find_inside (GTK_WIDGET (window), PIT_TYPE_DOMAIN_PAGE));
  g_assert_null (pit_ui_test_find_inside (GTK_WIDGET (window), PIT_TYPE_DASHBOARD_PAGE));

  /* a row of the overview: the VM's live figures */
  overview = PIT_OVERVIEW_PAGE (pit_ui_test_find_inside (GTK_WIDGET (window), PIT_TYPE_OVERVIEW_PAGE));
  fedora = find_overview_monitor (overview, "fedora-server");
  g_assert_nonnull (fedora);
  g_signal_emit_by_name (overview, "domain-activated", pit_domain_monitor_get_domain (fedora),
                         pit_connection_get_uri (connection));
  assert_shows_soon (GTK_WIDGET (window), "vCPUs on 2,6,3,7 · emulator on 0,4");
  assert_shows_soon (GTK_WIDGET (window), "of 4 vCPUs");
  g_assert_false (pit_ui_test_shows_text (GTK_WIDGET (window), "All Virtual Machines"));

  /* a row of the sidebar, as a click activates it: that VM's configuration */
  g_assert_true (g_list_store_find (G_LIST_STORE (pit_connection_get_domains (connection)),
                                    pit_connection_find_domain (connection, "win10-gaming"), &position));
  g_assert_true (gtk_widget_activate_action (pit_window_get_domain_list (window), "list.activate-item", "u",
                                             position));
  pit_window_show_view (window, "configuration");
  assert_shows_soon (GTK_WIDGET (window), "8 sockets × 1 core × 1 thread");
  g_assert_true (pit_ui_test_shows_text (GTK_WIDGET (window), "<name>win10-gaming</name>"));
  assert_shows_soon (GTK_WIDGET (window), "More CPU sockets than the host has");
  g_assert_false (pit_ui_test_shows_text (GTK_WIDGET (window), "<name>fedora-server</name>"));
  /* and its dashboard: shut off */
  pit_window_show_view (window, "performance");
  assert_shows_soon (GTK_WIDGET (window), "Not Running");
  g_assert_false (pit_ui_test_shows_text (GTK_WIDGET (window), "vCPUs on 2,6,3,7"));

  close_window (window);
}

static gboolean
measure_enabled (gpointer user_data)
{
  GtkWidget *button = find_labelled_button (user_data, "_Measure");

  return button != NULL && gtk_widget_get_sensitive (button);
}

static void
test_measure_before_after (void)
{
  PitWindow *window = open_window ("demo");
  PitDashboardPage *page;

  g_assert_true (pit_test_wait_for (window_ready, window, WAIT_MS));
  g_assert_true (pit_window_select_domain (window, "fedora-server"));
  pit_window_show_view (window, "performance");
  page = PIT_DASHBOARD_PAGE (pit_ui_test_find_inside (GTK_WIDGET (window), PIT_TYPE_DASHBOARD_PAGE));
  pit_dashboard_page_set_measure_seconds (page, 2);
  assert_shows_soon (GTK_WIDGET (page), "No measurements yet");

  for (int round = 0; round < 2; round++)
    {
      g_assert_true (pit_test_wait_for (measure_enabled, page, WAIT_MS));
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "dashboard.measure", NULL));
      assert_shows_soon (GTK_WIDGET (page), "Recording 2 seconds of figures");
      g_assert_true (pit_test_wait_for (measure_enabled, page, WAIT_MS));
    }
  /* the two side by side: the test driver's NIC counters grow steadily */
  assert_shows_soon (GTK_WIDGET (page), "100.0\xc2\xa0kB/s → 100.0\xc2\xa0kB/s");
  g_assert_false (pit_ui_test_shows_text (GTK_WIDGET (page), "No measurements yet"));

  close_window (window);
}

static void
test_interval_preference (void)
{
  PitWindow *window = open_window ("demo");
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  g_assert_true (pit_test_wait_for (window_ready, window, WAIT_MS));
  g_assert_cmpuint (pit_monitor_get_interval (pit_window_get_monitor (window)), ==, 1);
  g_settings_set_uint (settings, "monitor-interval", 5);
  g_assert_cmpuint (pit_monitor_get_interval (pit_window_get_monitor (window)), ==, 5);
  g_settings_reset (settings, "monitor-interval");
  close_window (window);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *data_home = g_dir_make_tmp ("pitstop-window-XXXXXX", NULL);

  /* measurements and history go to a scratch folder, not the user's */
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  if (!pit_ui_test_init (&argc, &argv))
    {
      g_test_skip ("no display (run under xvfb-run)");
      return g_test_run ();
    }

  g_test_add_func ("/window/lists-demo-vms", test_lists_demo_vms);
  g_test_add_func ("/window/state-change-appears", test_state_change_appears);
  g_test_add_func ("/window/overview-of-win10", test_overview_of_win10);
  g_test_add_func ("/window/define-undefine-elsewhere", test_define_undefine_elsewhere);
  g_test_add_func ("/window/failure-offers-demo", test_failure_offers_demo);
  g_test_add_func ("/window/spinner-only-when-slow", test_spinner_only_when_slow);
  g_test_add_func ("/window/ready-when-drawn", test_ready_when_drawn);
  g_test_add_func ("/window/dashboard-moving-graphs", test_dashboard_moving_graphs);
  g_test_add_func ("/window/overview-sorts", test_overview_sorts);
  g_test_add_func ("/window/overview-rows-off-screen", test_overview_rows_off_screen);
  g_test_add_func ("/window/interval-preference", test_interval_preference);
  g_test_add_func ("/window/advisor-findings-and-fix", test_advisor_findings_and_fix);
  g_test_add_func ("/window/overview-of-two-hosts", test_overview_of_two_hosts);
  g_test_add_func ("/window/narrow-with-large-text", test_narrow_with_large_text);
  g_test_add_func ("/window/style-sheets-parse", test_style_sheets_parse);
  g_test_add_func ("/window/measure-before-after", test_measure_before_after);
  g_test_add_func ("/window/vm-pages-when-chosen", test_vm_pages_when_chosen);

  return g_test_run ();
}
