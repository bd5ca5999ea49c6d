/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The desktop's side of GNotification in a test: owns org.gtk.Notifications
 * on the session bus (GLib's "gtk" backend talks to it) and records what
 * the application sends. */
typedef struct _PitTestNotificationServer PitTestNotificationServer;

PitTestNotificationServer *pit_test_notification_server_new      (GError                    **error);
void                       pit_test_notification_server_free     (PitTestNotificationServer  *self);
guint                      pit_test_notification_server_added    (PitTestNotificationServer  *self);
guint                      pit_test_notification_server_removed  (PitTestNotificationServer  *self);
const char                *pit_test_notification_server_id       (PitTestNotificationServer  *self);
const char                *pit_test_notification_server_title    (PitTestNotificationServer  *self);
const char                *pit_test_notification_server_body     (PitTestNotificationServer  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PitTestNotificationServer, pit_test_notification_server_free)

G_END_DECLS
