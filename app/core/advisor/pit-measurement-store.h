/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pit-measurement.h"

G_BEGIN_DECLS

/* A VM's measurements, one JSON file each, kept with its history:
 * $XDG_DATA_HOME/pitstop/measurements/<uuid>/<UTC start time>.json */

char      *pit_measurement_store_get_dir  (const char            *uuid);
/* Writes @measurement; @path: (out) (optional): the file written. */
gboolean   pit_measurement_store_save     (const PitMeasurement  *measurement,
                                           char                 **path,
                                           GError               **error);
/* (transfer full) (element-type PitMeasurement): oldest first; files that
 * cannot be read are left out.  Empty (not an error) when there are none. */
GPtrArray *pit_measurement_store_list     (const char            *uuid,
                                           GError               **error);

G_END_DECLS
