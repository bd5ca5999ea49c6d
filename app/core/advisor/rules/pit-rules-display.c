/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-advisor"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pit-advisor-rules.h"
#include "pit-change-looking-glass.h"
#include "pit-looking-glass-size.h"
#include "pit-xml.h"

/* Seeing, hearing and controlling a guest whose GPU is passed through
 * (issue #17): Looking Glass, evdev, USB. */

static xmlNode *
looking_glass_shmem (PitAdvisorContext *ctx)
{
  g_autoptr(GPtrArray) nodes = pit_xml_find_nodes (ctx->root, "devices/shmem[@name='looking-glass']");

  return nodes->len > 0 ? g_ptr_array_index (nodes, 0) : NULL;
}

/* The first passed-through PCI device the host knows as a GPU */
static PitHostPciDevice *
passed_gpu (PitAdvisorContext *ctx)
{
  for (guint i = 0; i < ctx->summary->hostdevs->len; i++)
    {
      PitHostdevInfo *dev = g_ptr_array_index (ctx->summary->hostdevs, i);
      PitHostPciDevice *device;

      if (g_strcmp0 (dev->type, "pci") != 0 || dev->address == NULL)
        continue;
      device = pit_advisor_context_find_pci (ctx, dev->address);
      if (device != NULL && pit_host_pci_device_is_gpu (device))
        return device;
    }
  return NULL;
}

static gboolean
has_usb_passthrough (PitAdvisorContext *ctx)
{
  g_autoptr(GPtrArray) usb = pit_xml_find_nodes (ctx->root, "devices/hostdev[@mode='subsystem'][@type='usb']");

  if (usb->len > 0)
    return TRUE;
  for (guint i = 0; i < ctx->summary->hostdevs->len; i++)
    {
      PitHostdevInfo *dev = g_ptr_array_index (ctx->summary->hostdevs, i);
      PitHostPciDevice *device;

      if (g_strcmp0 (dev->type, "pci") != 0 || dev->address == NULL)
        continue;
      device = pit_advisor_context_find_pci (ctx, dev->address);
      if (device != NULL && pit_host_pci_device_is_usb (device))
        return TRUE;
    }
  return FALSE;
}

void
pit_rule_display_no_way (PitAdvisorContext *ctx)
{
  PitHostPciDevice *gpu = passed_gpu (ctx);
  g_autoptr(GPtrArray) evdev = NULL;
  g_autoptr(GPtrArray) graphics = NULL;
  g_autofree char *host_text = NULL;
  PitAdvisorFinding *finding;

  if (gpu == NULL || looking_glass_shmem (ctx) != NULL)
    return;
  evdev = pit_xml_find_nodes (ctx->root, "devices/input[@type='evdev']");
  if (evdev->len > 0 || has_usb_passthrough (ctx))
    return;

  /* a SPICE or VNC window still reaches the guest, clumsily: it shows the
   * emulated display, not the GPU's */
  graphics = pit_xml_find_nodes (ctx->root, "devices/graphics");
  finding = pit_advisor_context_add (ctx, "display-no-way",
                                     graphics->len > 0 ? PIT_ADVISOR_SEVERITY_LOW : PIT_ADVISOR_SEVERITY_MEDIUM,
                                     _("A passed-through GPU, but no way to see or control the guest from here"),
                                     _("The guest draws on the GPU it was given, and that picture leaves through "
                                       "the GPU’s own ports, not through the SPICE window. Unless a monitor, "
                                       "keyboard and mouse of its own are plugged in, the guest cannot be seen "
                                       "or used: Looking Glass shows its picture in a window on the host, and "
                                       "the host’s keyboard and mouse (by evdev) or a USB controller of its "
                                       "own let you control it. A SPICE or VNC window only shows the emulated display."));
  pit_advisor_finding_set_subject (finding, gpu->address);
  host_text = g_strdup_printf ("%s %s", gpu->address, gpu->device_name != NULL ? gpu->device_name : "");
  pit_advisor_finding_add_evidence (finding, PIT_ADVISOR_EVIDENCE_HOST, _("Passed-through GPU"), host_text);
  pit_advisor_context_add_xml (ctx, finding, _("Inputs"), "devices/input");
  pit_advisor_finding_set_fix_tune (finding, PIT_WIZARD_SECTION_DISPLAY, _("Choose how to see and control it"),
                                    _("Add Looking Glass and hand over the keyboard and mouse, for example "
                                      "pitstop-cli tune --looking-glass 1920x1080 --evdev-keyboard ID "
                                      "--evdev-mouse ID (the IDs are listed by pitstop-cli host); or pass a "
                                      "USB controller with --usb-controller."));
}

