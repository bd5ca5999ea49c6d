/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-plan"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pit-error.h"
#include "pit-host-plan-private.h"

/* The hugepage lifecycle: a libvirt qemu hook that reserves the pages when a
 * VM that uses hugepages starts and frees them when it stops. */

#define HOOK_PATH "/etc/libvirt/hooks/qemu.d/pitstop-hugepages"

/**
 * _pit_plan_hook_script:
 * The script without its "#!" line, every line commented.  No "${" in it:
 * the NixOS target embeds it in a '' string.
 */
void
_pit_plan_hook_script (PitHostPlan *self,
                       GString     *out)
{
  g_autofree char *size = _pit_plan_page_size (self);

  _pit_plan_comment (out, "", "libvirt runs this as root: $1 is the VM's name, $2 the operation; "
                     "the VM's XML comes on standard input.");
  _pit_plan_comment (out, "", "How many pages of %s a VM that uses hugepages needs.", size);
  _pit_plan_line (out, "pages=%" G_GUINT64_FORMAT, self->request->hugepage_count);
  _pit_plan_comment (out, "", "The kernel's pool of %s pages.", size);
  _pit_plan_line (out, "pool=/sys/kernel/mm/hugepages/hugepages-%" G_GUINT64_FORMAT "kB/nr_hugepages",
                  self->request->hugepage_size_kib);
  _pit_plan_comment (out, "", "Remembers which VMs got pages, so a failed start frees nothing.");
  _pit_plan_line (out, "mark=\"/run/pitstop-hugepages/$1\"");
  _pit_plan_comment (out, "", "Only VMs whose XML asks for hugepages (<memoryBacking><hugepages/>).");
  _pit_plan_line (out, "grep -q '<hugepages' || exit 0");
  _pit_plan_line (out, "case \"$2\" in");
  _pit_plan_comment (out, "  ", "Before the VM starts:");
  _pit_plan_line (out, "  prepare)");
  _pit_plan_comment (out, "    ", "compact memory, so the kernel finds free contiguous blocks;");
  _pit_plan_line (out, "    echo 1 > /proc/sys/vm/compact_memory");
  _pit_plan_comment (out, "    ", "the pages reserved already (stop here if the pool cannot be read),");
  _pit_plan_line (out, "    have=$(cat \"$pool\") || exit 1");
  _pit_plan_comment (out, "    ", "the pool with this VM's pages on top,");
  _pit_plan_line (out, "    want=$(( have + pages ))");
  _pit_plan_comment (out, "    ", "ask the kernel for them.");
  _pit_plan_line (out, "    echo \"$want\" > \"$pool\"");
  _pit_plan_comment (out, "    ", "With fragmented memory the kernel gives fewer:");
  _pit_plan_line (out, "    if [ \"$(cat \"$pool\")\" != \"$want\" ]; then");
  _pit_plan_comment (out, "      ", "give back what it gave,");
  _pit_plan_line (out, "      echo \"$have\" > \"$pool\"");
  _pit_plan_comment (out, "      ", "say why (libvirt shows this message)");
  _pit_plan_line (out, "      echo \"pitstop-hugepages: could not reserve $pages pages of %s\" >&2", size);
  _pit_plan_comment (out, "      ", "and keep the VM from starting.");
  _pit_plan_line (out, "      exit 1");
  _pit_plan_line (out, "    fi");
  _pit_plan_comment (out, "    ", "Remember that this VM holds pages.");
  _pit_plan_line (out, "    mkdir -p /run/pitstop-hugepages && touch \"$mark\"");
  _pit_plan_line (out, "    ;;");
  _pit_plan_comment (out, "  ", "After the VM has stopped:");
  _pit_plan_line (out, "  release)");
  _pit_plan_comment (out, "    ", "if it got pages,");
  _pit_plan_line (out, "    if [ -e \"$mark\" ]; then");
  _pit_plan_comment (out, "      ", "the pages reserved now,");
  _pit_plan_line (out, "      have=$(cat \"$pool\") || exit 1");
  _pit_plan_comment (out, "      ", "give this VM's back to the host");
  _pit_plan_line (out, "      echo $(( have - pages )) > \"$pool\"");
  _pit_plan_comment (out, "      ", "and forget it.");
  _pit_plan_line (out, "      rm -f \"$mark\"");
  _pit_plan_line (out, "    fi");
  _pit_plan_line (out, "    ;;");
  _pit_plan_line (out, "esac");
}

gboolean
_pit_plan_render_libvirt_hook (PitHostPlan  *self,
                               GString      *out,
                               GError      **error)
{
  if (self->request->hugepage_count == 0)
    {
      g_set_error_literal (error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT,
                           _("The libvirt hook reserves hugepages: choose them with --hugepages SIZE:COUNT"));
      return FALSE;
    }

  _pit_plan_section (out, HOOK_PATH);
  _pit_plan_line (out, "#!/bin/sh");
  _pit_plan_comment (out, "", "Save as " HOOK_PATH ", make it executable (chmod 0755) and restart "
                     "libvirtd, which looks for hooks when it starts (libvirt 6.5 or later).");
  if (pit_plan_facts_is_nixos (self->facts))
    _pit_plan_comment (out, "", "--target nixos --hugepages-on-demand installs this hook through "
                       "virtualisation.libvirtd.hooks.qemu.");
  if (self->request->hugepage_size_kib >= 1024 * 1024)
    _pit_plan_comment (out, "", "Pages this large are hard to find once memory is fragmented: the "
                       "hook may fail some time after boot, where a boot reservation would not.");
  _pit_plan_hook_script (self, out);
  return TRUE;
}
