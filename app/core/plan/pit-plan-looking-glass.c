/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-plan"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pit-error.h"
#include "pit-host-plan-private.h"
#include "pit-looking-glass-size.h"

/* Looking Glass and sound: what the host needs so that the user's Looking
 * Glass client and QEMU share the frame memory (the kvmfr module's
 * /dev/kvmfr0, or the file /dev/shm/looking-glass), and so that QEMU may
 * play into the user's sound server.  The sizes and files follow Looking
 * Glass's documentation (release B7: "IVSHMEM with the KVMFR module",
 * "IVSHMEM with standard shared memory"). */

/* libvirt's own list (qemu.conf, libvirt 9.0) that a cgroup_device_acl
 * setting replaces: it is repeated so nothing is lost */
static const char * const default_acl[] = {
  "/dev/null", "/dev/full", "/dev/zero", "/dev/random", "/dev/urandom", "/dev/ptmx", "/dev/kvm",
};

gboolean
_pit_plan_wants_looking_glass (PitHostPlan *self)
{
  return self->request->looking_glass_mib > 0 || self->request->sound_pulseaudio;
}

/* QEMU's user as each family's libvirt package makes it */
static const char *
qemu_user (PitHostPlan *self)
{
  if (pit_plan_facts_is_nixos (self->facts))
    return "qemu-libvirtd";
  if (pit_plan_facts_is_like (self->facts, "debian"))
    return "libvirt-qemu";
  if (pit_plan_facts_is_like (self->facts, "fedora") || pit_plan_facts_is_like (self->facts, "rhel"))
    return "qemu";
  return NULL;
}

static gboolean
needs_user (PitHostPlan  *self,
            GError      **error)
{
  if (self->request->user != NULL)
    return TRUE;
  g_set_error_literal (error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT,
                       _("Looking Glass and sound need the user who runs the Looking Glass client "
                         "and the sound server (--user NAME)"));
  return FALSE;
}

char *
_pit_plan_kvmfr_udev_rule (PitHostPlan *self)
{
  return g_strdup_printf ("SUBSYSTEM==\"kvmfr\", KERNEL==\"kvmfr0\", OWNER=\"%s\", GROUP=\"%s\", MODE=\"0660\"",
                          self->request->user, self->request->group);
}

char *
_pit_plan_kvmfr_modprobe_line (PitHostPlan *self)
{
  return g_strdup_printf ("options kvmfr static_size_mb=%" G_GUINT64_FORMAT, self->request->looking_glass_mib);
}

char *
_pit_plan_looking_glass_tmpfiles_line (PitHostPlan *self)
{
  return g_strdup_printf ("f /dev/shm/looking-glass 0660 %s %s -", self->request->user, self->request->group);
}

/* The lines of qemu.conf that Looking Glass (kvmfr) and sound change */
static void
qemu_conf (PitHostPlan *self,
           GString     *out,
           const char  *indent)
{
  const char *user = qemu_user (self);

  if (self->request->looking_glass_mib > 0 && self->request->kvmfr)
    {
      _pit_plan_comment (out, indent, "QEMU may open only the devices on this list (cgroups): libvirt's "
                         "defaults, and /dev/kvmfr0 for Looking Glass.");
      g_string_append_printf (out, "%scgroup_device_acl = [\n", indent);
      for (guint i = 0; i < G_N_ELEMENTS (default_acl); i++)
        g_string_append_printf (out, "%s  \"%s\",\n", indent, default_acl[i]);
      g_string_append_printf (out, "%s  \"/dev/kvmfr0\"\n%s]\n", indent, indent);
    }
  if (self->request->sound_pulseaudio)
    {
      _pit_plan_comment (out, indent, "Sound: QEMU runs as %s, not as %s, and %s's sound server "
                         "(PulseAudio, or PipeWire's PulseAudio service) takes connections on "
                         "/run/user/<uid>/pulse/native from %s only. So QEMU runs as %s: it can then "
                         "reach that socket, and every file it makes is %s's. Sound over SPICE "
                         "(pitstop-cli tune --sound spice) needs no change here.",
                         user != NULL ? user : "libvirt's own QEMU user", self->request->user,
                         self->request->user, self->request->user, self->request->user, self->request->user);
      g_string_append_printf (out, "%suser = \"%s\"\n", indent, self->request->user);
    }
}

