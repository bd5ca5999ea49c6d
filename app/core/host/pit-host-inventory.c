/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-host"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pit-demo.h"
#include "pit-error.h"
#include "pit-host-inventory.h"
#include "pit-host-remote.h"
#include "pit-libvirt-release.h"

struct _PitHostInventory
{
  PitHostSource source;
  char *root;
  PitHostReader *reader;   /* local inventories: for storage asked later */
  guint problems_copied;   /* how many of the reader's problems are in ->problems */
  gboolean partial;
  PitHostCpuTopology *cpu;
  GPtrArray *pci;
  PitHostIommu *iommu;
  PitHostMemory *memory;
  PitHostNet *net;
  PitHostBoot *boot;
  PitHostDisplay *display;
  GPtrArray *storage;
  GPtrArray *problems;
  PitHostStorage *root_fs;
  GPtrArray *disks;
  GPtrArray *inputs;
  GPtrArray *usb;
};

G_DEFINE_BOXED_TYPE (PitHostInventory, pit_host_inventory, pit_host_inventory_ref, pit_host_inventory_unref)

/**
 * pit_host_inventory_new:
 * Returns: (transfer full): an empty inventory (everything unknown)
 */
PitHostInventory *
pit_host_inventory_new (PitHostSource  source,
                        const char    *root)
{
  PitHostInventory *self = g_atomic_rc_box_new0 (PitHostInventory);

  self->source = source;
  self->root = g_strdup (root);
  self->partial = source == PIT_HOST_SOURCE_REMOTE;
  self->cpu = pit_host_cpu_topology_new ();
  self->pci = g_ptr_array_new_with_free_func ((GDestroyNotify) pit_host_pci_device_unref);
  self->iommu = pit_host_iommu_new ();
  self->memory = pit_host_memory_new ();
  self->net = pit_host_net_new ();
  self->storage = g_ptr_array_new_with_free_func ((GDestroyNotify) pit_host_storage_unref);
  self->problems = g_ptr_array_new_with_free_func (g_free);
  self->disks = g_ptr_array_new_with_free_func ((GDestroyNotify) pit_host_block_device_unref);
  self->inputs = g_ptr_array_new_with_free_func ((GDestroyNotify) pit_host_input_device_unref);
  self->usb = g_ptr_array_new_with_free_func ((GDestroyNotify) pit_host_usb_controller_unref);

  return self;
}

PitHostInventory *
pit_host_inventory_ref (PitHostInventory *self)
{
  return g_atomic_rc_box_acquire (self);
}

static void
inventory_clear (PitHostInventory *self)
{
  g_free (self->root);
  g_clear_pointer (&self->reader, pit_host_reader_unref);
  pit_host_cpu_topology_unref (self->cpu);
  g_ptr_array_unref (self->pci);
  pit_host_iommu_unref (self->iommu);
  pit_host_memory_unref (self->memory);
  g_clear_pointer (&self->net, pit_host_net_unref);
  g_clear_pointer (&self->boot, pit_host_boot_unref);
  g_clear_pointer (&self->display, pit_host_display_unref);
  g_ptr_array_unref (self->storage);
  g_ptr_array_unref (self->problems);
  g_clear_pointer (&self->root_fs, pit_host_storage_unref);
  g_ptr_array_unref (self->disks);
  g_ptr_array_unref (self->inputs);
  g_ptr_array_unref (self->usb);
}

void
pit_host_inventory_unref (PitHostInventory *self)
{
  g_atomic_rc_box_release_full (self, (GDestroyNotify) inventory_clear);
}

const char *
pit_host_source_to_id (PitHostSource source)
{
  switch (source)
    {
    case PIT_HOST_SOURCE_DEMO:
      return "demo";
    case PIT_HOST_SOURCE_REMOTE:
      return "remote";
    case PIT_HOST_SOURCE_LOCAL:
    default:
      return "local";
    }
}

