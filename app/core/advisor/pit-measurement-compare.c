/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-advisor"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "pit-measurement-compare.h"

#define SAME_PERCENT 5.0

static double
noise_floor (PitMeasureFigure figure)
{
  switch (pit_measure_figure_get_unit (figure))
    {
    case PIT_MEASURE_UNIT_PERCENT:
      return 0.5;
    case PIT_MEASURE_UNIT_BYTES_PER_SECOND:
      return 1000;
    case PIT_MEASURE_UNIT_PER_SECOND:
      return 1;
    case PIT_MEASURE_UNIT_MILLISECONDS:
      return 0.05;
    default:
      return 0;
    }
}

static PitMeasureChange
judge (PitMeasureFigure figure,
       double           difference,
       double           percent)
{
  if (isnan (difference))
    return PIT_MEASURE_CHANGE_UNKNOWN;
  if (fabs (difference) < noise_floor (figure) || (!isnan (percent) && fabs (percent) < SAME_PERCENT))
    return PIT_MEASURE_CHANGE_SAME;
  switch (pit_measure_figure_get_better (figure))
    {
    case PIT_MEASURE_BETTER_LOWER:
      return difference < 0 ? PIT_MEASURE_CHANGE_BETTER : PIT_MEASURE_CHANGE_WORSE;
    case PIT_MEASURE_BETTER_HIGHER:
      return difference > 0 ? PIT_MEASURE_CHANGE_BETTER : PIT_MEASURE_CHANGE_WORSE;
    case PIT_MEASURE_BETTER_NEITHER:
    default:
      return PIT_MEASURE_CHANGE_CHANGED;
    }
}

GArray *
pit_measurement_compare (const PitMeasurement *before,
                         const PitMeasurement *after)
{
  GArray *result;

  g_return_val_if_fail (before != NULL && after != NULL, NULL);

  result = g_array_sized_new (FALSE, TRUE, sizeof (PitMeasureDifference), PIT_MEASURE_N_FIGURES);
  for (guint i = 0; i < PIT_MEASURE_N_FIGURES; i++)
    {
      PitMeasureDifference diff = { 0 };
      const PitMeasureStat *a = &before->figures[i];
      const PitMeasureStat *b = &after->figures[i];

      diff.figure = i;
      diff.before = a->samples > 0 ? a->mean : NAN;
      diff.after = b->samples > 0 ? b->mean : NAN;
      diff.difference = diff.after - diff.before; /* NaN propagates */
      diff.percent = isfinite (diff.difference) && diff.before != 0
                       ? diff.difference / fabs (diff.before) * 100 : NAN;
      diff.change = judge (i, diff.difference, diff.percent);
      g_array_append_val (result, diff);
    }
  return result;
}

const char *
pit_measure_change_to_id (PitMeasureChange change)
{
  switch (change)
    {
    case PIT_MEASURE_CHANGE_UNKNOWN:
      return "unknown";
    case PIT_MEASURE_CHANGE_SAME:
      return "same";
    case PIT_MEASURE_CHANGE_BETTER:
      return "better";
    case PIT_MEASURE_CHANGE_WORSE:
      return "worse";
    case PIT_MEASURE_CHANGE_CHANGED:
      return "changed";
    default:
      return NULL;
    }
}

const char *
pit_measure_change_to_string (PitMeasureChange change)
{
  switch (change)
    {
    case PIT_MEASURE_CHANGE_UNKNOWN:
      /* TRANSLATORS: how a figure changed between two measurements */
      return C_("change", "unknown");
    case PIT_MEASURE_CHANGE_SAME:
      return C_("change", "same");
    case PIT_MEASURE_CHANGE_BETTER:
      return C_("change", "better");
    case PIT_MEASURE_CHANGE_WORSE:
      return C_("change", "worse");
    case PIT_MEASURE_CHANGE_CHANGED:
      return C_("change", "changed");
    default:
      return NULL;
    }
}
