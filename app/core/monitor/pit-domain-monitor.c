/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-monitor"

#include "config.h"

#include <math.h>

#include "pit-domain-monitor-private.h"

/* The live figures of one domain: the latest PitMonitorRates and a ring
 * buffer per PitMonitorSeries (plus one of wall-clock times) for graphs.
 * Made and fed by PitMonitor, in the main thread.  It emits no signal per
 * sample (with hundreds of domains that fan-out cost more than the
 * figures): views follow PitMonitor::tick, and
 * pit_domain_monitor_get_n_updates() tells whether their domain got new
 * figures in that tick.  The state follows the PitDomain (and
 * so libvirt's lifecycle events) at once, not at the next tick. */

struct _PitDomainMonitor
{
  GObject parent_instance;

  PitDomain *domain;
  char *uri;
  guint history_length;

  PitMonitorSample *previous;
  PitMonitorRates *rates;
  PitRingBuffer *times;      /* created with the first sample */
  PitRingBuffer *history[PIT_MONITOR_N_SERIES];
  guint n_samples;
  guint n_updates;

  gulong state_handler;
};

G_DEFINE_FINAL_TYPE (PitDomainMonitor, pit_domain_monitor, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_DOMAIN,
  PROP_URI,
  PROP_STATE,
  PROP_RATES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_rates (PitDomainMonitor *self,
           PitMonitorRates  *rates)
{
  if (self->rates == rates)
    return;
  g_clear_pointer (&self->rates, pit_monitor_rates_unref);
  self->rates = rates ? pit_monitor_rates_ref (rates) : NULL;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RATES]);
}

static void
push_gap (PitDomainMonitor *self)
{
  if (self->times == NULL || isnan (pit_ring_buffer_get_latest (self->history[0])))
    return;

  pit_ring_buffer_push (self->times, g_get_real_time () / (double) G_USEC_PER_SEC);
  for (guint i = 0; i < PIT_MONITOR_N_SERIES; i++)
    pit_ring_buffer_push (self->history[i], NAN);
}

/* Called when the domain stops or the connection goes away: the next sample
 * starts afresh, and graphs show a gap. */
void
_pit_domain_monitor_reset (PitDomainMonitor *self)
{
  g_return_if_fail (PIT_IS_DOMAIN_MONITOR (self));

  g_clear_pointer (&self->previous, pit_monitor_sample_free);
  push_gap (self);
  set_rates (self, NULL);
}

/**
 * _pit_domain_monitor_push:
 * @sample: (transfer full): the domain's newest sample
 */
void
_pit_domain_monitor_push (PitDomainMonitor *self,
                          PitMonitorSample *sample,
                          guint             host_cpus)
{
  g_autoptr(PitMonitorRates) rates = NULL;

  g_return_if_fail (PIT_IS_DOMAIN_MONITOR (self));
  g_return_if_fail (sample != NULL);

  rates = pit_monitor_rates_compute (self->previous, sample, host_cpus);
  g_clear_pointer (&self->previous, pit_monitor_sample_free);
  self->previous = sample;

  if (self->times == NULL)
    {
      self->times = pit_ring_buffer_new (self->history_length);
      for (guint i = 0; i < PIT_MONITOR_N_SERIES; i++)
        self->history[i] = pit_ring_buffer_new (self->history_length);
    }
  /* a first sample has no rates yet: nothing to draw */
  if (!isnan (rates->seconds))
    {
      pit_ring_buffer_push (self->times, rates->real_time_us / (double) G_USEC_PER_SEC);
      for (guint i = 0; i < PIT_MONITOR_N_SERIES; i++)
        pit_ring_buffer_push (self->history[i], pit_monitor_series_get_value (i, rates));
      self->n_samples++;
    }

  self->n_updates++;
  set_rates (self, rates);
}

