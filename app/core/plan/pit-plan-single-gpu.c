/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-plan"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "pit-error.h"
#include "pit-host-plan-private.h"

/* Single-GPU passthrough: a libvirt qemu hook for one VM that takes the
 * host's only GPU away from the desktop when the VM starts ("prepare
 * begin") and gives it back when the VM has stopped ("release end").
 *
 * This is the GPU part of the VM's hook (pit-plan-vm-hook.c, the engine):
 * its kinds are stop-dm, wait-free, unbind-vtcon, unbind-fb, unload, load
 * and to-vfio, each with its way back; its steps come first, so a CPU
 * isolation part's steps are undone before the screen comes back.  The
 * record is /run/pitstop-single-gpu/<vm>.
 *
 * Every path in the script is "$root/…" (root=$PITSTOP_HOOK_ROOT, empty on
 * the host) and every command is called by name from PATH, so the tests
 * run it on a copy of a recorded tree with stub commands.  No "${" and no
 * two single quotes in a row: the NixOS target embeds the script in a ''
 * string. */

#define WAIT_LIMIT_SECONDS 30

/* The GPU's host driver modules, in the order they unload */
static const char * const *
driver_modules (const char *driver)
{
  static const char * const nvidia[] = { "nvidia_drm", "nvidia_modeset", "nvidia_uvm", "nvidia", NULL };
  static const char * const nouveau[] = { "nouveau", NULL };
  static const char * const amdgpu[] = { "amdgpu", NULL };
  static const char * const radeon[] = { "radeon", NULL };
  static const char * const i915[] = { "i915", NULL };
  static const char * const xe[] = { "xe", NULL };

  if (g_strcmp0 (driver, "nvidia") == 0)
    return nvidia;
  if (g_strcmp0 (driver, "nouveau") == 0)
    return nouveau;
  if (g_strcmp0 (driver, "amdgpu") == 0)
    return amdgpu;
  if (g_strcmp0 (driver, "radeon") == 0)
    return radeon;
  if (g_strcmp0 (driver, "i915") == 0)
    return i915;
  if (g_strcmp0 (driver, "xe") == 0)
    return xe;
  return NULL;
}

static const PitPlanPciDevice *
the_gpu (PitHostPlan *self)
{
  return self->gpus->len > 0 ? g_ptr_array_index (self->gpus, 0) : NULL;
}

static char *
hook_name (PitHostPlan *self)
{
  return g_strconcat ("pitstop-", self->request->single_gpu_vm, NULL);
}

/* What the user reads before anything else, in the plan and as the
 * script's first comment */
void
_pit_plan_single_gpu_warning (PitHostPlan *self,
                              GString     *out)
{
  const PitPlanFacts *facts = self->facts;
  const char *vm = self->request->single_gpu_vm;
  g_autofree char *gpu = _pit_plan_describe_device (the_gpu (self));
  g_autofree char *name = hook_name (self);

  if (facts->display_manager != NULL)
    _pit_plan_comment (out, "", "READ THIS FIRST. Starting %s stops the display manager (%s): "
                       "every window of the host's desktop closes at once, and whatever is not "
                       "saved in them is lost. Save your work and close your programs before you "
                       "start the VM. While it runs the host has no screen: %s, the host's only "
                       "GPU, shows the VM. When the VM stops, the desktop comes back at its login "
                       "screen.", vm, facts->display_manager, gpu);
  else
    _pit_plan_comment (out, "", "READ THIS FIRST. Starting %s takes %s, the host's only GPU, away "
                       "from the host: no display manager was found to stop, so log out of every "
                       "graphical session first (save your work), or the hook waits %d seconds for "
                       "the GPU and then refuses to start the VM. While it runs the host has no "
                       "screen.", vm, gpu, WAIT_LIMIT_SECONDS);
  _pit_plan_comment (out, "", "Before the first try, enable SSH on the host and check from another "
                     "device that you can log in (Debian/Ubuntu: sudo systemctl enable --now ssh; "
                     "Fedora, Arch: sudo systemctl enable --now sshd).");
  _pit_plan_comment (out, "", "If the screen stays black (the VM does not show, or the desktop does "
                     "not come back after the VM stops): log in over SSH and run\n"
                     "  sudo systemctl start %s\n"
                     "to see what the hook did, run\n"
                     "  journalctl -b -t pitstop\n"
                     "(\"prepare:\" lines are its steps, \"undo:\" lines the way back, \"failed\" "
                     "names the step that failed). To give the GPU back by hand, run the hook as "
                     "libvirt would; it undoes only what is left and is harmless otherwise:\n"
                     "  sudo %s/%s %s release end",
                     facts->display_manager != NULL ? facts->display_manager : "display-manager",
                     pit_plan_facts_is_nixos (facts) ? "/var/lib/libvirt/hooks/qemu.d"
                                                    : "/etc/libvirt/hooks/qemu.d",
                     name, vm);
}

