/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-plan"

#include "config.h"

#include <string.h>

#include "pit-host-plan-private.h"

/* The NixOS target: one NixOS module the user saves and imports. */

static char *
nix_string (const char *text)
{
  GString *out = g_string_new ("\"");

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"' || *p == '\\' || (*p == '$' && p[1] == '{'))
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
  return g_string_free (out, FALSE);
}

/* An attribute name, quoted unless it is a plain identifier */
static char *
nix_attr (const char *name)
{
  gboolean plain = g_ascii_isalpha (*name) || *name == '_';

  for (const char *p = name; plain && *p != '\0'; p++)
    plain = g_ascii_isalnum (*p) || *p == '_' || *p == '-' || *p == '\'';
  return plain ? g_strdup (name) : nix_string (name);
}

static const char *
module_why (const char *module)
{
  if (g_str_equal (module, "vfio_pci"))
    return "vfio-pci, the driver that holds the devices for the VM.";
  if (g_str_equal (module, "vfio"))
    return "The VFIO core that QEMU talks to.";
  if (g_str_equal (module, "vfio_iommu_type1"))
    return "The VFIO backend for the x86 IOMMU.";
  if (g_str_equal (module, "vendor_reset"))
    return "vendor-reset, which resets the AMD card the kernel cannot; before vfio-pci.";
  return "A VFIO helper module.";
}

static void
kernel_section (PitHostPlan *self,
                GString     *out)
{
  if (self->params->len == 0)
    return;

  _pit_plan_comment (out, "  ", "The kernel command line. NixOS writes it into every boot entry.");
  _pit_plan_line (out, "  boot.kernelParams = [");
  for (guint i = 0; i < self->params->len; i++)
    {
      PitPlanParam *param = g_ptr_array_index (self->params, i);
      g_autofree char *quoted = nix_string (param->param);

      _pit_plan_comment (out, "    ", "%s", param->why);
      _pit_plan_line (out, "    %s", quoted);
    }
  _pit_plan_line (out, "  ];");
}

static void
modules_section (PitHostPlan *self,
                 GString     *out)
{
  g_autofree char *conf = NULL;

  if (self->devices->len == 0)
    return;

  g_string_append_c (out, '\n');
  _pit_plan_comment (out, "  ", "Load VFIO in the initrd, before any graphics driver can take the GPU.");
  _pit_plan_line (out, "  boot.initrd.kernelModules = [");
  for (guint i = 0; self->modules[i] != NULL; i++)
    {
      if (g_str_equal (self->modules[i], "vfio_virqfd"))
        continue; /* decided by the kernel NixOS boots, below */
      _pit_plan_comment (out, "    ", "%s", module_why (self->modules[i]));
      _pit_plan_line (out, "    \"%s\"", self->modules[i]);
    }
  _pit_plan_line (out, "  ]");
  _pit_plan_comment (out, "  ", "vfio_virqfd is a module of its own only before Linux 6.2; "
                     "this asks the kernel this configuration boots.");
  _pit_plan_line (out, "  ++ lib.optional (lib.versionOlder config.boot.kernelPackages.kernel.version "
                  "\"6.2\") \"vfio_virqfd\";");
  if (g_strv_contains ((const char * const *) self->modules, "vendor_reset"))
    {
      _pit_plan_comment (out, "  ", "vendor-reset is not part of the kernel: build it for this kernel.");
      _pit_plan_line (out, "  boot.extraModulePackages = [ config.boot.kernelPackages.vendor-reset ];");
    }
  if (self->udev_rules != NULL)
    {
      g_auto(GStrv) rules = g_strsplit (self->udev_rules, "\n", -1);

      _pit_plan_comment (out, "  ", "Linux 5.15 and newer reset the card through vendor-reset only with "
                         "reset_method set to device_specific.");
      _pit_plan_line (out, "  services.udev.extraRules = ''");
      for (guint i = 0; rules[i] != NULL; i++)
        if (*rules[i] != '\0')
          {
            _pit_plan_line (out, "    # the card's reset through vendor-reset");
            _pit_plan_line (out, "    %s", rules[i]);
          }
      _pit_plan_line (out, "  '';");
    }

  if (self->blacklist[0] != NULL)
    {
      g_autoptr(GString) list = g_string_new (NULL);
      g_autofree char *names = g_strjoinv (" or ", self->blacklist);

      for (guint i = 0; self->blacklist[i] != NULL; i++)
        g_string_append_printf (list, " \"%s\"", self->blacklist[i]);
      g_string_append_c (out, '\n');
      _pit_plan_comment (out, "  ", "Never load %s: no other device of this host needs it, and "
                         "it would take the GPU before vfio-pci.",
                         names);
      _pit_plan_line (out, "  boot.blacklistedKernelModules = [%s ];", list->str);
    }

  conf = _pit_plan_modprobe_conf (self, "    ", FALSE);
  g_string_append_c (out, '\n');
  _pit_plan_comment (out, "  ", "modprobe settings: the ids vfio-pci takes, and the drivers that "
                     "must wait for it.");
  _pit_plan_line (out, "  boot.extraModprobeConfig = ''");
  g_string_append (out, conf);
  if (self->request->looking_glass_mib > 0 && self->request->kvmfr && self->request->user != NULL)
    {
      g_autofree char *kvmfr = _pit_plan_kvmfr_modprobe_line (self);

      _pit_plan_line (out, "    %s", kvmfr);
    }
  _pit_plan_line (out, "  '';");
}

