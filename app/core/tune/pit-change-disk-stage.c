/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-tune"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pit-change-disk-stage.h"
#include "pit-change-virtio-iso.h"
#include "pit-error.h"
#include "pit-xml.h"

#define DEFAULT_DUMMY_SIZE (G_GUINT64_CONSTANT (64) * 1024 * 1024)

static const char * const stage_names[] = {
  "add-virtio-dummy", "switch-boot-to-virtio", "remove-virtio-dummy", "switch-boot-to-sata", NULL
};

gboolean
pit_disk_stage_from_string (const char    *text,
                            PitDiskStage  *stage,
                            GError       **error)
{
  for (guint i = 0; stage_names[i] != NULL; i++)
    if (g_strcmp0 (text, stage_names[i]) == 0)
      {
        *stage = i;
        return TRUE;
      }
  g_set_error (error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT,
               _("Unknown disk stage “%s”: use add-virtio-dummy, switch-boot-to-virtio, remove-virtio-dummy or switch-boot-to-sata"),
               text);
  return FALSE;
}

/* <metadata><pitstop:tune><pitstop:virtio-dummy source=… target=…/> */
static xmlNode *
find_record (xmlNode *root)
{
  g_autoptr(GPtrArray) nodes = pit_xml_find_nodes (root,
    "metadata/*[namespace-uri()='" PIT_TUNE_NAMESPACE "']/*[local-name()='virtio-dummy']");

  return nodes->len > 0 ? g_ptr_array_index (nodes, 0) : NULL;
}

static char *
disk_source (xmlNode *disk)
{
  return pit_xml_get_string (disk, "source/@file | source/@dev | source/@volume");
}

static xmlNode *
find_dummy (xmlNode *root)
{
  xmlNode *record = find_record (root);
  g_autofree char *source = record ? pit_xml_get_prop (record, "source") : NULL;
  g_autoptr(GPtrArray) disks = NULL;

  if (source == NULL)
    return NULL;
  disks = pit_xml_find_nodes (root, "devices/disk");
  for (guint i = 0; i < disks->len; i++)
    {
      g_autofree char *other = disk_source (g_ptr_array_index (disks, i));

      if (g_strcmp0 (source, other) == 0)
        return g_ptr_array_index (disks, i);
    }
  return NULL;
}

/* The disk with the lowest <boot order>, else the first hard disk. */
static xmlNode *
find_boot_disk (xmlNode *root)
{
  g_autoptr(GPtrArray) disks = pit_xml_find_nodes (root, "devices/disk[not(@device) or @device='disk']");
  xmlNode *dummy = find_dummy (root);
  xmlNode *first = NULL, *best = NULL;
  guint64 best_order = G_MAXUINT64;

  for (guint i = 0; i < disks->len; i++)
    {
      xmlNode *disk = g_ptr_array_index (disks, i);
      guint64 order;

      if (disk == dummy)
        continue;
      if (first == NULL)
        first = disk;
      if (pit_xml_get_uint64 (disk, "boot/@order", &order) && order < best_order)
        {
          best = disk;
          best_order = order;
        }
    }
  return best ? best : first;
}

static char *
disk_bus (xmlNode *disk)
{
  /* gvir_config_domain_disk_get_target_bus() reads the wrong attribute */
  return pit_xml_get_string (disk, "target/@bus");
}

PitDiskState
pit_change_disk_stage_get_state (xmlNode *root)
{
  xmlNode *boot = find_boot_disk (root);
  g_autofree char *bus = boot ? disk_bus (boot) : NULL;

  if (boot == NULL)
    return PIT_DISK_STATE_NO_BOOT_DISK;
  if (g_strcmp0 (bus, "virtio") == 0)
    return PIT_DISK_STATE_BOOT_ON_VIRTIO;
  if (find_dummy (root) != NULL)
    return PIT_DISK_STATE_DUMMY_ADDED;
  return PIT_DISK_STATE_BOOT_NOT_VIRTIO;
}

