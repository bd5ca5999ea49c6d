/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-tune"

#include "config.h"

/* Restoring a history entry, and what it means for the disk volumes
 * Pitstop created or deleted since (see pit-tune-restore.h). */

#include <glib/gi18n-lib.h>
#include <libvirt/virterror.h>
#include <string.h>

#include "pit-error.h"
#include "pit-history.h"
#include "pit-libvirt-error.h"
#include "pit-libvirt-guard.h"
#include "pit-tune-apply-private.h"
#include "pit-tune-apply.h"
#include "pit-tune-restore.h"
#include "pit-tune-task.h"
#include "pit-xml.h"

/* Whether a disk of @root uses the volume (its path, or pool + name). */
static gboolean
xml_uses_volume (xmlNode          *root,
                 PitHistoryVolume *volume)
{
  g_autoptr(GPtrArray) sources = pit_xml_find_nodes (root, "devices/disk//source");

  for (guint i = 0; i < sources->len; i++)
    {
      xmlNode *source = g_ptr_array_index (sources, i);
      g_autofree char *file = pit_xml_get_prop (source, "file");
      g_autofree char *dev = pit_xml_get_prop (source, "dev");
      g_autofree char *pool = pit_xml_get_prop (source, "pool");
      g_autofree char *name = pit_xml_get_prop (source, "volume");

      if ((volume->path != NULL && (g_strcmp0 (file, volume->path) == 0 || g_strcmp0 (dev, volume->path) == 0))
          || (g_strcmp0 (pool, volume->pool) == 0 && g_strcmp0 (name, volume->name) == 0))
        return TRUE;
    }
  return FALSE;
}

static gboolean
xml_text_uses_volume (const char       *xml,
                      PitHistoryVolume *volume)
{
  g_autoptr(xmlDoc) doc = xml ? pit_xml_parse (xml, NULL) : NULL;

  return doc != NULL && xml_uses_volume (xmlDocGetRootElement (doc), volume);
}

/* The name of a domain whose definition (persistent or, while it runs,
 * live) uses @volume; "" when one may but cannot be read; %NULL when none. */
static char *
volume_user (virConnectPtr     connection,
             PitHistoryVolume *volume)
{
  virDomainPtr *domains = NULL;
  int n;
  char *ret = NULL;

  PIT_LIBVIRT_CALL_GUARD (connection);
  n = virConnectListAllDomains (connection, &domains, 0);
  if (n < 0)
    return g_strdup ("");
  for (int i = 0; i < n; i++)
    {
      static const unsigned int flags[] = { VIR_DOMAIN_XML_INACTIVE, 0 };

      for (guint f = 0; ret == NULL && f < G_N_ELEMENTS (flags); f++)
        {
          char *xml;

          if (flags[f] == 0 && virDomainIsActive (domains[i]) != 1)
            continue;
          xml = virDomainGetXMLDesc (domains[i], flags[f]);
          if (xml == NULL)
            ret = g_strdup ("");
          else if (xml_text_uses_volume (xml, volume))
            ret = g_strdup (virDomainGetName (domains[i]));
          free (xml);
        }
      virDomainFree (domains[i]);
    }
  free (domains);
  return ret;
}

static const char *
libvirt_message (void)
{
  const char *message = virGetLastErrorMessage ();

  return message != NULL ? message : "";
}

/* What the changes from entry @history_id on did to storage, one record
 * per volume: the oldest change that touched it tells whether it existed
 * when the entry's configuration was current (one Pitstop created did not;
 * one a restore deleted did). */
static GPtrArray *
storage_changes_since (PitHistory *history,
                       const char *history_id)
{
  g_autoptr(GPtrArray) entries = pit_history_list (history, NULL);
  /* "pool/name" → its record in @ret */
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GPtrArray *ret = g_ptr_array_new_with_free_func ((GDestroyNotify) pit_history_volume_free);

  if (entries == NULL)
    return ret;
  /* entries are newest first: walk from the oldest */
  for (guint i = entries->len; i > 0; i--)
    {
      PitHistoryEntry *entry = g_ptr_array_index (entries, i - 1);
      g_autoptr(GPtrArray) volumes = NULL;

      if (strcmp (entry->id, history_id) < 0)
        continue;
      volumes = pit_history_get_volumes (history, entry->id);
      for (guint v = 0; v < volumes->len; v++)
        {
          PitHistoryVolume *volume = g_ptr_array_index (volumes, v);
          char *key = g_strdup_printf ("%s/%s", volume->pool, volume->name);
          PitHistoryVolume *first = g_hash_table_lookup (seen, key);

          if (first != NULL)
            {
              /* the volume there now is the one created last */
              if (volume->action == PIT_HISTORY_VOLUME_CREATED)
                {
                  g_free (first->key);
                  first->key = g_strdup (volume->key);
                }
              g_free (key);
              continue;
            }
          g_hash_table_insert (seen, key, volume);
          g_ptr_array_add (ret, g_ptr_array_steal_index (volumes, v));
          v--;
        }
    }
  return ret;
}

