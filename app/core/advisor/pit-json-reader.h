/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A small JSON reader for the files Pitstop writes itself (measurements):
 * objects become a{sv}, arrays av, strings s, numbers d, true/false b and
 * null an empty maybe (mv).  Strict: anything else is an error. */
GVariant *pit_json_reader_parse      (const char  *text,
                                      GError     **error);
/* The number under @key of an a{sv}; NaN when absent, null or not a number. */
double    pit_json_reader_get_double (GVariant    *object,
                                      const char  *key);
/* (transfer full): the string under @key; NULL when absent or not a string. */
char     *pit_json_reader_dup_string (GVariant    *object,
                                      const char  *key);

G_END_DECLS
