/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "pit-test-support.h"
#include "plan-test-hosts.h"

static char **
strv (const char *words)
{
  return g_strsplit (words, " ", -1);
}

static void
os (PitPlanFacts *facts,
    const char   *id,
    const char   *id_like,
    const char   *name,
    const char   *kernel)
{
  facts->os_id = g_strdup (id);
  facts->os_id_like = id_like != NULL ? strv (id_like) : NULL;
  facts->os_name = g_strdup (name);
  facts->kernel_release = g_strdup (kernel);
}

/* The story's machine (Windows-on-NixOS, part 2): Intel 4C/8T, iGPU for
 * the host, GTX 1080 + HDMI audio at 04:00, eno2 uplink, 32 GiB. */
static PitPlanFacts *
story_common (void)
{
  PitPlanFacts *facts = pit_plan_facts_new ();

  facts->cpu_vendor = PIT_PLAN_CPU_INTEL;
  os (facts, "nixos", NULL, "NixOS 20.03 (Markhor)", "5.4.46");
  facts->memory_kib = 32803628;
  facts->net_manager = PIT_PLAN_NET_UNKNOWN;
  return facts;
}

PitPlanFacts *
plan_test_story_before (void)
{
  PitPlanFacts *facts = story_common ();
  PitPlanNetInterface *eno2;

  facts->cmdline = g_strdup ("initrd=\\efi\\nixos\\initrd.efi init=/nix/store/2x1v-nixos-system-gaming-20.03/init loglevel=4");
  facts->iommu_enabled = FALSE;
  pit_plan_facts_add_pci (facts, "0000:00:00.0", 0x8086, 0x191f, 0x0600, "skl_uncore", -1);
  pit_plan_facts_add_pci (facts, "0000:00:01.0", 0x8086, 0x1901, 0x0604, "pcieport", -1);
  pit_plan_facts_add_pci (facts, "0000:00:02.0", 0x8086, 0x1912, 0x0300, "i915", -1);
  pit_plan_facts_add_pci (facts, "0000:00:1f.3", 0x8086, 0xa170, 0x0403, "snd_hda_intel", -1);
  pit_plan_facts_add_pci (facts, "0000:00:1f.6", 0x8086, 0x15b8, 0x0200, "e1000e", -1);
  pit_plan_facts_add_pci (facts, "0000:04:00.0", 0x10de, 0x1b80, 0x0300, "nouveau", -1);
  pit_plan_facts_add_pci (facts, "0000:04:00.1", 0x10de, 0x10f0, 0x0403, "snd_hda_intel", -1);
  pit_plan_facts_add_hugepages (facts, 2048, 0, 0);
  pit_plan_facts_add_hugepages (facts, 1048576, 0, 0);
  facts->modules = strv ("e1000e i915 nouveau snd_hda_intel zfs");
  eno2 = pit_plan_facts_add_net (facts, "eno2", TRUE, FALSE, NULL, "up");
  eno2->mac = g_strdup ("70:85:c2:3a:5e:01");
  facts->default_route_iface = g_strdup ("eno2");
  return facts;
}

PitPlanFacts *
plan_test_story_after (void)
{
  PitPlanFacts *facts = story_common ();
  PitPlanNetInterface *eno2;

  facts->cmdline = g_strdup ("initrd=\\efi\\nixos\\initrd.efi init=/nix/store/9c3k-nixos-system-gaming-20.03/init "
                             "intel_iommu=on iommu=pt vfio-pci.ids=10de:1b80,10de:10f0 "
                             "default_hugepagesz=1G hugepagesz=1G hugepages=24 loglevel=4");
  facts->iommu_enabled = TRUE;
  pit_plan_facts_add_pci (facts, "0000:00:00.0", 0x8086, 0x191f, 0x0600, "skl_uncore", 0);
  pit_plan_facts_add_pci (facts, "0000:00:01.0", 0x8086, 0x1901, 0x0604, "pcieport", 1);
  pit_plan_facts_add_pci (facts, "0000:00:02.0", 0x8086, 0x1912, 0x0300, "i915", 2);
  pit_plan_facts_add_pci (facts, "0000:00:1f.3", 0x8086, 0xa170, 0x0403, "snd_hda_intel", 8);
  pit_plan_facts_add_pci (facts, "0000:00:1f.6", 0x8086, 0x15b8, 0x0200, "e1000e", 9);
  pit_plan_facts_add_pci (facts, "0000:04:00.0", 0x10de, 0x1b80, 0x0300, "vfio-pci", 1);
  pit_plan_facts_add_pci (facts, "0000:04:00.1", 0x10de, 0x10f0, 0x0403, "vfio-pci", 1);
  pit_plan_facts_add_hugepages (facts, 2048, 0, 0);
  pit_plan_facts_add_hugepages (facts, 1048576, 24, 24);
  facts->modules = strv ("e1000e i915 snd_hda_intel vfio vfio_iommu_type1 vfio_pci vfio_virqfd zfs");
  pit_plan_facts_add_net (facts, "br-lan", FALSE, TRUE, NULL, "up");
  eno2 = pit_plan_facts_add_net (facts, "eno2", TRUE, FALSE, "br-lan", "up");
  eno2->mac = g_strdup ("70:85:c2:3a:5e:01");
  facts->default_route_iface = g_strdup ("br-lan");
  return facts;
}

