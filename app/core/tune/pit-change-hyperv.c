/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-tune"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pit-change-hyperv.h"
#include "pit-change-timers.h"
#include "pit-domain-summary.h"
#include "pit-error.h"
#include "pit-xml.h"

static const char * const features_after[] = {
  "name", "uuid", "genid", "title", "description", "metadata", "maxMemory", "memory",
  "currentMemory", "blkiotune", "memtune", "memoryBacking", "vcpu", "vcpus", "iothreads",
  "iothreadids", "defaultiothread", "cputune", "numatune", "resource", "sysinfo", "bootloader",
  "bootloader_args", "os", "idmap", NULL
};
static const char * const hyperv_after[] = { "acpi", "apic", "pae", "hap", "viridian", "privnet", NULL };

/* Every enlightenment libvirt 9.0 knows, in the order libvirt writes them */
static const char * const order[] = {
  "relaxed", "vapic", "spinlocks", "vpindex", "runtime", "synic", "stimer", "reset", "vendor_id",
  "frequencies", "reenlightenment", "tlbflush", "ipi", "evmcs", "avic", NULL
};

/* What any KVM host gives (kernel 5.0+, QEMU 4.1+; Debian 12 has 6.1 and 7.2) */
static const char * const everywhere[] = {
  "relaxed", "vapic", "spinlocks", "vpindex", "runtime", "synic", "stimer", "reset",
  "frequencies", "reenlightenment", "tlbflush", "ipi", NULL
};

static xmlNode *
ensure_in_order (xmlNode    *hyperv,
                 const char *name)
{
  g_autoptr(GPtrArray) before = g_ptr_array_new ();
  xmlNode *child = pit_xml_child (hyperv, name);

  if (child != NULL)
    return child;
  for (guint i = 0; order[i] != NULL && !g_str_equal (order[i], name); i++)
    g_ptr_array_add (before, (gpointer) order[i]);
  g_ptr_array_add (before, NULL);
  return pit_xml_insert_child (hyperv, name, (const char * const *) before->pdata);
}

static void
turn_on (xmlNode    *hyperv,
         const char *name)
{
  xmlNode *node = ensure_in_order (hyperv, name);
  g_autofree char *retries = NULL;

  pit_xml_set_prop (node, "state", "on");
  if (g_str_equal (name, "spinlocks"))
    {
      retries = pit_xml_get_prop (node, "retries");
      if (retries == NULL)
        pit_xml_set_prop (node, "retries", "8191");
    }
  else if (g_str_equal (name, "stimer"))
    /* direct mode: timer messages without the SynIC message page */
    pit_xml_set_prop (pit_xml_ensure_child (node, "direct", NULL), "state", "on");
}

/* evmcs needs Intel's VMX, avic AMD's SVM; unknown hosts get neither */
static const char *
host_specific (PitTuneContext *context)
{
  PitHostCpuTopology *cpu = context->host ? pit_host_inventory_get_cpu (context->host) : NULL;

  if (cpu == NULL || !pit_tune_context_is_kvm (context))
    return NULL;
  if (cpu->vendor == PIT_HOST_CPU_VENDOR_INTEL && g_strcmp0 (cpu->virtualization, "vmx") == 0)
    return "evmcs";
  if (cpu->vendor == PIT_HOST_CPU_VENDOR_AMD && g_strcmp0 (cpu->virtualization, "svm") == 0)
    return "avic";
  return NULL;
}

static gboolean
set_passthrough (xmlNode  *hyperv,
                 GError  **error)
{
  g_autoptr(GPtrArray) children = pit_xml_find_nodes (hyperv, "*");
  g_autoptr(GPtrArray) off = pit_xml_find_nodes (hyperv, "*[@state='off']");

  /* libvirt 9.0's schema allows no element inside mode='passthrough' */
  if (pit_xml_child (hyperv, "vendor_id") != NULL)
    {
      g_set_error_literal (error, PIT_ERROR, PIT_ERROR_UNSUPPORTED,
                           _("This guest hides the hypervisor with a Hyper-V vendor id, which libvirt 9.0 "
                             "does not allow in passthrough mode; keep the list of enlightenments instead"));
      return FALSE;
    }
  if (off->len > 0)
    {
      g_set_error (error, PIT_ERROR, PIT_ERROR_UNSUPPORTED,
                   _("This guest turns the Hyper-V enlightenment “%s” off, and passthrough mode would turn "
                     "it on; keep the list of enlightenments instead"),
                   ((xmlNode *) g_ptr_array_index (off, 0))->name);
      return FALSE;
    }
  if (children->len > 0)
    pit_xml_set_text (hyperv, "");   /* the enlightenments and the blanks between them */
  pit_xml_set_prop (hyperv, "mode", "passthrough");
  return TRUE;
}

static void
pit_change_hyperv_describe (const PitChangeHypervOptions *options,
                            GPtrArray                    *sentences)
{
  if (options->passthrough)
    g_ptr_array_add (sentences, g_strdup (_("Give Windows every Hyper-V enlightenment the host has "
                                            "(passthrough mode)")));
  else
    g_ptr_array_add (sentences, g_strdup (_("Give Windows the Hyper-V enlightenments the host supports")));
}

static gboolean
pit_change_hyperv_apply (PitTuneContext                *context,
                         const PitChangeHypervOptions  *options,
                         GError                       **error)
{
  xmlNode *features, *hyperv;
  g_autofree char *mode = NULL;
  const char *extra;

  if (!pit_tune_context_require_x86 (context, _("Hyper-V enlightenments"), error))
    return FALSE;
  if (!pit_domain_xml_is_windows (context->root))
    {
      g_set_error_literal (error, PIT_ERROR, PIT_ERROR_UNSUPPORTED,
                           _("Hyper-V enlightenments are for Windows guests, and nothing says this guest "
                             "is Windows (its libosinfo id, its name)"));
      return FALSE;
    }

  /* QEMU without KVM refuses them ("kernel doesn't allow setting HyperV
   * VP_INDEX"): the guest would not start */
  if (!pit_tune_context_is_kvm (context))
    {
      g_set_error_literal (error, PIT_ERROR, PIT_ERROR_UNSUPPORTED,
                           _("Hyper-V enlightenments need a KVM guest; an emulated guest does not start with "
                             "them"));
      return FALSE;
    }

  /* libvirt-gconfig would rebuild <features> and empty <hyperv> */
  features = pit_xml_ensure_child (context->root, "features", features_after);
  hyperv = pit_xml_ensure_child (features, "hyperv", hyperv_after);
  mode = pit_xml_get_prop (hyperv, "mode");

  if (options->passthrough)
    {
      if (g_strcmp0 (mode, "passthrough") != 0 && !set_passthrough (hyperv, error))
        return FALSE;
    }
  else if (g_strcmp0 (mode, "passthrough") != 0)   /* passthrough already has them all */
    {
      for (guint i = 0; everywhere[i] != NULL; i++)
        turn_on (hyperv, everywhere[i]);
      extra = host_specific (context);
      if (extra != NULL)
        turn_on (hyperv, extra);
    }

  /* QEMU refuses stimer without the Hyper-V clock */
  pit_xml_set_prop (pit_change_timers_ensure (context, "hypervclock"), "present", "yes");
  return TRUE;
}

PIT_DEFINE_TUNE_CHANGE (PitChangeHyperv, pit_change_hyperv, "hyperv")
