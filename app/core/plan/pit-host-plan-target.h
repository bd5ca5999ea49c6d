/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What the host plan is written for. */
typedef enum
{
  PIT_HOST_PLAN_TARGET_AUTO,           /* everything this host needs, by its boot facts */
  PIT_HOST_PLAN_TARGET_NIXOS,          /* a configuration.nix module */
  PIT_HOST_PLAN_TARGET_GRUB,           /* /etc/default/grub */
  PIT_HOST_PLAN_TARGET_SYSTEMD_BOOT,   /* /etc/kernel/cmdline or kernelstub */
  PIT_HOST_PLAN_TARGET_MODPROBE,       /* /etc/modprobe.d/vfio.conf */
  PIT_HOST_PLAN_TARGET_INITRAMFS,      /* initramfs-tools, dracut or mkinitcpio */
  PIT_HOST_PLAN_TARGET_NETWORKMANAGER, /* nmcli commands */
  PIT_HOST_PLAN_TARGET_NETWORKD,       /* systemd-networkd files */
  PIT_HOST_PLAN_TARGET_LIBVIRT_HOOK,   /* a qemu hook reserving hugepages per VM run */
  PIT_HOST_PLAN_TARGET_LOOKING_GLASS,  /* kvmfr or /dev/shm, udev, tmpfiles, qemu.conf (and sound) */
} PitHostPlanTarget;

gboolean    pit_host_plan_target_from_string (const char         *id,
                                              PitHostPlanTarget  *target);
const char *pit_host_plan_target_to_string   (PitHostPlanTarget   target);
const char *pit_host_plan_target_ids         (void);

G_END_DECLS