/* The GPU part: its shell functions, its device nodes, its steps and its kinds */
static void
gpu_helpers (PitHostPlan *self,
             GString     *out)
{
  g_autoptr(GString) args = g_string_new (NULL);

  _pit_plan_comment (out, "", "How many seconds to wait for the desktop to let go of the GPU.");
  _pit_plan_line (out, "limit=%d", WAIT_LIMIT_SECONDS);
  _pit_plan_comment (out, "", "Whether a kernel module is loaded now.");
  _pit_plan_line (out, "loaded() {");
  _pit_plan_line (out, "  grep -q \"^$1 \" \"$root/proc/modules\"");
  _pit_plan_line (out, "}");
  _pit_plan_comment (out, "", "The driver a PCI device is bound to now (nothing when none).");
  _pit_plan_line (out, "driver_of() {");
  _pit_plan_line (out, "  link=$(readlink \"$root/sys/bus/pci/devices/$1/driver\") || return 0");
  _pit_plan_line (out, "  basename \"$link\"");
  _pit_plan_line (out, "}");
  g_string_append_c (out, '\n');

  _pit_plan_comment (out, "", "Hands a PCI device to vfio-pci: vfio-pci is the only driver it may "
                     "get, the driver it has lets go, and the kernel binds it again.");
  _pit_plan_line (out, "to_vfio() {");
  _pit_plan_line (out, "  echo vfio-pci > \"$root/sys/bus/pci/devices/$1/driver_override\" || return 1");
  _pit_plan_line (out, "  drv=$(driver_of \"$1\")");
  _pit_plan_line (out, "  if [ -n \"$drv\" ] && [ \"$drv\" != vfio-pci ]; then");
  _pit_plan_line (out, "    echo \"$1\" > \"$root/sys/bus/pci/devices/$1/driver/unbind\" || return 1");
  _pit_plan_line (out, "  fi");
  _pit_plan_line (out, "  echo \"$1\" > \"$root/sys/bus/pci/drivers_probe\"");
  _pit_plan_line (out, "}");
  _pit_plan_comment (out, "", "The way back: vfio-pci lets go, any driver may take the device, and "
                     "the kernel binds its own (the GPU's once its module is loaded again).");
  _pit_plan_line (out, "from_vfio() {");
  _pit_plan_line (out, "  if [ \"$(driver_of \"$1\")\" = vfio-pci ]; then");
  _pit_plan_line (out, "    echo \"$1\" > \"$root/sys/bus/pci/devices/$1/driver/unbind\" || return 1");
  _pit_plan_line (out, "  fi");
  _pit_plan_line (out, "  echo > \"$root/sys/bus/pci/devices/$1/driver_override\" || return 1");
  _pit_plan_line (out, "  echo \"$1\" > \"$root/sys/bus/pci/drivers_probe\"");
  _pit_plan_line (out, "}");
  g_string_append_c (out, '\n');

  _pit_plan_comment (out, "", "Waits until no program holds the GPU's device nodes, at most $limit "
                     "seconds.");
  _pit_plan_line (out, "wait_free() {");
  _pit_plan_line (out, "  waited=0");
  _pit_plan_comment (out, "  ", "fuser -s succeeds while a program has one of them open");
  _pit_plan_line (out, "  while gpu_busy; do");
  _pit_plan_line (out, "    if [ \"$waited\" -ge \"$limit\" ]; then");
  _pit_plan_line (out, "      say \"failed: the GPU is still in use after $limit seconds (fuser -v shows by whom)\"");
  _pit_plan_line (out, "      return 1");
  _pit_plan_line (out, "    fi");
  _pit_plan_line (out, "    sleep 1 || return 1");
  _pit_plan_line (out, "    waited=$((waited + 1))");
  _pit_plan_line (out, "  done");
  _pit_plan_line (out, "}");
  g_string_append_c (out, '\n');

  for (guint i = 0; i < self->devices->len; i++)
    {
      const PitPlanPciDevice *dev = g_ptr_array_index (self->devices, i);

      for (guint j = 0; dev->dev_nodes != NULL && dev->dev_nodes[j] != NULL; j++)
        g_string_append_printf (args, " \"$root%s\"", dev->dev_nodes[j]);
    }
  if (args->len == 0)
    g_string_append (args, " \"$root/dev/dri/card0\"");
  _pit_plan_comment (out, "", "Whether a program holds one of the GPU's device nodes (its screen, "
                     "its render node, the sound card of its HDMI audio).");
  _pit_plan_line (out, "gpu_busy() {");
  _pit_plan_line (out, "  fuser -s%s", args->str);
  _pit_plan_line (out, "}");
  g_string_append_c (out, '\n');
}