/* Creates again, empty, a volume a restore deleted, when @xml uses it and
 * it is missing.  Adds it to @created and a record to @records. */
static gboolean
create_again (virConnectPtr      connection,
              PitHistoryVolume  *volume,
              GPtrArray         *created,
              GPtrArray         *records,
              PitTuneResult     *result,
              GError           **error)
{
  virStoragePoolPtr pool;
  gboolean made, ok;

  PIT_LIBVIRT_CALL_GUARD (connection);
  pool = virStoragePoolLookupByName (connection, volume->pool);
  if (pool == NULL)
    {
      g_set_error (error, PIT_ERROR, PIT_ERROR_NOT_FOUND,
                   _("The restored configuration uses the disk volume “%s”, but its storage pool “%s” is gone"),
                   volume->name, volume->pool);
      return FALSE;
    }
  ok = _pit_tune_volume_ensure (pool, volume->pool, volume->name, volume->capacity, volume->format,
                                created, records, &made, error);
  virStoragePoolFree (pool);
  if (!ok || !made)
    return ok;
  g_ptr_array_add (result->storage,
                   g_strdup_printf (_("The disk volume “%s” in the storage pool “%s” is created again, empty: the restored configuration uses it"),
                                    volume->name, volume->pool));
  return TRUE;
}

/* Deletes a volume Pitstop created after the restored configuration, when
 * it is still the same volume and no domain's definition uses it.  Says
 * what it did in @result; adds a record to @records. */
static void
delete_created (virConnectPtr     connection,
                PitHistoryVolume *volume,
                GPtrArray        *records,
                PitTuneResult    *result)
{
  virStoragePoolPtr pool;
  virStorageVolPtr vol;
  g_autofree char *user = NULL;
  PitHistoryVolume *record;

  PIT_LIBVIRT_CALL_GUARD (connection);
  pool = virStoragePoolLookupByName (connection, volume->pool);
  vol = pool ? virStorageVolLookupByName (pool, volume->name) : NULL;
  if (pool != NULL)
    virStoragePoolFree (pool);
  if (vol == NULL)
    return;   /* gone already */

  if (volume->key == NULL || g_strcmp0 (virStorageVolGetKey (vol), volume->key) != 0)
    {
      g_ptr_array_add (result->storage,
                       g_strdup_printf (_("The disk volume “%s” in the storage pool “%s” is kept: it is not the one Pitstop created"),
                                        volume->name, volume->pool));
      virStorageVolFree (vol);
      return;
    }
  user = volume_user (connection, volume);
  if (user != NULL)
    {
      if (user[0] == '\0')
        g_ptr_array_add (result->storage,
                         g_strdup_printf (_("The disk volume “%s” in the storage pool “%s” is kept: not every virtual machine’s configuration could be read to check it is unused"),
                                          volume->name, volume->pool));
      else
        g_ptr_array_add (result->storage,
                         g_strdup_printf (_("The disk volume “%s” in the storage pool “%s” is kept: the virtual machine “%s” uses it"),
                                          volume->name, volume->pool, user));
      virStorageVolFree (vol);
      return;
    }

  record = _pit_tune_volume_record (PIT_HISTORY_VOLUME_DELETED, volume->pool, vol, volume->capacity, volume->format);
  if (virStorageVolDelete (vol, 0) != 0)
    {
      g_ptr_array_add (result->storage,
                       g_strdup_printf (_("The disk volume “%s” in the storage pool “%s” could not be deleted: %s"),
                                        volume->name, volume->pool, libvirt_message ()));
      pit_history_volume_free (record);
    }
  else
    {
      g_ptr_array_add (result->storage,
                       g_strdup_printf (_("The disk volume “%s” in the storage pool “%s”, which Pitstop created for a later change, is deleted"),
                                        volume->name, volume->pool));
      g_ptr_array_add (records, record);
    }
  virStorageVolFree (vol);
}

/**
 * pit_tune_restore_full:
 * Defines the bytes of history entry @history_id again.  The configuration
 * it replaces is saved first as a new entry.  Disk volumes Pitstop created
 * for changes made since that entry (the small virtio disk of the staged
 * boot-disk move) are deleted when no domain's definition uses them, and
 * volumes an earlier restore deleted are created again (empty) when the
 * restored configuration uses them; the new entry records both, so the
 * restore can be undone too.  A volume Pitstop did not create is never
 * deleted.
 * Returns: (transfer full): ->history_id is the new entry, ->storage says
 *   what happened to volumes; or %NULL with @error (then nothing changed)
 */
