/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-advisor"

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <errno.h>
#include <string.h>

#include "pit-error.h"
#include "pit-measurement-store.h"

/* A UUID, so a name from a file cannot climb out of the folder. */
static gboolean
is_safe_uuid (const char *uuid)
{
  if (uuid == NULL || uuid[0] == '\0' || strlen (uuid) > 64)
    return FALSE;
  for (const char *p = uuid; *p != '\0'; p++)
    if (!g_ascii_isxdigit (*p) && *p != '-')
      return FALSE;
  return TRUE;
}

/**
 * pit_measurement_store_get_dir:
 * Returns: (transfer full) (nullable): the VM's folder of measurements, or
 *   %NULL when @uuid is not a UUID
 */
char *
pit_measurement_store_get_dir (const char *uuid)
{
  if (!is_safe_uuid (uuid))
    return NULL;
  return g_build_filename (g_get_user_data_dir (), "pitstop", "measurements", uuid, NULL);
}

gboolean
pit_measurement_store_save (const PitMeasurement  *measurement,
                            char                 **path,
                            GError               **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *json = NULL;
  g_autofree char *file = NULL;
  g_autoptr(GDateTime) started = NULL;
  g_autofree char *stamp = NULL;

  g_return_val_if_fail (measurement != NULL, FALSE);

  dir = pit_measurement_store_get_dir (measurement->uuid);
  if (dir == NULL)
    {
      g_set_error (error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT,
                   _("Cannot store a measurement for “%s”: it has no UUID"),
                   measurement->name != NULL ? measurement->name : "?");
      return FALSE;
    }
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Cannot create %s: %s"), dir, g_strerror (saved));
      return FALSE;
    }

  started = g_date_time_new_from_unix_utc (measurement->started_us / G_USEC_PER_SEC);
  stamp = started != NULL ? g_date_time_format (started, "%Y%m%dT%H%M%SZ") : g_strdup ("unknown");
  /* names sort by time; a second one in the same second gets a suffix */
  for (guint n = 0; n < 100; n++)
    {
      g_free (file);
      file = n == 0 ? g_strdup_printf ("%s/%s.json", dir, stamp)
                    : g_strdup_printf ("%s/%s-%02u.json", dir, stamp, n);
      if (!g_file_test (file, G_FILE_TEST_EXISTS))
        break;
    }

  json = pit_measurement_to_json (measurement);
  if (!g_file_set_contents_full (file, json, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, error))
    return FALSE;
  if (path != NULL)
    *path = g_steal_pointer (&file);
  return TRUE;
}

static int
by_name (gconstpointer a,
         gconstpointer b)
{
  return g_strcmp0 (*(char **) a, *(char **) b);
}

static int
by_start (gconstpointer a,
          gconstpointer b)
{
  const PitMeasurement *ma = *(PitMeasurement **) a;
  const PitMeasurement *mb = *(PitMeasurement **) b;

  return ma->started_us < mb->started_us ? -1 : ma->started_us > mb->started_us ? 1 : 0;
}

GPtrArray *
pit_measurement_store_list (const char  *uuid,
                            GError     **error)
{
  g_autoptr(GPtrArray) result = g_ptr_array_new_with_free_func ((GDestroyNotify) pit_measurement_unref);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *dir = pit_measurement_store_get_dir (uuid);
  g_autoptr(GDir) handle = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *name;

  if (dir == NULL)
    {
      g_set_error (error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT, _("“%s” is not a UUID"), uuid != NULL ? uuid : "");
      return NULL;
    }
  handle = g_dir_open (dir, 0, &local_error);
  if (handle == NULL)
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return g_steal_pointer (&result);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  while ((name = g_dir_read_name (handle)) != NULL)
    if (g_str_has_suffix (name, ".json"))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, by_name);

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *file = g_build_filename (dir, g_ptr_array_index (names, i), NULL);
      g_autofree char *text = NULL;
      g_autoptr(GError) read_error = NULL;
      PitMeasurement *measurement;

      if (!g_file_get_contents (file, &text, NULL, &read_error)
          || (measurement = pit_measurement_new_from_json (text, &read_error)) == NULL)
        {
          g_debug ("Skipping %s: %s", file, read_error->message);
          continue;
        }
      g_ptr_array_add (result, measurement);
    }
  /* stable: same-second files keep their name order */
  g_ptr_array_sort (result, by_start);
  return g_steal_pointer (&result);
}
