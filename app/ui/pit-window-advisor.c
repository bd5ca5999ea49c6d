/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-ui"

#include "config.h"

#include "pit-advisor.h"
#include "pit-domain-page.h"
#include "pit-window-private.h"

/* The window's advisor: reads the host once per connection, then checks every
 * VM in a worker thread and again whenever its XML changes; the badge in the
 * list and the findings on the VM's page follow. */

/* The advisor ------------------------------------------------------------ */

static void
advisor_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(PitDomain) domain = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(PitAdvisorReport) report = pit_advisor_check_domain_finish (result, &error);
  PitWindow *self = g_object_get_data (G_OBJECT (domain), "pit-window");

  if (report == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("The advisor could not check %s: %s", pit_domain_get_name (domain), error->message);
      return;
    }
  pit_domain_set_n_findings (domain, pit_advisor_report_get_n_findings (report));
  if (self == NULL || self->reports == NULL)
    return;
  g_hash_table_replace (self->reports, g_strdup (pit_domain_get_uuid (domain)), g_object_ref (report));
  if (_pit_window_get_shown_domain (self) == domain)
    pit_domain_page_set_report (self->domain_page, report);
}

/* checks @domain in a worker thread; its badge and page follow */
static void
run_advisor (PitWindow *self,
             PitDomain *domain)
{
  if (self->connection == NULL || pit_connection_get_handle (self->connection) == NULL)
    return;
  /* listed, its XML still on the way: checked when "xml" says it came */
  if (!pit_domain_has_details (domain))
    return;
  g_object_set_data (G_OBJECT (domain), "pit-window", self);
  pit_advisor_check_domain_async (self->connection, domain, self->host, self->cancellable, advisor_done_cb,
                                  g_object_ref (domain));
}

static void
domain_xml_changed_cb (PitDomain  *domain,
                       GParamSpec *pspec,
                       PitWindow  *self)
{
  run_advisor (self, domain);
}

/**
 * _pit_window_watch_domains:
 * Checks the domains at @position … @position + @added now and whenever
 * their XML changes.
 */
void
_pit_window_watch_domains (PitWindow *self,
               guint      position,
               guint      added)
{
  GListModel *domains = pit_connection_get_domains (self->connection);

  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(PitDomain) domain = g_list_model_get_item (domains, i);

      if (g_object_get_data (G_OBJECT (domain), "pit-watched") != NULL)
        continue;
      g_object_set_data (G_OBJECT (domain), "pit-watched", GINT_TO_POINTER (1));
      g_signal_connect_object (domain, "notify::xml", G_CALLBACK (domain_xml_changed_cb), self, 0);
      run_advisor (self, domain);
    }
}

static void
host_read_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GWeakRef *ref = user_data;
  g_autoptr(PitWindow) self = g_weak_ref_get (ref);
  g_autoptr(GError) error = NULL;
  PitHostInventory *host = pit_host_inventory_for_connection_finish (result, &error);

  g_weak_ref_clear (ref);
  g_free (ref);
  if (self == NULL)
    {
      g_clear_pointer (&host, pit_host_inventory_unref);
      return;
    }

  if (host == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* the advisor still checks what the XML alone says */
      g_debug ("No host facts: %s", error->message);
    }
  g_clear_pointer (&self->host, pit_host_inventory_unref);
  self->host = host;
  self->host_read = TRUE;
  if (self->connection != NULL)
    _pit_window_watch_domains (self, 0, g_list_model_get_n_items (pit_connection_get_domains (self->connection)));
}

/**
 * _pit_window_read_host:
 * Reads the connection's host facts in a worker thread; the advisor checks
 * every VM once they are there.
 */
void
_pit_window_read_host (PitWindow *self)
{
  /* weak: a slow remote read must not keep a closed window alive */
  GWeakRef *ref = g_new0 (GWeakRef, 1);

  g_weak_ref_init (ref, self);
  pit_host_inventory_for_connection_async (self->connection, NULL, self->cancellable, host_read_cb, ref);
}