static void
do_kinds (PitHostPlan *self,
          GString     *out)
{
  _pit_plan_comment (out, "    ", "stop the display manager: the desktop and its programs close");
  _pit_plan_line (out, "    stop-dm) systemctl stop \"$2\" ;;");
  _pit_plan_comment (out, "    ", "wait until the desktop has let go of the GPU");
  _pit_plan_line (out, "    wait-free) wait_free ;;");
  _pit_plan_comment (out, "    ", "detach the text console from the GPU's framebuffer");
  _pit_plan_line (out, "    unbind-vtcon) echo 0 > \"$root/sys/class/vtconsole/vtcon$2/bind\" ;;");
  _pit_plan_comment (out, "    ", "take the firmware's framebuffer off the GPU's memory");
  _pit_plan_line (out, "    unbind-fb) echo \"$3\" > \"$root/sys/bus/platform/drivers/$2/unbind\" ;;");
  _pit_plan_comment (out, "    ", "unload a driver module of the GPU");
  _pit_plan_line (out, "    unload) modprobe -r \"$2\" ;;");
  _pit_plan_comment (out, "    ", "load vfio-pci");
  _pit_plan_line (out, "    load) modprobe \"$2\" ;;");
  _pit_plan_comment (out, "    ", "hand a PCI device to vfio-pci");
  _pit_plan_line (out, "    to-vfio) to_vfio \"$2\" ;;");
}

static void
undo_kinds (PitHostPlan *self,
            GString     *out)
{
  _pit_plan_comment (out, "    ", "start the display manager again: the login screen comes back");
  _pit_plan_line (out, "    stop-dm) systemctl start \"$2\" ;;");
  _pit_plan_comment (out, "    ", "waiting changed nothing");
  _pit_plan_line (out, "    wait-free) return 0 ;;");
  _pit_plan_comment (out, "    ", "attach the text console again");
  _pit_plan_line (out, "    unbind-vtcon) echo 1 > \"$root/sys/class/vtconsole/vtcon$2/bind\" ;;");
  _pit_plan_comment (out, "    ", "give the firmware's framebuffer back");
  _pit_plan_line (out, "    unbind-fb) echo \"$3\" > \"$root/sys/bus/platform/drivers/$2/bind\" ;;");
  _pit_plan_comment (out, "    ", "load the driver module again (it takes the GPU back)");
  _pit_plan_line (out, "    unload) modprobe \"$2\" ;;");
  _pit_plan_comment (out, "    ", "unload vfio-pci, which was not loaded before");
  _pit_plan_line (out, "    load) modprobe -r \"$2\" ;;");
  _pit_plan_comment (out, "    ", "give the PCI device back to the host");
  _pit_plan_line (out, "    to-vfio) from_vfio \"$2\" ;;");
}

