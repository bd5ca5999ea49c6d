/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "pit-connection.h"
#include "pit-monitor.h"

G_BEGIN_DECLS

#define PIT_TYPE_WINDOW (pit_window_get_type ())

G_DECLARE_FINAL_TYPE (PitWindow, pit_window, PIT, WINDOW, AdwApplicationWindow)

PitWindow     *pit_window_new             (GtkApplication *application);
void           pit_window_open_uri        (PitWindow      *self,
                                           const char     *uri);
PitConnection *pit_window_get_connection  (PitWindow      *self);
gint64         pit_window_get_listed_time (PitWindow      *self);
gboolean       pit_window_select_domain   (PitWindow      *self,
                                           const char     *name_or_uuid);
void           pit_window_show_view       (PitWindow      *self,
                                           const char     *view);
GtkWindow     *pit_window_open_wizard     (PitWindow      *self,
                                           const char     *page);
void           pit_window_add_overview_host (PitWindow    *self,
                                           const char     *uri);
PitMonitor    *pit_window_get_monitor     (PitWindow      *self);
GtkWidget     *pit_window_get_domain_list (PitWindow      *self);

G_END_DECLS
