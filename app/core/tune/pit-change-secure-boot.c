/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-tune"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "pit-change-secure-boot.h"
#include "pit-error.h"
#include "pit-host-reader.h"
#include "pit-xml.h"

/* Where libvirt writes these elements */
static const char * const firmware_after[] = { "type", NULL };
static const char * const feature_after[] = { "feature", NULL };
static const char * const features_after[] = {
  "name", "uuid", "genid", "title", "description", "metadata", "maxMemory", "memory",
  "currentMemory", "blkiotune", "memtune", "memoryBacking", "vcpu", "vcpus", "iothreads",
  "iothreadids", "cputune", "numatune", "resource", "sysinfo", "bootloader",
  "bootloader_args", "os", "idmap", NULL
};
static const char * const smm_after[] = {
  "acpi", "apic", "pae", "hap", "viridian", "privnet", "hyperv", "kvm", "xen", "pvspinlock",
  "pmu", "vmport", "gic", NULL
};

static gboolean
path_contains (const char         *path,
               const char * const *parts)
{
  g_autofree char *lower = NULL;

  if (path == NULL)
    return FALSE;
  lower = g_ascii_strdown (path, -1);
  for (guint i = 0; parts[i] != NULL; i++)
    if (strstr (lower, parts[i]) != NULL)
      return TRUE;
  return FALSE;
}

/* OVMF and edk2 builds: OVMF_CODE_4M.fd, edk2-x86_64-code.fd, … */
static gboolean
looks_uefi (const char *path)
{
  return path_contains (path, (const char * const[]) { "ovmf", "edk2", "efi", NULL });
}

/* Secure Boot builds: OVMF_CODE.secboot.fd (Fedora, Arch), OVMF_CODE_4M.ms.fd
 * and .secboot.fd (Debian), edk2-x86_64-secure-code.fd (QEMU), and the
 * variables with Microsoft's keys: OVMF_VARS_4M.ms.fd */
static gboolean
looks_secure (const char *path)
{
  return path_contains (path, (const char * const[]) { "secboot", "secure", ".ms.", NULL });
}

static char *
feature_enabled (xmlNode    *os,
                 const char *name)
{
  g_autofree char *xpath = g_strdup_printf ("string(firmware/feature[@name='%s']/@enabled)", name);
  char *value = pit_xml_get_string (os, xpath);

  if (value != NULL && value[0] == '\0')
    g_clear_pointer (&value, g_free);
  return value;
}

static char *
loader_path (xmlNode *loader)
{
  g_autofree char *text = loader != NULL ? pit_xml_get_string (loader, "string(.)") : NULL;

  if (text == NULL)
    return NULL;
  g_strstrip (text);
  return text[0] != '\0' ? g_steal_pointer (&text) : NULL;
}

/**
 * pit_guest_firmware_from_xml:
 * BIOS when <os> names no UEFI firmware: no firmware='efi', no OVMF
 * loader.  Secure Boot when auto-selection asks for it with Microsoft's
 * keys, or an explicit loader is a Secure Boot build.
 */
PitGuestFirmware
pit_guest_firmware_from_xml (xmlNode *root)
{
  g_autoptr(GPtrArray) nodes = pit_xml_find_nodes (root, "os");
  xmlNode *os = nodes->len > 0 ? g_ptr_array_index (nodes, 0) : NULL;
  g_autofree char *firmware = NULL;
  g_autofree char *path = NULL;
  g_autofree char *type = NULL;
  g_autofree char *secure = NULL;
  xmlNode *loader;

  if (os == NULL)
    return PIT_GUEST_FIRMWARE_BIOS;
  firmware = pit_xml_get_prop (os, "firmware");
  loader = pit_xml_child (os, "loader");
  path = loader_path (loader);
  type = loader != NULL ? pit_xml_get_prop (loader, "type") : NULL;
  secure = loader != NULL ? pit_xml_get_prop (loader, "secure") : NULL;

  if (g_strcmp0 (firmware, "efi") == 0)
    {
      g_autofree char *boot = feature_enabled (os, "secure-boot");
      g_autofree char *keys = feature_enabled (os, "enrolled-keys");

      if (g_strcmp0 (boot, "yes") == 0 && g_strcmp0 (keys, "yes") == 0 && g_strcmp0 (secure, "no") != 0)
        return PIT_GUEST_FIRMWARE_SECURE_BOOT;
      return PIT_GUEST_FIRMWARE_UEFI;
    }
  if (g_strcmp0 (firmware, "bios") == 0 || loader == NULL)
    return PIT_GUEST_FIRMWARE_BIOS;
  if (path != NULL ? !looks_uefi (path) : g_strcmp0 (type, "pflash") != 0)
    return PIT_GUEST_FIRMWARE_BIOS;
  if (g_strcmp0 (secure, "yes") == 0 || looks_secure (path))
    return PIT_GUEST_FIRMWARE_SECURE_BOOT;
  return PIT_GUEST_FIRMWARE_UEFI;
}

