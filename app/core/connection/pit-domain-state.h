/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* Mirrors virDomainState so values can be passed through unchanged; the
 * nicks ("running", "shutoff", …) are the ids of machine-readable output. */
typedef enum
{
  PIT_DOMAIN_STATE_NOSTATE = 0,
  PIT_DOMAIN_STATE_RUNNING = 1,
  PIT_DOMAIN_STATE_BLOCKED = 2,
  PIT_DOMAIN_STATE_PAUSED = 3,
  PIT_DOMAIN_STATE_SHUTDOWN = 4,
  PIT_DOMAIN_STATE_SHUTOFF = 5,
  PIT_DOMAIN_STATE_CRASHED = 6,
  PIT_DOMAIN_STATE_PMSUSPENDED = 7,
} PitDomainState;

#define PIT_TYPE_DOMAIN_STATE (pit_domain_state_get_type ())

GType       pit_domain_state_get_type  (void) G_GNUC_CONST;
const char *pit_domain_state_to_string (PitDomainState state);
const char *pit_domain_state_to_id     (PitDomainState state);
gboolean    pit_domain_state_is_active (PitDomainState state);

G_END_DECLS
