/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "pit-host-block-device.h"
#include "pit-host-reader.h"

G_BEGIN_DECLS

typedef enum
{
  PIT_HOST_STORAGE_KIND_UNKNOWN,  /* "unknown": the path does not exist under the root */
  PIT_HOST_STORAGE_KIND_FILE,     /* "file" */
  PIT_HOST_STORAGE_KIND_BLOCK,    /* "block": a disk, partition, LVM/dm or md device */
  PIT_HOST_STORAGE_KIND_ZVOL,     /* "zvol": a ZFS volume (zdN, /dev/zvol/POOL/NAME) */
} PitHostStorageKind;

typedef enum
{
  PIT_HOST_ZFS_SCAN_UNKNOWN,      /* JSON null */
  PIT_HOST_ZFS_SCAN_NONE,         /* "none" */
  PIT_HOST_ZFS_SCAN_SCRUB,        /* "scrub": in progress now */
  PIT_HOST_ZFS_SCAN_RESILVER,     /* "resilver": in progress now */
} PitHostZfsScan;

/* What a disk source path (a VM's image file, block device or zvol) sits on.
 * Block devices are followed through symlinks (/dev/zvol/…, /dev/disk/by-id),
 * partitions (to their disk) and dm/md slaves.  Files are placed by the
 * mount table (ROOT/proc/self/mounts).  ZFS: the pool's state is
 * ROOT/proc/spl/kstat/zfs/<pool>/state; its member disks and whether a
 * scrub or resilver runs have no sysfs/procfs source, so they come from
 * `zpool status -P <pool>` (see pit_host_reader_run()), else stay unknown. */
typedef struct
{
  char *path;
  PitHostStorageKind kind;
  char *block_device;     /* the first block device of the path ("zd0", "sda2"); NULL */
  GPtrArray *disks;       /* PitHostBlockDevice: the whole disks underneath */
  int rotational;         /* 1 if any disk underneath is rotational, 0 if none, -1 unknown */
  char *filesystem;       /* for files: "ext4", "zfs", …; NULL */
  char *zfs_pool;         /* NULL when not on ZFS */
  char *zfs_dataset;      /* "hddpool/win10" */
  char *zfs_state;        /* "ONLINE", "DEGRADED", …; NULL unknown */
  PitHostZfsScan zfs_scan;
} PitHostStorage;

PitHostStorage *pit_host_storage_ref       (PitHostStorage *self);
void            pit_host_storage_unref     (PitHostStorage *self);
PitHostStorage *pit_host_storage_probe     (PitHostReader  *reader,
                                            const char     *path);
/* What the host's root file system ("/") sits on, from the mount table;
 * %NULL when the mount table cannot be read (never a problem then). */
PitHostStorage *pit_host_storage_probe_root_fs (PitHostReader *reader);
const char     *pit_host_storage_kind_to_id (PitHostStorageKind kind);
const char     *pit_host_zfs_scan_to_id     (PitHostZfsScan     scan);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PitHostStorage, pit_host_storage_unref)

G_END_DECLS
