/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-advisor"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "pit-error.h"
#include "pit-measurement-recorder.h"

typedef struct
{
  PitMonitor *monitor;
  PitDomainMonitor *domain;
  PitMeasurement *measurement;
  gint64 start_us;            /* monotonic */
  guint seconds;
  gulong tick_id;
  guint n_updates;            /* the domain's, at the last tick seen */
  gulong cancelled_id;
  guint timeout_id;
  gboolean held;
  gboolean window_started;
} Recording;

/* a tick can come a little late */
#define WINDOW_MARGIN_MS 500
/* how long to wait for the monitor's first sample */
#define FIRST_SAMPLE_TIMEOUT_S 15

static void
recording_free (Recording *self)
{
  g_clear_signal_handler (&self->tick_id, self->monitor);
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  if (self->held)
    pit_monitor_release (self->monitor);
  g_clear_object (&self->domain);
  g_clear_object (&self->monitor);
  g_clear_pointer (&self->measurement, pit_measurement_unref);
  g_free (self);
}

static gboolean
is_running (PitDomainMonitor *domain)
{
  PitDomainState state = pit_domain_monitor_get_state (domain);

  return state == PIT_DOMAIN_STATE_RUNNING || state == PIT_DOMAIN_STATE_BLOCKED;
}

/* Ends the task once: later signals find it completed. */
static void
finish (GTask  *task,
        GError *error)
{
  Recording *self = g_task_get_task_data (task);

  if (g_task_get_completed (task) || self->measurement == NULL)
    {
      g_clear_error (&error);
      return;
    }
  g_clear_signal_handler (&self->tick_id, self->monitor);
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  if (self->held)
    {
      pit_monitor_release (self->monitor);
      self->held = FALSE;
    }
  g_cancellable_disconnect (g_task_get_cancellable (task), self->cancelled_id);
  self->cancelled_id = 0;

  if (error == NULL && self->measurement->samples == 0)
    error = g_error_new (PIT_ERROR, PIT_ERROR_FAILED,
                         _("No figures came for “%s” in %u seconds"),
                         self->measurement->name, self->window_started ? self->seconds : FIRST_SAMPLE_TIMEOUT_S);
  if (error != NULL)
    {
      g_clear_pointer (&self->measurement, pit_measurement_unref);
      g_task_return_error (task, error);
      return;
    }
  self->measurement->seconds = (g_get_monotonic_time () - self->start_us) / (double) G_USEC_PER_SEC;
  g_task_return_pointer (task, g_steal_pointer (&self->measurement), (GDestroyNotify) pit_measurement_unref);
}

static gboolean
window_over_cb (gpointer user_data)
{
  GTask *task = user_data;
  Recording *self = g_task_get_task_data (task);

  self->timeout_id = 0;
  finish (task, NULL);
  return G_SOURCE_REMOVE;
}

static void
tick_cb (PitMonitor *monitor,
         GTask      *task)
{
  Recording *self = g_task_get_task_data (task);
  PitDomainMonitor *domain = self->domain;
  PitMonitorRates *rates = pit_domain_monitor_get_rates (domain);

  /* a tick that brought this domain no sample */
  if (pit_domain_monitor_get_n_updates (domain) == self->n_updates)
    return;
  self->n_updates = pit_domain_monitor_get_n_updates (domain);

  if (!is_running (domain))
    {
      finish (task, g_error_new (PIT_ERROR, PIT_ERROR_UNSUPPORTED,
                                 _("“%s” stopped during the measurement"), pit_domain_monitor_get_name (domain)));
      return;
    }
  if (rates != NULL)
    pit_measurement_add_rates (self->measurement, rates);

  /* the window starts with the first sample (the baseline of the rates
   * when the monitor was idle), not when the monitor was asked */
  if (!self->window_started)
    {
      self->window_started = TRUE;
      self->start_us = g_get_monotonic_time ();
      g_clear_handle_id (&self->timeout_id, g_source_remove);
      self->timeout_id = g_timeout_add_full (G_PRIORITY_DEFAULT, self->seconds * 1000 + WINDOW_MARGIN_MS,
                                             window_over_cb, g_object_ref (task), g_object_unref);
    }
}

static gboolean
cancelled_idle_cb (gpointer user_data)
{
  GTask *task = user_data;

  finish (task, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The measurement was cancelled")));
  return G_SOURCE_REMOVE;
}

static void
cancelled_cb (GCancellable *cancellable,
              GTask        *task)
{
  /* not from inside the cancellable's handler: g_cancellable_disconnect would deadlock */
  g_idle_add_full (G_PRIORITY_DEFAULT, cancelled_idle_cb, g_object_ref (task), g_object_unref);
}

void
pit_measurement_record_async (PitMonitor          *monitor,
                              const char          *name_or_uuid,
                              guint                seconds,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  PitDomainMonitor *domain;
  Recording *self;

  g_return_if_fail (PIT_IS_MONITOR (monitor));
  g_return_if_fail (name_or_uuid != NULL);

  task = g_task_new (monitor, cancellable, callback, user_data);
  g_task_set_source_tag (task, pit_measurement_record_async);

  domain = pit_monitor_find_domain (monitor, name_or_uuid);
  if (domain == NULL)
    {
      g_task_return_new_error (task, PIT_ERROR, PIT_ERROR_NOT_FOUND,
                               _("There is no virtual machine “%s”"), name_or_uuid);
      return;
    }
  if (!is_running (domain))
    {
      g_task_return_new_error (task, PIT_ERROR, PIT_ERROR_UNSUPPORTED,
                               _("“%s” is not running: start it, then measure"),
                               pit_domain_monitor_get_name (domain));
      return;
    }
  if (seconds == 0)
    {
      g_task_return_new_error (task, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT,
                               _("A measurement takes at least one second"));
      return;
    }

  self = g_new0 (Recording, 1);
  self->monitor = g_object_ref (monitor);
  self->domain = g_object_ref (domain);
  self->seconds = seconds;
  self->measurement = pit_measurement_new (pit_domain_monitor_get_uuid (domain),
                                           pit_domain_monitor_get_name (domain), g_get_real_time ());
  self->start_us = g_get_monotonic_time ();
  g_task_set_task_data (task, self, (GDestroyNotify) recording_free);

  /* the task holds itself through the signal until it is finished */
  self->n_updates = pit_domain_monitor_get_n_updates (domain);
  self->tick_id = g_signal_connect_data (monitor, "tick", G_CALLBACK (tick_cb),
                                         g_object_ref (task), (GClosureNotify) (void (*) (void)) g_object_unref, 0);
  /* until the first sample comes; then the window's own timeout */
  self->timeout_id = g_timeout_add_seconds_full (G_PRIORITY_DEFAULT, FIRST_SAMPLE_TIMEOUT_S, window_over_cb,
                                                 g_object_ref (task), g_object_unref);
  if (cancellable != NULL)
    self->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (cancelled_cb), task, NULL);
  pit_monitor_hold (monitor);
  self->held = TRUE;
}

/**
 * pit_measurement_record_finish:
 * Returns: (transfer full): the measurement, or %NULL with @error
 */
PitMeasurement *
pit_measurement_record_finish (GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pit_measurement_record_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
