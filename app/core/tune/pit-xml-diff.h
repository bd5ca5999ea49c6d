/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A unified diff (as `diff -u`, three lines of context) of two texts, by
 * lines.  Returns "" when they are equal. */
char *pit_xml_diff (const char *before,
                    const char *after,
                    const char *before_label,
                    const char *after_label);

G_END_DECLS
