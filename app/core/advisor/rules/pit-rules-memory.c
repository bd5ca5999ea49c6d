/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-advisor"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pit-advisor-rules.h"
#include "pit-xml.h"

#define HUGEPAGES_FROM_KIB (G_GUINT64_CONSTANT (8) * 1024 * 1024)

static char *
format_kib (guint64 kib)
{
  return g_format_size_full (kib * 1024, G_FORMAT_SIZE_IEC_UNITS);
}

void
pit_rule_hugepages_missing (PitAdvisorContext *ctx)
{
  g_autofree char *size = NULL;
  g_autofree char *explanation = NULL;
  PitAdvisorFinding *finding;

  if (ctx->summary->hugepages || ctx->summary->memory_kib < HUGEPAGES_FROM_KIB)
    return;

  size = format_kib (ctx->summary->memory_kib);
  explanation = g_strdup_printf (_("The VM’s %s of memory are made of ordinary 4 KiB pages. With that much "
                                   "memory the processor keeps missing its address cache (the TLB) and "
                                   "walks page tables instead. Hugepages (2 MiB or 1 GiB) reserved on the "
                                   "host avoid that and keep the memory from being swapped."),
                                 size);
  finding = pit_advisor_context_add (ctx, "hugepages-missing", PIT_ADVISOR_SEVERITY_MEDIUM,
                                     _("No hugepages for a large VM"), explanation);
  pit_advisor_context_add_xml (ctx, finding, _("Memory"), "memory");
  pit_advisor_finding_set_fix_tune (finding, PIT_WIZARD_SECTION_MEMORY, _("Use hugepages"),
                                    _("Back the VM’s memory with hugepages, and reserve them on the host "
                                      "with the host plan."));
}

static guint64
page_size_kib (PitAdvisorContext *ctx)
{
  g_autofree char *unit = pit_xml_get_string (ctx->root, "memoryBacking/hugepages/page/@unit");
  guint64 size = 0;

  if (!pit_xml_get_uint64 (ctx->root, "memoryBacking/hugepages/page/@size", &size) || size == 0)
    {
      PitHostMemory *memory = pit_host_inventory_get_memory (ctx->host);

      return memory != NULL && memory->default_hugepage_kib > 0 ? (guint64) memory->default_hugepage_kib : 0;
    }
  if (unit == NULL || g_ascii_strcasecmp (unit, "KiB") == 0 || g_ascii_strcasecmp (unit, "k") == 0)
    return size;
  if (g_ascii_strcasecmp (unit, "MiB") == 0 || g_ascii_strcasecmp (unit, "M") == 0)
    return size * 1024;
  if (g_ascii_strcasecmp (unit, "GiB") == 0 || g_ascii_strcasecmp (unit, "G") == 0)
    return size * 1024 * 1024;
  if (g_ascii_strcasecmp (unit, "b") == 0 || g_ascii_strcasecmp (unit, "bytes") == 0)
    return size / 1024;
  return 0;
}

