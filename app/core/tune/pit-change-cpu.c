/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-tune"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pit-change-cpu.h"
#include "pit-error.h"
#include "pit-xml.h"

/* libvirt's own ceiling for a vCPU count (QEMU/KVM allow far fewer) */
#define MAX_VCPUS 16384

static const char * const vcpu_after[] = {
  "name", "uuid", "genid", "title", "description", "metadata", "maxMemory", "memory",
  "currentMemory", "blkiotune", "memtune", "memoryBacking", NULL
};

typedef struct
{
  guint sockets, dies, cores, threads;
} Topology;

static gboolean
get_topology (PitTuneContext *context,
              Topology       *topology)
{
  xmlNode *cpu = pit_xml_child (context->root, "cpu");
  xmlNode *node = cpu ? pit_xml_child (cpu, "topology") : NULL;
  guint64 sockets = 0, dies = 1, cores = 0, threads = 0;

  if (node == NULL)
    return FALSE;
  pit_xml_get_uint64 (node, "@sockets", &sockets);
  pit_xml_get_uint64 (node, "@dies", &dies);
  pit_xml_get_uint64 (node, "@cores", &cores);
  pit_xml_get_uint64 (node, "@threads", &threads);
  topology->sockets = sockets;
  topology->dies = dies;
  topology->cores = cores;
  topology->threads = threads;
  return TRUE;
}

static guint64
product (const Topology *t)
{
  return (guint64) t->sockets * t->dies * t->cores * t->threads;
}

static gboolean
resolve_topology (PitTuneContext             *context,
                  const PitChangeCpuOptions  *options,
                  guint                       vcpus,
                  Topology                   *out,
                  GError                    **error)
{
  if (options->topology_from_host)
    {
      PitHostCpuTopology *cpu = context->host ? pit_host_inventory_get_cpu (context->host) : NULL;
      guint threads;

      if (cpu == NULL || cpu->threads_per_core == 0)
        {
          g_set_error_literal (error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT,
                               _("A topology like the host’s needs to know the host’s CPUs"));
          return FALSE;
        }
      threads = cpu->threads_per_core;
      if (vcpus % threads != 0)
        threads = 1;
      *out = (Topology) { 1, 1, vcpus / threads, threads };
      return TRUE;
    }

  if (options->sockets == 0 && options->cores == 0 && options->threads == 0)
    return FALSE;
  if (options->sockets == 0 || options->cores == 0 || options->threads == 0)
    {
      g_set_error_literal (error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT,
                           _("A topology needs sockets, cores and threads, each at least 1"));
      return FALSE;
    }
  *out = (Topology) { options->sockets, MAX (options->dies, 1), options->cores, options->threads };
  return TRUE;
}

static void
drop_pins_beyond (PitTuneContext *context,
                  guint           vcpus)
{
  xmlNode *cputune = pit_xml_child (context->root, "cputune");
  g_autoptr(GPtrArray) pins = NULL;
  guint dropped = 0;

  if (cputune == NULL)
    return;
  pins = pit_xml_children (cputune, "vcpupin");
  for (guint i = 0; i < pins->len; i++)
    {
      xmlNode *pin = g_ptr_array_index (pins, i);
      guint64 vcpu;

      if (pit_xml_get_uint64 (pin, "@vcpu", &vcpu) && vcpu >= vcpus)
        {
          pit_xml_remove (pin);
          dropped++;
        }
    }
  if (dropped > 0)
    pit_tune_context_warn (context,
                           ngettext ("%u vCPU pin was removed: its vCPU no longer exists",
                                     "%u vCPU pins were removed: their vCPUs no longer exist", dropped),
                           dropped);
}

