/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "pit-measurement.h"
#include "pit-monitor.h"

G_BEGIN_DECLS

#define PIT_MEASUREMENT_DEFAULT_SECONDS 60

/* Records @seconds of a running VM's figures from @monitor (holding it, so
 * it samples every second meanwhile).  The result is not stored: pass it
 * to pit_measurement_store_save().  Fails with PIT_ERROR_NOT_FOUND for an
 * unknown VM, PIT_ERROR_UNSUPPORTED when it is not running (or stops during
 * the window), G_IO_ERROR_CANCELLED when cancelled. */
void            pit_measurement_record_async  (PitMonitor          *monitor,
                                               const char          *name_or_uuid,
                                               guint                seconds,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
PitMeasurement *pit_measurement_record_finish (GAsyncResult        *result,
                                               GError             **error);

G_END_DECLS
