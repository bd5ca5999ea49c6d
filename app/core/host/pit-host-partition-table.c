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

PitPartitionTable
pit_host_partition_table_probe (PitHostReader *reader,
                                const char    *path)
{
  g_autofree char *full = NULL;
  guint8 data[SECTOR];
  gsize length = 0;
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
  close (fd);
  return pit_host_partition_table_parse (data, length);
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
