/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-domain"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pit-domain-state.h"

G_DEFINE_ENUM_TYPE (PitDomainState, pit_domain_state,
  G_DEFINE_ENUM_VALUE (PIT_DOMAIN_STATE_NOSTATE, "unknown"),
  G_DEFINE_ENUM_VALUE (PIT_DOMAIN_STATE_RUNNING, "running"),
  G_DEFINE_ENUM_VALUE (PIT_DOMAIN_STATE_BLOCKED, "blocked"),
  G_DEFINE_ENUM_VALUE (PIT_DOMAIN_STATE_PAUSED, "paused"),
  G_DEFINE_ENUM_VALUE (PIT_DOMAIN_STATE_SHUTDOWN, "shutdown"),
  G_DEFINE_ENUM_VALUE (PIT_DOMAIN_STATE_SHUTOFF, "shutoff"),
  G_DEFINE_ENUM_VALUE (PIT_DOMAIN_STATE_CRASHED, "crashed"),
  G_DEFINE_ENUM_VALUE (PIT_DOMAIN_STATE_PMSUSPENDED, "pmsuspended"))

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
 * Returns: a stable, untranslated identifier for machine-readable output
 *   (the enum value's nick; "unknown" for a value libvirt added since)
 */
const char *
pit_domain_state_to_id (PitDomainState state)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (PIT_TYPE_DOMAIN_STATE);
  GEnumValue *value = g_enum_get_value (klass, state);

  /* the nicks are static strings: they outlive the class reference */
  return value != NULL ? value->value_nick : "unknown";
}

gboolean
pit_domain_state_is_active (PitDomainState state)
{
  return state != PIT_DOMAIN_STATE_SHUTOFF && state != PIT_DOMAIN_STATE_NOSTATE
         && state != PIT_DOMAIN_STATE_CRASHED;
}
