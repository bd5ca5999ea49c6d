/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <unistd.h>

#include "pit-test-support.h"
#include "pit-ui-test-support.h"
#include "pit-wizard-page.h"
#include "pit-wizard.h"

/* The pinning page's grid under the host's L3 caches: on a 7950X3D (the
 * recorded x3d-navi21-sata-group, as the "single-gpu" demo of a folder of
 * its own) each CCD's cores under a heading with its cache, the automatic
 * plan on the V-Cache CCD, and a warning when the guest does not fit one
 * CCD; on the two-GPU demo's i7-6700K, one L3 said once. */

typedef struct
{
  PitConnection *connection;
  PitWizard *wizard;
  char *demo;      /* the folder made for the x3d tree, or NULL */
  char *old_demo;
} Fixture;

static gboolean
loaded (gpointer user_data)
{
  return pit_wizard_is_loaded (user_data);
}

/* a folder whose "single-gpu" demo host is the x3d tree */
static char *
make_x3d_demo (void)
{
  g_autofree char *dir = g_dir_make_tmp ("pitstop-x3d-pin-XXXXXX", NULL);
  g_autofree char *single = g_build_filename (dir, "single-gpu", NULL);
  g_autofree char *from = g_build_filename (g_getenv ("PITSTOP_DEMO_DIR"), "single-gpu", "host.xml", NULL);
  g_autofree char *to = g_build_filename (single, "host.xml", NULL);
  g_autofree char *tree = g_build_filename (g_getenv ("PITSTOP_SOURCE_DIR"), "tests", "fixtures", "hosts",
                                            "x3d-navi21-sata-group", NULL);
  g_autofree char *link = g_build_filename (single, "host-root", NULL);
  g_autofree char *xml = NULL;
  gsize length;

  g_assert_cmpint (g_mkdir (single, 0700), ==, 0);
  g_assert_true (g_file_get_contents (from, &xml, &length, NULL));
  g_assert_true (g_file_set_contents (to, xml, length, NULL));
  g_assert_cmpint (symlink (tree, link), ==, 0);
  return g_steal_pointer (&dir);
}

static void
open_pinning (Fixture  *fixture,
              gboolean  x3d)
{
  const char *vm = x3d ? "win11" : "win10-gaming";
  g_autoptr(GError) error = NULL;

  if (x3d)
    {
      fixture->old_demo = g_strdup (g_getenv ("PITSTOP_DEMO_DIR"));
      fixture->demo = make_x3d_demo ();
      g_setenv ("PITSTOP_DEMO_DIR", fixture->demo, TRUE);
    }
  fixture->connection = pit_connection_new (x3d ? "demo:single-gpu" : "demo");
  g_assert_true (pit_connection_open_sync (fixture->connection, &error));
  g_assert_no_error (error);
  fixture->wizard = pit_wizard_new (NULL, fixture->connection, pit_connection_find_domain (fixture->connection, vm));
  g_object_ref_sink (fixture->wizard);
  gtk_window_present (GTK_WINDOW (fixture->wizard));
  g_assert_true (pit_test_wait_for (loaded, fixture->wizard, 5000));
  pit_wizard_show_page (fixture->wizard, "pinning");
  pit_ui_test_wait_ms (50);
}

static void
close_pinning (Fixture *fixture)
{
  gtk_window_destroy (GTK_WINDOW (fixture->wizard));
  g_assert_finalize_object (fixture->wizard);
  g_clear_object (&fixture->connection);
  if (fixture->demo != NULL)
    {
      g_autofree char *single = g_build_filename (fixture->demo, "single-gpu", NULL);
      g_autofree char *xml = g_build_filename (single, "host.xml", NULL);
      g_autofree char *link = g_build_filename (single, "host-root", NULL);

      g_setenv ("PITSTOP_DEMO_DIR", fixture->old_demo, TRUE);
      g_assert_cmpint (g_remove (link), ==, 0);
      g_assert_cmpint (g_remove (xml), ==, 0);
      g_assert_cmpint (g_rmdir (single), ==, 0);
      g_assert_cmpint (g_rmdir (fixture->demo), ==, 0);
      g_clear_pointer (&fixture->demo, g_free);
      g_clear_pointer (&fixture->old_demo, g_free);
    }
}

static GtkWidget *
page_of (Fixture *fixture)
{
  return GTK_WIDGET (pit_wizard_get_page (fixture->wizard));
}

