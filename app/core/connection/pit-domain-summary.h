/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>
#include <libxml/tree.h>

G_BEGIN_DECLS

typedef struct
{
  char *device;  /* "disk", "cdrom", "floppy", "lun" */
  char *type;    /* "file", "block", "volume", "network" */
  char *source;  /* path, device, "pool/volume" or protocol name */
  char *target;  /* "sda" */
  char *bus;     /* "sata", "virtio", … */
  char *cache;   /* NULL when libvirt's default */
  char *io;
} PitDiskInfo;

typedef struct
{
  char *type;    /* "network", "bridge", "direct", "user" */
  char *source;  /* network or bridge name */
  char *model;   /* "virtio", "e1000e", … */
  char *mac;
} PitNicInfo;

typedef struct
{
  char *type;    /* "pci", "usb", … */
  char *address; /* "0000:04:00.0" for PCI, "vendor:product" for USB */
  gboolean managed;
} PitHostdevInfo;

typedef struct
{
  char *name;
  char *uuid;
  char *hypervisor;   /* "kvm", "qemu", "test", … */
  char *os_type;      /* "hvm" */
  char *arch;
  char *machine;
  guint vcpus;
  guint vcpus_current;
  char *cpu_mode;     /* NULL when the domain has no <cpu mode> */
  guint sockets, dies, cores, threads; /* 0 when no topology is set */
  char *vcpu_pinning;     /* host CPUs of all <vcpupin>s, "2-3,6-7"; NULL when none */
  char *emulator_pinning; /* <emulatorpin cpuset>, NULL when none */
  char *iothread_pinning; /* host CPUs of all <iothreadpin>s, NULL when none */
  gboolean hugepages;     /* <memoryBacking><hugepages> */
  guint64 memory_kib;
  guint64 current_memory_kib;
  GPtrArray *disks;    /* PitDiskInfo */
  GPtrArray *nics;     /* PitNicInfo */
  GPtrArray *hostdevs; /* PitHostdevInfo */
} PitDomainSummary;

#define PIT_TYPE_DOMAIN_SUMMARY (pit_domain_summary_get_type ())

GType             pit_domain_summary_get_type (void) G_GNUC_CONST;
PitDomainSummary *pit_domain_summary_new_from_xml (const char        *xml,
                                                   GError           **error);
PitDomainSummary *pit_domain_summary_ref          (PitDomainSummary  *self);
void              pit_domain_summary_unref        (PitDomainSummary  *self);
char             *pit_domain_summary_format_topology (const PitDomainSummary *self);
gboolean          pit_domain_xml_is_windows       (xmlNode           *root);
gboolean          pit_domain_xml_is_windows11     (xmlNode           *root);
guint64           pit_domain_summary_memory_kib   (xmlNode           *root,
                                                   const char        *element);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PitDomainSummary, pit_domain_summary_unref)

G_END_DECLS
