/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-host"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/vfs.h>

#include "pit-host-storage.h"

#define MAX_LINKS 40
#define MAX_DEPTH 8

static void
storage_clear (PitHostStorage *self)
{
  g_free (self->path);
  g_free (self->block_device);
  g_ptr_array_unref (self->disks);
  g_free (self->filesystem);
  g_free (self->zfs_pool);
  g_free (self->zfs_dataset);
  g_free (self->zfs_state);
}

PitHostStorage *
pit_host_storage_ref (PitHostStorage *self)
{
  return g_atomic_rc_box_acquire (self);
}

void
pit_host_storage_unref (PitHostStorage *self)
{
  g_atomic_rc_box_release_full (self, (GDestroyNotify) storage_clear);
}

const char *
pit_host_storage_kind_to_id (PitHostStorageKind kind)
{
  switch (kind)
    {
    case PIT_HOST_STORAGE_KIND_FILE:
      return "file";
    case PIT_HOST_STORAGE_KIND_BLOCK:
      return "block";
    case PIT_HOST_STORAGE_KIND_ZVOL:
      return "zvol";
    case PIT_HOST_STORAGE_KIND_UNKNOWN:
    default:
      return "unknown";
    }
}

const char *
pit_host_zfs_scan_to_id (PitHostZfsScan scan)
{
  switch (scan)
    {
    case PIT_HOST_ZFS_SCAN_NONE:
      return "none";
    case PIT_HOST_ZFS_SCAN_SCRUB:
      return "scrub";
    case PIT_HOST_ZFS_SCAN_RESILVER:
      return "resilver";
    case PIT_HOST_ZFS_SCAN_UNKNOWN:
    default:
      return NULL;
    }
}

/* Follows symbolic links of a host path inside the root (a link to
 * "/dev/zd0" in a tree means ROOT/dev/zd0).  Returns the host path of the
 * final target, or %NULL on a loop. */
static char *
resolve_links (PitHostReader *reader,
               const char    *path)
{
  g_autofree char *current = g_canonicalize_filename (path, "/");

  for (guint i = 0; i < MAX_LINKS; i++)
    {
      g_autofree char *full = pit_host_reader_path (reader, current);
      g_autofree char *target = g_file_read_link (full, NULL);
      g_autofree char *dir = NULL;

      if (target == NULL)
        return g_steal_pointer (&current);
      dir = g_path_get_dirname (current);
      g_free (current);
      current = g_canonicalize_filename (target, dir);
    }
  return NULL;
}

/* The kernel name of the block device at a host path ("/dev/sda2" → "sda2"),
 * %NULL when it is not one. */
static char *
block_name (PitHostReader *reader,
            const char    *path)
{
  g_autofree char *resolved = resolve_links (reader, path);
  g_autofree char *name = NULL;
  g_autofree char *sys = NULL;

  if (resolved == NULL)
    return NULL;

  if (pit_host_reader_is_live (reader))
    {
      GStatBuf st;

      if (g_stat (resolved, &st) == 0 && S_ISBLK (st.st_mode))
        {
          g_autofree char *dev = g_strdup_printf ("/sys/dev/block/%u:%u", major (st.st_rdev),
                                                  minor (st.st_rdev));

          name = pit_host_reader_read_link_name (reader, dev);
          if (name != NULL)
            return g_steal_pointer (&name);
        }
    }

  if (!g_str_has_prefix (resolved, "/dev/"))
    return NULL;
  name = g_path_get_basename (resolved);
  sys = g_strdup_printf ("/sys/class/block/%s", name);
  if (!pit_host_reader_exists (reader, sys))
    return NULL;
  return g_steal_pointer (&name);
}

static void
add_disk (PitHostStorage *self,
          PitHostReader  *reader,
          const char     *name)
{
  for (guint i = 0; i < self->disks->len; i++)
    if (g_str_equal (((PitHostBlockDevice *) self->disks->pdata[i])->name, name))
      return;

  g_ptr_array_add (self->disks, pit_host_block_device_probe (reader, name, TRUE));
}