static void
remove_dummy (PitTuneContext *context)
{
  xmlNode *dummy = find_dummy (context->root);
  xmlNode *record = find_record (context->root);

  if (dummy != NULL)
    pit_xml_remove (dummy);
  if (record != NULL)
    {
      xmlNode *tune = record->parent;
      xmlNode *metadata = tune->parent;

      pit_xml_remove (record);
      if (!pit_xml_has_element_children (tune))
        pit_xml_remove (tune);
      if (!pit_xml_has_element_children (metadata))
        pit_xml_remove (metadata);
    }
}

/* Where a new volume for the small disk goes: the pool of @boot_source, or
 * the "default" pool. */
static gboolean
plan_volume (PitTuneContext  *context,
             const char      *boot_source,
             guint64          size,
             PitTuneVolume  **out,
             gboolean        *is_block,
             GError         **error)
{
  virStorageVolPtr vol = NULL;
  virStoragePoolPtr pool = NULL;
  g_autofree char *xml = NULL;
  g_autoptr(xmlDoc) doc = NULL;
  g_autofree char *pool_type = NULL;
  g_autofree char *target = NULL;
  PitTuneVolume *volume;
  gboolean file_pool;

  if (context->connection == NULL)
    {
      g_set_error_literal (error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT,
                           _("Without a libvirt connection the small virtio disk needs a file: give one"));
      return FALSE;
    }
  if (boot_source != NULL)
    vol = virStorageVolLookupByPath (context->connection, boot_source);
  if (vol != NULL)
    {
      pool = virStoragePoolLookupByVolume (vol);
      virStorageVolFree (vol);
    }
  if (pool == NULL)
    {
      pool = virStoragePoolLookupByName (context->connection, "default");
      if (pool == NULL)
        {
          g_set_error_literal (error, PIT_ERROR, PIT_ERROR_NOT_FOUND,
                               _("The boot disk is not in a libvirt storage pool and there is no “default” pool: give a file for the small virtio disk"));
          return FALSE;
        }
      pit_tune_context_warn (context, _("The boot disk is in no storage pool: the small virtio disk goes to the “default” pool"));
    }

  {
    char *raw = virStoragePoolGetXMLDesc (pool, 0);

    xml = g_strdup (raw);
    free (raw);
  }
  volume = g_new0 (PitTuneVolume, 1);
  volume->pool = g_strdup (virStoragePoolGetName (pool));
  virStoragePoolFree (pool);
  doc = xml ? pit_xml_parse (xml, NULL) : NULL;
  if (doc != NULL)
    {
      pool_type = pit_xml_get_string (xmlDocGetRootElement (doc), "@type");
      target = pit_xml_get_string (xmlDocGetRootElement (doc), "target/path");
    }
  if (target == NULL)
    {
      g_set_error (error, PIT_ERROR, PIT_ERROR_UNSUPPORTED,
                   _("The storage pool “%s” has no target path: give a file for the small virtio disk"),
                   volume->pool);
      pit_tune_volume_free (volume);
      return FALSE;
    }

  file_pool = pool_type == NULL || g_str_equal (pool_type, "dir") || g_str_equal (pool_type, "fs")
              || g_str_equal (pool_type, "netfs");
  volume->name = g_strdup_printf ("%s-virtio-dummy%s", gvir_config_domain_get_name (context->domain),
                                  file_pool ? ".qcow2" : "");
  volume->path = g_build_filename (target, volume->name, NULL);
  volume->capacity = size;
  volume->format = g_strdup (file_pool ? "qcow2" : "raw");
  *is_block = !file_pool;
  *out = volume;
  return TRUE;
}

