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
 * The hook is a small step engine: prepare writes each step into a record
 * (/run/pitstop-single-gpu/<vm>) before doing it; a failure undoes every
 * recorded step, last first, so libvirt does not start the VM and the host
 * keeps its screen; release undoes the record the same way.  Steps are
 * "kinds" (stop-dm, wait-free, unbind-vtcon, unbind-fb, unload, load,
 * to-vfio), each with its way back in undo_step.
 *
 * Composing parts (CPU isolation, issue #16): a second part of the same
 * VM's hook adds its kinds to do_step/undo_step (kinds ()) and its steps to
 * prepare_steps() after the GPU's (gpu_steps () is the GPU part's).
 * One record then covers both parts: a failure in either undoes both, and
 * release undoes the second part first and gives the screen back last.
 * Separate files in qemu.d would not do: libvirt runs them in alphabetical
 * order for every operation and does not undo one when the next fails.
 *
 * Every path in the script is "$root/…" (root=$PITSTOP_HOOK_ROOT, empty on
 * the host) and every command is called by name from PATH, so the tests
 * run it on a copy of a recorded tree with stub commands.  No "${" and no
 * two single quotes in a row: the NixOS target embeds the script in a ''
 * string. */

#define WAIT_LIMIT_SECONDS 30

/* 'text' for sh */
static char *
sh_quote (const char *text)
{
  g_autoptr(GString) out = g_string_new ("'");

  for (const char *p = text; *p != '\0'; p++)
    if (*p == '\'')
      g_string_append (out, "'\"'\"'");
    else
      g_string_append_c (out, *p);
  g_string_append_c (out, '\'');
  return g_string_free (g_steal_pointer (&out), FALSE);
}

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
static void
warning (PitHostPlan *self,
         GString     *out)
{
  const PitPlanFacts *facts = self->facts;
  const char *vm = self->request->single_gpu_vm;
  g_autofree char *gpu = pit_plan_describe_device (the_gpu (self));
  g_autofree char *name = hook_name (self);

  if (facts->display_manager != NULL)
    pit_plan_comment (out, "", "READ THIS FIRST. Starting %s stops the display manager (%s): "
                      "every window of the host's desktop closes at once, and whatever is not "
                      "saved in them is lost. Save your work and close your programs before you "
                      "start the VM. While it runs the host has no screen: %s, the host's only "
                      "GPU, shows the VM. When the VM stops, the desktop comes back at its login "
                      "screen.", vm, facts->display_manager, gpu);
  else
    pit_plan_comment (out, "", "READ THIS FIRST. Starting %s takes %s, the host's only GPU, away "
                      "from the host: no display manager was found to stop, so log out of every "
                      "graphical session first (save your work), or the hook waits %d seconds for "
                      "the GPU and then refuses to start the VM. While it runs the host has no "
                      "screen.", vm, gpu, WAIT_LIMIT_SECONDS);
  pit_plan_comment (out, "", "Before the first try, enable SSH on the host and check from another "
                    "device that you can log in (Debian/Ubuntu: sudo systemctl enable --now ssh; "
                    "Fedora, Arch: sudo systemctl enable --now sshd).");
  pit_plan_comment (out, "", "If the screen stays black (the VM does not show, or the desktop does "
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

/* The engine: the parts' steps go into prepare_steps; do_step and
 * undo_step know their kinds */
static void
engine (PitHostPlan *self,
        GString     *out)
{
  g_autofree char *vm = sh_quote (self->request->single_gpu_vm);

  pit_plan_comment (out, "", "libvirt runs this as root with $1 the VM's name, $2 the operation "
                    "and $3 its sub-operation (the VM's XML on standard input is not used). It "
                    "never calls libvirt back: a hook that does can hang libvirt.");
  pit_plan_comment (out, "", "The VM this hook is for.");
  pit_plan_line (out, "vm=%s", vm);
  pit_plan_comment (out, "", "Any other VM: nothing to do.");
  pit_plan_line (out, "[ \"$1\" = \"$vm\" ] || exit 0");
  pit_plan_comment (out, "", "No file name patterns anywhere: words are only words.");
  pit_plan_line (out, "set -f");
  pit_plan_comment (out, "", "Only \"prepare begin\" (before the VM starts) and \"release end\" "
                    "(after it has stopped); nothing to do for the other operations.");
  pit_plan_line (out, "case \"$2 $3\" in");
  pit_plan_line (out, "  \"prepare begin\"|\"release end\") ;;");
  pit_plan_line (out, "  *) exit 0 ;;");
  pit_plan_line (out, "esac");
  pit_plan_comment (out, "", "Every path below starts with $PITSTOP_HOOK_ROOT: empty on the host, "
                    "a test folder standing in for / in Pitstop's tests.");
  pit_plan_line (out, "root=$PITSTOP_HOOK_ROOT");
  pit_plan_comment (out, "", "How many seconds to wait for the desktop to let go of the GPU.");
  pit_plan_line (out, "limit=%d", WAIT_LIMIT_SECONDS);
  pit_plan_comment (out, "", "The steps done so far, one a line (written before each step): what "
                    "a failed start and \"release\" undo.");
  pit_plan_line (out, "state=\"$root/run/pitstop-single-gpu\"");
  pit_plan_line (out, "record=\"$state/$vm\"");
  g_string_append_c (out, '\n');

  pit_plan_comment (out, "", "A line in the journal (journalctl -t pitstop); fails when logging fails.");
  pit_plan_line (out, "log() {");
  pit_plan_line (out, "  logger -t pitstop \"$vm: $*\"");
  pit_plan_line (out, "}");
  pit_plan_comment (out, "", "The same where a failure to log must not stop anything: on standard "
                    "error instead (libvirt keeps it in its log).");
  pit_plan_line (out, "say() {");
  pit_plan_line (out, "  log \"$@\" || echo \"pitstop: $vm: $*\" >&2");
  pit_plan_line (out, "}");
  pit_plan_comment (out, "", "Whether a kernel module is loaded now.");
  pit_plan_line (out, "loaded() {");
  pit_plan_line (out, "  grep -q \"^$1 \" \"$root/proc/modules\"");
  pit_plan_line (out, "}");
  pit_plan_comment (out, "", "The driver a PCI device is bound to now (nothing when none).");
  pit_plan_line (out, "driver_of() {");
  pit_plan_line (out, "  link=$(readlink \"$root/sys/bus/pci/devices/$1/driver\") || return 0");
  pit_plan_line (out, "  basename \"$link\"");
  pit_plan_line (out, "}");
  g_string_append_c (out, '\n');

  pit_plan_comment (out, "", "Hands a PCI device to vfio-pci: vfio-pci is the only driver it may "
                    "get, the driver it has lets go, and the kernel binds it again.");
  pit_plan_line (out, "to_vfio() {");
  pit_plan_line (out, "  echo vfio-pci > \"$root/sys/bus/pci/devices/$1/driver_override\" || return 1");
  pit_plan_line (out, "  drv=$(driver_of \"$1\")");
  pit_plan_line (out, "  if [ -n \"$drv\" ] && [ \"$drv\" != vfio-pci ]; then");
  pit_plan_line (out, "    echo \"$1\" > \"$root/sys/bus/pci/devices/$1/driver/unbind\" || return 1");
  pit_plan_line (out, "  fi");
  pit_plan_line (out, "  echo \"$1\" > \"$root/sys/bus/pci/drivers_probe\"");
  pit_plan_line (out, "}");
  pit_plan_comment (out, "", "The way back: vfio-pci lets go, any driver may take the device, and "
                    "the kernel binds its own (the GPU's once its module is loaded again).");
  pit_plan_line (out, "from_vfio() {");
  pit_plan_line (out, "  if [ \"$(driver_of \"$1\")\" = vfio-pci ]; then");
  pit_plan_line (out, "    echo \"$1\" > \"$root/sys/bus/pci/devices/$1/driver/unbind\" || return 1");
  pit_plan_line (out, "  fi");
  pit_plan_line (out, "  echo > \"$root/sys/bus/pci/devices/$1/driver_override\" || return 1");
  pit_plan_line (out, "  echo \"$1\" > \"$root/sys/bus/pci/drivers_probe\"");
  pit_plan_line (out, "}");
  g_string_append_c (out, '\n');

  pit_plan_comment (out, "", "Waits until no program holds the GPU's device nodes, at most $limit "
                    "seconds.");
  pit_plan_line (out, "wait_free() {");
  pit_plan_line (out, "  waited=0");
  pit_plan_comment (out, "  ", "fuser -s succeeds while a program has one of them open");
  pit_plan_line (out, "  while gpu_busy; do");
  pit_plan_line (out, "    if [ \"$waited\" -ge \"$limit\" ]; then");
  pit_plan_line (out, "      say \"failed: the GPU is still in use after $limit seconds (fuser -v shows by whom)\"");
  pit_plan_line (out, "      return 1");
  pit_plan_line (out, "    fi");
  pit_plan_line (out, "    sleep 1 || return 1");
  pit_plan_line (out, "    waited=$((waited + 1))");
  pit_plan_line (out, "  done");
  pit_plan_line (out, "}");
  g_string_append_c (out, '\n');
}

/* The GPU part: its device nodes, its steps and its kinds */
static void
gpu_busy (PitHostPlan *self,
          GString     *out)
{
  g_autoptr(GString) args = g_string_new (NULL);

  for (guint i = 0; i < self->devices->len; i++)
    {
      const PitPlanPciDevice *dev = g_ptr_array_index (self->devices, i);

      for (guint j = 0; dev->dev_nodes != NULL && dev->dev_nodes[j] != NULL; j++)
        g_string_append_printf (args, " \"$root%s\"", dev->dev_nodes[j]);
    }
  if (args->len == 0)
    g_string_append (args, " \"$root/dev/dri/card0\"");
  pit_plan_comment (out, "", "Whether a program holds one of the GPU's device nodes (its screen, "
                    "its render node, the sound card of its HDMI audio).");
  pit_plan_line (out, "gpu_busy() {");
  pit_plan_line (out, "  fuser -s%s", args->str);
  pit_plan_line (out, "}");
  g_string_append_c (out, '\n');
}

static void
kinds (GString *out)
{
  pit_plan_comment (out, "", "One step forward: $1 is its kind, the rest its arguments.");
  pit_plan_line (out, "do_step() {");
  pit_plan_line (out, "  case \"$1\" in");
  pit_plan_comment (out, "    ", "stop the display manager: the desktop and its programs close");
  pit_plan_line (out, "    stop-dm) systemctl stop \"$2\" ;;");
  pit_plan_comment (out, "    ", "wait until the desktop has let go of the GPU");
  pit_plan_line (out, "    wait-free) wait_free ;;");
  pit_plan_comment (out, "    ", "detach the text console from the GPU's framebuffer");
  pit_plan_line (out, "    unbind-vtcon) echo 0 > \"$root/sys/class/vtconsole/vtcon$2/bind\" ;;");
  pit_plan_comment (out, "    ", "take the firmware's framebuffer off the GPU's memory");
  pit_plan_line (out, "    unbind-fb) echo \"$3\" > \"$root/sys/bus/platform/drivers/$2/unbind\" ;;");
  pit_plan_comment (out, "    ", "unload a driver module of the GPU");
  pit_plan_line (out, "    unload) modprobe -r \"$2\" ;;");
  pit_plan_comment (out, "    ", "load vfio-pci");
  pit_plan_line (out, "    load) modprobe \"$2\" ;;");
  pit_plan_comment (out, "    ", "hand a PCI device to vfio-pci");
  pit_plan_line (out, "    to-vfio) to_vfio \"$2\" ;;");
  pit_plan_comment (out, "    ", "a kind this hook does not know: fail, so nothing runs half-done");
  pit_plan_line (out, "    *) return 1 ;;");
  pit_plan_line (out, "  esac");
  pit_plan_line (out, "}");
  pit_plan_comment (out, "", "The way back of each kind.");
  pit_plan_line (out, "undo_step() {");
  pit_plan_line (out, "  case \"$1\" in");
  pit_plan_comment (out, "    ", "start the display manager again: the login screen comes back");
  pit_plan_line (out, "    stop-dm) systemctl start \"$2\" ;;");
  pit_plan_comment (out, "    ", "waiting changed nothing");
  pit_plan_line (out, "    wait-free) return 0 ;;");
  pit_plan_comment (out, "    ", "attach the text console again");
  pit_plan_line (out, "    unbind-vtcon) echo 1 > \"$root/sys/class/vtconsole/vtcon$2/bind\" ;;");
  pit_plan_comment (out, "    ", "give the firmware's framebuffer back");
  pit_plan_line (out, "    unbind-fb) echo \"$3\" > \"$root/sys/bus/platform/drivers/$2/bind\" ;;");
  pit_plan_comment (out, "    ", "load the driver module again (it takes the GPU back)");
  pit_plan_line (out, "    unload) modprobe \"$2\" ;;");
  pit_plan_comment (out, "    ", "unload vfio-pci, which was not loaded before");
  pit_plan_line (out, "    load) modprobe -r \"$2\" ;;");
  pit_plan_comment (out, "    ", "give the PCI device back to the host");
  pit_plan_line (out, "    to-vfio) from_vfio \"$2\" ;;");
  pit_plan_line (out, "    *) return 1 ;;");
  pit_plan_line (out, "  esac");
  pit_plan_line (out, "}");
  g_string_append_c (out, '\n');
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
      pit_plan_comment (out, "  ", "Stop the display manager, %s: the desktop and every program "
                        "in it close.", facts->display_manager);
      pit_plan_line (out, "  step stop-dm %s || return 1", facts->display_manager);
    }
  pit_plan_comment (out, "  ", "Wait until nothing holds the GPU (the desktop, the audio server "
                    "on its HDMI output).");
  pit_plan_line (out, "  step wait-free || return 1");
  for (guint i = 0; i < facts->vtconsoles->len; i++)
    {
      guint vt = g_array_index (facts->vtconsoles, guint, i);

      pit_plan_comment (out, "  ", "Detach the text console vtcon%u from the framebuffer, if it "
                        "is attached (a console that cannot be read stops everything).", vt);
      pit_plan_line (out, "  bound=$(cat \"$root/sys/class/vtconsole/vtcon%u/bind\") || return 1", vt);
      pit_plan_line (out, "  if [ \"$bound\" = 1 ]; then");
      pit_plan_line (out, "    step unbind-vtcon %u || return 1", vt);
      pit_plan_line (out, "  fi");
    }
  for (guint i = 0; facts->firmware_fbs != NULL && facts->firmware_fbs[i] != NULL; i++)
    {
      g_auto(GStrv) parts = g_strsplit (facts->firmware_fbs[i], "/", 2);

      if (g_strv_length (parts) != 2)
        continue;
      pit_plan_comment (out, "  ", "Unbind the firmware's framebuffer %s: it holds part of the "
                        "GPU's memory.", parts[1]);
      pit_plan_line (out, "  if [ -e \"$root/sys/bus/platform/drivers/%s/%s\" ]; then", parts[0], parts[1]);
      pit_plan_line (out, "    step unbind-fb %s %s || return 1", parts[0], parts[1]);
      pit_plan_line (out, "  fi");
    }
  for (guint i = 0; modules != NULL && modules[i] != NULL; i++)
    {
      pit_plan_comment (out, "  ", "Unload %s%s.", modules[i],
                        i == 0 && modules[1] != NULL ? " (the modules that use the driver go first)" : "");
      pit_plan_line (out, "  if loaded %s; then", modules[i]);
      pit_plan_line (out, "    step unload %s || return 1", modules[i]);
      pit_plan_line (out, "  fi");
    }
  pit_plan_comment (out, "  ", "Load vfio-pci, unless it is loaded already.");
  pit_plan_line (out, "  if ! loaded vfio_pci; then");
  pit_plan_line (out, "    step load vfio_pci || return 1");
  pit_plan_line (out, "  fi");
  for (guint i = 0; i < self->devices->len; i++)
    {
      const PitPlanPciDevice *dev = g_ptr_array_index (self->devices, i);
      g_autofree char *what = pit_plan_describe_device (dev);

      pit_plan_comment (out, "  ", "Hand %s to vfio-pci.", what);
      pit_plan_line (out, "  step to-vfio %s || return 1", dev->address);
    }
}

/* The hook without its "#!" line and without the warning */
static void
script (PitHostPlan *self,
        GString     *out)
{
  engine (self, out);
  gpu_busy (self, out);
  kinds (out);

  pit_plan_comment (out, "", "Does one step after writing it down. When it fails, what it may "
                    "have done half-way is undone at once and it is struck off.");
  pit_plan_line (out, "step() {");
  pit_plan_line (out, "  log \"prepare: $*\" || return 1");
  pit_plan_line (out, "  echo \"$*\" >> \"$record\" || return 1");
  pit_plan_line (out, "  do_step \"$@\" && return 0");
  pit_plan_line (out, "  say \"failed: $*\"");
  pit_plan_line (out, "  undo_step \"$@\"");
  pit_plan_line (out, "  sed '$d' \"$record\" > \"$record.new\" && mv \"$record.new\" \"$record\"");
  pit_plan_line (out, "  return 1");
  pit_plan_line (out, "}");
  g_string_append_c (out, '\n');

  pit_plan_comment (out, "", "Undoes the recorded steps, last first. A step whose undo fails stays "
                    "recorded, so the next \"release\" tries it again.");
  pit_plan_line (out, "undo_all() {");
  pit_plan_line (out, "  if [ ! -f \"$record\" ]; then");
  pit_plan_line (out, "    rmdir \"$state\" 2>/dev/null");
  pit_plan_line (out, "    return 0");
  pit_plan_line (out, "  fi");
  pit_plan_comment (out, "  ", "the steps whose undo failed, in their order");
  pit_plan_line (out, "  left=");
  pit_plan_comment (out, "  ", "each recorded step, from the heredoc below");
  pit_plan_line (out, "  while read -r line; do");
  pit_plan_line (out, "    [ -n \"$line\" ] || continue");
  pit_plan_line (out, "    say \"undo: $line\"");
  pit_plan_comment (out, "    ", "its words are the kind and the arguments, as step wrote them");
  pit_plan_line (out, "    # shellcheck disable=SC2086");
  pit_plan_line (out, "    if ! undo_step $line; then");
  pit_plan_line (out, "      say \"failed: undo: $line\"");
  pit_plan_line (out, "      left=\"$line");
  pit_plan_line (out, "$left\"");
  pit_plan_line (out, "    fi");
  pit_plan_line (out, "  done <<EOF");
  pit_plan_line (out, "$(sed '1!G;h;$!d' \"$record\")");
  pit_plan_line (out, "EOF");
  pit_plan_comment (out, "  ", "keep what could not be undone for the next release");
  pit_plan_line (out, "  if [ -n \"$left\" ]; then");
  pit_plan_line (out, "    printf '%%s' \"$left\" > \"$record\"");
  pit_plan_line (out, "    return 1");
  pit_plan_line (out, "  fi");
  pit_plan_comment (out, "  ", "all undone: forget the record (and its folder, unless another VM has one)");
  pit_plan_line (out, "  rm -f \"$record\"");
  pit_plan_line (out, "  rmdir \"$state\" 2>/dev/null");
  pit_plan_line (out, "  return 0");
  pit_plan_line (out, "}");
  g_string_append_c (out, '\n');

  pit_plan_comment (out, "", "The steps of \"prepare begin\", in order. Each part of this hook adds "
                    "its own: the GPU's first; CPU isolation would add its steps after them.");
  pit_plan_line (out, "prepare_steps() {");
  gpu_steps (self, out);
  pit_plan_line (out, "}");
  g_string_append_c (out, '\n');

  pit_plan_line (out, "case \"$2\" in");
  pit_plan_line (out, "  prepare)");
  pit_plan_comment (out, "    ", "Prepared already (a second \"prepare\"): nothing more to do.");
  pit_plan_line (out, "    if [ -f \"$record\" ]; then");
  pit_plan_line (out, "      say \"prepare: done already\"");
  pit_plan_line (out, "      exit 0");
  pit_plan_line (out, "    fi");
  pit_plan_line (out, "    mkdir -p \"$state\" || exit 1");
  pit_plan_line (out, "    if prepare_steps; then");
  pit_plan_line (out, "      say \"prepare: done, the GPU is the VM's\"");
  pit_plan_line (out, "      exit 0");
  pit_plan_line (out, "    fi");
  pit_plan_comment (out, "    ", "A step failed: undo every step done, so the host keeps its "
                    "screen, and keep libvirt from starting the VM.");
  pit_plan_line (out, "    say \"prepare failed: giving the GPU back to the host\"");
  pit_plan_line (out, "    undo_all");
  pit_plan_line (out, "    echo \"pitstop: $vm: could not free the GPU; the host keeps it (journalctl -t pitstop)\" >&2");
  pit_plan_line (out, "    exit 1");
  pit_plan_line (out, "    ;;");
  pit_plan_line (out, "  release)");
  pit_plan_comment (out, "    ", "Undo what prepare did, last step first: the screen comes back "
                    "last. Nothing recorded (a second \"release\", or no \"prepare\"): nothing to do.");
  pit_plan_line (out, "    if undo_all; then");
  pit_plan_line (out, "      say \"release: done, the GPU is the host's\"");
  pit_plan_line (out, "      exit 0");
  pit_plan_line (out, "    fi");
  pit_plan_line (out, "    echo \"pitstop: $vm: some steps could not be undone; run this hook again with: $vm release end\" >&2");
  pit_plan_line (out, "    exit 1");
  pit_plan_line (out, "    ;;");
  pit_plan_line (out, "esac");
}

static void
notes (PitHostPlan *self,
       GString     *out)
{
  const PitPlanFacts *facts = self->facts;
  g_autofree char *devices = pit_plan_describe_devices (self);

  pit_plan_comment (out, "", "Pitstop host plan (single GPU) for %s: the hook of the VM %s, which "
                    "gets %s.", facts->os_name != NULL ? facts->os_name : "this host",
                    self->request->single_gpu_vm, devices);
  pit_plan_comment (out, "", "Pitstop changes nothing by itself: read this, then install it as root.");

  if (facts->audio_servers != NULL && facts->audio_servers[0] != NULL)
    {
      g_autofree char *servers = g_strjoinv (" and ", facts->audio_servers);

      pit_plan_comment (out, "", "Note: %s runs in the host's session and may hold the GPU's HDMI "
                        "audio; it ends with the session when the display manager stops. If it "
                        "keeps running (a lingering user: loginctl enable-linger), the hook waits "
                        "%d seconds and refuses to start the VM.", servers, WAIT_LIMIT_SECONDS);
    }
  if (!facts->iommu_enabled)
    pit_plan_comment (out, "", "Note: the IOMMU is off, so the VM cannot have the GPU yet: "
                      "pitstop-cli host-plan --gpu gives the kernel parameters. On a single-GPU "
                      "host keep only intel_iommu=on or amd_iommu=on and iommu=pt from it: "
                      "vfio-pci.ids and the blacklist would take the GPU from the host at boot.");
  pit_plan_comment (out, "", "The VM needs the GPU and its companions as PCI host devices, as for any "
                    "passthrough; managed='yes' (libvirt's default) and managed='no' both work.");
  if (pit_plan_file_exists (self, "etc/libvirt/hooks/qemu.d"))
    {
      g_autofree char *mine = g_build_filename ("etc/libvirt/hooks/qemu.d",
                                                self->request->single_gpu_vm, NULL);

      if (pit_plan_file_exists (self, mine))
        pit_plan_comment (out, "", "Note: /%s exists (VFIO-Tools' layout, qemu.d/<vm>/<op>/<subop>/): "
                          "if scripts there free the GPU too, remove them; this hook does not "
                          "touch them.", mine);
    }
}

/**
 * pit_plan_render_single_gpu:
 * The VM's hook as a script (libvirt-hook, auto: with the warning and the
 * advice first) or as a NixOS module (nixos).
 */
gboolean
pit_plan_render_single_gpu (PitHostPlan        *self,
                            PitHostPlanTarget   target,
                            GString            *out,
                            GError            **error)
{
  g_autofree char *name = hook_name (self);
  g_autofree char *path = g_strconcat ("/etc/libvirt/hooks/qemu.d/", name, NULL);
  g_autoptr(GString) body = g_string_new (NULL);

  script (self, body);
  if (target == PIT_HOST_PLAN_TARGET_AUTO && pit_plan_facts_is_nixos (self->facts))
    target = PIT_HOST_PLAN_TARGET_NIXOS;
  switch (target)
    {
    case PIT_HOST_PLAN_TARGET_LIBVIRT_HOOK:
      pit_plan_line (out, "#!/bin/sh");
      warning (self, out);
      pit_plan_comment (out, "", "Save as %s, make it executable (chmod 0755) and restart "
                        "libvirtd, which looks for hooks when it starts (libvirt 6.5 or later).", path);
      notes (self, out);
      g_string_append (out, body->str);
      return TRUE;
    case PIT_HOST_PLAN_TARGET_AUTO:
      warning (self, out);
      notes (self, out);
      pit_plan_section (out, path);
      pit_plan_line (out, "#!/bin/sh");
      pit_plan_comment (out, "", "Make it executable (chmod 0755) and restart libvirtd, which looks "
                        "for hooks when it starts (libvirt 6.5 or later).");
      g_string_append (out, body->str);
      return TRUE;
    case PIT_HOST_PLAN_TARGET_NIXOS:
      {
        g_auto(GStrv) lines = NULL;
        g_autofree char *attr = NULL;

        /* '' strings: two single quotes and "${" are escaped with '' */
        {
          g_auto(GStrv) a = g_strsplit (body->str, "''", -1);
          g_autofree char *b = g_strjoinv ("'''", a);
          g_auto(GStrv) c = g_strsplit (b, "${", -1);
          g_autofree char *d = g_strjoinv ("''${", c);

          lines = g_strsplit (d, "\n", -1);
        }
        warning (self, out);
        notes (self, out);
        pit_plan_comment (out, "", "Save this as /etc/nixos/pitstop-%s.nix, add it to the imports "
                          "of /etc/nixos/configuration.nix and run sudo nixos-rebuild switch: NixOS "
                          "installs the hook in /var/lib/libvirt/hooks/qemu.d/ and restarts libvirtd.",
                          self->request->single_gpu_vm);
        pit_plan_line (out, "{ lib, pkgs, ... }:");
        g_string_append_c (out, '\n');
        pit_plan_line (out, "{");
        {
          /* a Nix string: ", \\ and ${ escaped */
          g_autoptr(GString) quoted = g_string_new ("\"");

          for (const char *p = name; *p != '\0'; p++)
            {
              if (*p == '"' || *p == '\\' || (*p == '$' && p[1] == '{'))
                g_string_append_c (quoted, '\\');
              g_string_append_c (quoted, *p);
            }
          g_string_append_c (quoted, '"');
          attr = g_string_free (g_steal_pointer (&quoted), FALSE);
        }
        pit_plan_comment (out, "  ", "The single-GPU hook of %s, run by libvirt for every VM (it "
                          "acts for this one only).", self->request->single_gpu_vm);
        pit_plan_line (out, "  virtualisation.libvirtd.hooks.qemu.%s =", attr);
        {
          g_autofree char *store = g_strdup (name);

          /* a store path name: letters, digits and +-._?= only */
          for (char *p = store; *p != '\0'; p++)
            if (!g_ascii_isalnum (*p) && strchr ("+-._?=", *p) == NULL)
              *p = '-';
          pit_plan_line (out, "    pkgs.writeShellScript \"%s\" ''", store);
        }
        pit_plan_line (out, "      # The commands the hook calls, after any on libvirtd's own PATH.");
        pit_plan_line (out, "      PATH=\"$PATH:${lib.makeBinPath [ pkgs.systemd pkgs.kmod pkgs.psmisc "
                       "pkgs.util-linux pkgs.coreutils pkgs.gnugrep pkgs.gnused ]}\"");
        for (guint i = 0; lines[i] != NULL; i++)
          if (*lines[i] != '\0')
            pit_plan_line (out, "      %s", lines[i]);
        pit_plan_line (out, "    '';");
        g_string_append_c (out, '\n');
        pit_plan_comment (out, "  ", "Run libvirt (libvirtd with QEMU/KVM) for the VMs.");
        pit_plan_line (out, "  virtualisation.libvirtd.enable = true;");
        pit_plan_line (out, "}");
        return TRUE;
      }
    case PIT_HOST_PLAN_TARGET_GRUB:
    case PIT_HOST_PLAN_TARGET_SYSTEMD_BOOT:
    case PIT_HOST_PLAN_TARGET_MODPROBE:
    case PIT_HOST_PLAN_TARGET_INITRAMFS:
    case PIT_HOST_PLAN_TARGET_NETWORKMANAGER:
    case PIT_HOST_PLAN_TARGET_NETWORKD:
    default:
      g_set_error_literal (error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT,
                           _("The single-GPU plan is a libvirt hook: choose --target libvirt-hook, "
                             "nixos or auto"));
      return FALSE;
    }
}
