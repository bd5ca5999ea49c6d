/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>

#include "pit-error.h"
#include "pit-fuzz.h"
#include "pit-host-inventory-json.h"
#include "pit-host-remote.h"

/* A remote host as libvirt describes it (pit_host_remote_from_xml): the
 * capabilities document, then node devices, separated by lines "----".
 * An inventory (which serializes to JSON) or a PIT_ERROR, never a crash or
 * a leak.  Seeds: each capabilities file of ../shared/corpus with all of its
 * node devices, written into the target's own corpus folder at start-up
 * (PITSTOP_FUZZ_SEED_DIR). */

#define SEPARATOR "\n----\n"

static void
write_seeds (void)
{
  const char *corpus = g_getenv ("PITSTOP_CORPUS_DIR");
  const char *seed_dir = g_getenv ("PITSTOP_FUZZ_SEED_DIR");
  g_autofree char *caps_dir = NULL;
  g_autofree char *nodedev_dir = NULL;
  g_autoptr(GString) devices = g_string_new (NULL);
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (corpus == NULL || seed_dir == NULL)
    return;
  caps_dir = g_build_filename (corpus, "capabilities", NULL);
  nodedev_dir = g_build_filename (corpus, "nodedev", NULL);

  dir = g_dir_open (nodedev_dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (nodedev_dir, name, NULL);
      g_autofree char *xml = NULL;

      if (g_str_has_suffix (name, ".xml") && g_file_get_contents (path, &xml, NULL, NULL))
        g_string_append_printf (devices, SEPARATOR "%s", xml);
    }
  g_clear_pointer (&dir, g_dir_close);

  dir = g_dir_open (caps_dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (caps_dir, name, NULL);
      g_autofree char *file = g_strconcat ("nodedev-", name, NULL);
      g_autofree char *out = g_build_filename (seed_dir, file, NULL);
      g_autofree char *xml = NULL;
      g_autofree char *seed = NULL;

      if (!g_str_has_suffix (name, ".xml") || !g_file_get_contents (path, &xml, NULL, NULL))
        continue;
      seed = g_strconcat (xml, devices->str, NULL);
      g_file_set_contents (out, seed, -1, NULL);
    }
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  pit_fuzz_init ();
  write_seeds ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = pit_fuzz_string (data, size);
  g_auto(GStrv) parts = g_strsplit (text, SEPARATOR, -1);
  g_autoptr(GError) error = NULL;
  g_autoptr(PitHostInventory) inventory = NULL;
  g_autofree char *json = NULL;

  inventory = pit_host_remote_from_xml (parts[0] ? parts[0] : "",
                                        parts[0] ? (const char * const *) parts + 1 : NULL, &error);
  if (inventory == NULL)
    {
      g_assert_nonnull (error);
      g_assert_true (error->domain == PIT_ERROR);
      return 0;
    }
  g_assert_no_error (error);

  json = pit_host_inventory_to_json (inventory);
  g_assert_nonnull (json);
  g_assert_true (g_utf8_validate (json, -1, NULL));

  return 0;
}