static gboolean
qemu_conf_needed (PitHostPlan *self)
{
  return (self->request->looking_glass_mib > 0 && self->request->kvmfr) || self->request->sound_pulseaudio;
}

gboolean
_pit_plan_render_looking_glass (PitHostPlan  *self,
                                GString      *out,
                                GError      **error)
{
  const PitHostPlanRequest *request = self->request;
  const char *user = qemu_user (self);

  if (!_pit_plan_wants_looking_glass (self))
    {
      g_set_error_literal (error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT,
                           _("Nothing for Looking Glass or sound: choose --looking-glass or --sound"));
      return FALSE;
    }
  if (!needs_user (self, error))
    return FALSE;

  if (request->looking_glass_mib > 0 && request->kvmfr)
    {
      g_autofree char *options = _pit_plan_kvmfr_modprobe_line (self);
      g_autofree char *rule = _pit_plan_kvmfr_udev_rule (self);

      _pit_plan_section (out, "/etc/modprobe.d/kvmfr.conf");
      _pit_plan_comment (out, "", "The kvmfr module's memory for Looking Glass: %" G_GUINT64_FORMAT " MiB "
                         "hold two frames of the guest's largest mode and Looking Glass's own data.",
                         request->looking_glass_mib);
      _pit_plan_line (out, "%s", options);

      _pit_plan_section (out, "/etc/modules-load.d/kvmfr.conf");
      _pit_plan_comment (out, "", "Load kvmfr at every boot, before any VM starts (QEMU would otherwise "
                         "make /dev/kvmfr0 as a plain file).");
      _pit_plan_line (out, "kvmfr");

      _pit_plan_section (out, "/etc/udev/rules.d/99-kvmfr.rules");
      _pit_plan_comment (out, "", "/dev/kvmfr0 belongs to %s, who runs the Looking Glass client, and to "
                         "the group %s, which QEMU's user%s%s%s must be in.",
                         request->user, request->group, user ? " (" : "", user ? user : "", user ? ")" : "");
      _pit_plan_line (out, "%s", rule);
    }
  else if (request->looking_glass_mib > 0)
    {
      g_autofree char *line = _pit_plan_looking_glass_tmpfiles_line (self);

      _pit_plan_section (out, "/etc/tmpfiles.d/10-looking-glass.conf");
      _pit_plan_comment (out, "", "The shared memory file, made at boot before QEMU makes it as its own: "
                         "%s (the Looking Glass client) and the group %s (QEMU's user%s%s%s) may read and "
                         "write it. The VM sets its size (%" G_GUINT64_FORMAT " MiB).",
                         request->user, request->group, user ? ", " : "", user ? user : "",
                         user ? ", is in it" : " must be in it", request->looking_glass_mib);
      _pit_plan_line (out, "%s", line);
    }

  if (qemu_conf_needed (self))
    {
      _pit_plan_section (out, "/etc/libvirt/qemu.conf");
      _pit_plan_comment (out, "", "Set these in libvirt's QEMU settings (each replaces the commented-out "
                         "default there).");
      qemu_conf (self, out, "");
    }

  if (request->looking_glass_mib > 0 && request->kvmfr && pit_plan_facts_is_like (self->facts, "debian"))
    {
      _pit_plan_section (out, "/etc/apparmor.d/local/abstractions/libvirt-qemu");
      _pit_plan_comment (out, "", "AppArmor confines QEMU on this system: let it open /dev/kvmfr0.");
      _pit_plan_line (out, "/dev/kvmfr0 rw,");
    }

  _pit_plan_section (out, "then");
  if (request->looking_glass_mib > 0 && request->kvmfr)
    {
      _pit_plan_comment (out, "", "kvmfr is not part of Linux: build and install it from Looking Glass's "
                         "source (its module/ folder) with DKMS first, as Looking Glass's "
                         "documentation shows; then load it with the size above.");
      _pit_plan_line (out, "modprobe kvmfr");
      _pit_plan_comment (out, "", "libvirt's QEMU guests must not use /dev/kvmfr0 through a <shmem> device "
                         "(libvirt 9.0 cannot name it there): Looking Glass's page on kvmfr shows the "
                         "<qemu:commandline> block with memory-backend-file and mem-path /dev/kvmfr0.");
    }
  else if (request->looking_glass_mib > 0)
    {
      _pit_plan_comment (out, "", "Make the file now rather than at the next boot.");
      _pit_plan_line (out, "systemd-tmpfiles --create /etc/tmpfiles.d/10-looking-glass.conf");
    }
  if (qemu_conf_needed (self))
    {
      _pit_plan_comment (out, "", "libvirt reads qemu.conf when it starts.");
      _pit_plan_line (out, "systemctl restart libvirtd");
    }
  if (request->looking_glass_mib > 0)
    {
      g_autofree char *client = pit_looking_glass_client_command (request->kvmfr);

      _pit_plan_comment (out, "", "On the host, as %s, once the VM runs:", request->user);
      _pit_plan_comment (out, "", "  %s", client);
    }
  return TRUE;
}

