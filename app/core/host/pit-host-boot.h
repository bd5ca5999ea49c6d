/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "pit-host-reader.h"

G_BEGIN_DECLS

typedef enum
{
  PIT_HOST_BOOTLOADER_UNKNOWN,       /* JSON null */
  PIT_HOST_BOOTLOADER_GRUB,          /* "grub": /etc/default/grub, /boot/grub{,2}/grub.cfg */
  PIT_HOST_BOOTLOADER_SYSTEMD_BOOT,  /* "systemd-boot": loader/loader.conf on /boot, /efi or /boot/efi */
} PitHostBootloader;

typedef enum
{
  PIT_HOST_INITRAMFS_UNKNOWN,          /* JSON null */
  PIT_HOST_INITRAMFS_NIXOS,            /* "nixos": the initrd is built by nixos-rebuild */
  PIT_HOST_INITRAMFS_INITRAMFS_TOOLS,  /* "initramfs-tools": /etc/initramfs-tools */
  PIT_HOST_INITRAMFS_DRACUT,           /* "dracut": /etc/dracut.conf{,.d} */
  PIT_HOST_INITRAMFS_MKINITCPIO,       /* "mkinitcpio": /etc/mkinitcpio.conf */
} PitHostInitramfs;

/* Boot setup: ROOT/proc/cmdline, ROOT/etc/os-release (else
 * ROOT/usr/lib/os-release), bootloader and initramfs tool from their
 * configuration files, ROOT/proc/modules, ROOT/proc/sys/kernel/osrelease. */
typedef struct
{
  char *cmdline;             /* NULL unknown */
  GStrv cmdline_params;      /* split like the kernel does (quotes kept together); NULL unknown */
  char *os_id;               /* "nixos", "fedora", "debian", "ubuntu", "arch", "pop" */
  GStrv os_id_like;          /* ID_LIKE words; NULL */
  char *os_name;             /* PRETTY_NAME, else NAME */
  char *os_version_id;
  char *kernel_release;      /* "6.1.0-13-amd64" */
  PitHostBootloader bootloader;
  gboolean kernelstub;       /* /etc/kernelstub/configuration (Pop!_OS) */
  gboolean kernel_cmdline_file; /* /etc/kernel/cmdline exists */
  PitHostInitramfs initramfs;
  GPtrArray *modules;        /* char *: loaded modules, sorted; NULL unknown */
} PitHostBoot;

PitHostBoot *pit_host_boot_new        (void);
PitHostBoot *pit_host_boot_ref        (PitHostBoot    *self);
void         pit_host_boot_unref      (PitHostBoot    *self);
PitHostBoot *pit_host_boot_probe      (PitHostReader  *reader);

/* -1 when the module list is unknown. "vfio-pci" and "vfio_pci" are the same. */
int          pit_host_boot_has_module (PitHostBoot    *self,
                                       const char     *module);
/* The value of the last "name=value" on the command line ("" for a bare
 * "name"), %NULL when absent or unknown. */
const char  *pit_host_boot_get_param  (PitHostBoot    *self,
                                       const char     *name);
/* Whether os_id or os_id_like holds @id ("debian" is TRUE for Ubuntu). */
gboolean     pit_host_boot_os_is      (PitHostBoot    *self,
                                       const char     *id);
const char  *pit_host_bootloader_to_id (PitHostBootloader bootloader);
const char  *pit_host_initramfs_to_id  (PitHostInitramfs  initramfs);

/* Splits a kernel command line (exported for the host plan's GRUB merge). */
GStrv        pit_host_split_cmdline   (const char     *cmdline);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PitHostBoot, pit_host_boot_unref)

G_END_DECLS
