/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-host"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pit-host-boot.h"

PitHostBoot *
pit_host_boot_new (void)
{
  return g_atomic_rc_box_new0 (PitHostBoot);
}

PitHostBoot *
pit_host_boot_ref (PitHostBoot *self)
{
  return g_atomic_rc_box_acquire (self);
}

static void
boot_clear (PitHostBoot *self)
{
  g_free (self->cmdline);
  g_strfreev (self->cmdline_params);
  g_free (self->os_id);
  g_strfreev (self->os_id_like);
  g_free (self->os_name);
  g_free (self->os_version_id);
  g_free (self->kernel_release);
  g_clear_pointer (&self->modules, g_ptr_array_unref);
}

void
pit_host_boot_unref (PitHostBoot *self)
{
  g_atomic_rc_box_release_full (self, (GDestroyNotify) boot_clear);
}

const char *
pit_host_bootloader_to_id (PitHostBootloader bootloader)
{
  switch (bootloader)
    {
    case PIT_HOST_BOOTLOADER_GRUB:
      return "grub";
    case PIT_HOST_BOOTLOADER_SYSTEMD_BOOT:
      return "systemd-boot";
    case PIT_HOST_BOOTLOADER_UNKNOWN:
    default:
      return NULL;
    }
}

const char *
pit_host_initramfs_to_id (PitHostInitramfs initramfs)
{
  switch (initramfs)
    {
    case PIT_HOST_INITRAMFS_NIXOS:
      return "nixos";
    case PIT_HOST_INITRAMFS_INITRAMFS_TOOLS:
      return "initramfs-tools";
    case PIT_HOST_INITRAMFS_DRACUT:
      return "dracut";
    case PIT_HOST_INITRAMFS_MKINITCPIO:
      return "mkinitcpio";
    case PIT_HOST_INITRAMFS_UNKNOWN:
    default:
      return NULL;
    }
}

/**
 * pit_host_split_cmdline:
 * Splits at blanks outside double quotes, like the kernel's
 * next_arg(): `a="b c" d` gives `a="b c"` and `d`.
 */
GStrv
pit_host_split_cmdline (const char *cmdline)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  GString *word = g_string_new (NULL);
  gboolean quoted = FALSE;

  for (const char *p = cmdline; p != NULL && *p != '\0'; p++)
    {
      if (*p == '"')
        quoted = !quoted;
      if (!quoted && g_ascii_isspace (*p))
        {
          if (word->len > 0)
            g_strv_builder_add (builder, word->str);
          g_string_truncate (word, 0);
          continue;
        }
      g_string_append_c (word, *p);
    }
  if (word->len > 0)
    g_strv_builder_add (builder, word->str);
  g_string_free (word, TRUE);

  return g_strv_builder_end (builder);
}

static char *
param_name (const char *param)
{
  const char *equal = strchr (param, '=');
  char *name = equal != NULL ? g_strndup (param, equal - param) : g_strdup (param);

  /* the kernel treats dashes and underscores in names alike */
  return g_strdelimit (name, "-", '_');
}

const char *
pit_host_boot_get_param (PitHostBoot *self,
                         const char  *name)
{
  g_autofree char *wanted = param_name (name);
  const char *value = NULL;

  for (guint i = 0; self->cmdline_params != NULL && self->cmdline_params[i] != NULL; i++)
    {
      g_autofree char *have = param_name (self->cmdline_params[i]);
      const char *equal;

      if (!g_str_equal (have, wanted))
        continue;
      equal = strchr (self->cmdline_params[i], '=');
      value = equal != NULL ? equal + 1 : "";
    }
  return value;
}

int
pit_host_boot_has_module (PitHostBoot *self,
                          const char  *module)
{
  g_autofree char *wanted = g_strdelimit (g_strdup (module), "-", '_');

  if (self->modules == NULL)
    return -1;
  for (guint i = 0; i < self->modules->len; i++)
    if (g_str_equal (self->modules->pdata[i], wanted))
      return 1;
  return 0;
}

gboolean
pit_host_boot_os_is (PitHostBoot *self,
                     const char  *id)
{
  return g_strcmp0 (self->os_id, id) == 0
         || (self->os_id_like != NULL && g_strv_contains ((const char * const *) self->os_id_like, id));
}

static void
replace_str (char       **target,
             const char  *value)
{
  g_free (*target);
  *target = g_strdup (value);
}

/* os-release: KEY=value with optional shell quoting */
static void
read_os_release (PitHostBoot   *self,
                 PitHostReader *reader)
{
  g_autofree char *text = pit_host_reader_read (reader, "/etc/os-release", FALSE);
  g_auto(GStrv) lines = NULL;
  g_autofree char *name = NULL;
  g_autofree char *pretty = NULL;
  g_autofree char *id_like = NULL;

  if (text == NULL)
    text = pit_host_reader_read (reader, "/usr/lib/os-release", FALSE);
  if (text == NULL)
    {
      pit_host_reader_add_problem (reader, _("Could not read %s: it does not exist"), "/etc/os-release");
      return;
    }

  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *equal = strchr (lines[i], '=');
      g_autofree char *key = NULL;
      g_autofree char *value = NULL;
      g_autoptr(GError) error = NULL;

      if (equal == NULL || lines[i][0] == '#')
        continue;
      key = g_strstrip (g_strndup (lines[i], equal - lines[i]));
      value = g_shell_unquote (g_strstrip (equal + 1), &error);
      if (value == NULL)
        {
          pit_host_reader_add_problem (reader, _("Could not read %s: line %u is malformed"),
                                       "/etc/os-release", i + 1);
          continue;
        }
      if (g_str_equal (key, "ID"))
        replace_str (&self->os_id, value);
      else if (g_str_equal (key, "ID_LIKE"))
        replace_str (&id_like, value);
      else if (g_str_equal (key, "NAME"))
        replace_str (&name, value);
      else if (g_str_equal (key, "PRETTY_NAME"))
        replace_str (&pretty, value);
      else if (g_str_equal (key, "VERSION_ID"))
        replace_str (&self->os_version_id, value);
    }

  if (id_like != NULL)
    self->os_id_like = g_strsplit_set (g_strstrip (id_like), " \t", -1);
  self->os_name = g_strdup (pretty != NULL ? pretty : name);
}

