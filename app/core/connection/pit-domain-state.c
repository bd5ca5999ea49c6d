/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-domain"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pit-domain-state.h"

/**
 * pit_domain_state_to_string:
 * Returns: the translated state as a user reads it ("Running", "Shut off").
 */
const char *
pit_domain_state_to_string (PitDomainState state)
{
  switch (state)
    {
    case PIT_DOMAIN_STATE_RUNNING:
    case PIT_DOMAIN_STATE_BLOCKED:
      return _("Running");
    case PIT_DOMAIN_STATE_PAUSED:
      return _("Paused");
    case PIT_DOMAIN_STATE_SHUTDOWN:
      return _("Shutting down");
    case PIT_DOMAIN_STATE_SHUTOFF:
      return _("Shut off");
    case PIT_DOMAIN_STATE_CRASHED:
      return _("Crashed");
    case PIT_DOMAIN_STATE_PMSUSPENDED:
      return _("Suspended");
    case PIT_DOMAIN_STATE_NOSTATE:
    default:
      return _("Unknown");
    }
}

/**
 * pit_domain_state_to_id:
 * Returns: a stable, untranslated identifier for machine-readable output.
 */
const char *
pit_domain_state_to_id (PitDomainState state)
{
  switch (state)
    {
    case PIT_DOMAIN_STATE_RUNNING:
      return "running";
    case PIT_DOMAIN_STATE_BLOCKED:
      return "blocked";
    case PIT_DOMAIN_STATE_PAUSED:
      return "paused";
    case PIT_DOMAIN_STATE_SHUTDOWN:
      return "shutdown";
    case PIT_DOMAIN_STATE_SHUTOFF:
      return "shutoff";
    case PIT_DOMAIN_STATE_CRASHED:
      return "crashed";
    case PIT_DOMAIN_STATE_PMSUSPENDED:
      return "pmsuspended";
    case PIT_DOMAIN_STATE_NOSTATE:
    default:
      return "unknown";
    }
}

gboolean
pit_domain_state_is_active (PitDomainState state)
{
  return state != PIT_DOMAIN_STATE_SHUTOFF && state != PIT_DOMAIN_STATE_NOSTATE
         && state != PIT_DOMAIN_STATE_CRASHED;
}