static void
set_topology (GVirConfigDomainCpu *cpu,
              const Topology      *t)
{
  GVirConfigCapabilitiesCpu *caps = GVIR_CONFIG_CAPABILITIES_CPU (cpu);
  g_autoptr(GVirConfigCapabilitiesCpuTopology) topology = gvir_config_capabilities_cpu_get_topology (caps);
  xmlNode *node;
  g_autofree char *dies = NULL;

  if (topology == NULL)
    {
      topology = gvir_config_capabilities_cpu_topology_new ();
      gvir_config_capabilities_cpu_set_topology (caps, topology);
      g_clear_object (&topology);
      topology = gvir_config_capabilities_cpu_get_topology (caps);
    }
  /* libvirt-gconfig has no setter for dies (libvirt writes dies='1'), and
   * its setters append the attribute again: set them in libvirt's order */
  node = pit_xml_object_node (topology);
  dies = g_strdup_printf ("%u", t->dies);
  pit_xml_unset_prop (node, "dies");
  gvir_config_capabilities_cpu_topology_set_sockets (topology, t->sockets);
  pit_xml_set_prop (node, "dies", dies);
  gvir_config_capabilities_cpu_topology_set_cores (topology, t->cores);
  gvir_config_capabilities_cpu_topology_set_threads (topology, t->threads);
}

static void
set_host_passthrough (GVirConfigDomainCpu *cpu)
{
  xmlNode *node = pit_xml_object_node (cpu);
  xmlNode *child;

  gvir_config_domain_cpu_set_mode (cpu, GVIR_CONFIG_DOMAIN_CPU_MODE_HOST_PASSTHROUGH);
  pit_xml_move_prop_first (node, "mode");
  /* A named model, its vendor and match='…' belong to mode='custom' */
  while ((child = pit_xml_child (node, "model")) != NULL)
    pit_xml_remove (child);
  while ((child = pit_xml_child (node, "vendor")) != NULL)
    pit_xml_remove (child);
  pit_xml_unset_prop (node, "match");
}

static void
pit_change_cpu_describe (const PitChangeCpuOptions *options,
                         GPtrArray                 *sentences)
{
  if (options->host_passthrough)
    g_ptr_array_add (sentences, g_strdup (_("Use the host’s CPU model (host-passthrough)")));
  if (options->topology_from_host)
    g_ptr_array_add (sentences, g_strdup (_("Give the guest a CPU topology like the host’s")));
  else if (options->sockets > 0)
    g_ptr_array_add (sentences,
                     g_strdup_printf (_("Give the guest the CPU topology %u×%u×%u (sockets×cores×threads)"),
                                      options->sockets * MAX (options->dies, 1), options->cores, options->threads));
  if (options->vcpus > 0)
    g_ptr_array_add (sentences,
                     g_strdup_printf (ngettext ("Give the guest at most %u vCPU",
                                                "Give the guest at most %u vCPUs", options->vcpus),
                                      options->vcpus));
  if (options->current > 0)
    g_ptr_array_add (sentences,
                     g_strdup_printf (ngettext ("Allocate %u vCPU to the guest",
                                                "Allocate %u vCPUs to the guest", options->current),
                                      options->current));
  if (sentences->len == 0)
    g_ptr_array_add (sentences, g_strdup (_("Keep the guest’s CPU as it is")));
}

/* only the current allocation can change on a running guest */
static gboolean
pit_change_cpu_is_live (const PitChangeCpuOptions *options)
{

  return options->current > 0 && options->vcpus == 0 && !options->host_passthrough
         && options->sockets == 0 && !options->topology_from_host;
}

