/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-tune"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pit-error.h"
#include "pit-libvirt-guard.h"
#include "pit-tune-lookups.h"

typedef struct
{
  char *uuid;
  char *name;
  char *xml;
} OtherDomain;

struct _PitTuneLookups
{
  gint ref_count;

  GPtrArray *domains;   /* OtherDomain; NULL until one is added */

  gboolean pool_read;
  char *boot_source;    /* the pool was read for this disk (nullable) */
  char *pool_name;
  char *pool_xml;
  gboolean pool_fallback;
  GError *pool_error;

  gboolean boot_disk_read;
  char *boot_disk;      /* the table was read for this disk (nullable) */
  PitPartitionTable boot_disk_table;
};

static void
other_domain_free (OtherDomain *other)
{
  g_free (other->uuid);
  g_free (other->name);
  g_free (other->xml);
  g_free (other);
}

PitTuneLookups *
pit_tune_lookups_new (void)
{
  PitTuneLookups *self = g_new0 (PitTuneLookups, 1);

  self->ref_count = 1;
  return self;
}

PitTuneLookups *
pit_tune_lookups_ref (PitTuneLookups *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_int_inc (&self->ref_count);
  return self;
}

void
pit_tune_lookups_unref (PitTuneLookups *self)
{
  if (self == NULL || !g_atomic_int_dec_and_test (&self->ref_count))
    return;
  g_clear_pointer (&self->domains, g_ptr_array_unref);
  g_free (self->boot_source);
  g_free (self->pool_name);
  g_free (self->pool_xml);
  g_clear_error (&self->pool_error);
  g_free (self->boot_disk);
  g_free (self);
}

/**
 * pit_tune_lookups_add_domain:
 * Another domain on the connection, with its XML as the caller knows it
 * (a connection's list keeps every domain's current XML).
 */
void
pit_tune_lookups_add_domain (PitTuneLookups *self,
                             const char     *uuid,
                             const char     *name,
                             const char     *xml)
{
  OtherDomain *other;

  g_return_if_fail (self != NULL);

  if (self->domains == NULL)
    self->domains = g_ptr_array_new_with_free_func ((GDestroyNotify) other_domain_free);
  if (xml == NULL)
    return;
  other = g_new0 (OtherDomain, 1);
  other->uuid = g_strdup (uuid);
  other->name = g_strdup (name);
  other->xml = g_strdup (xml);
  g_ptr_array_add (self->domains, other);
}

/**
 * pit_tune_lookups_begin_domains:
 * Starts the list of other domains over: given, and empty until
 * pit_tune_lookups_add_domain() adds them.
 */
void
pit_tune_lookups_begin_domains (PitTuneLookups *self)
{
  g_return_if_fail (self != NULL);

  g_clear_pointer (&self->domains, g_ptr_array_unref);
  self->domains = g_ptr_array_new_with_free_func ((GDestroyNotify) other_domain_free);
}

/**
 * pit_tune_lookups_has_domains:
 * Returns: whether the other domains were given (even none at all)
 */
gboolean
pit_tune_lookups_has_domains (PitTuneLookups *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->domains != NULL;
}

guint
pit_tune_lookups_get_n_domains (PitTuneLookups *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->domains ? self->domains->len : 0;
}

void
pit_tune_lookups_get_domain (PitTuneLookups  *self,
                             guint            index,
                             const char     **uuid,
                             const char     **name,
                             const char     **xml)
{
  OtherDomain *other;

  g_return_if_fail (self != NULL && self->domains != NULL && index < self->domains->len);

  other = g_ptr_array_index (self->domains, index);
  *uuid = other->uuid;
  *name = other->name;
  *xml = other->xml;
}

/**
 * pit_tune_query_pool:
 * Blocking (three round trips on a remote connection).  The storage pool
 * that holds @boot_source, else the "default" pool (@fallback set).
 */
