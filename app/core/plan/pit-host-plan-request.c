/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-plan"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pit-cpuset.h"
#include "pit-error.h"
#include "pit-host-plan-request.h"
#include "pit-looking-glass-size.h"

PitHostPlanRequest *
pit_host_plan_request_new (void)
{
  PitHostPlanRequest *self = g_new0 (PitHostPlanRequest, 1);

  self->gpus = g_ptr_array_new_with_free_func (g_free);
  self->iommu_pt = TRUE;
  return self;
}

PitHostPlanRequest *
pit_host_plan_request_copy (const PitHostPlanRequest *self)
{
  PitHostPlanRequest *copy = pit_host_plan_request_new ();

  for (guint i = 0; i < self->gpus->len; i++)
    pit_host_plan_request_add_gpu (copy, g_ptr_array_index (self->gpus, i));
  copy->hugepage_size_kib = self->hugepage_size_kib;
  copy->hugepage_count = self->hugepage_count;
  copy->hugepages_on_demand = self->hugepages_on_demand;
  copy->bridge = g_strdup (self->bridge);
  copy->uplink = g_strdup (self->uplink);
  copy->iommu_pt = self->iommu_pt;
  copy->isolate_cpus = g_strdup (self->isolate_cpus);
  copy->looking_glass_mib = self->looking_glass_mib;
  copy->kvmfr = self->kvmfr;
  copy->user = g_strdup (self->user);
  copy->group = g_strdup (self->group);
  copy->sound_pulseaudio = self->sound_pulseaudio;
  copy->tpm = self->tpm;
  copy->single_gpu_vm = g_strdup (self->single_gpu_vm);
  copy->isolate_vm = g_strdup (self->isolate_vm);
  copy->isolate_vm_cpus = g_strdup (self->isolate_vm_cpus);
  return copy;
}

void
pit_host_plan_request_free (PitHostPlanRequest *self)
{
  if (self == NULL)
    return;

  g_ptr_array_unref (self->gpus);
  g_free (self->bridge);
  g_free (self->uplink);
  g_free (self->isolate_cpus);
  g_free (self->user);
  g_free (self->group);
  g_free (self->single_gpu_vm);
  g_free (self->isolate_vm);
  g_free (self->isolate_vm_cpus);
  g_free (self);
}

void
pit_host_plan_request_add_gpu (PitHostPlanRequest *self,
                               const char         *address)
{
  g_return_if_fail (address != NULL);

  g_ptr_array_add (self->gpus, g_strdup (address));
}

static gboolean
parse_size_kib (const char *text,
                guint64    *size_kib)
{
  guint64 number, unit;
  char *end = NULL;

  if (!g_ascii_isdigit (*text))
    return FALSE;
  number = g_ascii_strtoull (text, &end, 10);
  switch (g_ascii_toupper (*end))
    {
    case 'K':
      unit = 1;
      break;
    case 'M':
      unit = 1024;
      break;
    case 'G':
      unit = 1024 * 1024;
      break;
    default:
      return FALSE;
    }
  end++;
  if (g_ascii_strcasecmp (end, "") != 0 && g_ascii_strcasecmp (end, "B") != 0
      && g_ascii_strcasecmp (end, "iB") != 0)
    return FALSE;
  if (number == 0 || number > G_MAXUINT32)
    return FALSE;
  *size_kib = number * unit;
  /* page sizes are powers of two, at least the 4 KiB base page */
  return *size_kib >= 4 && (*size_kib & (*size_kib - 1)) == 0;
}

/**
 * pit_host_plan_request_set_hugepages:
 * @spec: SIZE:COUNT such as "1G:24" or "2M:8192"
 */
gboolean
pit_host_plan_request_set_hugepages (PitHostPlanRequest  *self,
                                     const char          *spec,
                                     GError             **error)
{
  g_auto(GStrv) parts = g_strsplit (spec, ":", -1);
  guint64 size_kib = 0, count = 0;

  if (g_strv_length (parts) != 2 || !parse_size_kib (parts[0], &size_kib)
      || !g_ascii_string_to_unsigned (parts[1], 10, 1, G_MAXUINT32, &count, NULL))
    {
      g_set_error (error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT,
                   _("Bad hugepages “%s”: expected SIZE:COUNT with a page size such as 2M or 1G "
                     "and a count above zero, as in 1G:24"), spec);
      return FALSE;
    }

  self->hugepage_size_kib = size_kib;
  self->hugepage_count = count;
  return TRUE;
}

