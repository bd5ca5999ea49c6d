/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "pit-test-support.h"
#include "pit-ui-test-support.h"
#include "pit-wizard-page.h"
#include "pit-wizard-section.h"
#include "pit-wizard-test-fixture.h"

static gboolean
loaded (gpointer user_data)
{
  return pit_wizard_is_loaded (user_data);
}

static gboolean
row_matches (GtkWidget         *row,
             const char        *text,
             PitWizardRowMatch  match)
{
  const char *title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));
  const char *subtitle = ADW_IS_ACTION_ROW (row) ? adw_action_row_get_subtitle (ADW_ACTION_ROW (row)) : NULL;

  switch (match)
    {
    case PIT_WIZARD_ROW_TITLE_IS:
      return g_strcmp0 (title, text) == 0;
    case PIT_WIZARD_ROW_TITLE_STARTS:
      return title != NULL && g_str_has_prefix (title, text);
    case PIT_WIZARD_ROW_TITLE_OR_SUBTITLE_HAS:
      return (title != NULL && strstr (title, text) != NULL)
             || (subtitle != NULL && strstr (subtitle, text) != NULL);
    default:
      g_assert_not_reached ();
    }
}

/**
 * pit_wizard_test_find_row:
 * Returns: (nullable): the first row under @widget a user sees (it and
 *   everything around it shown) that matches @text as @match says
 */
GtkWidget *
pit_wizard_test_find_row (GtkWidget         *widget,
                          const char        *text,
                          PitWizardRowMatch  match)
{
  if (!gtk_widget_get_visible (widget))
    return NULL;
  if (ADW_IS_PREFERENCES_ROW (widget) && row_matches (widget, text, match))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = pit_wizard_test_find_row (child, text, match);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/**
 * pit_wizard_fixture_open:
 * A wizard on @vm of the host at @uri ("demo", "demo:single-gpu", a
 * test:// file), loaded and shown.
 */
void
pit_wizard_fixture_open (PitWizardFixture *fixture,
                         const char       *uri,
                         const char       *vm)
{
  g_autoptr(GError) error = NULL;

  fixture->connection = pit_connection_new (uri);
  g_assert_true (pit_connection_open_sync (fixture->connection, &error));
  g_assert_no_error (error);
  fixture->wizard = pit_wizard_new (NULL, fixture->connection, pit_connection_find_domain (fixture->connection, vm));
  g_object_ref_sink (fixture->wizard);
  gtk_window_present (GTK_WINDOW (fixture->wizard));
  g_assert_true (pit_test_wait_for (loaded, fixture->wizard, 20000));
}

void
pit_wizard_fixture_close (PitWizardFixture *fixture)
{
  gtk_window_destroy (GTK_WINDOW (fixture->wizard));
  g_assert_finalize_object (fixture->wizard);
  g_clear_object (&fixture->connection);
}

void
pit_wizard_fixture_set_up (PitWizardFixture *fixture,
                           gconstpointer     data)
{
  pit_wizard_fixture_open (fixture, "demo", "win10-gaming");
}

void
pit_wizard_fixture_tear_down (PitWizardFixture *fixture,
                              gconstpointer     data)
{
  pit_wizard_fixture_close (fixture);
}

/* Shows the page @page_id and returns its text (pit_ui_test_collect_text()) */
char *
pit_wizard_fixture_page_text (PitWizardFixture *fixture,
                              const char       *page_id)
{
  pit_wizard_show_page (fixture->wizard, page_id);
  pit_ui_test_wait_ms (50);
  return pit_ui_test_collect_text (pit_wizard_fixture_page (fixture));
}

/* Fails, with the page's text, when @text does (@shown FALSE) or does not
 * (@shown TRUE) hold @needle */
void
pit_wizard_test_expect_text (const char *text,
                             const char *needle,
                             gboolean    shown)
{
  if ((strstr (text, needle) != NULL) != shown)
    {
      g_test_message ("the page %s “%s”; it shows:\n%s", shown ? "does not show" : "shows", needle, text);
      g_assert_not_reached ();
    }
}

GtkWidget *
pit_wizard_fixture_page (PitWizardFixture *fixture)
{
  return GTK_WIDGET (pit_wizard_get_page (fixture->wizard));
}

void
pit_wizard_fixture_assert_shows (PitWizardFixture *fixture,
                                 const char       *text)
{
  GtkWidget *page = pit_wizard_fixture_page (fixture);

  if (!pit_ui_test_shows_text (page, text))
    {
      g_autofree char *all = pit_ui_test_collect_text (page);

      g_test_message ("page %s shows:\n%s", pit_wizard_page_get_id (PIT_WIZARD_PAGE (page)), all);
      g_assert_true (pit_ui_test_shows_text (page, text));
    }
}

/**
 * pit_wizard_test_page_ids:
 * Returns: (transfer container): the ten pages' ids in order: readiness,
 *   one per section (from the sections' table), review, apply
 */
GPtrArray *
pit_wizard_test_page_ids (void)
{
  GPtrArray *pages = g_ptr_array_new ();

  g_ptr_array_add (pages, "readiness");
  for (PitWizardSection section = 0; section < PIT_WIZARD_N_SECTIONS; section++)
    g_ptr_array_add (pages, (gpointer) pit_wizard_section_to_id (section));
  g_ptr_array_add (pages, "review");
  g_ptr_array_add (pages, "apply");
  return pages;
}

static GPtrArray *cases;   /* PitWizardCase, the tests' data */

static void
case_free (PitWizardCase *data)
{
  g_free (data->page);
  g_free (data);
}

/* "/wizard/PAGE/BEHAVIOUR", one fixture each: one failure hides nothing */
void
pit_wizard_test_add_page_test (const char        *page,
                               const char        *behaviour,
                               double             text_scale,
                               PitWizardTestFunc  test)
{
  PitWizardCase *data = g_new0 (PitWizardCase, 1);
  g_autofree char *path = g_strdup_printf ("/wizard/%s/%s", page, behaviour);

  /* kept until pit_wizard_test_run() is done */
  if (cases == NULL)
    cases = g_ptr_array_new_with_free_func ((GDestroyNotify) case_free);
  g_ptr_array_add (cases, data);
  data->page = g_strdup (page);
  data->text_scale = text_scale;
  g_test_add (path, PitWizardFixture, data, pit_wizard_fixture_set_up, test, pit_wizard_fixture_tear_down);
}

/**
 * pit_wizard_test_run:
 * g_test_run(), then frees what pit_wizard_test_add_page_test() kept.
 */
int
pit_wizard_test_run (void)
{
  int status = g_test_run ();

  g_clear_pointer (&cases, g_ptr_array_unref);
  return status;
}