/* Whole disks under a block device: partition → its disk; dm/md → slaves. */
static void
collect_disks (PitHostStorage *self,
               PitHostReader  *reader,
               const char     *name,
               guint           depth)
{
  g_autofree char *class_path = g_strdup_printf ("/sys/class/block/%s", name);
  g_autofree char *partition = g_strdup_printf ("%s/partition", class_path);
  g_autofree char *slaves_path = g_strdup_printf ("/sys/block/%s/slaves", name);
  g_autoptr(GPtrArray) slaves = NULL;

  if (depth > MAX_DEPTH)
    return;

  if (pit_host_reader_exists (reader, partition))
    {
      /* /sys/class/block/sda2 → …/block/sda/sda2: the disk is the parent */
      g_autofree char *full = pit_host_reader_path (reader, class_path);
      g_autofree char *target = g_file_read_link (full, NULL);
      g_autofree char *parent = NULL;
      g_autofree char *disk = NULL;

      if (target == NULL)
        {
          pit_host_reader_add_problem (reader, _("Could not find the disk of partition %s"), name);
          return;
        }
      parent = g_path_get_dirname (target);
      disk = g_path_get_basename (parent);
      collect_disks (self, reader, disk, depth + 1);
      return;
    }

  slaves = pit_host_reader_list_dir (reader, slaves_path, FALSE);
  if (slaves != NULL && slaves->len > 0)
    {
      for (guint i = 0; i < slaves->len; i++)
        collect_disks (self, reader, slaves->pdata[i], depth + 1);
      return;
    }

  add_disk (self, reader, name);
}

/* Finds the /dev/zvol/POOL/… link that points at /dev/<name>. */
static char *
find_zvol_dataset (PitHostReader *reader,
                   const char    *dir,
                   const char    *name,
                   guint          depth)
{
  g_autoptr(GPtrArray) entries = NULL;

  if (depth > MAX_DEPTH)
    return NULL;
  entries = pit_host_reader_list_dir (reader, dir, FALSE);
  for (guint i = 0; entries != NULL && i < entries->len; i++)
    {
      g_autofree char *path = g_build_filename (dir, entries->pdata[i], NULL);
      g_autofree char *resolved = resolve_links (reader, path);
      g_autofree char *expected = g_strdup_printf ("/dev/%s", name);
      char *found;

      if (g_strcmp0 (resolved, expected) == 0)
        return g_strdup (path + strlen ("/dev/zvol/"));
      found = find_zvol_dataset (reader, path, name, depth + 1);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Parses `zpool status -P POOL`: the state, the scan line and the member
 * devices (absolute paths thanks to -P). */
static void
read_zpool_status (PitHostStorage *self,
                   PitHostReader  *reader,
                   GPtrArray      *vdevs)
{
  const char *argv[] = { "zpool", "status", "-P", self->zfs_pool, NULL };
  g_autofree char *text = pit_host_reader_run (reader, argv);
  g_auto(GStrv) lines = NULL;
  gboolean in_config = FALSE;
  gboolean scan_seen = FALSE;

  if (text == NULL)
    return;
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *line = g_strstrip (g_strdup (lines[i]));

      if (g_str_has_prefix (line, "state:"))
        {
          g_free (self->zfs_state);
          self->zfs_state = g_strstrip (g_strdup (line + strlen ("state:")));
        }
      else if (g_str_has_prefix (line, "scan:"))
        {
          scan_seen = TRUE;
          if (strstr (line, "scrub in progress") != NULL)
            self->zfs_scan = PIT_HOST_ZFS_SCAN_SCRUB;
          else if (strstr (line, "resilver in progress") != NULL)
            self->zfs_scan = PIT_HOST_ZFS_SCAN_RESILVER;
          else
            self->zfs_scan = PIT_HOST_ZFS_SCAN_NONE;
        }
      else if (g_str_has_prefix (line, "config:"))
        in_config = TRUE;
      else if (g_str_has_prefix (line, "errors:"))
        in_config = FALSE;
      else if (in_config && line[0] == '/')
        {
          char *space = strpbrk (line, " \t");

          if (space != NULL)
            *space = '\0';
          g_ptr_array_add (vdevs, g_strdup (line));
        }
    }
  /* an old zpool prints no scan line when no scan was ever requested */
  if (!scan_seen && self->zfs_state != NULL)
    self->zfs_scan = PIT_HOST_ZFS_SCAN_NONE;
}

static void
describe_zfs (PitHostStorage *self,
              PitHostReader  *reader)
{
  g_autofree char *state_path = g_strdup_printf ("/proc/spl/kstat/zfs/%s/state", self->zfs_pool);
  g_autoptr(GPtrArray) vdevs = g_ptr_array_new_with_free_func (g_free);

  self->zfs_state = pit_host_reader_read_line (reader, state_path, FALSE);
  read_zpool_status (self, reader, vdevs);

  for (guint i = 0; i < vdevs->len; i++)
    {
      g_autofree char *name = block_name (reader, vdevs->pdata[i]);

      if (name != NULL)
        collect_disks (self, reader, name, 0);
      else
        pit_host_reader_add_problem (reader, _("Could not find the block device %s of ZFS pool %s"),
                                     (const char *) vdevs->pdata[i], self->zfs_pool);
    }
  if (vdevs->len == 0)
    pit_host_reader_add_problem (reader, _("The disks of ZFS pool %s are unknown: “zpool status” "
                                           "gave no answer"), self->zfs_pool);
}

static void
set_dataset (PitHostStorage *self,
             const char     *dataset)
{
  const char *slash = strchr (dataset, '/');

  self->zfs_dataset = g_strdup (dataset);
  self->zfs_pool = slash != NULL ? g_strndup (dataset, slash - dataset) : g_strdup (dataset);
}

static char *
unescape_mount (const char *text)
{
  /* /proc/mounts escapes space, tab, newline and backslash as \ooo */
  return g_strcompress (text);
}

/* The mount holding a file: the longest mount point that is a prefix. */
static gboolean
find_mount (PitHostReader  *reader,
            const char     *path,
            char          **source,
            char          **fstype)
{
  g_autofree char *text = pit_host_reader_read (reader, "/proc/self/mounts", FALSE);
  g_auto(GStrv) lines = NULL;
  gsize best = 0;

  if (text == NULL)
    text = pit_host_reader_read (reader, "/proc/mounts", TRUE);
  if (text == NULL)
    return FALSE;

  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[i], " ", -1);
      g_autofree char *target = NULL;
      gsize len;

      if (g_strv_length (fields) < 3)
        continue;
      target = unescape_mount (fields[1]);
      len = strlen (target);
      if (!(g_str_equal (target, "/")
            || (g_str_has_prefix (path, target) && (path[len] == '/' || path[len] == '\0'))))
        continue;
      if (len >= best)
        {
          best = len;
          g_free (*source);
          g_free (*fstype);
          *source = unescape_mount (fields[0]);
          *fstype = g_strdup (fields[2]);
        }
    }
  return *source != NULL;
}