/* Interface names go into shell commands and Nix strings: allow only what
 * the kernel and the network managers accept without quoting. */
static gboolean
valid_interface_name (const char *name)
{
  gsize len = strlen (name);

  if (len == 0 || len > 15 || g_str_equal (name, ".") || g_str_equal (name, ".."))
    return FALSE;
  for (const char *p = name; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_' && *p != '.')
      return FALSE;
  return TRUE;
}

/**
 * pit_host_plan_request_set_bridge:
 * @spec: NAME:UPLINK such as "br-lan:eno2"
 */
gboolean
pit_host_plan_request_set_bridge (PitHostPlanRequest  *self,
                                  const char          *spec,
                                  GError             **error)
{
  g_auto(GStrv) parts = g_strsplit (spec, ":", -1);

  if (g_strv_length (parts) != 2 || !valid_interface_name (parts[0])
      || !valid_interface_name (parts[1]) || g_str_equal (parts[0], parts[1]))
    {
      g_set_error (error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT,
                   _("Bad bridge “%s”: expected NAME:UPLINK, two different interface names "
                     "of up to 15 letters, digits, “-”, “_” or “.”, as in br-lan:eno2"), spec);
      return FALSE;
    }

  g_free (self->bridge);
  g_free (self->uplink);
  self->bridge = g_strdup (parts[0]);
  self->uplink = g_strdup (parts[1]);
  return TRUE;
}

/**
 * pit_host_plan_request_set_isolate_cpus:
 * @cpus: a kernel CPU list such as "2-7" or "1,3,5-7"
 */
gboolean
pit_host_plan_request_set_isolate_cpus (PitHostPlanRequest  *self,
                                        const char          *cpus,
                                        GError             **error)
{
  gboolean ok = cpus[0] != '\0' && g_ascii_isdigit (cpus[0]);

  for (const char *p = cpus; ok && *p != '\0'; p++)
    ok = g_ascii_isdigit (*p) || ((*p == ',' || *p == '-') && g_ascii_isdigit (p[1]));
  if (!ok)
    {
      g_set_error (error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT,
                   _("Bad CPU list “%s”: expected numbers and ranges such as 2-7 or 1,3,5-7"), cpus);
      return FALSE;
    }

  g_free (self->isolate_cpus);
  self->isolate_cpus = g_strdup (cpus);
  return TRUE;
}

gboolean
pit_host_plan_request_set_looking_glass (PitHostPlanRequest  *self,
                                         const char          *mode,
                                         GError             **error)
{
  PitLookingGlassMode parsed;

  if (!pit_looking_glass_parse_mode (mode, &parsed, error))
    return FALSE;
  self->looking_glass_mib = pit_looking_glass_size_mib (&parsed);
  return TRUE;
}

/* User and group names go into udev rules, tmpfiles lines, qemu.conf and
 * Nix strings: only what useradd accepts without quoting. */
static gboolean
valid_account_name (const char *name)
{
  gsize len = strlen (name);

  if (len == 0 || len > 32 || !(g_ascii_islower (*name) || *name == '_'))
    return FALSE;
  for (const char *p = name; *p != '\0'; p++)
    if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && *p != '-' && *p != '_')
      return FALSE;
  return TRUE;
}

gboolean
pit_host_plan_request_set_user (PitHostPlanRequest  *self,
                                const char          *spec,
                                GError             **error)
{
  g_auto(GStrv) parts = g_strsplit (spec, ":", -1);
  guint n = g_strv_length (parts);

  if (n < 1 || n > 2 || !valid_account_name (parts[0]) || (n == 2 && !valid_account_name (parts[1])))
    {
      g_set_error (error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT,
                   _("Bad user “%s”: expected USER or USER:GROUP, names of lower-case letters, "
                     "digits, “-” and “_”, as in alice or alice:kvm"), spec);
      return FALSE;
    }

  g_free (self->user);
  g_free (self->group);
  self->user = g_strdup (parts[0]);
  self->group = g_strdup (n == 2 ? parts[1] : "kvm");
  return TRUE;
}

/**
 * pit_host_plan_format_page_size:
 * Returns: the size as the kernel's parameters write it: "2M", "1G"
 */
