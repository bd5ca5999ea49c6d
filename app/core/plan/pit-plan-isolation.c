/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-plan"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "pit-cpuset.h"
#include "pit-error.h"
#include "pit-host-plan-private.h"

/* CPU isolation while the VM runs: the part of the VM's hook
 * (pit-plan-vm-hook.c) that keeps the host off the VM's pinned CPUs from
 * "prepare" to "release".  Its kinds:
 *   cpus SLICE          systemd's AllowedCPUs= of a slice (--runtime)
 *   mask KEY PATH       a kernel cpumask file (writeback workqueue, the
 *                       default IRQ affinity)
 *   irq N               proc/irq/N/smp_affinity; an IRQ the kernel does
 *                       not let move is left where it is
 *   governor N          CPU N's cpufreq governor to performance
 * Each saves the old value under $root/run/pitstop/saved-<vm>/ before it
 * changes anything, and its way back writes that saved value again, byte
 * for byte, whatever the host did in between.  The VM's CPUs are baked in
 * when the plan is made (from its pins), so the hook does not read the
 * XML. */

static const char * const slices[] = { "user.slice", "system.slice", "init.scope", NULL };

/* CPU ids in a kernel CPU list file such as "0-15\n"; NULL when unreadable */
static PitCpuset *
read_cpu_list (PitHostPlan *self,
               const char  *relative)
{
  g_autofree char *text = _pit_plan_read_file (self, relative);

  if (text == NULL)
    return NULL;
  g_strstrip (text);
  return pit_cpuset_parse (text, 0, NULL, NULL);
}

/**
 * _pit_plan_cpu_mask:
 * @cpus: (element-type guint): CPU ids
 * @n_cpus: how many CPUs the kernel counts (the mask's width)
 * Returns: the kernel's hex cpumask: "ff", "00000000,ffff00ff" (groups of
 *   32 CPUs, the highest first)
 */