static void
bridge_section (PitHostPlan *self,
                GString     *out)
{
  const PitHostPlanRequest *request = self->request;
  g_autofree char *bridge = NULL;
  g_autofree char *uplink = NULL;

  if (request->bridge == NULL)
    return;

  bridge = nix_attr (request->bridge);
  uplink = nix_attr (request->uplink);
  g_string_append_c (out, '\n');
  _pit_plan_comment (out, "  ", "The bridge %s with %s as its port: a VM attached to it is on the "
                     "LAN like any other machine.", request->bridge, request->uplink);
  _pit_plan_line (out, "  networking.bridges.%s.interfaces = [ \"%s\" ];", bridge, request->uplink);
  _pit_plan_comment (out, "  ", "The host takes its address on the bridge now, by DHCP.");
  _pit_plan_line (out, "  networking.interfaces.%s.useDHCP = true;", bridge);
  _pit_plan_comment (out, "  ", "%s is only a port of the bridge and has no address of its own "
                     "(mkForce overrides hardware-configuration.nix).", request->uplink);
  _pit_plan_line (out, "  networking.interfaces.%s.useDHCP = lib.mkForce false;", uplink);
}

static void
hook_section (PitHostPlan *self,
              GString     *out)
{
  g_autoptr(GString) script = g_string_new (NULL);
  g_auto(GStrv) lines = NULL;

  if (self->request->hugepage_count == 0 || !self->request->hugepages_on_demand)
    return;

  _pit_plan_hook_script (self, script);
  g_string_append_c (out, '\n');
  _pit_plan_comment (out, "  ", "Reserve the hugepages while a VM that uses them runs, not at "
                     "boot: a libvirt hook in /var/lib/libvirt/hooks/qemu.d/.");
  _pit_plan_line (out, "  virtualisation.libvirtd.hooks.qemu.\"pitstop-hugepages\" =");
  _pit_plan_line (out, "    pkgs.writeShellScript \"pitstop-hugepages\" ''");
  lines = g_strsplit (script->str, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (*lines[i] != '\0')
      _pit_plan_line (out, "      %s", lines[i]);
  _pit_plan_line (out, "    '';");
}

void
_pit_plan_render_nixos (PitHostPlan *self,
                        GString     *out)
{
  _pit_plan_comment (out, "", "Save this as /etc/nixos/pitstop-host.nix, add ./pitstop-host.nix to "
                     "the imports of /etc/nixos/configuration.nix, then run\n"
                     "  sudo nixos-rebuild boot\n"
                     "and reboot: kernel parameters and initrd modules change only at boot.");
  _pit_plan_line (out, "{ config, lib, pkgs, ... }:");
  g_string_append_c (out, '\n');
  _pit_plan_line (out, "{");
  kernel_section (self, out);
  modules_section (self, out);
  bridge_section (self, out);
  hook_section (self, out);
  _pit_plan_nixos_looking_glass (self, out, self->devices->len > 0);
  _pit_plan_nixos_swtpm (self, out);
  g_string_append_c (out, '\n');
  _pit_plan_comment (out, "  ", "Run libvirt (libvirtd with QEMU/KVM) for the VMs.");
  _pit_plan_line (out, "  virtualisation.libvirtd.enable = true;");
  _pit_plan_line (out, "}");
}
