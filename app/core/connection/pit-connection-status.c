/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-connection"

#include "config.h"

#include "pit-connection-status.h"

G_DEFINE_ENUM_TYPE (PitConnectionStatus, pit_connection_status,
  G_DEFINE_ENUM_VALUE (PIT_CONNECTION_STATUS_DISCONNECTED, "disconnected"),
  G_DEFINE_ENUM_VALUE (PIT_CONNECTION_STATUS_CONNECTING, "connecting"),
  G_DEFINE_ENUM_VALUE (PIT_CONNECTION_STATUS_CONNECTED, "connected"),
  G_DEFINE_ENUM_VALUE (PIT_CONNECTION_STATUS_FAILED, "failed"),
  G_DEFINE_ENUM_VALUE (PIT_CONNECTION_STATUS_LOST, "lost"))

/**
 * pit_connection_status_to_id:
 * Returns: the status's stable, untranslated id (the enum value's nick)
 */
const char *
pit_connection_status_to_id (PitConnectionStatus status)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (PIT_TYPE_CONNECTION_STATUS);
  GEnumValue *value = g_enum_get_value (klass, status);

  /* the nicks are static strings: they outlive the class reference */
  return value != NULL ? value->value_nick : NULL;
}
