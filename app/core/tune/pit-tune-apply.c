/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-tune"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libvirt/virterror.h>
#include <string.h>

#include "pit-cpuset.h"
#include "pit-error.h"
#include "pit-gconfig.h"
#include "pit-history.h"
#include "pit-libvirt-error.h"
#include "pit-tune-apply.h"
#include "pit-tune-context.h"
#include "pit-tune-task.h"
#include "pit-xml.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GVirConfigStorageVol, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GVirConfigStorageVolTarget, g_object_unref)

/**
 * pit_tune_fetch_inactive_xml:
 * Returns: the persistent configuration, with secrets (a define must not
 *   lose a VNC password), exactly as libvirt gives it.
 */
char *
pit_tune_fetch_inactive_xml (virDomainPtr   domain,
                             GError       **error)
{
  char *raw = virDomainGetXMLDesc (domain, VIR_DOMAIN_XML_INACTIVE | VIR_DOMAIN_XML_SECURE);
  char *ret;

  if (raw == NULL)
    {
      pit_set_error_from_libvirt (error, _("Cannot read the virtual machine’s configuration"));
      return NULL;
    }
  ret = g_strdup (raw);
  free (raw);
  return ret;
}

static char *
domain_uuid (virDomainPtr domain)
{
  char uuid[VIR_UUID_STRING_BUFLEN];

  if (virDomainGetUUIDString (domain, uuid) != 0)
    return NULL;
  return g_strdup (uuid);
}

static PitHistoryVolume *
record_volume (PitHistoryVolumeAction  action,
               const char             *pool,
               virStorageVolPtr        vol,
               guint64                 capacity,
               const char             *format)
{
  PitHistoryVolume *record = g_new0 (PitHistoryVolume, 1);
  char *path = virStorageVolGetPath (vol);

  record->action = action;
  record->pool = g_strdup (pool);
  record->name = g_strdup (virStorageVolGetName (vol));
  record->key = g_strdup (virStorageVolGetKey (vol));
  record->path = g_strdup (path);
  free (path);
  record->capacity = capacity;
  record->format = g_strdup (format);
  return record;
}

/* Creates the volumes the plan needs; those created are added to @created
 * (virStorageVolPtr) so they can be deleted again, and to @records
 * (PitHistoryVolume) for the history.  A volume that exists already is used
 * as it is and is not Pitstop's to delete later. */
static gboolean
create_volumes (virConnectPtr   connection,
                GPtrArray      *volumes,
                GPtrArray      *created,
                GPtrArray      *records,
                GError        **error)
{
  for (guint i = 0; i < volumes->len; i++)
    {
      PitTuneVolume *volume = g_ptr_array_index (volumes, i);
      virStoragePoolPtr pool = virStoragePoolLookupByName (connection, volume->pool);
      virStorageVolPtr vol;
      g_autoptr(GVirConfigStorageVol) config = NULL;
      g_autoptr(GVirConfigStorageVolTarget) target = NULL;
      g_autofree char *xml = NULL;

      if (pool == NULL)
        {
          pit_set_error_from_libvirt (error, _("Cannot find the storage pool for the new disk"));
          return FALSE;
        }
      vol = virStorageVolLookupByName (pool, volume->name);
      if (vol != NULL)
        {
          /* left from an earlier stage that was undone: use it again */
          virStorageVolFree (vol);
          virStoragePoolFree (pool);
          continue;
        }

      config = gvir_config_storage_vol_new ();
      gvir_config_storage_vol_set_name (config, volume->name);
      gvir_config_storage_vol_set_capacity (config, volume->capacity);
      target = gvir_config_storage_vol_target_new ();
      gvir_config_storage_vol_target_set_format (target, volume->format);
      gvir_config_storage_vol_set_target (config, target);
      xml = gvir_config_object_to_xml (GVIR_CONFIG_OBJECT (config));

      vol = virStorageVolCreateXML (pool, xml, 0);
      virStoragePoolFree (pool);
      if (vol == NULL)
        {
          pit_set_error_from_libvirt (error, _("Cannot create the disk volume"));
          return FALSE;
        }
      g_ptr_array_add (created, vol);
      g_ptr_array_add (records, record_volume (PIT_HISTORY_VOLUME_CREATED, volume->pool, vol,
                                               volume->capacity, volume->format));
    }
  return TRUE;
}

