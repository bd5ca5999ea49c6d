/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-tune"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pit-change-hugepages.h"
#include "pit-domain-summary.h"
#include "pit-error.h"
#include "pit-xml.h"

static const char * const backing_after[] = {
  "name", "uuid", "genid", "title", "description", "metadata", "maxMemory", "memory",
  "currentMemory", "blkiotune", "memtune", NULL
};

static const char *
size_name (guint64 kib)
{
  return kib == PIT_HUGEPAGES_1G_KIB ? "1 GiB" : "2 MiB";
}

guint64
pit_change_hugepages_parse_size (const char  *text,
                                 GError     **error)
{
  g_autofree char *lower = g_ascii_strdown (text, -1);

  if (g_str_equal (lower, "2m") || g_str_equal (lower, "2mib") || g_str_equal (lower, "2048"))
    return PIT_HUGEPAGES_2M_KIB;
  if (g_str_equal (lower, "1g") || g_str_equal (lower, "1gib") || g_str_equal (lower, "1048576"))
    return PIT_HUGEPAGES_1G_KIB;

  g_set_error (error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT,
               _("Hugepages of “%s” are not offered: choose 2M or 1G"), text);
  return 0;
}

static gboolean
already_set (xmlNode *root,
             guint64  size_kib)
{
  g_autoptr(GPtrArray) pages = pit_xml_find_nodes (root, "memoryBacking/hugepages/page");
  g_autofree char *unit = NULL;
  g_autofree char *nodeset = NULL;
  guint64 size;

  if (pages->len != 1)
    return FALSE;
  unit = pit_xml_get_string (g_ptr_array_index (pages, 0), "@unit");
  nodeset = pit_xml_get_string (g_ptr_array_index (pages, 0), "@nodeset");
  return pit_xml_get_uint64 (g_ptr_array_index (pages, 0), "@size", &size)
         && (unit == NULL || g_ascii_strcasecmp (unit, "KiB") == 0 || g_ascii_strcasecmp (unit, "K") == 0)
         && size == size_kib
         && nodeset == NULL;
}

static void
pit_change_hugepages_describe (const PitChangeHugepagesOptions *options,
                               GPtrArray                       *sentences)
{
  g_ptr_array_add (sentences, g_strdup_printf (_("Back the guest’s memory with %s hugepages"),
                                               size_name (options->page_size_kib)));
}

static gboolean
pit_change_hugepages_apply (PitTuneContext                   *context,
                            const PitChangeHugepagesOptions  *options,
                            GError                          **error)
{
  guint64 size = options->page_size_kib;
  /* not gvir_config_domain_get_memory(): it hits g_return_val_if_reached()
   * on a unit it does not know (found by fuzz-tune) */
  guint64 memory = pit_domain_summary_memory_kib (context->root, "memory");
  xmlNode *backing, *hugepages, *page;
  g_autoptr(GPtrArray) old = NULL;
  g_autofree char *text = NULL;

  if (size != PIT_HUGEPAGES_2M_KIB && size != PIT_HUGEPAGES_1G_KIB)
    {
      g_set_error (error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT,
                   _("Hugepages of %llu KiB are not offered: choose 2M or 1G"), (unsigned long long) size);
      return FALSE;
    }
  if (memory == 0 || memory % size != 0)
    {
      g_set_error (error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT,
                   _("The guest’s memory (%llu KiB) is not a multiple of the %s page size"),
                   (unsigned long long) memory, size_name (size));
      return FALSE;
    }

  if (already_set (context->root, size))
    return TRUE;

  if (context->host != NULL)
    {
      PitHostMemory *host_memory = pit_host_inventory_get_memory (context->host);
      PitHostHugepagePool *pool = host_memory ? pit_host_memory_get_pool (host_memory, size) : NULL;
      guint64 needed = memory / size;

      if (pool == NULL && host_memory != NULL && host_memory->pools->len > 0)
        {
          g_set_error (error, PIT_ERROR, PIT_ERROR_UNSUPPORTED,
                       _("The host offers no %s pages"), size_name (size));
          return FALSE;
        }
      /* a remote host's free count is unknown (-1): libvirt checks at start */
      if (pool != NULL && pool->free >= 0 && (guint64) pool->free < needed)
        {
          guint64 missing = needed - (guint64) pool->free;
          g_autofree char *message = g_strdup_printf (
            ngettext ("The host’s pool of %s pages is too small: the guest needs %llu pages, %llu are free, %llu page is missing",
                      "The host’s pool of %s pages is too small: the guest needs %llu pages, %llu are free, %llu pages are missing",
                      missing),
            size_name (size), (unsigned long long) needed, (unsigned long long) pool->free, (unsigned long long) missing);

          if (!options->pool_planned)
            {
              g_set_error_literal (error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT, message);
              return FALSE;
            }
          pit_tune_context_warn (context, _("%s; the guest starts once the host plan has reserved them"), message);
        }
    }

  backing = pit_xml_ensure_child (context->root, "memoryBacking", backing_after);
  hugepages = pit_xml_ensure_child (backing, "hugepages", NULL);
  old = pit_xml_children (hugepages, "page");
  if (old->len > 1)
    pit_tune_context_warn (context, _("The per-NUMA-node hugepage sizes were replaced by one size"));
  for (guint i = 0; i < old->len; i++)
    pit_xml_remove (g_ptr_array_index (old, i));

  page = pit_xml_insert_child (hugepages, "page", NULL);
  text = g_strdup_printf ("%" G_GUINT64_FORMAT, size);
  pit_xml_set_prop (page, "size", text);
  pit_xml_set_prop (page, "unit", "KiB");

  return TRUE;
}

PIT_DEFINE_TUNE_CHANGE (PitChangeHugepages, pit_change_hugepages, "hugepages")