static gboolean
pit_change_cpu_apply (PitTuneContext             *context,
                      const PitChangeCpuOptions  *options,
                      GError                    **error)
{
  g_autoptr(GVirConfigDomainCpu) cpu = NULL;
  g_autoptr(GError) local_error = NULL;
  guint old_max = pit_tune_context_get_max_vcpus (context);
  guint max = options->vcpus > 0 ? options->vcpus : old_max;
  guint64 current = 0;
  Topology topology = { 0 }, existing = { 0 };
  gboolean new_topology, has_topology;
  xmlNode *vcpu;

  if (max > MAX_VCPUS)
    {
      g_set_error (error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT,
                   _("%u vCPUs is more than libvirt allows (%u)"), max, MAX_VCPUS);
      return FALSE;
    }

  new_topology = resolve_topology (context, options, max, &topology, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  has_topology = get_topology (context, &existing);

  if (new_topology && product (&topology) != max)
    {
      g_set_error (error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT,
                   _("The topology %u×%u×%u (sockets×cores×threads) gives %llu vCPUs, but the maximum is %u"),
                   topology.sockets * topology.dies, topology.cores, topology.threads,
                   (unsigned long long) product (&topology), max);
      return FALSE;
    }
  if (!new_topology && has_topology && max != old_max && product (&existing) != max)
    {
      g_set_error (error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT,
                   _("The guest’s topology (%u×%u×%u) gives %llu vCPUs, not %u: give a new topology too"),
                   existing.sockets * existing.dies, existing.cores, existing.threads,
                   (unsigned long long) product (&existing), max);
      return FALSE;
    }

  vcpu = pit_xml_child (context->root, "vcpu");
  if (vcpu != NULL)
    pit_xml_get_uint64 (vcpu, "@current", &current);
  if (options->current > 0)
    current = options->current;
  if (current > max)
    {
      g_set_error (error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT,
                   _("The current allocation (%u vCPUs) cannot exceed the maximum (%u)"),
                   (guint) current, max);
      return FALSE;
    }

  if (max != old_max)
    {
      xmlNode *cpu_node = pit_xml_child (context->root, "cpu");

      if (pit_xml_child (context->root, "vcpus") != NULL)
        {
          g_set_error_literal (error, PIT_ERROR, PIT_ERROR_UNSUPPORTED,
                               _("This guest describes each vCPU in <vcpus>; change its vCPU count with virsh"));
          return FALSE;
        }
      if (cpu_node != NULL && pit_xml_child (cpu_node, "numa") != NULL)
        {
          g_set_error_literal (error, PIT_ERROR, PIT_ERROR_UNSUPPORTED,
                               _("This guest has NUMA cells that list its vCPUs; change its vCPU count with virsh"));
          return FALSE;
        }
    }

  if (options->host_passthrough && !pit_tune_context_is_kvm (context))
    {
      g_set_error_literal (error, PIT_ERROR, PIT_ERROR_UNSUPPORTED,
                           _("The host-passthrough CPU mode needs a KVM guest; this guest is emulated"));
      return FALSE;
    }

  /* <vcpu>: libvirt-gconfig's setter drops placement and current */
  if (options->vcpus > 0 || options->current > 0)
    {
      g_autofree char *text = g_strdup_printf ("%u", max);

      vcpu = pit_xml_ensure_child (context->root, "vcpu", vcpu_after);
      pit_xml_set_text (vcpu, text);
      if (current == 0 || current == max)
        pit_xml_unset_prop (vcpu, "current");
      else
        {
          g_autofree char *value = g_strdup_printf ("%u", (guint) current);

          pit_xml_set_prop (vcpu, "current", value);
        }
      if (max < old_max)
        drop_pins_beyond (context, max);
    }

  if (!options->host_passthrough && !new_topology)
    return TRUE;

  cpu = gvir_config_domain_get_cpu (context->domain);
  if (cpu == NULL)
    {
      g_autoptr(GVirConfigDomainCpu) created = gvir_config_domain_cpu_new ();

      gvir_config_domain_set_cpu (context->domain, created);
      cpu = gvir_config_domain_get_cpu (context->domain);
    }
  if (options->host_passthrough)
    set_host_passthrough (cpu);
  if (new_topology)
    set_topology (cpu, &topology);

  return TRUE;
}

PIT_DEFINE_TUNE_CHANGE (PitChangeCpu, pit_change_cpu, "cpu",
                        .is_live = (PitTuneIsLiveFunc) pit_change_cpu_is_live)
