/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pit-window.h"

G_BEGIN_DECLS

void     pit_window_capture_setup (PitWindow  *window,
                                   gint64      start_time);
gboolean pit_window_capture_png   (GtkWidget  *widget,
                                   const char *path,
                                   GError    **error);

G_END_DECLS
