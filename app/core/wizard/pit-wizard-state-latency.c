/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-wizard"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pit-change-hyperv.h"
#include "pit-change-iothreads.h"
#include "pit-change-rotation-rate.h"
#include "pit-change-timers.h"
#include "pit-cpuset.h"
#include "pit-host-plan-request.h"
#include "pit-wizard-state-private.h"
#include "pit-xml.h"

/* The latency choices (issue #16): Hyper-V enlightenments and timers on
 * the CPU step, I/O threads and the rotation rate on the Drivers step, and
 * CPU isolation while the VM runs (the VM's hook, on the review page).
 * Each setter emits "changed" once, and not when nothing changes.
 *
 * Defaults (_pit_wizard_state_default_latency()): the enlightenments and
 * the timers are on for a Windows guest where they apply — they are what
 * Windows expects of a hypervisor, the published figure is an idle guest
 * costing the host about 30 % of a core without synic and stimer and
 * about 1 % with them, and nothing in them is a trade-off.  The I/O
 * threads, the rotation rate and the isolation start off: an I/O thread
 * serves only virtio disks (the boot disk gets there in two restarts), a
 * rotation rate changes what Windows does to its disk (trim or defragment),
 * and the isolation is a host script to install. */

gboolean
pit_wizard_state_get_hyperv (PitWizardState *self)
{
  return self->hyperv;
}

void
pit_wizard_state_set_hyperv (PitWizardState *self,
                             gboolean        hyperv)
{
  if (self->hyperv == !!hyperv)
    return;
  self->hyperv = !!hyperv;
  _pit_wizard_state_emit_changed (self);
}

gboolean
pit_wizard_state_get_timers (PitWizardState *self)
{
  return self->timers;
}

void
pit_wizard_state_set_timers (PitWizardState *self,
                             gboolean        timers)
{
  if (self->timers == !!timers)
    return;
  self->timers = !!timers;
  _pit_wizard_state_emit_changed (self);
}

guint
pit_wizard_state_get_iothreads (PitWizardState *self)
{
  return self->iothreads;
}

/* @count: 0 leaves the guest's I/O threads as they are */
void
pit_wizard_state_set_iothreads (PitWizardState *self,
                                guint           count)
{
  if (self->iothreads == count)
    return;
  self->iothreads = count;
  _pit_wizard_state_emit_changed (self);
}

int
pit_wizard_state_get_rotation_rate (PitWizardState *self)
{
  return self->rotation_rate;
}

/* @rate: a PitRotationRate, or -1 to leave the disks as they are */
void
pit_wizard_state_set_rotation_rate (PitWizardState *self,
                                    int             rate)
{
  if (self->rotation_rate == rate)
    return;
  self->rotation_rate = rate;
  _pit_wizard_state_emit_changed (self);
}

/* After the CPU change: the enlightenments, then the timers */
void
_pit_wizard_state_add_cpu_latency_steps (PitWizardState *self,
                                         PitTunePlan    *plan)
{
  PitChangeHypervOptions hyperv = { FALSE };
  PitChangeTimersOptions timers = { FALSE };

  if (self->hyperv)
    pit_tune_plan_add (plan, pit_change_hyperv_step (&hyperv));
  if (self->timers)
    pit_tune_plan_add (plan, pit_change_timers_step (&timers));
}

/* After the disk stages, which change buses */
void
_pit_wizard_state_add_disk_latency_steps (PitWizardState *self,
                                          PitTunePlan    *plan)
{
  PitChangeIothreadsOptions iothreads = { self->iothreads };
  PitChangeRotationRateOptions rotation = { self->rotation_rate };

  if (self->iothreads > 0)
    pit_tune_plan_add (plan, pit_change_iothreads_step (&iothreads));
  if (self->rotation_rate >= 0)
    pit_tune_plan_add (plan, pit_change_rotation_rate_step (&rotation));
}

static xmlNode *
root_of (PitWizardState *self,
         xmlDoc        **doc)
{
  *doc = self->xml != NULL ? pit_xml_parse (self->xml, NULL) : NULL;
  return *doc != NULL ? xmlDocGetRootElement (*doc) : NULL;
}

static gboolean
is_x86 (PitWizardState *self)
{
  const char *arch = self->summary != NULL ? self->summary->arch : NULL;

  return arch == NULL || g_str_equal (arch, "x86_64") || g_str_equal (arch, "i686");
}

