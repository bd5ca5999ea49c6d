/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "pit-host-pci-bar.h"

G_BEGIN_DECLS

/* One PCI function.  Numbers that are unknown are -1 (JSON null): a PCI dump
 * has no driver, IOMMU group or boot_vga; libvirt's node devices have no
 * boot_vga or reset/BAR capabilities. */
typedef struct
{
  char *address;          /* "0000:04:00.0" */
  guint domain;
  guint bus;
  guint slot;
  guint function;
  guint16 vendor_id;
  guint16 device_id;
  int subsystem_vendor_id; /* -1 unknown */
  int subsystem_id;        /* -1 unknown */
  guint16 class_id;        /* base class << 8 | subclass: 0x0300 */
  int prog_if;             /* -1 unknown */
  char *vendor_name;       /* from pci.ids (or libvirt); NULL when unknown */
  char *device_name;
  char *subsystem_name;
  char *class_name;
  gboolean driver_known;   /* FALSE for PCI dumps */
  char *driver;            /* bound kernel driver; NULL: none (or unknown, see driver_known) */
  int iommu_group;         /* -1: none or unknown */
  int numa_node;           /* -1: unknown */
  int boot_vga;            /* 1, 0, -1 unknown */
  int flr;                 /* Function Level Reset (PCIe DevCap): 1, 0, -1 unknown */
  int resizable_bar;       /* Resizable BAR extended capability: 1, 0, -1 unknown */
  GArray *bars;            /* PitHostPciBar: memory BARs with a known size, by index */
  int rom;                 /* the sysfs "rom" file exists: 1, 0, -1 unknown */
  guint64 rom_size;        /* expansion ROM size ("resource" line 6); 0 unknown or none */
  int rom_shadowed;        /* the ROM resource is the firmware's shadow copy at 0xC0000 (boot GPU): 1, 0, -1 */
  char **reset_methods;    /* sysfs "reset_method" words, in the kernel's order; NULL unknown
                            * (kernel older than 5.15, a PCI dump, a remote host) */
  int bus_reset;           /* alone on a bus below a bridge, so a secondary bus reset
                            * only resets its own functions: 1, 0, -1 unknown */
  GPtrArray *functions;    /* char *: addresses of the other functions of the same slot */
} PitHostPciDevice;

PitHostPciDevice *pit_host_pci_device_new      (guint              domain,
                                                guint              bus,
                                                guint              slot,
                                                guint              function);
PitHostPciDevice *pit_host_pci_device_ref      (PitHostPciDevice  *self);
void              pit_host_pci_device_unref    (PitHostPciDevice  *self);

gboolean          pit_host_pci_device_is_gpu    (const PitHostPciDevice *self); /* class 03xx */
gboolean          pit_host_pci_device_is_bridge (const PitHostPciDevice *self); /* host or PCI-to-PCI bridge: 0600, 0604, 0609 */
gboolean          pit_host_pci_device_same_slot (const PitHostPciDevice *self,
                                                 const PitHostPciDevice *other);
char             *pit_host_pci_device_dup_ids   (const PitHostPciDevice *self); /* "10de:1b80" */
/* (transfer none): the BAR with @index, added (size unknown) when @create */
PitHostPciBar    *pit_host_pci_device_get_bar   (PitHostPciDevice *self,
                                                 guint             index,
                                                 gboolean          create);
/* The largest BAR's size in bytes; 0 when no size is known */
guint64           pit_host_pci_device_largest_bar (const PitHostPciDevice *self,
                                                   guint                  *index);

/* Accepts "0000:04:00.0", "04:00.0", "pci_0000_04_00_0"; normalises to
 * "0000:04:00.0".  %FALSE (and %NULL) on anything else. */
gboolean          pit_host_pci_parse_address    (const char  *text,
                                                 guint       *domain,
                                                 guint       *bus,
                                                 guint       *slot,
                                                 guint       *function);
char             *pit_host_pci_normalize_address (const char *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PitHostPciDevice, pit_host_pci_device_unref)

G_END_DECLS
