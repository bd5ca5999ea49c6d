/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>
#include <libvirt/libvirt.h>

#include "pit-host-inventory.h"
#include "pit-tune-lookups.h"
#include "pit-tune-result.h"
#include "pit-tune-step.h"

G_BEGIN_DECLS

#define PIT_TYPE_TUNE_PLAN (pit_tune_plan_get_type ())

G_DECLARE_FINAL_TYPE (PitTunePlan, pit_tune_plan, PIT, TUNE_PLAN, GObject)

/* A list of changes, applied in order to a domain's XML.  The input must
 * follow libvirt's domain schema and so must the output; a change that
 * fails leaves nothing behind (the caller's XML is never edited). */
PitTunePlan   *pit_tune_plan_new          (void);
void           pit_tune_plan_add          (PitTunePlan    *self,
                                           PitTuneStep    *step);
guint          pit_tune_plan_get_n_steps  (PitTunePlan    *self);
PitTuneStep   *pit_tune_plan_get_step     (PitTunePlan    *self,
                                           guint           index);
void           pit_tune_plan_set_host     (PitTunePlan      *self,
                                           PitHostInventory *host);
PitHostInventory *pit_tune_plan_get_host  (PitTunePlan    *self);
void           pit_tune_plan_set_lookups  (PitTunePlan    *self,
                                           PitTuneLookups *lookups);
void           pit_tune_plan_set_check_files (PitTunePlan *self,
                                           gboolean        check_files);
PitTuneResult *pit_tune_plan_run          (PitTunePlan    *self,
                                           const char     *xml,
                                           virConnectPtr   connection,
                                           GError        **error);
char          *pit_tune_normalize_xml     (const char     *xml,
                                           GError        **error);

G_END_DECLS
