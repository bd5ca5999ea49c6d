/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Figures as a user reads them, translated: shared by the GUI and the CLI. */

char *pit_format_memory_kib (guint64 kib);
char *pit_format_vcpus      (guint   vcpus,
                             guint   current);
char *pit_format_bytes      (double  bytes);
char *pit_format_rate       (double  bytes_per_second);
char *pit_format_percent    (double  percent);
char *pit_format_duration   (gint64  seconds);

G_END_DECLS
