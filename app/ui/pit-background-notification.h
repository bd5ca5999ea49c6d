/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

gboolean pit_background_notification_send (GtkWidget  *widget,
                                           const char *id,
                                           const char *title,
                                           const char *body);

G_END_DECLS
