/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "pit-cli.h"
#include "pit-connection-problem.h"
#include "pit-demo.h"
#include "pit-error.h"

gboolean
pit_cli_parse_demo (const char  *option_name,
                    const char  *value,
                    gpointer     data,
                    GError     **error)
{
  PitCliConnectionOptions *options = data;

  options->demo = TRUE;
  g_free (options->demo_name);
  options->demo_name = g_strdup (value);
  return TRUE;
}

char *
pit_cli_demo_uri (PitCliConnectionOptions  *options,
                  GError                  **error)
{
  char *uri = pit_demo_get_uri_for (options->demo_name);

  if (uri == NULL)
    g_set_error (error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT,
                 _("There is no demo host “%s”; the demo hosts are the default one (--demo) and %s"),
                 options->demo_name, pit_demo_names ());
  return uri;
}

GOptionGroup *
pit_cli_connection_option_group (PitCliConnectionOptions *options)
{
  const GOptionEntry entries[] = {
    { "connect", 'c', 0, G_OPTION_ARG_STRING, &options->connect,
      N_("libvirt URI to connect to (default: qemu:///system)"), N_("URI") },
    { "demo", 0, G_OPTION_FLAG_OPTIONAL_ARG, G_OPTION_ARG_CALLBACK, pit_cli_parse_demo,
      N_("Use the built-in demo host (or the demo host NAME: single-gpu)"), N_("NAME") },
    { NULL }
  };
  GOptionGroup *group = g_option_group_new ("connection", _("Connection options"),
                                            _("Show connection options"), options, NULL);

  g_option_group_add_entries (group, entries);
  g_option_group_set_translation_domain (group, GETTEXT_PACKAGE);
  return group;
}

void
pit_cli_connection_options_clear (PitCliConnectionOptions *options)
{
  g_clear_pointer (&options->connect, g_free);
  g_clear_pointer (&options->demo_name, g_free);
}

/**
 * pit_cli_open_connection:
 * Opens --connect URI, the demo host with --demo, else qemu:///system.
 */
PitConnection *
pit_cli_open_connection (PitCliConnectionOptions  *options,
                         GError                  **error)
{
  g_autoptr(PitConnection) connection = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *uri = NULL;

  if (options->demo && options->connect != NULL)
    {
      g_set_error_literal (error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT,
                           _("Use either --demo or --connect, not both"));
      return NULL;
    }
  if (options->demo)
    {
      uri = pit_cli_demo_uri (options, error);
      if (uri == NULL)
        return NULL;
    }
  else
    uri = g_strdup (options->connect ? options->connect : "qemu:///system");

  connection = pit_connection_new (uri);
  if (!pit_connection_open_sync (connection, &local_error))
    {
      g_autofree char *advice = pit_connection_problem_advice (local_error, uri);

      g_set_error (error, local_error->domain, local_error->code, "%s %s",
                   local_error->message, advice);
      return NULL;
    }

  return g_steal_pointer (&connection);
}

/**
 * pit_cli_fail:
 * Prints one clear line on stderr; returns the exit code for errors (1).
 */
int
pit_cli_fail (const GError *error)
{
  g_printerr ("pitstop-cli: %s\n", error->message);
  return 1;
}

gboolean
pit_cli_parse (GOptionContext   *context,
               int              *argc,
               char           ***argv)
{
  g_autoptr(GError) error = NULL;

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      g_printerr ("pitstop-cli: %s\n", error->message);
      return FALSE;
    }
  return TRUE;
}
