/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "pit-monitor.h"

G_BEGIN_DECLS

#define PIT_TYPE_DASHBOARD_PAGE (pit_dashboard_page_get_type ())

G_DECLARE_FINAL_TYPE (PitDashboardPage, pit_dashboard_page, PIT, DASHBOARD_PAGE, AdwBin)

GtkWidget *pit_dashboard_page_new         (void);
void       pit_dashboard_page_set_domain  (PitDashboardPage *self,
                                           PitMonitor       *monitor,
                                           PitDomain        *domain);
guint      pit_dashboard_page_get_n_points (PitDashboardPage *self);
void       pit_dashboard_page_set_measure_seconds (PitDashboardPage *self,
                                                   guint             seconds);

G_END_DECLS
