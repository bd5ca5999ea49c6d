/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-plan"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "pit-error.h"
#include "pit-host-plan-private.h"
#include "pit-kernel-cmdline.h"

G_DEFINE_FINAL_TYPE (PitHostPlan, pit_host_plan, G_TYPE_OBJECT)

static void
plan_param_free (gpointer data)
{
  PitPlanParam *param = data;

  g_free (param->param);
  g_free (param->why);
  g_free (param);
}

static void
pit_host_plan_finalize (GObject *object)
{
  PitHostPlan *self = PIT_HOST_PLAN (object);

  g_clear_pointer (&self->params, g_ptr_array_unref);
  g_clear_pointer (&self->gpus, g_ptr_array_unref);
  g_clear_pointer (&self->devices, g_ptr_array_unref);
  g_clear_pointer (&self->vfio_ids, g_strfreev);
  g_clear_pointer (&self->modules, g_strfreev);
  g_clear_pointer (&self->softdeps, g_strfreev);
  g_clear_pointer (&self->blacklist, g_strfreev);
  g_clear_pointer (&self->notes, g_ptr_array_unref);
  g_clear_pointer (&self->udev_rules, g_free);
  g_clear_pointer (&self->pinned, g_array_unref);
  g_clear_pointer (&self->host_cpus, g_free);
  g_clear_pointer (&self->host_mask, g_free);
  g_clear_pointer (&self->request, pit_host_plan_request_free);
  g_clear_pointer (&self->facts, pit_plan_facts_free);
  g_clear_pointer (&self->root, g_free);

  G_OBJECT_CLASS (pit_host_plan_parent_class)->finalize (object);
}

static void
pit_host_plan_class_init (PitHostPlanClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pit_host_plan_finalize;
}

static void
pit_host_plan_init (PitHostPlan *self)
{
  self->params = g_ptr_array_new_with_free_func (plan_param_free);
  self->gpus = g_ptr_array_new ();
  self->devices = g_ptr_array_new ();
  self->notes = g_ptr_array_new_with_free_func (g_free);
}

/**
 * pit_host_plan_new:
 * @facts: (transfer full): the host; the plan frees it, also when it fails
 * @request: the user's choices (copied)
 * @root: (nullable): where the host's files are ("/" when %NULL)
 * Checks the choices against the host: an unknown GPU, more hugepages than
 * memory, a missing uplink fail with a translated message.
 * Returns: (transfer full) (nullable): the plan
 */
