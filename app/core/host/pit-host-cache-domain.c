/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-host"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>

#include "pit-host-cache-domain.h"
#include "pit-host-cpu.h"

PitHostCacheDomain *
pit_host_cache_domain_new (guint level)
{
  PitHostCacheDomain *self = g_atomic_rc_box_new0 (PitHostCacheDomain);

  self->level = level;
  self->id = -1;
  self->cpus = g_array_new (FALSE, FALSE, sizeof (guint));
  return self;
}

PitHostCacheDomain *
pit_host_cache_domain_ref (PitHostCacheDomain *self)
{
  return g_atomic_rc_box_acquire (self);
}

static void
domain_clear (PitHostCacheDomain *self)
{
  g_array_unref (self->cpus);
}

void
pit_host_cache_domain_unref (PitHostCacheDomain *self)
{
  g_atomic_rc_box_release_full (self, (GDestroyNotify) domain_clear);
}

gboolean
pit_host_cache_domain_contains (PitHostCacheDomain *self,
                                guint               cpu)
{
  for (guint i = 0; i < self->cpus->len; i++)
    if (g_array_index (self->cpus, guint, i) == cpu)
      return TRUE;
  return FALSE;
}

/* "32768K" (what the kernel prints), "96M", "1024" → KiB; 0 when malformed */
static guint64
parse_size (const char *text)
{
  char *end = NULL;
  guint64 value;

  if (text == NULL || !g_ascii_isdigit (*text))
    return 0;
  value = g_ascii_strtoull (text, &end, 10);
  switch (g_ascii_toupper (*end))
    {
    case 'K':
    case '\0':
      return value;
    case 'M':
      return value * 1024;
    case 'G':
      return value * 1024 * 1024;
    default:
      return 0;
    }
}

static gboolean
same_cpus (GArray *a,
           GArray *b)
{
  if (a->len != b->len)
    return FALSE;
  for (guint i = 0; i < a->len; i++)
    if (g_array_index (a, guint, i) != g_array_index (b, guint, i))
      return FALSE;
  return TRUE;
}

/* The cache/indexK folder of @cpu whose level is @level, or NULL */
static char *
find_index (PitHostReader *reader,
            guint          cpu,
            guint          level)
{
  g_autofree char *dir = g_strdup_printf ("/sys/devices/system/cpu/cpu%u/cache", cpu);
  g_autoptr(GPtrArray) entries = pit_host_reader_list_dir (reader, dir, FALSE);

  for (guint i = 0; entries != NULL && i < entries->len; i++)
    {
      g_autofree char *index = NULL;
      g_autofree char *level_path = NULL;
      gint64 value;

      if (!g_str_has_prefix (entries->pdata[i], "index"))
        continue;
      index = g_build_filename (dir, entries->pdata[i], NULL);
      level_path = g_build_filename (index, "level", NULL);
      if (pit_host_reader_read_int (reader, level_path, FALSE, &value) && value == level)
        return g_steal_pointer (&index);
    }
  return NULL;
}

static int
compare_domains (gconstpointer a,
                 gconstpointer b)
{
  const PitHostCacheDomain *x = *(PitHostCacheDomain * const *) a;
  const PitHostCacheDomain *y = *(PitHostCacheDomain * const *) b;

  return (int) g_array_index (x->cpus, guint, 0) - (int) g_array_index (y->cpus, guint, 0);
}

GPtrArray *
pit_host_cache_domains_probe (PitHostReader *reader,
                              GPtrArray     *cpus)
{
  GPtrArray *domains = g_ptr_array_new_with_free_func ((GDestroyNotify) pit_host_cache_domain_unref);

  for (guint i = 0; i < cpus->len; i++)
    {
      PitHostCpu *cpu = cpus->pdata[i];
      g_autofree char *index = NULL;
      g_autofree char *list_path = NULL;
      g_autoptr(GArray) shared = NULL;
      PitHostCacheDomain *found = NULL;

      if (!cpu->online || (index = find_index (reader, cpu->id, 3)) == NULL)
        continue;
      list_path = g_build_filename (index, "shared_cpu_list", NULL);
      shared = pit_host_reader_read_cpulist (reader, list_path, TRUE);
      if (shared == NULL || shared->len == 0)
        continue;
      for (guint d = 0; d < domains->len && found == NULL; d++)
        if (same_cpus (((PitHostCacheDomain *) domains->pdata[d])->cpus, shared))
          found = domains->pdata[d];
      if (found == NULL)
        {
          g_autofree char *size_path = g_build_filename (index, "size", NULL);
          g_autofree char *id_path = g_build_filename (index, "id", NULL);
          g_autofree char *size = pit_host_reader_read_line (reader, size_path, FALSE);
          gint64 id;

          found = pit_host_cache_domain_new (3);
          g_array_append_vals (found->cpus, shared->data, shared->len);
          found->size_kib = parse_size (size);
          if (size != NULL && found->size_kib == 0)
            pit_host_reader_add_problem (reader, _("The cache size “%s” in %s is not a size"), size, size_path);
          if (pit_host_reader_read_int (reader, id_path, FALSE, &id) && id >= 0 && id <= G_MAXINT)
            found->id = (int) id;
          g_ptr_array_add (domains, found);
        }
    }
  g_ptr_array_sort (domains, compare_domains);

  for (guint i = 0; i < cpus->len; i++)
    {
      PitHostCpu *cpu = cpus->pdata[i];

      cpu->l3 = -1;
      for (guint d = 0; d < domains->len; d++)
        if (pit_host_cache_domain_contains (domains->pdata[d], cpu->id))
          cpu->l3 = (int) d;
    }
  return domains;
}

int
pit_host_cache_domains_largest (GPtrArray *domains)
{
  int largest = -1;
  gboolean differ = FALSE;

  if (domains == NULL || domains->len < 2)
    return -1;
  for (guint d = 0; d < domains->len; d++)
    {
      PitHostCacheDomain *domain = domains->pdata[d];

      if (domain->size_kib == 0)
        return -1;
      if (largest >= 0 && domain->size_kib != ((PitHostCacheDomain *) domains->pdata[largest])->size_kib)
        differ = TRUE;
      if (largest < 0 || domain->size_kib > ((PitHostCacheDomain *) domains->pdata[largest])->size_kib)
        largest = (int) d;
    }
  return differ ? largest : -1;
}
