/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-plan"

#include "config.h"

#include "pit-host-plan-private.h"

/* swtpm: the program libvirt starts for a VM's emulated TPM (<tpm> with
 * <backend type='emulator'>, which Windows 11 needs).  The plan installs it
 * where it is missing, each system its own way. */

/* Where the packages put it (under the plan's root) */
static const char * const swtpm_paths[] = {
  "usr/bin/swtpm", "usr/local/bin/swtpm", "run/current-system/sw/bin/swtpm", NULL
};

gboolean
_pit_plan_wants_swtpm (PitHostPlan *self)
{
  return self->request->tpm;
}

/* Installed under the plan's root (never asked of a remote host: its root
 * is not here) */
gboolean
_pit_plan_has_swtpm (PitHostPlan *self)
{
  for (guint i = 0; swtpm_paths[i] != NULL; i++)
    if (_pit_plan_file_exists (self, swtpm_paths[i]))
      return TRUE;
  return FALSE;
}

/* The section for every target but NixOS's module.  A remote host's
 * programs cannot be seen over the libvirt connection: the plan says so,
 * and how to install swtpm there if it is missing. */
void
_pit_plan_render_swtpm (PitHostPlan *self,
                        GString     *out)
{
  if (!_pit_plan_wants_swtpm (self))
    return;
  _pit_plan_section (out, "swtpm (the VM's TPM)");
  if (self->facts->remote)
    _pit_plan_comment (out, "", "libvirt runs swtpm for the VM's emulated TPM 2.0 (Windows 11 needs "
                       "one). Whether it is installed on this host cannot be checked over the libvirt "
                       "connection: if it is not, install it (swtpm-tools has swtpm_setup, which "
                       "libvirt uses to make the TPM's state):");
  else if (_pit_plan_has_swtpm (self))
    {
      _pit_plan_comment (out, "", "swtpm, which emulates the VM's TPM 2.0, is installed: nothing to do.");
      return;
    }
  else
    _pit_plan_comment (out, "", "libvirt runs swtpm for the VM's emulated TPM 2.0 (Windows 11 needs "
                       "one); it is not installed. Install it (swtpm-tools has swtpm_setup, which "
                       "libvirt uses to make the TPM's state):");
  if (pit_plan_facts_is_like (self->facts, "debian") || pit_plan_facts_is_like (self->facts, "ubuntu"))
    _pit_plan_line (out, "apt install swtpm swtpm-tools");
  else if (pit_plan_facts_is_like (self->facts, "fedora") || pit_plan_facts_is_like (self->facts, "rhel"))
    _pit_plan_line (out, "dnf install swtpm swtpm-tools");
  else if (pit_plan_facts_is_like (self->facts, "arch"))
    _pit_plan_line (out, "pacman -S --needed swtpm");
  else if (pit_plan_facts_is_like (self->facts, "suse"))
    _pit_plan_line (out, "zypper install swtpm");
  else
    _pit_plan_comment (out, "", "Pitstop does not know this system's package manager: install the "
                       "packages swtpm and swtpm-tools (or their equivalent).");
}

/* Inside the NixOS module */
void
_pit_plan_nixos_swtpm (PitHostPlan *self,
                       GString     *out)
{
  if (!_pit_plan_wants_swtpm (self))
    return;
  g_string_append_c (out, '\n');
  _pit_plan_comment (out, "  ", "swtpm for the VM's emulated TPM 2.0 (Windows 11 needs one).");
  _pit_plan_line (out, "  virtualisation.libvirtd.qemu.swtpm.enable = true;");
}
