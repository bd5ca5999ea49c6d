/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-tune"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pit-change-gpu.h"
#include "pit-change-usb-controller.h"
#include "pit-error.h"

static gboolean
pit_change_usb_controller_apply (PitTuneContext                       *context,
                                 const PitChangeUsbControllerOptions  *options,
                                 GError                              **error)
{
  g_autofree char *address = options->address ? pit_host_pci_normalize_address (options->address) : NULL;
  const char *addresses[] = { address, NULL };
  PitChangeGpuOptions pci = { addresses, FALSE, NULL };

  if (address == NULL)
    {
      g_set_error (error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a PCI address (for example 0000:03:00.0)"),
                   options->address != NULL ? options->address : "");
      return FALSE;
    }
  if (!pit_tune_context_require_x86 (context, _("Passing a USB controller through"), error))
    return FALSE;

  if (context->host != NULL && pit_host_inventory_get_pci_devices (context->host)->len > 0)
    {
      PitHostPciDevice *device = pit_host_inventory_find_pci_device (context->host, address);
      PitHostUsbController *controller = pit_host_inventory_find_usb_controller (context->host, address);

      if (device != NULL && !pit_host_pci_device_is_usb (device))
        {
          g_set_error (error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT,
                       _("%s is not a USB controller"), address);
          return FALSE;
        }
      /* the group's own reason comes from the PCI passthrough itself */
      if (controller != NULL && controller->passthrough->viable && !controller->clean && controller->reason != NULL)
        pit_tune_context_warn (context, "%s", controller->reason);
    }
  {
    g_autoptr(PitTuneStep) step = pit_change_gpu_step (&pci);

    return pit_tune_step_apply (step, context, error);
  }
}

static void
pit_change_usb_controller_describe (const PitChangeUsbControllerOptions *options,
                                    GPtrArray                           *sentences)
{
  g_ptr_array_add (sentences,
                   g_strdup_printf (_("Pass through the USB controller %s and what is plugged into it"),
                                    options->address ? options->address : ""));
}

PIT_DEFINE_TUNE_CHANGE (PitChangeUsbController, pit_change_usb_controller, "usb-controller",
                        .owned = PIT_TUNE_OWNED (PIT_TUNE_STRING (PitChangeUsbControllerOptions, address)))