static void
update_rotational (PitHostStorage *self)
{
  gboolean unknown = self->disks->len == 0;

  self->rotational = 0;
  for (guint i = 0; i < self->disks->len; i++)
    {
      PitHostBlockDevice *disk = self->disks->pdata[i];

      if (disk->rotational == 1)
        {
          self->rotational = 1;
          return;
        }
      if (disk->rotational < 0)
        unknown = TRUE;
    }
  if (unknown)
    self->rotational = -1;
}

/**
 * pit_host_storage_probe:
 * @path: a host path (a VM disk's source)
 * Returns: (transfer full): never %NULL; what is unknown stays unknown
 */
PitHostStorage *
pit_host_storage_probe (PitHostReader *reader,
                        const char    *path)
{
  g_autoptr(PitHostStorage) self = g_atomic_rc_box_new0 (PitHostStorage);
  g_autofree char *resolved = NULL;
  g_autofree char *full = NULL;
  g_autofree char *name = NULL;

  self->path = g_strdup (path);
  self->disks = g_ptr_array_new_with_free_func ((GDestroyNotify) pit_host_block_device_unref);
  self->rotational = -1;
  self->zfs_scan = PIT_HOST_ZFS_SCAN_UNKNOWN;

  if (path == NULL || !g_path_is_absolute (path))
    {
      pit_host_reader_add_problem (reader, _("“%s” is not an absolute path"), path ? path : "");
      return g_steal_pointer (&self);
    }

  resolved = resolve_links (reader, path);
  full = resolved != NULL ? pit_host_reader_path (reader, resolved) : NULL;
  if (full == NULL || !g_file_test (full, G_FILE_TEST_EXISTS))
    {
      pit_host_reader_add_problem (reader, _("The disk source %s does not exist"), path);
      return g_steal_pointer (&self);
    }

  name = block_name (reader, path);
  if (name != NULL)
    {
      self->block_device = g_strdup (name);
      if (g_str_has_prefix (name, "zd"))
        {
          g_autofree char *dataset = NULL;

          self->kind = PIT_HOST_STORAGE_KIND_ZVOL;
          if (g_str_has_prefix (path, "/dev/zvol/"))
            dataset = g_strdup (path + strlen ("/dev/zvol/"));
          else
            dataset = find_zvol_dataset (reader, "/dev/zvol", name, 0);
          if (dataset != NULL)
            {
              set_dataset (self, dataset);
              describe_zfs (self, reader);
            }
          else
            pit_host_reader_add_problem (reader, _("Could not find the ZFS volume of %s"), path);
        }
      else
        {
          self->kind = PIT_HOST_STORAGE_KIND_BLOCK;
          collect_disks (self, reader, name, 0);
        }
    }
  else if (g_file_test (full, G_FILE_TEST_IS_REGULAR))
    {
      g_autofree char *source = NULL;

      self->kind = PIT_HOST_STORAGE_KIND_FILE;
      if (find_mount (reader, resolved, &source, &self->filesystem))
        {
          g_autofree char *device = NULL;

          if (g_strcmp0 (self->filesystem, "zfs") == 0)
            {
              set_dataset (self, source);
              describe_zfs (self, reader);
            }
          else if (g_str_has_prefix (source, "/dev/") && (device = block_name (reader, source)) != NULL)
            {
              self->block_device = g_strdup (device);
              collect_disks (self, reader, device, 0);
            }
          else
            pit_host_reader_add_problem (reader, _("Could not find the disk under %s (mounted from %s)"),
                                         path, source);
        }
    }
  else
    {
      pit_host_reader_add_problem (reader, _("The disk source %s is neither a file nor a block device"), path);
    }

  update_rotational (self);

  return g_steal_pointer (&self);
}

