/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-monitor"

#include "config.h"

#include "pit-domain-monitor-private.h"
#include "pit-monitor-private.h"

/* PitMonitor's ticks: the timer, the worker thread, and applying a tick's
 * samples in the main thread. */

typedef struct
{
  PitMonitorFetch *fetch;
  guint generation;
} TickData;

static void
tick_data_free (TickData *data)
{
  pit_monitor_fetch_free (data->fetch);
  g_free (data);
}

static void
weak_ref_free (gpointer data)
{
  g_weak_ref_clear (data);
  g_free (data);
}

static void
fetch_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  TickData *data = task_data;
  GError *error = NULL;

  if (pit_monitor_fetch_run (data->fetch, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
apply_samples (PitMonitor      *self,
               PitMonitorFetch *fetch)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);
  guint n;

  for (guint i = 0; i < fetch->samples->len; i++)
    {
      PitMonitorSample *sample = g_ptr_array_index (fetch->samples, i);
      PitDomain *domain = sample->uuid ? pit_connection_find_domain (self->connection, sample->uuid) : NULL;
      PitDomainMonitor *monitor = domain ? g_hash_table_lookup (self->by_domain, domain) : NULL;

      /* a domain the connection has not listed yet: next tick; one that
       * stopped while this tick ran: no stale figures */
      if (monitor == NULL || !pit_domain_state_is_active (pit_domain_get_state (domain)))
        continue;
      g_hash_table_add (seen, monitor);
      fetch->samples->pdata[i] = NULL;
      _pit_domain_monitor_push (monitor, sample, self->host_cpus);
    }

  /* not active any more */
  n = g_list_model_get_n_items (G_LIST_MODEL (self->domains));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PitDomainMonitor) monitor = g_list_model_get_item (G_LIST_MODEL (self->domains), i);

      if (!g_hash_table_contains (seen, monitor))
        _pit_domain_monitor_reset (monitor);
    }
}

static void
fetch_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(PitMonitor) self = g_weak_ref_get (user_data);
  TickData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  gboolean ok = g_task_propagate_boolean (G_TASK (result), &error);

  if (self == NULL)
    return;

  self->in_flight = FALSE;
  if (data->generation != self->generation)
    return; /* the connection went away meanwhile */

  if (!ok)
    {
      g_debug ("%s: %s", pit_connection_get_uri (self->connection), error->message);
      g_clear_error (&self->error);
      self->error = g_steal_pointer (&error);
      return;
    }
  g_clear_error (&self->error);

  self->bulk = data->fetch->bulk;
  self->uses_fallback = data->fetch->n_fallback > 0;
  if (self->host_cpus != data->fetch->host_cpus)
    {
      self->host_cpus = data->fetch->host_cpus;
      g_object_notify (G_OBJECT (self), "host-cpus");
    }

  apply_samples (self, data->fetch);

  self->n_ticks++;
  g_object_notify (G_OBJECT (self), "ticks");
  g_signal_emit_by_name (self, "tick");
}

static void
add_summaries (PitMonitor      *self,
               PitMonitorFetch *fetch)
{
  GListModel *domains = pit_connection_get_domains (self->connection);
  guint n = g_list_model_get_n_items (domains);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PitDomain) domain = g_list_model_get_item (domains, i);
      PitDomainSummary *summary = pit_domain_get_summary (domain);

      if (summary != NULL && pit_domain_state_is_active (pit_domain_get_state (domain)))
        g_hash_table_insert (fetch->summaries, g_strdup (pit_domain_get_uuid (domain)),
                             pit_domain_summary_ref (summary));
    }
}

/**
 * pit_monitor_sample_now:
 * Starts a tick at once (the timer does this by itself).
 * Returns: %FALSE when it was skipped: the last tick still runs, or the
 *   connection is not open
 */
gboolean
pit_monitor_sample_now (PitMonitor *self)
{
  g_autoptr(GTask) task = NULL;
  TickData *data;
  GWeakRef *ref;

  g_return_val_if_fail (PIT_IS_MONITOR (self), FALSE);

  if (!_pit_monitor_is_connected (self))
    return FALSE;
  if (self->in_flight)
    {
      self->n_skipped++;
      g_debug ("%s: the last tick still runs, skipping this one", pit_connection_get_uri (self->connection));
      g_object_notify (G_OBJECT (self), "skipped-ticks");
      return FALSE;
    }

  data = g_new0 (TickData, 1);
  data->generation = self->generation;
  data->fetch = pit_monitor_fetch_new (pit_connection_get_handle (self->connection));
  data->fetch->bulk = self->bulk;
  data->fetch->host_cpus = self->host_cpus;
  add_summaries (self, data->fetch);

  ref = g_new0 (GWeakRef, 1);
  g_weak_ref_init (ref, self);

  /* no source object: a closed window does not wait for the worker */
  task = g_task_new (NULL, NULL, fetch_done_cb, ref);
  g_task_set_source_tag (task, pit_monitor_sample_now);
  g_task_set_task_data (task, data, (GDestroyNotify) tick_data_free);
  /* the weak ref lives as long as the task */
  g_object_set_data_full (G_OBJECT (task), "pit-monitor-ref", ref, weak_ref_free);
  self->in_flight = TRUE;
  self->last_start = g_get_monotonic_time ();
  g_task_run_in_thread (task, fetch_thread);

  return TRUE;
}

static gboolean
timer_cb (gpointer user_data)
{
  PitMonitor *self = user_data;

  /* second-granular timers may fire early right after a manual tick */
  if (g_get_monotonic_time () - self->last_start >= (gint64) self->period * G_USEC_PER_SEC / 2)
    pit_monitor_sample_now (self);

  return G_SOURCE_CONTINUE;
}

void
_pit_monitor_update_timer (PitMonitor *self)
{
  gboolean was_sampling = self->period > 0;
  guint period = 0;

  if (_pit_monitor_is_connected (self))
    period = self->viewers > 0 ? self->interval : self->idle_interval;
  if (period == self->period)
    return;

  g_clear_handle_id (&self->timer, g_source_remove);
  self->period = period;
  if (period > 0)
    self->timer = g_timeout_add_seconds (period, timer_cb, self);

  g_object_notify (G_OBJECT (self), "effective-interval");
  if (was_sampling != (period > 0))
    g_object_notify (G_OBJECT (self), "sampling");

  /* a first sample at once, so figures come after one interval */
  if (period > 0 && !was_sampling)
    pit_monitor_sample_now (self);
}

