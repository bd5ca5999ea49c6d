/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "pit-test-notification-server.h"

static const char introspection[] =
  "<node>"
  "  <interface name='org.gtk.Notifications'>"
  "    <method name='AddNotification'>"
  "      <arg type='s' direction='in'/><arg type='s' direction='in'/><arg type='a{sv}' direction='in'/>"
  "    </method>"
  "    <method name='RemoveNotification'>"
  "      <arg type='s' direction='in'/><arg type='s' direction='in'/>"
  "    </method>"
  "  </interface>"
  "</node>";

struct _PitTestNotificationServer
{
  GDBusConnection *bus;
  guint owner_id;
  guint object_id;
  gboolean owned;
  guint added;
  guint removed;
  char *id;
  char *title;
  char *body;
};

static void
method_call_cb (GDBusConnection       *connection,
                const char            *sender,
                const char            *path,
                const char            *interface,
                const char            *method,
                GVariant              *parameters,
                GDBusMethodInvocation *invocation,
                gpointer               user_data)
{
  PitTestNotificationServer *self = user_data;

  if (g_str_equal (method, "AddNotification"))
    {
      g_autoptr(GVariant) notification = NULL;
      const char *app_id, *id;

      g_variant_get (parameters, "(&s&s@a{sv})", &app_id, &id, &notification);
      g_free (self->id);
      self->id = g_strdup (id);
      g_clear_pointer (&self->title, g_free);
      g_clear_pointer (&self->body, g_free);
      g_variant_lookup (notification, "title", "s", &self->title);
      g_variant_lookup (notification, "body", "s", &self->body);
      self->added++;
    }
  else
    self->removed++;
  g_dbus_method_invocation_return_value (invocation, NULL);
}

static void
name_acquired_cb (GDBusConnection *connection,
                  const char      *name,
                  gpointer         user_data)
{
  PitTestNotificationServer *self = user_data;

  self->owned = TRUE;
}

PitTestNotificationServer *
pit_test_notification_server_new (GError **error)
{
  static const GDBusInterfaceVTable vtable = { method_call_cb, NULL, NULL, { 0 } };
  g_autoptr(GDBusNodeInfo) info = g_dbus_node_info_new_for_xml (introspection, error);
  g_autoptr(PitTestNotificationServer) self = g_new0 (PitTestNotificationServer, 1);
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  if (info == NULL)
    return NULL;
  self->bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, error);
  if (self->bus == NULL)
    return NULL;
  self->object_id = g_dbus_connection_register_object (self->bus, "/org/gtk/Notifications", info->interfaces[0],
                                                       &vtable, self, NULL, error);
  if (self->object_id == 0)
    return NULL;
  self->owner_id = g_bus_own_name_on_connection (self->bus, "org.gtk.Notifications", G_BUS_NAME_OWNER_FLAGS_NONE,
                                                 name_acquired_cb, NULL, self, NULL);
  while (!self->owned && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  if (!self->owned)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT, "could not own org.gtk.Notifications");
      return NULL;
    }
  return g_steal_pointer (&self);
}

void
pit_test_notification_server_free (PitTestNotificationServer *self)
{
  if (self == NULL)
    return;
  if (self->owner_id != 0)
    g_bus_unown_name (self->owner_id);
  if (self->object_id != 0)
    g_dbus_connection_unregister_object (self->bus, self->object_id);
  g_clear_object (&self->bus);
  g_free (self->id);
  g_free (self->title);
  g_free (self->body);
  g_free (self);
}

guint
pit_test_notification_server_added (PitTestNotificationServer *self)
{
  return self->added;
}

guint
pit_test_notification_server_removed (PitTestNotificationServer *self)
{
  return self->removed;
}

const char *
pit_test_notification_server_id (PitTestNotificationServer *self)
{
  return self->id;
}

const char *
pit_test_notification_server_title (PitTestNotificationServer *self)
{
  return self->title;
}

const char *
pit_test_notification_server_body (PitTestNotificationServer *self)
{
  return self->body;
}
