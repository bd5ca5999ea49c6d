/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-connection"

#include "config.h"

#include <string.h>

#include "pit-connection-private.h"

/* The connection's domains: a GListStore of PitDomain sorted by name, and
 * an index by UUID.  Main thread only. */

static int
compare_domains (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  PitDomain *da = *(PitDomain **) a;
  PitDomain *db = *(PitDomain **) b;

  return strcmp (pit_domain_get_collate_key (da), pit_domain_get_collate_key (db));
}

static int
compare_domain_items (gconstpointer a,
                      gconstpointer b,
                      gpointer      user_data)
{
  return compare_domains (&a, &b, user_data);
}

static gboolean
find_position (PitConnection *self,
               PitDomain     *domain,
               guint         *position)
{
  return g_list_store_find (self->domains, domain, position);
}

void
_pit_connection_remove_domain (PitConnection *self,
                              const char    *uuid)
{
  PitDomain *domain = g_hash_table_lookup (self->by_uuid, uuid);
  guint position;

  if (domain == NULL)
    return;

  if (find_position (self, domain, &position))
    {
      g_hash_table_remove (self->by_uuid, uuid);
      g_list_store_remove (self->domains, position);
    }
}

/* @replace_handle: whether @handle replaces the domain's own (after an
 * open: the old one belongs to a closed connection) */
void
_pit_connection_add_or_update_domain (PitConnection           *self,
                                     virDomainPtr             handle,
                                     const PitDomainSnapshot *snapshot,
                                     gboolean                 replace_handle)
{
  PitDomain *domain = g_hash_table_lookup (self->by_uuid, snapshot->uuid);

  if (domain == NULL)
    {
      g_autoptr(PitDomain) created = pit_domain_new (handle, snapshot);

      g_hash_table_insert (self->by_uuid, g_strdup (snapshot->uuid), created);
      g_list_store_insert_sorted (self->domains, created, compare_domain_items, NULL);
      return;
    }

  /* an event hands over a new virDomainPtr for the same domain each time:
   * keep the one we have (callers may hold it) unless the connection was
   * opened again, when the old one is dead */
  if (handle != NULL && (replace_handle || pit_domain_get_handle (domain) == NULL))
    pit_domain_set_handle (domain, handle);

  if (g_strcmp0 (pit_domain_get_name (domain),
                 snapshot->summary != NULL ? snapshot->summary->name : snapshot->name) != 0)
    {
      g_autoptr(PitDomain) keep = g_object_ref (domain);
      guint position;

      /* renamed: keep the list sorted */
      if (find_position (self, domain, &position))
        g_list_store_remove (self->domains, position);
      pit_domain_apply_snapshot (keep, snapshot);
      g_list_store_insert_sorted (self->domains, keep, compare_domain_items, NULL);
      return;
    }

  pit_domain_apply_snapshot (domain, snapshot);
}

/* After an open: @snapshots (PitDomainSnapshot) and @handles (virDomainPtr,
 * the same order) are every domain there is now.  Rows of domains that are
 * still there keep their PitDomain (views keep their rows), the others go. */
void
_pit_connection_merge_domains (PitConnection *self,
                              GPtrArray     *handles,
                              GPtrArray     *snapshots)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) fresh = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) gone = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter iter;
  gpointer key;

  for (guint i = 0; i < snapshots->len; i++)
    {
      PitDomainSnapshot *snapshot = g_ptr_array_index (snapshots, i);
      virDomainPtr handle = g_ptr_array_index (handles, i);

      g_hash_table_add (seen, snapshot->uuid);
      if (g_hash_table_contains (self->by_uuid, snapshot->uuid))
        _pit_connection_add_or_update_domain (self, handle, snapshot, TRUE);
      else
        g_ptr_array_add (fresh, pit_domain_new (handle, snapshot));
    }

  g_hash_table_iter_init (&iter, self->by_uuid);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (seen, key))
      g_ptr_array_add (gone, g_strdup (key));
  for (guint i = 0; i < gone->len; i++)
    _pit_connection_remove_domain (self, g_ptr_array_index (gone, i));

  if (g_list_model_get_n_items (G_LIST_MODEL (self->domains)) == 0)
    {
      /* the common case, a first open: one sorted splice, one items-changed */
      g_ptr_array_sort_with_data (fresh, compare_domains, NULL);
      for (guint i = 0; i < fresh->len; i++)
        {
          PitDomain *domain = g_ptr_array_index (fresh, i);

          g_hash_table_insert (self->by_uuid, g_strdup (pit_domain_get_uuid (domain)), domain);
        }
      g_list_store_splice (self->domains, 0, 0, fresh->pdata, fresh->len);
      return;
    }

  for (guint i = 0; i < fresh->len; i++)
    {
      PitDomain *domain = g_ptr_array_index (fresh, i);

      g_hash_table_insert (self->by_uuid, g_strdup (pit_domain_get_uuid (domain)), domain);
      g_list_store_insert_sorted (self->domains, domain, compare_domain_items, NULL);
    }
}
