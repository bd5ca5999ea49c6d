/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "hook-test-tree.h"
#include "hook-test-world.h"
#include "pit-host-plan.h"
#include "pit-test-support.h"
#include "single-gpu-hook-hosts.h"

/* The single-GPU hook, run for real with /bin/sh as libvirt does, on a
 * COPY of a recorded host tree with stub commands that record their calls
 * (hook-test-world.h): the order of every step, what prepare and release
 * do to the fake root, and that each of them done twice changes nothing.
 * The failures are in test-single-gpu-hook-failures.c, sh -n, shellcheck
 * and the NixOS form in test-single-gpu-hook-lint.c.
 *
 * The fake root is compared as the kernel shows it (hook-test-tree.h): the
 * steps written to trigger files are checked through the journal lines. */

#define VM SINGLE_GPU_VM

/* The calls of "prepare begin" and "release end" on each host, in order */
typedef struct
{
  const char *tree;
  const char *prepare;
  const char *release;
} Expected;

/* single-amdgpu-debian, and the demo host: the same machine */
#define AMDGPU_PREPARE \
  "logger -t pitstop win11: prepare: stop-dm gdm3.service\n" \
  "systemctl stop gdm3.service\n" \
  "logger -t pitstop win11: prepare: wait-free\n" \
  "fuser -s /dev/dri/card0 /dev/dri/renderD128 " \
  "/dev/snd/controlC1 /dev/snd/hwC1D0 /dev/snd/pcmC1D3p /dev/snd/pcmC1D7p /dev/snd/pcmC1D8p /dev/snd/pcmC1D9p\n" \
  "logger -t pitstop win11: prepare: unbind-vtcon 1\n" \
  "logger -t pitstop win11: prepare: unload amdgpu\n" \
  "modprobe -r amdgpu\n" \
  "logger -t pitstop win11: prepare: load vfio_pci\n" \
  "modprobe vfio_pci\n" \
  "logger -t pitstop win11: prepare: to-vfio 0000:0b:00.0\n" \
  "logger -t pitstop win11: prepare: to-vfio 0000:0b:00.1\n" \
  "logger -t pitstop win11: prepare: done, the GPU is the VM's\n"
#define AMDGPU_RELEASE \
  "logger -t pitstop win11: undo: to-vfio 0000:0b:00.1\n" \
  "logger -t pitstop win11: undo: to-vfio 0000:0b:00.0\n" \
  "logger -t pitstop win11: undo: load vfio_pci\n" \
  "modprobe -r vfio_pci\n" \
  "logger -t pitstop win11: undo: unload amdgpu\n" \
  "modprobe amdgpu\n" \
  "logger -t pitstop win11: undo: unbind-vtcon 1\n" \
  "logger -t pitstop win11: undo: wait-free\n" \
  "logger -t pitstop win11: undo: stop-dm gdm3.service\n" \
  "systemctl start gdm3.service\n" \
  "logger -t pitstop win11: release: done, the GPU is the host's\n"

