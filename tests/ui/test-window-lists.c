/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "pit-test-support.h"
#include "pit-ui-test-support.h"
#include "pit-domain-row.h"
#include "pit-overview-page.h"
#include "pit-overview-row.h"
#include "pit-window.h"

/* 200 VMs: both lists (the sidebar and the overview) hold every VM by the
 * time the window is ready or within a few frames of it, in order; a user
 * scrolls to the 200th in either and chooses it there, and a VM chosen as
 * soon as the list is read stays chosen.  (A list that shows only its first
 * rows on the first frame, tried for #21 and dropped, must still pass.) */

#define WAIT_MS 20000
#define N_VMS 200
/* frames painted after "ready" until both lists hold every VM */
#define MAX_FRAMES 6

static char *
write_host (const char *dir)
{
  g_autoptr(GString) xml = g_string_new ("<node><cpu><mhz>4000</mhz><model>x86_64</model><nodes>1</nodes>"
                                         "<sockets>1</sockets><cores>4</cores><threads>2</threads></cpu>"
                                         "<memory>33554432</memory>\n");
  char *path = g_build_filename (dir, "host.xml", NULL);

  for (guint i = 0; i < N_VMS; i++)
    g_string_append_printf (xml, "<domain type='kvm'><name>many-%03u</name><memory unit='MiB'>512</memory>"
                                 "<vcpu>1</vcpu><os><type arch='x86_64'>hvm</type></os></domain>\n", i);
  g_string_append (xml, "</node>\n");
  g_assert_true (g_file_set_contents (path, xml->str, -1, NULL));
  return path;
}

typedef struct
{
  PitWindow *window;
  gboolean ready;
  guint frames;          /* painted since "ready" */
  const char *choose;    /* chosen as soon as the VMs are known, or NULL */
  gboolean chosen;
} Start;

static void
ready_cb (PitWindow *window,
          Start     *start)
{
  start->ready = TRUE;
}

static void
after_paint_cb (GdkFrameClock *clock,
                Start         *start)
{
  if (start->ready)
    start->frames++;
}

static void
domains_changed_cb (GListModel *domains,
                    guint       position,
                    guint       removed,
                    guint       added,
                    Start      *start)
{
  if (start->choose != NULL && !start->chosen && g_list_model_get_n_items (domains) == N_VMS)
    start->chosen = pit_window_select_domain (start->window, start->choose);
}

static PitWindow *
open_window (const char *uri,
             Start      *start)
{
  PitWindow *window = pit_window_new (NULL);

  g_object_ref_sink (window);
  start->window = window;
  g_signal_connect (window, "ready", G_CALLBACK (ready_cb), start);
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  gtk_window_present (GTK_WINDOW (window));
  g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (window)), "after-paint", G_CALLBACK (after_paint_cb), start);
  pit_window_open_uri (window, uri);
  /* before the connection's thread lists the VMs */
  g_signal_connect (pit_connection_get_domains (pit_window_get_connection (window)), "items-changed",
                    G_CALLBACK (domains_changed_cb), start);
  return window;
}

static void
close_window (PitWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

static gboolean
is_ready (gpointer user_data)
{
  return ((Start *) user_data)->ready;
}


/* the overview's list view (the sort drop-down has one too) */
static GtkListView *
overview_list (PitWindow *window)
{
  GtkWidget *row = pit_ui_test_find_inside (pit_ui_test_find_inside (GTK_WIDGET (window), PIT_TYPE_OVERVIEW_PAGE), PIT_TYPE_OVERVIEW_ROW);

  return row != NULL ? GTK_LIST_VIEW (gtk_widget_get_ancestor (row, GTK_TYPE_LIST_VIEW)) : NULL;
}

static GtkListView *
sidebar_list (PitWindow *window)
{
  return GTK_LIST_VIEW (pit_window_get_domain_list (window));
}

static guint
n_shown (GtkListView *list)
{
  /* the overview before its first row */
  if (list == NULL)
    return 0;
  return g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (list)));
}

static gboolean
filled_or_late (gpointer user_data)
{
  Start *start = user_data;

  return (n_shown (sidebar_list (start->window)) == N_VMS && n_shown (overview_list (start->window)) == N_VMS)
         || start->frames > MAX_FRAMES;
}

static const char *
name_at (GtkListView *list,
         guint        position)
{
  g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (gtk_list_view_get_model (list)), position);

  g_assert_nonnull (item);
  if (PIT_IS_DOMAIN (item))
    return pit_domain_get_name (PIT_DOMAIN (item));
  return pit_domain_monitor_get_name (PIT_DOMAIN_MONITOR (item));
}

