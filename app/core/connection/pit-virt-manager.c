/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-virt-manager"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pit-error.h"
#include "pit-virt-manager.h"

/* Pitstop opens the same connections as Virtual Machine Manager and hands a
 * VM over to it.  virt-manager keeps the URIs it lists in its GSettings
 * schema; that schema is only there when virt-manager is installed, so every
 * lookup goes through a GSettingsSchemaSource and an absent schema (or one
 * without the key we want) simply means "no saved connections".  Inside the
 * Flatpak sandbox neither the schema nor the program is visible and both
 * features switch themselves off. */

#define URIS_KEY "uris"

static char **
empty_strv (void)
{
  return g_new0 (char *, 1);
}

/**
 * pit_virt_manager_dup_saved_uris_from_source:
 * @source: (nullable): where to look up virt-manager's schema; %NULL for the
 *   default source (installed schemas and $GSETTINGS_SCHEMA_DIR)
 *
 * Returns: (transfer full): the connection URIs virt-manager lists in its
 *   window, in its order, each once, without blank entries.  Empty (never
 *   %NULL) when virt-manager's schema is not installed.
 */
char **
pit_virt_manager_dup_saved_uris_from_source (GSettingsSchemaSource *source)
{
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettingsSchemaKey) key = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_auto(GStrv) saved = NULL;
  g_autoptr(GStrvBuilder) builder = NULL;
  g_autoptr(GHashTable) seen = NULL;

  if (source == NULL)
    source = g_settings_schema_source_get_default ();
  if (source == NULL)
    return empty_strv ();

  schema = g_settings_schema_source_lookup (source, PIT_VIRT_MANAGER_CONNECTIONS_SCHEMA, TRUE);
  if (schema == NULL)
    {
      g_debug ("%s is not installed: no saved virt-manager connections",
               PIT_VIRT_MANAGER_CONNECTIONS_SCHEMA);
      return empty_strv ();
    }
  if (!g_settings_schema_has_key (schema, URIS_KEY))
    return empty_strv ();
  key = g_settings_schema_get_key (schema, URIS_KEY);
  if (!g_variant_type_equal (g_settings_schema_key_get_value_type (key), G_VARIANT_TYPE_STRING_ARRAY))
    return empty_strv ();

  settings = g_settings_new_full (schema, NULL, NULL);
  saved = g_settings_get_strv (settings, URIS_KEY);

  builder = g_strv_builder_new ();
  seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; saved[i] != NULL; i++)
    {
      g_autofree char *uri = g_strstrip (g_strdup (saved[i]));

      if (*uri == '\0' || g_hash_table_contains (seen, uri))
        continue;
      g_strv_builder_add (builder, uri);
      g_hash_table_add (seen, g_steal_pointer (&uri));
    }

  return g_strv_builder_end (builder);
}

/**
 * pit_virt_manager_dup_saved_uris:
 *
 * The connections to offer next to Pitstop's own in the connection chooser.
 *
 * Returns: (transfer full): see pit_virt_manager_dup_saved_uris_from_source().
 */
char **
pit_virt_manager_dup_saved_uris (void)
{
  return pit_virt_manager_dup_saved_uris_from_source (NULL);
}

/**
 * pit_virt_manager_find_program:
 *
 * Returns: (transfer full) (nullable): the virt-manager executable:
 *   $PITSTOP_VIRT_MANAGER when set (tests, unusual installs), else
 *   `virt-manager` in $PATH; %NULL when there is none.
 */
char *
pit_virt_manager_find_program (void)
{
  const char *program = g_getenv ("PITSTOP_VIRT_MANAGER");

  if (program == NULL || *program == '\0')
    program = "virt-manager";
  return g_find_program_in_path (program);
}

/**
 * pit_virt_manager_is_available:
 *
 * Returns: whether "Open in virt-manager" can work here; the UI hides the
 *   action when it cannot (not installed, or inside the Flatpak sandbox).
 */
gboolean
pit_virt_manager_is_available (void)
{
  g_autofree char *program = pit_virt_manager_find_program ();

  return program != NULL;
}

