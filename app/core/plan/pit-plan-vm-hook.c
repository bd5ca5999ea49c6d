/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-plan"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "pit-error.h"
#include "pit-host-plan-private.h"

/* A VM's libvirt qemu hook, made of parts: single-GPU passthrough
 * (pit-plan-single-gpu.c) and CPU isolation while the VM runs
 * (pit-plan-isolation.c).  One file per VM, so one record and one rollback
 * cover both: separate files in qemu.d would not do, libvirt runs them in
 * alphabetical order for every operation and does not undo one when the
 * next fails.
 *
 * The hook is a small step engine: prepare writes each step into a record
 * before doing it; a failure undoes every recorded step, last first, so
 * libvirt does not start the VM and the host is as it was; release undoes
 * the record the same way.  Steps are "kinds", each with its way back in
 * undo_step; each part adds its kinds to do_step/undo_step and its steps to
 * prepare_steps, the GPU's first (so on release the screen comes back
 * last).
 *
 * Every path in the script is "$root/…" (root=$PITSTOP_HOOK_ROOT, empty on
 * the host) and every command is called by name from PATH, so the tests
 * run it on a copy of a recorded tree with stub commands.  No "${" and no
 * two single quotes in a row: the NixOS target embeds the script in a ''
 * string. */

/* 'text' for sh */
char *
_pit_plan_sh_quote (const char *text)
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

static gboolean
has_gpu (PitHostPlan *self)
{
  return self->request->single_gpu_vm != NULL;
}

/**
 * _pit_plan_hook_vm:
 * The VM the hook is for
 */
const char *
_pit_plan_hook_vm (PitHostPlan *self)
{
  return self->request->single_gpu_vm != NULL ? self->request->single_gpu_vm : self->request->isolate_vm;
}

static char *
hook_name (PitHostPlan *self)
{
  return g_strconcat ("pitstop-", _pit_plan_hook_vm (self), NULL);
}

/* What the user reads first, in the plan and as the script's first lines */
static void
warning (PitHostPlan *self,
         GString     *out)
{
  if (has_gpu (self))
    _pit_plan_single_gpu_warning (self, out);
}

static void
notes (PitHostPlan *self,
       GString     *out)
{
  if (has_gpu (self))
    _pit_plan_single_gpu_notes (self, out);
  if (self->request->isolate_vm != NULL)
    _pit_plan_isolation_notes (self, out);
}

/* The engine: the parts' steps go into prepare_steps; do_step and
 * undo_step know their kinds */
static void
engine (PitHostPlan *self,
        GString     *out)
{
  g_autofree char *vm = _pit_plan_sh_quote (_pit_plan_hook_vm (self));

  _pit_plan_comment (out, "", "libvirt runs this as root with $1 the VM's name, $2 the operation "
                     "and $3 its sub-operation (the VM's XML on standard input is not used). It "
                     "never calls libvirt back: a hook that does can hang libvirt.");
  _pit_plan_comment (out, "", "The VM this hook is for.");
  _pit_plan_line (out, "vm=%s", vm);
  _pit_plan_comment (out, "", "Any other VM: nothing to do.");
  _pit_plan_line (out, "[ \"$1\" = \"$vm\" ] || exit 0");
  _pit_plan_comment (out, "", "No file name patterns anywhere: words are only words.");
  _pit_plan_line (out, "set -f");
  _pit_plan_comment (out, "", "Only \"prepare begin\" (before the VM starts) and \"release end\" "
                     "(after it has stopped); nothing to do for the other operations.");
  _pit_plan_line (out, "case \"$2 $3\" in");
  _pit_plan_line (out, "  \"prepare begin\"|\"release end\") ;;");
  _pit_plan_line (out, "  *) exit 0 ;;");
  _pit_plan_line (out, "esac");
  _pit_plan_comment (out, "", "Every path below starts with $PITSTOP_HOOK_ROOT: empty on the host, "
                     "a test folder standing in for / in Pitstop's tests.");
  _pit_plan_line (out, "root=$PITSTOP_HOOK_ROOT");
  _pit_plan_comment (out, "", "The steps done so far, one a line (written before each step): what "
                     "a failed start and \"release\" undo.");
  _pit_plan_line (out, "state=\"$root/run/%s\"", has_gpu (self) ? "pitstop-single-gpu" : "pitstop");
  _pit_plan_line (out, "record=\"$state/$vm\"");
  g_string_append_c (out, '\n');

  _pit_plan_comment (out, "", "A line in the journal (journalctl -t pitstop); fails when logging fails.");
  _pit_plan_line (out, "log() {");
  _pit_plan_line (out, "  logger -t pitstop \"$vm: $*\"");
  _pit_plan_line (out, "}");
  _pit_plan_comment (out, "", "The same where a failure to log must not stop anything: on standard "
                     "error instead (libvirt keeps it in its log).");
  _pit_plan_line (out, "say() {");
  _pit_plan_line (out, "  log \"$@\" || echo \"pitstop: $vm: $*\" >&2");
  _pit_plan_line (out, "}");
  g_string_append_c (out, '\n');
}

