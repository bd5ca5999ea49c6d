/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-tune"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "pit-change-bridge.h"
#include "pit-change-virtio-nic.h"
#include "pit-error.h"
#include "pit-xml.h"

/* Card types that can become a bridge port; the others (hostdev, vhostuser,
 * vdpa, sockets) carry a different kind of backend. */
static const char * const convertible[] = { "network", "bridge", "user", "direct", "ethernet", NULL };

static gboolean
check_bridge_name (const char  *name,
                   GError     **error)
{
  /* a Linux interface name: IFNAMSIZ - 1 bytes, no '/', no blanks */
  if (name == NULL || *name == '\0' || strlen (name) > 15 || strchr (name, '/') != NULL
      || strpbrk (name, " \t\n:") != NULL || g_str_equal (name, ".") || g_str_equal (name, ".."))
    {
      g_set_error (error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a bridge name (up to 15 characters, no “/”, “:” or spaces)"),
                   name ? name : "");
      return FALSE;
    }
  return TRUE;
}

static void
pit_change_bridge_describe (const PitChangeBridgeOptions *options,
                            GPtrArray                    *sentences)
{
  g_ptr_array_add (sentences, g_strdup_printf (_("Connect the network card to the bridge %s (virtio)"),
                                               options->bridge));
}

static gboolean
pit_change_bridge_apply (PitTuneContext                *context,
                         const PitChangeBridgeOptions  *options,
                         GError                       **error)
{
  g_autoptr(GPtrArray) nics = NULL;
  g_autofree char *mac = NULL;
  xmlNode *node, *source, *child;
  g_autofree char *type = NULL;

  if (!check_bridge_name (options->bridge, error))
    return FALSE;
  nics = pit_tune_find_interfaces (context, options->mac, error);
  if (nics == NULL)
    return FALSE;
  if (nics->len > 1)
    {
      g_autoptr(GString) macs = g_string_new (NULL);

      for (guint i = 0; i < nics->len; i++)
        {
          g_autofree char *other = pit_xml_get_string (g_ptr_array_index (nics, i), "mac/@address");

          g_string_append_printf (macs, "%s%s", i > 0 ? ", " : "", other ? other : _("no MAC"));
        }
      g_set_error (error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT,
                   _("The guest has %u network cards (%s): choose one by its MAC address"),
                   nics->len, macs->str);
      return FALSE;
    }

  node = g_ptr_array_index (nics, 0);
  type = pit_xml_get_prop (node, "type");
  if (type == NULL || !g_strv_contains (convertible, type))
    {
      g_set_error (error, PIT_ERROR, PIT_ERROR_UNSUPPORTED,
                   _("A network card of type “%s” cannot be moved onto a bridge"), type ? type : "");
      return FALSE;
    }

  /* libvirt-gconfig cannot change a card's type in place (only build a new
   * card, which would drop its address, boot order and driver settings) */
  if (!g_str_equal (type, "bridge"))
    {
      pit_xml_set_prop (node, "type", "bridge");
      while ((child = pit_xml_child (node, "virtualport")) != NULL)
        pit_xml_remove (child);
    }
  source = pit_xml_child (node, "source");
  if (source != NULL)
    {
      g_autofree char *current = pit_xml_get_prop (source, "bridge");

      gboolean keep = g_strcmp0 (current, options->bridge) == 0 && source->properties != NULL
                      && source->properties->next == NULL && !pit_xml_has_element_children (source);

      if (!keep)
        {
          pit_xml_remove (source);
          source = NULL;
        }
    }
  if (source == NULL)
    {
      static const char * const source_after[] = { "mac", NULL };

      source = pit_xml_insert_child (node, "source", source_after);
      pit_xml_set_prop (source, "bridge", options->bridge);
    }

  mac = pit_xml_get_string (node, "mac/@address");
  if (pit_tune_set_interface_model (node, "virtio", error) == NULL)
    return FALSE;
  if (mac == NULL)
    pit_tune_context_warn (context, _("The network card has no MAC address: libvirt will choose one"));

  return TRUE;
}

PIT_DEFINE_TUNE_CHANGE (PitChangeBridge, pit_change_bridge, "bridge",
                        .owned = PIT_TUNE_OWNED (PIT_TUNE_STRING (PitChangeBridgeOptions, bridge), PIT_TUNE_STRING (PitChangeBridgeOptions, mac)))