/* AMD Ryzen on Fedora 39: GRUB with BLS entries, dracut, NetworkManager;
 * RX 6800 XT + audio at 0c:00 for the VM, a second GPU for the host. */
PitPlanFacts *
plan_test_fedora (void)
{
  PitPlanFacts *facts = pit_plan_facts_new ();

  facts->cpu_vendor = PIT_PLAN_CPU_AMD;
  os (facts, "fedora", NULL, "Fedora Linux 39 (Workstation Edition)", "6.5.6-300.fc39.x86_64");
  facts->bootloader = PIT_PLAN_BOOTLOADER_GRUB;
  facts->initramfs = PIT_PLAN_INITRAMFS_DRACUT;
  facts->net_manager = PIT_PLAN_NET_NETWORKMANAGER;
  facts->cmdline = g_strdup ("BOOT_IMAGE=(hd0,gpt2)/vmlinuz-6.5.6-300.fc39.x86_64 root=UUID=5e1f7c2a-8b1d-4c1e-9a55-3f0e8d7b6a21 ro "
                             "rd.luks.uuid=luks-0b9f rhgb quiet iommu=soft nvme_core.default_ps_max_latency_us=0");
  facts->iommu_enabled = TRUE;
  facts->memory_kib = 32780392;
  pit_plan_facts_add_pci (facts, "0000:00:01.1", 0x1022, 0x1483, 0x0604, "pcieport", 2);
  pit_plan_facts_add_pci (facts, "0000:05:00.0", 0x8086, 0x15f3, 0x0200, "igc", 10);
  pit_plan_facts_add_pci (facts, "0000:0b:00.0", 0x1002, 0x6611, 0x0300, "amdgpu", 13);
  pit_plan_facts_add_pci (facts, "0000:0c:00.0", 0x1002, 0x73bf, 0x0300, "amdgpu", 14);
  pit_plan_facts_add_pci (facts, "0000:0c:00.1", 0x1002, 0xab28, 0x0403, "snd_hda_intel", 15);
  pit_plan_facts_add_hugepages (facts, 2048, 0, 0);
  pit_plan_facts_add_hugepages (facts, 1048576, 0, 0);
  facts->modules = strv ("amdgpu igc snd_hda_intel");
  pit_plan_facts_add_net (facts, "enp5s0", TRUE, FALSE, NULL, "up");
  pit_plan_facts_add_net (facts, "wlp6s0", TRUE, FALSE, NULL, "down")->is_wireless = TRUE;
  facts->default_route_iface = g_strdup ("enp5s0");
  return facts;
}

/* Pop!_OS 22.04: systemd-boot managed by kernelstub, initramfs-tools,
 * NetworkManager; Intel with iGPU; RTX 3070 on the proprietary driver. */