void
pit_host_inventory_add_problem (PitHostInventory *self,
                                const char       *problem)
{
  for (guint i = 0; i < self->problems->len; i++)
    if (g_str_equal (self->problems->pdata[i], problem))
      return;
  g_ptr_array_add (self->problems, g_strdup (problem));
  self->partial = TRUE;
}

static void
copy_problems (PitHostInventory *self)
{
  GPtrArray *problems;

  if (self->reader == NULL)
    return;
  problems = pit_host_reader_get_problems (self->reader);
  for (; self->problems_copied < problems->len; self->problems_copied++)
    pit_host_inventory_add_problem (self, problems->pdata[self->problems_copied]);
}

#define SETTER(member, Type, unref)                                                   \
  void pit_host_inventory_set_##member (PitHostInventory *self, Type *value)          \
  {                                                                                   \
    g_return_if_fail (value != NULL);                                                 \
    g_clear_pointer (&self->member, unref);                                           \
    self->member = value;                                                             \
  }

/* The setters take ownership. */
SETTER (cpu, PitHostCpuTopology, pit_host_cpu_topology_unref)
SETTER (iommu, PitHostIommu, pit_host_iommu_unref)
SETTER (memory, PitHostMemory, pit_host_memory_unref)
SETTER (net, PitHostNet, pit_host_net_unref)
SETTER (boot, PitHostBoot, pit_host_boot_unref)
SETTER (display, PitHostDisplay, pit_host_display_unref)

#undef SETTER

/**
 * pit_host_inventory_set_pci_devices:
 * @devices: (transfer full) (element-type PitHostPciDevice):
 */
void
pit_host_inventory_set_pci_devices (PitHostInventory *self,
                                    GPtrArray        *devices)
{
  g_return_if_fail (devices != NULL);

  g_ptr_array_unref (self->pci);
  self->pci = devices;
}

void
pit_host_inventory_set_partial (PitHostInventory *self,
                                gboolean          partial)
{
  self->partial = partial;
}

PitHostStorage *
pit_host_inventory_add_storage (PitHostInventory *self,
                                const char       *path)
{
  PitHostStorage *storage;

  g_return_val_if_fail (path != NULL, NULL);

  if (self->reader == NULL)
    {
      g_autofree char *problem = g_strdup_printf (_("The disk source %s cannot be examined: libvirt "
                                                    "does not describe the storage of a remote host"),
                                                  path);

      pit_host_inventory_add_problem (self, problem);
      return NULL;
    }

  storage = pit_host_storage_probe (self->reader, path);
  g_ptr_array_add (self->storage, storage);
  copy_problems (self);
  return storage;
}

/**
 * pit_host_inventory_probe:
 * Returns: (transfer full): the inventory, or %NULL with @error on bad
 *   arguments only
 */