char *
pit_host_plan_format_page_size (guint64 size_kib)
{
  if (size_kib % (1024 * 1024) == 0)
    return g_strdup_printf ("%" G_GUINT64_FORMAT "G", size_kib / (1024 * 1024));
  if (size_kib % 1024 == 0)
    return g_strdup_printf ("%" G_GUINT64_FORMAT "M", size_kib / 1024);
  return g_strdup_printf ("%" G_GUINT64_FORMAT "K", size_kib);
}

/**
 * pit_host_plan_request_set_single_gpu:
 * @vm: the VM's libvirt name
 * The hook is a file named after the VM and the name is written into a
 * shell script: a name with "/", a control character or nothing in it is
 * refused.
 */
gboolean
pit_host_plan_request_set_single_gpu (PitHostPlanRequest  *self,
                                      const char          *vm,
                                      GError             **error)
{
  gboolean ok = vm != NULL && *vm != '\0' && *vm != '.' && g_utf8_validate (vm, -1, NULL);

  for (const char *p = vm; ok && *p != '\0'; p++)
    ok = *p != '/' && !g_ascii_iscntrl (*p);
  if (!ok)
    {
      g_set_error (error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT,
                   _("“%s” cannot name a VM’s hook: give the VM’s name as libvirt shows it "
                     "(no “/”, not starting with “.”)"), vm != NULL ? vm : "");
      return FALSE;
    }
  g_free (self->single_gpu_vm);
  self->single_gpu_vm = g_strdup (vm);
  return TRUE;
}

/**
 * pit_host_plan_request_set_isolate_vm:
 * @vm: the VM's libvirt name (as for pit_host_plan_request_set_single_gpu())
 * @pinned_cpus: (nullable): every host CPU the VM is pinned to (vCPUs,
 *   emulator, I/O threads) as a CPU list; %NULL when it is not pinned,
 *   which the plan refuses with the reason
 */
gboolean
pit_host_plan_request_set_isolate_vm (PitHostPlanRequest  *self,
                                      const char          *vm,
                                      const char          *pinned_cpus,
                                      GError             **error)
{
  g_autofree char *gpu_vm = g_strdup (self->single_gpu_vm);
  g_autofree char *isolate = g_strdup (self->isolate_cpus);

  /* the same rules for the name as the single-GPU hook's */
  if (!pit_host_plan_request_set_single_gpu (self, vm, error))
    return FALSE;
  g_free (self->single_gpu_vm);
  self->single_gpu_vm = g_steal_pointer (&gpu_vm);
  if (pinned_cpus != NULL && !pit_host_plan_request_set_isolate_cpus (self, pinned_cpus, error))
    {
      g_free (self->isolate_cpus);
      self->isolate_cpus = g_steal_pointer (&isolate);
      return FALSE;
    }
  g_free (self->isolate_cpus);
  self->isolate_cpus = g_steal_pointer (&isolate);
  g_free (self->isolate_vm);
  self->isolate_vm = g_strdup (vm);
  g_free (self->isolate_vm_cpus);
  self->isolate_vm_cpus = g_strdup (pinned_cpus);
  return TRUE;
}

/**
 * pit_host_plan_vm_pinned_cpus:
 * @summary: the VM's domain summary
 * Returns: (transfer full) (nullable): every host CPU the VM is pinned to —
 *   its vCPUs', its emulator's and its I/O threads' — as a CPU list
 *   ("2-7"), for pit_host_plan_request_set_isolate_vm(); %NULL without an
 *   error when its vCPUs are not pinned, %NULL with one when a cpuset does
 *   not parse
 */
char *
pit_host_plan_vm_pinned_cpus (const PitDomainSummary  *summary,
                              GError                 **error)
{
  const char *lists[] = { summary->vcpu_pinning, summary->emulator_pinning, summary->iothread_pinning };
  g_autoptr(PitCpuset) all = pit_cpuset_new ();

  if (summary->vcpu_pinning == NULL)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (lists); i++)
    {
      g_autoptr(PitCpuset) set = NULL;
      g_autoptr(GArray) ids = NULL;

      if (lists[i] == NULL)
        continue;
      set = pit_cpuset_parse (lists[i], 0, NULL, error);
      if (set == NULL)
        return NULL;
      ids = pit_cpuset_to_array (set);
      for (guint j = 0; j < ids->len; j++)
        pit_cpuset_add (all, g_array_index (ids, guint, j));
    }
  return pit_cpuset_format (all);
}