/**
 * pit_virt_manager_build_argv:
 * @program: the virt-manager executable
 * @uri: the libvirt connection URI, e.g. `qemu:///system`
 * @domain: (nullable): the VM's name or UUID; ignored for
 *   %PIT_VIRT_MANAGER_VIEW_MANAGER
 * @view: which of virt-manager's windows to open
 *
 * Builds `virt-manager --connect URI [--show-domain-console=VM |
 * --show-domain-editor=VM]` (the options of virt-manager 4.x).  The VM goes
 * into the same argument as its option, so a name that starts with "-" is
 * still read as a name.
 *
 * Returns: (transfer full): the argument vector, or %NULL with
 *   %PIT_ERROR_INVALID_ARGUMENT.
 */
char **
pit_virt_manager_build_argv (const char          *program,
                             const char          *uri,
                             const char          *domain,
                             PitVirtManagerView   view,
                             GError             **error)
{
  g_autoptr(GStrvBuilder) builder = NULL;
  const char *option = NULL;

  g_return_val_if_fail (program != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (uri == NULL || !g_uri_is_valid (uri, G_URI_FLAGS_NON_DNS, NULL))
    {
      g_set_error (error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT,
                   _("Virtual Machine Manager cannot open “%s”: it is not a connection URI"),
                   uri != NULL ? uri : "");
      return NULL;
    }

  switch (view)
    {
    case PIT_VIRT_MANAGER_VIEW_MANAGER:
      break;
    case PIT_VIRT_MANAGER_VIEW_CONSOLE:
      option = "--show-domain-console=";
      break;
    case PIT_VIRT_MANAGER_VIEW_DETAILS:
      option = "--show-domain-editor=";
      break;
    default:
      g_return_val_if_reached (NULL);
    }

  if (option != NULL && (domain == NULL || *domain == '\0'))
    {
      g_set_error_literal (error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT,
                           _("No virtual machine to show in Virtual Machine Manager"));
      return NULL;
    }

  builder = g_strv_builder_new ();
  g_strv_builder_add_many (builder, program, "--connect", uri, NULL);
  if (option != NULL)
    {
      g_autofree char *show = g_strconcat (option, domain, NULL);

      g_strv_builder_add (builder, show);
    }

  return g_strv_builder_end (builder);
}

/**
 * pit_virt_manager_launch:
 * @uri: the connection URI
 * @domain: (nullable): the VM's name or UUID
 * @view: which window to open
 *
 * Starts virt-manager on @uri (and @domain) with an argument vector, never
 * through a shell.  virt-manager forks into the background, so the returned
 * process ends soon; callers that do not care may drop it at once.
 *
 * Returns: (transfer full) (nullable): the started process, or %NULL with
 *   %PIT_ERROR_NOT_FOUND (not installed), %PIT_ERROR_INVALID_ARGUMENT or
 *   %PIT_ERROR_FAILED (it could not be started).
 */
GSubprocess *
pit_virt_manager_launch (const char          *uri,
                         const char          *domain,
                         PitVirtManagerView   view,
                         GError             **error)
{
  g_autofree char *program = pit_virt_manager_find_program ();
  g_auto(GStrv) argv = NULL;
  g_autoptr(GError) local_error = NULL;
  GSubprocess *process;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (program == NULL)
    {
      g_set_error_literal (error, PIT_ERROR, PIT_ERROR_NOT_FOUND,
                           _("Virtual Machine Manager (virt-manager) is not installed"));
      return NULL;
    }

  argv = pit_virt_manager_build_argv (program, uri, domain, view, error);
  if (argv == NULL)
    return NULL;

  process = g_subprocess_newv ((const char * const *) argv, G_SUBPROCESS_FLAGS_NONE, &local_error);
  if (process == NULL)
    {
      g_set_error (error, PIT_ERROR, PIT_ERROR_FAILED,
                   _("Could not start Virtual Machine Manager: %s"), local_error->message);
      return NULL;
    }

  return process;
}
