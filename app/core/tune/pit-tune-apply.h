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

char          *pit_tune_fetch_inactive_xml (virDomainPtr     domain,
                                            GError         **error);

G_END_DECLS