static GtkWidget *
find_grid (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = GTK_IS_GRID (child) ? child : find_grid (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* the grid row of the child whose label is TEXT or starts with TEXT + "\n" */
static int
grid_row_of (GtkWidget  *grid,
             const char *text)
{
  g_autofree char *prefix = g_strconcat (text, "\n", NULL);

  for (GtkWidget *child = gtk_widget_get_first_child (grid); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      const char *label = GTK_IS_BUTTON (child) ? gtk_button_get_label (GTK_BUTTON (child))
                          : GTK_IS_LABEL (child) ? gtk_label_get_label (GTK_LABEL (child)) : NULL;
      int row;

      if (g_strcmp0 (label, text) != 0 && !(label != NULL && g_str_has_prefix (label, prefix)))
        continue;
      gtk_grid_query_child (GTK_GRID (grid), child, NULL, &row, NULL, NULL);
      return row;
    }
  g_test_message ("nothing in the grid reads “%s”", text);
  g_assert_not_reached ();
}

static void
expect (Fixture    *fixture,
        const char *needle,
        gboolean    shown)
{
  g_autofree char *text = pit_ui_test_collect_text (page_of (fixture));

  if ((strstr (text, needle) != NULL) != shown)
    {
      g_test_message ("the page %s “%s”; it shows:\n%s", shown ? "does not show" : "shows", needle, text);
      g_assert_not_reached ();
    }
}

static const char *ccd0 = "CCD 0 · 96.0\u00a0MiB L3 (V-Cache) · CPUs 0-7,16-23";
static const char *ccd1 = "CCD 1 · 32.0\u00a0MiB L3 · CPUs 8-15,24-31";

static void
test_ccd_headings (void)
{
  Fixture fixture = { 0 };
  GtkWidget *grid;

  open_pinning (&fixture, TRUE);
  grid = find_grid (page_of (&fixture));
  g_assert_nonnull (grid);

  /* CCD 0's cores (CPU n with its thread n+16) under its heading, then CCD 1's */
  g_assert_cmpint (grid_row_of (grid, ccd0), ==, 0);
  g_assert_cmpint (grid_row_of (grid, "CPU 0"), ==, 1);
  g_assert_cmpint (grid_row_of (grid, "CPU 16"), ==, 1);
  g_assert_cmpint (grid_row_of (grid, "CPU 7"), ==, 8);
  g_assert_cmpint (grid_row_of (grid, ccd1), ==, 9);
  g_assert_cmpint (grid_row_of (grid, "CPU 8"), ==, 10);
  g_assert_cmpint (grid_row_of (grid, "CPU 31"), ==, 17);

  /* the automatic plan: the 8 vCPUs on the V-Cache CCD, the host keeps core 0 */
  g_assert_true (pit_ui_test_shows_text (grid, "CPU 1\nvCPU 0"));
  g_assert_true (pit_ui_test_shows_text (grid, "CPU 20\nvCPU 7"));
  expect (&fixture, "do not fit on one L3 cache", FALSE);
  expect (&fixture, "spread over several L3 caches", FALSE);
  close_pinning (&fixture);
}

static void
test_guest_larger_than_a_ccd (void)
{
  Fixture fixture = { 0 };
  PitWizardState *state;

  open_pinning (&fixture, TRUE);
  state = pit_wizard_get_state (fixture.wizard);
  /* 16 vCPUs: CCD 0 has 16 CPUs, 14 once the host keeps a core */
  pit_wizard_state_set_topology (state, 1, 8, 2);
  pit_wizard_page_refresh (pit_wizard_get_page (fixture.wizard));
  pit_ui_test_wait_ms (20);
  expect (&fixture, "The guest’s 16 vCPUs do not fit on one L3 cache: CCD 0 · 96.0\u00a0MiB L3 (V-Cache) has room "
          "for 14 while the host keeps a core", TRUE);
  expect (&fixture, "A guest of at most 14 vCPUs would fit.", TRUE);

  /* 12 fit: no warning */
  pit_wizard_state_set_topology (state, 1, 6, 2);
  pit_wizard_page_refresh (pit_wizard_get_page (fixture.wizard));
  pit_ui_test_wait_ms (20);
  expect (&fixture, "do not fit on one L3 cache", FALSE);

  /* placed by hand on the other CCD too: said */
  pit_wizard_state_set_pin_auto (state, FALSE);
  g_assert_true (pit_wizard_state_set_pin (state, 0, "8", NULL));
  pit_wizard_page_refresh (pit_wizard_get_page (fixture.wizard));
  pit_ui_test_wait_ms (20);
  expect (&fixture, "The vCPUs are spread over several L3 caches although the guest fits on CCD 0", TRUE);
  close_pinning (&fixture);
}

static void
test_refresh_keeps_headings (void)
{
  Fixture fixture = { 0 };
  GtkWidget *grid;
  GtkWidget *first;

  open_pinning (&fixture, TRUE);
  grid = find_grid (page_of (&fixture));
  first = gtk_widget_get_first_child (grid);
  pit_wizard_page_refresh (pit_wizard_get_page (fixture.wizard));
  pit_ui_test_wait_ms (20);
  g_assert_true (gtk_widget_get_first_child (grid) == first);
  close_pinning (&fixture);
}

static void
test_one_l3 (void)
{
  Fixture fixture = { 0 };
  GtkWidget *grid;

  open_pinning (&fixture, FALSE);
  expect (&fixture, "All cores share one L3 cache of 8.0\u00a0MiB.", TRUE);
  grid = find_grid (page_of (&fixture));
  for (GtkWidget *child = gtk_widget_get_first_child (grid); child != NULL; child = gtk_widget_get_next_sibling (child))
    g_assert_true (GTK_IS_BUTTON (child));
  /* a row per core, its two threads side by side (CPU n and n+4) */
  g_assert_cmpint (grid_row_of (grid, "CPU 0"), ==, 0);
  g_assert_cmpint (grid_row_of (grid, "CPU 4"), ==, 0);
  g_assert_cmpint (grid_row_of (grid, "CPU 1"), ==, 1);
  g_assert_cmpint (grid_row_of (grid, "CPU 5"), ==, 1);
  g_assert_cmpint (grid_row_of (grid, "CPU 7"), ==, 3);
  close_pinning (&fixture);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *data_home = g_dir_make_tmp ("pitstop-pinning-l3-XXXXXX", NULL);

  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  if (!pit_ui_test_init (&argc, &argv))
    {
      g_test_skip ("no display");
      return g_test_run ();
    }
  g_test_add_func ("/wizard/pinning/ccd-headings", test_ccd_headings);
  g_test_add_func ("/wizard/pinning/guest-larger-than-a-ccd", test_guest_larger_than_a_ccd);
  g_test_add_func ("/wizard/pinning/refresh-keeps-headings", test_refresh_keeps_headings);
  g_test_add_func ("/wizard/pinning/one-l3", test_one_l3);
  return g_test_run ();
}