PitHostInventory *
pit_host_inventory_probe (const PitHostProbeOptions  *options,
                          GError                    **error)
{
  static const PitHostProbeOptions defaults = { NULL, NULL, NULL };
  g_autoptr(PitHostInventory) self = NULL;
  g_autoptr(GPtrArray) pci = NULL;
  const char *root;

  if (options == NULL)
    options = &defaults;
  root = options->root != NULL ? options->root : "/";
  if (!g_file_test (root, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, PIT_ERROR, PIT_ERROR_NOT_FOUND, _("The host root “%s” is not a folder"), root);
      return NULL;
    }

  self = pit_host_inventory_new (PIT_HOST_SOURCE_LOCAL, NULL);
  self->reader = pit_host_reader_new (root);
  self->root = g_strdup (pit_host_reader_get_root (self->reader));

  pci = pit_host_pci_probe (self->reader, options->pci_dump, error);
  if (pci == NULL)
    return NULL;
  pit_host_inventory_set_pci_devices (self, g_steal_pointer (&pci));

  pit_host_inventory_set_cpu (self, pit_host_cpu_topology_probe (self->reader));
  pit_host_inventory_set_iommu (self, pit_host_iommu_probe (self->reader));
  if (options->pci_dump != NULL && options->root == NULL)
    {
      /* the live host's IOMMU says nothing about the machine a dump came
       * from, and a dump has no groups: unknown */
      g_autoptr(PitHostIommu) unknown = pit_host_iommu_new ();

      pit_host_inventory_set_iommu (self, g_steal_pointer (&unknown));
    }
  else if (options->pci_dump != NULL)
    {
      /* a tree recorded with the dump: its groups name the dump's devices */
      for (guint i = 0; i < self->iommu->groups->len; i++)
        {
          PitHostIommuGroup *group = self->iommu->groups->pdata[i];

          for (guint j = 0; j < group->devices->len; j++)
            {
              PitHostPciDevice *device = pit_host_inventory_find_pci_device (self, group->devices->pdata[j]);

              if (device != NULL)
                device->iommu_group = (int) group->id;
            }
        }
    }
  g_ptr_array_unref (self->inputs);
  self->inputs = pit_host_input_probe (self->reader);
  g_ptr_array_unref (self->usb);
  self->usb = pit_host_usb_probe (self->reader, self->pci, self->iommu, self->inputs);
  pit_host_inventory_set_memory (self, pit_host_memory_probe (self->reader));
  pit_host_inventory_set_net (self, pit_host_net_probe (self->reader));
  pit_host_inventory_set_boot (self, pit_host_boot_probe (self->reader));
  pit_host_inventory_set_display (self, pit_host_display_probe (self->reader, self->pci));
  self->root_fs = pit_host_storage_probe_root_fs (self->reader);
  g_ptr_array_unref (self->disks);
  self->disks = pit_host_block_devices_probe_all (self->reader);
  copy_problems (self);

  for (guint i = 0; options->storage_paths != NULL && options->storage_paths[i] != NULL; i++)
    pit_host_inventory_add_storage (self, options->storage_paths[i]);

  return g_steal_pointer (&self);
}

PitHostSource
pit_host_inventory_get_source (PitHostInventory *self)
{
  return self->source;
}

const char *
pit_host_inventory_get_root (PitHostInventory *self)
{
  return self->root;
}

gboolean
pit_host_inventory_is_partial (PitHostInventory *self)
{
  return self->partial;
}

PitHostCpuTopology *
pit_host_inventory_get_cpu (PitHostInventory *self)
{
  return self->cpu;
}

GPtrArray *
pit_host_inventory_get_pci_devices (PitHostInventory *self)
{
  return self->pci;
}

/**
 * pit_host_inventory_find_pci_device:
 * @address: "0000:04:00.0", "04:00.0" or a libvirt node device name
 * Returns: (transfer none) (nullable):
 */
PitHostPciDevice *
pit_host_inventory_find_pci_device (PitHostInventory *self,
                                    const char       *address)
{
  g_autofree char *normal = pit_host_pci_normalize_address (address);

  for (guint i = 0; normal != NULL && i < self->pci->len; i++)
    {
      PitHostPciDevice *device = self->pci->pdata[i];

      if (g_str_equal (device->address, normal))
        return device;
    }
  return NULL;
}

PitHostIommu *
pit_host_inventory_get_iommu (PitHostInventory *self)
{
  return self->iommu;
}

PitHostMemory *
pit_host_inventory_get_memory (PitHostInventory *self)
{
  return self->memory;
}

PitHostNet *
pit_host_inventory_get_net (PitHostInventory *self)
{
  return self->net;
}

PitHostBoot *
pit_host_inventory_get_boot (PitHostInventory *self)
{
  return self->boot;
}

PitHostDisplay *
pit_host_inventory_get_display (PitHostInventory *self)
{
  return self->display;
}

gboolean
pit_host_inventory_is_single_gpu (PitHostInventory *self,
                                  const char       *address)
{
  return pit_host_is_single_gpu (self->pci, pit_host_inventory_find_pci_device (self, address));
}

