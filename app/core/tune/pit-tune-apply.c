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
#include "pit-libvirt-guard.h"
#include "pit-tune-apply-private.h"
#include "pit-tune-apply.h"
#include "pit-tune-context.h"
#include "pit-tune-task.h"
#include "pit-xml.h"

/**
 * pit_tune_fetch_inactive_xml:
 * Returns: the persistent configuration, with secrets (a define must not
 *   lose a VNC password), exactly as libvirt gives it.
 */
char *
pit_tune_fetch_inactive_xml (virDomainPtr   domain,
                             GError       **error)
{
  char *raw;
  char *ret;

  PIT_LIBVIRT_CALL_GUARD_DOMAIN (domain);
  raw = virDomainGetXMLDesc (domain, VIR_DOMAIN_XML_INACTIVE | VIR_DOMAIN_XML_SECURE);
  if (raw == NULL)
    {
      pit_set_error_from_libvirt (error, _("Cannot read the virtual machine’s configuration"));
      return NULL;
    }
  ret = g_strdup (raw);
  free (raw);
  return ret;
}

char *
_pit_tune_domain_uuid (virDomainPtr domain)
{
  char uuid[VIR_UUID_STRING_BUFLEN];

  if (virDomainGetUUIDString (domain, uuid) != 0)
    return NULL;
  return g_strdup (uuid);
}

PitHistoryVolume *
_pit_tune_volume_record (PitHistoryVolumeAction  action,
                         const char             *pool,
                         virStorageVolPtr        vol,
                         guint64                 capacity,
                         const char             *format)
{
  PitHistoryVolume *record = g_new0 (PitHistoryVolume, 1);
  char *path;

  PIT_LIBVIRT_CALL_GUARD (virStorageVolGetConnect (vol));
  path = virStorageVolGetPath (vol);

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

static virStorageVolPtr
create_volume (virStoragePoolPtr   pool,
               const char         *name,
               guint64             capacity,
               const char         *format,
               GError            **error)
{
  g_autoptr(GVirConfigStorageVol) config = gvir_config_storage_vol_new ();
  g_autoptr(GVirConfigStorageVolTarget) target = gvir_config_storage_vol_target_new ();
  g_autofree char *xml = NULL;
  virStorageVolPtr vol;

  gvir_config_storage_vol_set_name (config, name);
  gvir_config_storage_vol_set_capacity (config, capacity);
  if (format != NULL)
    gvir_config_storage_vol_target_set_format (target, format);
  gvir_config_storage_vol_set_target (config, target);
  xml = gvir_config_object_to_xml (GVIR_CONFIG_OBJECT (config));
  vol = virStorageVolCreateXML (pool, xml, 0);
  if (vol == NULL)
    pit_set_error_from_libvirt (error, _("Cannot create the disk volume"));
  return vol;
}

/**
 * _pit_tune_volume_ensure:
 * Creates an empty volume @name of @capacity bytes in @pool (called
 * @pool_name) unless one of that name is there already, which is used as
 * it is and is not Pitstop's to delete later.  A created one is added to
 * @created (virStorageVolPtr), so it can be deleted again, and to @records
 * (PitHistoryVolume) for the history.
 * Returns: %FALSE with @error; @made says whether it was created
 */
gboolean
_pit_tune_volume_ensure (virStoragePoolPtr   pool,
                         const char         *pool_name,
                         const char         *name,
                         guint64             capacity,
                         const char         *format,
                         GPtrArray          *created,
                         GPtrArray          *records,
                         gboolean           *made,
                         GError            **error)
{
  virStorageVolPtr vol;

  PIT_LIBVIRT_CALL_GUARD (virStoragePoolGetConnect (pool));
  vol = virStorageVolLookupByName (pool, name);
  *made = FALSE;
  if (vol != NULL)
    {
      virStorageVolFree (vol);
      return TRUE;
    }
  vol = create_volume (pool, name, capacity, format, error);
  if (vol == NULL)
    return FALSE;
  g_ptr_array_add (created, vol);
  g_ptr_array_add (records, _pit_tune_volume_record (PIT_HISTORY_VOLUME_CREATED, pool_name, vol, capacity, format));
  *made = TRUE;
  return TRUE;
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
  if (volumes->len > 0)
    PIT_LIBVIRT_CALL_GUARD (connection);
  for (guint i = 0; i < volumes->len; i++)
    {
      PitTuneVolume *volume = g_ptr_array_index (volumes, i);
      virStoragePoolPtr pool = virStoragePoolLookupByName (connection, volume->pool);
      gboolean made, ok;

      if (pool == NULL)
        {
          pit_set_error_from_libvirt (error, _("Cannot find the storage pool for the new disk"));
          return FALSE;
        }
      /* one left from an earlier stage that was undone is used again */
      ok = _pit_tune_volume_ensure (pool, volume->pool, volume->name, volume->capacity, volume->format,
                                    created, records, &made, error);
      virStoragePoolFree (pool);
      if (!ok)
        return FALSE;
    }
  return TRUE;
}

void
_pit_tune_volumes_delete (GPtrArray *created)
{
  for (guint i = 0; i < created->len; i++)
    {
      virStorageVolPtr vol = g_ptr_array_index (created, i);

      PIT_LIBVIRT_CALL_GUARD (virStorageVolGetConnect (vol));
      virStorageVolDelete (vol, 0);
      virStorageVolFree (vol);
    }
  g_ptr_array_set_size (created, 0);
}

void
_pit_tune_volumes_free (GPtrArray *created)
{
  for (guint i = 0; i < created->len; i++)
    virStorageVolFree (g_ptr_array_index (created, i));
}

gboolean
_pit_tune_define_xml (virConnectPtr   connection,
                      const char     *xml,
                      GError        **error)
{
  virDomainPtr defined;

  PIT_LIBVIRT_CALL_GUARD (connection);
  defined = virDomainDefineXMLFlags (connection, xml, VIR_DOMAIN_DEFINE_VALIDATE);
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
  int n_host_cpus;
  GHashTableIter iter;
  gpointer key, value;

  PIT_LIBVIRT_CALL_GUARD_DOMAIN (domain);
  n_host_cpus = virNodeGetCPUMap (virDomainGetConnect (domain), NULL, NULL, 0);
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

  PIT_LIBVIRT_CALL_GUARD_DOMAIN (domain);
  connection = virDomainGetConnect (domain);
  xml = pit_tune_fetch_inactive_xml (domain, error);
  if (xml == NULL)
    return NULL;
  result = pit_tune_plan_run (plan, xml, connection, error);
  if (result == NULL || !result->changed)
    return g_steal_pointer (&result);

  uuid = _pit_tune_domain_uuid (domain);
  history = pit_history_new (uuid);
  description = join_descriptions (result);
  result->history_id = pit_history_save (history, xml, description, error);
  if (result->history_id == NULL)
    return NULL;

  if (!create_volumes (connection, result->volumes, created, records, error)
      || !_pit_tune_define_xml (connection, result->after_xml, error))
    {
      _pit_tune_volumes_delete (created);
      pit_history_delete (history, result->history_id, NULL);
      return NULL;
    }
  _pit_tune_volumes_free (created);
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

