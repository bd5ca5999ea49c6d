/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-demo"

#include "config.h"

#include "pit-demo.h"

/* Whether this program runs from the build folder it was built in (not
 * installed): then its data files are still in the source tree. */
static gboolean
running_uninstalled (void)
{
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);

  return exe != NULL && g_str_has_prefix (exe, PITSTOP_BUILD_ROOT G_DIR_SEPARATOR_S);
}

/**
 * pit_demo_get_dir:
 * Returns: (transfer full): the folder with the demo host's files:
 *   $PITSTOP_DEMO_DIR when set (tests, `meson devenv`), else data/demo in
 *   the source tree when the program runs from its build folder, else the
 *   installed copy.
 */
char *
pit_demo_get_dir (void)
{
  const char *env = g_getenv ("PITSTOP_DEMO_DIR");

  if (env != NULL && *env != '\0')
    return g_canonicalize_filename (env, NULL);
  if (running_uninstalled ())
    return g_build_filename (PITSTOP_SOURCE_ROOT, "data", "demo", NULL);
  return g_build_filename (PKGDATADIR, "demo", NULL);
}

/**
 * pit_demo_get_uri:
 * Returns: (transfer full): the test-driver URI of the demo host.
 */
char *
pit_demo_get_uri (void)
{
  g_autofree char *dir = pit_demo_get_dir ();
  g_autofree char *path = g_build_filename (dir, "host.xml", NULL);

  return g_strconcat ("test://", path, NULL);
}

/**
 * pit_demo_get_host_root:
 * Returns: (transfer full): the root prefix under which the demo's host
 *   facts (sys/, proc/, etc/) are recorded.
 */
char *
pit_demo_get_host_root (void)
{
  g_autofree char *dir = pit_demo_get_dir ();

  return g_build_filename (dir, "host-root", NULL);
}

gboolean
pit_demo_is_uri (const char *uri)
{
  g_autofree char *demo = pit_demo_get_uri ();

  return g_strcmp0 (uri, demo) == 0 || g_strcmp0 (uri, "demo") == 0;
}
