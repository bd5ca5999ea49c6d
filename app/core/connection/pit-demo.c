/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-demo"

#include "config.h"

#include <string.h>

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

/* name → folder under the demo folder ("" for the story's machine) */
static const struct
{
  const char *name;
  const char *folder;
} demos[] = {
  { "", "" },
  { "single-gpu", "single-gpu" },
};

static const char *
folder_of (const char *name)
{
  if (name == NULL)
    name = "";
  for (guint i = 0; i < G_N_ELEMENTS (demos); i++)
    if (g_str_equal (demos[i].name, name))
      return demos[i].folder;
  return NULL;
}

gboolean
pit_demo_name_is_known (const char *name)
{
  return folder_of (name) != NULL;
}

/**
 * pit_demo_names:
 * Returns: the names of the demo hosts besides the default one, for messages
 */
const char *
pit_demo_names (void)
{
  return "single-gpu";
}

/**
 * pit_demo_get_uri_for:
 * Returns: (transfer full) (nullable): the test-driver URI of the demo host
 *   @name, %NULL when there is no such demo host
 */
char *
pit_demo_get_uri_for (const char *name)
{
  const char *folder = folder_of (name);
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;

  if (folder == NULL)
    return NULL;
  dir = pit_demo_get_dir ();
  path = g_build_filename (dir, folder, "host.xml", NULL);
  return g_strconcat ("test://", path, NULL);
}

char *
pit_demo_resolve_uri (const char *uri)
{
  if (g_strcmp0 (uri, "demo") == 0)
    return pit_demo_get_uri ();
  if (uri != NULL && g_str_has_prefix (uri, "demo:"))
    return pit_demo_get_uri_for (uri + strlen ("demo:"));
  return NULL;
}

static const char *
name_of_uri (const char *uri)
{
  for (guint i = 0; uri != NULL && i < G_N_ELEMENTS (demos); i++)
    {
      g_autofree char *demo = pit_demo_get_uri_for (demos[i].name);
      g_autofree char *alias = g_strconcat ("demo:", demos[i].name, NULL);

      if (g_str_equal (uri, demo) || g_str_equal (uri, alias)
          || (*demos[i].name == '\0' && g_str_equal (uri, "demo")))
        return demos[i].name;
    }
  return NULL;
}

gboolean
pit_demo_is_uri (const char *uri)
{
  return name_of_uri (uri) != NULL;
}

char *
pit_demo_get_host_root_for_uri (const char *uri)
{
  const char *folder = folder_of (name_of_uri (uri));
  g_autofree char *dir = pit_demo_get_dir ();

  return g_build_filename (dir, folder != NULL ? folder : "", "host-root", NULL);
}
