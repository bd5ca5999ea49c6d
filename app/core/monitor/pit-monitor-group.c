/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-monitor"

#include "config.h"

#include "pit-monitor-group.h"

/* Several connections in one overview: a GListModel of every
 * PitDomainMonitor of every PitMonitor added, monitor after monitor.  The
 * interval and the viewers are passed on to every monitor (also to those
 * added later); "tick" is re-emitted with the monitor that ticked. */

struct _PitMonitorGroup
{
  GObject parent_instance;

  GListStore *monitors;
  guint interval;
  guint viewers;
};

static void pit_monitor_group_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PitMonitorGroup, pit_monitor_group, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, pit_monitor_group_list_model_init))

enum {
  TICK,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static GType
get_item_type (GListModel *model)
{
  return PIT_TYPE_DOMAIN_MONITOR;
}

static guint
get_n_items (GListModel *model)
{
  PitMonitorGroup *self = PIT_MONITOR_GROUP (model);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->monitors));
  guint total = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PitMonitor) monitor = g_list_model_get_item (G_LIST_MODEL (self->monitors), i);

      total += g_list_model_get_n_items (pit_monitor_get_domains (monitor));
    }
  return total;
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  PitMonitorGroup *self = PIT_MONITOR_GROUP (model);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->monitors));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PitMonitor) monitor = g_list_model_get_item (G_LIST_MODEL (self->monitors), i);
      GListModel *domains = pit_monitor_get_domains (monitor);
      guint count = g_list_model_get_n_items (domains);

      if (position < count)
        return g_list_model_get_item (domains, position);
      position -= count;
    }
  return NULL;
}

static void
pit_monitor_group_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

/* the position of @monitor's first domain in the flat list */
static gboolean
find_offset (PitMonitorGroup *self,
             PitMonitor      *monitor,
             guint           *offset,
             guint           *index)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->monitors));

  *offset = 0;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PitMonitor) item = g_list_model_get_item (G_LIST_MODEL (self->monitors), i);

      if (item == monitor)
        {
          if (index != NULL)
            *index = i;
          return TRUE;
        }
      *offset += g_list_model_get_n_items (pit_monitor_get_domains (item));
    }
  return FALSE;
}

static void
domains_changed_cb (GListModel      *domains,
                    guint            position,
                    guint            removed,
                    guint            added,
                    PitMonitorGroup *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->monitors));
  guint offset = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PitMonitor) monitor = g_list_model_get_item (G_LIST_MODEL (self->monitors), i);
      GListModel *list = pit_monitor_get_domains (monitor);

      if (list == domains)
        {
          g_list_model_items_changed (G_LIST_MODEL (self), offset + position, removed, added);
          return;
        }
      /* the other lists have not changed: their sizes are current */
      offset += g_list_model_get_n_items (list);
    }
}

static void
tick_cb (PitMonitor      *monitor,
         PitMonitorGroup *self)
{
  g_signal_emit (self, signals[TICK], 0, monitor);
}

/**
 * pit_monitor_group_add:
 * Adds @monitor's domains to the list; it gets the group's interval and
 * viewers.
 */
void
pit_monitor_group_add (PitMonitorGroup *self,
                       PitMonitor      *monitor)
{
  GListModel *domains;
  guint offset;

  g_return_if_fail (PIT_IS_MONITOR_GROUP (self));
  g_return_if_fail (PIT_IS_MONITOR (monitor));

  if (find_offset (self, monitor, &offset, NULL))
    return;

  domains = pit_monitor_get_domains (monitor);
  offset = get_n_items (G_LIST_MODEL (self));
  g_list_store_append (self->monitors, monitor);

  g_signal_connect_object (domains, "items-changed", G_CALLBACK (domains_changed_cb), self, 0);
  g_signal_connect_object (monitor, "tick", G_CALLBACK (tick_cb), self, 0);
  if (self->interval > 0)
    pit_monitor_set_interval (monitor, self->interval);
  for (guint i = 0; i < self->viewers; i++)
    pit_monitor_hold (monitor);

  g_list_model_items_changed (G_LIST_MODEL (self), offset, 0, g_list_model_get_n_items (domains));
}

void
pit_monitor_group_remove (PitMonitorGroup *self,
                          PitMonitor      *monitor)
{
  g_autoptr(PitMonitor) keep = NULL;
  guint offset, index;
  guint n;

  g_return_if_fail (PIT_IS_MONITOR_GROUP (self));
  g_return_if_fail (PIT_IS_MONITOR (monitor));

  if (!find_offset (self, monitor, &offset, &index))
    return;

  keep = g_object_ref (monitor);
  g_signal_handlers_disconnect_by_data (pit_monitor_get_domains (monitor), self);
  g_signal_handlers_disconnect_by_data (monitor, self);
  for (guint i = 0; i < self->viewers; i++)
    pit_monitor_release (monitor);
  n = g_list_model_get_n_items (pit_monitor_get_domains (monitor));
  g_list_store_remove (self->monitors, index);

  g_list_model_items_changed (G_LIST_MODEL (self), offset, n, 0);
}

