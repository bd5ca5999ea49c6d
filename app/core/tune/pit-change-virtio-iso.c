/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-tune"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "pit-change-virtio-iso.h"
#include "pit-error.h"
#include "pit-xml.h"

/**
 * pit_tune_free_target:
 * @prefix: "sd", "vd"
 * @ignore: (nullable): a disk whose target does not count
 * Returns: the first target name (sda, sdb, … sdz, sdaa, …) no disk uses.
 */
char *
pit_tune_free_target (xmlNode    *root,
                      const char *prefix,
                      xmlNode    *ignore)
{
  g_autoptr(GPtrArray) disks = pit_xml_find_nodes (root, "devices/disk");
  g_autoptr(GHashTable) used = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < disks->len; i++)
    {
      char *dev;

      if (g_ptr_array_index (disks, i) == ignore)
        continue;
      dev = pit_xml_get_string (g_ptr_array_index (disks, i), "target/@dev");
      if (dev != NULL)
        g_hash_table_add (used, dev);
    }

  for (guint n = 0; ; n++)
    {
      /* libvirt's disk index naming: a…z, aa…zz, … */
      char suffix[8];
      int len = 0;
      guint idx = n;
      g_autofree char *name = NULL;

      do
        {
          suffix[len++] = 'a' + idx % 26;
          idx = idx / 26;
        }
      while (idx-- > 0 && len < 7);
      suffix[len] = '\0';
      g_strreverse (suffix);
      name = g_strconcat (prefix, suffix, NULL);
      if (!g_hash_table_contains (used, name))
        return g_steal_pointer (&name);
    }
}