/**
 * pit_wizard_state_get_hyperv_refusal:
 * Returns: (transfer full) (nullable): why this guest cannot have the
 *   Hyper-V enlightenments, in words; %NULL when it can
 */
char *
pit_wizard_state_get_hyperv_refusal (PitWizardState *self)
{
  g_autoptr(xmlDoc) doc = NULL;
  xmlNode *root = root_of (self, &doc);

  if (root == NULL)
    return g_strdup (_("The virtual machine is not loaded yet"));
  if (!is_x86 (self))
    return g_strdup_printf (_("Hyper-V enlightenments are for x86 guests; this guest is %s"), self->summary->arch);
  if (!pit_domain_xml_is_windows (root))
    return g_strdup (_("Only Windows uses the Hyper-V enlightenments, and nothing says this guest is Windows "
                       "(its libosinfo id, its name): it keeps its own clock (kvm-clock for Linux)"));
  if (g_strcmp0 (self->summary->hypervisor, "kvm") != 0)
    return g_strdup (_("This guest is emulated (QEMU without KVM), and QEMU refuses to start an emulated guest "
                       "with the Hyper-V enlightenments (“kernel doesn’t allow setting HyperV VP_INDEX”)"));
  return NULL;
}

/**
 * pit_wizard_state_get_timers_refusal:
 * Returns: (transfer full) (nullable): why the timer settings do not fit
 *   this guest; %NULL when they do
 */
char *
pit_wizard_state_get_timers_refusal (PitWizardState *self)
{
  if (self->summary == NULL)
    return g_strdup (_("The virtual machine is not loaded yet"));
  if (!is_x86 (self))
    return g_strdup_printf (_("The HPET, RTC and PIT timers are x86 hardware; this guest is %s"),
                            self->summary->arch);
  return NULL;
}

/**
 * pit_wizard_state_get_rotation_disks:
 * Returns: (transfer container) (element-type utf8): one line per disk of
 *   the guest on SATA, SCSI or IDE — the buses that tell a rotation rate —
 *   with what the host stores it on, from the storage inventory; empty
 *   when it has none
 */
GPtrArray *
pit_wizard_state_get_rotation_disks (PitWizardState *self)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);
  GPtrArray *known = self->host != NULL ? pit_host_inventory_get_storage (self->host) : NULL;

  for (guint i = 0; self->summary != NULL && i < self->summary->disks->len; i++)
    {
      PitDiskInfo *disk = g_ptr_array_index (self->summary->disks, i);
      PitHostStorage *storage = NULL;
      const char *target = disk->target != NULL ? disk->target : "?";
      const char *bus = disk->bus != NULL ? disk->bus : "";

      if (g_strcmp0 (disk->device, "disk") != 0
          || (!g_str_equal (bus, "sata") && !g_str_equal (bus, "scsi") && !g_str_equal (bus, "ide")))
        continue;
      for (guint j = 0; known != NULL && j < known->len; j++)
        if (g_strcmp0 (((PitHostStorage *) g_ptr_array_index (known, j))->path, disk->source) == 0)
          storage = g_ptr_array_index (known, j);
      if (storage == NULL || storage->kind == PIT_HOST_STORAGE_KIND_UNKNOWN || storage->rotational < 0)
        /* TRANSLATORS: %s is a disk ("sda"), %s its bus ("sata") */
        g_ptr_array_add (lines, g_strdup_printf (_("%s (%s): what the host stores it on is not known"),
                                                 target, bus));
      else if (storage->rotational == 1)
        g_ptr_array_add (lines, g_strdup_printf (_("%s (%s): on hard drives (%s): a guest told “SSD” would trim "
                                                   "it and not defragment it"),
                                                 target, bus, storage->zfs_dataset != NULL ? storage->zfs_dataset
                                                                                           : disk->source));
      else
        g_ptr_array_add (lines, g_strdup_printf (_("%s (%s): on solid-state storage (%s): a guest that thinks it "
                                                   "spins defragments it"),
                                                 target, bus, storage->zfs_dataset != NULL ? storage->zfs_dataset
                                                                                           : disk->source));
    }
  return lines;
}

gboolean
pit_wizard_state_get_isolate (PitWizardState *self)
{
  return self->isolate;
}

void
pit_wizard_state_set_isolate (PitWizardState *self,
                              gboolean        isolate)
{
  if (self->isolate == !!isolate)
    return;
  self->isolate = !!isolate;
  _pit_wizard_state_emit_changed (self);
}

