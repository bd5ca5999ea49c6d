/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "pit-domain-monitor.h"

G_BEGIN_DECLS

#define PIT_TYPE_OVERVIEW_ROW (pit_overview_row_get_type ())

G_DECLARE_FINAL_TYPE (PitOverviewRow, pit_overview_row, PIT, OVERVIEW_ROW, GtkWidget)

GtkWidget        *pit_overview_row_new         (void);
void              pit_overview_row_set_monitor (PitOverviewRow   *self,
                                                PitDomainMonitor *monitor);
PitDomainMonitor *pit_overview_row_get_monitor (PitOverviewRow   *self);
gboolean          pit_overview_row_get_stale   (PitOverviewRow   *self);
void              pit_overview_row_update      (PitOverviewRow   *self);
void              pit_overview_row_set_host    (PitOverviewRow   *self,
                                                const char       *host);

G_END_DECLS
