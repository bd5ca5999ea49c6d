/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Mirrors virDomainState so values can be passed through unchanged. */
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

const char *pit_domain_state_to_string (PitDomainState state);
const char *pit_domain_state_to_id     (PitDomainState state);
gboolean    pit_domain_state_is_active (PitDomainState state);

G_END_DECLS
