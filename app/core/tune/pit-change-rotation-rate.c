/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-tune"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pit-change-rotation-rate.h"
#include "pit-error.h"
#include "pit-xml.h"

#define SSD "1"        /* libvirt: 1 means a non-rotating disk */
#define HDD "7200"

gboolean
pit_rotation_rate_from_string (const char       *text,
                               PitRotationRate  *rate,
                               GError          **error)
{
  if (g_strcmp0 (text, "auto") == 0)
    *rate = PIT_ROTATION_RATE_AUTO;
  else if (g_strcmp0 (text, "ssd") == 0)
    *rate = PIT_ROTATION_RATE_SSD;
  else if (g_strcmp0 (text, "hdd") == 0)
    *rate = PIT_ROTATION_RATE_HDD;
  else
    {
      g_set_error (error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT,
                   _("The rotation rate is auto, ssd or hdd, not “%s”"), text ? text : "");
      return FALSE;
    }
  return TRUE;
}

/* From the host's storage under the disk; NULL when it is not known */
static const char *
rate_of_storage (PitTuneContext *context,
                 xmlNode        *disk)
{
  g_autofree char *source = pit_xml_get_string (disk, "string(source/@dev | source/@file)");
  g_autoptr(PitHostStorage) storage = pit_tune_context_get_storage (context, source);

  if (storage == NULL || storage->rotational < 0)
    {
      g_autofree char *target = pit_xml_get_string (disk, "target/@dev");

      pit_tune_context_warn (context, _("The disk %s keeps its rotation rate: what it is stored on is not "
                                        "known"), target ? target : "?");
      return NULL;
    }
  return storage->rotational == 1 ? HDD : SSD;
}

static const char * const descriptions[] = {
  [PIT_ROTATION_RATE_AUTO] = N_("Tell the guest whether each SATA, SCSI and IDE disk is an SSD or a hard drive, "
                                "as the host’s storage under it is"),
  [PIT_ROTATION_RATE_SSD] = N_("Tell the guest that its SATA, SCSI and IDE disks are SSDs, so it trims them "
                               "and does not defragment them"),
  [PIT_ROTATION_RATE_HDD] = N_("Tell the guest that its SATA, SCSI and IDE disks are hard drives (7200 rpm)"),
};

static void
pit_change_rotation_rate_describe (const PitChangeRotationRateOptions *options,
                                   GPtrArray                          *sentences)
{
  guint rate = MIN ((guint) options->rate, G_N_ELEMENTS (descriptions) - 1);

  g_ptr_array_add (sentences, g_strdup (_(descriptions[rate])));
}

static gboolean
pit_change_rotation_rate_apply (PitTuneContext                      *context,
                                const PitChangeRotationRateOptions  *options,
                                GError                             **error)
{
  g_autoptr(GPtrArray) disks = pit_xml_find_nodes (context->root,
                                                   "devices/disk[not(@device) or @device='disk']"
                                                   "[target/@bus='sata' or target/@bus='scsi' or target/@bus='ide']");

  if (disks->len == 0)
    {
      pit_tune_context_warn (context, _("No disk of this guest is on SATA, SCSI or IDE, the buses that tell "
                                        "a rotation rate; virtio disks have none"));
      return TRUE;
    }
  for (guint i = 0; i < disks->len; i++)
    {
      xmlNode *disk = g_ptr_array_index (disks, i);
      const char *rate = options->rate == PIT_ROTATION_RATE_SSD ? SSD
                         : options->rate == PIT_ROTATION_RATE_HDD ? HDD
                         : rate_of_storage (context, disk);

      if (rate != NULL)
        pit_xml_set_prop (pit_xml_child (disk, "target"), "rotation_rate", rate);
    }
  return TRUE;
}

PIT_DEFINE_TUNE_CHANGE (PitChangeRotationRate, pit_change_rotation_rate, "rotation-rate")