GPtrArray *
pit_host_inventory_get_storage (PitHostInventory *self)
{
  return self->storage;
}

/**
 * pit_host_inventory_find_storage:
 * What the disk source @path sits on: from the inventory when it was
 * described there, else read under the inventory's root (local hosts;
 * libvirt does not describe a remote host's storage).  The inventory is
 * not changed: it may be shared with other threads.
 * Returns: (transfer full) (nullable): %NULL when unknown
 */
PitHostStorage *
pit_host_inventory_find_storage (PitHostInventory *self,
                                 const char       *path)
{
  g_autoptr(PitHostReader) reader = NULL;
  g_autoptr(PitHostStorage) storage = NULL;

  if (path == NULL || path[0] != '/')
    return NULL;
  for (guint i = 0; i < self->storage->len; i++)
    {
      PitHostStorage *entry = g_ptr_array_index (self->storage, i);

      if (g_strcmp0 (entry->path, path) == 0)
        return entry->kind == PIT_HOST_STORAGE_KIND_UNKNOWN ? NULL : pit_host_storage_ref (entry);
    }
  if (self->root == NULL)
    return NULL;
  reader = pit_host_reader_new (self->root);
  storage = pit_host_storage_probe (reader, path);
  return storage->kind == PIT_HOST_STORAGE_KIND_UNKNOWN ? NULL : g_steal_pointer (&storage);
}

GPtrArray *
pit_host_inventory_get_problems (PitHostInventory *self)
{
  return self->problems;
}

PitHostStorage *
pit_host_inventory_get_root_fs (PitHostInventory *self)
{
  return self->root_fs;
}

GPtrArray *
pit_host_inventory_get_disks (PitHostInventory *self)
{
  return self->disks;
}

static gboolean
holds_root_fs (PitHostInventory *self,
               const char       *disk)
{
  for (guint i = 0; self->root_fs != NULL && i < self->root_fs->disks->len; i++)
    if (g_str_equal (((PitHostBlockDevice *) self->root_fs->disks->pdata[i])->name, disk))
      return TRUE;
  return FALSE;
}

GPtrArray *
pit_host_inventory_get_device_uses (PitHostInventory *self,
                                    PitHostPciDevice *device)
{
  GPtrArray *uses = g_ptr_array_new_with_free_func ((GDestroyNotify) pit_host_device_use_free);

  for (int pass = 0; pass < 2; pass++)
    for (guint i = 0; i < self->disks->len; i++)
      {
        PitHostBlockDevice *disk = self->disks->pdata[i];
        gboolean root = holds_root_fs (self, disk->name);
        g_autofree char *detail = NULL;

        if (g_strcmp0 (disk->controller, device->address) != 0 || root != (pass == 0))
          continue;
        detail = disk->model != NULL ? g_strdup_printf ("%s, %s", disk->name, disk->model) : g_strdup (disk->name);
        g_ptr_array_add (uses, pit_host_device_use_new (root ? PIT_HOST_DEVICE_USE_ROOT_DISK
                                                             : PIT_HOST_DEVICE_USE_DISK, detail));
      }
  for (guint i = 0; self->net != NULL && i < self->net->interfaces->len; i++)
    {
      PitHostNetInterface *iface = self->net->interfaces->pdata[i];
      gboolean route;

      if (g_strcmp0 (iface->pci_address, device->address) != 0)
        continue;
      /* a port of the bridge that carries the default route carries it too */
      route = iface->default_route
              || (iface->master != NULL && g_strcmp0 (iface->master, self->net->default_route_interface) == 0);
      g_ptr_array_add (uses, pit_host_device_use_new (route ? PIT_HOST_DEVICE_USE_DEFAULT_ROUTE
                                                            : PIT_HOST_DEVICE_USE_NETWORK, iface->name));
    }
  if (device->class_id == 0x0c03)
    g_ptr_array_add (uses, pit_host_device_use_new (PIT_HOST_DEVICE_USE_USB, NULL));
  if (device->boot_vga == 1)
    g_ptr_array_add (uses, pit_host_device_use_new (PIT_HOST_DEVICE_USE_BOOT_DISPLAY, NULL));
  return uses;
}