/**
 * pit_wizard_state_get_isolation_refusal:
 * Returns: (transfer full) (nullable): why the host cannot be kept off
 *   this VM's CPUs while it runs; %NULL when it can (it is pinned, or the
 *   pinning step pins it)
 */
char *
pit_wizard_state_get_isolation_refusal (PitWizardState *self)
{
  if (self->summary == NULL)
    return g_strdup (_("The virtual machine is not loaded yet"));
  if (self->host == NULL)
    return g_strdup (_("The host’s CPUs are not known, so the CPUs to keep it on cannot be worked out"));
  if (!self->enabled[PIT_WIZARD_SECTION_PINNING] && self->summary->vcpu_pinning == NULL)
    return g_strdup (_("This VM is not pinned to host CPUs, so there are no CPUs to keep the host off: turn "
                       "the Pinning step on"));
  return NULL;
}

/**
 * pit_wizard_state_check_isolation:
 * @planned_xml: (nullable): the VM's XML after the changes (the preview's)
 * Returns: (transfer full) (nullable): why the host cannot be kept off the
 *   VM's CPUs as planned — pit_wizard_state_get_isolation_refusal(), or the
 *   planned pins (vCPUs, emulator, I/O threads) leave the host no online
 *   CPU; %NULL when it can
 */
char *
pit_wizard_state_check_isolation (PitWizardState *self,
                                  const char     *planned_xml)
{
  char *refusal = pit_wizard_state_get_isolation_refusal (self);
  PitHostCpuTopology *cpu = self->host != NULL ? pit_host_inventory_get_cpu (self->host) : NULL;
  g_autoptr(PitDomainSummary) planned = NULL;
  g_autoptr(PitCpuset) pins = NULL;
  g_autofree char *text = NULL;
  guint left = 0;

  if (refusal != NULL || planned_xml == NULL || cpu == NULL || cpu->online == NULL
      || (planned = pit_domain_summary_new_from_xml (planned_xml, NULL)) == NULL
      || (text = pit_host_plan_vm_pinned_cpus (planned, NULL)) == NULL
      || (pins = pit_cpuset_parse (text, 0, NULL, NULL)) == NULL)
    return refusal;
  for (guint i = 0; i < cpu->online->len; i++)
    left += !pit_cpuset_contains (pins, g_array_index (cpu->online, guint, i));
  if (left == 0)
    return g_strdup_printf (_("The VM is to run on every CPU of the host (%s), so the host would have none left "
                              "while it runs: give it fewer vCPUs on the Processor step"), text);
  return NULL;
}

/**
 * pit_wizard_state_build_vm_hook_request:
 * @planned_xml: (nullable): the VM's XML after the changes (the preview's),
 *   whose pins the isolation keeps the host off
 * Returns: (transfer full) (nullable): the request for the VM's libvirt
 *   hook — single-GPU mode and the isolation, whichever apply — or %NULL
 *   when it needs none
 */
PitHostPlanRequest *
pit_wizard_state_build_vm_hook_request (PitWizardState *self,
                                        const char     *planned_xml)
{
  g_autoptr(PitHostPlanRequest) request = pit_wizard_state_build_single_gpu_request (self);
  g_autoptr(PitDomainSummary) planned = NULL;
  g_autofree char *refusal = pit_wizard_state_check_isolation (self, planned_xml);
  g_autofree char *pins = NULL;

  if (self->isolate && refusal == NULL && planned_xml != NULL
      && (planned = pit_domain_summary_new_from_xml (planned_xml, NULL)) != NULL
      && (pins = pit_host_plan_vm_pinned_cpus (planned, NULL)) != NULL)
    {
      if (request == NULL)
        request = pit_host_plan_request_new ();
      if (!pit_host_plan_request_set_isolate_vm (request, pit_domain_get_name (self->domain), pins, NULL))
        return NULL;
    }
  return g_steal_pointer (&request);
}

/* Called by pit_wizard_defaults_apply(): see the top of this file */
void
_pit_wizard_state_default_latency (PitWizardState *self)
{
  g_autofree char *hyperv = pit_wizard_state_get_hyperv_refusal (self);
  g_autofree char *timers = pit_wizard_state_get_timers_refusal (self);
  g_autoptr(xmlDoc) doc = NULL;
  xmlNode *root = root_of (self, &doc);
  gboolean windows = root != NULL && pit_domain_xml_is_windows (root);

  self->hyperv = hyperv == NULL;
  self->timers = windows && timers == NULL;
  self->iothreads = 0;
  self->rotation_rate = -1;
  self->isolate = FALSE;
}
