/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "host-test.h"

/* What shows the screen and holds the GPU, read from the recorded
 * single-GPU trees (tests/fixtures/hosts/single-*, hybrid-laptop-ubuntu). */

static gboolean
has (GPtrArray  *names,
     const char *name)
{
  return g_ptr_array_find_with_equal_func (names, name, g_str_equal, NULL);
}

static void
test_nvidia (void)
{
  g_autoptr(PitHostInventory) inventory = host_test_probe_tree ("single-nvidia-ubuntu", NULL);
  PitHostDisplay *display = pit_host_inventory_get_display (inventory);
  PitHostPciDevice *gpu = pit_host_inventory_find_pci_device (inventory, "01:00.0");
  g_autoptr(GPtrArray) gpu_nodes = pit_host_display_nodes_of (display, "0000:01:00.0");
  g_autoptr(GPtrArray) audio_nodes = pit_host_display_nodes_of (display, "0000:01:00.1");
  g_autofree char *manager = pit_host_display_dup_manager_name (display);
  PitHostFirmwareFb *fb;
  PitHostVtconsole *vt;

  g_assert_true (pit_host_inventory_is_single_gpu (inventory, "0000:01:00.0"));
  g_assert_cmpstr (gpu->driver, ==, "nvidia");
  g_assert_cmpstr (display->display_manager, ==, "gdm3.service");
  g_assert_cmpstr (manager, ==, "gdm3");
  g_assert_true (has (display->compositors, "gnome-shell"));
  g_assert_true (has (display->compositors, "Xwayland"));
  g_assert_false (has (display->compositors, "systemd"));
  g_assert_cmpuint (display->audio_servers->len, ==, 1);
  g_assert_cmpstr (display->audio_servers->pdata[0], ==, "pipewire");
  /* the proprietary driver has no fbdev: the firmware's framebuffer stays */
  g_assert_cmpuint (display->framebuffers->len, ==, 1);
  g_assert_cmpstr (display->framebuffers->pdata[0], ==, "EFI VGA");
  g_assert_cmpuint (display->firmware_fbs->len, ==, 1);
  fb = display->firmware_fbs->pdata[0];
  g_assert_cmpstr (fb->driver, ==, "efi-framebuffer");
  g_assert_cmpstr (fb->device, ==, "efi-framebuffer.0");
  g_assert_cmpuint (display->vtconsoles->len, ==, 2);
  vt = display->vtconsoles->pdata[1];
  g_assert_cmpuint (vt->index, ==, 1);
  g_assert_true (vt->bound);
  g_assert_cmpstr (vt->name, ==, "(M) frame buffer device");
  g_assert_false (((PitHostVtconsole *) display->vtconsoles->pdata[0])->bound);
  /* DRM nodes, and the driver's own */
  g_assert_cmpuint (gpu_nodes->len, ==, 5);
  g_assert_cmpstr (gpu_nodes->pdata[0], ==, "/dev/dri/card0");
  g_assert_cmpstr (gpu_nodes->pdata[1], ==, "/dev/dri/renderD128");
  g_assert_cmpstr (gpu_nodes->pdata[2], ==, "/dev/nvidia0");
  g_assert_true (has (gpu_nodes, "/dev/nvidia-modeset"));
  /* the HDMI audio's sound card */
  g_assert_true (has (audio_nodes, "/dev/snd/controlC1"));
  g_assert_true (has (audio_nodes, "/dev/snd/pcmC1D3p"));
  g_assert_false (has (audio_nodes, "/dev/snd/controlC0"));
}

static void
test_nouveau_amdgpu (void)
{
  g_autoptr(PitHostInventory) nouveau = host_test_probe_tree ("single-nouveau-fedora", NULL);
  g_autoptr(PitHostInventory) amd = host_test_probe_tree ("single-amdgpu-debian", NULL);
  PitHostDisplay *kde = pit_host_inventory_get_display (nouveau);
  PitHostDisplay *gnome = pit_host_inventory_get_display (amd);

  g_assert_true (pit_host_inventory_is_single_gpu (nouveau, "07:00.0"));
  g_assert_false (pit_host_inventory_is_single_gpu (nouveau, "07:00.1"));  /* its audio */
  g_assert_cmpstr (kde->display_manager, ==, "sddm.service");
  g_assert_true (has (kde->compositors, "kwin_wayland"));
  g_assert_cmpstr (kde->framebuffers->pdata[0], ==, "nouveaudrmfb");
  g_assert_false (pit_host_display_has_firmware_fb (kde));

  g_assert_true (pit_host_inventory_is_single_gpu (amd, "0000:0b:00.0"));
  g_assert_cmpstr (pit_host_inventory_find_pci_device (amd, "0b:00.0")->driver, ==, "amdgpu");
  g_assert_cmpstr (gnome->display_manager, ==, "gdm3.service");
  g_assert_cmpstr (gnome->framebuffers->pdata[0], ==, "amdgpudrmfb");
  g_assert_false (pit_host_display_has_firmware_fb (gnome));
}

/* Two display devices: neither the iGPU nor the dGPU is a single GPU */
static void
test_hybrid_and_story (void)
{
  g_autoptr(PitHostInventory) laptop = host_test_probe_tree ("hybrid-laptop-ubuntu", NULL);
  g_autoptr(PitHostInventory) story = host_test_probe_tree ("story-nouveau", NULL);
  g_autoptr(PitHostInventory) debian = host_test_probe_tree ("debian-iommu-off", NULL);
  PitHostDisplay *none = pit_host_inventory_get_display (story);

  g_assert_false (pit_host_inventory_is_single_gpu (laptop, "0000:00:02.0"));
  g_assert_false (pit_host_inventory_is_single_gpu (laptop, "0000:01:00.0"));
  g_assert_false (pit_host_inventory_is_single_gpu (story, "04:00.0"));
  g_assert_false (pit_host_inventory_is_single_gpu (story, "00:02.0"));
  g_assert_false (pit_host_inventory_is_single_gpu (story, "09:00.0"));  /* no such device */
  /* the GTX 1060 boots and is alone */
  g_assert_true (pit_host_inventory_is_single_gpu (debian, "01:00.0"));

  /* a tree recorded without these files: all unknown, nothing invented */
  g_assert_null (none->display_manager);
  g_assert_cmpuint (none->compositors->len, ==, 0);
  g_assert_cmpuint (none->vtconsoles->len, ==, 0);
  g_assert_cmpuint (none->device_nodes->len, ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/host/display/nvidia", test_nvidia);
  g_test_add_func ("/host/display/nouveau-amdgpu", test_nouveau_amdgpu);
  g_test_add_func ("/host/display/hybrid-and-story", test_hybrid_and_story);

  return g_test_run ();
}
