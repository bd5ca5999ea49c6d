/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-tune"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pit-change-looking-glass.h"
#include "pit-error.h"
#include "pit-xml.h"

static xmlNode *
find_shmem (xmlNode *root)
{
  g_autoptr(GPtrArray) nodes = pit_xml_find_nodes (root, "devices/shmem[@name='looking-glass']");

  return nodes->len > 0 ? g_ptr_array_index (nodes, 0) : NULL;
}

static void
set_shmem (PitTuneContext *context,
           guint64         size_mib)
{
  xmlNode *shmem = find_shmem (context->root);
  g_autofree char *size_text = g_strdup_printf ("%" G_GUINT64_FORMAT, size_mib);
  g_autofree char *model = NULL;
  g_autofree char *unit = NULL;
  g_autofree char *size = NULL;
  xmlNode *node;

  if (shmem == NULL)
    {
      shmem = pit_xml_insert_child (pit_tune_context_get_devices (context), "shmem", NULL);
      pit_xml_set_prop (shmem, "name", "looking-glass");
    }
  model = pit_xml_get_string (shmem, "model/@type");
  if (g_strcmp0 (model, "ivshmem-plain") != 0)
    {
      node = pit_xml_ensure_child (shmem, "model", (const char * const[]) { NULL });
      pit_xml_set_prop (node, "type", "ivshmem-plain");
    }
  unit = pit_xml_get_string (shmem, "size/@unit");
  size = pit_xml_get_string (shmem, "size");
  if (g_strcmp0 (unit, "M") != 0 || g_strcmp0 (size, size_text) != 0)
    {
      node = pit_xml_ensure_child (shmem, "size", (const char * const[]) { "model", NULL });
      pit_xml_set_prop (node, "unit", "M");
      pit_xml_set_text (node, size_text);
    }
  /* an ivshmem-doorbell's server has no place on ivshmem-plain */
  node = pit_xml_child (shmem, "server");
  if (node != NULL)
    pit_xml_remove (node);
  node = pit_xml_child (shmem, "msi");
  if (node != NULL)
    pit_xml_remove (node);
}

static void
set_balloon_none (PitTuneContext *context)
{
  g_autoptr(GPtrArray) balloons = pit_xml_find_nodes (context->root, "devices/memballoon");
  xmlNode *balloon;
  g_autofree char *model = NULL;

  if (balloons->len == 0)
    {
      balloon = pit_xml_insert_child (pit_tune_context_get_devices (context), "memballoon", NULL);
      pit_xml_set_prop (balloon, "model", "none");
      return;
    }
  balloon = g_ptr_array_index (balloons, 0);
  model = pit_xml_get_prop (balloon, "model");
  if (g_strcmp0 (model, "none") == 0)
    return;
  /* no device: its address, statistics period and driver options go too */
  while (balloon->children != NULL)
    pit_xml_remove (balloon->children);
  for (xmlAttr *attr = balloon->properties; attr != NULL;)
    {
      xmlAttr *next = attr->next;

      xmlRemoveProp (attr);
      attr = next;
    }
  pit_xml_set_prop (balloon, "model", "none");
}

static gboolean
pit_change_looking_glass_apply (PitTuneContext                      *context,
                                const PitChangeLookingGlassOptions  *options,
                                GError                             **error)
{
  guint64 size;
  g_autofree char *mode = NULL;
  g_autofree char *record = NULL;
  g_autofree char *current = NULL;

  if (options->mode.width == 0 || options->mode.height == 0)
    {
      g_set_error_literal (error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT,
                           _("Choose the guest’s largest resolution for Looking Glass, for example 1920x1080"));
      return FALSE;
    }
  if (!pit_tune_context_require_x86 (context, _("Looking Glass"), error))
    return FALSE;

  size = pit_looking_glass_size_mib (&options->mode);
  set_shmem (context, size);
  set_balloon_none (context);

  mode = pit_looking_glass_format_mode (&options->mode);
  current = pit_xml_get_string (context->root, "string(metadata/*[namespace-uri()='" PIT_DISPLAY_NAMESPACE
                                               "'][local-name()='display']/*[local-name()='looking-glass']/@mode)");
  if (g_strcmp0 (current, mode) != 0)
    {
      record = g_markup_printf_escaped ("<display><looking-glass mode=\"%s\" size-mib=\"%" G_GUINT64_FORMAT
                                        "\"/></display>", mode, size);
      if (!gvir_config_domain_set_custom_xml (context->domain, record, PIT_DISPLAY_NAMESPACE_PREFIX,
                                              PIT_DISPLAY_NAMESPACE, error))
        return FALSE;
    }
  return TRUE;
}

static void
pit_change_looking_glass_describe (const PitChangeLookingGlassOptions *options,
                                   GPtrArray                          *sentences)
{
  g_autofree char *mode = pit_looking_glass_format_mode (&options->mode);

  g_ptr_array_add (sentences,
                   g_strdup_printf (_("Add Looking Glass’s shared memory for %s (%llu MiB) and turn off the memory "
                                      "balloon"),
                                    mode, (unsigned long long) pit_looking_glass_size_mib (&options->mode)));
}

PIT_DEFINE_TUNE_CHANGE (PitChangeLookingGlass, pit_change_looking_glass, "looking-glass")