static void
delete_volumes (GPtrArray *created)
{
  for (guint i = 0; i < created->len; i++)
    {
      virStorageVolPtr vol = g_ptr_array_index (created, i);

      virStorageVolDelete (vol, 0);
      virStorageVolFree (vol);
    }
  g_ptr_array_set_size (created, 0);
}

static void
free_volumes (GPtrArray *created)
{
  for (guint i = 0; i < created->len; i++)
    virStorageVolFree (g_ptr_array_index (created, i));
}

static gboolean
define_xml (virConnectPtr   connection,
            const char     *xml,
            GError        **error)
{
  virDomainPtr defined = virDomainDefineXMLFlags (connection, xml, VIR_DOMAIN_DEFINE_VALIDATE);

  if (defined == NULL)
    {
      pit_set_error_from_libvirt (error, _("libvirt refused the new configuration"));
      return FALSE;
    }
  virDomainFree (defined);
  return TRUE;
}

/* vcpu → cpuset text from a domain's <cputune> */
static GHashTable *
read_pins (xmlNode *root)
{
  GHashTable *pins = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  g_autoptr(GPtrArray) nodes = pit_xml_find_nodes (root, "cputune/vcpupin");

  for (guint i = 0; i < nodes->len; i++)
    {
      guint64 vcpu;
      char *cpuset = pit_xml_get_string (g_ptr_array_index (nodes, i), "@cpuset");

      if (cpuset != NULL && pit_xml_get_uint64 (g_ptr_array_index (nodes, i), "@vcpu", &vcpu))
        g_hash_table_insert (pins, GUINT_TO_POINTER ((guint) vcpu), cpuset);
      else
        g_free (cpuset);
    }
  return pins;
}

static guchar *
cpumap_new (const char *cpuset,
            int         n_host_cpus,
            int        *maplen)
{
  g_autoptr(PitCpuset) set = pit_cpuset_parse (cpuset, n_host_cpus, NULL, NULL);
  g_autoptr(GArray) cpus = NULL;
  guchar *map;

  if (set == NULL)
    return NULL;
  *maplen = VIR_CPU_MAPLEN (n_host_cpus);
  map = g_malloc0 (*maplen);
  cpus = pit_cpuset_to_array (set);
  for (guint i = 0; i < cpus->len; i++)
    VIR_USE_CPU (map, g_array_index (cpus, guint, i));
  return map;
}

/* Applies what libvirt can change on a running guest.  AFFECT_CURRENT is
 * the live guest while it runs (the persistent configuration is already
 * defined); the test driver refuses AFFECT_LIVE for pinning. */
static void
apply_live (virDomainPtr   domain,
            PitTuneResult *result,
            gboolean      *vcpus_live,
            gboolean      *pins_live)
{
  g_autoptr(xmlDoc) before = pit_xml_parse (result->before_xml, NULL);
  g_autoptr(xmlDoc) after = pit_xml_parse (result->after_xml, NULL);
  xmlNode *a = xmlDocGetRootElement (before);
  xmlNode *b = xmlDocGetRootElement (after);
  g_autoptr(GHashTable) old_pins = read_pins (a);
  g_autoptr(GHashTable) new_pins = read_pins (b);
  g_autofree char *old_emulator = pit_xml_get_string (a, "cputune/emulatorpin/@cpuset");
  g_autofree char *new_emulator = pit_xml_get_string (b, "cputune/emulatorpin/@cpuset");
  guint64 old_current = 0, new_current = 0, max = 0;
  int n_host_cpus = virNodeGetCPUMap (virDomainGetConnect (domain), NULL, NULL, 0);
  GHashTableIter iter;
  gpointer key, value;

  *vcpus_live = TRUE;
  *pins_live = TRUE;

  pit_xml_get_uint64 (a, "vcpu", &max);
  if (!pit_xml_get_uint64 (a, "vcpu/@current", &old_current))
    old_current = max;
  pit_xml_get_uint64 (b, "vcpu", &max);
  if (!pit_xml_get_uint64 (b, "vcpu/@current", &new_current))
    new_current = max;
  if (new_current != old_current)
    {
      if (virDomainSetVcpusFlags (domain, new_current, VIR_DOMAIN_AFFECT_CURRENT) == 0)
        g_ptr_array_add (result->live, g_strdup_printf (_("%u vCPUs are now allocated"), (guint) new_current));
      else
        {
          g_autoptr(GError) error = NULL;

          *vcpus_live = FALSE;
          pit_set_error_from_libvirt (&error, _("The vCPU count could not change while the guest runs"));
          g_ptr_array_add (result->warnings, g_strdup (error->message));
        }
    }

  if (n_host_cpus <= 0)
    {
      *pins_live = FALSE;
      return;
    }
  g_hash_table_iter_init (&iter, new_pins);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_autofree guchar *map = NULL;
      int maplen = 0;

      if (g_strcmp0 (g_hash_table_lookup (old_pins, key), value) == 0)
        continue;
      map = cpumap_new (value, n_host_cpus, &maplen);
      if (map == NULL
          || virDomainPinVcpuFlags (domain, GPOINTER_TO_UINT (key), map, maplen, VIR_DOMAIN_AFFECT_CURRENT) != 0)
        *pins_live = FALSE;
    }
  if (new_emulator != NULL && g_strcmp0 (old_emulator, new_emulator) != 0)
    {
      int maplen = 0;
      g_autofree guchar *map = cpumap_new (new_emulator, n_host_cpus, &maplen);

      if (map == NULL || virDomainPinEmulator (domain, map, maplen, VIR_DOMAIN_AFFECT_CURRENT) != 0)
        *pins_live = FALSE;
    }
  if (*pins_live && (g_hash_table_size (new_pins) > 0 || new_emulator != NULL))
    g_ptr_array_add (result->live, g_strdup (_("The vCPUs and the emulator run on their new host CPUs")));
  else if (!*pins_live)
    g_ptr_array_add (result->warnings,
                     g_strdup (_("The new pinning could not be applied to the running guest; it applies at the next boot")));
}

