/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-host"

#include "config.h"

#include <string.h>

#include "pit-host-display.h"

static const char * const compositor_names[] = {
  "gnome-shell", "kwin_wayland", "kwin_x11", "Xorg", "Xwayland", "X", "sway", "Hyprland",
  "weston", "cosmic-comp", "labwc", "wayfire", "river", "niri", "gamescope", "xfwm4",
  "marco", "muffin", "openbox", "i3", NULL
};

static const char * const audio_names[] = { "pipewire", "pulseaudio", NULL };

static const char * const firmware_fb_drivers[] = {
  "efi-framebuffer", "simple-framebuffer", "vesa-framebuffer", NULL
};

static void
vtconsole_free (gpointer data)
{
  PitHostVtconsole *vt = data;

  g_free (vt->name);
  g_free (vt);
}

static void
firmware_fb_free (gpointer data)
{
  PitHostFirmwareFb *fb = data;

  g_free (fb->driver);
  g_free (fb->device);
  g_free (fb);
}

static void
device_node_free (gpointer data)
{
  PitHostDeviceNode *node = data;

  g_free (node->address);
  g_free (node->path);
  g_free (node);
}

PitHostDisplay *
pit_host_display_new (void)
{
  PitHostDisplay *self = g_atomic_rc_box_new0 (PitHostDisplay);

  self->compositors = g_ptr_array_new_with_free_func (g_free);
  self->audio_servers = g_ptr_array_new_with_free_func (g_free);
  self->framebuffers = g_ptr_array_new_with_free_func (g_free);
  self->firmware_fbs = g_ptr_array_new_with_free_func (firmware_fb_free);
  self->vtconsoles = g_ptr_array_new_with_free_func (vtconsole_free);
  self->device_nodes = g_ptr_array_new_with_free_func (device_node_free);
  return self;
}

PitHostDisplay *
pit_host_display_ref (PitHostDisplay *self)
{
  return g_atomic_rc_box_acquire (self);
}

static void
display_clear (PitHostDisplay *self)
{
  g_free (self->display_manager);
  g_ptr_array_unref (self->compositors);
  g_ptr_array_unref (self->audio_servers);
  g_ptr_array_unref (self->framebuffers);
  g_ptr_array_unref (self->firmware_fbs);
  g_ptr_array_unref (self->vtconsoles);
  g_ptr_array_unref (self->device_nodes);
}

void
pit_host_display_unref (PitHostDisplay *self)
{
  g_atomic_rc_box_release_full (self, (GDestroyNotify) display_clear);
}

static void
add_unique (GPtrArray  *array,
            const char *name)
{
  if (!g_ptr_array_find_with_equal_func (array, name, g_str_equal, NULL))
    g_ptr_array_add (array, g_strdup (name));
}

static gboolean
all_digits (const char *text)
{
  if (*text == '\0')
    return FALSE;
  for (; *text != '\0'; text++)
    if (!g_ascii_isdigit (*text))
      return FALSE;
  return TRUE;
}

/* display-manager.service: an alias (symlink) of the real unit, or on
 * NixOS a unit of its own */
static void
probe_manager (PitHostDisplay *self,
               PitHostReader  *reader)
{
  const char *unit = "/etc/systemd/system/display-manager.service";
  g_autofree char *full = pit_host_reader_path (reader, unit);
  g_autofree char *target = g_file_read_link (full, NULL);

  if (target != NULL)
    {
      g_autofree char *name = g_path_get_basename (target);

      if (g_str_has_suffix (name, ".service") && !g_str_equal (name, "null.service"))
        self->display_manager = g_steal_pointer (&name);
    }
  else if (g_file_test (full, G_FILE_TEST_IS_REGULAR))
    self->display_manager = g_strdup ("display-manager.service");
}

