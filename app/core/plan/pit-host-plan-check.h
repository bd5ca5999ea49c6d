/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "pit-host-plan.h"

G_BEGIN_DECLS

/* The check after the reboot: the plan against the live host, item by item. */

typedef enum
{
  PIT_PLAN_STATUS_DONE,         /* the host is as planned */
  PIT_PLAN_STATUS_PENDING,      /* not yet: apply the plan, reboot */
  PIT_PLAN_STATUS_CONFLICTING,  /* the plan is in effect but the host differs */
} PitPlanStatus;

typedef struct
{
  char          *id;     /* stable: "iommu", "param:iommu=pt", "vfio:0000:04:00.0", … */
  char          *title;  /* translated: "IOMMU on" */
  PitPlanStatus  status;
  char          *seen;   /* translated: what the host shows */
} PitPlanCheckItem;

GPtrArray  *pit_host_plan_check            (PitHostPlan   *self);
const char *pit_plan_status_to_id          (PitPlanStatus  status);
const char *pit_plan_status_to_string      (PitPlanStatus  status);
void        pit_plan_check_item_free       (PitPlanCheckItem *item);

G_END_DECLS