static char *
join_descriptions (PitTuneResult *result)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < result->descriptions->len; i++)
    g_string_append_printf (text, "%s%s", i > 0 ? "; " : "",
                            (const char *) g_ptr_array_index (result->descriptions, i));
  return g_strdup (text->str);
}

/**
 * pit_tune_apply:
 * Returns: (transfer full): the result (->changed is %FALSE when there was
 *   nothing to do: then nothing is defined and no history is written), or
 *   %NULL with @error; then the domain is unchanged.
 */
PitTuneResult *
pit_tune_apply (virDomainPtr        domain,
                PitTunePlan        *plan,
                PitTuneApplyFlags   flags,
                GError            **error)
{
  virConnectPtr connection;
  g_autofree char *xml = NULL;
  g_autofree char *uuid = NULL;
  g_autofree char *description = NULL;
  g_autoptr(PitTuneResult) result = NULL;
  g_autoptr(PitHistory) history = NULL;
  g_autoptr(GPtrArray) created = g_ptr_array_new ();
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) pit_history_volume_free);
  gboolean active, vcpus_live = FALSE, pins_live = FALSE;

  g_return_val_if_fail (domain != NULL, NULL);
  g_return_val_if_fail (PIT_IS_TUNE_PLAN (plan), NULL);

  connection = virDomainGetConnect (domain);
  xml = pit_tune_fetch_inactive_xml (domain, error);
  if (xml == NULL)
    return NULL;
  result = pit_tune_plan_run (plan, xml, connection, error);
  if (result == NULL || !result->changed)
    return g_steal_pointer (&result);

  uuid = domain_uuid (domain);
  history = pit_history_new (uuid);
  description = join_descriptions (result);
  result->history_id = pit_history_save (history, xml, description, error);
  if (result->history_id == NULL)
    return NULL;

  if (!create_volumes (connection, result->volumes, created, records, error)
      || !define_xml (connection, result->after_xml, error))
    {
      delete_volumes (created);
      pit_history_delete (history, result->history_id, NULL);
      return NULL;
    }
  free_volumes (created);
  {
    g_autoptr(GError) local_error = NULL;

    /* what a restore of this entry (or an older one) deletes again */
    if (!pit_history_add_volumes (history, result->history_id, records, &local_error))
      g_ptr_array_add (result->warnings,
                       g_strdup_printf (_("The new disk volume is not recorded in the history, so restoring an earlier configuration will leave it in its pool: %s"),
                                        local_error->message));
  }
  pit_history_prune (history, PIT_HISTORY_MAX_ENTRIES);

  active = virDomainIsActive (domain) == 1;
  if (active && (flags & PIT_TUNE_APPLY_LIVE))
    apply_live (domain, result, &vcpus_live, &pins_live);

  for (guint i = 0; i < pit_tune_plan_get_n_steps (plan); i++)
    {
      PitTuneStep *step = pit_tune_plan_get_step (plan, i);
      gboolean done_live = (g_str_equal (step->id, "pinning") && pins_live)
                           || (g_str_equal (step->id, "cpu") && step->live && vcpus_live);

      if (!done_live)
        g_ptr_array_add (result->next_boot, g_strdup (step->description));
    }

  return g_steal_pointer (&result);
}