gboolean
pit_tune_query_pool (virConnectPtr   connection,
                     const char     *boot_source,
                     char          **name,
                     char          **xml,
                     gboolean       *fallback,
                     GError        **error)
{
  virStorageVolPtr vol = NULL;
  virStoragePoolPtr pool = NULL;
  char *raw;

  PIT_LIBVIRT_CALL_GUARD (connection);
  *fallback = FALSE;
  if (boot_source != NULL)
    vol = virStorageVolLookupByPath (connection, boot_source);
  if (vol != NULL)
    {
      pool = virStoragePoolLookupByVolume (vol);
      virStorageVolFree (vol);
    }
  if (pool == NULL)
    {
      pool = virStoragePoolLookupByName (connection, "default");
      if (pool == NULL)
        {
          g_set_error_literal (error, PIT_ERROR, PIT_ERROR_NOT_FOUND,
                               _("The boot disk is not in a libvirt storage pool and there is no “default” pool: give a file for the small virtio disk"));
          return FALSE;
        }
      *fallback = TRUE;
    }

  raw = virStoragePoolGetXMLDesc (pool, 0);
  *xml = g_strdup (raw);
  free (raw);
  *name = g_strdup (virStoragePoolGetName (pool));
  virStoragePoolFree (pool);
  return TRUE;
}

/**
 * pit_tune_lookups_read_pool:
 * Blocking: call from a worker thread.  Asks @connection which pool a new
 * volume beside @boot_source goes to (an answer that is an error is kept
 * too).
 */
void
pit_tune_lookups_read_pool (PitTuneLookups *self,
                            virConnectPtr   connection,
                            const char     *boot_source)
{
  g_return_if_fail (self != NULL);

  g_clear_pointer (&self->pool_name, g_free);
  g_clear_pointer (&self->pool_xml, g_free);
  g_clear_error (&self->pool_error);
  g_free (self->boot_source);
  self->boot_source = g_strdup (boot_source);
  pit_tune_query_pool (connection, boot_source, &self->pool_name, &self->pool_xml, &self->pool_fallback,
                       &self->pool_error);
  self->pool_read = TRUE;
}

/**
 * pit_tune_lookups_has_pool:
 * Returns: whether the pool for @boot_source was read
 */
gboolean
pit_tune_lookups_has_pool (PitTuneLookups *self,
                           const char     *boot_source)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->pool_read && g_strcmp0 (self->boot_source, boot_source) == 0;
}

/**
 * pit_tune_lookups_get_pool:
 * What pit_tune_query_pool() answered when the pool was read.
 */
gboolean
pit_tune_lookups_get_pool (PitTuneLookups  *self,
                           char           **name,
                           char           **xml,
                           gboolean        *fallback,
                           GError         **error)
{
  g_return_val_if_fail (self != NULL && self->pool_read, FALSE);

  if (self->pool_error != NULL)
    {
      g_propagate_error (error, g_error_copy (self->pool_error));
      return FALSE;
    }
  *name = g_strdup (self->pool_name);
  *xml = g_strdup (self->pool_xml);
  *fallback = self->pool_fallback;
  return TRUE;
}

/**
 * pit_tune_lookups_set_boot_disk_table:
 * @path: (nullable): the guest's boot disk (pit_guest_boot_disk_path()),
 *   %NULL when it has none
 * What pit_guest_boot_disk_table() answered, read in a worker thread (it
 * reads the disk image or device).
 */
void
pit_tune_lookups_set_boot_disk_table (PitTuneLookups    *self,
                                      const char        *path,
                                      PitPartitionTable  table)
{
  g_return_if_fail (self != NULL);

  g_free (self->boot_disk);
  self->boot_disk = g_strdup (path);
  self->boot_disk_table = table;
  self->boot_disk_read = TRUE;
}

/**
 * pit_tune_lookups_get_boot_disk_table:
 * Returns: whether the partition table of the boot disk @path was read
 *   beforehand; then @table is what it was
 */
gboolean
pit_tune_lookups_get_boot_disk_table (PitTuneLookups    *self,
                                      const char        *path,
                                      PitPartitionTable *table)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (!self->boot_disk_read || g_strcmp0 (self->boot_disk, path) != 0)
    return FALSE;
  *table = self->boot_disk_table;
  return TRUE;
}
