/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "pit-monitor-group.h"

G_BEGIN_DECLS

typedef enum
{
  PIT_OVERVIEW_SORT_NAME,
  PIT_OVERVIEW_SORT_CPU,
  PIT_OVERVIEW_SORT_MEMORY,
  PIT_OVERVIEW_SORT_DISK,
  PIT_OVERVIEW_SORT_NETWORK,
} PitOverviewSort;

#define PIT_TYPE_OVERVIEW_PAGE (pit_overview_page_get_type ())

G_DECLARE_FINAL_TYPE (PitOverviewPage, pit_overview_page, PIT, OVERVIEW_PAGE, AdwBin)

void        pit_overview_page_set_group   (PitOverviewPage *self,
                                           PitMonitorGroup *group);
void        pit_overview_page_set_sort    (PitOverviewPage *self,
                                           PitOverviewSort  sort);
GListModel *pit_overview_page_get_model   (PitOverviewPage *self);

G_END_DECLS