typedef struct
{
  PitTunePlan *plan;
  PitTuneApplyFlags flags;
} ApplyData;

static void
apply_data_free (ApplyData *data)
{
  g_object_unref (data->plan);
  g_free (data);
}

static gpointer
apply_func (virDomainPtr   domain,
            gpointer       user_data,
            GError       **error)
{
  ApplyData *data = user_data;

  return pit_tune_apply (domain, data->plan, data->flags, error);
}

void
pit_tune_apply_async (virDomainPtr         domain,
                      PitTunePlan         *plan,
                      PitTuneApplyFlags    flags,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  ApplyData *data;

  g_return_if_fail (domain != NULL);
  g_return_if_fail (PIT_IS_TUNE_PLAN (plan));

  data = g_new0 (ApplyData, 1);
  data->plan = g_object_ref (plan);
  data->flags = flags;
  pit_tune_task_run (domain, apply_func, data, (GDestroyNotify) apply_data_free,
                     (GDestroyNotify) pit_tune_result_unref, pit_tune_apply_async,
                     cancellable, callback, user_data);
}

PitTuneResult *
pit_tune_apply_finish (GAsyncResult  *result,
                       GError       **error)
{
  return pit_tune_task_finish (result, pit_tune_apply_async, error);
}

/* Restore and storage ---------------------------------------------------- */

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
  int n = virConnectListAllDomains (connection, &domains, 0);
  char *ret = NULL;

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
  virStoragePoolPtr pool = virStoragePoolLookupByName (connection, volume->pool);
  virStorageVolPtr vol;
  g_autoptr(GVirConfigStorageVol) config = NULL;
  g_autoptr(GVirConfigStorageVolTarget) target = NULL;
  g_autofree char *xml = NULL;

  if (pool == NULL)
    {
      g_set_error (error, PIT_ERROR, PIT_ERROR_NOT_FOUND,
                   _("The restored configuration uses the disk volume “%s”, but its storage pool “%s” is gone"),
                   volume->name, volume->pool);
      return FALSE;
    }
  vol = virStorageVolLookupByName (pool, volume->name);
  if (vol != NULL)
    {
      virStorageVolFree (vol);
      virStoragePoolFree (pool);
      return TRUE;
    }
  config = gvir_config_storage_vol_new ();
  gvir_config_storage_vol_set_name (config, volume->name);
  gvir_config_storage_vol_set_capacity (config, volume->capacity);
  target = gvir_config_storage_vol_target_new ();
  if (volume->format != NULL)
    gvir_config_storage_vol_target_set_format (target, volume->format);
  gvir_config_storage_vol_set_target (config, target);
  xml = gvir_config_object_to_xml (GVIR_CONFIG_OBJECT (config));
  vol = virStorageVolCreateXML (pool, xml, 0);
  virStoragePoolFree (pool);
  if (vol == NULL)
    {
      pit_set_error_from_libvirt (error, _("Cannot create the disk volume"));
      return FALSE;
    }
  g_ptr_array_add (created, vol);
  g_ptr_array_add (records, record_volume (PIT_HISTORY_VOLUME_CREATED, volume->pool, vol,
                                           volume->capacity, volume->format));
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
  virStoragePoolPtr pool = virStoragePoolLookupByName (connection, volume->pool);
  virStorageVolPtr vol = pool ? virStorageVolLookupByName (pool, volume->name) : NULL;
  g_autofree char *user = NULL;
  PitHistoryVolume *record;

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

  record = record_volume (PIT_HISTORY_VOLUME_DELETED, volume->pool, vol, volume->capacity, volume->format);
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

  connection = virDomainGetConnect (domain);
  uuid = domain_uuid (domain);
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
          delete_volumes (created);
          pit_history_delete (history, result->history_id, NULL);
          return NULL;
        }
    }
  if (!define_xml (connection, saved, error))
    {
      delete_volumes (created);
      pit_history_delete (history, result->history_id, NULL);
      return NULL;
    }
  free_volumes (created);

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