static void
probe_processes (PitHostDisplay *self,
                 PitHostReader  *reader)
{
  g_autoptr(GPtrArray) pids = pit_host_reader_list_dir (reader, "/proc", FALSE);

  for (guint i = 0; pids != NULL && i < pids->len; i++)
    {
      const char *pid = pids->pdata[i];
      g_autofree char *path = NULL;
      g_autofree char *comm = NULL;

      if (!all_digits (pid))
        continue;
      path = g_strdup_printf ("/proc/%s/comm", pid);
      comm = pit_host_reader_read_line (reader, path, FALSE);
      if (comm == NULL)
        continue;
      if (g_strv_contains (compositor_names, comm))
        add_unique (self->compositors, comm);
      else if (g_strv_contains (audio_names, comm))
        add_unique (self->audio_servers, comm);
    }
  g_ptr_array_sort (self->compositors, (GCompareFunc) g_strcmp0);
  g_ptr_array_sort (self->audio_servers, (GCompareFunc) g_strcmp0);
}

static void
probe_framebuffers (PitHostDisplay *self,
                    PitHostReader  *reader)
{
  g_autofree char *fb = pit_host_reader_read (reader, "/proc/fb", FALSE);
  g_auto(GStrv) lines = fb != NULL ? g_strsplit (fb, "\n", -1) : NULL;

  /* "0 EFI VGA": the number, a space, the name */
  for (guint i = 0; lines != NULL && lines[i] != NULL; i++)
    {
      const char *space = strchr (lines[i], ' ');

      if (space != NULL && space[1] != '\0')
        g_ptr_array_add (self->framebuffers, g_strstrip (g_strdup (space + 1)));
    }

  for (guint d = 0; firmware_fb_drivers[d] != NULL; d++)
    {
      g_autofree char *dir = g_strconcat ("/sys/bus/platform/drivers/", firmware_fb_drivers[d], NULL);
      g_autoptr(GPtrArray) names = pit_host_reader_list_dir (reader, dir, FALSE);

      /* the bound devices are links named like the device: "efi-framebuffer.0" */
      for (guint i = 0; names != NULL && i < names->len; i++)
        {
          const char *name = names->pdata[i];
          g_autofree char *link = g_strconcat (dir, "/", name, NULL);
          g_autofree char *full = pit_host_reader_path (reader, link);
          PitHostFirmwareFb *mine;

          if (strchr (name, '.') == NULL || !g_file_test (full, G_FILE_TEST_IS_SYMLINK))
            continue;
          mine = g_new0 (PitHostFirmwareFb, 1);
          mine->driver = g_strdup (firmware_fb_drivers[d]);
          mine->device = g_strdup (name);
          g_ptr_array_add (self->firmware_fbs, mine);
        }
    }
}

static void
probe_vtconsoles (PitHostDisplay *self,
                  PitHostReader  *reader)
{
  g_autoptr(GPtrArray) names = pit_host_reader_list_dir (reader, "/sys/class/vtconsole", FALSE);

  for (guint i = 0; names != NULL && i < names->len; i++)
    {
      const char *name = names->pdata[i];
      g_autofree char *bind = NULL;
      g_autofree char *label = NULL;
      g_autofree char *path = NULL;
      PitHostVtconsole *vt;
      gint64 bound = 0;

      if (!g_str_has_prefix (name, "vtcon") || !all_digits (name + strlen ("vtcon")))
        continue;
      bind = g_strdup_printf ("/sys/class/vtconsole/%s/bind", name);
      path = g_strdup_printf ("/sys/class/vtconsole/%s/name", name);
      if (!pit_host_reader_read_int (reader, bind, TRUE, &bound))
        continue;
      label = pit_host_reader_read_line (reader, path, FALSE);
      vt = g_new0 (PitHostVtconsole, 1);
      vt->index = (guint) g_ascii_strtoull (name + strlen ("vtcon"), NULL, 10);
      vt->name = g_steal_pointer (&label);
      vt->bound = bound == 1;
      g_ptr_array_add (self->vtconsoles, vt);
    }
}

static void
add_node (PitHostDisplay *self,
          const char     *address,
          const char     *path)
{
  PitHostDeviceNode *node = g_new0 (PitHostDeviceNode, 1);

  node->address = g_strdup (address);
  node->path = g_strdup (path);
  g_ptr_array_add (self->device_nodes, node);
}

