/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-tune"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pit-change-virtio-nic.h"
#include "pit-error.h"
#include "pit-xml.h"

GPtrArray *
pit_tune_find_interfaces (PitTuneContext  *context,
                          const char      *mac,
                          GError         **error)
{
  GList *devices = gvir_config_domain_get_devices (context->domain);
  g_autoptr(GPtrArray) ret = g_ptr_array_new_with_free_func (g_object_unref);

  for (GList *l = devices; l != NULL; l = l->next)
    {
      const char *other;

      if (!GVIR_CONFIG_IS_DOMAIN_INTERFACE (l->data))
        continue;
      other = gvir_config_domain_interface_get_mac (l->data);
      if (mac == NULL || (other != NULL && g_ascii_strcasecmp (mac, other) == 0))
        g_ptr_array_add (ret, g_object_ref (l->data));
    }
  g_list_free_full (devices, g_object_unref);

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

gboolean
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
      GVirConfigDomainInterface *nic = g_ptr_array_index (nics, i);
      g_autofree char *type = pit_xml_get_prop (pit_xml_object_node (nic), "type");

      if (g_strcmp0 (type, "hostdev") == 0)
        continue;
      changed++;
      if (g_strcmp0 (gvir_config_domain_interface_get_model (nic), "virtio") != 0)
        gvir_config_domain_interface_set_model (nic, "virtio");
    }
  if (changed == 0)
    {
      g_set_error_literal (error, PIT_ERROR, PIT_ERROR_UNSUPPORTED,
                           _("The guest’s network cards are passed-through devices; they have no model"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
apply_step (PitTuneContext  *context,
            gconstpointer    options,
            GError         **error)
{
  return pit_change_virtio_nic_apply (context, options, error);
}

static void
options_free (gpointer data)
{
  PitChangeVirtioNicOptions *options = data;

  g_free ((char *) options->mac);
  g_free (options);
}

PitTuneStep *
pit_change_virtio_nic_step (const PitChangeVirtioNicOptions *options)
{
  PitChangeVirtioNicOptions *copy = g_new0 (PitChangeVirtioNicOptions, 1);

  copy->mac = g_strdup (options->mac);
  return pit_tune_step_new ("virtio-nic",
                            copy->mac ? g_strdup_printf (_("Use the virtio model for the network card %s"), copy->mac)
                                      : g_strdup (_("Use the virtio model for the network cards")),
                            apply_step, copy, options_free);
}
