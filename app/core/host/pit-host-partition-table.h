/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "pit-host-reader.h"

G_BEGIN_DECLS

/* What a guest's disk starts with: a classic MBR partition table (what a
 * Windows installed in BIOS mode boots from), the protective MBR of a GPT
 * (what UEFI boots from), nothing at all (a blank disk), or unknown (not
 * readable, too short, or not a raw image: qcow2 and the like). */
typedef enum
{
  PIT_PARTITION_TABLE_UNKNOWN,
  PIT_PARTITION_TABLE_NONE,
  PIT_PARTITION_TABLE_MBR,
  PIT_PARTITION_TABLE_GPT,
} PitPartitionTable;

/* The partition table of the raw image or block device at host path @path,
 * read under the reader's root (its first sectors only). */
PitPartitionTable pit_host_partition_table_probe (PitHostReader *reader,
                                                  const char    *path);
/* The same for the first bytes of a disk, as read; @length may be short. */
PitPartitionTable pit_host_partition_table_parse (const guint8  *data,
                                                  gsize          length);
/* "unknown", "none", "mbr", "gpt" */
const char       *pit_partition_table_to_string  (PitPartitionTable table);

G_END_DECLS