GPtrArray *
pit_host_inventory_get_input_devices (PitHostInventory *self)
{
  return self->inputs;
}

GPtrArray *
pit_host_inventory_get_usb_controllers (PitHostInventory *self)
{
  return self->usb;
}

/**
 * pit_host_inventory_find_input_device:
 * @id: the name in /dev/input/by-id, or its full path
 * Returns: (transfer none) (nullable):
 */
PitHostInputDevice *
pit_host_inventory_find_input_device (PitHostInventory *self,
                                      const char       *id)
{
  for (guint i = 0; id != NULL && i < self->inputs->len; i++)
    {
      PitHostInputDevice *device = self->inputs->pdata[i];

      if (g_str_equal (device->id, id) || g_str_equal (device->path, id))
        return device;
    }
  return NULL;
}

/**
 * pit_host_inventory_find_usb_controller:
 * Returns: (transfer none) (nullable):
 */
PitHostUsbController *
pit_host_inventory_find_usb_controller (PitHostInventory *self,
                                        const char       *address)
{
  g_autofree char *normal = pit_host_pci_normalize_address (address);

  for (guint i = 0; normal != NULL && i < self->usb->len; i++)
    {
      PitHostUsbController *controller = self->usb->pdata[i];

      if (g_str_equal (controller->device->address, normal))
        return controller;
    }
  return NULL;
}