/* Inside the NixOS module.  @modprobe_done: boot.extraModprobeConfig is
 * already set (the vfio section took the kvmfr line in). */
void
_pit_plan_nixos_looking_glass (PitHostPlan *self,
                               GString     *out,
                               gboolean     modprobe_done)
{
  const PitHostPlanRequest *request = self->request;

  if (!_pit_plan_wants_looking_glass (self) || request->user == NULL)
    return;

  if (request->looking_glass_mib > 0 && request->kvmfr)
    {
      g_autofree char *options = _pit_plan_kvmfr_modprobe_line (self);
      g_autofree char *rule = _pit_plan_kvmfr_udev_rule (self);

      g_string_append_c (out, '\n');
      _pit_plan_comment (out, "  ", "Looking Glass through the kvmfr module (packaged in nixpkgs), loaded "
                         "at boot with %" G_GUINT64_FORMAT " MiB: two frames of the guest's largest mode "
                         "and Looking Glass's own data.", request->looking_glass_mib);
      _pit_plan_line (out, "  boot.extraModulePackages = [ config.boot.kernelPackages.kvmfr ];");
      _pit_plan_line (out, "  boot.kernelModules = [ \"kvmfr\" ];");
      if (!modprobe_done)
        {
          _pit_plan_line (out, "  boot.extraModprobeConfig = ''");
          _pit_plan_line (out, "    %s", options);
          _pit_plan_line (out, "  '';");
        }
      _pit_plan_comment (out, "  ", "/dev/kvmfr0 belongs to %s (the Looking Glass client) and the group %s, "
                         "which QEMU's user joins.", request->user, request->group);
      _pit_plan_line (out, "  services.udev.extraRules = ''");
      _pit_plan_line (out, "    %s", rule);
      _pit_plan_line (out, "  '';");
      _pit_plan_line (out, "  users.users.qemu-libvirtd.extraGroups = [ \"%s\" ];", request->group);
    }
  else if (request->looking_glass_mib > 0)
    {
      g_autofree char *line = _pit_plan_looking_glass_tmpfiles_line (self);

      g_string_append_c (out, '\n');
      _pit_plan_comment (out, "  ", "Looking Glass's shared memory file, made at boot before QEMU makes it "
                         "as its own: %s (the Looking Glass client) and the group %s, which QEMU's user "
                         "joins, may read and write it. The VM sets its size (%" G_GUINT64_FORMAT " MiB).",
                         request->user, request->group, request->looking_glass_mib);
      _pit_plan_line (out, "  systemd.tmpfiles.rules = [ \"%s\" ];", line);
      _pit_plan_line (out, "  users.users.qemu-libvirtd.extraGroups = [ \"%s\" ];", request->group);
    }

  if (qemu_conf_needed (self))
    {
      g_string_append_c (out, '\n');
      _pit_plan_comment (out, "  ", "libvirt's QEMU settings (qemu.conf); namespaces = [] is NixOS's own "
                         "default, kept.");
      _pit_plan_line (out, "  virtualisation.libvirtd.qemu.verbatimConfig = ''");
      _pit_plan_line (out, "    namespaces = []");
      qemu_conf (self, out, "    ");
      _pit_plan_line (out, "  '';");
    }
}
