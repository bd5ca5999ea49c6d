/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libvirt/libvirt.h>

#include "pit-domain-state.h"
#include "pit-domain-summary.h"

G_BEGIN_DECLS

/* What one blocking round of libvirt calls learns about a domain; made in a
 * worker thread, applied to a PitDomain in the main thread.  A "listed"
 * snapshot (from a listing, before the XML is read) has no xml and no
 * summary; applying it changes only the name and the state. */
typedef struct
{
  char *uuid;
  char *name;
  PitDomainState state;
  char *xml;                 /* NULL when only listed */
  PitDomainSummary *summary; /* NULL when only listed */
} PitDomainSnapshot;

PitDomainSnapshot *pit_domain_snapshot_new_listed    (virDomainPtr              domain,
                                                      PitDomainState            state,
                                                      GError                  **error);
PitDomainSnapshot *pit_domain_snapshot_fetch_details (virDomainPtr              domain,
                                                      PitDomainState            state,
                                                      GError                  **error);
PitDomainSnapshot *pit_domain_snapshot_fetch         (virDomainPtr              domain,
                                                      GError                  **error);
gboolean           pit_domain_snapshot_has_details   (const PitDomainSnapshot  *self);
void               pit_domain_snapshot_free          (PitDomainSnapshot        *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PitDomainSnapshot, pit_domain_snapshot_free)

G_END_DECLS
