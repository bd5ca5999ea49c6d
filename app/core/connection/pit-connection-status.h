/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* A connection's life; the nicks ("connecting", …) are its ids. */
typedef enum
{
  PIT_CONNECTION_STATUS_DISCONNECTED,
  PIT_CONNECTION_STATUS_CONNECTING,
  PIT_CONNECTION_STATUS_CONNECTED,
  PIT_CONNECTION_STATUS_FAILED,
  PIT_CONNECTION_STATUS_LOST,
} PitConnectionStatus;

#define PIT_TYPE_CONNECTION_STATUS (pit_connection_status_get_type ())

GType       pit_connection_status_get_type (void) G_GNUC_CONST;
const char *pit_connection_status_to_id    (PitConnectionStatus status);

G_END_DECLS
