/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <libvirt/libvirt.h>

#include "pit-tune-result.h"

G_BEGIN_DECLS

/* Restore: defines a history entry's bytes again, after saving the current
 * XML as a new entry; pit_tune_restore() and pit_tune_restore_finish()
 * return the id of that new entry (not XML), so a restore can be undone too.
 * The disk volumes Pitstop created since that entry (the staged boot-disk
 * move's small virtio disk) are deleted when unused; the _full variants
 * also say so (->storage of the result; ->history_id is the new entry).
 *
 * The blocking functions may run in any thread; the _async ones run them in
 * a GTask thread. */

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

G_END_DECLS