static const char * const systemd_boot_paths[] = {
  "/boot/loader/loader.conf",
  "/boot/loader/entries",
  "/efi/loader/loader.conf",
  "/boot/efi/loader/loader.conf",
  "/boot/EFI/systemd/systemd-bootx64.efi",
  "/efi/EFI/systemd/systemd-bootx64.efi",
  "/boot/efi/EFI/systemd/systemd-bootx64.efi",
};

static const char * const grub_paths[] = {
  "/boot/grub/grub.cfg",
  "/boot/grub2/grub.cfg",
  "/etc/default/grub",
};

static gboolean
any_exists (PitHostReader      *reader,
            const char * const *paths,
            gsize               n_paths)
{
  for (gsize i = 0; i < n_paths; i++)
    if (pit_host_reader_exists (reader, paths[i]))
      return TRUE;
  return FALSE;
}

/* Both can be installed; what /boot holds decides.  A grub.cfg in /boot
 * wins over a stale loader.conf only when no loader entries exist. */
static void
detect_bootloader (PitHostBoot   *self,
                   PitHostReader *reader)
{
  gboolean sd_boot = any_exists (reader, systemd_boot_paths, G_N_ELEMENTS (systemd_boot_paths))
                     || self->kernelstub;
  gboolean grub = any_exists (reader, grub_paths, G_N_ELEMENTS (grub_paths));

  if (sd_boot && grub)
    self->bootloader = pit_host_reader_exists (reader, "/boot/loader/entries") || self->kernelstub
                       ? PIT_HOST_BOOTLOADER_SYSTEMD_BOOT : PIT_HOST_BOOTLOADER_GRUB;
  else if (sd_boot)
    self->bootloader = PIT_HOST_BOOTLOADER_SYSTEMD_BOOT;
  else if (grub)
    self->bootloader = PIT_HOST_BOOTLOADER_GRUB;
  else
    self->bootloader = PIT_HOST_BOOTLOADER_UNKNOWN;
}

static void
detect_initramfs (PitHostBoot   *self,
                  PitHostReader *reader)
{
  if (g_strcmp0 (self->os_id, "nixos") == 0)
    self->initramfs = PIT_HOST_INITRAMFS_NIXOS;
  else if (pit_host_reader_exists (reader, "/etc/mkinitcpio.conf"))
    self->initramfs = PIT_HOST_INITRAMFS_MKINITCPIO;
  else if (pit_host_reader_exists (reader, "/etc/dracut.conf")
           || pit_host_reader_exists (reader, "/etc/dracut.conf.d"))
    self->initramfs = PIT_HOST_INITRAMFS_DRACUT;
  else if (pit_host_reader_exists (reader, "/etc/initramfs-tools"))
    self->initramfs = PIT_HOST_INITRAMFS_INITRAMFS_TOOLS;
  else
    self->initramfs = PIT_HOST_INITRAMFS_UNKNOWN;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* /proc/modules: "vfio_pci 16384 0 - Live 0x0000000000000000" */
static void
read_modules (PitHostBoot   *self,
              PitHostReader *reader)
{
  g_autofree char *text = pit_host_reader_read (reader, "/proc/modules", TRUE);
  g_auto(GStrv) lines = NULL;

  if (text == NULL)
    return;
  self->modules = g_ptr_array_new_with_free_func (g_free);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *space = strchr (lines[i], ' ');

      if (*lines[i] == '\0')
        continue;
      if (space == NULL || space == lines[i])
        {
          pit_host_reader_add_problem (reader, _("Could not read %s: line %u is malformed"),
                                       "/proc/modules", i + 1);
          continue;
        }
      g_ptr_array_add (self->modules, g_strndup (lines[i], space - lines[i]));
    }
  g_ptr_array_sort (self->modules, compare_names);
}

/**
 * pit_host_boot_probe:
 * Returns: (transfer full): never %NULL
 */
PitHostBoot *
pit_host_boot_probe (PitHostReader *reader)
{
  g_autoptr(PitHostBoot) self = pit_host_boot_new ();
  g_autofree char *cmdline = pit_host_reader_read (reader, "/proc/cmdline", TRUE);

  if (cmdline != NULL)
    {
      self->cmdline = g_strstrip (g_steal_pointer (&cmdline));
      self->cmdline_params = pit_host_split_cmdline (self->cmdline);
    }
  read_os_release (self, reader);
  self->kernel_release = pit_host_reader_read_line (reader, "/proc/sys/kernel/osrelease", FALSE);
  self->kernelstub = pit_host_reader_exists (reader, "/etc/kernelstub/configuration");
  self->kernel_cmdline_file = pit_host_reader_exists (reader, "/etc/kernel/cmdline");
  detect_bootloader (self, reader);
  detect_initramfs (self, reader);
  read_modules (self, reader);

  return g_steal_pointer (&self);
}