/* The disk the guest boots from: the one with boot order 1, else the first */
static xmlNode *
boot_disk (xmlNode *root)
{
  g_autoptr(GPtrArray) first = pit_xml_find_nodes (root, "devices/disk[not(@device) or @device='disk'][boot/@order='1']");
  g_autoptr(GPtrArray) disks = pit_xml_find_nodes (root, "devices/disk[not(@device) or @device='disk']");

  if (first->len > 0)
    return g_ptr_array_index (first, 0);
  return disks->len > 0 ? g_ptr_array_index (disks, 0) : NULL;
}

char *
pit_guest_boot_disk_path (xmlNode  *root,
                          gboolean *readable)
{
  xmlNode *disk = boot_disk (root);
  g_autofree char *format = NULL;
  char *path;

  if (readable != NULL)
    *readable = FALSE;
  if (disk == NULL)
    return NULL;
  path = pit_xml_get_string (disk, "string(source/@file | source/@dev)");
  if (path != NULL && path[0] == '\0')
    g_clear_pointer (&path, g_free);
  format = pit_xml_get_string (disk, "string(driver/@type)");
  if (readable != NULL)
    *readable = format == NULL || format[0] == '\0' || g_str_equal (format, "raw") || g_str_equal (format, "qcow2");
  return path;
}

/**
 * pit_guest_boot_disk_table:
 * The partition table of @root's boot disk, read under @host's root (local
 * hosts; %PIT_PARTITION_TABLE_UNKNOWN on remote ones, without a boot disk,
 * or in a format Pitstop does not read).
 * @path: (out) (optional) (transfer full) (nullable): the boot disk's path
 */
PitPartitionTable
pit_guest_boot_disk_table (xmlNode           *root,
                           PitHostInventory  *host,
                           char             **path)
{
  const char *host_root = host != NULL ? pit_host_inventory_get_root (host) : NULL;
  g_autofree char *disk = NULL;
  g_autoptr(PitHostReader) reader = NULL;
  gboolean readable = FALSE;
  PitPartitionTable table = PIT_PARTITION_TABLE_UNKNOWN;

  disk = pit_guest_boot_disk_path (root, &readable);
  if (host_root != NULL && disk != NULL && readable)
    {
      reader = pit_host_reader_new (host_root);
      table = pit_host_partition_table_probe (reader, disk);
    }
  if (path != NULL)
    *path = g_steal_pointer (&disk);
  return table;
}

/* The boot disk's partition table: as read beforehand when the plan has it
 * in its lookups (the wizard reads it in its loading thread, so its checks
 * on the main thread never wait for a slow disk), else read now */
static PitPartitionTable
boot_disk_table (PitTuneContext  *context,
                 char           **path)
{
  if (context->lookups != NULL)
    {
      g_autofree char *disk = pit_guest_boot_disk_path (context->root, NULL);
      PitPartitionTable table;

      if (pit_tune_lookups_get_boot_disk_table (context->lookups, disk, &table))
        {
          *path = g_steal_pointer (&disk);
          return table;
        }
    }
  return pit_guest_boot_disk_table (context->root, context->host, path);
}

/* A guest that starts with BIOS firmware may only move to UEFI when nothing
 * is installed on it that needs BIOS: its boot disk is blank, or GPT. */