static char *
newest_match (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  g_autofree char *best = NULL;
  gint64 best_time = G_MININT64;
  const char *name;

  if (handle == NULL)
    return NULL;
  while ((name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = NULL;
      g_autofree char *lower = g_ascii_strdown (name, -1);
      GStatBuf st;

      if (!g_str_has_prefix (lower, "virtio-win") || !g_str_has_suffix (lower, ".iso"))
        continue;
      path = g_build_filename (dir, name, NULL);
      if (g_stat (path, &st) != 0 || !S_ISREG (st.st_mode))
        continue;
      if ((gint64) st.st_mtime > best_time
          || ((gint64) st.st_mtime == best_time && g_strcmp0 (path, best) > 0))
        {
          best_time = st.st_mtime;
          g_free (best);
          best = g_steal_pointer (&path);
        }
    }
  return g_steal_pointer (&best);
}

/**
 * pit_change_virtio_iso_find:
 * @dirs: (nullable): folders to search instead of the usual places:
 *   /usr/share/virtio-win (the virtio-win package), the user's Downloads
 *   folder and ~/Downloads.
 * Returns: the path of the disc (virtio-win.iso first, else the newest
 *   virtio-win*.iso), or %NULL with a clear @error.
 */
char *
pit_change_virtio_iso_find (const char * const  *dirs,
                            GError             **error)
{
  g_autoptr(GPtrArray) search = g_ptr_array_new_with_free_func (g_free);

  if (dirs != NULL)
    for (guint i = 0; dirs[i] != NULL; i++)
      g_ptr_array_add (search, g_strdup (dirs[i]));
  else
    {
      const char *downloads = g_get_user_special_dir (G_USER_DIRECTORY_DOWNLOAD);

      g_ptr_array_add (search, g_strdup ("/usr/share/virtio-win"));
      if (downloads != NULL)
        g_ptr_array_add (search, g_strdup (downloads));
      g_ptr_array_add (search, g_build_filename (g_get_home_dir (), "Downloads", NULL));
    }

  for (guint i = 0; i < search->len; i++)
    {
      g_autofree char *exact = g_build_filename (g_ptr_array_index (search, i), "virtio-win.iso", NULL);
      char *found;

      if (g_file_test (exact, G_FILE_TEST_IS_REGULAR))
        return g_steal_pointer (&exact);
      found = newest_match (g_ptr_array_index (search, i));
      if (found != NULL)
        return found;
    }

  {
    g_autofree char *list = NULL;

    g_ptr_array_add (search, NULL);
    list = g_strjoinv (", ", (char **) search->pdata);
    g_set_error (error, PIT_ERROR, PIT_ERROR_NOT_FOUND,
                 _("No virtio-win driver disc found (looked in %s); download virtio-win.iso from the Fedora project and try again"),
                 list);
  }
  return NULL;
}

static gboolean
has_cdrom (xmlNode    *root,
           const char *path)
{
  g_autoptr(GPtrArray) sources = pit_xml_find_nodes (root, "devices/disk[@device='cdrom']/source/@file");

  for (guint i = 0; i < sources->len; i++)
    {
      xmlChar *value = xmlNodeGetContent (g_ptr_array_index (sources, i));
      gboolean same = g_strcmp0 ((const char *) value, path) == 0;

      xmlFree (value);
      if (same)
        return TRUE;
    }
  return FALSE;
}

static void
pit_change_virtio_iso_describe (const PitChangeVirtioIsoOptions *options,
                                GPtrArray                       *sentences)
{
  if (options->path == NULL)
    g_ptr_array_add (sentences, g_strdup (_("Attach the virtio-win driver disc as a CD-ROM")));
  else
    g_ptr_array_add (sentences, g_strdup_printf (_("Attach the driver disc %s as a CD-ROM"), options->path));
}

static gboolean
pit_change_virtio_iso_apply (PitTuneContext                   *context,
                             const PitChangeVirtioIsoOptions  *options,
                             GError                          **error)
{
  g_autofree char *path = NULL;
  g_autofree char *target = NULL;
  g_autoptr(GVirConfigDomainDisk) disk = NULL;
  g_autoptr(GVirConfigDomainDiskDriver) driver = NULL;

  if (!pit_tune_context_require_x86 (context, _("The virtio-win driver disc"), error))
    return FALSE;

  if (options->path != NULL)
    {
      if (!pit_tune_context_check_file (context, options->path, G_FILE_TEST_IS_REGULAR, NULL, error))
        return FALSE;
      path = g_strdup (options->path);
    }
  else
    {
      path = pit_change_virtio_iso_find (NULL, error);
      if (path == NULL)
        return FALSE;
    }

  if (has_cdrom (context->root, path))
    return TRUE;

  target = pit_tune_free_target (context->root, "sd", NULL);
  disk = gvir_config_domain_disk_new ();
  gvir_config_domain_disk_set_type (disk, GVIR_CONFIG_DOMAIN_DISK_FILE);
  gvir_config_domain_disk_set_guest_device_type (disk, GVIR_CONFIG_DOMAIN_DISK_GUEST_DEVICE_CDROM);
  driver = gvir_config_domain_disk_driver_new ();
  gvir_config_domain_disk_driver_set_name (driver, "qemu");
  gvir_config_domain_disk_driver_set_format (driver, GVIR_CONFIG_DOMAIN_DISK_FORMAT_RAW);
  gvir_config_domain_disk_set_driver (disk, driver);
  gvir_config_domain_disk_set_source (disk, path);
  gvir_config_domain_disk_set_target_dev (disk, target);
  gvir_config_domain_disk_set_target_bus (disk, GVIR_CONFIG_DOMAIN_DISK_BUS_SATA);
  gvir_config_domain_disk_set_readonly (disk, TRUE);
  gvir_config_domain_add_device (context->domain, GVIR_CONFIG_DOMAIN_DEVICE (disk));

  return TRUE;
}

PIT_DEFINE_TUNE_CHANGE (PitChangeVirtioIso, pit_change_virtio_iso, "virtio-iso",
                        .owned = PIT_TUNE_OWNED (PIT_TUNE_STRING (PitChangeVirtioIsoOptions, path)))