static gboolean
add_dummy (PitTuneContext                   *context,
           const PitChangeDiskStageOptions  *options,
           GError                          **error)
{
  xmlNode *boot = find_boot_disk (context->root);
  g_autofree char *bus = NULL;
  g_autofree char *boot_source = NULL;
  g_autofree char *path = NULL;
  g_autofree char *format = NULL;
  g_autofree char *target = NULL;
  g_autofree char *record = NULL;
  g_autoptr(GVirConfigDomainDisk) disk = NULL;
  g_autoptr(GVirConfigDomainDiskDriver) driver = NULL;
  gboolean is_block = FALSE;

  if (boot == NULL)
    {
      g_set_error_literal (error, PIT_ERROR, PIT_ERROR_NOT_FOUND, _("The guest has no boot disk"));
      return FALSE;
    }
  if (find_dummy (context->root) != NULL)
    return TRUE;
  bus = disk_bus (boot);
  if (g_strcmp0 (bus, "virtio") == 0)
    {
      g_set_error_literal (error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT,
                           _("The boot disk already uses virtio"));
      return FALSE;
    }

  if (options->dummy_file != NULL)
    {
      g_autofree char *hint = g_strdup_printf (_("create it with: qemu-img create -f qcow2 %s 64M"),
                                               options->dummy_file);

      if (!pit_tune_context_check_file (context, options->dummy_file, G_FILE_TEST_EXISTS, hint, error))
        return FALSE;
      path = g_strdup (options->dummy_file);
      format = g_strdup (g_str_has_suffix (path, ".qcow2") ? "qcow2" : "raw");
    }
  else
    {
      PitTuneVolume *volume = NULL;

      boot_source = disk_source (boot);
      if (!plan_volume (context, boot_source, options->dummy_size ? options->dummy_size : DEFAULT_DUMMY_SIZE,
                        &volume, &is_block, error))
        return FALSE;
      path = g_strdup (volume->path);
      format = g_strdup (volume->format);
      g_ptr_array_add (context->volumes, volume);
    }

  target = pit_tune_free_target (context->root, "vd", NULL);
  disk = gvir_config_domain_disk_new ();
  gvir_config_domain_disk_set_type (disk, is_block ? GVIR_CONFIG_DOMAIN_DISK_BLOCK : GVIR_CONFIG_DOMAIN_DISK_FILE);
  gvir_config_domain_disk_set_guest_device_type (disk, GVIR_CONFIG_DOMAIN_DISK_GUEST_DEVICE_DISK);
  driver = gvir_config_domain_disk_driver_new ();
  gvir_config_domain_disk_driver_set_name (driver, "qemu");
  gvir_config_domain_disk_driver_set_format (driver, g_str_equal (format, "qcow2")
                                                     ? GVIR_CONFIG_DOMAIN_DISK_FORMAT_QCOW2
                                                     : GVIR_CONFIG_DOMAIN_DISK_FORMAT_RAW);
  gvir_config_domain_disk_set_driver (disk, driver);
  gvir_config_domain_disk_set_source (disk, path);
  gvir_config_domain_disk_set_target_dev (disk, target);
  gvir_config_domain_disk_set_target_bus (disk, GVIR_CONFIG_DOMAIN_DISK_BUS_VIRTIO);
  gvir_config_domain_add_device (context->domain, GVIR_CONFIG_DOMAIN_DEVICE (disk));

  {
    g_autofree char *escaped = g_markup_printf_escaped ("<tune><virtio-dummy source=\"%s\" target=\"%s\"/></tune>",
                                                        path, target);

    if (!gvir_config_domain_set_custom_xml (context->domain, escaped, PIT_TUNE_NAMESPACE_PREFIX,
                                            PIT_TUNE_NAMESPACE, error))
      return FALSE;
  }
  return TRUE;
}

