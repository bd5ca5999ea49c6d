/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "pit-host-plan-request.h"
#include "pit-host-plan-target.h"
#include "pit-plan-facts.h"

G_BEGIN_DECLS

/* PitHostPlan: the kernel, module, hugepage and bridge changes a host needs
 * for the user's choices, as text for the host's own tools.  Pitstop never
 * writes these files: the user copies or saves the text.
 *
 * The generated files' comments are English on purpose: they end up in
 * system files, bug reports and forum posts, and golden tests compare them;
 * what Pitstop itself says (errors, the check table) is translated. */

#define PIT_TYPE_HOST_PLAN (pit_host_plan_get_type ())

G_DECLARE_FINAL_TYPE (PitHostPlan, pit_host_plan, PIT, HOST_PLAN, GObject)

PitHostPlan        *pit_host_plan_new                (PitPlanFacts              *facts,
                                                      const PitHostPlanRequest  *request,
                                                      const char                *root,
                                                      GError                   **error);
const PitPlanFacts *pit_host_plan_get_facts          (PitHostPlan               *self);
const PitHostPlanRequest *pit_host_plan_get_request  (PitHostPlan               *self);
char              **pit_host_plan_get_kernel_params  (PitHostPlan               *self);
char              **pit_host_plan_get_vfio_ids       (PitHostPlan               *self);
GPtrArray          *pit_host_plan_get_vfio_devices   (PitHostPlan               *self);
PitHostPlanTarget   pit_host_plan_detect_target      (PitHostPlan               *self);
char               *pit_host_plan_render             (PitHostPlan               *self,
                                                      PitHostPlanTarget          target,
                                                      GError                   **error);

G_END_DECLS
