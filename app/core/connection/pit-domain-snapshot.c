/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-domain"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pit-domain-snapshot.h"
#include "pit-error.h"
#include "pit-libvirt-error.h"

/**
 * pit_domain_snapshot_fetch:
 * Blocking: call from a worker thread.  Reads the domain's state and its
 * current (live when running) XML.
 */
PitDomainSnapshot *
pit_domain_snapshot_fetch (virDomainPtr   domain,
                           GError       **error)
{
  g_autoptr(PitDomainSnapshot) self = g_new0 (PitDomainSnapshot, 1);
  char uuid[VIR_UUID_STRING_BUFLEN];
  int state = 0;
  int reason = 0;
  char *xml;

  if (virDomainGetUUIDString (domain, uuid) < 0)
    {
      pit_set_error_from_libvirt (error, _("Could not read the virtual machine"));
      return NULL;
    }
  self->uuid = g_strdup (uuid);

  if (virDomainGetState (domain, &state, &reason, 0) < 0)
    {
      pit_set_error_from_libvirt (error, _("Could not read the virtual machine’s state"));
      return NULL;
    }
  self->state = (PitDomainState) state;

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

void
pit_domain_snapshot_free (PitDomainSnapshot *self)
{
  if (self == NULL)
    return;
  g_free (self->uuid);
  g_free (self->xml);
  g_clear_pointer (&self->summary, pit_domain_summary_unref);
  g_free (self);
}
