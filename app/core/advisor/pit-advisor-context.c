/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-advisor"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "pit-advisor-context.h"
#include "pit-xml.h"

/* the storage cache holds NULL for a path that is not known */
static void
storage_unref (gpointer storage)
{
  if (storage != NULL)
    pit_host_storage_unref (storage);
}

PitAdvisorContext *
pit_advisor_context_new (xmlNode          *root,
                         PitDomainSummary *summary,
                         PitHostInventory *host,
                         gboolean          running)
{
  PitAdvisorContext *self = g_new0 (PitAdvisorContext, 1);

  self->root = root;
  self->summary = pit_domain_summary_ref (summary);
  self->host = host != NULL ? pit_host_inventory_ref (host) : NULL;
  self->running = running;
  self->windows = pit_domain_xml_is_windows (root);
  self->kvm = g_strcmp0 (summary->hypervisor, "kvm") == 0;
  self->findings = g_ptr_array_new_with_free_func (g_object_unref);
  self->storage = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, storage_unref);
  return self;
}

void
pit_advisor_context_free (PitAdvisorContext *self)
{
  g_clear_pointer (&self->summary, pit_domain_summary_unref);
  g_clear_pointer (&self->host, pit_host_inventory_unref);
  g_clear_pointer (&self->findings, g_ptr_array_unref);
  g_clear_pointer (&self->storage, g_hash_table_unref);
  g_free (self);
}

PitAdvisorFinding *
pit_advisor_context_add (PitAdvisorContext  *self,
                         const char         *id,
                         PitAdvisorSeverity  severity,
                         const char         *title,
                         const char         *explanation)
{
  PitAdvisorFinding *finding = pit_advisor_finding_new (id, severity, title, explanation);

  g_ptr_array_add (self->findings, finding);
  return finding;
}

/**
 * pit_advisor_context_get_storage:
 * What the disk source @path sits on (see pit_host_inventory_find_storage()),
 * read once per report.
 * Returns: (transfer none) (nullable): %NULL when unknown
 */
PitHostStorage *
pit_advisor_context_get_storage (PitAdvisorContext *self,
                                 const char        *path)
{
  gpointer storage;

  if (self->host == NULL || path == NULL)
    return NULL;
  if (!g_hash_table_lookup_extended (self->storage, path, NULL, &storage))
    {
      storage = pit_host_inventory_find_storage (self->host, path);
      g_hash_table_insert (self->storage, g_strdup (path), storage);
    }
  return storage;
}

PitHostPciDevice *
pit_advisor_context_find_pci (PitAdvisorContext *self,
                              const char        *address)
{
  if (self->host == NULL || address == NULL)
    return NULL;
  return pit_host_inventory_find_pci_device (self->host, address);
}

void
pit_advisor_add_xml_node (PitAdvisorFinding *finding,
                          const char        *label,
                          xmlNode           *node)
{
  g_autofree char *text = NULL;

  if (node == NULL)
    return;
  text = pit_xml_node_to_string (node);
  pit_advisor_finding_add_evidence (finding, PIT_ADVISOR_EVIDENCE_XML, label, text);
}

void
pit_advisor_context_add_xml (PitAdvisorContext *self,
                             PitAdvisorFinding *finding,
                             const char        *label,
                             const char        *xpath)
{
  g_autoptr(GPtrArray) nodes = pit_xml_find_nodes (self->root, xpath);

  if (nodes->len > 0)
    pit_advisor_add_xml_node (finding, label, g_ptr_array_index (nodes, 0));
}

char *
pit_advisor_context_describe_host_cpu (PitAdvisorContext *self)
{
  PitHostCpuTopology *cpu;
  g_autofree char *sockets = NULL;
  g_autofree char *threads = NULL;
  guint n_sockets, n_threads;

  if (self->host == NULL || (cpu = pit_host_inventory_get_cpu (self->host)) == NULL || cpu->cores == 0)
    return NULL;
  n_sockets = MAX (cpu->sockets, 1);
  n_threads = MAX (cpu->threads_per_core, 1);
  sockets = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u socket", "%u sockets", n_sockets), n_sockets);
  threads = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u thread per core", "%u threads per core", n_threads),
                             n_threads);
  /* TRANSLATORS: the host's CPU, e.g. "1 socket, 4 cores, 2 threads per core (8 CPUs)" */
  return g_strdup_printf (_("%s, %u cores, %s (%u CPUs)"), sockets, cpu->cores, threads,
                          pit_host_cpu_topology_get_n_online (cpu));
}