PitPlanFacts *
plan_test_popos (void)
{
  PitPlanFacts *facts = pit_plan_facts_new ();

  facts->cpu_vendor = PIT_PLAN_CPU_INTEL;
  os (facts, "pop", "ubuntu debian", "Pop!_OS 22.04 LTS", "6.6.6-76060606-generic");
  facts->bootloader = PIT_PLAN_BOOTLOADER_SYSTEMD_BOOT;
  facts->kernelstub = TRUE;
  facts->initramfs = PIT_PLAN_INITRAMFS_TOOLS;
  facts->net_manager = PIT_PLAN_NET_NETWORKMANAGER;
  facts->cmdline = g_strdup ("initrd=\\EFI\\Pop_OS-4c1e\\initrd.img root=UUID=4c1e9a55-0b9f ro quiet loglevel=0 "
                             "systemd.show_status=false splash intel_iommu=off");
  facts->iommu_enabled = FALSE;
  facts->memory_kib = 65742800;
  pit_plan_facts_add_pci (facts, "0000:00:02.0", 0x8086, 0x4680, 0x0300, "i915", -1);
  pit_plan_facts_add_pci (facts, "0000:01:00.0", 0x10de, 0x2484, 0x0300, "nvidia", -1);
  pit_plan_facts_add_pci (facts, "0000:01:00.1", 0x10de, 0x228b, 0x0403, "snd_hda_intel", -1);
  pit_plan_facts_add_pci (facts, "0000:03:00.0", 0x10ec, 0x8125, 0x0200, "r8169", -1);
  pit_plan_facts_add_hugepages (facts, 2048, 0, 0);
  pit_plan_facts_add_hugepages (facts, 1048576, 0, 0);
  facts->modules = strv ("i915 nvidia nvidia_drm nvidia_modeset r8169 snd_hda_intel");
  pit_plan_facts_add_net (facts, "enp3s0", TRUE, FALSE, NULL, "up");
  facts->default_route_iface = g_strdup ("enp3s0");
  return facts;
}

/* Arch: systemd-boot with unified kernel images (/etc/kernel/cmdline),
 * mkinitcpio, systemd-networkd; AMD CPU; a GTX 1660 with its four
 * functions (VGA, audio, USB, USB-C controller). */
PitPlanFacts *
plan_test_arch (void)
{
  PitPlanFacts *facts = pit_plan_facts_new ();
  PitPlanNetInterface *nic;

  facts->cpu_vendor = PIT_PLAN_CPU_AMD;
  os (facts, "arch", NULL, "Arch Linux", "6.6.7-arch1-1");
  facts->bootloader = PIT_PLAN_BOOTLOADER_SYSTEMD_BOOT;
  facts->initramfs = PIT_PLAN_INITRAMFS_MKINITCPIO;
  facts->net_manager = PIT_PLAN_NET_NETWORKD;
  facts->cmdline = g_strdup ("root=PARTUUID=9a55e1f7-01 rw quiet");
  facts->iommu_enabled = TRUE;
  facts->memory_kib = 16310324;
  pit_plan_facts_add_pci (facts, "0000:08:00.0", 0x1002, 0x1638, 0x0300, "amdgpu", 5);
  pit_plan_facts_add_pci (facts, "0000:09:00.0", 0x10de, 0x2184, 0x0300, "nouveau", 16);
  pit_plan_facts_add_pci (facts, "0000:09:00.1", 0x10de, 0x1aeb, 0x0403, "snd_hda_intel", 16);
  pit_plan_facts_add_pci (facts, "0000:09:00.2", 0x10de, 0x1aec, 0x0c03, "xhci_hcd", 16);
  pit_plan_facts_add_pci (facts, "0000:09:00.3", 0x10de, 0x1aed, 0x0c80, "nvidia-gpu", 16);
  pit_plan_facts_add_pci (facts, "0000:06:00.0", 0x10ec, 0x8168, 0x0200, "r8169", 12);
  pit_plan_facts_add_hugepages (facts, 2048, 0, 0);
  pit_plan_facts_add_hugepages (facts, 1048576, 0, 0);
  facts->modules = strv ("amdgpu i2c_nvidia_gpu nouveau r8169 snd_hda_intel xhci_pci");
  nic = pit_plan_facts_add_net (facts, "enp6s0", TRUE, FALSE, NULL, "up");
  nic->mac = g_strdup ("2c:f0:5d:11:22:33");
  facts->default_route_iface = g_strdup ("enp6s0");
  return facts;
}

/* Debian 12: GRUB, initramfs-tools, kernel 6.1 (so vfio_virqfd is a module
 * of its own), systemd-networkd; Intel; an RX 580 for the VM. */
