/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "pit-connection.h"
#include "pit-host-boot.h"
#include "pit-host-cpu-topology.h"
#include "pit-host-input-device.h"
#include "pit-host-display.h"
#include "pit-host-device-use.h"
#include "pit-host-iommu.h"
#include "pit-host-memory.h"
#include "pit-host-net.h"
#include "pit-host-passthrough.h"
#include "pit-host-reset-quirk.h"
#include "pit-host-pci.h"
#include "pit-host-storage.h"
#include "pit-host-usb-controller.h"

G_BEGIN_DECLS

typedef enum
{
  PIT_HOST_SOURCE_LOCAL,   /* "local": read under a root prefix ("/" or a tree) */
  PIT_HOST_SOURCE_DEMO,    /* "demo": the demo's shipped tree (data/demo/host-root) */
  PIT_HOST_SOURCE_REMOTE,  /* "remote": from libvirt only; partial */
} PitHostSource;

typedef struct
{
  const char *root;                   /* NULL: "/" */
  const char *pci_dump;               /* `lspci -x` file instead of sysfs for PCI; NULL */
  const char * const *storage_paths;  /* disk sources to describe; NULL-terminated, may be NULL */
} PitHostProbeOptions;

/* Everything Pitstop knows about a host.  Members are never NULL (empty or
 * "unknown" values instead), except boot on remote hosts, which libvirt
 * cannot tell (NULL there; net then only lists the NICs libvirt knows).
 * problems lists what could not be read; partial is TRUE when the
 * inventory comes from libvirt only or when anything could not be read. */
typedef struct _PitHostInventory PitHostInventory;

#define PIT_TYPE_HOST_INVENTORY (pit_host_inventory_get_type ())

GType               pit_host_inventory_get_type      (void) G_GNUC_CONST;
PitHostInventory   *pit_host_inventory_new           (PitHostSource              source,
                                                      const char                *root);
PitHostInventory   *pit_host_inventory_ref           (PitHostInventory          *self);
void                pit_host_inventory_unref         (PitHostInventory          *self);

/* Reads the host under options->root.  Fails only on bad arguments (the
 * root is not a folder; the PCI dump cannot be read): everything else
 * becomes a problem of a partial inventory. */
PitHostInventory   *pit_host_inventory_probe         (const PitHostProbeOptions *options,
                                                      GError                   **error);

/* The inventory of a connection's host, in a thread: the demo connection
 * reads the demo's host-root; a local qemu:///system or qemu:///session
 * reads "/"; any other URI (qemu+ssh://…, test:///default) gives the
 * partial inventory of pit_host_remote_probe(). */
void                pit_host_inventory_for_connection_async  (PitConnection        *connection,
                                                              const char * const   *storage_paths,
                                                              GCancellable         *cancellable,
                                                              GAsyncReadyCallback   callback,
                                                              gpointer              user_data);
PitHostInventory   *pit_host_inventory_for_connection_finish (GAsyncResult         *result,
                                                              GError              **error);
PitHostInventory   *pit_host_inventory_for_connection_sync   (PitConnection        *connection,
                                                              const char * const   *storage_paths,
                                                              GError              **error);

PitHostSource        pit_host_inventory_get_source      (PitHostInventory *self);
const char          *pit_host_inventory_get_root        (PitHostInventory *self); /* NULL for remote */
gboolean             pit_host_inventory_is_partial      (PitHostInventory *self);
PitHostCpuTopology  *pit_host_inventory_get_cpu         (PitHostInventory *self);
GPtrArray           *pit_host_inventory_get_pci_devices (PitHostInventory *self); /* PitHostPciDevice */
PitHostPciDevice    *pit_host_inventory_find_pci_device (PitHostInventory *self,
                                                         const char       *address);