PitHostPlan *
pit_host_plan_new (PitPlanFacts              *facts,
                   const PitHostPlanRequest  *request,
                   const char                *root,
                   GError                   **error)
{
  g_autoptr(PitHostPlan) self = g_object_new (PIT_TYPE_HOST_PLAN, NULL);

  g_return_val_if_fail (facts != NULL, NULL);
  g_return_val_if_fail (request != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self->facts = facts;
  self->request = pit_host_plan_request_copy (request);
  self->root = g_strdup (root);

  if (_pit_plan_wants_looking_glass (self) && self->request->user == NULL)
    {
      g_set_error_literal (error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT,
                           _("Looking Glass and sound need the user who runs the Looking Glass client "
                             "and the sound server (--user NAME)"));
      return NULL;
    }
  if (!_pit_plan_build (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

const PitPlanFacts *
pit_host_plan_get_facts (PitHostPlan *self)
{
  g_return_val_if_fail (PIT_IS_HOST_PLAN (self), NULL);

  return self->facts;
}

const PitHostPlanRequest *
pit_host_plan_get_request (PitHostPlan *self)
{
  g_return_val_if_fail (PIT_IS_HOST_PLAN (self), NULL);

  return self->request;
}

/**
 * pit_host_plan_get_kernel_params:
 * Returns: (transfer full): the planned kernel parameters, in order
 */
char **
pit_host_plan_get_kernel_params (PitHostPlan *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (PIT_IS_HOST_PLAN (self), NULL);

  for (guint i = 0; i < self->params->len; i++)
    g_strv_builder_add (builder, ((PitPlanParam *) g_ptr_array_index (self->params, i))->param);
  return g_strv_builder_end (builder);
}

/**
 * pit_host_plan_get_vfio_ids:
 * Returns: (transfer none): "vendor:device" of every device for vfio-pci
 */
char **
pit_host_plan_get_vfio_ids (PitHostPlan *self)
{
  g_return_val_if_fail (PIT_IS_HOST_PLAN (self), NULL);

  return self->vfio_ids;
}

/**
 * pit_host_plan_get_vfio_devices:
 * Returns: (transfer none): PitPlanPciDevice, the GPUs' passthrough sets
 */
GPtrArray *
pit_host_plan_get_vfio_devices (PitHostPlan *self)
{
  g_return_val_if_fail (PIT_IS_HOST_PLAN (self), NULL);

  return self->devices;
}

/**
 * pit_host_plan_detect_target:
 * Returns: where this host keeps its kernel command line: NixOS, GRUB or
 *   systemd-boot; %PIT_HOST_PLAN_TARGET_AUTO when unknown
 */
PitHostPlanTarget
pit_host_plan_detect_target (PitHostPlan *self)
{
  g_return_val_if_fail (PIT_IS_HOST_PLAN (self), PIT_HOST_PLAN_TARGET_AUTO);

  if (pit_plan_facts_is_nixos (self->facts))
    return PIT_HOST_PLAN_TARGET_NIXOS;
  switch (self->facts->bootloader)
    {
    case PIT_PLAN_BOOTLOADER_GRUB:
      return PIT_HOST_PLAN_TARGET_GRUB;
    case PIT_PLAN_BOOTLOADER_SYSTEMD_BOOT:
      return PIT_HOST_PLAN_TARGET_SYSTEMD_BOOT;
    case PIT_PLAN_BOOTLOADER_UNKNOWN:
    default:
      return PIT_HOST_PLAN_TARGET_AUTO;
    }
}

static void
header (PitHostPlan       *self,
        PitHostPlanTarget  target,
        GString           *out)
{
  const PitHostPlanRequest *request = self->request;

  _pit_plan_comment (out, "", "Pitstop host plan (%s) for %s.", pit_host_plan_target_to_string (target),
                     self->facts->os_name != NULL ? self->facts->os_name : "this host");
  if (self->devices->len > 0)
    {
      g_autofree char *devices = _pit_plan_describe_devices (self);

      _pit_plan_comment (out, "", "For the VM: %s.", devices);
    }
  if (request->hugepage_count > 0)
    {
      g_autofree char *size = _pit_plan_page_size (self);

      _pit_plan_comment (out, "", "Hugepages: %" G_GUINT64_FORMAT " x %s, %s.", request->hugepage_count,
                         size, request->hugepages_on_demand || target == PIT_HOST_PLAN_TARGET_LIBVIRT_HOOK
                                ? "reserved while the VM runs" : "reserved at boot");
    }
  if (request->bridge != NULL)
    _pit_plan_comment (out, "", "Bridge: %s over %s.", request->bridge, request->uplink);
  if (request->looking_glass_mib > 0)
    _pit_plan_comment (out, "", "Looking Glass: %" G_GUINT64_FORMAT " MiB of shared memory, %s.",
                       request->looking_glass_mib, request->kvmfr ? "through the kvmfr module"
                                                                 : "in /dev/shm/looking-glass");
  if (request->sound_pulseaudio)
    _pit_plan_comment (out, "", "Sound: QEMU plays into %s's PulseAudio or PipeWire.",
                       request->user != NULL ? request->user : "the user");
  if (request->tpm)
    _pit_plan_comment (out, "", "TPM: swtpm emulates the VM's TPM 2.0.");
  _pit_plan_comment (out, "", "Pitstop changes nothing by itself: read this, then apply it as root.");
  if (pit_plan_facts_is_nixos (self->facts) && target != PIT_HOST_PLAN_TARGET_NIXOS
      && target != PIT_HOST_PLAN_TARGET_AUTO)
    _pit_plan_comment (out, "", "This is NixOS, which writes /etc and its boot entries from its "
                       "configuration: --target nixos gives this plan as a NixOS module.");
  /* the notes are about the GPU and the memory, not the network */
  if (target != PIT_HOST_PLAN_TARGET_NETWORKMANAGER && target != PIT_HOST_PLAN_TARGET_NETWORKD)
    _pit_plan_notes (self, out, "");
}

/* The kernel reads its command line and the initramfs only at boot: one
 * reboot, last, for the targets that change them. */
static void
reboot_section (PitHostPlan       *self,
                PitHostPlanTarget  target,
                GString           *out)
{
  switch (target)
    {
    case PIT_HOST_PLAN_TARGET_AUTO:
      if (pit_host_plan_detect_target (self) == PIT_HOST_PLAN_TARGET_NIXOS
          || (self->params->len == 0 && self->devices->len == 0))
        return;
      break;
    case PIT_HOST_PLAN_TARGET_MODPROBE:
      _pit_plan_section (out, "finally");
      _pit_plan_comment (out, "", "The initramfs keeps a copy of /etc/modprobe.d: rebuild it first "
                         "(see --target initramfs).");
      break;
    case PIT_HOST_PLAN_TARGET_GRUB:
    case PIT_HOST_PLAN_TARGET_SYSTEMD_BOOT:
    case PIT_HOST_PLAN_TARGET_INITRAMFS:
      break;
    case PIT_HOST_PLAN_TARGET_NIXOS:
    case PIT_HOST_PLAN_TARGET_NETWORKMANAGER:
    case PIT_HOST_PLAN_TARGET_NETWORKD:
    case PIT_HOST_PLAN_TARGET_LIBVIRT_HOOK:
    case PIT_HOST_PLAN_TARGET_LOOKING_GLASS:
    default:
      return;
    }
  if (target != PIT_HOST_PLAN_TARGET_MODPROBE)
    _pit_plan_section (out, "finally");
  _pit_plan_comment (out, "", "Kernel parameters and initramfs modules take effect at the next boot.");
  _pit_plan_line (out, "systemctl reboot");
}

static gboolean
render_auto (PitHostPlan  *self,
             GString      *out,
             GError      **error)
{
  const PitHostPlanRequest *request = self->request;
  PitHostPlanTarget boot = pit_host_plan_detect_target (self);

  if (boot == PIT_HOST_PLAN_TARGET_NIXOS)
    {
      _pit_plan_render_nixos (self, out);
      return TRUE;
    }
  if (boot == PIT_HOST_PLAN_TARGET_AUTO && self->params->len > 0)
    {
      g_set_error_literal (error, PIT_ERROR, PIT_ERROR_UNSUPPORTED,
                           _("Could not tell this host’s boot loader; choose --target grub or "
                             "--target systemd-boot"));
      return FALSE;
    }
  if (self->params->len > 0
      && !(boot == PIT_HOST_PLAN_TARGET_GRUB ? _pit_plan_render_grub (self, out, error)
                                             : _pit_plan_render_systemd_boot (self, out, error)))
    return FALSE;
  if (self->devices->len > 0 && !_pit_plan_render_modprobe (self, out, error))
    return FALSE;
  if (self->devices->len > 0 && self->facts->initramfs != PIT_PLAN_INITRAMFS_UNKNOWN
      && !_pit_plan_render_initramfs (self, out, error))
    return FALSE;
  if (request->bridge != NULL)
    switch (self->facts->net_manager)
      {
      case PIT_PLAN_NET_NETWORKMANAGER:
        _pit_plan_render_networkmanager (self, out, NULL);
        break;
      case PIT_PLAN_NET_NETWORKD:
        _pit_plan_render_networkd (self, out, NULL);
        break;
      case PIT_PLAN_NET_IFUPDOWN:
        _pit_plan_render_ifupdown (self, out);
        break;
      case PIT_PLAN_NET_UNKNOWN:
      default:
        _pit_plan_render_no_manager (self, out);
        break;
      }
  if (request->hugepage_count > 0 && request->hugepages_on_demand
      && !_pit_plan_render_libvirt_hook (self, out, error))
    return FALSE;
  if (_pit_plan_wants_looking_glass (self) && !_pit_plan_render_looking_glass (self, out, error))
    return FALSE;
  _pit_plan_render_swtpm (self, out);
  return TRUE;
}

/**
 * pit_host_plan_render:
 * Returns: (transfer full) (nullable): the text for @target, every line
 *   after a comment that explains it
 */
char *
pit_host_plan_render (PitHostPlan        *self,
                      PitHostPlanTarget   target,
                      GError            **error)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GString) body = g_string_new (NULL);
  gboolean ok = FALSE;

  g_return_val_if_fail (PIT_IS_HOST_PLAN (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* the single-GPU hook is a plan of its own: the warning comes first */
  if (self->request->single_gpu_vm != NULL || self->request->isolate_vm != NULL)
    {
      if (!_pit_plan_render_vm_hook (self, target, out, error))
        return NULL;
      return g_string_free (g_steal_pointer (&out), FALSE);
    }

  if (self->devices->len == 0 && self->params->len == 0 && self->request->hugepage_count == 0
      && self->request->bridge == NULL && !_pit_plan_wants_looking_glass (self) && !_pit_plan_wants_swtpm (self))
    {
      g_set_error_literal (error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT,
                           _("Nothing to plan: choose a GPU (--gpu), hugepages (--hugepages) "
                             "or a bridge (--bridge)"));
      return NULL;
    }

  switch (target)
    {
    case PIT_HOST_PLAN_TARGET_AUTO:
      ok = render_auto (self, body, error);
      break;
    case PIT_HOST_PLAN_TARGET_NIXOS:
      _pit_plan_render_nixos (self, body);
      ok = TRUE;
      break;
    case PIT_HOST_PLAN_TARGET_GRUB:
      ok = _pit_plan_render_grub (self, body, error);
      break;
    case PIT_HOST_PLAN_TARGET_SYSTEMD_BOOT:
      ok = _pit_plan_render_systemd_boot (self, body, error);
      break;
    case PIT_HOST_PLAN_TARGET_MODPROBE:
      ok = _pit_plan_render_modprobe (self, body, error);
      break;
    case PIT_HOST_PLAN_TARGET_INITRAMFS:
      ok = _pit_plan_render_initramfs (self, body, error);
      break;
    case PIT_HOST_PLAN_TARGET_NETWORKMANAGER:
      ok = _pit_plan_render_networkmanager (self, body, error);
      break;
    case PIT_HOST_PLAN_TARGET_NETWORKD:
      ok = _pit_plan_render_networkd (self, body, error);
      break;
    case PIT_HOST_PLAN_TARGET_LIBVIRT_HOOK:
      ok = _pit_plan_render_libvirt_hook (self, body, error);
      break;
    case PIT_HOST_PLAN_TARGET_LOOKING_GLASS:
      ok = _pit_plan_render_looking_glass (self, body, error);
      break;
    default:
      g_return_val_if_reached (NULL);
    }
  if (!ok)
    return NULL;
  if (body->len > 0)
    reboot_section (self, target, body);
  if (body->len == 0)
    {
      g_set_error_literal (error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT,
                           _("Nothing to plan: choose a GPU (--gpu), hugepages (--hugepages) "
                             "or a bridge (--bridge)"));
      return NULL;
    }

  if (target == PIT_HOST_PLAN_TARGET_LIBVIRT_HOOK)
    {
      /* the output is the script itself: "#!" must be its first line */
      const char *script = strstr (body->str, "#!/bin/sh\n") + strlen ("#!/bin/sh\n");

      g_string_append (out, "#!/bin/sh\n");
      header (self, target, out);
      g_string_append (out, script);
    }
  else
    {
      header (self, target, out);
      g_string_append_c (out, '\n');
      g_string_append_len (out, body->str, body->len);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}