PitPlanFacts *
plan_test_debian (void)
{
  PitPlanFacts *facts = pit_plan_facts_new ();

  facts->cpu_vendor = PIT_PLAN_CPU_INTEL;
  os (facts, "debian", NULL, "Debian GNU/Linux 12 (bookworm)", "6.1.0-13-amd64");
  facts->bootloader = PIT_PLAN_BOOTLOADER_GRUB;
  facts->initramfs = PIT_PLAN_INITRAMFS_TOOLS;
  facts->net_manager = PIT_PLAN_NET_NETWORKD;
  facts->cmdline = g_strdup ("BOOT_IMAGE=/boot/vmlinuz-6.1.0-13-amd64 root=UUID=0b9f4c1e ro quiet");
  facts->iommu_enabled = TRUE;
  facts->memory_kib = 16281088;
  pit_plan_facts_add_pci (facts, "0000:00:02.0", 0x8086, 0x3e92, 0x0300, "i915", 0);
  pit_plan_facts_add_pci (facts, "0000:01:00.0", 0x1002, 0x67df, 0x0300, "amdgpu", 1);
  pit_plan_facts_add_pci (facts, "0000:01:00.1", 0x1002, 0xaaf0, 0x0403, "snd_hda_intel", 1);
  pit_plan_facts_add_pci (facts, "0000:00:01.0", 0x8086, 0x1901, 0x0604, "pcieport", 1);
  pit_plan_facts_add_pci (facts, "0000:03:00.0", 0x8086, 0x1533, 0x0200, "igb", 9);
  pit_plan_facts_add_hugepages (facts, 2048, 0, 0);
  pit_plan_facts_add_hugepages (facts, 1048576, 0, 0);
  facts->modules = strv ("amdgpu i915 igb snd_hda_intel");
  pit_plan_facts_add_net (facts, "enp3s0", TRUE, FALSE, NULL, "up");
  facts->default_route_iface = g_strdup ("enp3s0");
  return facts;
}

static const PlanTestHost hosts[] = {
  { "story-before", plan_test_story_before, { "04:00.0" }, "1G:24", "br-lan:eno2" },
  { "story-after", plan_test_story_after, { "04:00.0" }, "1G:24", "br-lan:eno2" },
  { "fedora-amd", plan_test_fedora, { "0c:00.0" }, "2M:8192", "br0:enp5s0" },
  { "popos", plan_test_popos, { "01:00.0" }, "1G:16", "br0:enp3s0" },
  { "arch", plan_test_arch, { "0000:09:00.0" }, "1G:8", "br0:enp6s0" },
  { "debian", plan_test_debian, { "01:00.0" }, "2M:4096", "br0:enp3s0" },
};

const PlanTestHost *
plan_test_hosts (guint *n_hosts)
{
  *n_hosts = G_N_ELEMENTS (hosts);
  return hosts;
}

PitHostPlanRequest *
plan_test_request (const PlanTestHost *host)
{
  g_autoptr(GError) error = NULL;
  PitHostPlanRequest *request = pit_host_plan_request_new ();

  for (guint i = 0; host->gpus[i] != NULL; i++)
    pit_host_plan_request_add_gpu (request, host->gpus[i]);
  if (host->hugepages != NULL)
    g_assert_true (pit_host_plan_request_set_hugepages (request, host->hugepages, &error));
  if (host->bridge != NULL)
    g_assert_true (pit_host_plan_request_set_bridge (request, host->bridge, &error));
  g_assert_no_error (error);
  return request;
}

char *
plan_test_root (const char *name)
{
  return pit_test_fixture_path ("plan", name, NULL);
}

/* @facts: (transfer full) */
PitHostPlan *
plan_test_plan (const PlanTestHost *host,
                PitPlanFacts       *facts,
                gboolean            on_demand)
{
  g_autoptr(PitHostPlanRequest) request = plan_test_request (host);
  g_autofree char *root = plan_test_root (host->name);
  g_autoptr(GError) error = NULL;
  PitHostPlan *plan = NULL;

  request->hugepages_on_demand = on_demand;
  plan = pit_host_plan_new (facts, request, root, &error);

  g_assert_no_error (error);
  g_assert_nonnull (plan);
  return plan;
}
