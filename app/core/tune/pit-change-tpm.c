/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-tune"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pit-change-tpm.h"
#include "pit-error.h"
#include "pit-xml.h"

/* libvirt writes <tpm> after these devices (domain_conf.c's format order) */
static const char * const tpm_after[] = {
  "emulator", "disk", "controller", "lease", "filesystem", "interface", "smartcard",
  "serial", "parallel", "console", "channel", "input", "tpm", NULL
};

/* A TPM the guest already has: kept, with what it means for Windows 11 */
static void
note_existing (PitTuneContext *context,
               xmlNode        *tpm)
{
  g_autofree char *model = pit_xml_get_prop (tpm, "model");
  g_autofree char *backend = pit_xml_get_string (tpm, "backend/@type");
  g_autofree char *version = pit_xml_get_string (tpm, "backend/@version");

  if (g_strcmp0 (backend, "passthrough") == 0)
    pit_tune_context_warn (context, _("The guest already uses the host’s own TPM (passthrough); it is kept. "
                                      "Windows 11 needs that TPM to be version 2.0"));
  else if (g_strcmp0 (backend, "emulator") == 0 && g_strcmp0 (version, "1.2") == 0)
    pit_tune_context_warn (context, _("The guest already has an emulated TPM 1.2; Windows 11 needs 2.0. "
                                      "It is kept: a new TPM starts empty, and what Windows keeps in the old "
                                      "one (BitLocker’s keys) would be lost. Change it yourself if nothing "
                                      "depends on it"));
  else if (g_strcmp0 (backend, "emulator") != 0)
    pit_tune_context_warn (context, _("The guest already has a TPM (backend %s); it is kept"),
                           backend != NULL ? backend : "?");
  else if (g_strcmp0 (model, "tpm-crb") != 0)
    pit_tune_context_warn (context, _("The guest already has an emulated TPM of model %s; it is kept "
                                      "(Windows 11 accepts it)"),
                           model != NULL ? model : "tpm-tis");
}

static gboolean
pit_change_tpm_apply (PitTuneContext             *context,
                      const PitChangeTpmOptions  *options,
                      GError                    **error)
{
  g_autoptr(GPtrArray) existing = NULL;
  xmlNode *tpm, *backend;

  if (!pit_tune_context_require_x86 (context, _("The emulated TPM"), error))
    return FALSE;
  if (!pit_tune_context_is_qemu (context))
    {
      g_autofree char *type = pit_xml_get_prop (context->root, "type");

      g_set_error (error, PIT_ERROR, PIT_ERROR_UNSUPPORTED,
                   _("The emulated TPM (swtpm) needs a QEMU or KVM guest; this guest is of type %s"),
                   type != NULL ? type : "?");
      return FALSE;
    }

  /* tpm-proxy is the ppc64 hypervisor's; any other TPM is the guest's TPM */
  existing = pit_xml_find_nodes (context->root, "devices/tpm[not(@model='spapr-tpm-proxy')]");
  if (existing->len > 0)
    {
      note_existing (context, g_ptr_array_index (existing, 0));
      return TRUE;
    }

  tpm = pit_xml_insert_child (pit_tune_context_get_devices (context), "tpm", tpm_after);
  pit_xml_set_prop (tpm, "model", "tpm-crb");
  backend = pit_xml_insert_child (tpm, "backend", NULL);
  pit_xml_set_prop (backend, "type", "emulator");
  pit_xml_set_prop (backend, "version", "2.0");
  return TRUE;
}

static void
pit_change_tpm_describe (const PitChangeTpmOptions *options,
                         GPtrArray                 *sentences)
{
  g_ptr_array_add (sentences, g_strdup (_("Add a TPM 2.0 (emulated by swtpm on the host)")));
}

PIT_DEFINE_TUNE_CHANGE (PitChangeTpm, pit_change_tpm, "tpm")
