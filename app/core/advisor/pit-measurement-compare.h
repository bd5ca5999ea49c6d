/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pit-measurement.h"

G_BEGIN_DECLS

typedef enum
{
  PIT_MEASURE_CHANGE_UNKNOWN,  /* "unknown": a side has no figure */
  PIT_MEASURE_CHANGE_SAME,     /* "same": within the noise */
  PIT_MEASURE_CHANGE_BETTER,   /* "better" */
  PIT_MEASURE_CHANGE_WORSE,    /* "worse" */
  PIT_MEASURE_CHANGE_CHANGED,  /* "changed": moved, neither better nor worse (CPU use) */
} PitMeasureChange;

typedef struct
{
  PitMeasureFigure figure;
  double before;       /* means; NaN when unknown */
  double after;
  double difference;   /* after − before; NaN when either is unknown */
  double percent;      /* difference / before × 100; NaN when before is 0 or unknown */
  PitMeasureChange change;
} PitMeasureDifference;

/* Compares the means of two measurements of the same VM, figure by figure.
 * A difference within 5 % (or below a small absolute amount: half a point
 * of a percentage, 0.05 ms, 1 kB/s, 1 operation/s) counts as the same.
 * Returns: (transfer full) (element-type PitMeasureDifference): one per figure */
GArray     *pit_measurement_compare          (const PitMeasurement *before,
                                              const PitMeasurement *after);
const char *pit_measure_change_to_id         (PitMeasureChange      change);
const char *pit_measure_change_to_string     (PitMeasureChange      change);

G_END_DECLS
