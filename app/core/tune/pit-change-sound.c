/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-tune"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pit-change-sound.h"
#include "pit-error.h"
#include "pit-xml.h"

gboolean
pit_sound_backend_from_string (const char       *text,
                               PitSoundBackend  *backend,
                               GError          **error)
{
  if (g_strcmp0 (text, "pulseaudio") == 0)
    *backend = PIT_SOUND_PULSEAUDIO;
  else if (g_strcmp0 (text, "spice") == 0)
    *backend = PIT_SOUND_SPICE;
  else
    {
      g_set_error (error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT,
                   _("Unknown sound backend “%s”; choose pulseaudio or spice"), text != NULL ? text : "");
      return FALSE;
    }
  return TRUE;
}

char *
pit_sound_default_server (guint uid)
{
  return g_strdup_printf ("/run/user/%u/pulse/native", uid);
}

/* The audio function of a passed-through GPU, when the host says which */
static void
note_hdmi_audio (PitTuneContext *context)
{
  g_autoptr(GPtrArray) addresses = NULL;

  if (context->host == NULL)
    return;
  addresses = pit_xml_find_nodes (context->root, "devices/hostdev[@mode='subsystem'][@type='pci']/source/address");
  for (guint i = 0; i < addresses->len; i++)
    {
      xmlNode *node = g_ptr_array_index (addresses, i);
      g_autofree char *d = pit_xml_get_prop (node, "domain");
      g_autofree char *b = pit_xml_get_prop (node, "bus");
      g_autofree char *s = pit_xml_get_prop (node, "slot");
      g_autofree char *f = pit_xml_get_prop (node, "function");
      g_autofree char *text = g_strdup_printf ("%s:%s:%s.%s", d ? d + (g_str_has_prefix (d, "0x") ? 2 : 0) : "0",
                                               b ? b + (g_str_has_prefix (b, "0x") ? 2 : 0) : "",
                                               s ? s + (g_str_has_prefix (s, "0x") ? 2 : 0) : "",
                                               f ? f + (g_str_has_prefix (f, "0x") ? 2 : 0) : "");
      PitHostPciDevice *device = pit_host_inventory_find_pci_device (context->host, text);

      if (device == NULL || device->class_id != 0x0403)
        continue;
      /* a display function of the same slot: HDMI/DisplayPort audio */
      {
        GPtrArray *pci = pit_host_inventory_get_pci_devices (context->host);

        for (guint k = 0; k < pci->len; k++)
          {
            PitHostPciDevice *gpu = pci->pdata[k];

            if (pit_host_pci_device_is_gpu (gpu) && pit_host_pci_device_same_slot (gpu, device))
              {
                pit_tune_context_warn (context, _("The guest already has sound through the GPU’s HDMI or "
                                                  "DisplayPort audio (%s), on the monitor’s speakers or "
                                                  "headphone socket; this adds a second sound card for "
                                                  "your desktop’s speakers"), device->address);
                return;
              }
          }
      }
    }
}

static xmlNode *
find_audio (xmlNode    *root,
            const char *type)
{
  g_autofree char *xpath = g_strdup_printf ("devices/audio[@type='%s']", type);
  g_autoptr(GPtrArray) nodes = pit_xml_find_nodes (root, xpath);

  return nodes->len > 0 ? g_ptr_array_index (nodes, 0) : NULL;
}

static guint64
next_audio_id (xmlNode *root)
{
  g_autoptr(GPtrArray) nodes = pit_xml_find_nodes (root, "devices/audio/@id");
  guint64 max = 0;

  for (guint i = 0; i < nodes->len; i++)
    {
      g_autofree char *text = pit_xml_get_string (g_ptr_array_index (nodes, i), ".");
      guint64 id;

      if (text != NULL && g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT32, &id, NULL))
        max = MAX (max, id);
    }
  return max + 1;
}