/* do_step and undo_step, with the arms of every part */
static void
kinds (PitHostPlan            *self,
       const PitPlanHookPart **parts,
       GString                *out)
{
  _pit_plan_comment (out, "", "One step forward: $1 is its kind, the rest its arguments.");
  _pit_plan_line (out, "do_step() {");
  _pit_plan_line (out, "  case \"$1\" in");
  for (guint i = 0; parts[i] != NULL; i++)
    parts[i]->do_kinds (self, out);
  _pit_plan_comment (out, "    ", "a kind this hook does not know: fail, so nothing runs half-done");
  _pit_plan_line (out, "    *) return 1 ;;");
  _pit_plan_line (out, "  esac");
  _pit_plan_line (out, "}");
  _pit_plan_comment (out, "", "The way back of each kind.");
  _pit_plan_line (out, "undo_step() {");
  _pit_plan_line (out, "  case \"$1\" in");
  for (guint i = 0; parts[i] != NULL; i++)
    parts[i]->undo_kinds (self, out);
  _pit_plan_line (out, "    *) return 1 ;;");
  _pit_plan_line (out, "  esac");
  _pit_plan_line (out, "}");
  g_string_append_c (out, '\n');
}

/* The hook without its "#!" line and without the warning */
static void
script (PitHostPlan           *self,
        const PitPlanHookPart **parts,
        GString               *out)
{
  gboolean gpu = has_gpu (self);

  engine (self, out);
  for (guint i = 0; parts[i] != NULL; i++)
    parts[i]->helpers (self, out);
  kinds (self, parts, out);

  _pit_plan_comment (out, "", "Does one step after writing it down. When it fails, what it may "
                     "have done half-way is undone at once and it is struck off.");
  _pit_plan_line (out, "step() {");
  _pit_plan_line (out, "  log \"prepare: $*\" || return 1");
  _pit_plan_line (out, "  echo \"$*\" >> \"$record\" || return 1");
  _pit_plan_line (out, "  do_step \"$@\" && return 0");
  _pit_plan_line (out, "  say \"failed: $*\"");
  _pit_plan_line (out, "  undo_step \"$@\"");
  _pit_plan_line (out, "  sed '$d' \"$record\" > \"$record.new\" && mv \"$record.new\" \"$record\"");
  _pit_plan_line (out, "  return 1");
  _pit_plan_line (out, "}");
  g_string_append_c (out, '\n');

  _pit_plan_comment (out, "", "Undoes the recorded steps, last first. A step whose undo fails stays "
                     "recorded, so the next \"release\" tries it again.");
  _pit_plan_line (out, "undo_all() {");
  _pit_plan_line (out, "  if [ ! -f \"$record\" ]; then");
  _pit_plan_line (out, "    rmdir \"$state\" 2>/dev/null");
  _pit_plan_line (out, "    return 0");
  _pit_plan_line (out, "  fi");
  _pit_plan_comment (out, "  ", "the steps whose undo failed, in their order");
  _pit_plan_line (out, "  left=");
  _pit_plan_comment (out, "  ", "each recorded step, from the heredoc below");
  _pit_plan_line (out, "  while read -r line; do");
  _pit_plan_line (out, "    [ -n \"$line\" ] || continue");
  _pit_plan_line (out, "    say \"undo: $line\"");
  _pit_plan_comment (out, "    ", "its words are the kind and the arguments, as step wrote them");
  _pit_plan_line (out, "    # shellcheck disable=SC2086");
  _pit_plan_line (out, "    if ! undo_step $line; then");
  _pit_plan_line (out, "      say \"failed: undo: $line\"");
  _pit_plan_line (out, "      left=\"$line");
  _pit_plan_line (out, "$left\"");
  _pit_plan_line (out, "    fi");
  _pit_plan_line (out, "  done <<EOF");
  _pit_plan_line (out, "$(sed '1!G;h;$!d' \"$record\")");
  _pit_plan_line (out, "EOF");
  _pit_plan_comment (out, "  ", "keep what could not be undone for the next release");
  _pit_plan_line (out, "  if [ -n \"$left\" ]; then");
  _pit_plan_line (out, "    printf '%%s' \"$left\" > \"$record\"");
  _pit_plan_line (out, "    return 1");
  _pit_plan_line (out, "  fi");
  _pit_plan_comment (out, "  ", "all undone: forget the record (and its folder, unless another VM has one)");
  _pit_plan_line (out, "  rm -f \"$record\"");
  _pit_plan_line (out, "  rmdir \"$state\" 2>/dev/null");
  _pit_plan_line (out, "  return 0");
  _pit_plan_line (out, "}");
  g_string_append_c (out, '\n');

  _pit_plan_comment (out, "", "The steps of \"prepare begin\", in order. Each part of this hook adds "
                     "its own: the GPU's first, CPU isolation's after them.");
  _pit_plan_line (out, "prepare_steps() {");
  for (guint i = 0; parts[i] != NULL; i++)
    parts[i]->steps (self, out);
  _pit_plan_line (out, "}");
  g_string_append_c (out, '\n');

  _pit_plan_line (out, "case \"$2\" in");
  _pit_plan_line (out, "  prepare)");
  _pit_plan_comment (out, "    ", "Prepared already (a second \"prepare\"): nothing more to do.");
  _pit_plan_line (out, "    if [ -f \"$record\" ]; then");
  _pit_plan_line (out, "      say \"prepare: done already\"");
  _pit_plan_line (out, "      exit 0");
  _pit_plan_line (out, "    fi");
  _pit_plan_line (out, "    mkdir -p \"$state\" || exit 1");
  _pit_plan_line (out, "    if prepare_steps; then");
  _pit_plan_line (out, "      say \"prepare: done, %s\"", gpu ? "the GPU is the VM's" : "the host keeps off the VM's CPUs");
  _pit_plan_line (out, "      exit 0");
  _pit_plan_line (out, "    fi");
  _pit_plan_comment (out, "    ", "A step failed: undo every step done, so the host is as it was "
                     "(and keeps its screen), and keep libvirt from starting the VM.");
  _pit_plan_line (out, "    say \"prepare failed: %s\"", gpu ? "giving the GPU back to the host" : "giving the host its CPUs back");
  _pit_plan_line (out, "    undo_all");
  _pit_plan_line (out, "    echo \"pitstop: $vm: %s (journalctl -t pitstop)\" >&2",
                  gpu ? "could not free the GPU; the host keeps it" : "could not keep the host off the VM's CPUs; nothing is changed");
  _pit_plan_line (out, "    exit 1");
  _pit_plan_line (out, "    ;;");
  _pit_plan_line (out, "  release)");
  _pit_plan_comment (out, "    ", "Undo what prepare did, last step first: the screen comes back "
                     "last. Nothing recorded (a second \"release\", or no \"prepare\"): nothing to do.");
  _pit_plan_line (out, "    if undo_all; then");
  _pit_plan_line (out, "      say \"release: done, %s\"", gpu ? "the GPU is the host's" : "the host has all its CPUs again");
  _pit_plan_line (out, "      exit 0");
  _pit_plan_line (out, "    fi");
  _pit_plan_line (out, "    echo \"pitstop: $vm: some steps could not be undone; run this hook again with: $vm release end\" >&2");
  _pit_plan_line (out, "    exit 1");
  _pit_plan_line (out, "    ;;");
  _pit_plan_line (out, "esac");
}

