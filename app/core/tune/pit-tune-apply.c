/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-tune"

#include "config.h"

#include <glib/gi18n-lib.h>
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

/* Creates the volumes the plan needs; those created are added to @created
 * (virStorageVolPtr) so they can be deleted again. */
static gboolean
create_volumes (virConnectPtr   connection,
                GPtrArray      *volumes,
                GPtrArray      *created,
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

  if (!create_volumes (connection, result->volumes, created, error)
      || !define_xml (connection, result->after_xml, error))
    {
      delete_volumes (created);
      pit_history_delete (history, result->history_id, NULL);
      return NULL;
    }
  free_volumes (created);
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

/**
 * pit_tune_restore:
 * Defines the bytes of history entry @history_id again.  The configuration
 * it replaces is saved first as a new entry.
 * Returns: the id of that new entry, or %NULL with @error (then nothing
 *   changed).
 */
char *
pit_tune_restore (virDomainPtr   domain,
                  const char    *history_id,
                  GError       **error)
{
  g_autofree char *uuid = domain_uuid (domain);
  g_autoptr(PitHistory) history = NULL;
  g_autofree char *saved = NULL;
  g_autofree char *current = NULL;
  g_autofree char *description = NULL;
  g_autofree char *new_id = NULL;

  g_return_val_if_fail (domain != NULL, NULL);

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

  description = g_strdup_printf (_("Before restoring %s"), history_id);
  new_id = pit_history_save (history, current, description, error);
  if (new_id == NULL)
    return NULL;
  if (!define_xml (virDomainGetConnect (domain), saved, error))
    {
      pit_history_delete (history, new_id, NULL);
      return NULL;
    }
  pit_history_prune (history, PIT_HISTORY_MAX_ENTRIES);
  return g_steal_pointer (&new_id);
}

static gpointer
restore_func (virDomainPtr   domain,
              gpointer       history_id,
              GError       **error)
{
  return pit_tune_restore (domain, history_id, error);
}

void
pit_tune_restore_async (virDomainPtr         domain,
                        const char          *history_id,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_return_if_fail (domain != NULL);

  pit_tune_task_run (domain, restore_func, g_strdup (history_id), g_free, g_free,
                     pit_tune_restore_async, cancellable, callback, user_data);
}

char *
pit_tune_restore_finish (GAsyncResult  *result,
                         GError       **error)
{
  return pit_tune_task_finish (result, pit_tune_restore_async, error);
}
