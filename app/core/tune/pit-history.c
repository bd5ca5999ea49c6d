/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-tune"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "pit-error.h"
#include "pit-history.h"

struct _PitHistory
{
  GObject parent_instance;
  char *dir;
};

G_DEFINE_FINAL_TYPE (PitHistory, pit_history, G_TYPE_OBJECT)

void
pit_history_entry_free (PitHistoryEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->id);
  g_clear_pointer (&entry->time, g_date_time_unref);
  g_free (entry->description);
  g_free (entry);
}

void
pit_history_volume_free (PitHistoryVolume *volume)
{
  if (volume == NULL)
    return;
  g_free (volume->pool);
  g_free (volume->name);
  g_free (volume->key);
  g_free (volume->path);
  g_free (volume->format);
  g_free (volume);
}

static void
pit_history_finalize (GObject *object)
{
  PitHistory *self = PIT_HISTORY (object);

  g_free (self->dir);
  G_OBJECT_CLASS (pit_history_parent_class)->finalize (object);
}

static void
pit_history_class_init (PitHistoryClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pit_history_finalize;
}

static void
pit_history_init (PitHistory *self)
{
}

/**
 * pit_history_new:
 * @uuid: the domain's UUID
 */
PitHistory *
pit_history_new (const char *uuid)
{
  g_autofree char *dir = NULL;

  g_return_val_if_fail (uuid != NULL && *uuid != '\0' && strchr (uuid, '/') == NULL, NULL);

  dir = g_build_filename (g_get_user_data_dir (), "pitstop", "history", uuid, NULL);
  return pit_history_new_for_dir (dir);
}

PitHistory *
pit_history_new_for_dir (const char *dir)
{
  PitHistory *self = g_object_new (PIT_TYPE_HISTORY, NULL);

  self->dir = g_strdup (dir);
  return self;
}

const char *
pit_history_get_dir (PitHistory *self)
{
  g_return_val_if_fail (PIT_IS_HISTORY (self), NULL);

  return self->dir;
}

static gboolean
valid_id (const char *id)
{
  if (id == NULL || *id == '\0' || strlen (id) > 64)
    return FALSE;
  for (const char *p = id; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p) && *p != '-')
      return FALSE;
  return TRUE;
}

static char *
path_for (PitHistory *self,
          const char *id,
          const char *suffix)
{
  g_autofree char *name = g_strconcat (id, suffix, NULL);

  return g_build_filename (self->dir, name, NULL);
}

static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  return g_strcmp0 (*(const char **) a, *(const char **) b);
}

/* Entry ids, oldest first */
static GPtrArray *
list_ids (PitHistory  *self,
          GError     **error)
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) local_error = NULL;
  const char *name;

  dir = g_dir_open (self->dir, 0, &local_error);
  if (dir == NULL)
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return g_steal_pointer (&ids);
      g_set_error (error, PIT_ERROR, PIT_ERROR_FAILED, _("Cannot read the history in %s: %s"),
                   self->dir, local_error->message);
      return NULL;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".xml"))
      {
        g_autofree char *id = g_strndup (name, strlen (name) - 4);

        if (valid_id (id))
          g_ptr_array_add (ids, g_steal_pointer (&id));
      }
  g_ptr_array_sort (ids, compare_ids);
  return g_steal_pointer (&ids);
}

/**
 * pit_history_list:
 * Returns: (transfer full) (element-type PitHistoryEntry): newest first.
 */
GPtrArray *
pit_history_list (PitHistory  *self,
                  GError     **error)
{
  g_autoptr(GPtrArray) ids = NULL;
  GPtrArray *entries;

  g_return_val_if_fail (PIT_IS_HISTORY (self), NULL);

  ids = list_ids (self, error);
  if (ids == NULL)
    return NULL;

  entries = g_ptr_array_new_with_free_func ((GDestroyNotify) pit_history_entry_free);
  for (guint i = ids->len; i > 0; i--)
    {
      const char *id = g_ptr_array_index (ids, i - 1);
      g_autofree char *ini = path_for (self, id, ".ini");
      g_autoptr(GKeyFile) keys = g_key_file_new ();
      PitHistoryEntry *entry = g_new0 (PitHistoryEntry, 1);

      entry->id = g_strdup (id);
      if (g_key_file_load_from_file (keys, ini, G_KEY_FILE_NONE, NULL))
        {
          g_autofree char *time = g_key_file_get_string (keys, "Entry", "Time", NULL);

          entry->description = g_key_file_get_string (keys, "Entry", "Description", NULL);
          if (time != NULL)
            entry->time = g_date_time_new_from_iso8601 (time, NULL);
        }
      if (entry->description == NULL)
        entry->description = g_strdup ("");
      g_ptr_array_add (entries, entry);
    }
  return entries;
}

/**
 * pit_history_save:
 * Stores @xml byte for byte with @description.  Callers prune with
 * pit_history_prune() once the change the entry is for has succeeded (a
 * refused define deletes the entry again and must not have cost an old one).
 * Returns: the new entry's id
 */
