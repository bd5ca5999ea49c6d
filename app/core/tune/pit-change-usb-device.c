/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-tune"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "pit-change-usb-device.h"
#include "pit-error.h"
#include "pit-xml.h"

static gboolean
parse_id (const char *text,
          gsize       len,
          guint16    *value)
{
  g_autofree char *copy = g_strndup (text, len);
  guint64 parsed;

  if (g_str_has_prefix (copy, "0x"))
    return parse_id (copy + 2, strlen (copy + 2), value);
  if (len == 0 || len > 4 || !g_ascii_string_to_unsigned (copy, 16, 0, 0xffff, &parsed, NULL))
    return FALSE;
  *value = (guint16) parsed;
  return TRUE;
}

gboolean
pit_usb_parse_ids (const char *text,
                   guint16    *vendor,
                   guint16    *product)
{
  const char *colon = text ? strchr (text, ':') : NULL;

  return colon != NULL && parse_id (text, colon - text, vendor)
         && parse_id (colon + 1, strlen (colon + 1), product);
}

static gboolean
has_device (xmlNode *root,
            guint16  vendor,
            guint16  product)
{
  g_autoptr(GPtrArray) nodes = pit_xml_find_nodes (root, "devices/hostdev[@mode='subsystem'][@type='usb']/source");

  for (guint i = 0; i < nodes->len; i++)
    {
      g_autofree char *v = pit_xml_get_string (g_ptr_array_index (nodes, i), "vendor/@id");
      g_autofree char *p = pit_xml_get_string (g_ptr_array_index (nodes, i), "product/@id");
      guint16 vv, pp;

      if (v != NULL && p != NULL && parse_id (v, strlen (v), &vv) && parse_id (p, strlen (p), &pp)
          && vv == vendor && pp == product)
        return TRUE;
    }
  return FALSE;
}

static void
warn_unplugged (PitTuneContext *context,
                guint16         vendor,
                guint16         product)
{
  GPtrArray *controllers;

  if (context->host == NULL)
    return;
  controllers = pit_host_inventory_get_usb_controllers (context->host);
  if (controllers->len == 0)
    return;
  for (guint i = 0; i < controllers->len; i++)
    {
      PitHostUsbController *controller = controllers->pdata[i];

      for (guint j = 0; j < controller->devices->len; j++)
        {
          PitHostUsbDevice *device = controller->devices->pdata[j];

          if (device->vendor_id == vendor && device->product_id == product)
            return;
        }
    }
  pit_tune_context_warn (context, _("No USB device %04x:%04x is plugged into the host now: the guest will "
                                    "not start without it"), vendor, product);
}

static gboolean
pit_change_usb_device_apply (PitTuneContext                   *context,
                             const PitChangeUsbDeviceOptions  *options,
                             GError                          **error)
{
  g_autoptr(GArray) pairs = g_array_new (FALSE, FALSE, sizeof (guint16) * 2);

  if (options->ids == NULL || options->ids[0] == NULL)
    {
      g_set_error_literal (error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT,
                           _("Choose a USB device by its vendor and product id, for example 045e:02ea"));
      return FALSE;
    }
  for (guint i = 0; options->ids[i] != NULL; i++)
    {
      guint16 pair[2];

      if (!pit_usb_parse_ids (options->ids[i], &pair[0], &pair[1]))
        {
          g_set_error (error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT,
                       _("“%s” is not a USB vendor:product id (for example 045e:02ea)"), options->ids[i]);
          return FALSE;
        }
      g_array_append_vals (pairs, pair, 1);
    }
  if (!pit_tune_context_require_x86 (context, _("Passing USB devices through"), error))
    return FALSE;
  {
    g_autoptr(GPtrArray) off = pit_xml_find_nodes (context->root, "devices/controller[@type='usb'][@model='none']");

    if (off->len > 0)
      {
        g_set_error_literal (error, PIT_ERROR, PIT_ERROR_UNSUPPORTED,
                             _("The guest has USB turned off (a USB controller of model “none”): give it a "
                               "USB controller first"));
        return FALSE;
      }
  }

  for (guint i = 0; i < pairs->len; i++)
    {
      guint16 *pair = &g_array_index (pairs, guint16, i * 2);
      g_autofree char *vendor = g_strdup_printf ("0x%04x", pair[0]);
      g_autofree char *product = g_strdup_printf ("0x%04x", pair[1]);
      xmlNode *hostdev, *source, *node;

      warn_unplugged (context, pair[0], pair[1]);
      if (has_device (context->root, pair[0], pair[1]))
        continue;
      hostdev = pit_xml_insert_child (pit_tune_context_get_devices (context), "hostdev", NULL);
      pit_xml_set_prop (hostdev, "mode", "subsystem");
      pit_xml_set_prop (hostdev, "type", "usb");
      pit_xml_set_prop (hostdev, "managed", "yes");
      source = pit_xml_insert_child (hostdev, "source", NULL);
      node = pit_xml_insert_child (source, "vendor", NULL);
      pit_xml_set_prop (node, "id", vendor);
      node = pit_xml_insert_child (source, "product", NULL);
      pit_xml_set_prop (node, "id", product);
    }
  return TRUE;
}

static void
pit_change_usb_device_describe (const PitChangeUsbDeviceOptions *options,
                                GPtrArray                       *sentences)
{
  g_autofree char *list = options->ids ? g_strjoinv (", ", (char **) options->ids) : g_strdup ("");
  guint n = options->ids ? g_strv_length ((char **) options->ids) : 0;

  g_ptr_array_add (sentences, g_strdup_printf (ngettext ("Pass through the USB device %s",
                                                         "Pass through the USB devices %s", n), list));
}

PIT_DEFINE_TUNE_CHANGE (PitChangeUsbDevice, pit_change_usb_device, "usb-device",
                        .owned = PIT_TUNE_OWNED (PIT_TUNE_STRV (PitChangeUsbDeviceOptions, ids)))
