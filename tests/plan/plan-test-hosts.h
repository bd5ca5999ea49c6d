/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pit-host-plan.h"

G_BEGIN_DECLS

/* The test hosts, filled by hand as the inventory would see them.  Their
 * configuration files (etc/default/grub, …) are under
 * tests/fixtures/plan/<name>/. */

typedef struct
{
  const char *name;        /* fixture folder */
  PitPlanFacts *(*facts) (void);
  const char *gpus[3];
  const char *hugepages;   /* SIZE:COUNT or NULL */
  const char *bridge;      /* NAME:UPLINK or NULL */
} PlanTestHost;

PitPlanFacts       *plan_test_story_before (void);
PitPlanFacts       *plan_test_story_after  (void);
PitPlanFacts       *plan_test_fedora       (void);
PitPlanFacts       *plan_test_popos        (void);
PitPlanFacts       *plan_test_arch         (void);
PitPlanFacts       *plan_test_debian       (void);

const PlanTestHost *plan_test_hosts        (guint *n_hosts);
PitHostPlanRequest *plan_test_request      (const PlanTestHost *host);
char               *plan_test_root         (const char         *name);
PitHostPlan        *plan_test_plan         (const PlanTestHost *host,
                                            PitPlanFacts       *facts,
                                            gboolean            on_demand);

G_END_DECLS
