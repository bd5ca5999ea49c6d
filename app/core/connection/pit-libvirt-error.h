/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

void     pit_libvirt_error_init       (void);
void     pit_set_error_from_libvirt   (GError     **error,
                                       const char  *what);
gboolean pit_libvirt_error_is_no_domain (void);

G_END_DECLS
