/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-monitor"

#include "config.h"

#include "pit-domain-monitor-private.h"
#include "pit-monitor-private.h"

/* The live statistics of one connection.  Each tick is one
 * PitMonitorFetch (one bulk stats call, per-domain calls only where the
 * driver lacks them) in a GTask thread; the results are applied in the main
 * thread: every PitDomainMonitor gets its sample, then one "tick" for all.
 * A tick that comes while the last one still runs is skipped, not queued.
 *
 * The monitor samples every :interval seconds while someone shows the
 * figures (pit_monitor_hold()), every :idle-interval seconds (0: not at all)
 * while nobody does, and not at all unless the connection is CONNECTED: a
 * lost connection stops it, the reconnect starts it again.
 *
 * pit_monitor_get_domains() mirrors the connection's domain list (same
 * order), one PitDomainMonitor per domain, running or not.  The ticks
 * themselves are in pit-monitor-tick.c. */

G_DEFINE_FINAL_TYPE (PitMonitor, pit_monitor, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CONNECTION,
  PROP_HISTORY_LENGTH,
  PROP_INTERVAL,
  PROP_IDLE_INTERVAL,
  PROP_EFFECTIVE_INTERVAL,
  PROP_SAMPLING,
  PROP_VIEWERS,
  PROP_TICKS,
  PROP_SKIPPED_TICKS,
  PROP_HOST_CPUS,
  N_PROPS
};

enum {
  TICK,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

gboolean
_pit_monitor_is_connected (PitMonitor *self)
{
  return pit_connection_get_status (self->connection) == PIT_CONNECTION_STATUS_CONNECTED
         && pit_connection_get_handle (self->connection) != NULL;
}

static void
reset_domains (PitMonitor *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->domains));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PitDomainMonitor) monitor = g_list_model_get_item (G_LIST_MODEL (self->domains), i);

      _pit_domain_monitor_reset (monitor);
    }
}

static void
status_changed_cb (PitMonitor *self)
{
  if (!_pit_monitor_is_connected (self))
    {
      /* results of a tick still running belong to the old connection */
      self->generation++;
      reset_domains (self);
    }
  _pit_monitor_update_timer (self);
}

/* Mirroring the connection's domains ---------------------------------------- */

static void
domains_changed_cb (PitMonitor *self,
                    guint       position,
                    guint       removed,
                    guint       added,
                    GListModel *domains)
{
  g_autoptr(GPtrArray) old = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) fresh = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < removed; i++)
    g_ptr_array_add (old, g_list_model_get_item (G_LIST_MODEL (self->domains), position + i));

  for (guint i = 0; i < added; i++)
    {
      g_autoptr(PitDomain) domain = g_list_model_get_item (domains, position + i);
      PitDomainMonitor *monitor = g_hash_table_lookup (self->by_domain, domain);

      /* a renamed domain moves: keep its history */
      if (monitor != NULL)
        g_ptr_array_add (fresh, g_object_ref (monitor));
      else
        g_ptr_array_add (fresh, _pit_domain_monitor_new (domain, pit_connection_get_uri (self->connection),
                                                         self->history_length));
    }

  for (guint i = 0; i < old->len; i++)
    {
      PitDomainMonitor *monitor = g_ptr_array_index (old, i);

      if (!g_ptr_array_find (fresh, monitor, NULL))
        g_hash_table_remove (self->by_domain, pit_domain_monitor_get_domain (monitor));
    }
  for (guint i = 0; i < fresh->len; i++)
    {
      PitDomainMonitor *monitor = g_ptr_array_index (fresh, i);

      g_hash_table_insert (self->by_domain, pit_domain_monitor_get_domain (monitor), monitor);
    }

  g_list_store_splice (self->domains, position, removed, fresh->pdata, fresh->len);
}

/* GObject ---------------------------------------------------------------- */

