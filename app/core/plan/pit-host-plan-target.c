/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-plan"

#include "config.h"

#include "pit-host-plan-target.h"

static const char * const ids[] = {
  [PIT_HOST_PLAN_TARGET_AUTO] = "auto",
  [PIT_HOST_PLAN_TARGET_NIXOS] = "nixos",
  [PIT_HOST_PLAN_TARGET_GRUB] = "grub",
  [PIT_HOST_PLAN_TARGET_SYSTEMD_BOOT] = "systemd-boot",
  [PIT_HOST_PLAN_TARGET_MODPROBE] = "modprobe",
  [PIT_HOST_PLAN_TARGET_INITRAMFS] = "initramfs",
  [PIT_HOST_PLAN_TARGET_NETWORKMANAGER] = "networkmanager",
  [PIT_HOST_PLAN_TARGET_NETWORKD] = "networkd",
  [PIT_HOST_PLAN_TARGET_LIBVIRT_HOOK] = "libvirt-hook",
  [PIT_HOST_PLAN_TARGET_LOOKING_GLASS] = "looking-glass",
};

gboolean
pit_host_plan_target_from_string (const char        *id,
                                  PitHostPlanTarget *target)
{
  for (guint i = 0; id != NULL && i < G_N_ELEMENTS (ids); i++)
    if (g_str_equal (id, ids[i]))
      {
        *target = (PitHostPlanTarget) i;
        return TRUE;
      }
  return FALSE;
}

const char *
pit_host_plan_target_to_string (PitHostPlanTarget target)
{
  g_return_val_if_fail ((guint) target < G_N_ELEMENTS (ids), NULL);

  return ids[target];
}

/**
 * pit_host_plan_target_ids:
 * Returns: the targets for a usage message: "nixos|grub|…|auto"
 */
const char *
pit_host_plan_target_ids (void)
{
  return "nixos|grub|systemd-boot|modprobe|initramfs|networkmanager|networkd|libvirt-hook|looking-glass|auto";
}
