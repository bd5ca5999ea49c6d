/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What the rules read: the VM's XML (parsed once), its summary, and the
 * host's facts when known.  Private to app/core/advisor. */

#include <glib.h>
#include <libxml/tree.h>

#include "pit-advisor.h"
#include "pit-domain-summary.h"
#include "pit-host-inventory.h"

G_BEGIN_DECLS

struct _PitAdvisorContext
{
  xmlNode *root;               /* <domain> */
  PitDomainSummary *summary;
  PitHostInventory *host;      /* NULL: no host facts */
  gboolean running;            /* the VM runs now (its pages are taken from the pools) */
  gboolean windows;
  gboolean kvm;                /* <domain type='kvm'> */
  GPtrArray *findings;         /* PitAdvisorFinding */
  /* private */
  GHashTable *storage;         /* path → PitHostStorage, NULL when unknown */
};

PitAdvisorContext *pit_advisor_context_new    (xmlNode           *root,
                                               PitDomainSummary  *summary,
                                               PitHostInventory  *host,
                                               gboolean           running);
void               pit_advisor_context_free   (PitAdvisorContext *self);

/* (transfer none): the finding, already added; the rule fills in the rest */
PitAdvisorFinding *pit_advisor_context_add    (PitAdvisorContext *self,
                                               const char        *id,
                                               PitAdvisorSeverity severity,
                                               const char        *title,
                                               const char        *explanation);
/* What a disk source sits on; NULL when unknown (no host, remote host). */
PitHostStorage    *pit_advisor_context_get_storage (PitAdvisorContext *self,
                                                    const char        *path);
PitHostPciDevice  *pit_advisor_context_find_pci     (PitAdvisorContext *self,
                                                     const char        *address);
/* Adds the first node matching @xpath (relative to <domain>) as XML evidence. */
void               pit_advisor_context_add_xml      (PitAdvisorContext *self,
                                                     PitAdvisorFinding *finding,
                                                     const char        *label,
                                                     const char        *xpath);
void               pit_advisor_add_xml_node         (PitAdvisorFinding *finding,
                                                     const char        *label,
                                                     xmlNode           *node);
/* "1 socket × 4 cores × 2 threads (8 CPUs)" */
char              *pit_advisor_context_describe_host_cpu (PitAdvisorContext *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PitAdvisorContext, pit_advisor_context_free)

G_END_DECLS
