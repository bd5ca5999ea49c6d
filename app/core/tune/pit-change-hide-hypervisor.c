/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-tune"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pit-change-hide-hypervisor.h"
#include "pit-error.h"
#include "pit-xml.h"

/* Where libvirt writes these elements, so new ones land in the usual place. */
static const char * const features_after[] = {
  "name", "uuid", "genid", "title", "description", "metadata", "maxMemory", "memory",
  "currentMemory", "blkiotune", "memtune", "memoryBacking", "vcpu", "vcpus", "iothreads",
  "iothreadids", "cputune", "numatune", "resource", "sysinfo", "bootloader",
  "bootloader_args", "os", "idmap", NULL
};
static const char * const hyperv_after[] = { "acpi", "apic", "pae", "hap", "viridian", "privnet", NULL };
static const char * const kvm_after[] = { "acpi", "apic", "pae", "hap", "viridian", "privnet", "hyperv", NULL };

static gboolean
check_vendor_id (const char  *vendor_id,
                 GError     **error)
{
  glong len = g_utf8_strlen (vendor_id, -1);

  /* QEMU copies it into the 12 bytes of CPUID leaf 0x40000000: ASCII only */
  if (len < 1 || len > 12)
    {
      g_set_error (error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT,
                   _("The Hyper-V vendor id must have 1 to 12 characters, not %ld (“%s”)"),
                   len, vendor_id);
      return FALSE;
    }
  for (const char *p = vendor_id; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '_' && *p != '-' && *p != '.')
      {
        g_set_error (error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT,
                     _("The Hyper-V vendor id “%s” may only use letters, digits, “_”, “-” and “.”"),
                     vendor_id);
        return FALSE;
      }
  return TRUE;
}

static void
pit_change_hide_hypervisor_describe (const PitChangeHideHypervisorOptions *options,
                                     GPtrArray                            *sentences)
{
  g_ptr_array_add (sentences,
                   g_strdup_printf (_("Hide the hypervisor from the guest (Hyper-V vendor id “%s”)"),
                                    options->vendor_id ? options->vendor_id
                                                       : PIT_CHANGE_HIDE_HYPERVISOR_DEFAULT_VENDOR));
}

static gboolean
pit_change_hide_hypervisor_apply (PitTuneContext                        *context,
                                  const PitChangeHideHypervisorOptions  *options,
                                  GError                               **error)
{
  const char *vendor_id = options->vendor_id ? options->vendor_id
                                             : PIT_CHANGE_HIDE_HYPERVISOR_DEFAULT_VENDOR;
  xmlNode *features, *hyperv, *vendor, *kvm, *hidden;

  if (!check_vendor_id (vendor_id, error)
      || !pit_tune_context_require_x86 (context, _("Hiding the hypervisor"), error))
    return FALSE;

  /* libvirt-gconfig only rebuilds <features> from names (and empties
   * <hyperv>); these are edited on the live node instead. */
  features = pit_xml_ensure_child (context->root, "features", features_after);
  hyperv = pit_xml_ensure_child (features, "hyperv", hyperv_after);
  vendor = pit_xml_ensure_child (hyperv, "vendor_id", NULL);
  pit_xml_set_prop (vendor, "state", "on");
  pit_xml_set_prop (vendor, "value", vendor_id);

  kvm = pit_xml_ensure_child (features, "kvm", kvm_after);
  hidden = pit_xml_ensure_child (kvm, "hidden", NULL);
  pit_xml_set_prop (hidden, "state", "on");

  return TRUE;
}

PIT_DEFINE_TUNE_CHANGE (PitChangeHideHypervisor, pit_change_hide_hypervisor, "hide-hypervisor",
                        .owned = PIT_TUNE_OWNED (PIT_TUNE_STRING (PitChangeHideHypervisorOptions, vendor_id)))