/**
 * _pit_plan_render_vm_hook:
 * The VM's hook as a script (libvirt-hook, auto: with the warning and the
 * advice first) or as a NixOS module (nixos).
 */
gboolean
_pit_plan_render_vm_hook (PitHostPlan        *self,
                          PitHostPlanTarget   target,
                          GString            *out,
                          GError            **error)
{
  const PitPlanHookPart *parts[3] = { NULL };
  guint n = 0;
  const char *vm = _pit_plan_hook_vm (self);

  g_autofree char *name = hook_name (self);
  g_autofree char *path = g_strconcat ("/etc/libvirt/hooks/qemu.d/", name, NULL);
  g_autoptr(GString) body = g_string_new (NULL);

  if (has_gpu (self))
    parts[n++] = &pit_plan_single_gpu_part;
  if (self->request->isolate_vm != NULL)
    parts[n++] = &pit_plan_isolation_part;
  script (self, parts, body);
  if (target == PIT_HOST_PLAN_TARGET_AUTO && pit_plan_facts_is_nixos (self->facts))
    target = PIT_HOST_PLAN_TARGET_NIXOS;
  switch (target)
    {
    case PIT_HOST_PLAN_TARGET_LIBVIRT_HOOK:
      _pit_plan_line (out, "#!/bin/sh");
      warning (self, out);
      _pit_plan_comment (out, "", "Save as %s, make it executable (chmod 0755) and restart "
                         "libvirtd, which looks for hooks when it starts (libvirt 6.5 or later).", path);
      notes (self, out);
      g_string_append (out, body->str);
      return TRUE;
    case PIT_HOST_PLAN_TARGET_AUTO:
      warning (self, out);
      notes (self, out);
      _pit_plan_section (out, path);
      _pit_plan_line (out, "#!/bin/sh");
      _pit_plan_comment (out, "", "Make it executable (chmod 0755) and restart libvirtd, which looks "
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
        _pit_plan_comment (out, "", "Save this as /etc/nixos/pitstop-%s.nix, add it to the imports "
                           "of /etc/nixos/configuration.nix and run sudo nixos-rebuild switch: NixOS "
                           "installs the hook in /var/lib/libvirt/hooks/qemu.d/ and restarts libvirtd.",
                           vm);
        _pit_plan_line (out, "{ lib, pkgs, ... }:");
        g_string_append_c (out, '\n');
        _pit_plan_line (out, "{");
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
        _pit_plan_comment (out, "  ", "The hook of %s, run by libvirt for every VM (it "
                           "acts for this one only).", vm);
        _pit_plan_line (out, "  virtualisation.libvirtd.hooks.qemu.%s =", attr);
        {
          g_autofree char *store = g_strdup (name);

          /* a store path name: letters, digits and +-._?= only */
          for (char *p = store; *p != '\0'; p++)
            if (!g_ascii_isalnum (*p) && strchr ("+-._?=", *p) == NULL)
              *p = '-';
          _pit_plan_line (out, "    pkgs.writeShellScript \"%s\" ''", store);
        }
        _pit_plan_line (out, "      # The commands the hook calls, after any on libvirtd's own PATH.");
        _pit_plan_line (out, "      PATH=\"$PATH:${lib.makeBinPath [ pkgs.systemd pkgs.kmod pkgs.psmisc "
                        "pkgs.util-linux pkgs.coreutils pkgs.gnugrep pkgs.gnused ]}\"");
        for (guint i = 0; lines[i] != NULL; i++)
          if (*lines[i] != '\0')
            _pit_plan_line (out, "      %s", lines[i]);
        _pit_plan_line (out, "    '';");
        g_string_append_c (out, '\n');
        _pit_plan_comment (out, "  ", "Run libvirt (libvirtd with QEMU/KVM) for the VMs.");
        _pit_plan_line (out, "  virtualisation.libvirtd.enable = true;");
        _pit_plan_line (out, "}");
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
                           has_gpu (self) ? _("The single-GPU plan is a libvirt hook: choose --target libvirt-hook, "
                                             "nixos or auto")
                                         : _("CPU isolation while a VM runs is a libvirt hook: choose "
                                             "--target libvirt-hook, nixos or auto"));
      return FALSE;
    }
}
