/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-host"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>

#include "pit-host-memory.h"

#define HUGEPAGES_DIR "/sys/kernel/mm/hugepages"
#define NODE_DIR "/sys/devices/system/node"

PitHostMemory *
pit_host_memory_new (void)
{
  PitHostMemory *self = g_atomic_rc_box_new0 (PitHostMemory);

  self->total_kib = -1;
  self->available_kib = -1;
  self->default_hugepage_kib = -1;
  self->pools = g_ptr_array_new_with_free_func ((GDestroyNotify) pit_host_hugepage_pool_unref);
  self->node_pools = g_ptr_array_new_with_free_func ((GDestroyNotify) pit_host_hugepage_pool_unref);
  return self;
}

PitHostMemory *
pit_host_memory_ref (PitHostMemory *self)
{
  return g_atomic_rc_box_acquire (self);
}

static void
memory_clear (PitHostMemory *self)
{
  g_ptr_array_unref (self->pools);
  g_ptr_array_unref (self->node_pools);
}

void
pit_host_memory_unref (PitHostMemory *self)
{
  g_atomic_rc_box_release_full (self, (GDestroyNotify) memory_clear);
}

/**
 * pit_host_memory_get_pool:
 * Returns: (transfer none) (nullable):
 */
PitHostHugepagePool *
pit_host_memory_get_pool (PitHostMemory *self,
                          guint64        size_kib)
{
  for (guint i = 0; i < self->pools->len; i++)
    {
      PitHostHugepagePool *pool = self->pools->pdata[i];

      if (pool->size_kib == size_kib)
        return pool;
    }
  return NULL;
}

/* "MemTotal:       32768000 kB" */
static gboolean
parse_meminfo_kib (const char *value,
                   gint64     *kib)
{
  g_autofree char *copy = g_strstrip (g_strdup (value));
  char *end = NULL;
  guint64 parsed;

  if (!g_ascii_isdigit (*copy))
    return FALSE;
  errno = 0;
  parsed = g_ascii_strtoull (copy, &end, 10);
  if (errno != 0 || parsed > G_MAXINT64)
    return FALSE;
  while (*end == ' ' || *end == '\t')
    end++;
  if (*end != '\0' && g_ascii_strcasecmp (end, "kB") != 0)
    return FALSE;
  *kib = (gint64) parsed;
  return TRUE;
}

static void
read_meminfo (PitHostMemory *self,
              PitHostReader *reader)
{
  g_autofree char *text = pit_host_reader_read (reader, "/proc/meminfo", TRUE);
  g_auto(GStrv) lines = NULL;

  if (text == NULL)
    return;
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *colon = strchr (lines[i], ':');
      gint64 *target = NULL;

      if (colon == NULL)
        continue;
      *colon = '\0';
      if (g_str_equal (lines[i], "MemTotal"))
        target = &self->total_kib;
      else if (g_str_equal (lines[i], "MemAvailable"))
        target = &self->available_kib;
      else if (g_str_equal (lines[i], "Hugepagesize"))
        target = &self->default_hugepage_kib;
      if (target != NULL && !parse_meminfo_kib (colon + 1, target))
        pit_host_reader_add_problem (reader, _("Could not read %s: the value of “%s” is malformed"),
                                     "/proc/meminfo", lines[i]);
    }
  if (self->total_kib < 0)
    pit_host_reader_add_problem (reader, _("Could not read %s: no “%s” line"), "/proc/meminfo",
                                 "MemTotal");
}

static gint64
read_count (PitHostReader *reader,
            const char    *dir,
            const char    *file,
            gboolean       report)
{
  g_autofree char *path = g_build_filename (dir, file, NULL);
  gint64 value;

  if (!pit_host_reader_read_int (reader, path, report, &value) || value < 0)
    return -1;
  return value;
}

static int
compare_pools (gconstpointer a,
               gconstpointer b)
{
  const PitHostHugepagePool *x = *(PitHostHugepagePool * const *) a;
  const PitHostHugepagePool *y = *(PitHostHugepagePool * const *) b;

  if (x->node != y->node)
    return x->node < y->node ? -1 : 1;
  return x->size_kib < y->size_kib ? -1 : x->size_kib > y->size_kib;
}

/* DIR/hugepages-2048kB/{nr,free,resv,surplus}_hugepages */
static void
read_pools (PitHostReader *reader,
            const char    *dir,
            int            node,
            GPtrArray     *pools)
{
  g_autoptr(GPtrArray) names = pit_host_reader_list_dir (reader, dir, node < 0);

  for (guint i = 0; names != NULL && i < names->len; i++)
    {
      const char *name = names->pdata[i];
      g_autofree char *size = NULL;
      g_autofree char *pool_dir = NULL;
      g_autoptr(PitHostHugepagePool) pool = NULL;
      guint64 size_kib;

      if (!g_str_has_prefix (name, "hugepages-") || !g_str_has_suffix (name, "kB"))
        continue;
      size = g_strndup (name + strlen ("hugepages-"), strlen (name) - strlen ("hugepages-") - 2);
      if (!g_ascii_string_to_unsigned (size, 10, 1, G_MAXUINT32, &size_kib, NULL))
        {
          pit_host_reader_add_problem (reader, _("Could not read %s: “%s” is not a page size"), dir, name);
          continue;
        }

      pool_dir = g_build_filename (dir, name, NULL);
      pool = pit_host_hugepage_pool_new (size_kib, node);
      pool->total = read_count (reader, pool_dir, "nr_hugepages", TRUE);
      pool->free = read_count (reader, pool_dir, "free_hugepages", TRUE);
      pool->surplus = read_count (reader, pool_dir, "surplus_hugepages", FALSE);
      if (node < 0)
        pool->reserved = read_count (reader, pool_dir, "resv_hugepages", FALSE);
      g_ptr_array_add (pools, g_steal_pointer (&pool));
    }
}

/**
 * pit_host_memory_probe:
 * Returns: (transfer full): never %NULL
 */
PitHostMemory *
pit_host_memory_probe (PitHostReader *reader)
{
  g_autoptr(PitHostMemory) self = pit_host_memory_new ();
  g_autoptr(GPtrArray) nodes = NULL;

  read_meminfo (self, reader);
  read_pools (reader, HUGEPAGES_DIR, -1, self->pools);
  g_ptr_array_sort (self->pools, compare_pools);

  nodes = pit_host_reader_list_dir (reader, NODE_DIR, FALSE);
  for (guint i = 0; nodes != NULL && i < nodes->len; i++)
    {
      g_autofree char *dir = NULL;
      guint64 node;

      if (!g_str_has_prefix (nodes->pdata[i], "node")
          || !g_ascii_string_to_unsigned ((char *) nodes->pdata[i] + 4, 10, 0, G_MAXINT, &node, NULL))
        continue;
      dir = g_strdup_printf (NODE_DIR "/node%u/hugepages", (guint) node);
      read_pools (reader, dir, (int) node, self->node_pools);
    }
  g_ptr_array_sort (self->node_pools, compare_pools);

  return g_steal_pointer (&self);
}
