/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "pit-monitor-rates.h"

G_BEGIN_DECLS

/* The dashboard figures a measurement keeps, each as mean and maximum over
 * the window. */
typedef enum
{
  PIT_MEASURE_CPU,            /* "cpu_percent": % of its vCPUs */
  PIT_MEASURE_CPU_HOST,       /* "cpu_host_percent": % of the host's CPUs */
  PIT_MEASURE_VCPU_WAIT,      /* "vcpu_wait_percent": vCPUs waiting for I/O */
  PIT_MEASURE_VCPU_STEAL,     /* "vcpu_steal_percent": vCPUs runnable but not running */
  PIT_MEASURE_DISK_READ,      /* "disk_read_bytes_per_second" */
  PIT_MEASURE_DISK_WRITE,     /* "disk_write_bytes_per_second" */
  PIT_MEASURE_DISK_IOPS,      /* "disk_iops": reads + writes per second */
  PIT_MEASURE_DISK_LATENCY,   /* "disk_latency_ms": per request */
  PIT_MEASURE_NET_RX,         /* "net_rx_bytes_per_second" */
  PIT_MEASURE_NET_TX,         /* "net_tx_bytes_per_second" */
  PIT_MEASURE_N_FIGURES
} PitMeasureFigure;

typedef enum
{
  PIT_MEASURE_BETTER_LOWER,   /* waiting, steal, latency */
  PIT_MEASURE_BETTER_HIGHER,  /* throughput */
  PIT_MEASURE_BETTER_NEITHER, /* CPU use: depends on what the guest did */
} PitMeasureBetter;

typedef enum
{
  PIT_MEASURE_UNIT_PERCENT,
  PIT_MEASURE_UNIT_BYTES_PER_SECOND,
  PIT_MEASURE_UNIT_PER_SECOND,
  PIT_MEASURE_UNIT_MILLISECONDS,
} PitMeasureUnit;

typedef struct
{
  double mean;     /* NaN: never known in the window */
  double max;
  guint samples;   /* samples with this figure known */
} PitMeasureStat;

/* A recorded window of one VM's figures. */
typedef struct
{
  char *uuid;
  char *name;
  gint64 started_us;          /* g_get_real_time() at the start */
  double seconds;             /* how long the window was */
  guint samples;              /* samples with figures */
  char *label;                /* free text ("before tuning"); NULL */
  PitMeasureStat figures[PIT_MEASURE_N_FIGURES];
} PitMeasurement;

#define PIT_TYPE_MEASUREMENT (pit_measurement_get_type ())

GType            pit_measurement_get_type       (void) G_GNUC_CONST;
PitMeasurement  *pit_measurement_new            (const char            *uuid,
                                                 const char            *name,
                                                 gint64                 started_us);
PitMeasurement  *pit_measurement_ref            (PitMeasurement        *self);
void             pit_measurement_unref          (PitMeasurement        *self);
/* Adds one sample's figures (NaN figures are left out). */
void             pit_measurement_add_rates      (PitMeasurement        *self,
                                                 const PitMonitorRates *rates);
void             pit_measurement_add_value      (PitMeasurement        *self,
                                                 PitMeasureFigure       figure,
                                                 double                 value);

char            *pit_measurement_to_json        (const PitMeasurement  *self);
PitMeasurement  *pit_measurement_new_from_json  (const char            *json,
                                                 GError               **error);

const char      *pit_measure_figure_to_id       (PitMeasureFigure       figure);
const char      *pit_measure_figure_to_string   (PitMeasureFigure       figure);
PitMeasureBetter pit_measure_figure_get_better  (PitMeasureFigure       figure);
PitMeasureUnit   pit_measure_figure_get_unit    (PitMeasureFigure       figure);
/* "12.5 %", "3.4 MB/s", "120 /s", "0.85 ms"; "–" for NaN */
char            *pit_measure_figure_format      (PitMeasureFigure       figure,
                                                 double                 value);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PitMeasurement, pit_measurement_unref)

G_END_DECLS