static gboolean
move_boot_disk (PitTuneContext  *context,
                const char      *new_bus,
                gboolean         had_dummy,
                GError         **error)
{
  xmlNode *boot = find_boot_disk (context->root);
  g_autoptr(GVirConfigDomainDisk) disk = NULL;
  g_autofree char *bus = NULL;
  g_autofree char *target = NULL;
  gboolean to_virtio = g_str_equal (new_bus, "virtio");
  xmlNode *address;

  if (boot == NULL)
    {
      g_set_error_literal (error, PIT_ERROR, PIT_ERROR_NOT_FOUND, _("The guest has no boot disk"));
      return FALSE;
    }
  bus = disk_bus (boot);
  if (g_strcmp0 (bus, new_bus) == 0)
    return TRUE;
  if (to_virtio && !had_dummy)
    pit_tune_context_warn (context,
                           _("No small virtio disk was added first: Windows only boots from virtio if its virtio storage driver is installed"));

  disk = pit_tune_wrap_device (boot, GVIR_CONFIG_TYPE_DOMAIN_DISK, error);
  if (disk == NULL)
    return FALSE;
  target = pit_tune_free_target (context->root, to_virtio ? "vd" : "sd", boot);
  /* (the setters append the attribute again: dev first, as libvirt writes it) */
  gvir_config_domain_disk_set_target_dev (disk, target);
  gvir_config_domain_disk_set_target_bus (disk, to_virtio ? GVIR_CONFIG_DOMAIN_DISK_BUS_VIRTIO
                                                          : GVIR_CONFIG_DOMAIN_DISK_BUS_SATA);
  boot = pit_tune_put_back_device (boot, disk);
  /* The drive (or PCI) address belongs to the old bus: libvirt assigns one */
  while ((address = pit_xml_child (boot, "address")) != NULL)
    pit_xml_remove (address);
  return TRUE;
}

static void
pit_change_disk_stage_describe (const PitChangeDiskStageOptions *options,
                                GPtrArray                       *sentences)
{
  const char *text;

  switch (options->stage)
    {
    case PIT_DISK_STAGE_ADD_VIRTIO_DUMMY:
      text = _("Add a small virtio disk so Windows installs the virtio storage driver (stage 1 of 2)");
      break;
    case PIT_DISK_STAGE_SWITCH_BOOT_TO_VIRTIO:
      text = _("Move the boot disk to virtio and remove the small disk (stage 2 of 2)");
      break;
    case PIT_DISK_STAGE_REMOVE_VIRTIO_DUMMY:
      text = _("Remove the small virtio disk (undo stage 1)");
      break;
    case PIT_DISK_STAGE_SWITCH_BOOT_TO_SATA:
    default:
      text = _("Move the boot disk back to SATA (undo stage 2)");
      break;
    }
  g_ptr_array_add (sentences, g_strdup (text));
}

static gboolean
pit_change_disk_stage_apply (PitTuneContext                   *context,
                             const PitChangeDiskStageOptions  *options,
                             GError                          **error)
{
  if (!pit_tune_context_require_x86 (context, _("The staged move of the boot disk to virtio"), error))
    return FALSE;

  switch (options->stage)
    {
    case PIT_DISK_STAGE_ADD_VIRTIO_DUMMY:
      return add_dummy (context, options, error);
    case PIT_DISK_STAGE_SWITCH_BOOT_TO_VIRTIO:
      {
        xmlNode *dummy = find_dummy (context->root);
        g_autofree char *source = dummy ? disk_source (dummy) : NULL;

        /* the small disk goes first: its target name is free again */
        remove_dummy (context);
        if (!move_boot_disk (context, "virtio", dummy != NULL, error))
          return FALSE;
        if (source != NULL)
          pit_tune_context_warn (context, _("The small disk’s image %s is no longer used; you may delete it"),
                                 source);
        return TRUE;
      }
    case PIT_DISK_STAGE_REMOVE_VIRTIO_DUMMY:
      remove_dummy (context);
      return TRUE;
    case PIT_DISK_STAGE_SWITCH_BOOT_TO_SATA:
      return move_boot_disk (context, "sata", TRUE, error);
    default:
      g_return_val_if_reached (FALSE);
    }
}

PIT_DEFINE_TUNE_CHANGE (PitChangeDiskStage, pit_change_disk_stage, "disk-stage",
                        .owned = PIT_TUNE_OWNED (PIT_TUNE_STRING (PitChangeDiskStageOptions, dummy_file)))
