/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "pit-cli.h"
#include "pit-error.h"
#include "pit-history.h"
#include "pit-text-table.h"
#include "pit-tune-apply.h"
#include "pit-tune-restore.h"

static void
print_entries (GPtrArray *entries)
{
  g_autoptr(PitTextTable) table = NULL;

  if (entries->len == 0)
    {
      g_print ("%s\n", _("No history yet: pitstop-cli tune --apply saves the configuration it replaces."));
      return;
    }
  table = pit_text_table_new (3);
  pit_text_table_add_row (table, _("ID"), _("TIME"), _("DESCRIPTION"));
  for (guint i = 0; i < entries->len; i++)
    {
      PitHistoryEntry *entry = g_ptr_array_index (entries, i);
      g_autoptr(GDateTime) local = entry->time ? g_date_time_to_local (entry->time) : NULL;
      g_autofree char *time = local ? g_date_time_format (local, "%Y-%m-%d %H:%M:%S") : g_strdup ("?");

      pit_text_table_add_row (table, entry->id, time, entry->description);
    }
  pit_text_table_print (table);
}

int
pit_cli_history (int    argc,
                 char **argv)
{
  g_auto(PitCliConnectionOptions) conn_options = { 0 };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(PitConnection) connection = NULL;
  g_autoptr(PitHistory) history = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *domain_name = NULL;
  g_autofree char *restore = NULL;
  PitDomain *domain;
  const GOptionEntry entries_options[] = {
    { "domain", 'd', 0, G_OPTION_ARG_STRING, &domain_name, N_("The virtual machine (name or UUID)"), N_("NAME") },
    { "restore", 0, 0, G_OPTION_ARG_STRING, &restore, N_("Define this saved configuration again"), N_("ID") },
    { NULL }
  };

  g_option_context_set_summary (context, _("List the saved configurations of a virtual machine, or restore one."));
  g_option_context_add_main_entries (context, entries_options, GETTEXT_PACKAGE);
  g_option_context_add_group (context, pit_cli_connection_option_group (&conn_options));
  if (!pit_cli_parse (context, &argc, &argv))
    return 1;

  if (domain_name == NULL)
    {
      g_set_error_literal (&error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT, _("Give the virtual machine with --domain NAME"));
      return pit_cli_fail (error);
    }
  if (argc > 1)
    {
      g_set_error (&error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT, _("Unexpected argument “%s”"), argv[1]);
      return pit_cli_fail (error);
    }

  connection = pit_cli_open_connection (&conn_options, &error);
  if (connection == NULL)
    return pit_cli_fail (error);
  domain = pit_connection_find_domain (connection, domain_name);
  if (domain == NULL)
    {
      g_set_error (&error, PIT_ERROR, PIT_ERROR_NOT_FOUND, _("There is no virtual machine “%s”"), domain_name);
      return pit_cli_fail (error);
    }

  if (restore != NULL)
    {
      g_autoptr(PitTuneResult) result = pit_tune_restore_full (pit_domain_get_handle (domain), restore, &error);

      if (result == NULL)
        return pit_cli_fail (error);
      g_print (_("Restored %s; the configuration it replaced is saved as %s.\n"), restore, result->history_id);
      for (guint i = 0; i < result->storage->len; i++)
        g_print ("%s.\n", (const char *) g_ptr_array_index (result->storage, i));
      for (guint i = 0; i < result->warnings->len; i++)
        g_printerr ("%s\n", (const char *) g_ptr_array_index (result->warnings, i));
      return 0;
    }

  history = pit_history_new (pit_domain_get_uuid (domain));
  entries = pit_history_list (history, &error);
  if (entries == NULL)
    return pit_cli_fail (error);
  print_entries (entries);
  return 0;
}
