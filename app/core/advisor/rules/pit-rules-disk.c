/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-advisor"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pit-advisor-rules.h"
#include "pit-xml.h"

#define DISKS_XPATH "devices/disk[not(@device) or @device='disk']"

/* The disk the VM boots from: the lowest <boot order>, else the first disk. */
static xmlNode *
find_boot_disk (PitAdvisorContext *ctx)
{
  g_autoptr(GPtrArray) disks = pit_xml_find_nodes (ctx->root, DISKS_XPATH);
  xmlNode *best = NULL;
  guint64 best_order = G_MAXUINT64;

  for (guint i = 0; i < disks->len; i++)
    {
      xmlNode *disk = g_ptr_array_index (disks, i);
      guint64 order;

      if (pit_xml_get_uint64 (disk, "boot/@order", &order) && order < best_order)
        {
          best = disk;
          best_order = order;
        }
    }
  if (best == NULL && disks->len > 0)
    best = g_ptr_array_index (disks, 0);
  return best;
}

void
pit_rule_disk_boot_bus (PitAdvisorContext *ctx)
{
  xmlNode *disk = find_boot_disk (ctx);
  g_autofree char *bus = NULL;
  g_autofree char *target = NULL;
  g_autofree char *bus_upper = NULL;
  g_autofree char *explanation = NULL;
  PitAdvisorFinding *finding;

  if (disk == NULL)
    return;
  bus = pit_xml_get_string (disk, "target/@bus");
  if (g_strcmp0 (bus, "sata") != 0 && g_strcmp0 (bus, "ide") != 0)
    return;
  target = pit_xml_get_string (disk, "target/@dev");
  bus_upper = g_ascii_strup (bus, -1);

  explanation = g_strdup_printf (_("The boot disk is an emulated %s disk: QEMU pretends to be a disk "
                                   "controller from the 2000s, and every request goes through that "
                                   "imitation. A virtio disk is made for VMs: requests go to the host "
                                   "with far less work, so it is faster and costs less CPU time."),
                                 bus_upper);
  if (ctx->windows)
    {
      g_autofree char *more = g_strdup_printf ("%s %s", explanation,
                                               _("Windows only loads the virtio storage driver at boot if "
                                                 "it was installed for a disk it saw before, so the move "
                                                 "takes two steps: add a small virtio disk, install the "
                                                 "driver, then move the boot disk."));

      g_free (explanation);
      explanation = g_steal_pointer (&more);
    }
  finding = pit_advisor_context_add (ctx, "disk-boot-bus", PIT_ADVISOR_SEVERITY_MEDIUM,
                                     _("The boot disk is on an emulated SATA/IDE controller"), explanation);
  pit_advisor_finding_set_subject (finding, target);
  pit_advisor_add_xml_node (finding, _("Boot disk"), disk);
  pit_advisor_finding_set_fix_tune (finding, PIT_WIZARD_SECTION_DRIVERS, _("Move the disk to virtio"),
                                    ctx->windows
                                      ? _("Add a small virtio disk first; after the driver is installed in "
                                          "Windows, switch the boot disk to virtio.")
                                      : _("Switch the boot disk to virtio."));
}

static gboolean
is_block_backed (PitAdvisorContext *ctx,
                 xmlNode           *disk,
                 const char        *source)
{
  g_autofree char *type = pit_xml_get_string (disk, "@type");
  PitHostStorage *storage;

  if (g_strcmp0 (type, "block") == 0)
    return TRUE;
  storage = pit_advisor_context_get_storage (ctx, source);
  if (storage != NULL)
    return storage->kind == PIT_HOST_STORAGE_KIND_BLOCK || storage->kind == PIT_HOST_STORAGE_KIND_ZVOL;
  return g_strcmp0 (type, "file") != 0 && source != NULL && g_str_has_prefix (source, "/dev/");
}

void
pit_rule_disk_cache_io (PitAdvisorContext *ctx)
{
  g_autoptr(GPtrArray) disks = pit_xml_find_nodes (ctx->root, DISKS_XPATH);

  for (guint i = 0; i < disks->len; i++)
    {
      xmlNode *disk = g_ptr_array_index (disks, i);
      g_autofree char *source = pit_xml_get_string (disk, "string(source/@dev | source/@file)");
      g_autofree char *cache = pit_xml_get_string (disk, "driver/@cache");
      g_autofree char *io = pit_xml_get_string (disk, "driver/@io");
      g_autofree char *target = pit_xml_get_string (disk, "target/@dev");
      g_autofree char *explanation = NULL;
      gboolean cache_ok, io_ok;
      PitAdvisorFinding *finding;

      if (source == NULL || source[0] != '/' || !is_block_backed (ctx, disk, source))
        continue;
      cache_ok = g_strcmp0 (cache, "none") == 0 || g_strcmp0 (cache, "directsync") == 0;
      io_ok = g_strcmp0 (io, "native") == 0 || g_strcmp0 (io, "io_uring") == 0;
      if (cache_ok && io_ok)
        continue;

      explanation = g_strdup_printf (_("The disk %s is a raw block device (a partition, LVM volume or ZFS "
                                       "volume), used with cache “%s” and I/O mode “%s”. The host’s page "
                                       "cache then keeps a second copy of everything the guest already "
                                       "caches, and requests wait in a thread pool. cache='none' with "
                                       "io='native' hands requests straight to the device."),
                                     source, cache != NULL ? cache : _("default (writeback)"),
                                     io != NULL ? io : _("default (threads)"));
      finding = pit_advisor_context_add (ctx, "disk-cache-io", PIT_ADVISOR_SEVERITY_LOW,
                                         _("Disk cache and I/O mode are poor for a block device"), explanation);
      pit_advisor_finding_set_subject (finding, target);
      pit_advisor_add_xml_node (finding, _("Disk"), disk);
      pit_advisor_finding_set_fix_advice (finding,
                                          _("In the disk’s <driver> element set cache='none' io='native' "
                                            "(virt-manager: the disk’s Performance options)."));
    }
}

