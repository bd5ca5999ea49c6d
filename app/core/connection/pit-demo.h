/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The embedded demo host: libvirt's test driver with a node file shipped in
 * data/demo/, and host fixtures (sysfs/procfs tree) the host probes read. */

char     *pit_demo_get_dir       (void);
char     *pit_demo_get_uri       (void);
char     *pit_demo_get_host_root (void);
gboolean  pit_demo_is_uri        (const char *uri);

G_END_DECLS