static void
gpu_steps (PitHostPlan *self,
           GString     *out)
{
  const PitPlanFacts *facts = self->facts;
  const PitPlanPciDevice *gpu = the_gpu (self);
  const char * const *modules = driver_modules (gpu->driver);

  if (facts->display_manager != NULL)
    {
      _pit_plan_comment (out, "  ", "Stop the display manager, %s: the desktop and every program "
                         "in it close.", facts->display_manager);
      _pit_plan_line (out, "  step stop-dm %s || return 1", facts->display_manager);
    }
  _pit_plan_comment (out, "  ", "Wait until nothing holds the GPU (the desktop, the audio server "
                     "on its HDMI output).");
  _pit_plan_line (out, "  step wait-free || return 1");
  for (guint i = 0; i < facts->vtconsoles->len; i++)
    {
      guint vt = g_array_index (facts->vtconsoles, guint, i);

      _pit_plan_comment (out, "  ", "Detach the text console vtcon%u from the framebuffer, if it "
                         "is attached (a console that cannot be read stops everything).", vt);
      _pit_plan_line (out, "  bound=$(cat \"$root/sys/class/vtconsole/vtcon%u/bind\") || return 1", vt);
      _pit_plan_line (out, "  if [ \"$bound\" = 1 ]; then");
      _pit_plan_line (out, "    step unbind-vtcon %u || return 1", vt);
      _pit_plan_line (out, "  fi");
    }
  for (guint i = 0; facts->firmware_fbs != NULL && facts->firmware_fbs[i] != NULL; i++)
    {
      g_auto(GStrv) parts = g_strsplit (facts->firmware_fbs[i], "/", 2);

      if (g_strv_length (parts) != 2)
        continue;
      _pit_plan_comment (out, "  ", "Unbind the firmware's framebuffer %s: it holds part of the "
                         "GPU's memory.", parts[1]);
      _pit_plan_line (out, "  if [ -e \"$root/sys/bus/platform/drivers/%s/%s\" ]; then", parts[0], parts[1]);
      _pit_plan_line (out, "    step unbind-fb %s %s || return 1", parts[0], parts[1]);
      _pit_plan_line (out, "  fi");
    }
  for (guint i = 0; modules != NULL && modules[i] != NULL; i++)
    {
      _pit_plan_comment (out, "  ", "Unload %s%s.", modules[i],
                         i == 0 && modules[1] != NULL ? " (the modules that use the driver go first)" : "");
      _pit_plan_line (out, "  if loaded %s; then", modules[i]);
      _pit_plan_line (out, "    step unload %s || return 1", modules[i]);
      _pit_plan_line (out, "  fi");
    }
  _pit_plan_comment (out, "  ", "Load vfio-pci, unless it is loaded already.");
  _pit_plan_line (out, "  if ! loaded vfio_pci; then");
  _pit_plan_line (out, "    step load vfio_pci || return 1");
  _pit_plan_line (out, "  fi");
  for (guint i = 0; i < self->devices->len; i++)
    {
      const PitPlanPciDevice *dev = g_ptr_array_index (self->devices, i);
      g_autofree char *what = _pit_plan_describe_device (dev);

      _pit_plan_comment (out, "  ", "Hand %s to vfio-pci.", what);
      _pit_plan_line (out, "  step to-vfio %s || return 1", dev->address);
    }
}

void
_pit_plan_single_gpu_notes (PitHostPlan *self,
                            GString     *out)
{
  const PitPlanFacts *facts = self->facts;
  g_autofree char *devices = _pit_plan_describe_devices (self);

  _pit_plan_comment (out, "", "Pitstop host plan (single GPU) for %s: the hook of the VM %s, which "
                     "gets %s.", facts->os_name != NULL ? facts->os_name : "this host",
                     self->request->single_gpu_vm, devices);
  _pit_plan_comment (out, "", "Pitstop changes nothing by itself: read this, then install it as root.");

  if (facts->audio_servers != NULL && facts->audio_servers[0] != NULL)
    {
      g_autofree char *servers = g_strjoinv (" and ", facts->audio_servers);

      _pit_plan_comment (out, "", "Note: %s runs in the host's session and may hold the GPU's HDMI "
                         "audio; it ends with the session when the display manager stops. If it "
                         "keeps running (a lingering user: loginctl enable-linger), the hook waits "
                         "%d seconds and refuses to start the VM.", servers, WAIT_LIMIT_SECONDS);
    }
  if (!facts->iommu_enabled)
    _pit_plan_comment (out, "", "Note: the IOMMU is off, so the VM cannot have the GPU yet: "
                       "pitstop-cli host-plan --gpu gives the kernel parameters. On a single-GPU "
                       "host keep only intel_iommu=on or amd_iommu=on and iommu=pt from it: "
                       "vfio-pci.ids and the blacklist would take the GPU from the host at boot.");
  _pit_plan_comment (out, "", "The VM needs the GPU and its companions as PCI host devices, as for any "
                     "passthrough; managed='yes' (libvirt's default) and managed='no' both work.");
  if (_pit_plan_file_exists (self, "etc/libvirt/hooks/qemu.d"))
    {
      g_autofree char *mine = g_build_filename ("etc/libvirt/hooks/qemu.d",
                                                self->request->single_gpu_vm, NULL);

      if (_pit_plan_file_exists (self, mine))
        _pit_plan_comment (out, "", "Note: /%s exists (VFIO-Tools' layout, qemu.d/<vm>/<op>/<subop>/): "
                           "if scripts there free the GPU too, remove them; this hook does not "
                           "touch them.", mine);
    }
}

const PitPlanHookPart pit_plan_single_gpu_part = {
  gpu_helpers, do_kinds, undo_kinds, gpu_steps,
};