/* statfs's magic numbers (linux/magic.h) of the file systems a root is on */
static const char *
filesystem_of_magic (unsigned long magic)
{
  switch (magic)
    {
    case 0xEF53: return "ext4"; /* ext2 and ext3 have it too */
    case 0x9123683E: return "btrfs";
    case 0x58465342: return "xfs";
    case 0x2FC12FC1: return "zfs";
    case 0xF2F52010: return "f2fs";
    case 0xCA451A4E: return "bcachefs";
    default: return NULL;
    }
}

/* When the mount table's "/" is on no disk: inside a Flatpak sandbox it is
 * a tmpfs of the sandbox's own, and the host's /etc (/run/host/etc, with
 * host-etc) is on the host's root file system; its device number leads to
 * the disk through /sys/dev/block (which the sandbox sees), and statfs
 * names the file system.  Only on the live host (a fixture's folders are on
 * this machine's disks). */
static void
root_fs_from_etc (PitHostStorage *self,
                  PitHostReader  *reader)
{
  g_autofree char *etc = NULL;
  g_autofree char *dev = NULL;
  g_autofree char *name = NULL;
  const char *filesystem;
  GStatBuf st;
  struct statfs fs;

  if (!pit_host_reader_is_live (reader))
    return;
  etc = pit_host_reader_path (reader, "/etc");
  if (g_stat (etc, &st) != 0 || statfs (etc, &fs) != 0)
    return;
  filesystem = filesystem_of_magic ((unsigned long) fs.f_type);
  if (filesystem == NULL)
    return; /* a container's overlay: the mount table said it */
  g_free (self->filesystem);
  self->filesystem = g_strdup (filesystem);
  dev = g_strdup_printf ("/sys/dev/block/%u:%u", major (st.st_dev), minor (st.st_dev));
  name = pit_host_reader_read_link_name (reader, dev);
  if (name == NULL)
    return; /* btrfs and ZFS have a device number of no disk */
  self->kind = PIT_HOST_STORAGE_KIND_BLOCK;
  self->block_device = g_steal_pointer (&name);
  collect_disks (self, reader, self->block_device, 0);
}

/**
 * pit_host_storage_probe_root_fs:
 * Returns: (transfer full) (nullable): the storage of "/"
 */
PitHostStorage *
pit_host_storage_probe_root_fs (PitHostReader *reader)
{
  g_autoptr(PitHostStorage) self = NULL;
  g_autofree char *source = NULL;
  g_autofree char *device = NULL;

  if (!pit_host_reader_exists (reader, "/proc/self/mounts") && !pit_host_reader_exists (reader, "/proc/mounts"))
    return NULL;

  self = g_atomic_rc_box_new0 (PitHostStorage);
  self->path = g_strdup ("/");
  self->disks = g_ptr_array_new_with_free_func ((GDestroyNotify) pit_host_block_device_unref);
  self->rotational = -1;
  self->zfs_scan = PIT_HOST_ZFS_SCAN_UNKNOWN;
  if (!find_mount (reader, "/", &source, &self->filesystem))
    return g_steal_pointer (&self);

  if (g_strcmp0 (self->filesystem, "zfs") == 0)
    {
      self->kind = PIT_HOST_STORAGE_KIND_BLOCK;
      set_dataset (self, source);
      describe_zfs (self, reader);
    }
  else if (g_str_has_prefix (source, "/dev/") && (device = block_name (reader, source)) != NULL)
    {
      self->kind = PIT_HOST_STORAGE_KIND_BLOCK;
      self->block_device = g_strdup (device);
      collect_disks (self, reader, device, 0);
    }
  else
    root_fs_from_etc (self, reader);
  update_rotational (self);
  return g_steal_pointer (&self);
}