static void
pit_monitor_constructed (GObject *object)
{
  PitMonitor *self = (PitMonitor *) object;
  GListModel *domains = pit_connection_get_domains (self->connection);

  G_OBJECT_CLASS (pit_monitor_parent_class)->constructed (object);

  self->status_handler = g_signal_connect_object (self->connection, "notify::status",
                                                  G_CALLBACK (status_changed_cb), self,
                                                  G_CONNECT_SWAPPED);
  self->items_handler = g_signal_connect_object (domains, "items-changed",
                                                 G_CALLBACK (domains_changed_cb), self,
                                                 G_CONNECT_SWAPPED);
  domains_changed_cb (self, 0, 0, g_list_model_get_n_items (domains), domains);
  _pit_monitor_update_timer (self);
}

static void
pit_monitor_dispose (GObject *object)
{
  PitMonitor *self = (PitMonitor *) object;

  self->generation++;
  g_clear_handle_id (&self->timer, g_source_remove);
  if (self->connection != NULL)
    {
      g_clear_signal_handler (&self->status_handler, self->connection);
      g_clear_signal_handler (&self->items_handler, pit_connection_get_domains (self->connection));
    }
  g_hash_table_remove_all (self->by_domain);
  if (self->domains != NULL)
    g_list_store_remove_all (self->domains);
  g_clear_object (&self->connection);

  G_OBJECT_CLASS (pit_monitor_parent_class)->dispose (object);
}

static void
pit_monitor_finalize (GObject *object)
{
  PitMonitor *self = (PitMonitor *) object;

  g_clear_object (&self->domains);
  g_clear_pointer (&self->by_domain, g_hash_table_unref);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (pit_monitor_parent_class)->finalize (object);
}