static void
domain_state_cb (PitDomainMonitor *self)
{
  if (!pit_domain_state_is_active (pit_domain_get_state (self->domain)))
    _pit_domain_monitor_reset (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
pit_domain_monitor_dispose (GObject *object)
{
  PitDomainMonitor *self = (PitDomainMonitor *) object;

  if (self->domain != NULL)
    g_clear_signal_handler (&self->state_handler, self->domain);
  g_clear_object (&self->domain);

  G_OBJECT_CLASS (pit_domain_monitor_parent_class)->dispose (object);
}

static void
pit_domain_monitor_finalize (GObject *object)
{
  PitDomainMonitor *self = (PitDomainMonitor *) object;

  g_free (self->uri);
  g_clear_pointer (&self->previous, pit_monitor_sample_free);
  g_clear_pointer (&self->rates, pit_monitor_rates_unref);
  g_clear_pointer (&self->times, pit_ring_buffer_unref);
  for (guint i = 0; i < PIT_MONITOR_N_SERIES; i++)
    g_clear_pointer (&self->history[i], pit_ring_buffer_unref);

  G_OBJECT_CLASS (pit_domain_monitor_parent_class)->finalize (object);
}

static void
pit_domain_monitor_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  PitDomainMonitor *self = PIT_DOMAIN_MONITOR (object);

  switch (prop_id)
    {
    case PROP_DOMAIN:
      g_value_set_object (value, self->domain);
      break;
    case PROP_URI:
      g_value_set_string (value, self->uri);
      break;
    case PROP_STATE:
      g_value_set_enum (value, pit_domain_monitor_get_state (self));
      break;
    case PROP_RATES:
      g_value_set_boxed (value, self->rates);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pit_domain_monitor_class_init (PitDomainMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pit_domain_monitor_dispose;
  object_class->finalize = pit_domain_monitor_finalize;
  object_class->get_property = pit_domain_monitor_get_property;

  properties[PROP_DOMAIN] =
    g_param_spec_object ("domain", NULL, NULL, PIT_TYPE_DOMAIN,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_URI] =
    g_param_spec_string ("uri", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, PIT_TYPE_DOMAIN_STATE, PIT_DOMAIN_STATE_NOSTATE,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * PitDomainMonitor:rates: (nullable)
   * The latest figures; %NULL while the domain is not running.
   */
  properties[PROP_RATES] =
    g_param_spec_boxed ("rates", NULL, NULL, PIT_TYPE_MONITOR_RATES,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pit_domain_monitor_init (PitDomainMonitor *self)
{
}

PitDomainMonitor *
_pit_domain_monitor_new (PitDomain  *domain,
                         const char *uri,
                         guint       history_length)
{
  PitDomainMonitor *self;

  g_return_val_if_fail (PIT_IS_DOMAIN (domain), NULL);
  g_return_val_if_fail (history_length > 0, NULL);

  self = g_object_new (PIT_TYPE_DOMAIN_MONITOR, NULL);
  self->domain = g_object_ref (domain);
  self->uri = g_strdup (uri);
  self->history_length = history_length;
  self->state_handler = g_signal_connect_object (domain, "notify::state",
                                                 G_CALLBACK (domain_state_cb), self,
                                                 G_CONNECT_SWAPPED);
  return self;
}

/**
 * pit_domain_monitor_get_domain:
 * Returns: (transfer none): the domain
 */
PitDomain *
pit_domain_monitor_get_domain (PitDomainMonitor *self)
{
  g_return_val_if_fail (PIT_IS_DOMAIN_MONITOR (self), NULL);

  return self->domain;
}

/**
 * pit_domain_monitor_get_uri:
 * Returns: the URI of the connection the domain is on
 */
const char *
pit_domain_monitor_get_uri (PitDomainMonitor *self)
{
  g_return_val_if_fail (PIT_IS_DOMAIN_MONITOR (self), NULL);

  return self->uri;
}

const char *
pit_domain_monitor_get_name (PitDomainMonitor *self)
{
  g_return_val_if_fail (PIT_IS_DOMAIN_MONITOR (self), NULL);

  return pit_domain_get_name (self->domain);
}

const char *
pit_domain_monitor_get_uuid (PitDomainMonitor *self)
{
  g_return_val_if_fail (PIT_IS_DOMAIN_MONITOR (self), NULL);

  return pit_domain_get_uuid (self->domain);
}

PitDomainState
pit_domain_monitor_get_state (PitDomainMonitor *self)
{
  g_return_val_if_fail (PIT_IS_DOMAIN_MONITOR (self), PIT_DOMAIN_STATE_NOSTATE);

  return pit_domain_get_state (self->domain);
}

/**
 * pit_domain_monitor_get_rates:
 * Returns: (transfer none) (nullable): the latest figures, %NULL until the
 *   domain was sampled or while it is not running
 */
PitMonitorRates *
pit_domain_monitor_get_rates (PitDomainMonitor *self)
{
  g_return_val_if_fail (PIT_IS_DOMAIN_MONITOR (self), NULL);

  return self->rates;
}

/**
 * pit_domain_monitor_get_times:
 * Returns: (transfer none) (nullable): when each history entry was read, in
 *   seconds since 1970 (g_get_real_time() / 1e6); %NULL before the first
 *   sample.  Entry i of every history belongs to entry i here.
 */
PitRingBuffer *
pit_domain_monitor_get_times (PitDomainMonitor *self)
{
  g_return_val_if_fail (PIT_IS_DOMAIN_MONITOR (self), NULL);

  return self->times;
}

/**
 * pit_domain_monitor_get_history:
 * Returns: (transfer none) (nullable): the figures of @series, oldest first;
 *   NaN marks a gap (not running, connection lost, counter reset).  %NULL
 *   before the first sample.
 */
PitRingBuffer *
pit_domain_monitor_get_history (PitDomainMonitor *self,
                                PitMonitorSeries  series)
{
  g_return_val_if_fail (PIT_IS_DOMAIN_MONITOR (self), NULL);
  g_return_val_if_fail (series < PIT_MONITOR_N_SERIES, NULL);

  return self->history[series];
}

/**
 * pit_domain_monitor_get_n_samples:
 * Returns: how many figures were added to the history so far
 */
guint
pit_domain_monitor_get_n_samples (PitDomainMonitor *self)
{
  g_return_val_if_fail (PIT_IS_DOMAIN_MONITOR (self), 0);

  return self->n_samples;
}

/**
 * pit_domain_monitor_get_n_updates:
 * Returns: how many samples the domain was given so far, the first one
 *   (which has no rates yet) included: it changes with each tick that
 *   brought the domain new figures, so a view connected to
 *   PitMonitor::tick redraws only when it does
 */
guint
pit_domain_monitor_get_n_updates (PitDomainMonitor *self)
{
  g_return_val_if_fail (PIT_IS_DOMAIN_MONITOR (self), 0);

  return self->n_updates;
}

/**
 * pit_domain_monitor_summarize:
 * @seconds: how far back from the newest entry
 * @mean: (out) (optional): the mean of the known figures in that window
 * @max: (out) (optional): the largest of them
 *
 * Sums up the last @seconds of a history, e.g. for a before/after
 * measurement; gaps (NaN) are left out.
 *
 * Returns: %FALSE when the window holds no known figure
 */
gboolean
pit_domain_monitor_summarize (PitDomainMonitor *self,
                              PitMonitorSeries  series,
                              double            seconds,
                              double           *mean,
                              double           *max)
{
  double sum = 0, largest = NAN, since;
  guint known = 0;
  guint n;

  g_return_val_if_fail (PIT_IS_DOMAIN_MONITOR (self), FALSE);
  g_return_val_if_fail (series < PIT_MONITOR_N_SERIES, FALSE);

  if (mean != NULL)
    *mean = NAN;
  if (max != NULL)
    *max = NAN;
  if (self->times == NULL)
    return FALSE;

  n = pit_ring_buffer_get_length (self->times);
  since = pit_ring_buffer_get_latest (self->times) - seconds;
  for (guint i = n; i > 0; i--)
    {
      double value = pit_ring_buffer_get (self->history[series], i - 1);

      if (pit_ring_buffer_get (self->times, i - 1) < since)
        break;
      if (isnan (value))
        continue;
      sum += value;
      largest = known == 0 ? value : MAX (largest, value);
      known++;
    }

  if (known == 0)
    return FALSE;
  if (mean != NULL)
    *mean = sum / known;
  if (max != NULL)
    *max = largest;
  return TRUE;
}
