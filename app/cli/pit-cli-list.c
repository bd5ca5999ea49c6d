/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "pit-cli.h"
#include "pit-json-writer.h"
#include "pit-text-table.h"

static void
print_json (GListModel *domains)
{
  g_autoptr(PitJsonWriter) json = pit_json_writer_new ();
  g_autofree char *text = NULL;
  guint n = g_list_model_get_n_items (domains);

  pit_json_writer_begin_array (json);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PitDomain) domain = g_list_model_get_item (domains, i);

      pit_json_writer_begin_object (json);
      pit_json_writer_key (json, "name");
      pit_json_writer_string (json, pit_domain_get_name (domain));
      pit_json_writer_key (json, "uuid");
      pit_json_writer_string (json, pit_domain_get_uuid (domain));
      pit_json_writer_key (json, "state");
      pit_json_writer_string (json, pit_domain_state_to_id (pit_domain_get_state (domain)));
      pit_json_writer_key (json, "vcpus");
      pit_json_writer_uint (json, pit_domain_get_vcpus (domain));
      pit_json_writer_key (json, "current_vcpus");
      pit_json_writer_uint (json, pit_domain_get_vcpus_current (domain));
      pit_json_writer_key (json, "memory_kib");
      pit_json_writer_uint (json, pit_domain_get_memory_kib (domain));
      pit_json_writer_end_object (json);
    }
  pit_json_writer_end_array (json);

  text = pit_json_writer_steal (g_steal_pointer (&json));
  g_print ("%s", text);
}

static void
print_table (GListModel *domains)
{
  guint n = g_list_model_get_n_items (domains);
  g_autoptr(PitTextTable) table = pit_text_table_new (6);

  pit_text_table_set_right_aligned (table, 3);
  pit_text_table_set_right_aligned (table, 4);
  pit_text_table_add_row (table, _("NAME"), _("UUID"), _("STATE"), _("VCPUS"), _("CURRENT"), _("MEMORY"));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PitDomain) domain = g_list_model_get_item (domains, i);
      g_autofree char *memory = g_format_size_full (pit_domain_get_memory_kib (domain) * 1024,
                                                    G_FORMAT_SIZE_IEC_UNITS);
      g_autofree char *vcpus = g_strdup_printf ("%u", pit_domain_get_vcpus (domain));
      g_autofree char *current = g_strdup_printf ("%u", pit_domain_get_vcpus_current (domain));

      pit_text_table_add_row (table, pit_domain_get_name (domain), pit_domain_get_uuid (domain),
                              pit_domain_state_to_string (pit_domain_get_state (domain)), vcpus, current, memory);
    }
  pit_text_table_print (table);
}

int
pit_cli_list (int    argc,
              char **argv)
{
  g_auto(PitCliConnectionOptions) conn_options = { 0 };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(PitConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };

  g_option_context_set_summary (context, _("List the virtual machines of a libvirt connection."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_add_group (context, pit_cli_connection_option_group (&conn_options));
  if (!pit_cli_parse (context, &argc, &argv))
    return 1;

  connection = pit_cli_open_connection (&conn_options, &error);
  if (connection == NULL)
    return pit_cli_fail (error);

  if (json)
    print_json (pit_connection_get_domains (connection));
  else
    print_table (pit_connection_get_domains (connection));

  return 0;
}
