/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libvirt/libvirt.h>

#include "pit-domain-state.h"
#include "pit-domain-summary.h"

G_BEGIN_DECLS

/* What one blocking round of libvirt calls learns about a domain; made in a
 * worker thread, applied to a PitDomain in the main thread. */
typedef struct
{
  char *uuid;
  PitDomainState state;
  char *xml;
  PitDomainSummary *summary;
} PitDomainSnapshot;

PitDomainSnapshot *pit_domain_snapshot_fetch (virDomainPtr        domain,
                                              GError            **error);
void               pit_domain_snapshot_free  (PitDomainSnapshot  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PitDomainSnapshot, pit_domain_snapshot_free)

G_END_DECLS
