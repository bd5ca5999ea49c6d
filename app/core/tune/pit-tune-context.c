/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-tune"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "pit-error.h"
#include "pit-host-qemu.h"
#include "pit-host-reader.h"
#include "pit-tune-context.h"
#include "pit-xml.h"

void
pit_tune_volume_free (PitTuneVolume *volume)
{
  if (volume == NULL)
    return;
  g_free (volume->pool);
  g_free (volume->name);
  g_free (volume->path);
  g_free (volume->format);
  g_free (volume);
}

void
pit_tune_context_init (PitTuneContext   *self,
                       GVirConfigDomain *domain,
                       PitHostInventory *host,
                       virConnectPtr     connection)
{
  memset (self, 0, sizeof *self);
  self->domain = g_object_ref (domain);
  self->root = pit_xml_object_node (domain);
  self->host = host != NULL ? pit_host_inventory_ref (host) : NULL;
  self->connection = connection;
  self->warnings = g_ptr_array_new_with_free_func (g_free);
  self->volumes = g_ptr_array_new_with_free_func ((GDestroyNotify) pit_tune_volume_free);
}

void
pit_tune_context_clear (PitTuneContext *self)
{
  g_clear_object (&self->domain);
  g_clear_pointer (&self->host, pit_host_inventory_unref);
  g_clear_pointer (&self->warnings, g_ptr_array_unref);
  g_clear_pointer (&self->volumes, g_ptr_array_unref);
  self->root = NULL;
  self->connection = NULL;
}

void
pit_tune_context_warn (PitTuneContext *self,
                       const char     *format,
                       ...)
{
  va_list args;
  char *message;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  for (guint i = 0; i < self->warnings->len; i++)
    if (g_str_equal (g_ptr_array_index (self->warnings, i), message))
      {
        g_free (message);
        return;
      }
  g_ptr_array_add (self->warnings, message);
}

/**
 * pit_tune_context_dup_arch:
 * Returns: the guest architecture (os/type/@arch), or %NULL when unset.
 */
char *
pit_tune_context_dup_arch (PitTuneContext *self)
{
  return pit_xml_get_string (self->root, "os/type/@arch");
}

/**
 * pit_tune_context_require_x86:
 * Refuses @what (a translated phrase) for guests that are not x86.  A guest
 * without an arch attribute gets the host's, which libvirt assumes x86 here.
 */
gboolean
pit_tune_context_require_x86 (PitTuneContext  *self,
                              const char      *what,
                              GError         **error)
{
  g_autofree char *arch = pit_tune_context_dup_arch (self);

  if (arch == NULL || g_str_equal (arch, "x86_64") || g_str_equal (arch, "i686"))
    return TRUE;

  g_set_error (error, PIT_ERROR, PIT_ERROR_UNSUPPORTED,
               _("%s only works on x86 guests; this guest is %s"), what, arch);
  return FALSE;
}

/**
 * pit_tune_context_check_file:
 * @path: a file the user named for the guest (a disc, a disk)
 * @test: what it must be, e.g. %G_FILE_TEST_IS_REGULAR
 * @hint: (nullable): how to make it (translated), said when it is missing
 * Refuses a relative path, and a missing file when the guest's files are
 * on this machine (check_files).
 */
gboolean
pit_tune_context_check_file (PitTuneContext  *self,
                             const char      *path,
                             GFileTest        test,
                             const char      *hint,
                             GError         **error)
{
  if (!g_path_is_absolute (path))
    {
      g_set_error (error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT,
                   _("The file “%s” must be an absolute path"), path);
      return FALSE;
    }
  if (!self->check_files || g_file_test (path, test))
    return TRUE;
  if (hint != NULL)
    g_set_error (error, PIT_ERROR, PIT_ERROR_NOT_FOUND, _("The file “%s” does not exist (%s)"), path, hint);
  else
    g_set_error (error, PIT_ERROR, PIT_ERROR_NOT_FOUND, _("The file “%s” does not exist"), path);
  return FALSE;
}

/**
 * pit_tune_context_get_storage:
 * What the disk source @path sits on (see pit_host_inventory_find_storage()).
 * Returns: (transfer full) (nullable): %NULL when unknown
 */
PitHostStorage *
pit_tune_context_get_storage (PitTuneContext *self,
                              const char     *path)
{
  return self->host != NULL ? pit_host_inventory_find_storage (self->host, path) : NULL;
}

gboolean
pit_tune_context_is_kvm (PitTuneContext *self)
{
  g_autofree char *type = pit_xml_get_prop (self->root, "type");

  return g_strcmp0 (type, "kvm") == 0;
}

/* QEMU with or without KVM (libvirt's qemu driver) */
gboolean
pit_tune_context_is_qemu (PitTuneContext *self)
{
  g_autofree char *type = pit_xml_get_prop (self->root, "type");

  return g_strcmp0 (type, "kvm") == 0 || g_strcmp0 (type, "qemu") == 0;
}

guint
pit_tune_context_get_max_vcpus (PitTuneContext *self)
{
  guint64 value = 0;

  if (!pit_xml_get_uint64 (self->root, "vcpu", &value) || value > G_MAXUINT)
    return 1;  /* libvirt's default */
  return (guint) value;
}

/**
 * pit_tune_context_get_devices:
 * Returns: (transfer none): the <devices> element, added when missing.
 */
xmlNode *
pit_tune_context_get_devices (PitTuneContext *self)
{
  return pit_xml_ensure_child (self->root, "devices", NULL);
}

/**
 * pit_tune_wrap_device:
 * @type: a concrete libvirt-gconfig device type
 * Returns: (transfer full): a libvirt-gconfig object for a copy of the
 *   existing device @node, to edit with libvirt-gconfig's setters and give
 *   back with pit_tune_put_back_device().
 *
 * gvir_config_domain_get_devices() would give these objects directly, but
 * it raises criticals on disk types libvirt-gconfig 4.0 does not know
 * (nvme, volume, vhostuser: 5 of libvirt's 504 test domains), fatal under
 * G_DEBUG=fatal-criticals, so it is not used.
 */
gpointer
pit_tune_wrap_device (xmlNode  *node,
                      GType     type,
                      GError  **error)
{
  g_autofree char *xml = pit_xml_node_to_document (node);
  g_autoptr(GError) local_error = NULL;
  GVirConfigObject *object = gvir_config_object_new_from_xml (type, (const char *) node->name, NULL,
                                                              xml, &local_error);

  if (object == NULL)
    g_set_error (error, PIT_ERROR, PIT_ERROR_INVALID_XML, _("Cannot read the device <%s>: %s"),
                 node->name, local_error->message);
  return object;
}

/**
 * pit_tune_put_back_device:
 * Replaces @node by the (edited) node of @object.
 * Returns: (transfer none): the new node in the domain
 */
xmlNode *
pit_tune_put_back_device (xmlNode  *node,
                          gpointer  object)
{
  return pit_xml_replace (node, pit_xml_object_node (object));
}

/**
 * pit_tune_context_has_io_uring:
 * Whether the guest's QEMU on this host can run its disks with
 * io='io_uring' (pit_host_qemu_has_io_uring(), under the inventory's root:
 * a remote or unknown host never says so)
 */
gboolean
pit_tune_context_has_io_uring (PitTuneContext *self)
{
  g_autofree char *emulator = NULL;
  const char *root = self->host != NULL ? pit_host_inventory_get_root (self->host) : NULL;

  if (root == NULL)
    return FALSE;
  emulator = pit_xml_get_string (self->root, "devices/emulator");
  return pit_host_qemu_has_io_uring (root, emulator);
}