static const Expected expected[] = {
  { "single-nvidia-ubuntu",
    "logger -t pitstop win11: prepare: stop-dm gdm3.service\n"
    "systemctl stop gdm3.service\n"
    "logger -t pitstop win11: prepare: wait-free\n"
    "fuser -s /dev/dri/card0 /dev/dri/renderD128 /dev/nvidia0 /dev/nvidiactl /dev/nvidia-modeset "
    "/dev/snd/controlC1 /dev/snd/hwC1D0 /dev/snd/pcmC1D3p /dev/snd/pcmC1D7p /dev/snd/pcmC1D8p /dev/snd/pcmC1D9p\n"
    "logger -t pitstop win11: prepare: unbind-vtcon 1\n"
    "logger -t pitstop win11: prepare: unbind-fb efi-framebuffer efi-framebuffer.0\n"
    "logger -t pitstop win11: prepare: unload nvidia_drm\n"
    "modprobe -r nvidia_drm\n"
    "logger -t pitstop win11: prepare: unload nvidia_modeset\n"
    "modprobe -r nvidia_modeset\n"
    "logger -t pitstop win11: prepare: unload nvidia_uvm\n"
    "modprobe -r nvidia_uvm\n"
    "logger -t pitstop win11: prepare: unload nvidia\n"
    "modprobe -r nvidia\n"
    "logger -t pitstop win11: prepare: load vfio_pci\n"
    "modprobe vfio_pci\n"
    "logger -t pitstop win11: prepare: to-vfio 0000:01:00.0\n"
    "logger -t pitstop win11: prepare: to-vfio 0000:01:00.1\n"
    "logger -t pitstop win11: prepare: done, the GPU is the VM's\n",
    "logger -t pitstop win11: undo: to-vfio 0000:01:00.1\n"
    "logger -t pitstop win11: undo: to-vfio 0000:01:00.0\n"
    "logger -t pitstop win11: undo: load vfio_pci\n"
    "modprobe -r vfio_pci\n"
    "logger -t pitstop win11: undo: unload nvidia\n"
    "modprobe nvidia\n"
    "logger -t pitstop win11: undo: unload nvidia_uvm\n"
    "modprobe nvidia_uvm\n"
    "logger -t pitstop win11: undo: unload nvidia_modeset\n"
    "modprobe nvidia_modeset\n"
    "logger -t pitstop win11: undo: unload nvidia_drm\n"
    "modprobe nvidia_drm\n"
    "logger -t pitstop win11: undo: unbind-fb efi-framebuffer efi-framebuffer.0\n"
    "logger -t pitstop win11: undo: unbind-vtcon 1\n"
    "logger -t pitstop win11: undo: wait-free\n"
    "logger -t pitstop win11: undo: stop-dm gdm3.service\n"
    "systemctl start gdm3.service\n"
    "logger -t pitstop win11: release: done, the GPU is the host's\n" },
  { "single-nouveau-fedora",
    "logger -t pitstop win11: prepare: stop-dm sddm.service\n"
    "systemctl stop sddm.service\n"
    "logger -t pitstop win11: prepare: wait-free\n"
    "fuser -s /dev/dri/card0 /dev/dri/renderD128 "
    "/dev/snd/controlC1 /dev/snd/hwC1D0 /dev/snd/pcmC1D3p /dev/snd/pcmC1D7p /dev/snd/pcmC1D8p /dev/snd/pcmC1D9p\n"
    "logger -t pitstop win11: prepare: unbind-vtcon 1\n"
    "logger -t pitstop win11: prepare: unload nouveau\n"
    "modprobe -r nouveau\n"
    "logger -t pitstop win11: prepare: load vfio_pci\n"
    "modprobe vfio_pci\n"
    "logger -t pitstop win11: prepare: to-vfio 0000:07:00.0\n"
    "logger -t pitstop win11: prepare: to-vfio 0000:07:00.1\n"
    "logger -t pitstop win11: prepare: done, the GPU is the VM's\n",
    "logger -t pitstop win11: undo: to-vfio 0000:07:00.1\n"
    "logger -t pitstop win11: undo: to-vfio 0000:07:00.0\n"
    "logger -t pitstop win11: undo: load vfio_pci\n"
    "modprobe -r vfio_pci\n"
    "logger -t pitstop win11: undo: unload nouveau\n"
    "modprobe nouveau\n"
    "logger -t pitstop win11: undo: unbind-vtcon 1\n"
    "logger -t pitstop win11: undo: wait-free\n"
    "logger -t pitstop win11: undo: stop-dm sddm.service\n"
    "systemctl start sddm.service\n"
    "logger -t pitstop win11: release: done, the GPU is the host's\n" },
  { "single-amdgpu-debian", AMDGPU_PREPARE, AMDGPU_RELEASE },
  { "demo:single-gpu", AMDGPU_PREPARE, AMDGPU_RELEASE },
};

static char *tmp;

static const Expected *
expected_on (const SingleGpuHost *host)
{
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    if (g_str_equal (expected[i].tree, host->tree))
      return &expected[i];
  g_error ("no expected calls for %s", host->tree);
}

/* The order of every step on "prepare begin" and "release end"; release
 * gives the tree back as it was; the second of each phase changes nothing */
