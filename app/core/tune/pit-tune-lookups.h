/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <libvirt/libvirt.h>

#include "pit-host-partition-table.h"

G_BEGIN_DECLS

/* What the changes would ask the connection or the host's files, answered
 * beforehand: the other domains' XML (which PCI devices they are given), the
 * storage pool a new volume goes to, and the partition table of the guest's
 * boot disk (Secure Boot on a BIOS guest).  With these, running a plan needs
 * no round trip and reads no disk, so a window can check choices on its main
 * thread however far the host is and however slow its disks. */
typedef struct _PitTuneLookups PitTuneLookups;

PitTuneLookups *pit_tune_lookups_new            (void);
PitTuneLookups *pit_tune_lookups_ref            (PitTuneLookups  *self);
void            pit_tune_lookups_unref          (PitTuneLookups  *self);

void            pit_tune_lookups_add_domain     (PitTuneLookups  *self,
                                                 const char      *uuid,
                                                 const char      *name,
                                                 const char      *xml);
void            pit_tune_lookups_begin_domains  (PitTuneLookups  *self);
gboolean        pit_tune_lookups_has_domains    (PitTuneLookups  *self);
guint           pit_tune_lookups_get_n_domains  (PitTuneLookups  *self);
void            pit_tune_lookups_get_domain     (PitTuneLookups  *self,
                                                 guint            index,
                                                 const char     **uuid,
                                                 const char     **name,
                                                 const char     **xml);

void            pit_tune_lookups_read_pool      (PitTuneLookups  *self,
                                                 virConnectPtr    connection,
                                                 const char      *boot_source);
gboolean        pit_tune_lookups_has_pool       (PitTuneLookups  *self,
                                                 const char      *boot_source);
gboolean        pit_tune_lookups_get_pool       (PitTuneLookups  *self,
                                                 char           **name,
                                                 char           **xml,
                                                 gboolean        *fallback,
                                                 GError         **error);

void            pit_tune_lookups_set_boot_disk_table (PitTuneLookups    *self,
                                                      const char        *path,
                                                      PitPartitionTable  table);
gboolean        pit_tune_lookups_get_boot_disk_table (PitTuneLookups    *self,
                                                      const char        *path,
                                                      PitPartitionTable *table);

gboolean        pit_tune_query_pool             (virConnectPtr    connection,
                                                 const char      *boot_source,
                                                 char           **name,
                                                 char           **xml,
                                                 gboolean        *fallback,
                                                 GError         **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PitTuneLookups, pit_tune_lookups_unref)

G_END_DECLS