void
pit_rule_hugepages_pool (PitAdvisorContext *ctx)
{
  PitHostMemory *memory = pit_host_inventory_get_memory (ctx->host);
  PitHostHugepagePool *pool;
  g_autoptr(PitHostPlanRequest) request = NULL;
  g_autofree char *size = NULL;
  g_autofree char *page = NULL;
  g_autofree char *explanation = NULL;
  g_autofree char *host_text = NULL;
  g_autofree char *fix_text = NULL;
  PitAdvisorFinding *finding;
  guint64 page_kib, needed;
  gint64 available;

  if (!ctx->summary->hugepages || memory == NULL || ctx->summary->memory_kib == 0)
    return;
  page_kib = page_size_kib (ctx);
  if (page_kib == 0)
    return;
  pool = pit_host_memory_get_pool (memory, page_kib);
  needed = (ctx->summary->memory_kib + page_kib - 1) / page_kib;
  /* a running VM has its pages already: they count as taken, not free */
  available = pool == NULL ? 0 : ctx->running ? pool->total : pool->free;
  if (pool != NULL && (available < 0 || (guint64) available >= needed))
    return;

  size = format_kib (ctx->summary->memory_kib);
  page = pit_host_plan_format_page_size (page_kib);
  if (pool == NULL)
    {
      explanation = g_strdup_printf (_("The VM asks for %s hugepages, a size this host’s kernel does not "
                                       "offer. libvirt refuses to start it."),
                                     page);
      host_text = g_strdup_printf (_("No %s hugepage pool"), page);
    }
  else
    {
      explanation = g_strdup_printf (ctx->running
                                       ? _("The VM’s %s need %llu hugepages of %s, but the "
                                           "host has reserved only %lld. It will not start "
                                           "again until the host reserves more.")
                                       : _("The VM’s %s need %llu hugepages of %s, but only "
                                           "%lld are free on the host. libvirt refuses to "
                                           "start the VM."),
                                     size, (unsigned long long) needed, page, (long long) available);
      host_text = g_strdup_printf (_("%s pool: %lld reserved, %lld free"),
                                   page, (long long) pool->total, (long long) pool->free);
    }

  finding = pit_advisor_context_add (ctx, "hugepages-pool", PIT_ADVISOR_SEVERITY_HIGH,
                                     _("Not enough hugepages on the host"), explanation);
  pit_advisor_context_add_xml (ctx, finding, _("Memory backing"), "memoryBacking");
  pit_advisor_finding_add_evidence (finding, PIT_ADVISOR_EVIDENCE_HOST, _("Hugepages"), host_text);

  request = pit_host_plan_request_new ();
  request->hugepage_size_kib = page_kib;
  /* what the pool must hold: what others use now plus this VM */
  request->hugepage_count = needed;
  if (pool != NULL && pool->free >= 0 && pool->total >= pool->free)
    {
      guint64 in_use = (guint64) (pool->total - pool->free);

      /* a running VM's own pages are among those in use */
      if (ctx->running)
        in_use = in_use > needed ? in_use - needed : 0;
      request->hugepage_count += in_use;
    }
  fix_text = g_strdup_printf (_("Reserve %llu hugepages of %s on the host."),
                              (unsigned long long) request->hugepage_count, page);
  pit_advisor_finding_set_fix_host_plan (finding, g_steal_pointer (&request), _("Reserve hugepages"), fix_text);
}

void
pit_rule_memballoon (PitAdvisorContext *ctx)
{
  g_autoptr(GPtrArray) balloons = pit_xml_find_nodes (ctx->root, "devices/memballoon");
  g_autofree char *model = NULL;
  g_autofree char *explanation = NULL;
  gboolean passthrough = FALSE;
  PitAdvisorFinding *finding;

  if (balloons->len == 0)
    return;
  /* next to Looking Glass the balloon has a finding of its own */
  {
    g_autoptr(GPtrArray) shmem = pit_xml_find_nodes (ctx->root, "devices/shmem[@name='looking-glass']");

    if (shmem->len > 0)
      return;
  }
  model = pit_xml_get_string (g_ptr_array_index (balloons, 0), "@model");
  if (model == NULL || g_strcmp0 (model, "none") == 0)
    return;
  for (guint i = 0; i < ctx->summary->hostdevs->len; i++)
    {
      PitHostdevInfo *dev = g_ptr_array_index (ctx->summary->hostdevs, i);

      passthrough |= g_strcmp0 (dev->type, "pci") == 0;
    }
  if (!ctx->summary->hugepages && !passthrough)
    return;

  if (passthrough)
    explanation = g_strdup (_("The VM has a memory balloon, a device that lets the host take memory back "
                              "from a running guest. With a PCI device passed through, all of the VM’s "
                              "memory is pinned for the device’s DMA, so the balloon cannot give any "
                              "back; it only costs a driver and a thread."));
  else
    explanation = g_strdup (_("The VM has a memory balloon, a device that lets the host take memory back "
                              "from a running guest. Hugepages are reserved for the VM and never go back "
                              "to the host, so the balloon cannot help; it only costs a driver and a "
                              "thread."));
  finding = pit_advisor_context_add (ctx, "memballoon", PIT_ADVISOR_SEVERITY_LOW,
                                     passthrough ? _("Memory balloon with a passed-through device")
                                                 : _("Memory balloon with hugepages"),
                                     explanation);
  pit_advisor_add_xml_node (finding, _("Memory balloon"), g_ptr_array_index (balloons, 0));
  pit_advisor_finding_set_fix_advice (finding,
                                      _("Remove the balloon: in the VM’s XML, replace the <memballoon> "
                                        "element with <memballoon model='none'/>."));
}
