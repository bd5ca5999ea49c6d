/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <libvirt/libvirt.h>

#include "pit-tune-plan.h"

G_BEGIN_DECLS

/* Apply: fetch the domain's inactive XML, run the plan, save the current XML
 * to the history, create the volumes the plan asks for, and define the new
 * XML with libvirt's validation.  A refused define leaves the domain, its
 * storage and its history as they were.  With PIT_TUNE_APPLY_LIVE, what
 * libvirt can change on a running guest (the current vCPU count, vCPU and
 * emulator pinning) is changed live too.
 *
 * Restore: defines a history entry's bytes again, after saving the current
 * XML as a new entry; pit_tune_restore() and pit_tune_restore_finish()
 * return the id of that new entry (not XML), so a restore can be undone too.
 * The disk volumes Pitstop created since that entry (the staged boot-disk
 * move's small virtio disk) are deleted when unused; the _full variants
 * also say so (->storage of the result; ->history_id is the new entry).
 *
 * The blocking functions may run in any thread; the _async ones run them in
 * a GTask thread. */
typedef enum
{
  PIT_TUNE_APPLY_NONE = 0,
  PIT_TUNE_APPLY_LIVE = 1 << 0,
} PitTuneApplyFlags;

PitTuneResult *pit_tune_apply          (virDomainPtr          domain,
                                        PitTunePlan          *plan,
                                        PitTuneApplyFlags     flags,
                                        GError              **error);
void           pit_tune_apply_async    (virDomainPtr          domain,
                                        PitTunePlan          *plan,
                                        PitTuneApplyFlags     flags,
                                        GCancellable         *cancellable,
                                        GAsyncReadyCallback   callback,
                                        gpointer              user_data);
PitTuneResult *pit_tune_apply_finish   (GAsyncResult         *result,
                                        GError              **error);

char          *pit_tune_restore        (virDomainPtr          domain,
                                        const char           *history_id,
                                        GError              **error);
void           pit_tune_restore_async  (virDomainPtr          domain,
                                        const char           *history_id,
                                        GCancellable         *cancellable,
                                        GAsyncReadyCallback   callback,
                                        gpointer              user_data);
char          *pit_tune_restore_finish (GAsyncResult         *result,
                                        GError              **error);
PitTuneResult *pit_tune_restore_full   (virDomainPtr          domain,
                                        const char           *history_id,
                                        GError              **error);
PitTuneResult *pit_tune_restore_full_finish (GAsyncResult    *result,
                                        GError              **error);

char          *pit_tune_fetch_inactive_xml (virDomainPtr     domain,
                                            GError         **error);

G_END_DECLS
