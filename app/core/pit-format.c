/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-format"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pit-format.h"

/**
 * pit_format_memory_kib:
 * Returns: (transfer full): "16 GiB", "512 MiB", "1.5 GiB"
 */
char *
pit_format_memory_kib (guint64 kib)
{
  if (kib >= 1024 * 1024 && kib % (1024 * 1024) == 0)
    return g_strdup_printf (_("%" G_GUINT64_FORMAT " GiB"), kib / (1024 * 1024));
  if (kib >= 1024 * 1024)
    return g_strdup_printf (_("%.1f GiB"), kib / (1024.0 * 1024.0));
  if (kib >= 1024)
    return g_strdup_printf (_("%" G_GUINT64_FORMAT " MiB"), kib / 1024);
  return g_strdup_printf (_("%" G_GUINT64_FORMAT " KiB"), kib);
}

/**
 * pit_format_vcpus:
 * Returns: (transfer full): "8 vCPUs (2 active)" or "4 vCPUs"
 */
char *
pit_format_vcpus (guint vcpus,
                  guint current)
{
  if (current != 0 && current < vcpus)
    /* TRANSLATORS: the maximum of virtual CPUs, and how many of them the guest gets now */
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u vCPU (%u active)", "%u vCPUs (%u active)", vcpus),
                            vcpus, current);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u vCPU", "%u vCPUs", vcpus), vcpus);
}