PitHostPassthrough *
pit_host_inventory_get_passthrough (PitHostInventory  *self,
                                    const char        *address,
                                    GError           **error)
{
  g_autofree char *normal = pit_host_pci_normalize_address (address);
  PitHostPciDevice *device;

  if (normal == NULL)
    {
      g_set_error (error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a PCI address (expected e.g. 0000:04:00.0)"), address);
      return NULL;
    }
  device = pit_host_inventory_find_pci_device (self, address);
  if (device == NULL)
    {
      g_set_error (error, PIT_ERROR, PIT_ERROR_NOT_FOUND, _("The host has no PCI device %s"), address);
      return NULL;
    }

  return pit_host_passthrough_new (device, self->pci, self->iommu);
}

GPtrArray *
pit_host_inventory_get_gpus (PitHostInventory *self)
{
  GPtrArray *gpus = g_ptr_array_new_with_free_func ((GDestroyNotify) pit_host_passthrough_unref);

  for (guint i = 0; i < self->pci->len; i++)
    {
      PitHostPciDevice *device = self->pci->pdata[i];

      if (pit_host_pci_device_is_gpu (device))
        g_ptr_array_add (gpus, pit_host_passthrough_new (device, self->pci, self->iommu));
    }
  return gpus;
}

/* For a connection ------------------------------------------------------ */

typedef struct
{
  PitHostSource source;
  char *root;
  virConnectPtr handle;
  GStrv storage_paths;
} ForConnection;

static void
for_connection_free (ForConnection *data)
{
  g_free (data->root);
  if (data->handle != NULL)
    pit_libvirt_release_connection (data->handle);
  g_strfreev (data->storage_paths);
  g_free (data);
}

/* Local: a driver URI without a host ("qemu:///system", "qemu+unix:///…"). */
static gboolean
is_local_qemu (const char *uri)
{
  g_autofree char *scheme = g_uri_parse_scheme (uri);
  const char *rest;

  if (scheme == NULL)
    return FALSE;
  if (!g_str_equal (scheme, "qemu") && !g_str_equal (scheme, "qemu+unix"))
    return FALSE;
  rest = uri + strlen (scheme);
  return g_str_has_prefix (rest, ":///");
}

static PitHostInventory *
run_for_connection (ForConnection  *data,
                    GError        **error)
{
  PitHostInventory *inventory;

  if (data->source == PIT_HOST_SOURCE_REMOTE)
    {
      inventory = pit_host_remote_probe (data->handle, error);
      for (guint i = 0; inventory != NULL && data->storage_paths != NULL && data->storage_paths[i]; i++)
        pit_host_inventory_add_storage (inventory, data->storage_paths[i]);
      return inventory;
    }
  else
    {
      PitHostProbeOptions options = { data->root, NULL, (const char * const *) data->storage_paths };

      inventory = pit_host_inventory_probe (&options, error);
      if (inventory != NULL)
        inventory->source = data->source;
      return inventory;
    }
}

static void
for_connection_thread (GTask        *task,
                       gpointer      source_object,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
  GError *error = NULL;
  PitHostInventory *inventory = run_for_connection (task_data, &error);

  if (inventory != NULL && g_cancellable_set_error_if_cancelled (cancellable, &error))
    g_clear_pointer (&inventory, pit_host_inventory_unref);
  if (inventory == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, inventory, (GDestroyNotify) pit_host_inventory_unref);
}

static ForConnection *
for_connection_new (PitConnection       *connection,
                    const char * const  *storage_paths,
                    GError             **error)
{
  g_autoptr(GError) local_error = NULL;
  ForConnection *data = g_new0 (ForConnection, 1);

  data->storage_paths = g_strdupv ((char **) storage_paths);
  if (pit_connection_is_demo (connection))
    {
      data->source = PIT_HOST_SOURCE_DEMO;
      data->root = pit_demo_get_host_root_for_uri (pit_connection_get_uri (connection));
    }
  else if (is_local_qemu (pit_connection_get_uri (connection)))
    {
      data->source = PIT_HOST_SOURCE_LOCAL;
      data->root = g_strdup ("/");
    }
  else
    {
      virConnectPtr handle = pit_connection_get_handle (connection);

      data->source = PIT_HOST_SOURCE_REMOTE;
      if (handle == NULL)
        {
          g_set_error (error, PIT_ERROR, PIT_ERROR_CONNECTION_LOST,
                       _("Not connected to %s"), pit_connection_get_uri (connection));
          for_connection_free (data);
          return NULL;
        }
      virConnectRef (handle);
      data->handle = handle;
    }
  return data;
}

/**
 * pit_host_inventory_for_connection_async:
 * @storage_paths: (nullable): disk sources to describe
 */
void
pit_host_inventory_for_connection_async (PitConnection       *connection,
                                         const char * const  *storage_paths,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  ForConnection *data;

  g_return_if_fail (PIT_IS_CONNECTION (connection));

  task = g_task_new (connection, cancellable, callback, user_data);
  g_task_set_source_tag (task, pit_host_inventory_for_connection_async);

  data = for_connection_new (connection, storage_paths, &error);
  if (data == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_set_task_data (task, data, (GDestroyNotify) for_connection_free);
  g_task_run_in_thread (task, for_connection_thread);
}

/**
 * pit_host_inventory_for_connection_finish:
 * Returns: (transfer full): the inventory, or %NULL with @error
 */
PitHostInventory *
pit_host_inventory_for_connection_finish (GAsyncResult  *result,
                                          GError       **error)
{
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pit_host_inventory_for_connection_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * pit_host_inventory_for_connection_sync:
 * The same, blocking (command line, tests).
 */
PitHostInventory *
pit_host_inventory_for_connection_sync (PitConnection       *connection,
                                        const char * const  *storage_paths,
                                        GError             **error)
{
  ForConnection *data;
  PitHostInventory *inventory;

  g_return_val_if_fail (PIT_IS_CONNECTION (connection), NULL);

  data = for_connection_new (connection, storage_paths, error);
  if (data == NULL)
    return NULL;
  inventory = run_for_connection (data, error);
  for_connection_free (data);
  return inventory;
}