void
pit_rule_looking_glass_balloon (PitAdvisorContext *ctx)
{
  xmlNode *shmem = looking_glass_shmem (ctx);
  g_autoptr(GPtrArray) balloons = NULL;
  g_autofree char *model = NULL;
  PitAdvisorFinding *finding;

  if (shmem == NULL)
    return;
  balloons = pit_xml_find_nodes (ctx->root, "devices/memballoon");
  /* without the element libvirt adds a virtio balloon itself */
  if (balloons->len > 0)
    {
      model = pit_xml_get_prop (g_ptr_array_index (balloons, 0), "model");
      if (g_strcmp0 (model, "none") == 0)
        return;
    }

  finding = pit_advisor_context_add (ctx, "looking-glass-balloon", PIT_ADVISOR_SEVERITY_MEDIUM,
                                     _("Memory balloon next to Looking Glass"),
                                     _("A memory balloon lets the host take memory back from a running guest. "
                                       "libvirt adds one unless told not to, and Looking Glass’s setup guide "
                                       "asks for it to be turned off: in passthrough setups it costs a lot of "
                                       "performance, and a guest whose frames go through shared memory gains "
                                       "nothing from it."));
  pit_advisor_add_xml_node (finding, _("Looking Glass"), shmem);
  if (balloons->len > 0)
    pit_advisor_add_xml_node (finding, _("Memory balloon"), g_ptr_array_index (balloons, 0));
  pit_advisor_finding_set_fix_advice (finding,
                                      _("Turn the balloon off: <memballoon model='none'/> (pitstop-cli tune "
                                        "--looking-glass WIDTHxHEIGHT does it)."));
}

/* <size> in MiB (libvirt's default unit is bytes); 0 when unreadable */
static guint64
size_mib (xmlNode *shmem)
{
  g_autofree char *text = pit_xml_get_string (shmem, "size");
  g_autofree char *unit = pit_xml_get_string (shmem, "size/@unit");
  guint64 value, scale;

  if (text == NULL || !g_ascii_string_to_unsigned (g_strstrip (text), 10, 1, G_MAXUINT32, &value, NULL))
    return 0;
  if (unit == NULL || g_ascii_strcasecmp (unit, "b") == 0 || g_ascii_strcasecmp (unit, "bytes") == 0)
    scale = 1;
  else if (g_ascii_strcasecmp (unit, "k") == 0 || g_ascii_strcasecmp (unit, "KiB") == 0)
    scale = 1024;
  else if (g_ascii_strcasecmp (unit, "M") == 0 || g_ascii_strcasecmp (unit, "MiB") == 0)
    scale = 1024 * 1024;
  else if (g_ascii_strcasecmp (unit, "G") == 0 || g_ascii_strcasecmp (unit, "GiB") == 0)
    scale = 1024 * 1024 * 1024;
  else
    return 0;
  return value * scale / (1024 * 1024);
}

void
pit_rule_looking_glass_size (PitAdvisorContext *ctx)
{
  xmlNode *shmem = looking_glass_shmem (ctx);
  g_autofree char *stated = NULL;
  PitLookingGlassMode mode;
  guint64 have;
  g_autofree char *explanation = NULL;
  g_autofree char *fix = NULL;
  PitAdvisorFinding *finding;

  if (shmem == NULL)
    return;
  /* the largest mode the user gave Pitstop; unknown otherwise: quiet */
  stated = pit_xml_get_string (ctx->root, "string(metadata/*[namespace-uri()='" PIT_DISPLAY_NAMESPACE "']"
                                          "/*[local-name()='looking-glass']/@mode)");
  if (stated == NULL || !pit_looking_glass_parse_mode (stated, &mode, NULL))
    return;
  have = size_mib (shmem);
  if (have == 0 || pit_looking_glass_fits (&mode, have))
    return;

  explanation = g_strdup_printf (_("Looking Glass needs %llu MiB of shared memory for %s (two frames and its "
                                   "own data, as its documentation computes it), and this device has %llu MiB. "
                                   "Modes that do not fit are cut off at the bottom or refused."),
                                 (unsigned long long) pit_looking_glass_size_mib (&mode), stated,
                                 (unsigned long long) have);
  finding = pit_advisor_context_add (ctx, "looking-glass-size", PIT_ADVISOR_SEVERITY_HIGH,
                                     _("Looking Glass’s shared memory is too small for the resolution"),
                                     explanation);
  pit_advisor_add_xml_node (finding, _("Looking Glass"), shmem);
  fix = g_strdup_printf (_("Size it for the mode: pitstop-cli tune --looking-glass %s (and the kvmfr module’s "
                           "static_size_mb in the host plan, if you use it)."), stated);
  pit_advisor_finding_set_fix_advice (finding, fix);
}
