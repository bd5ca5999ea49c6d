/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-advisor"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pit-advisor-rules.h"
#include "pit-xml.h"

/* Steady frame times (issue #16): the disks' threads and what the guest is
 * told about its disks.  Both are fixed by the Drivers step. */

void
pit_rule_disk_iothread (PitAdvisorContext *ctx)
{
  g_autoptr(GPtrArray) disks = NULL;

  if (g_strcmp0 (ctx->summary->hypervisor, "kvm") != 0)
    return;
  disks = pit_xml_find_nodes (ctx->root, "devices/disk[not(@device) or @device='disk'][target/@bus='virtio']"
                                         "[not(driver/@iothread)][not(@type='vhostuser')]");
  for (guint i = 0; i < disks->len; i++)
    {
      xmlNode *disk = g_ptr_array_index (disks, i);
      g_autofree char *target = pit_xml_get_string (disk, "target/@dev");
      g_autofree char *explanation = NULL;
      PitAdvisorFinding *finding;

      explanation = g_strdup_printf (_("QEMU handles the virtio disk %s in its main thread, together with the "
                                       "emulated devices, the display and the monitor, and under one lock. "
                                       "Disk requests then wait behind that work, and the guest’s frame "
                                       "times stutter while it loads. An I/O thread gives the disk a "
                                       "thread of its own, which runs beside the emulator, away from the "
                                       "vCPUs."),
                                     target ? target : "?");
      finding = pit_advisor_context_add (ctx, "disk-iothread", PIT_ADVISOR_SEVERITY_LOW,
                                         _("A virtio disk without an I/O thread"), explanation);
      pit_advisor_finding_set_subject (finding, target);
      pit_advisor_add_xml_node (finding, _("Disk"), disk);
      pit_advisor_finding_set_fix_tune (finding, PIT_WIZARD_SECTION_DRIVERS, _("Add an I/O thread"),
                                        _("Give the guest an I/O thread for its virtio disks, pinned with "
                                          "the emulator."));
    }
}

void
pit_rule_disk_rotation_rate (PitAdvisorContext *ctx)
{
  g_autoptr(GPtrArray) disks = pit_xml_find_nodes (ctx->root,
                                                   "devices/disk[not(@device) or @device='disk']"
                                                   "[target/@bus='sata' or target/@bus='scsi' or target/@bus='ide']");

  for (guint i = 0; i < disks->len; i++)
    {
      xmlNode *disk = g_ptr_array_index (disks, i);
      g_autofree char *source = pit_xml_get_string (disk, "string(source/@dev | source/@file)");
      g_autofree char *target = pit_xml_get_string (disk, "target/@dev");
      PitHostStorage *storage = pit_advisor_context_get_storage (ctx, source);
      guint64 rate = 0;
      gboolean told;
      g_autofree char *explanation = NULL;
      PitAdvisorFinding *finding;

      if (storage == NULL || storage->rotational < 0)
        continue;
      told = pit_xml_get_uint64 (disk, "target/@rotation_rate", &rate);
      if (told && (rate == 1) == (storage->rotational == 0))
        continue;

      explanation = g_strdup_printf (storage->rotational == 1
                                       ? _("The disk %s is stored on a hard drive, but the guest is not told so. "
                                           "Windows judges a disk it knows nothing about by how fast it answers, "
                                           "and a volume the host serves from its cache looks like an SSD: "
                                           "Windows then stops defragmenting it and reads ahead less.")
                                       : _("The disk %s is stored on an SSD, but the guest is not told so. "
                                           "Windows may then treat it as a hard drive: defragment it instead "
                                           "of trimming it, and read ahead more than it needs."),
                                     target ? target : "?");
      finding = pit_advisor_context_add (ctx, "disk-rotation-rate", PIT_ADVISOR_SEVERITY_LOW,
                                         storage->rotational == 1
                                           ? _("The guest does not know its disk is a hard drive")
                                           : _("The guest does not know its disk is an SSD"),
                                         explanation);
      pit_advisor_finding_set_subject (finding, target);
      pit_advisor_add_xml_node (finding, _("Disk"), disk);
      pit_advisor_finding_set_fix_tune (finding, PIT_WIZARD_SECTION_DRIVERS, _("Set the rotation rate"),
                                        _("Tell the guest what the host’s storage under the disk is "
                                          "(rotation_rate 1 for an SSD, 7200 for a hard drive)."));
    }
}