static void
probe_nodes (PitHostDisplay *self,
             PitHostReader  *reader,
             GPtrArray      *pci)
{
  for (guint i = 0; pci != NULL && i < pci->len; i++)
    {
      PitHostPciDevice *dev = pci->pdata[i];
      g_autofree char *drm = g_strdup_printf ("/sys/bus/pci/devices/%s/drm", dev->address);
      g_autofree char *sound = g_strdup_printf ("/sys/bus/pci/devices/%s/sound", dev->address);
      g_autoptr(GPtrArray) drm_names = pit_host_reader_list_dir (reader, drm, FALSE);
      g_autoptr(GPtrArray) cards = pit_host_reader_list_dir (reader, sound, FALSE);

      for (guint j = 0; drm_names != NULL && j < drm_names->len; j++)
        {
          const char *name = drm_names->pdata[j];

          if (g_str_has_prefix (name, "card") || g_str_has_prefix (name, "renderD"))
            {
              g_autofree char *node = g_strconcat ("/dev/dri/", name, NULL);

              add_node (self, dev->address, node);
            }
        }
      for (guint j = 0; cards != NULL && j < cards->len; j++)
        {
          g_autofree char *card = g_strdup_printf ("%s/%s", sound, (const char *) cards->pdata[j]);
          g_autoptr(GPtrArray) names = pit_host_reader_list_dir (reader, card, FALSE);

          for (guint k = 0; names != NULL && k < names->len; k++)
            {
              const char *name = names->pdata[k];

              if (g_str_has_prefix (name, "controlC") || g_str_has_prefix (name, "pcmC")
                  || g_str_has_prefix (name, "hwC"))
                {
                  g_autofree char *node = g_strconcat ("/dev/snd/", name, NULL);

                  add_node (self, dev->address, node);
                }
            }
        }
      /* the proprietary driver's own nodes */
      if (g_strcmp0 (dev->driver, "nvidia") == 0)
        {
          const char *nvidia[] = { "/dev/nvidia0", "/dev/nvidiactl", "/dev/nvidia-modeset", NULL };

          for (guint j = 0; nvidia[j] != NULL; j++)
            if (pit_host_reader_exists (reader, nvidia[j]))
              add_node (self, dev->address, nvidia[j]);
        }
    }
}

/**
 * pit_host_display_probe:
 * Returns: (transfer full): what shows the host's screen; never %NULL
 */
PitHostDisplay *
pit_host_display_probe (PitHostReader *reader,
                        GPtrArray     *pci)
{
  PitHostDisplay *self = pit_host_display_new ();

  probe_manager (self, reader);
  probe_processes (self, reader);
  probe_framebuffers (self, reader);
  probe_vtconsoles (self, reader);
  probe_nodes (self, reader, pci);
  return self;
}

char *
pit_host_display_dup_manager_name (PitHostDisplay *self)
{
  if (self->display_manager == NULL)
    return NULL;
  if (g_str_has_suffix (self->display_manager, ".service"))
    return g_strndup (self->display_manager, strlen (self->display_manager) - strlen (".service"));
  return g_strdup (self->display_manager);
}

GPtrArray *
pit_host_display_nodes_of (PitHostDisplay *self,
                           const char     *address)
{
  GPtrArray *nodes = g_ptr_array_new ();

  for (guint i = 0; i < self->device_nodes->len; i++)
    {
      PitHostDeviceNode *node = self->device_nodes->pdata[i];

      if (g_strcmp0 (node->address, address) == 0)
        g_ptr_array_add (nodes, node->path);
    }
  return nodes;
}

gboolean
pit_host_display_has_firmware_fb (PitHostDisplay *self)
{
  return self->firmware_fbs->len > 0;
}

gboolean
pit_host_is_single_gpu (GPtrArray              *pci,
                        const PitHostPciDevice *gpu)
{
  if (gpu == NULL || !pit_host_pci_device_is_gpu (gpu) || gpu->boot_vga != 1)
    return FALSE;
  for (guint i = 0; i < pci->len; i++)
    {
      const PitHostPciDevice *other = pci->pdata[i];

      if (other != gpu && pit_host_pci_device_is_gpu (other))
        return FALSE;
    }
  return TRUE;
}