static gboolean
bios_may_switch (PitTuneContext  *context,
                 xmlNode         *os,
                 GError         **error)
{
  xmlNode *loader = pit_xml_child (os, "loader");
  g_autofree char *path = NULL;
  gboolean has_disk = boot_disk (context->root) != NULL;

  if (loader != NULL)
    {
      g_autofree char *bios = loader_path (loader);

      g_set_error (error, PIT_ERROR, PIT_ERROR_UNSUPPORTED,
                   _("This guest starts with a BIOS firmware of its own (%s); Pitstop does not replace it "
                     "with UEFI. Secure Boot needs UEFI firmware"), bios != NULL ? bios : "pflash");
      return FALSE;
    }
  if (!has_disk)
    return TRUE;   /* nothing installed yet */

  switch (boot_disk_table (context, &path))
    {
    case PIT_PARTITION_TABLE_GPT:
      pit_tune_context_warn (context, _("The guest started with BIOS firmware, but its boot disk (%s) has a "
                                        "GPT partition table, as after Windows’ MBR2GPT: it now starts "
                                        "with UEFI"), path);
      return TRUE;
    case PIT_PARTITION_TABLE_NONE:
      pit_tune_context_warn (context, _("The boot disk (%s) is blank: the guest now starts with UEFI, so "
                                        "install its system in UEFI mode"), path);
      return TRUE;
    case PIT_PARTITION_TABLE_MBR:
      g_set_error (error, PIT_ERROR, PIT_ERROR_UNSUPPORTED,
                   _("This guest was installed in BIOS mode: its boot disk (%s) has an MBR partition table. "
                     "Switched to UEFI it would no longer start. Convert the disk first, inside Windows: "
                     "run “mbr2gpt /convert /allowFullOS” in a Command Prompt as administrator, shut the "
                     "guest down, then turn Secure Boot on"), path);
      return FALSE;
    case PIT_PARTITION_TABLE_UNKNOWN:
    default:
      g_set_error (error, PIT_ERROR, PIT_ERROR_UNSUPPORTED,
                   _("This guest starts with BIOS firmware, and its boot disk (%s) cannot be read here to see "
                     "whether it is still MBR; an installed system switched from BIOS to UEFI no longer "
                     "starts. For Windows, convert the disk first, inside Windows: run “mbr2gpt /convert "
                     "/allowFullOS” in a Command Prompt as administrator, shut the guest down, then change "
                     "the firmware (virt-manager: Overview, Firmware) or turn Secure Boot on where Pitstop "
                     "can read the disk"),
                   path != NULL ? path : "?");
      return FALSE;
    }
}

static void
enable_feature (xmlNode    *firmware,
                const char *name)
{
  g_autoptr(GPtrArray) features = pit_xml_children (firmware, "feature");
  xmlNode *feature;

  for (guint i = 0; i < features->len; i++)
    {
      g_autofree char *current = NULL;
      g_autofree char *enabled = NULL;

      feature = g_ptr_array_index (features, i);
      current = pit_xml_get_prop (feature, "name");
      if (g_strcmp0 (current, name) != 0)
        continue;
      enabled = pit_xml_get_prop (feature, "enabled");
      if (g_strcmp0 (enabled, "yes") != 0)
        pit_xml_set_prop (feature, "enabled", "yes");
      return;
    }
  feature = pit_xml_insert_child (firmware, "feature", feature_after);
  pit_xml_set_prop (feature, "enabled", "yes");
  pit_xml_set_prop (feature, "name", name);
}