static gboolean
pit_change_sound_apply (PitTuneContext               *context,
                        const PitChangeSoundOptions  *options,
                        GError                      **error)
{
  const char *type = options->backend == PIT_SOUND_SPICE ? "spice" : "pulseaudio";
  g_autoptr(GPtrArray) cards = NULL;
  g_autofree char *id = NULL;
  xmlNode *audio, *card, *ref;

  if (options->backend == PIT_SOUND_PULSEAUDIO
      && (options->server == NULL || !g_path_is_absolute (options->server)))
    {
      g_set_error_literal (error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT,
                           _("PulseAudio needs the path of your sound server’s socket, such as "
                             "/run/user/1000/pulse/native"));
      return FALSE;
    }
  if (!pit_tune_context_require_x86 (context, _("The sound card"), error))
    return FALSE;

  note_hdmi_audio (context);

  audio = find_audio (context->root, type);
  if (audio == NULL)
    {
      g_autofree char *new_id = g_strdup_printf ("%" G_GUINT64_FORMAT, next_audio_id (context->root));

      audio = pit_xml_insert_child (pit_tune_context_get_devices (context), "audio", NULL);
      pit_xml_set_prop (audio, "id", new_id);
      pit_xml_set_prop (audio, "type", type);
    }
  if (options->backend == PIT_SOUND_PULSEAUDIO)
    {
      g_autofree char *server = pit_xml_get_prop (audio, "serverName");

      if (g_strcmp0 (server, options->server) != 0)
        pit_xml_set_prop (audio, "serverName", options->server);
    }
  else
    {
      g_autoptr(GPtrArray) spice = pit_xml_find_nodes (context->root, "devices/graphics[@type='spice']");

      if (spice->len == 0)
        pit_tune_context_warn (context, _("Sound over SPICE is heard where a SPICE client shows the guest; "
                                          "the guest has no SPICE display yet"));
    }
  id = pit_xml_get_prop (audio, "id");

  /* the first card that is not USB audio or a speaker: it becomes ich9 */
  cards = pit_xml_find_nodes (context->root, "devices/sound[not(@model='usb') and not(@model='pcspk')]");
  if (cards->len > 0)
    {
      g_autofree char *model = NULL;

      card = g_ptr_array_index (cards, 0);
      model = pit_xml_get_prop (card, "model");
      if (g_strcmp0 (model, "ich9") != 0)
        {
          /* ich6's and ac97's codecs and address go with the old model */
          g_autoptr(GPtrArray) codecs = pit_xml_find_nodes (card, "codec | address");

          for (guint i = 0; i < codecs->len; i++)
            pit_xml_remove (g_ptr_array_index (codecs, i));
          pit_xml_set_prop (card, "model", "ich9");
        }
    }
  else
    {
      card = pit_xml_insert_child (pit_tune_context_get_devices (context), "sound", NULL);
      pit_xml_set_prop (card, "model", "ich9");
    }
  ref = pit_xml_child (card, "audio");
  if (ref == NULL)
    ref = pit_xml_insert_child (card, "audio", (const char * const[]) { "codec", NULL });
  {
    g_autofree char *current = pit_xml_get_prop (ref, "id");

    if (g_strcmp0 (current, id) != 0)
      pit_xml_set_prop (ref, "id", id);
  }
  return TRUE;
}

static void
pit_change_sound_describe (const PitChangeSoundOptions *options,
                           GPtrArray                   *sentences)
{
  g_ptr_array_add (sentences,
                   options->backend == PIT_SOUND_SPICE
                   ? g_strdup (_("Add an Intel HDA sound card that plays through SPICE"))
                   : g_strdup_printf (_("Add an Intel HDA sound card that plays into your sound server (%s)"),
                                      options->server ? options->server : ""));
}

PIT_DEFINE_TUNE_CHANGE (PitChangeSound, pit_change_sound, "sound",
                        .owned = PIT_TUNE_OWNED (PIT_TUNE_STRING (PitChangeSoundOptions, server)))