static char *
describe_storage (PitHostStorage *storage)
{
  g_autoptr(GString) text = g_string_new (NULL);

  if (storage->zfs_pool != NULL)
    g_string_append_printf (text, _("ZFS pool %s"), storage->zfs_pool);
  else if (storage->filesystem != NULL)
    g_string_append_printf (text, _("%s file system"), storage->filesystem);
  else
    g_string_append (text, pit_host_storage_kind_to_id (storage->kind));
  for (guint i = 0; i < storage->disks->len; i++)
    {
      PitHostBlockDevice *device = g_ptr_array_index (storage->disks, i);

      g_string_append (text, i == 0 ? _(" on ") : ", ");
      g_string_append (text, device->name);
      if (device->model != NULL)
        g_string_append_printf (text, " (%s)", device->model);
      if (device->rotational == 1)
        g_string_append_printf (text, " %s", _("rotational"));
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

void
pit_rule_disk_rotational (PitAdvisorContext *ctx)
{
  for (guint i = 0; i < ctx->summary->disks->len; i++)
    {
      PitDiskInfo *disk = g_ptr_array_index (ctx->summary->disks, i);
      PitHostStorage *storage;
      g_autofree char *explanation = NULL;
      g_autofree char *host_text = NULL;
      PitAdvisorFinding *finding;

      if (g_strcmp0 (disk->device, "disk") != 0)
        continue;
      storage = pit_advisor_context_get_storage (ctx, disk->source);
      if (storage == NULL || storage->rotational != 1)
        continue;

      explanation = g_strdup_printf (_("The disk image %s is on a spinning hard drive. Operating systems "
                                       "read thousands of small files at boot and while working; a hard "
                                       "drive manages about a hundred such reads a second, an SSD tens of "
                                       "thousands. No cache or I/O setting makes up for it."),
                                     disk->source);
      finding = pit_advisor_context_add (ctx, "disk-rotational", PIT_ADVISOR_SEVERITY_MEDIUM,
                                         _("The disk image is on a hard drive"), explanation);
      pit_advisor_finding_set_subject (finding, disk->target);
      host_text = describe_storage (storage);
      pit_advisor_finding_add_evidence (finding, PIT_ADVISOR_EVIDENCE_HOST, _("Storage"), host_text);
      pit_advisor_finding_set_fix_advice (finding,
                                          _("Move the image (or the ZFS volume) to an SSD, at least the "
                                            "system disk; keep bulk data on the hard drive."));
    }
}

void
pit_rule_disk_zfs_scan (PitAdvisorContext *ctx)
{
  g_autoptr(GHashTable) pools = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < ctx->summary->disks->len; i++)
    {
      PitDiskInfo *disk = g_ptr_array_index (ctx->summary->disks, i);
      PitHostStorage *storage = pit_advisor_context_get_storage (ctx, disk->source);
      gboolean scrub;
      g_autofree char *explanation = NULL;
      g_autofree char *host_text = NULL;
      g_autofree char *fix = NULL;
      PitAdvisorFinding *finding;

      if (storage == NULL || storage->zfs_pool == NULL
          || (storage->zfs_scan != PIT_HOST_ZFS_SCAN_SCRUB && storage->zfs_scan != PIT_HOST_ZFS_SCAN_RESILVER)
          || !g_hash_table_add (pools, storage->zfs_pool))
        continue;
      scrub = storage->zfs_scan == PIT_HOST_ZFS_SCAN_SCRUB;

      explanation = g_strdup_printf (scrub
                                       ? _("A scrub is running on the ZFS pool %s right now: ZFS reads every "
                                           "block of the pool to check it, and the VM’s disk %s waits behind "
                                           "those reads. On hard drives the VM can feel many times slower "
                                           "until the scrub ends.")
                                       : _("A resilver is running on the ZFS pool %s right now: ZFS rebuilds "
                                           "a replaced or returning disk, and the VM’s disk %s waits behind "
                                           "that work until it ends."),
                                     storage->zfs_pool, disk->source);
      finding = pit_advisor_context_add (ctx, "disk-zfs-scan", PIT_ADVISOR_SEVERITY_HIGH,
                                         scrub ? _("A ZFS scrub is running on the VM’s pool")
                                               : _("A ZFS resilver is running on the VM’s pool"),
                                         explanation);
      pit_advisor_finding_set_subject (finding, storage->zfs_pool);
      host_text = g_strdup_printf ("%s: %s", storage->zfs_pool, pit_host_zfs_scan_to_id (storage->zfs_scan));
      pit_advisor_finding_add_evidence (finding, PIT_ADVISOR_EVIDENCE_HOST, _("ZFS pool"), host_text);
      fix = scrub
              ? g_strdup_printf (_("Wait for the scrub to end, or pause it while you use the VM with "
                                   "“zpool scrub -p %s” (run the same command later to resume)."),
                                 storage->zfs_pool)
              : g_strdup (_("Wait for the resilver to end; it keeps the pool’s redundancy and should not "
                            "be stopped."));
      pit_advisor_finding_set_fix_advice (finding, fix);
    }
}
