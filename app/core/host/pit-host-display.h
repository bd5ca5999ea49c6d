/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "pit-host-pci-device.h"
#include "pit-host-reader.h"

G_BEGIN_DECLS

/* What shows the host's screen, and what holds its GPU: what single-GPU
 * passthrough has to stop and give back.  Read under the root prefix:
 *   display manager  ROOT/etc/systemd/system/display-manager.service (the
 *                    symlink's target: "gdm.service"; a unit file of its own
 *                    on NixOS: "display-manager.service")
 *   compositors and  ROOT/proc/<pid>/comm of every process (gnome-shell,
 *   audio servers    kwin_wayland, Xorg, sway …; pipewire, pulseaudio)
 *   framebuffers     ROOT/proc/fb ("0 EFI VGA"), and the firmware's
 *                    framebuffer devices bound in ROOT/sys/bus/platform/
 *                    drivers/{efi-framebuffer,simple-framebuffer,vesa-framebuffer}
 *   vtconsoles       ROOT/sys/class/vtconsole/vtconN/{bind,name}
 *   device nodes     ROOT/sys/bus/pci/devices/<addr>/drm/… (/dev/dri/…),
 *                    …/sound/cardN/… (/dev/snd/…), and /dev/nvidia* for a
 *                    device on the nvidia driver */

typedef struct
{
  guint index;       /* N of vtconN */
  char *name;        /* "(S) dummy device", "(M) frame buffer device" */
  gboolean bound;    /* bind reads 1 */
} PitHostVtconsole;

typedef struct
{
  char *driver;      /* "efi-framebuffer", "simple-framebuffer", "vesa-framebuffer" */
  char *device;      /* "efi-framebuffer.0" */
} PitHostFirmwareFb;

typedef struct
{
  char *address;     /* PCI address */
  char *path;        /* "/dev/dri/card0" */
} PitHostDeviceNode;

typedef struct
{
  char *display_manager;      /* unit: "gdm.service", "sddm.service"; NULL: none */
  GPtrArray *compositors;     /* char *: process names, sorted, unique */
  GPtrArray *audio_servers;   /* char *: "pipewire", "pulseaudio" */
  GPtrArray *framebuffers;    /* char *: /proc/fb names: "EFI VGA", "amdgpudrmfb" */
  GPtrArray *firmware_fbs;    /* PitHostFirmwareFb */
  GPtrArray *vtconsoles;      /* PitHostVtconsole, by index */
  GPtrArray *device_nodes;    /* PitHostDeviceNode */
} PitHostDisplay;

PitHostDisplay *pit_host_display_new    (void);
PitHostDisplay *pit_host_display_ref    (PitHostDisplay *self);
void            pit_host_display_unref  (PitHostDisplay *self);
/* @pci: PitHostPciDevice, for the device nodes */
PitHostDisplay *pit_host_display_probe  (PitHostReader  *reader,
                                         GPtrArray      *pci);

/* The display manager's name without ".service" ("gdm"); NULL: none */
char           *pit_host_display_dup_manager_name (PitHostDisplay *self);
/* (transfer container): the device nodes of @address */
GPtrArray      *pit_host_display_nodes_of         (PitHostDisplay *self,
                                                   const char     *address);
/* Whether a firmware framebuffer, simpledrm/efifb/vesafb, shows the console */
gboolean        pit_host_display_has_firmware_fb  (PitHostDisplay *self);

/* Single-GPU host: @gpu is the boot VGA device and no
 * other display device (class 03xx) exists in @pci. */
gboolean        pit_host_is_single_gpu            (GPtrArray              *pci,
                                                   const PitHostPciDevice *gpu);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PitHostDisplay, pit_host_display_unref)

G_END_DECLS