char *
pit_history_save (PitHistory  *self,
                  const char  *xml,
                  const char  *description,
                  GError     **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GKeyFile) keys = g_key_file_new ();
  g_autofree char *base = g_date_time_format (now, "%Y%m%d-%H%M%S");
  g_autofree char *id = NULL;
  g_autofree char *xml_path = NULL;
  g_autofree char *ini_path = NULL;
  g_autofree char *time = NULL;
  g_autofree char *ini = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GError) local_error = NULL;
  int usec;

  g_return_val_if_fail (PIT_IS_HISTORY (self), NULL);
  g_return_val_if_fail (xml != NULL, NULL);

  if (g_mkdir_with_parents (self->dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, PIT_ERROR, PIT_ERROR_FAILED, _("Cannot create the history folder %s: %s"),
                   self->dir, g_strerror (saved));
      return NULL;
    }

  /* Microseconds make ids unique; a later id always sorts after, even when
   * the clock has not moved. */
  usec = g_date_time_get_microsecond (now);
  ids = list_ids (self, error);
  if (ids == NULL)
    return NULL;
  id = g_strdup_printf ("%s-%06d", base, usec);
  if (ids->len > 0 && g_strcmp0 (id, g_ptr_array_index (ids, ids->len - 1)) <= 0)
    {
      g_free (id);
      id = g_strconcat (g_ptr_array_index (ids, ids->len - 1), "-1", NULL);
    }

  xml_path = path_for (self, id, ".xml");
  ini_path = path_for (self, id, ".ini");
  time = g_date_time_format_iso8601 (now);
  g_key_file_set_string (keys, "Entry", "Time", time);
  g_key_file_set_string (keys, "Entry", "Description", description ? description : "");
  ini = g_key_file_to_data (keys, NULL, NULL);

  /* the .ini first: the list goes by the .xml files, so a window listing
   * the history while this runs in a worker thread never sees an entry
   * without its time and description */
  if (!g_file_set_contents_full (ini_path, ini, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, &local_error)
      || !g_file_set_contents_full (xml_path, xml, strlen (xml), G_FILE_SET_CONTENTS_CONSISTENT, 0600, &local_error))
    {
      g_unlink (xml_path);
      g_unlink (ini_path);
      g_set_error (error, PIT_ERROR, PIT_ERROR_FAILED, _("Cannot save the history entry: %s"),
                   local_error->message);
      return NULL;
    }

  return g_steal_pointer (&id);
}

/**
 * pit_history_load:
 * Returns: the exact bytes saved under @id
 */
char *
pit_history_load (PitHistory  *self,
                  const char  *id,
                  GError     **error)
{
  g_autofree char *path = NULL;
  char *contents = NULL;

  g_return_val_if_fail (PIT_IS_HISTORY (self), NULL);

  if (!valid_id (id) || !g_file_test ((path = path_for (self, id, ".xml")), G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, PIT_ERROR, PIT_ERROR_NOT_FOUND,
                   _("There is no history entry “%s” for this virtual machine"), id ? id : "");
      return NULL;
    }
  if (!g_file_get_contents (path, &contents, NULL, error))
    return NULL;
  return contents;
}

