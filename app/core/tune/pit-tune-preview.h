/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <libvirt/libvirt.h>

#include "pit-tune-plan.h"

G_BEGIN_DECLS

/* What a plan would do to a defined domain, without defining anything:
 * the inactive XML is fetched and the plan run on it (the review page's
 * diff).  The _async pair runs it in a GTask thread. */
PitTuneResult *pit_tune_preview        (virDomainPtr          domain,
                                        PitTunePlan          *plan,
                                        GError              **error);
void           pit_tune_preview_async  (virDomainPtr          domain,
                                        PitTunePlan          *plan,
                                        GCancellable         *cancellable,
                                        GAsyncReadyCallback   callback,
                                        gpointer              user_data);
PitTuneResult *pit_tune_preview_finish (GAsyncResult         *result,
                                        GError              **error);

G_END_DECLS
