/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-advisor"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "pit-advisor-rules.h"
#include "pit-xml.h"

/* What virt-manager 4 turns on for Windows guests (libosinfo), minus the
 * ones that need a particular host (evmcs, avic). */
static const char * const enlightenments[] = {
  "relaxed", "vapic", "spinlocks", "vpindex", "runtime", "synic", "stimer",
  "frequencies", "tlbflush", "ipi", NULL
};

static gboolean
enlightenment_on (xmlNode    *hyperv,
                  const char *name)
{
  g_autofree char *xpath = g_strdup_printf ("%s/@state", name);
  g_autofree char *state = pit_xml_get_string (hyperv, xpath);

  return g_strcmp0 (state, "on") == 0;
}

void
pit_rule_windows_hyperv (PitAdvisorContext *ctx)
{
  g_autoptr(GPtrArray) nodes = NULL;
  g_autoptr(GString) missing = g_string_new (NULL);
  g_autofree char *mode = NULL;
  g_autofree char *explanation = NULL;
  g_autofree char *fix = NULL;
  xmlNode *hyperv = NULL;
  PitAdvisorFinding *finding;
  guint n_missing = 0;

  if (!ctx->windows || !ctx->kvm)
    return;
  nodes = pit_xml_find_nodes (ctx->root, "features/hyperv");
  if (nodes->len > 0)
    {
      hyperv = g_ptr_array_index (nodes, 0);
      mode = pit_xml_get_string (hyperv, "@mode");
      /* libvirt 8.0+: every enlightenment the host supports */
      if (g_strcmp0 (mode, "passthrough") == 0)
        return;
    }
  for (guint i = 0; enlightenments[i] != NULL; i++)
    if (hyperv == NULL || !enlightenment_on (hyperv, enlightenments[i]))
      {
        g_string_append_printf (missing, "%s%s", missing->len > 0 ? ", " : "", enlightenments[i]);
        n_missing++;
      }
  if (n_missing == 0)
    return;

  explanation = g_strdup_printf (hyperv == NULL
                                   ? _("Windows runs best when the hypervisor tells it that it is a VM and "
                                       "offers Hyper-V’s shortcuts (“enlightenments”) for timers, interrupts "
                                       "and spinning locks. This VM offers none, so Windows wastes CPU time "
                                       "on work a VM does not need. Missing: %s.")
                                   : _("Windows runs best when the hypervisor offers Hyper-V’s shortcuts "
                                       "(“enlightenments”) for timers, interrupts and spinning locks. This VM "
                                       "offers only some of them. Missing: %s."),
                                 missing->str);
  finding = pit_advisor_context_add (ctx, "windows-hyperv",
                                     n_missing > 5 ? PIT_ADVISOR_SEVERITY_MEDIUM : PIT_ADVISOR_SEVERITY_LOW,
                                     _("Windows without the Hyper-V enlightenments"), explanation);
  if (hyperv != NULL)
    pit_advisor_add_xml_node (finding, _("Hyper-V features"), hyperv);
  fix = g_strdup_printf (_("Turn on %s, with the Hyper-V clock that stimer needs."), missing->str);
  pit_advisor_finding_set_fix_tune (finding, PIT_WIZARD_SECTION_CPU, _("Turn them on"), fix);
}

void
pit_rule_windows_timers (PitAdvisorContext *ctx)
{
  g_autoptr(GPtrArray) clocks = NULL;
  g_autofree char *hypervclock = NULL;
  g_autofree char *hpet = NULL;
  g_autoptr(GString) problems = g_string_new (NULL);
  g_autofree char *explanation = NULL;
  PitAdvisorFinding *finding;

  if (!ctx->windows || !ctx->kvm)
    return;
  clocks = pit_xml_find_nodes (ctx->root, "clock");
  hypervclock = pit_xml_get_string (ctx->root, "clock/timer[@name='hypervclock']/@present");
  hpet = pit_xml_get_string (ctx->root, "clock/timer[@name='hpet']/@present");

  if (g_strcmp0 (hypervclock, "yes") != 0)
    g_string_append (problems, _("there is no Hyper-V clock (hypervclock), so Windows reads slow emulated "
                                 "timers many thousands of times a second"));
  if (g_strcmp0 (hpet, "yes") == 0)
    g_string_append_printf (problems, "%s%s", problems->len > 0 ? _("; and ") : "",
                            _("the emulated HPET timer is on, which Windows then prefers although it is "
                              "the slowest one to read"));
  if (problems->len == 0)
    return;

  explanation = g_strdup_printf (_("The VM’s timers slow Windows down: %s."), problems->str);
  finding = pit_advisor_context_add (ctx, "windows-timers", PIT_ADVISOR_SEVERITY_LOW,
                                     _("Windows with a poor timer setup"), explanation);
  if (clocks->len > 0)
    pit_advisor_add_xml_node (finding, _("Clock"), g_ptr_array_index (clocks, 0));
  pit_advisor_finding_set_fix_tune (finding, PIT_WIZARD_SECTION_CPU, _("Fix the timers"),
                                    _("Add the Hyper-V clock, turn the HPET off, and let rtc catch up "
                                      "(tickpolicy='catchup') and pit delay (tickpolicy='delay')."));
}

static gboolean
is_driver_disc (const char *source)
{
  g_autofree char *base = NULL;
  g_autofree char *lower = NULL;

  if (source == NULL)
    return FALSE;
  base = g_path_get_basename (source);
  lower = g_ascii_strdown (base, -1);
  return strstr (lower, "virtio") != NULL;
}

void
pit_rule_windows_virtio_iso (PitAdvisorContext *ctx)
{
  g_autoptr(GPtrArray) virtio = NULL;
  g_autoptr(GPtrArray) discs = NULL;
  PitAdvisorFinding *finding;

  if (!ctx->windows)
    return;
  virtio = pit_xml_find_nodes (ctx->root,
                               "devices/disk[target/@bus='virtio'] | devices/interface[model/@type='virtio'] "
                               "| devices/controller[@type='scsi'][@model='virtio-scsi']");
  if (virtio->len == 0)
    return;
  discs = pit_xml_find_nodes (ctx->root, "devices/disk[@device='cdrom']");
  for (guint i = 0; i < discs->len; i++)
    {
      g_autofree char *source = pit_xml_get_string (g_ptr_array_index (discs, i), "string(source/@file | source/@dev)");

      if (is_driver_disc (source))
        return;
    }

  finding = pit_advisor_context_add (ctx, "windows-virtio-iso", PIT_ADVISOR_SEVERITY_MEDIUM,
                                     _("Windows with virtio devices but no driver disc"),
                                     _("The VM has virtio devices, but Windows has no driver for them out of "
                                       "the box: they come from the virtio-win disc (from the Fedora project). "
                                       "No such disc is attached, so a new virtio device stays unknown (or a "
                                       "virtio boot disk is not found) until you attach it."));
  pit_advisor_add_xml_node (finding, _("virtio device"), g_ptr_array_index (virtio, 0));
  pit_advisor_finding_set_fix_tune (finding, PIT_WIZARD_SECTION_DRIVERS, _("Attach the driver disc"),
                                    _("Attach virtio-win.iso as a CD-ROM and install the drivers in Windows."));
}
