/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-host"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "pit-host-partition-table.h"

#define SECTOR 512
#define MBR_ENTRIES 446
#define MBR_TYPE_GPT_PROTECTIVE 0xee

/**
 * pit_host_partition_table_parse:
 * Sector 0 ends in 0x55 0xAA when it holds an MBR; one of its four entries
 * of type 0xEE covering the disk is the protective MBR of a GPT (UEFI
 * Specification 2.10, 5.2.3).  A first sector of zeros is a blank disk.
 */
PitPartitionTable
pit_host_partition_table_parse (const guint8 *data,
                                gsize         length)
{
  gboolean zeros = TRUE;

  if (data == NULL || length < SECTOR)
    return PIT_PARTITION_TABLE_UNKNOWN;
  /* qcow2, QED, VDI, VMDK: an image format, not the disk itself */
  if (memcmp (data, "QFI\xfb", 4) == 0 || memcmp (data, "QEMU QED", 8) == 0
      || memcmp (data, "KDMV", 4) == 0 || memcmp (data + 64, "\x7f\x10\xda\xbe", 4) == 0)
    return PIT_PARTITION_TABLE_UNKNOWN;
  if (data[510] != 0x55 || data[511] != 0xaa)
    {
      for (gsize i = 0; i < SECTOR && zeros; i++)
        zeros = data[i] == 0;
      return zeros ? PIT_PARTITION_TABLE_NONE : PIT_PARTITION_TABLE_UNKNOWN;
    }
  for (guint i = 0; i < 4; i++)
    if (data[MBR_ENTRIES + 16 * i + 4] == MBR_TYPE_GPT_PROTECTIVE)
      return PIT_PARTITION_TABLE_GPT;
  return PIT_PARTITION_TABLE_MBR;
}

static gboolean
read_at (int      fd,
         guint64  offset,
         guint8  *data,
         gsize    length)
{
  gsize done = 0;

  while (done < length)
    {
      ssize_t n = pread (fd, data + done, length - done, (off_t) (offset + done));

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      done += (gsize) n;
    }
  return TRUE;
}

static guint64
be64 (const guint8 *p)
{
  guint64 value = 0;

  for (guint i = 0; i < 8; i++)
    value = (value << 8) | p[i];
  return value;
}

static guint32
be32 (const guint8 *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
}

#define QCOW2_OFFSET_MASK G_GUINT64_CONSTANT (0x00fffffffffffe00)
#define QCOW2_COMPRESSED  (G_GUINT64_CONSTANT (1) << 62)
#define QCOW2_ZERO        G_GUINT64_CONSTANT (1)

/* The guest's first sector inside a qcow2 image (QEMU's docs/interop/
 * qcow2.txt): L1 entry 0, L2 entry 0, the data cluster.  Unknown for what
 * this does not follow: encryption, an external data file, extended L2
 * entries, a compressed cluster, or a backing file behind an unallocated one. */
static PitPartitionTable
probe_qcow2 (int           fd,
             const guint8 *header)
{
  guint32 version = be32 (header + 4);
  guint64 backing = be64 (header + 8);
  guint32 crypt = be32 (header + 32);
  guint32 l1_size = be32 (header + 36);
  guint64 l1_offset = be64 (header + 40);
  guint64 incompatible = version >= 3 ? be64 (header + 72) : 0;
  guint8 entry[8];
  guint8 sector[SECTOR];
  guint64 l2_offset, cluster;

  /* 1 << 2: external data file, 1 << 4: extended L2 entries */
  if ((version != 2 && version != 3) || crypt != 0 || l1_size == 0 || (incompatible & ((1 << 2) | (1 << 4))) != 0)
    return PIT_PARTITION_TABLE_UNKNOWN;
  if (!read_at (fd, l1_offset, entry, sizeof entry))
    return PIT_PARTITION_TABLE_UNKNOWN;
  l2_offset = be64 (entry) & QCOW2_OFFSET_MASK;
  if (l2_offset == 0)
    return backing != 0 ? PIT_PARTITION_TABLE_UNKNOWN : PIT_PARTITION_TABLE_NONE;
  if (!read_at (fd, l2_offset, entry, sizeof entry))
    return PIT_PARTITION_TABLE_UNKNOWN;
  if ((be64 (entry) & QCOW2_COMPRESSED) != 0)
    return PIT_PARTITION_TABLE_UNKNOWN;
  if (version >= 3 && (be64 (entry) & QCOW2_ZERO) != 0)
    return PIT_PARTITION_TABLE_NONE;
  cluster = be64 (entry) & QCOW2_OFFSET_MASK;
  if (cluster == 0)
    return backing != 0 ? PIT_PARTITION_TABLE_UNKNOWN : PIT_PARTITION_TABLE_NONE;
  if (!read_at (fd, cluster, sector, sizeof sector))
    return PIT_PARTITION_TABLE_UNKNOWN;
  return pit_host_partition_table_parse (sector, sizeof sector);
}

/**
 * pit_host_partition_table_probe:
 * Reads the first sector of the disk at @path: a raw image or a block
 * device, or a qcow2 image's first cluster.
 */
PitPartitionTable
pit_host_partition_table_probe (PitHostReader *reader,
                                const char    *path)
{
  g_autofree char *full = NULL;
  guint8 data[SECTOR] = { 0 };
  gsize length = 0;
  PitPartitionTable table;
  int fd;

  g_return_val_if_fail (reader != NULL, PIT_PARTITION_TABLE_UNKNOWN);
  if (path == NULL || path[0] != '/')
    return PIT_PARTITION_TABLE_UNKNOWN;
  full = pit_host_reader_path (reader, path);
  /* O_NONBLOCK: never wait on a device; reading a disk's first sector is all */
  fd = open (full, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
  if (fd < 0)
    return PIT_PARTITION_TABLE_UNKNOWN;
  while (length < sizeof data)
    {
      ssize_t n = read (fd, data + length, sizeof data - length);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        break;
      length += (gsize) n;
    }
  if (length == sizeof data && memcmp (data, "QFI\xfb", 4) == 0)
    table = probe_qcow2 (fd, data);
  else
    table = pit_host_partition_table_parse (data, length);
  close (fd);
  return table;
}

const char *
pit_partition_table_to_string (PitPartitionTable table)
{
  switch (table)
    {
    case PIT_PARTITION_TABLE_NONE:
      return "none";
    case PIT_PARTITION_TABLE_MBR:
      return "mbr";
    case PIT_PARTITION_TABLE_GPT:
      return "gpt";
    case PIT_PARTITION_TABLE_UNKNOWN:
    default:
      return "unknown";
    }
}
