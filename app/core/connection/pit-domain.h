/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <libvirt/libvirt.h>

#include "pit-domain-snapshot.h"
#include "pit-domain-state.h"
#include "pit-domain-summary.h"

G_BEGIN_DECLS

#define PIT_TYPE_DOMAIN (pit_domain_get_type ())

G_DECLARE_FINAL_TYPE (PitDomain, pit_domain, PIT, DOMAIN, GObject)

PitDomain        *pit_domain_new              (virDomainPtr             handle,
                                               const PitDomainSnapshot *snapshot);
virDomainPtr      pit_domain_get_handle       (PitDomain               *self);
const char       *pit_domain_get_uuid         (PitDomain               *self);
const char       *pit_domain_get_name         (PitDomain               *self);
const char       *pit_domain_get_collate_key  (PitDomain               *self);
PitDomainState    pit_domain_get_state        (PitDomain               *self);
guint             pit_domain_get_vcpus        (PitDomain               *self);
guint             pit_domain_get_vcpus_current (PitDomain              *self);
guint64           pit_domain_get_memory_kib   (PitDomain               *self);
gint64            pit_domain_get_running_since (PitDomain              *self);
gboolean          pit_domain_has_details      (PitDomain               *self);
const char       *pit_domain_get_xml          (PitDomain               *self);
PitDomainSummary *pit_domain_get_summary      (PitDomain               *self);
void              pit_domain_apply_snapshot   (PitDomain               *self,
                                               const PitDomainSnapshot *snapshot);
guint             pit_domain_get_n_findings   (PitDomain               *self);
void              pit_domain_set_n_findings   (PitDomain               *self,
                                               guint                    n_findings);
void              pit_domain_set_handle       (PitDomain               *self,
                                               virDomainPtr             handle);

G_END_DECLS