static gboolean
pit_change_secure_boot_apply (PitTuneContext                    *context,
                              const PitChangeSecureBootOptions  *options,
                              GError                           **error)
{
  g_autoptr(GVirConfigDomainOs) gos = NULL;
  g_autofree char *name = pit_xml_get_string (context->root, "name");
  g_autofree char *machine = NULL;
  g_autofree char *old_loader = NULL;
  g_autofree char *template = NULL;
  xmlNode *os, *firmware, *loader, *nvram, *features, *smm;
  PitGuestFirmware state;
  gboolean was_uefi;

  if (!pit_tune_context_require_x86 (context, _("Secure Boot"), error))
    return FALSE;
  if (!pit_tune_context_is_qemu (context))
    {
      g_autofree char *type = pit_xml_get_prop (context->root, "type");

      g_set_error (error, PIT_ERROR, PIT_ERROR_UNSUPPORTED,
                   _("Secure Boot through libvirt’s firmware selection needs a QEMU or KVM guest; this guest "
                     "is of type %s"), type != NULL ? type : "?");
      return FALSE;
    }

  os = pit_xml_ensure_child (context->root, "os", NULL);
  state = pit_guest_firmware_from_xml (context->root);
  if (state == PIT_GUEST_FIRMWARE_SECURE_BOOT)
    {
      g_autofree char *firmware_attr = pit_xml_get_prop (os, "firmware");
      g_autofree char *path = loader_path (pit_xml_child (os, "loader"));

      if (g_strcmp0 (firmware_attr, "efi") != 0)
        pit_tune_context_warn (context, _("The guest already starts with a Secure Boot firmware (%s); it is "
                                          "kept"), path != NULL ? path : "pflash");
      return TRUE;
    }
  if (state == PIT_GUEST_FIRMWARE_BIOS && !bios_may_switch (context, os, error))
    return FALSE;

  /* SMM, which the Secure Boot builds of OVMF need, is a Q35 feature */
  machine = pit_xml_get_string (os, "type/@machine");
  if (machine == NULL || strstr (machine, "q35") == NULL)
    {
      g_set_error (error, PIT_ERROR, PIT_ERROR_UNSUPPORTED,
                   _("Secure Boot needs the Q35 machine type; this guest is %s. Changing an installed "
                     "guest’s chipset moves all its devices: create a new VM with Q35 for it instead"),
                   machine != NULL ? machine : "pc (i440FX)");
      return FALSE;
    }
  was_uefi = state == PIT_GUEST_FIRMWARE_UEFI;

  /* <os firmware='efi'>: libvirt-gconfig has it, but its setter appends
   * the attribute again (a document libxml2 then refuses) */
  {
    g_autofree char *current = pit_xml_get_prop (os, "firmware");

    if (g_strcmp0 (current, "efi") != 0)
      {
        pit_xml_unset_prop (os, "firmware");
        gos = gvir_config_domain_get_os (context->domain);
        gvir_config_domain_os_set_firmware (gos, GVIR_CONFIG_DOMAIN_OS_FIRMWARE_EFI);
      }
  }
  /* …and nothing for <firmware><feature> (libvirt ≥ 7.2) */
  firmware = pit_xml_ensure_child (os, "firmware", firmware_after);
  enable_feature (firmware, "secure-boot");
  enable_feature (firmware, "enrolled-keys");

  /* An explicit loader of plain OVMF gives way to the selection: libvirt
   * 9.0 refuses a path, readonly= and type= with it (found by the corpus
   * test); what else it says stays, and it must allow Secure Boot */
  loader = pit_xml_child (os, "loader");
  if (loader != NULL)
    {
      g_autofree char *secure = pit_xml_get_prop (loader, "secure");

      old_loader = loader_path (loader);
      if (old_loader != NULL)
        pit_xml_set_text (loader, "");
      pit_xml_unset_prop (loader, "readonly");
      pit_xml_unset_prop (loader, "type");
      if (g_strcmp0 (secure, "yes") != 0)
        pit_xml_set_prop (loader, "secure", "yes");
    }
  /* variables made from a template without Microsoft's keys */
  nvram = pit_xml_child (os, "nvram");
  template = nvram != NULL ? pit_xml_get_prop (nvram, "template") : NULL;
  if (template != NULL && !looks_secure (template))
    pit_xml_unset_prop (nvram, "template");

  features = pit_xml_ensure_child (context->root, "features", features_after);
  smm = pit_xml_ensure_child (features, "smm", smm_after);
  {
    g_autofree char *smm_state = pit_xml_get_prop (smm, "state");

    if (g_strcmp0 (smm_state, "on") != 0)
      pit_xml_set_prop (smm, "state", "on");
  }

  if (old_loader != NULL)
    pit_tune_context_warn (context, _("The firmware %s gives way to the Secure Boot firmware libvirt selects"),
                           old_loader);
  if (was_uefi)
    pit_tune_context_warn (context, _("The guest’s UEFI variables were made for its old firmware, without "
                                      "Microsoft’s keys: start it once with “virsh start --reset-nvram %s” "
                                      "so libvirt makes them again from the Secure Boot firmware (Windows "
                                      "finds its boot loader again by itself)"),
                           name != NULL ? name : "");
  return TRUE;
}

static void
pit_change_secure_boot_describe (const PitChangeSecureBootOptions *options,
                                 GPtrArray                        *sentences)
{
  g_ptr_array_add (sentences, g_strdup (_("Turn on Secure Boot with Microsoft’s keys (UEFI firmware chosen by "
                                          "libvirt)")));
}

PIT_DEFINE_TUNE_CHANGE (PitChangeSecureBoot, pit_change_secure_boot, "secure-boot")