PitTuneResult *
pit_tune_restore_full (virDomainPtr   domain,
                       const char    *history_id,
                       GError       **error)
{
  g_autofree char *uuid = NULL;
  g_autoptr(PitHistory) history = NULL;
  g_autoptr(PitTuneResult) result = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(GPtrArray) created = g_ptr_array_new ();
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) pit_history_volume_free);
  g_autofree char *saved = NULL;
  g_autofree char *current = NULL;
  g_autofree char *description = NULL;
  virConnectPtr connection;

  g_return_val_if_fail (domain != NULL, NULL);

  PIT_LIBVIRT_CALL_GUARD_DOMAIN (domain);
  connection = virDomainGetConnect (domain);
  uuid = _pit_tune_domain_uuid (domain);
  if (uuid == NULL)
    {
      pit_set_error_from_libvirt (error, _("Cannot read the virtual machine’s UUID"));
      return NULL;
    }
  history = pit_history_new (uuid);
  saved = pit_history_load (history, history_id, error);
  if (saved == NULL)
    return NULL;
  current = pit_tune_fetch_inactive_xml (domain, error);
  if (current == NULL)
    return NULL;
  /* before the new entry is saved: it is this restore's own */
  changes = storage_changes_since (history, history_id);

  result = pit_tune_result_new ();
  result->original_xml = g_strdup (current);
  result->after_xml = g_strdup (saved);
  result->changed = TRUE;
  description = g_strdup_printf (_("Before restoring %s"), history_id);
  result->history_id = pit_history_save (history, current, description, error);
  if (result->history_id == NULL)
    return NULL;

  /* volumes the restored configuration had, that a restore since deleted */
  for (guint i = 0; i < changes->len; i++)
    {
      PitHistoryVolume *volume = g_ptr_array_index (changes, i);

      if (volume->action == PIT_HISTORY_VOLUME_DELETED && xml_text_uses_volume (saved, volume)
          && !create_again (connection, volume, created, records, result, error))
        {
          _pit_tune_volumes_delete (created);
          pit_history_delete (history, result->history_id, NULL);
          return NULL;
        }
    }
  if (!_pit_tune_define_xml (connection, saved, error))
    {
      _pit_tune_volumes_delete (created);
      pit_history_delete (history, result->history_id, NULL);
      return NULL;
    }
  _pit_tune_volumes_free (created);

  /* volumes Pitstop created since, that the restored configuration lacks */
  for (guint i = 0; i < changes->len; i++)
    {
      PitHistoryVolume *volume = g_ptr_array_index (changes, i);

      if (volume->action == PIT_HISTORY_VOLUME_CREATED && !xml_text_uses_volume (saved, volume))
        delete_created (connection, volume, records, result);
    }

  {
    g_autoptr(GError) local_error = NULL;

    if (!pit_history_add_volumes (history, result->history_id, records, &local_error))
      g_ptr_array_add (result->warnings, g_strdup (local_error->message));
  }
  pit_history_prune (history, PIT_HISTORY_MAX_ENTRIES);
  return g_steal_pointer (&result);
}

/**
 * pit_tune_restore:
 * pit_tune_restore_full() for callers that need only the new entry's id.
 */
char *
pit_tune_restore (virDomainPtr   domain,
                  const char    *history_id,
                  GError       **error)
{
  g_autoptr(PitTuneResult) result = pit_tune_restore_full (domain, history_id, error);

  return result ? g_steal_pointer (&result->history_id) : NULL;
}

static gpointer
restore_func (virDomainPtr   domain,
              gpointer       history_id,
              GError       **error)
{
  return pit_tune_restore_full (domain, history_id, error);
}

void
pit_tune_restore_async (virDomainPtr         domain,
                        const char          *history_id,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_return_if_fail (domain != NULL);

  pit_tune_task_run (domain, restore_func, g_strdup (history_id), g_free, (GDestroyNotify) pit_tune_result_unref,
                     pit_tune_restore_async, cancellable, callback, user_data);
}

/**
 * pit_tune_restore_full_finish:
 * Returns: (transfer full): as pit_tune_restore_full()
 */
PitTuneResult *
pit_tune_restore_full_finish (GAsyncResult  *result,
                              GError       **error)
{
  return pit_tune_task_finish (result, pit_tune_restore_async, error);
}

char *
pit_tune_restore_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_autoptr(PitTuneResult) full = pit_tune_restore_full_finish (result, error);

  return full ? g_steal_pointer (&full->history_id) : NULL;
}
