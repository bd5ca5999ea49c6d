/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

GError     *pit_connection_problem_new    (const char *uri,
                                           int         libvirt_code,
                                           const char *libvirt_message);
char       *pit_connection_problem_advice (const GError *error,
                                           const char   *uri);
GError     *pit_connection_problem_check_file (const char *uri);

G_END_DECLS
