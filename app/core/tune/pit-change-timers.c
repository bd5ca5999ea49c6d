/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-tune"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pit-change-timers.h"
#include "pit-domain-summary.h"
#include "pit-xml.h"

/* Where libvirt writes <clock>: after <features>, <cpu> and <sysinfo>'s
 * neighbours, before <on_poweroff> and the rest. */
static const char * const clock_after[] = {
  "name", "uuid", "genid", "title", "description", "metadata", "maxMemory", "memory",
  "currentMemory", "blkiotune", "memtune", "memoryBacking", "vcpu", "vcpus", "iothreads",
  "iothreadids", "defaultiothread", "cputune", "numatune", "resource", "sysinfo", "bootloader",
  "bootloader_args", "os", "idmap", "features", "cpu", NULL
};

xmlNode *
pit_change_timers_ensure (PitTuneContext *context,
                          const char     *name)
{
  xmlNode *clock = pit_xml_child (context->root, "clock");
  g_autoptr(GPtrArray) timers = NULL;
  xmlNode *timer;

  if (clock == NULL)
    {
      /* libvirt's default, so the guest's time does not move */
      clock = pit_xml_insert_child (context->root, "clock", clock_after);
      pit_xml_set_prop (clock, "offset", "utc");
    }
  timers = pit_xml_children (clock, "timer");
  for (guint i = 0; i < timers->len; i++)
    {
      g_autofree char *timer_name = pit_xml_get_prop (g_ptr_array_index (timers, i), "name");

      if (g_strcmp0 (timer_name, name) == 0)
        return g_ptr_array_index (timers, i);
    }
  timer = pit_xml_insert_child (clock, "timer", NULL);
  pit_xml_set_prop (timer, "name", name);
  return timer;
}

static gboolean
is_present (xmlNode *timer)
{
  g_autofree char *present = pit_xml_get_prop (timer, "present");

  return g_strcmp0 (present, "no") != 0;
}

static void
pit_change_timers_describe (const PitChangeTimersOptions *options,
                            GPtrArray                    *sentences)
{
  const char *text = options->keep_hpet
                       ? _("Let the guest catch up on missed clock ticks, and the Hyper-V clock for Windows")
                       : _("Turn the emulated HPET off and let the guest catch up on missed clock ticks, with "
                           "the Hyper-V clock for Windows");

  g_ptr_array_add (sentences, g_strdup (text));
}

static gboolean
pit_change_timers_apply (PitTuneContext                *context,
                         const PitChangeTimersOptions  *options,
                         GError                       **error)
{
  xmlNode *rtc, *pit;

  if (!pit_tune_context_require_x86 (context, _("The timer settings"), error))
    return FALSE;

  rtc = pit_change_timers_ensure (context, "rtc");
  if (is_present (rtc))
    pit_xml_set_prop (rtc, "tickpolicy", "catchup");
  pit = pit_change_timers_ensure (context, "pit");
  if (is_present (pit))
    pit_xml_set_prop (pit, "tickpolicy", "delay");
  if (!options->keep_hpet)
    pit_xml_set_prop (pit_change_timers_ensure (context, "hpet"), "present", "no");
  /* Linux guests use kvm-clock; only Windows reads the Hyper-V clock */
  if (pit_domain_xml_is_windows (context->root))
    pit_xml_set_prop (pit_change_timers_ensure (context, "hypervclock"), "present", "yes");
  return TRUE;
}

PIT_DEFINE_TUNE_CHANGE (PitChangeTimers, pit_change_timers, "timers")
