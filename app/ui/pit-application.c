/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "pit-application.h"
#include "pit-demo.h"
#include "pit-connection.h"
#include "pit-window.h"
#include "pit-window-capture.h"

/* The application: command line (--connect URI, --demo), which connection
 * to open (the option, else the last one, else qemu:///system), app actions
 * and accelerators. */
struct _PitApplication
{
  AdwApplication parent_instance;

  char *uri;
  gint64 start_time;
};

G_DEFINE_FINAL_TYPE (PitApplication, pit_application, ADW_TYPE_APPLICATION)

static char *
last_uri (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = source ? g_settings_schema_source_lookup (source, APP_ID, TRUE) : NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autofree char *uri = NULL;

  if (schema == NULL)
    return NULL;
  settings = g_settings_new_full (schema, NULL, NULL);
  uri = g_settings_get_string (settings, "last-uri");
  return *uri != '\0' ? g_steal_pointer (&uri) : NULL;
}

static void
pit_application_activate (GApplication *app)
{
  PitApplication *self = PIT_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_autofree char *uri = NULL;

  if (window == NULL)
    {
      uri = g_strdup (self->uri);
      if (uri == NULL)
        uri = last_uri ();
      if (uri == NULL)
        uri = g_strdup ("qemu:///system");
      /* the host's open (the last one's, unless given) runs while the
       * window is built */
      pit_connection_open_early (uri);
      window = GTK_WINDOW (pit_window_new (GTK_APPLICATION (app)));
      pit_window_capture_setup (PIT_WINDOW (window), self->start_time);
      pit_window_open_uri (PIT_WINDOW (window), uri);
    }
  else if (self->uri != NULL)
    {
      pit_window_open_uri (PIT_WINDOW (window), self->uri);
    }

  gtk_window_present (window);
}

/* --demo [NAME]: GApplication hands an option's value to handle_local_options
 * only for plain types, and an optional value needs a callback: it keeps
 * what it was given here (one application per process) */
static gboolean demo_given;
static char *demo_name;

static gboolean
parse_demo (const char  *option_name,
            const char  *value,
            gpointer     data,
            GError     **error)
{
  if (value != NULL && !pit_demo_name_is_known (value))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("There is no demo host “%s”; the demo hosts are the default one (--demo) and %s"),
                   value, pit_demo_names ());
      return FALSE;
    }
  demo_given = TRUE;
  g_free (demo_name);
  demo_name = g_strdup (value);
  return TRUE;
}

static int
pit_application_handle_local_options (GApplication *app,
                                      GVariantDict *options)
{
  PitApplication *self = PIT_APPLICATION (app);
  const char *connect = NULL;
  gboolean demo = FALSE;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("pitstop %s\n", PACKAGE_VERSION);
      return 0;
    }
  g_variant_dict_lookup (options, "connect", "&s", &connect);
  demo = demo_given;
  if (demo && connect != NULL)
    {
      g_printerr ("%s\n", _("Use either --demo or --connect, not both"));
      return 1;
    }
  g_clear_pointer (&self->uri, g_free);
  if (demo && demo_name != NULL)
    self->uri = g_strconcat ("demo:", demo_name, NULL);
  else if (demo)
    self->uri = g_strdup ("demo");
  else if (connect != NULL)
    self->uri = g_strdup (connect);
  /* the host's open (its round trips, or the test driver's parse) runs
   * while GTK starts and the window is built; the first window joins it */
  if (self->uri != NULL)
    pit_connection_open_early (self->uri);

  return -1;
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  static const char *developers[] = { "The Pitstop developers", NULL };
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (user_data));

  adw_show_about_window (window,
                         "application-name", _("Pitstop"),
                         "application-icon", APP_ID,
                         "developer-name", _("The Pitstop developers"),
                         "version", PACKAGE_VERSION,
                         "website", "https://github.com/pitstopvm/pitstop",
                         "issue-url", "https://github.com/pitstopvm/pitstop/issues",
                         "comments", _("Make your libvirt virtual machines fast, and see that they are."),
                         "developers", developers,
                         /* TRANSLATORS: your names, one per line */
                         "translator-credits", _("translator-credits"),
                         "license-type", GTK_LICENSE_GPL_3_0,
                         NULL);
}

/* the id gnome.yelp() installs the help under, in data/help/meson.build */
#define HELP_URI "help:pitstop"
#define WEB_HELP_URI "https://github.com/pitstopvm/pitstop#readme"

/**
 * pit_application_get_help_uri:
 *
 * What F1 opens: the help installed with Pitstop (Yelp reads it; it works
 * offline and describes this version) when something opens help: URIs, else
 * the README on the web.  gtk_show_uri() in GTK 4.8 cannot report that
 * nothing opened the URI, hence the look-up first.  Inside the Flatpak the
 * OpenURI portal takes help: URIs, and the sandbox does not see the host's
 * handlers, so there it is always help:.
 *
 * Returns: the URI to show
 */
const char *
pit_application_get_help_uri (void)
{
  g_autoptr(GAppInfo) handler = NULL;

  if (g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS))
    return HELP_URI;
  handler = g_app_info_get_default_for_uri_scheme ("help");
  return handler != NULL ? HELP_URI : WEB_HELP_URI;
}

static void
help_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (user_data));

  gtk_show_uri (window, pit_application_get_help_uri (), GDK_CURRENT_TIME);
}

static const GActionEntry app_actions[] = {
  { "quit", quit_action },
  { "about", about_action },
  { "help", help_action },
};

static void
pit_application_startup (GApplication *app)
{
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *close_accels[] = { "<Control>w", NULL };
  static const char *connect_accels[] = { "<Control>l", NULL };
  static const char *refresh_accels[] = { "<Control>r", "F5", NULL };
  static const char *help_accels[] = { "F1", NULL };
  G_APPLICATION_CLASS (pit_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "window.close", close_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.connect", connect_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.refresh", refresh_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.help", help_accels);
  /* style.css, and style-hc.css in high contrast, come from the
   * resource base path: AdwApplication loads them and follows the setting */
}

static void
pit_application_finalize (GObject *object)
{
  PitApplication *self = (PitApplication *) object;

  g_free (self->uri);

  G_OBJECT_CLASS (pit_application_parent_class)->finalize (object);
}

static void
pit_application_class_init (PitApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = pit_application_finalize;
  app_class->activate = pit_application_activate;
  app_class->startup = pit_application_startup;
  app_class->handle_local_options = pit_application_handle_local_options;
}

static void
pit_application_init (PitApplication *self)
{
  const GOptionEntry entries[] = {
    { "connect", 'c', 0, G_OPTION_ARG_STRING, NULL, N_("libvirt URI to connect to"), N_("URI") },
    { "demo", 0, G_OPTION_FLAG_OPTIONAL_ARG, G_OPTION_ARG_CALLBACK, parse_demo,
      N_("Open the built-in demo host (or the demo host NAME: single-gpu)"), N_("NAME") },
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Print the version and exit"), NULL },
    { NULL }
  };

  self->start_time = g_get_monotonic_time ();
  g_application_add_main_option_entries (G_APPLICATION (self), entries);
}

PitApplication *
pit_application_new (void)
{
  pit_core_init ();

  return g_object_new (PIT_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_NON_UNIQUE,
                       "resource-base-path", RESOURCE_PREFIX,
                       NULL);
}