char *
_pit_plan_cpu_mask (const GArray *cpus,
                    guint         n_cpus)
{
  guint digits = MAX (1, (n_cpus + 3) / 4);
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint d = digits; d > 0; d--)
    {
      guint nibble = 0;

      for (guint i = 0; i < cpus->len; i++)
        {
          guint cpu = g_array_index (cpus, guint, i);

          if (cpu / 4 == d - 1)
            nibble |= 1u << (cpu % 4);
        }
      g_string_append_printf (out, "%x", nibble);
      if (d > 1 && (d - 1) % 8 == 0)
        g_string_append_c (out, ',');
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/**
 * _pit_plan_isolation_check:
 * Works out the host's CPUs for --isolate-vm: refuses a VM without pins,
 * pins outside the online CPUs, and pins that leave the host nothing.
 */
gboolean
_pit_plan_isolation_check (PitHostPlan  *self,
                           GError      **error)
{
  PitHostPlanRequest *request = self->request;
  g_autoptr(PitCpuset) online = NULL;
  g_autoptr(PitCpuset) possible = NULL;
  g_autoptr(PitCpuset) pinned = NULL;
  g_autoptr(PitCpuset) host = NULL;
  g_autoptr(GArray) online_ids = NULL;
  g_autoptr(GArray) host_ids = NULL;
  guint width = 0;

  if (request->isolate_vm == NULL)
    return TRUE;
  if (request->hugepage_count > 0 || request->bridge != NULL || request->isolate_cpus != NULL
      || (request->single_gpu_vm == NULL && request->gpus->len > 0))
    {
      g_set_error_literal (error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT,
                           _("CPU isolation while a VM runs is the VM’s hook alone (with "
                             "--single-gpu at most); plan GPUs, hugepages, bridges and isolated "
                             "CPUs at boot in a run without --isolate-vm"));
      return FALSE;
    }
  if (request->single_gpu_vm != NULL && g_strcmp0 (request->single_gpu_vm, request->isolate_vm) != 0)
    {
      g_set_error (error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT,
                   _("One hook is for one VM: --vm is “%s” but --isolate-vm is “%s”"),
                   request->single_gpu_vm, request->isolate_vm);
      return FALSE;
    }
  if (request->isolate_vm_cpus == NULL)
    {
      g_set_error (error, PIT_ERROR, PIT_ERROR_UNSUPPORTED,
                   _("The VM “%s” is not pinned to host CPUs, so there are no CPUs to keep the "
                     "host off: pin it first (pitstop-cli tune --pin auto), then plan its isolation"),
                   request->isolate_vm);
      return FALSE;
    }
  online = read_cpu_list (self, "sys/devices/system/cpu/online");
  if (online == NULL)
    {
      g_set_error_literal (error, PIT_ERROR, PIT_ERROR_UNSUPPORTED,
                           _("The host’s online CPUs cannot be read (sys/devices/system/cpu/online)"));
      return FALSE;
    }
  online_ids = pit_cpuset_to_array (online);
  pinned = pit_cpuset_parse (request->isolate_vm_cpus, 0, online_ids, error);
  if (pinned == NULL)
    return FALSE;
  host = pit_cpuset_new ();
  for (guint i = 0; i < online_ids->len; i++)
    if (!pit_cpuset_contains (pinned, g_array_index (online_ids, guint, i)))
      pit_cpuset_add (host, g_array_index (online_ids, guint, i));
  if (pit_cpuset_count (host) == 0)
    {
      g_set_error (error, PIT_ERROR, PIT_ERROR_UNSUPPORTED,
                   _("The VM “%s” is pinned to every online CPU (%s): the host would have none "
                     "left while it runs; leave at least one core to the host"),
                   request->isolate_vm, request->isolate_vm_cpus);
      return FALSE;
    }
  possible = read_cpu_list (self, "sys/devices/system/cpu/possible");
  {
    g_autoptr(GArray) ids = pit_cpuset_to_array (possible != NULL ? possible : online);

    width = ids->len > 0 ? g_array_index (ids, guint, ids->len - 1) + 1 : 1;
  }
  host_ids = pit_cpuset_to_array (host);
  self->pinned = pit_cpuset_to_array (pinned);
  self->host_cpus = pit_cpuset_format (host);
  self->host_mask = _pit_plan_cpu_mask (host_ids, width);
  return TRUE;
}

/**
 * _pit_plan_isolation_notes:
 * The plan's words about the isolation part, with the trade-off against
 * the static kind
 */
void
_pit_plan_isolation_notes (PitHostPlan *self,
                           GString     *out)
{
  g_autoptr(PitCpuset) set = pit_cpuset_new ();
  g_autofree char *pinned = NULL;

  for (guint i = 0; i < self->pinned->len; i++)
    pit_cpuset_add (set, g_array_index (self->pinned, guint, i));
  pinned = pit_cpuset_format (set);
  _pit_plan_comment (out, "", "CPU isolation for %s: while it runs, the host keeps to CPUs %s and "
                     "leaves the VM's pinned CPUs (%s) to it: systemd's slices (user.slice, "
                     "system.slice, init.scope), the writeback workqueue and every IRQ but the "
                     "VM's own VFIO ones move to the host's CPUs, and the VM's CPUs run the "
                     "performance governor. When it stops, every value comes back as it was.",
                     _pit_plan_hook_vm (self), self->host_cpus, pinned);
  _pit_plan_comment (out, "", "The trade-off: this dynamic isolation gives the host every CPU back "
                     "while the VM is off, but kernel threads bound to a CPU and the timer tick "
                     "stay on the VM's CPUs. Static isolation (pitstop-cli host-plan "
                     "--isolate-cpus: isolcpus, nohz_full, rcu_nocbs at boot) removes those too, "
                     "and costs the host those CPUs from boot on, VM or not.");
  _pit_plan_comment (out, "", "The CPUs are the VM's pins when this plan was made: after changing "
                     "them, make the plan again.");
}

static void
helpers (PitHostPlan *self,
         GString     *out)
{
  _pit_plan_comment (out, "", "The host's CPUs while the VM runs: as a CPU list (systemd) and as "
                     "the kernel's hex mask (IRQs, workqueues).");
  _pit_plan_line (out, "host_cpus=%s", self->host_cpus);
  _pit_plan_line (out, "host_mask=%s", self->host_mask);
  _pit_plan_comment (out, "", "Where the old values wait for \"release\".");
  _pit_plan_line (out, "saved=\"$root/run/pitstop/saved-$vm\"");
  g_string_append_c (out, '\n');
  _pit_plan_comment (out, "", "Saves the file $2 (under $root) as $1, then writes $3 into it.");
  _pit_plan_line (out, "save_write() {");
  _pit_plan_line (out, "  mkdir -p \"$saved\" || return 1");
  _pit_plan_line (out, "  cat \"$root/$2\" > \"$saved/$1\" || return 1");
  _pit_plan_line (out, "  echo \"$3\" > \"$root/$2\"");
  _pit_plan_line (out, "}");
  _pit_plan_comment (out, "", "Writes the saved $1 back into the file $2, byte for byte; nothing "
                     "saved: nothing was changed.");
  _pit_plan_line (out, "restore() {");
  _pit_plan_line (out, "  [ -f \"$saved/$1\" ] || return 0");
  _pit_plan_line (out, "  cat \"$saved/$1\" > \"$root/$2\" || return 1");
  _pit_plan_line (out, "  rm -f \"$saved/$1\"");
  _pit_plan_line (out, "  rmdir \"$saved\" \"$root/run/pitstop\" 2>/dev/null");
  _pit_plan_line (out, "  return 0");
  _pit_plan_line (out, "}");
  _pit_plan_comment (out, "", "Saves a slice's AllowedCPUs= (empty: all CPUs) and sets the host's "
                     "until the next boot.");
  _pit_plan_line (out, "slice_cpus() {");
  _pit_plan_line (out, "  mkdir -p \"$saved\" || return 1");
  _pit_plan_line (out, "  systemctl show --property=AllowedCPUs --value \"$1\" > \"$saved/$1\" || return 1");
  _pit_plan_line (out, "  systemctl set-property --runtime \"$1\" \"AllowedCPUs=$host_cpus\"");
  _pit_plan_line (out, "}");
  _pit_plan_comment (out, "", "Gives a slice its saved AllowedCPUs= back.");
  _pit_plan_line (out, "slice_back() {");
  _pit_plan_line (out, "  [ -f \"$saved/$1\" ] || return 0");
  _pit_plan_line (out, "  old=$(cat \"$saved/$1\") || return 1");
  _pit_plan_line (out, "  systemctl set-property --runtime \"$1\" \"AllowedCPUs=$old\" || return 1");
  _pit_plan_line (out, "  rm -f \"$saved/$1\"");
  _pit_plan_line (out, "  rmdir \"$saved\" \"$root/run/pitstop\" 2>/dev/null");
  _pit_plan_line (out, "  return 0");
  _pit_plan_line (out, "}");
  _pit_plan_comment (out, "", "Moves IRQ $1 to the host's CPUs. The kernel refuses some (per-CPU "
                     "and managed IRQs): those stay where they are, which is no failure.");
  _pit_plan_line (out, "irq_move() {");
  _pit_plan_line (out, "  mkdir -p \"$saved\" || return 1");
  _pit_plan_line (out, "  cat \"$root/proc/irq/$1/smp_affinity\" > \"$saved/irq-$1\" || return 1");
  _pit_plan_line (out, "  if ! echo \"$host_mask\" 2>/dev/null > \"$root/proc/irq/$1/smp_affinity\"; then");
  _pit_plan_line (out, "    rm -f \"$saved/irq-$1\"");
  _pit_plan_line (out, "    say \"IRQ $1 stays where it is: the kernel does not let it move\"");
  _pit_plan_line (out, "  fi");
  _pit_plan_line (out, "  return 0");
  _pit_plan_line (out, "}");
  g_string_append_c (out, '\n');
}

static void
do_kinds (PitHostPlan *self,
          GString     *out)
{
  _pit_plan_comment (out, "    ", "keep a systemd slice's processes on the host's CPUs");
  _pit_plan_line (out, "    cpus) slice_cpus \"$2\" ;;");
  _pit_plan_comment (out, "    ", "a kernel cpumask file to the host's CPUs");
  _pit_plan_line (out, "    mask) save_write \"$2\" \"$3\" \"$host_mask\" ;;");
  _pit_plan_comment (out, "    ", "an IRQ to the host's CPUs");
  _pit_plan_line (out, "    irq) irq_move \"$2\" ;;");
  _pit_plan_comment (out, "    ", "a VM CPU's frequency governor to performance");
  _pit_plan_line (out, "    governor) save_write \"governor-$2\" "
                  "\"sys/devices/system/cpu/cpu$2/cpufreq/scaling_governor\" performance ;;");
}

static void
undo_kinds (PitHostPlan *self,
            GString     *out)
{
  _pit_plan_comment (out, "    ", "the slice's AllowedCPUs= as it was");
  _pit_plan_line (out, "    cpus) slice_back \"$2\" ;;");
  _pit_plan_comment (out, "    ", "the file's mask as it was, byte for byte");
  _pit_plan_line (out, "    mask) restore \"$2\" \"$3\" ;;");
  _pit_plan_line (out, "    irq) restore \"irq-$2\" \"proc/irq/$2/smp_affinity\" ;;");
  _pit_plan_line (out, "    governor) restore \"governor-$2\" "
                  "\"sys/devices/system/cpu/cpu$2/cpufreq/scaling_governor\" ;;");
}

static void
steps (PitHostPlan *self,
       GString     *out)
{
  _pit_plan_comment (out, "  ", "Keep the host's processes (user sessions, services, init) on CPUs "
                     "%s.", self->host_cpus);
  for (guint i = 0; slices[i] != NULL; i++)
    _pit_plan_line (out, "  step cpus %s || return 1", slices[i]);
  _pit_plan_comment (out, "  ", "The kernel's writeback work (flushing files to disk) on the host's CPUs.");
  _pit_plan_line (out, "  if [ -f \"$root/sys/bus/workqueue/devices/writeback/cpumask\" ]; then");
  _pit_plan_line (out, "    step mask writeback sys/bus/workqueue/devices/writeback/cpumask || return 1");
  _pit_plan_line (out, "  fi");
  _pit_plan_comment (out, "  ", "New IRQs start on the host's CPUs.");
  _pit_plan_line (out, "  if [ -f \"$root/proc/irq/default_smp_affinity\" ]; then");
  _pit_plan_line (out, "    step mask irq-default proc/irq/default_smp_affinity || return 1");
  _pit_plan_line (out, "  fi");
  _pit_plan_comment (out, "  ", "Every IRQ to the host's CPUs, except the VFIO ones (a passed-through "
                     "device's interrupts, named vfio-… in /proc/interrupts).");
  _pit_plan_line (out, "  irqs=$(ls \"$root/proc/irq\") || return 1");
  _pit_plan_line (out, "  for irq in $irqs; do");
  _pit_plan_line (out, "    [ -f \"$root/proc/irq/$irq/smp_affinity\" ] || continue");
  _pit_plan_line (out, "    if grep -q \"^ *$irq:.* vfio-\" \"$root/proc/interrupts\"; then");
  _pit_plan_line (out, "      continue");
  _pit_plan_line (out, "    fi");
  _pit_plan_line (out, "    step irq \"$irq\" || return 1");
  _pit_plan_line (out, "  done");
  _pit_plan_comment (out, "  ", "The VM's CPUs at full speed.");
  for (guint i = 0; i < self->pinned->len; i++)
    {
      guint cpu = g_array_index (self->pinned, guint, i);

      _pit_plan_line (out, "  if [ -f \"$root/sys/devices/system/cpu/cpu%u/cpufreq/scaling_governor\" ]; then", cpu);
      _pit_plan_line (out, "    step governor %u || return 1", cpu);
      _pit_plan_line (out, "  fi");
    }
}

const PitPlanHookPart pit_plan_isolation_part = {
  helpers, do_kinds, undo_kinds, steps,
};