static void
test_lifecycle (gconstpointer data)
{
  const SingleGpuHost *host = data;
  g_autoptr(HookTestWorld) w = single_gpu_world_new (tmp, host);
  g_autoptr(GHashTable) original = hook_test_tree_snapshot (w->root, HOOK_TEST_TREE_AS_SHOWN);
  g_autoptr(GHashTable) prepared = NULL;
  g_autofree char *err = NULL;
  g_autofree char *log = NULL;
  g_autofree char *vtcon = NULL;
  g_autofree char *record = NULL;

  /* other VMs and other operations: nothing at all */
  g_assert_cmpint (hook_test_world_run (w, "fedora-server", "prepare", "begin", NULL, 0, &err), ==, 0);
  log = hook_test_world_calls (w);
  g_assert_cmpstr (log, ==, "");
  g_clear_pointer (&log, g_free);
  g_assert_cmpint (hook_test_world_run (w, VM, "started", "begin", NULL, 0, &err), ==, 0);
  g_assert_cmpint (hook_test_world_run (w, VM, "prepare", "end", NULL, 0, &err), ==, 0);
  log = hook_test_world_calls (w);
  g_assert_cmpstr (log, ==, "");
  g_clear_pointer (&log, g_free);
  hook_test_tree_assert_same (original, w->root, HOOK_TEST_TREE_AS_SHOWN, "other VMs and operations");

  /* release without prepare: harmless */
  g_assert_cmpint (hook_test_world_run (w, VM, "release", "end", NULL, 0, &err), ==, 0);
  log = hook_test_world_calls (w);
  g_assert_cmpstr (log, ==, "logger -t pitstop win11: release: done, the GPU is the host's\n");
  g_clear_pointer (&log, g_free);
  hook_test_tree_assert_same (original, w->root, HOOK_TEST_TREE_AS_SHOWN, "release without prepare");

  g_assert_cmpint (hook_test_world_run (w, VM, "prepare", "begin", NULL, 0, &err), ==, 0);
  g_assert_cmpstr (err, ==, "");
  log = hook_test_world_calls (w);
  g_assert_cmpstr (log, ==, expected_on (host)->prepare);
  g_clear_pointer (&log, g_free);
  vtcon = hook_test_world_read (w, "sys/class/vtconsole/vtcon1/bind");
  g_assert_cmpstr (vtcon, ==, "0\n");
  record = hook_test_world_read (w, "run/pitstop-single-gpu/" VM);
  g_assert_nonnull (record);
  g_assert_true (g_str_has_prefix (record, "stop-dm "));
  prepared = hook_test_tree_snapshot (w->root, HOOK_TEST_TREE_AS_SHOWN);

  /* a second prepare changes nothing */
  g_assert_cmpint (hook_test_world_run (w, VM, "prepare", "begin", NULL, 0, &err), ==, 0);
  log = hook_test_world_calls (w);
  g_assert_cmpstr (log, ==, "logger -t pitstop win11: prepare: done already\n");
  g_clear_pointer (&log, g_free);
  hook_test_tree_assert_same (prepared, w->root, HOOK_TEST_TREE_AS_SHOWN, "second prepare");

  g_assert_cmpint (hook_test_world_run (w, VM, "release", "end", NULL, 0, &err), ==, 0);
  g_assert_cmpstr (err, ==, "");
  log = hook_test_world_calls (w);
  g_assert_cmpstr (log, ==, expected_on (host)->release);
  g_clear_pointer (&log, g_free);
  hook_test_tree_assert_same (original, w->root, HOOK_TEST_TREE_AS_SHOWN, "prepare then release");

  /* a second release changes nothing */
  g_assert_cmpint (hook_test_world_run (w, VM, "release", "end", NULL, 0, &err), ==, 0);
  log = hook_test_world_calls (w);
  g_assert_cmpstr (log, ==, "logger -t pitstop win11: release: done, the GPU is the host's\n");
  hook_test_tree_assert_same (original, w->root, HOOK_TEST_TREE_AS_SHOWN, "second release");
}

/* A journal that does not work: prepare refuses (nothing is logged, so
 * nothing is done); release gives everything back all the same */
static void
test_logger_release (void)
{
  guint n_hosts;
  const SingleGpuHost *host = &single_gpu_hosts (&n_hosts)[2];
  g_autoptr(HookTestWorld) w = single_gpu_world_new (tmp, host);
  g_autoptr(GHashTable) original = hook_test_tree_snapshot (w->root, HOOK_TEST_TREE_AS_SHOWN);
  g_autofree char *err = NULL;

  g_assert_cmpstr (host->tree, ==, "single-amdgpu-debian");
  g_assert_cmpint (hook_test_world_run (w, VM, "prepare", "begin", NULL, 0, &err), ==, 0);
  g_assert_cmpint (hook_test_world_run (w, VM, "release", "end", "logger:1", 0, &err), ==, 0);
  g_assert_nonnull (strstr (err, "pitstop: win11: undo: to-vfio 0000:0b:00.1"));
  hook_test_tree_assert_same (original, w->root, HOOK_TEST_TREE_AS_SHOWN, "release with a failing logger");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  tmp = hook_test_scratch_new ("pitstop-single-gpu-lifecycle-XXXXXX");

  single_gpu_add_tests ("lifecycle", test_lifecycle, TRUE);
  g_test_add_func ("/plan/single-gpu/logger-release", test_logger_release);

  return hook_test_run_tests (tmp);
}