PitHostIommu        *pit_host_inventory_get_iommu       (PitHostInventory *self);
PitHostMemory       *pit_host_inventory_get_memory      (PitHostInventory *self);
PitHostNet          *pit_host_inventory_get_net         (PitHostInventory *self);
PitHostBoot         *pit_host_inventory_get_boot        (PitHostInventory *self); /* NULL when unknown */
PitHostDisplay      *pit_host_inventory_get_display     (PitHostInventory *self); /* NULL for remote */
/* Whether the GPU at @address is the host's only display device and boots it */
gboolean             pit_host_inventory_is_single_gpu   (PitHostInventory *self,
                                                         const char       *address);
GPtrArray           *pit_host_inventory_get_storage     (PitHostInventory *self); /* PitHostStorage */
/* (transfer full) (nullable): what the disk source @path sits on, from the
 * inventory or read under its root (local hosts), without changing the
 * inventory; %NULL when unknown */
PitHostStorage      *pit_host_inventory_find_storage    (PitHostInventory *self,
                                                         const char       *path);
GPtrArray           *pit_host_inventory_get_problems    (PitHostInventory *self); /* char * */
/* The storage of "/" (NULL when unknown) and every disk on a PCI controller */
PitHostStorage      *pit_host_inventory_get_root_fs     (PitHostInventory *self);
GPtrArray           *pit_host_inventory_get_disks       (PitHostInventory *self); /* PitHostBlockDevice */
/* (transfer full) (element-type PitHostDeviceUse): what @device does for
 * the host: the disks on it (the root file system's first), its network
 * interfaces, a USB controller, the boot display. */
GPtrArray           *pit_host_inventory_get_device_uses (PitHostInventory *self,
                                                         PitHostPciDevice *device);
/* Empty on remote hosts (libvirt does not tell): */
GPtrArray           *pit_host_inventory_get_input_devices (PitHostInventory *self); /* PitHostInputDevice */
GPtrArray           *pit_host_inventory_get_usb_controllers (PitHostInventory *self); /* PitHostUsbController */
PitHostInputDevice  *pit_host_inventory_find_input_device (PitHostInventory *self,
                                                           const char       *id);
PitHostUsbController *pit_host_inventory_find_usb_controller (PitHostInventory *self,
                                                              const char       *address);

/* (transfer full): what passing @address to a guest takes; %NULL with
 * PIT_ERROR_NOT_FOUND when the host has no such device. */
PitHostPassthrough  *pit_host_inventory_get_passthrough (PitHostInventory *self,
                                                         const char       *address,
                                                         GError          **error);
/* (transfer container) (element-type PitHostPassthrough): the passthrough
 * of every GPU (class 03xx), sorted by address. */
GPtrArray           *pit_host_inventory_get_gpus        (PitHostInventory *self);

/* Adds the description of one more disk source path (local inventories
 * only; a remote one records a problem). */
PitHostStorage      *pit_host_inventory_add_storage     (PitHostInventory *self,
                                                         const char       *path);

/* Used by the probes and the remote path to assemble an inventory. */
void                 pit_host_inventory_set_cpu         (PitHostInventory   *self,
                                                         PitHostCpuTopology *cpu);
void                 pit_host_inventory_set_pci_devices (PitHostInventory   *self,
                                                         GPtrArray          *devices);
void                 pit_host_inventory_set_iommu       (PitHostInventory   *self,
                                                         PitHostIommu       *iommu);
void                 pit_host_inventory_set_memory      (PitHostInventory   *self,
                                                         PitHostMemory      *memory);
void                 pit_host_inventory_set_net         (PitHostInventory   *self,
                                                         PitHostNet         *net);
void                 pit_host_inventory_set_boot        (PitHostInventory   *self,
                                                         PitHostBoot        *boot);
void                 pit_host_inventory_set_display     (PitHostInventory   *self,
                                                         PitHostDisplay     *display);
void                 pit_host_inventory_set_partial     (PitHostInventory   *self,
                                                         gboolean            partial);
void                 pit_host_inventory_add_problem     (PitHostInventory   *self,
                                                         const char         *problem);

const char          *pit_host_source_to_id              (PitHostSource      source);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PitHostInventory, pit_host_inventory_unref)

G_END_DECLS
