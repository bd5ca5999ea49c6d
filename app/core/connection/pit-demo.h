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

/* The demo hosts by name: NULL or "" the story's machine (data/demo/),
 * "single-gpu" a desktop with one GPU (data/demo/single-gpu/). */
gboolean  pit_demo_name_is_known (const char *name);
const char *pit_demo_names       (void);
/* NULL for an unknown name */
char     *pit_demo_get_uri_for   (const char *name);
/* "demo" and "demo:NAME" (what pit_connection_new() takes) to the test URI;
 * NULL for any other URI */
char     *pit_demo_resolve_uri   (const char *uri);
/* The host-root of the demo host @uri is (the story's for any other) */
char     *pit_demo_get_host_root_for_uri (const char *uri);

G_END_DECLS
