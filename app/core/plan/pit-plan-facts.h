/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* PitPlanFacts: the few host facts the host plan is made from.  It is filled
 * from the host inventory (pit_plan_facts_new_from_root()) or by hand in
 * tests.  Unknown values are NULL, 0 or the _UNKNOWN enum value. */

typedef enum
{
  PIT_PLAN_CPU_UNKNOWN,
  PIT_PLAN_CPU_INTEL,
  PIT_PLAN_CPU_AMD,
} PitPlanCpuVendor;

typedef enum
{
  PIT_PLAN_BOOTLOADER_UNKNOWN,
  PIT_PLAN_BOOTLOADER_GRUB,
  PIT_PLAN_BOOTLOADER_SYSTEMD_BOOT,
} PitPlanBootloader;

typedef enum
{
  PIT_PLAN_INITRAMFS_UNKNOWN,
  PIT_PLAN_INITRAMFS_TOOLS,
  PIT_PLAN_INITRAMFS_DRACUT,
  PIT_PLAN_INITRAMFS_MKINITCPIO,
} PitPlanInitramfs;

typedef enum
{
  PIT_PLAN_NET_UNKNOWN,
  PIT_PLAN_NET_NETWORKMANAGER,
  PIT_PLAN_NET_NETWORKD,
  PIT_PLAN_NET_IFUPDOWN,  /* /etc/network/interfaces (Debian) */
} PitPlanNetManager;

typedef struct
{
  char    *address;     /* "0000:04:00.0" */
  guint16  vendor_id;
  guint16  device_id;
  guint32  class_code;  /* base class and subclass: 0x0300 */
  char    *name;        /* "NVIDIA Corporation GP104 [GeForce GTX 1080]", or NULL */
  char    *driver;      /* bound kernel driver, or NULL */
  int      iommu_group; /* -1 when unknown or the IOMMU is off */
  gboolean boot_vga;    /* the firmware shows its console on this card */
  char   **passthrough; /* the inventory's passthrough set (addresses, this
                         * device first), or NULL: computed from the groups */
  char   **dev_nodes;   /* "/dev/dri/card0", "/dev/snd/controlC1" … or NULL */
} PitPlanPciDevice;

typedef struct
{
  guint64 size_kib;
  guint64 total;
  guint64 free;
} PitPlanHugepagePool;

typedef struct
{
  char     *name;
  char     *master;     /* the bridge it is a port of, or NULL */
  char     *operstate;  /* "up", "down", … or NULL */
  char     *mac;
  gboolean  is_bridge;
  gboolean  is_physical;
  gboolean  is_wireless;  /* physical, but a bridge cannot take it */
} PitPlanNetInterface;

typedef struct
{
  PitPlanCpuVendor   cpu_vendor;
  char              *kernel_release;  /* "6.1.0-13-amd64" */
  char              *os_id;           /* os-release ID: "nixos", "fedora", … */
  char             **os_id_like;      /* os-release ID_LIKE, split */
  char              *os_name;         /* os-release PRETTY_NAME */
  PitPlanBootloader  bootloader;
  gboolean           kernelstub;      /* Pop!_OS manages the command line with kernelstub */
  PitPlanInitramfs   initramfs;
  char              *cmdline;         /* the running kernel's command line */
  gboolean           iommu_enabled;   /* IOMMU groups exist */
  gboolean           drivers_unknown; /* PCI from a dump: no bound drivers */
  GPtrArray         *pci;             /* PitPlanPciDevice */
  guint64            memory_kib;
  GArray            *hugepages;       /* PitPlanHugepagePool */
  char             **modules;         /* loaded kernel modules */
  GPtrArray         *net;             /* PitPlanNetInterface */
  char              *default_route_iface;
  PitPlanNetManager  net_manager;
  GPtrArray         *problems;        /* char *: what could not be read */
  gboolean           remote;          /* read over a libvirt connection: the host's
                                       * files (its programs) are not on this machine */
  /* what shows the screen (single-GPU passthrough) */
  char              *display_manager; /* "gdm3.service", or NULL: none */
  char             **compositors;     /* running compositors/X servers, or NULL */
  char             **audio_servers;   /* "pipewire", "pulseaudio", or NULL */
  char             **framebuffers;    /* /proc/fb names, or NULL */
  char             **firmware_fbs;    /* "efi-framebuffer/efi-framebuffer.0", or NULL */
  GArray            *vtconsoles;      /* guint: the N of each bound vtconN */
} PitPlanFacts;

PitPlanFacts        *pit_plan_facts_new              (void);
void                 pit_plan_facts_free             (PitPlanFacts  *self);

PitPlanPciDevice    *pit_plan_facts_add_pci          (PitPlanFacts  *self,
                                                      const char    *address,
                                                      guint16        vendor_id,
                                                      guint16        device_id,
                                                      guint32        class_code,
                                                      const char    *driver,
                                                      int            iommu_group);
void                 pit_plan_facts_add_hugepages    (PitPlanFacts  *self,
                                                      guint64        size_kib,
                                                      guint64        total,
                                                      guint64        free);
PitPlanNetInterface *pit_plan_facts_add_net          (PitPlanFacts  *self,
                                                      const char    *name,
                                                      gboolean       is_physical,
                                                      gboolean       is_bridge,
                                                      const char    *master,
                                                      const char    *operstate);

gboolean             pit_plan_facts_is_nixos         (const PitPlanFacts *self);
gboolean             pit_plan_facts_is_single_gpu    (const PitPlanFacts     *self,
                                                      const PitPlanPciDevice *gpu);
gboolean             pit_plan_facts_is_like          (const PitPlanFacts *self,
                                                      const char         *id);
gboolean             pit_plan_facts_module_loaded    (const PitPlanFacts *self,
                                                      const char         *module);
const PitPlanPciDevice    *pit_plan_facts_find_pci   (const PitPlanFacts *self,
                                                      const char         *address);
const PitPlanNetInterface *pit_plan_facts_find_net   (const PitPlanFacts *self,
                                                      const char         *name);
const PitPlanHugepagePool *pit_plan_facts_find_hugepages (const PitPlanFacts *self,
                                                          guint64             size_kib);
GPtrArray           *pit_plan_facts_passthrough_set  (const PitPlanFacts     *self,
                                                      const PitPlanPciDevice *gpu);
gboolean             pit_plan_facts_kernel_older_than (const PitPlanFacts *self,
                                                       guint               major,
                                                       guint               minor,
                                                       gboolean           *known);

char                *pit_plan_normalize_pci_address  (const char *address);

/* From the host inventory (app/core/host), or by reading the host under
 * @root (and the `lspci -x` file @pci_dump, when given). */
typedef struct _PitHostInventory PitHostInventory;
PitPlanFacts        *pit_plan_facts_new_from_inventory (PitHostInventory  *inventory);
PitPlanFacts        *pit_plan_facts_probe            (const char        *root,
                                                      const char        *pci_dump,
                                                      GError           **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PitPlanFacts, pit_plan_facts_free)

G_END_DECLS
