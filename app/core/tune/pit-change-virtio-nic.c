/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-tune"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pit-change-virtio-nic.h"
#include "pit-error.h"
#include "pit-xml.h"

/**
 * pit_tune_find_interfaces:
 * Returns: (transfer container) (element-type xmlNode): the <interface>
 *   nodes, or the one with @mac; %NULL with @error when there is none.
 */
GPtrArray *
pit_tune_find_interfaces (PitTuneContext  *context,
                          const char      *mac,
                          GError         **error)
{
  g_autoptr(GPtrArray) nodes = pit_xml_find_nodes (context->root, "devices/interface");
  g_autoptr(GPtrArray) ret = g_ptr_array_new ();

  for (guint i = 0; i < nodes->len; i++)
    {
      g_autofree char *other = pit_xml_get_string (g_ptr_array_index (nodes, i), "mac/@address");

      if (mac == NULL || (other != NULL && g_ascii_strcasecmp (mac, other) == 0))
        g_ptr_array_add (ret, g_ptr_array_index (nodes, i));
    }

  if (ret->len == 0)
    {
      if (mac != NULL)
        g_set_error (error, PIT_ERROR, PIT_ERROR_NOT_FOUND,
                     _("The guest has no network card with the MAC address %s"), mac);
      else
        g_set_error_literal (error, PIT_ERROR, PIT_ERROR_NOT_FOUND,
                             _("The guest has no network card"));
      return NULL;
    }
  return g_steal_pointer (&ret);
}

/**
 * pit_tune_set_interface_model:
 * Sets the model of the card @node with libvirt-gconfig.
 * Returns: (transfer none): the card's node (a new one when it changed)
 */
xmlNode *
pit_tune_set_interface_model (xmlNode     *node,
                              const char  *model,
                              GError     **error)
{
  g_autofree char *current = pit_xml_get_string (node, "model/@type");
  g_autoptr(GVirConfigDomainInterface) nic = NULL;

  if (g_strcmp0 (current, model) == 0)
    return node;
  /* any concrete interface type: the model setter is the base class's */
  nic = pit_tune_wrap_device (node, GVIR_CONFIG_TYPE_DOMAIN_INTERFACE_NETWORK, error);
  if (nic == NULL)
    return NULL;
  gvir_config_domain_interface_set_model (nic, model);
  return pit_tune_put_back_device (node, nic);
}

static void
pit_change_virtio_nic_describe (const PitChangeVirtioNicOptions *options,
                                GPtrArray                       *sentences)
{
  g_ptr_array_add (sentences,
                   options->mac ? g_strdup_printf (_("Use the virtio model for the network card %s"), options->mac)
                                : g_strdup (_("Use the virtio model for the network cards")));
}

static gboolean
pit_change_virtio_nic_apply (PitTuneContext                   *context,
                             const PitChangeVirtioNicOptions  *options,
                             GError                          **error)
{
  g_autoptr(GPtrArray) nics = pit_tune_find_interfaces (context, options->mac, error);
  guint changed = 0;

  if (nics == NULL)
    return FALSE;

  for (guint i = 0; i < nics->len; i++)
    {
      xmlNode *nic = g_ptr_array_index (nics, i);
      g_autofree char *type = pit_xml_get_prop (nic, "type");

      if (g_strcmp0 (type, "hostdev") == 0)
        continue;
      changed++;
      if (pit_tune_set_interface_model (nic, "virtio", error) == NULL)
        return FALSE;
    }
  if (changed == 0)
    {
      g_set_error_literal (error, PIT_ERROR, PIT_ERROR_UNSUPPORTED,
                           _("The guest’s network cards are passed-through devices; they have no model"));
      return FALSE;
    }
  return TRUE;
}

PIT_DEFINE_TUNE_CHANGE (PitChangeVirtioNic, pit_change_virtio_nic, "virtio-nic",
                        .owned = PIT_TUNE_OWNED (PIT_TUNE_STRING (PitChangeVirtioNicOptions, mac)))
