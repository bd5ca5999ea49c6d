/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libvirt/libvirt.h>

#include "pit-history.h"

G_BEGIN_DECLS

/* What applying (pit-tune-apply.c) and restoring (pit-tune-restore.c)
 * share: the domain's UUID, defining with validation, and the disk volumes
 * created for a change (kept in a GPtrArray of virStorageVolPtr until the
 * define succeeds) with their history records. */

char             *_pit_tune_domain_uuid    (virDomainPtr            domain);
gboolean          _pit_tune_define_xml     (virConnectPtr           connection,
                                           const char             *xml,
                                           GError                **error);
gboolean          _pit_tune_volume_ensure  (virStoragePoolPtr       pool,
                                           const char             *pool_name,
                                           const char             *name,
                                           guint64                 capacity,
                                           const char             *format,
                                           GPtrArray              *created,
                                           GPtrArray              *records,
                                           gboolean               *made,
                                           GError                **error);
PitHistoryVolume *_pit_tune_volume_record  (PitHistoryVolumeAction  action,
                                           const char             *pool,
                                           virStorageVolPtr        vol,
                                           guint64                 capacity,
                                           const char             *format);
void              _pit_tune_volumes_delete (GPtrArray              *created);
void              _pit_tune_volumes_free   (GPtrArray              *created);

G_END_DECLS