gboolean
pit_history_delete (PitHistory  *self,
                    const char  *id,
                    GError     **error)
{
  g_autofree char *xml = NULL;
  g_autofree char *ini = NULL;

  g_return_val_if_fail (PIT_IS_HISTORY (self), FALSE);

  if (!valid_id (id))
    {
      g_set_error (error, PIT_ERROR, PIT_ERROR_NOT_FOUND,
                   _("There is no history entry “%s” for this virtual machine"), id ? id : "");
      return FALSE;
    }
  xml = path_for (self, id, ".xml");
  ini = path_for (self, id, ".ini");
  g_unlink (ini);
  if (g_unlink (xml) != 0)
    {
      int saved = errno;

      g_set_error (error, PIT_ERROR, PIT_ERROR_FAILED, _("Cannot delete the history entry %s: %s"),
                   id, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

/**
 * pit_history_prune:
 * Deletes all but the newest @keep entries.
 * Returns: how many were deleted
 */
guint
pit_history_prune (PitHistory *self,
                   guint       keep)
{
  g_autoptr(GPtrArray) ids = list_ids (self, NULL);
  guint deleted = 0;

  if (ids == NULL || ids->len <= keep)
    return 0;
  for (guint i = 0; i < ids->len - keep; i++)
    if (pit_history_delete (self, g_ptr_array_index (ids, i), NULL))
      deleted++;
  return deleted;
}

/* [Volume N] groups of an entry's .ini */
#define VOLUME_GROUP_PREFIX "Volume "

/**
 * pit_history_add_volumes:
 * @volumes: (element-type PitHistoryVolume): what the change that followed
 *   entry @id did to storage
 * Adds @volumes to the entry's record.
 */
gboolean
pit_history_add_volumes (PitHistory  *self,
                         const char  *id,
                         GPtrArray   *volumes,
                         GError     **error)
{
  g_autoptr(GKeyFile) keys = g_key_file_new ();
  g_autoptr(GError) local_error = NULL;
  g_autofree char *ini_path = NULL;
  g_autofree char *ini = NULL;
  guint n = 0;

  g_return_val_if_fail (PIT_IS_HISTORY (self), FALSE);

  if (volumes->len == 0)
    return TRUE;
  if (!valid_id (id) || !g_file_test ((ini_path = path_for (self, id, ".ini")), G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, PIT_ERROR, PIT_ERROR_NOT_FOUND,
                   _("There is no history entry “%s” for this virtual machine"), id ? id : "");
      return FALSE;
    }
  if (!g_key_file_load_from_file (keys, ini_path, G_KEY_FILE_KEEP_COMMENTS, &local_error))
    {
      g_set_error (error, PIT_ERROR, PIT_ERROR_FAILED, _("Cannot save the history entry: %s"),
                   local_error->message);
      return FALSE;
    }
  while (TRUE)
    {
      g_autofree char *group = g_strdup_printf (VOLUME_GROUP_PREFIX "%u", n);

      if (!g_key_file_has_group (keys, group))
        break;
      n++;
    }
  for (guint i = 0; i < volumes->len; i++, n++)
    {
      PitHistoryVolume *volume = g_ptr_array_index (volumes, i);
      g_autofree char *group = g_strdup_printf (VOLUME_GROUP_PREFIX "%u", n);

      g_key_file_set_string (keys, group, "Action",
                             volume->action == PIT_HISTORY_VOLUME_CREATED ? "created" : "deleted");
      g_key_file_set_string (keys, group, "Pool", volume->pool);
      g_key_file_set_string (keys, group, "Name", volume->name);
      g_key_file_set_string (keys, group, "Key", volume->key ? volume->key : "");
      g_key_file_set_string (keys, group, "Path", volume->path ? volume->path : "");
      g_key_file_set_uint64 (keys, group, "Capacity", volume->capacity);
      g_key_file_set_string (keys, group, "Format", volume->format ? volume->format : "");
    }
  ini = g_key_file_to_data (keys, NULL, NULL);
  if (!g_file_set_contents_full (ini_path, ini, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, &local_error))
    {
      g_set_error (error, PIT_ERROR, PIT_ERROR_FAILED, _("Cannot save the history entry: %s"),
                   local_error->message);
      return FALSE;
    }
  return TRUE;
}

static char *
get_nonempty (GKeyFile   *keys,
              const char *group,
              const char *key)
{
  char *value = g_key_file_get_string (keys, group, key, NULL);

  if (value != NULL && value[0] == '\0')
    g_clear_pointer (&value, g_free);
  return value;
}

/**
 * pit_history_get_volumes:
 * Returns: (transfer full) (element-type PitHistoryVolume): what the change
 *   that followed entry @id did to storage, in order; empty when nothing
 *   (or an unknown entry, or an unreadable record)
 */
GPtrArray *
pit_history_get_volumes (PitHistory *self,
                         const char *id)
{
  GPtrArray *ret = g_ptr_array_new_with_free_func ((GDestroyNotify) pit_history_volume_free);
  g_autoptr(GKeyFile) keys = g_key_file_new ();
  g_autofree char *ini_path = NULL;

  g_return_val_if_fail (PIT_IS_HISTORY (self), ret);

  if (!valid_id (id))
    return ret;
  ini_path = path_for (self, id, ".ini");
  if (!g_key_file_load_from_file (keys, ini_path, G_KEY_FILE_NONE, NULL))
    return ret;
  for (guint n = 0;; n++)
    {
      g_autofree char *group = g_strdup_printf (VOLUME_GROUP_PREFIX "%u", n);
      g_autofree char *action = NULL;
      g_autoptr(PitHistoryVolume) volume = NULL;

      if (!g_key_file_has_group (keys, group))
        break;
      action = g_key_file_get_string (keys, group, "Action", NULL);
      volume = g_new0 (PitHistoryVolume, 1);
      volume->pool = get_nonempty (keys, group, "Pool");
      volume->name = get_nonempty (keys, group, "Name");
      volume->key = get_nonempty (keys, group, "Key");
      volume->path = get_nonempty (keys, group, "Path");
      volume->capacity = g_key_file_get_uint64 (keys, group, "Capacity", NULL);
      volume->format = get_nonempty (keys, group, "Format");
      if (volume->pool == NULL || volume->name == NULL)
        continue;
      if (g_strcmp0 (action, "created") == 0)
        volume->action = PIT_HISTORY_VOLUME_CREATED;
      else if (g_strcmp0 (action, "deleted") == 0)
        volume->action = PIT_HISTORY_VOLUME_DELETED;
      else
        continue;
      g_ptr_array_add (ret, g_steal_pointer (&volume));
    }
  return ret;
}