static void
pit_monitor_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  PitMonitor *self = PIT_MONITOR (object);

  switch (prop_id)
    {
    case PROP_CONNECTION:
      g_value_set_object (value, self->connection);
      break;
    case PROP_HISTORY_LENGTH:
      g_value_set_uint (value, self->history_length);
      break;
    case PROP_INTERVAL:
      g_value_set_uint (value, self->interval);
      break;
    case PROP_IDLE_INTERVAL:
      g_value_set_uint (value, self->idle_interval);
      break;
    case PROP_EFFECTIVE_INTERVAL:
      g_value_set_uint (value, self->period);
      break;
    case PROP_SAMPLING:
      g_value_set_boolean (value, self->period > 0);
      break;
    case PROP_VIEWERS:
      g_value_set_uint (value, self->viewers);
      break;
    case PROP_TICKS:
      g_value_set_uint (value, self->n_ticks);
      break;
    case PROP_SKIPPED_TICKS:
      g_value_set_uint (value, self->n_skipped);
      break;
    case PROP_HOST_CPUS:
      g_value_set_uint (value, self->host_cpus);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pit_monitor_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  PitMonitor *self = PIT_MONITOR (object);

  switch (prop_id)
    {
    case PROP_CONNECTION:
      self->connection = g_value_dup_object (value);
      break;
    case PROP_HISTORY_LENGTH:
      self->history_length = g_value_get_uint (value);
      break;
    case PROP_INTERVAL:
      pit_monitor_set_interval (self, g_value_get_uint (value));
      break;
    case PROP_IDLE_INTERVAL:
      pit_monitor_set_idle_interval (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pit_monitor_class_init (PitMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = pit_monitor_constructed;
  object_class->dispose = pit_monitor_dispose;
  object_class->finalize = pit_monitor_finalize;
  object_class->get_property = pit_monitor_get_property;
  object_class->set_property = pit_monitor_set_property;

  properties[PROP_CONNECTION] =
    g_param_spec_object ("connection", NULL, NULL, PIT_TYPE_CONNECTION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HISTORY_LENGTH] =
    g_param_spec_uint ("history-length", NULL, NULL, 2, 24 * 3600, PIT_MONITOR_DEFAULT_HISTORY,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_INTERVAL] =
    g_param_spec_uint ("interval", NULL, NULL, PIT_MONITOR_MIN_INTERVAL, PIT_MONITOR_MAX_INTERVAL, 1,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_IDLE_INTERVAL] =
    g_param_spec_uint ("idle-interval", NULL, NULL, 0, 3600, PIT_MONITOR_MAX_INTERVAL,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_EFFECTIVE_INTERVAL] =
    g_param_spec_uint ("effective-interval", NULL, NULL, 0, 3600, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SAMPLING] =
    g_param_spec_boolean ("sampling", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_VIEWERS] =
    g_param_spec_uint ("viewers", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TICKS] =
    g_param_spec_uint ("ticks", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SKIPPED_TICKS] =
    g_param_spec_uint ("skipped-ticks", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HOST_CPUS] =
    g_param_spec_uint ("host-cpus", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * PitMonitor::tick:
   * A tick's samples were applied (in the main thread): the domain
   * monitors with new figures have a new pit_domain_monitor_get_n_updates().
   * One signal per tick, not one per domain: views read the figures of the
   * domains they show.
   */
  signals[TICK] =
    g_signal_new ("tick", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
pit_monitor_init (PitMonitor *self)
{
  self->domains = g_list_store_new (PIT_TYPE_DOMAIN_MONITOR);
  self->by_domain = g_hash_table_new (NULL, NULL);
  self->history_length = PIT_MONITOR_DEFAULT_HISTORY;
  self->interval = 1;
  self->idle_interval = PIT_MONITOR_MAX_INTERVAL;
}

/* API ------------------------------------------------------------------- */

/**
 * pit_monitor_new:
 * Starts sampling @connection's domains whenever it is connected, with the
 * default history (5 minutes at 1 s).
 */
PitMonitor *
pit_monitor_new (PitConnection *connection)
{
  return pit_monitor_new_full (connection, PIT_MONITOR_DEFAULT_HISTORY);
}

/**
 * pit_monitor_new_full:
 * @history_length: how many figures each history keeps
 */
PitMonitor *
pit_monitor_new_full (PitConnection *connection,
                      guint          history_length)
{
  g_return_val_if_fail (PIT_IS_CONNECTION (connection), NULL);

  return g_object_new (PIT_TYPE_MONITOR, "connection", connection,
                       "history-length", history_length, NULL);
}

/**
 * pit_monitor_get_connection:
 * Returns: (transfer none): the connection
 */
PitConnection *
pit_monitor_get_connection (PitMonitor *self)
{
  g_return_val_if_fail (PIT_IS_MONITOR (self), NULL);

  return self->connection;
}

/**
 * pit_monitor_get_domains:
 * Returns: (transfer none): a list model of #PitDomainMonitor, in the
 *   connection's order
 */
GListModel *
pit_monitor_get_domains (PitMonitor *self)
{
  g_return_val_if_fail (PIT_IS_MONITOR (self), NULL);

  return G_LIST_MODEL (self->domains);
}

/**
 * pit_monitor_find_domain:
 * Returns: (transfer none) (nullable): the monitor of the domain with that
 *   name or UUID
 */
PitDomainMonitor *
pit_monitor_find_domain (PitMonitor *self,
                         const char *name_or_uuid)
{
  PitDomain *domain;

  g_return_val_if_fail (PIT_IS_MONITOR (self), NULL);
  g_return_val_if_fail (name_or_uuid != NULL, NULL);

  domain = pit_connection_find_domain (self->connection, name_or_uuid);
  return domain ? g_hash_table_lookup (self->by_domain, domain) : NULL;
}

guint
pit_monitor_get_interval (PitMonitor *self)
{
  g_return_val_if_fail (PIT_IS_MONITOR (self), 0);

  return self->interval;
}

/**
 * pit_monitor_set_interval:
 * @seconds: between ticks while someone shows the figures, 1–10
 */
void
pit_monitor_set_interval (PitMonitor *self,
                          guint       seconds)
{
  g_return_if_fail (PIT_IS_MONITOR (self));
  g_return_if_fail (seconds >= PIT_MONITOR_MIN_INTERVAL && seconds <= PIT_MONITOR_MAX_INTERVAL);

  if (self->interval == seconds)
    return;
  self->interval = seconds;
  if (self->connection != NULL)
    _pit_monitor_update_timer (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INTERVAL]);
}

guint
pit_monitor_get_idle_interval (PitMonitor *self)
{
  g_return_val_if_fail (PIT_IS_MONITOR (self), 0);

  return self->idle_interval;
}

/**
 * pit_monitor_set_idle_interval:
 * @seconds: between ticks while nobody shows the figures; 0 stops
 *   sampling then
 */
void
pit_monitor_set_idle_interval (PitMonitor *self,
                               guint       seconds)
{
  g_return_if_fail (PIT_IS_MONITOR (self));

  if (self->idle_interval == seconds)
    return;
  self->idle_interval = seconds;
  if (self->connection != NULL)
    _pit_monitor_update_timer (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IDLE_INTERVAL]);
}

/**
 * pit_monitor_get_effective_interval:
 * Returns: the seconds between ticks right now; 0 when not sampling
 */
guint
pit_monitor_get_effective_interval (PitMonitor *self)
{
  g_return_val_if_fail (PIT_IS_MONITOR (self), 0);

  return self->period;
}

/**
 * pit_monitor_get_sampling:
 * Returns: whether ticks run (the connection is open and the interval for
 *   the current number of viewers is not 0)
 */
gboolean
pit_monitor_get_sampling (PitMonitor *self)
{
  g_return_val_if_fail (PIT_IS_MONITOR (self), FALSE);

  return self->period > 0;
}

/**
 * pit_monitor_hold:
 * Says that something shows the figures (a window, a page, the command
 * line): the monitor samples at :interval until every hold is released.
 */
void
pit_monitor_hold (PitMonitor *self)
{
  g_return_if_fail (PIT_IS_MONITOR (self));

  self->viewers++;
  _pit_monitor_update_timer (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VIEWERS]);
}

void
pit_monitor_release (PitMonitor *self)
{
  g_return_if_fail (PIT_IS_MONITOR (self));
  g_return_if_fail (self->viewers > 0);

  self->viewers--;
  _pit_monitor_update_timer (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VIEWERS]);
}

guint
pit_monitor_get_viewers (PitMonitor *self)
{
  g_return_val_if_fail (PIT_IS_MONITOR (self), 0);

  return self->viewers;
}

/**
 * pit_monitor_get_ticks:
 * Returns: how many ticks brought samples
 */
guint
pit_monitor_get_ticks (PitMonitor *self)
{
  g_return_val_if_fail (PIT_IS_MONITOR (self), 0);

  return self->n_ticks;
}

/**
 * pit_monitor_get_skipped_ticks:
 * Returns: how many ticks were skipped because the one before still ran
 */
guint
pit_monitor_get_skipped_ticks (PitMonitor *self)
{
  g_return_val_if_fail (PIT_IS_MONITOR (self), 0);

  return self->n_skipped;
}

/**
 * pit_monitor_get_host_cpus:
 * Returns: the host's logical CPUs, 0 until the first tick
 */
guint
pit_monitor_get_host_cpus (PitMonitor *self)
{
  g_return_val_if_fail (PIT_IS_MONITOR (self), 0);

  return self->host_cpus;
}

/**
 * pit_monitor_get_uses_fallback:
 * Returns: whether the last tick needed per-domain calls (the driver has
 *   no bulk statistics, e.g. libvirt's test driver)
 */
gboolean
pit_monitor_get_uses_fallback (PitMonitor *self)
{
  g_return_val_if_fail (PIT_IS_MONITOR (self), FALSE);

  return self->uses_fallback;
}

/**
 * pit_monitor_get_error:
 * Returns: (nullable): why the last tick failed, %NULL when it worked
 */
const GError *
pit_monitor_get_error (PitMonitor *self)
{
  g_return_val_if_fail (PIT_IS_MONITOR (self), NULL);

  return self->error;
}