/**
 * pit_monitor_group_get_monitors:
 * Returns: (transfer none): a list model of #PitMonitor
 */
GListModel *
pit_monitor_group_get_monitors (PitMonitorGroup *self)
{
  g_return_val_if_fail (PIT_IS_MONITOR_GROUP (self), NULL);

  return G_LIST_MODEL (self->monitors);
}

/**
 * pit_monitor_group_find_domain:
 * @uri: (nullable): the connection's URI, or %NULL for any
 * Returns: (transfer none) (nullable): the first matching domain monitor
 */
PitDomainMonitor *
pit_monitor_group_find_domain (PitMonitorGroup *self,
                               const char      *uri,
                               const char      *name_or_uuid)
{
  guint n;

  g_return_val_if_fail (PIT_IS_MONITOR_GROUP (self), NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->monitors));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PitMonitor) monitor = g_list_model_get_item (G_LIST_MODEL (self->monitors), i);
      PitDomainMonitor *found;

      if (uri != NULL && g_strcmp0 (pit_connection_get_uri (pit_monitor_get_connection (monitor)), uri) != 0)
        continue;
      found = pit_monitor_find_domain (monitor, name_or_uuid);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/**
 * pit_monitor_group_set_interval:
 * Sets every monitor's interval (1–10 s), now and for monitors added later.
 */
void
pit_monitor_group_set_interval (PitMonitorGroup *self,
                                guint            seconds)
{
  guint n;

  g_return_if_fail (PIT_IS_MONITOR_GROUP (self));
  g_return_if_fail (seconds >= PIT_MONITOR_MIN_INTERVAL && seconds <= PIT_MONITOR_MAX_INTERVAL);

  self->interval = seconds;
  n = g_list_model_get_n_items (G_LIST_MODEL (self->monitors));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PitMonitor) monitor = g_list_model_get_item (G_LIST_MODEL (self->monitors), i);

      pit_monitor_set_interval (monitor, seconds);
    }
}

/**
 * pit_monitor_group_hold:
 * pit_monitor_hold() on every monitor, now and for those added later.
 */
void
pit_monitor_group_hold (PitMonitorGroup *self)
{
  guint n;

  g_return_if_fail (PIT_IS_MONITOR_GROUP (self));

  self->viewers++;
  n = g_list_model_get_n_items (G_LIST_MODEL (self->monitors));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PitMonitor) monitor = g_list_model_get_item (G_LIST_MODEL (self->monitors), i);

      pit_monitor_hold (monitor);
    }
}

void
pit_monitor_group_release (PitMonitorGroup *self)
{
  guint n;

  g_return_if_fail (PIT_IS_MONITOR_GROUP (self));
  g_return_if_fail (self->viewers > 0);

  self->viewers--;
  n = g_list_model_get_n_items (G_LIST_MODEL (self->monitors));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PitMonitor) monitor = g_list_model_get_item (G_LIST_MODEL (self->monitors), i);

      pit_monitor_release (monitor);
    }
}

/**
 * pit_monitor_group_count_running:
 * Returns: how many domains of all connections have figures right now
 */
guint
pit_monitor_group_count_running (PitMonitorGroup *self)
{
  guint n, count = 0;

  g_return_val_if_fail (PIT_IS_MONITOR_GROUP (self), 0);

  n = get_n_items (G_LIST_MODEL (self));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PitDomainMonitor) domain = get_item (G_LIST_MODEL (self), i);

      if (pit_domain_monitor_get_rates (domain) != NULL)
        count++;
    }
  return count;
}

static void
pit_monitor_group_dispose (GObject *object)
{
  PitMonitorGroup *self = (PitMonitorGroup *) object;

  while (self->monitors != NULL && g_list_model_get_n_items (G_LIST_MODEL (self->monitors)) > 0)
    {
      g_autoptr(PitMonitor) monitor = g_list_model_get_item (G_LIST_MODEL (self->monitors), 0);

      pit_monitor_group_remove (self, monitor);
    }
  g_clear_object (&self->monitors);

  G_OBJECT_CLASS (pit_monitor_group_parent_class)->dispose (object);
}

static void
pit_monitor_group_class_init (PitMonitorGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pit_monitor_group_dispose;

  /**
   * PitMonitorGroup::tick:
   * @monitor: the #PitMonitor that ticked
   */
  signals[TICK] =
    g_signal_new ("tick", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, PIT_TYPE_MONITOR);
}

static void
pit_monitor_group_init (PitMonitorGroup *self)
{
  self->monitors = g_list_store_new (PIT_TYPE_MONITOR);
}

PitMonitorGroup *
pit_monitor_group_new (void)
{
  return g_object_new (PIT_TYPE_MONITOR_GROUP, NULL);
}
