/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-domain"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pit-domain-snapshot.h"
#include "pit-error.h"
#include "pit-libvirt-error.h"
#include "pit-libvirt-guard.h"

/**
 * pit_domain_snapshot_new_listed:
 * What a listing says: the UUID and name (the handle holds both, no round
 * trip) and @state; no XML yet (pit_domain_snapshot_fetch_details() reads it).
 */
PitDomainSnapshot *
pit_domain_snapshot_new_listed (virDomainPtr     domain,
                                PitDomainState   state,
                                GError         **error)
{
  g_autoptr(PitDomainSnapshot) self = g_new0 (PitDomainSnapshot, 1);
  char uuid[VIR_UUID_STRING_BUFLEN];
  const char *name;

  if (virDomainGetUUIDString (domain, uuid) < 0 || (name = virDomainGetName (domain)) == NULL)
    {
      pit_set_error_from_libvirt (error, _("Could not read the virtual machine"));
      return NULL;
    }
  self->uuid = g_strdup (uuid);
  self->name = g_strdup (name);
  self->state = state;

  return g_steal_pointer (&self);
}

/**
 * pit_domain_snapshot_fetch_details:
 * Blocking (one round trip on a remote connection): call from a worker
 * thread.  Reads the domain's current (live when running) XML; @state is
 * taken as it is.
 */
PitDomainSnapshot *
pit_domain_snapshot_fetch_details (virDomainPtr     domain,
                                   PitDomainState   state,
                                   GError         **error)
{
  g_autoptr(PitDomainSnapshot) self = pit_domain_snapshot_new_listed (domain, state, error);
  char *xml;

  if (self == NULL)
    return NULL;

  PIT_LIBVIRT_CALL_GUARD_DOMAIN (domain);
  xml = virDomainGetXMLDesc (domain, 0);
  if (xml == NULL)
    {
      pit_set_error_from_libvirt (error, _("Could not read the virtual machine’s configuration"));
      return NULL;
    }
  self->xml = g_strdup (xml);
  free (xml);

  self->summary = pit_domain_summary_new_from_xml (self->xml, error);
  if (self->summary == NULL)
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * pit_domain_snapshot_fetch:
 * Blocking (two round trips on a remote connection): call from a worker
 * thread.  Reads the domain's state and its current (live when running) XML.
 */
PitDomainSnapshot *
pit_domain_snapshot_fetch (virDomainPtr   domain,
                           GError       **error)
{
  int state = 0;
  int reason = 0;

  PIT_LIBVIRT_CALL_GUARD_DOMAIN (domain);
  if (virDomainGetState (domain, &state, &reason, 0) < 0)
    {
      pit_set_error_from_libvirt (error, _("Could not read the virtual machine’s state"));
      return NULL;
    }

  return pit_domain_snapshot_fetch_details (domain, (PitDomainState) state, error);
}

/**
 * pit_domain_snapshot_has_details:
 * Returns: whether the snapshot holds the XML (and its summary), not only
 *   what a listing says
 */
gboolean
pit_domain_snapshot_has_details (const PitDomainSnapshot *self)
{
  return self->xml != NULL && self->summary != NULL;
}

void
pit_domain_snapshot_free (PitDomainSnapshot *self)
{
  if (self == NULL)
    return;
  g_free (self->uuid);
  g_free (self->name);
  g_free (self->xml);
  g_clear_pointer (&self->summary, pit_domain_summary_unref);
  g_free (self);
}