/* a row showing that VM is on screen (bound, in the visible area) */
static gboolean
row_of (GtkWidget  *widget,
        const char *name)
{
  if (!gtk_widget_get_visible (widget) || !gtk_widget_get_child_visible (widget))
    return FALSE;
  if (PIT_IS_DOMAIN_ROW (widget))
    {
      PitDomain *domain = pit_domain_row_get_domain (PIT_DOMAIN_ROW (widget));

      return domain != NULL && g_strcmp0 (pit_domain_get_name (domain), name) == 0;
    }
  if (PIT_IS_OVERVIEW_ROW (widget))
    {
      PitDomainMonitor *monitor = pit_overview_row_get_monitor (PIT_OVERVIEW_ROW (widget));

      return monitor != NULL && g_strcmp0 (pit_domain_monitor_get_name (monitor), name) == 0;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (row_of (child, name))
      return TRUE;
  return FALSE;
}

static gboolean
scrolled_to_last (gpointer user_data)
{
  GtkListView *list = user_data;
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (list));

  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
  pit_ui_test_wait_ms (20);
  return row_of (GTK_WIDGET (list), "many-199");
}

static void
assert_all_listed (Start *start)
{
  PitWindow *window = start->window;

  g_assert_true (pit_test_wait_for (is_ready, start, WAIT_MS));
  /* every VM in both lists within a few frames of the first */
  g_assert_true (pit_test_wait_for (filled_or_late, start, WAIT_MS));
  g_test_message ("frames after ready: %u", start->frames);
  g_assert_cmpuint (n_shown (sidebar_list (window)), ==, N_VMS);
  g_assert_cmpuint (n_shown (overview_list (window)), ==, N_VMS);
  /* in the same order as the VMs (the overview sorted by name) */
  for (guint i = 0; i < N_VMS; i += 37)
    {
      g_autofree char *name = g_strdup_printf ("many-%03u", i);

      g_assert_cmpstr (name_at (overview_list (window), i), ==, name);
    }
  g_assert_cmpstr (name_at (overview_list (window), N_VMS - 1), ==, "many-199");
  /* scrolled down, the last row shows in each list */
  g_assert_true (pit_test_wait_for (scrolled_to_last, sidebar_list (window), WAIT_MS));
  g_assert_true (pit_test_wait_for (scrolled_to_last, overview_list (window), WAIT_MS));
}

static gboolean
shows_last (gpointer user_data)
{
  return pit_ui_test_shows_text (user_data, "<name>many-199</name>");
}

static guint
selected_position (PitWindow *window)
{
  return gtk_single_selection_get_selected (GTK_SINGLE_SELECTION (gtk_list_view_get_model (sidebar_list (window))));
}

static void
test_every_vm_after_first_frame (void)
{
  g_autofree char *dir = g_dir_make_tmp ("pitstop-lists-XXXXXX", NULL);
  g_autofree char *host = write_host (dir);
  g_autofree char *uri = g_strconcat ("test://", host, NULL);
  Start start = { 0 };
  PitWindow *window = open_window (uri, &start);
  GtkSelectionModel *selection;

  assert_all_listed (&start);

  /* the 151st chosen by name, the 200th by activating its row in the sidebar
   * (a click), the 199th from the bottom of the overview */
  selection = gtk_list_view_get_model (sidebar_list (window));
  g_assert_true (pit_window_select_domain (window, "many-150"));
  g_assert_cmpstr (name_at (sidebar_list (window), selected_position (window)), ==, "many-150");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (sidebar_list (window)), "list.activate-item", "u",
                                             N_VMS - 1));
  g_assert_true (gtk_selection_model_is_selected (selection, N_VMS - 1));
  g_assert_true (pit_test_wait_for (shows_last, window, WAIT_MS));
  /* and from the bottom of the overview */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (overview_list (window)), "list.activate-item", "u",
                                             N_VMS - 2));
  g_assert_cmpstr (name_at (sidebar_list (window), selected_position (window)), ==, "many-198");

  close_window (window);
  g_assert_cmpint (g_remove (host), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* a VM chosen as soon as the list is read, before the window drew it (as
 * when a VM of another host is chosen in the overview: that host opens and
 * the VM is chosen when its list is read) */
static void
test_chosen_before_first_frame (void)
{
  g_autofree char *dir = g_dir_make_tmp ("pitstop-lists-XXXXXX", NULL);
  g_autofree char *host = write_host (dir);
  g_autofree char *uri = g_strconcat ("test://", host, NULL);
  Start start = { .choose = "many-180" };
  PitWindow *window = open_window (uri, &start);

  g_assert_true (pit_test_wait_for (is_ready, &start, WAIT_MS));
  g_assert_true (start.chosen);
  g_assert_cmpuint (selected_position (window), ==, 180);
  g_assert_cmpstr (name_at (sidebar_list (window), 180), ==, "many-180");
  assert_all_listed (&start);
  g_assert_cmpuint (selected_position (window), ==, 180);

  close_window (window);
  g_assert_cmpint (g_remove (host), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *data_home = g_dir_make_tmp ("pitstop-window-XXXXXX", NULL);

  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  if (!pit_ui_test_init (&argc, &argv))
    {
      g_test_skip ("no display (run under xvfb-run)");
      return g_test_run ();
    }

  g_test_add_func ("/window-lists/every-vm-after-first-frame", test_every_vm_after_first_frame);
  g_test_add_func ("/window-lists/chosen-before-first-frame", test_chosen_before_first_frame);
  return g_test_run ();
}
