/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-format"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <math.h>

#include "pit-format.h"

/**
 * pit_format_memory_kib:
 * Returns: (transfer full): "16 GiB", "512 MiB", "1.5 GiB"
 */
char *
pit_format_memory_kib (guint64 kib)
{
  if (kib >= 1024 * 1024 && kib % (1024 * 1024) == 0)
    /* plain %llu: xgettext cannot see through G_GUINT64_FORMAT */
    return g_strdup_printf (_("%llu GiB"), (unsigned long long) (kib / (1024 * 1024)));
  if (kib >= 1024 * 1024)
    return g_strdup_printf (_("%.1f GiB"), kib / (1024.0 * 1024.0));
  if (kib >= 1024)
    return g_strdup_printf (_("%llu MiB"), (unsigned long long) (kib / 1024));
  return g_strdup_printf (_("%llu KiB"), (unsigned long long) kib);
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

/**
 * pit_format_bytes:
 * Returns: (transfer full): "4.0 GiB", or "–" when unknown (NaN)
 */
char *
pit_format_bytes (double bytes)
{
  if (!isfinite (bytes) || bytes < 0)
    return g_strdup ("–");
  return g_format_size_full ((guint64) bytes, G_FORMAT_SIZE_IEC_UNITS);
}

/**
 * pit_format_rate:
 * Returns: (transfer full): "50.0 kB/s", or "–" when unknown
 */
char *
pit_format_rate (double bytes_per_second)
{
  g_autofree char *size = NULL;

  if (!isfinite (bytes_per_second) || bytes_per_second < 0)
    return g_strdup ("–");
  size = g_format_size ((guint64) bytes_per_second);
  /* TRANSLATORS: a transfer rate, e.g. "50.0 kB/s" */
  return g_strdup_printf (_("%s/s"), size);
}

/**
 * pit_format_percent:
 * Returns: (transfer full): "25 %", "0.3 %", or "–" when unknown
 */
char *
pit_format_percent (double percent)
{
  if (!isfinite (percent))
    return g_strdup ("–");
  if (percent < 10 && percent != 0)
    /* TRANSLATORS: a percentage with one decimal */
    return g_strdup_printf (_("%.1f %%"), percent);
  /* TRANSLATORS: a whole percentage */
  return g_strdup_printf (_("%.0f %%"), percent);
}

/**
 * pit_format_duration:
 * Returns: (transfer full): "3 h 12 min", "5 min", "40 s"
 */
char *
pit_format_duration (gint64 seconds)
{
  if (seconds < 60)
    return g_strdup_printf (_("%d s"), (int) MAX (seconds, 0));
  if (seconds < 3600)
    return g_strdup_printf (_("%d min"), (int) (seconds / 60));
  if (seconds < 86400)
    return g_strdup_printf (_("%d h %d min"), (int) (seconds / 3600), (int) (seconds % 3600 / 60));
  return g_strdup_printf (_("%d d %d h"), (int) (seconds / 86400), (int) (seconds % 86400 / 3600));
}
