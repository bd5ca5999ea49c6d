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
 * pit_plan_hook_script:
 * The script without its "#!" line, every line commented.  No "${" in it:
 * the NixOS target embeds it in a '' string.
 */
void
pit_plan_hook_script (PitHostPlan *self,
                      GString     *out)
{
  g_autofree char *size = pit_plan_page_size (self);

  pit_plan_comment (out, "", "libvirt runs this as root: $1 is the VM's name, $2 the operation; "
                    "the VM's XML comes on standard input.");
  pit_plan_comment (out, "", "How many pages of %s a VM that uses hugepages needs.", size);
  pit_plan_line (out, "pages=%" G_GUINT64_FORMAT, self->request->hugepage_count);
  pit_plan_comment (out, "", "The kernel's pool of %s pages.", size);
  pit_plan_line (out, "pool=/sys/kernel/mm/hugepages/hugepages-%" G_GUINT64_FORMAT "kB/nr_hugepages",
                 self->request->hugepage_size_kib);
  pit_plan_comment (out, "", "Remembers which VMs got pages, so a failed start frees nothing.");
  pit_plan_line (out, "mark=\"/run/pitstop-hugepages/$1\"");
  pit_plan_comment (out, "", "Only VMs whose XML asks for hugepages (<memoryBacking><hugepages/>).");
  pit_plan_line (out, "grep -q '<hugepages' || exit 0");
  pit_plan_line (out, "case \"$2\" in");
  pit_plan_comment (out, "  ", "Before the VM starts:");
  pit_plan_line (out, "  prepare)");
  pit_plan_comment (out, "    ", "compact memory, so the kernel finds free contiguous blocks;");
  pit_plan_line (out, "    echo 1 > /proc/sys/vm/compact_memory");
  pit_plan_comment (out, "    ", "the pages reserved already (stop here if the pool cannot be read),");
  pit_plan_line (out, "    have=$(cat \"$pool\") || exit 1");
  pit_plan_comment (out, "    ", "the pool with this VM's pages on top,");
  pit_plan_line (out, "    want=$(( have + pages ))");
  pit_plan_comment (out, "    ", "ask the kernel for them.");
  pit_plan_line (out, "    echo \"$want\" > \"$pool\"");
  pit_plan_comment (out, "    ", "With fragmented memory the kernel gives fewer:");
  pit_plan_line (out, "    if [ \"$(cat \"$pool\")\" != \"$want\" ]; then");
  pit_plan_comment (out, "      ", "give back what it gave,");
  pit_plan_line (out, "      echo \"$have\" > \"$pool\"");
  pit_plan_comment (out, "      ", "say why (libvirt shows this message)");
  pit_plan_line (out, "      echo \"pitstop-hugepages: could not reserve $pages pages of %s\" >&2", size);
  pit_plan_comment (out, "      ", "and keep the VM from starting.");
  pit_plan_line (out, "      exit 1");
  pit_plan_line (out, "    fi");
  pit_plan_comment (out, "    ", "Remember that this VM holds pages.");
  pit_plan_line (out, "    mkdir -p /run/pitstop-hugepages && touch \"$mark\"");
  pit_plan_line (out, "    ;;");
  pit_plan_comment (out, "  ", "After the VM has stopped:");
  pit_plan_line (out, "  release)");
  pit_plan_comment (out, "    ", "if it got pages,");
  pit_plan_line (out, "    if [ -e \"$mark\" ]; then");
  pit_plan_comment (out, "      ", "the pages reserved now,");
  pit_plan_line (out, "      have=$(cat \"$pool\") || exit 1");
  pit_plan_comment (out, "      ", "give this VM's back to the host");
  pit_plan_line (out, "      echo $(( have - pages )) > \"$pool\"");
  pit_plan_comment (out, "      ", "and forget it.");
  pit_plan_line (out, "      rm -f \"$mark\"");
  pit_plan_line (out, "    fi");
  pit_plan_line (out, "    ;;");
  pit_plan_line (out, "esac");
}

gboolean
pit_plan_render_libvirt_hook (PitHostPlan  *self,
                              GString      *out,
                              GError      **error)
{
  if (self->request->hugepage_count == 0)
    {
      g_set_error_literal (error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT,
                           _("The libvirt hook reserves hugepages: choose them with --hugepages SIZE:COUNT"));
      return FALSE;
    }

  pit_plan_section (out, HOOK_PATH);
  pit_plan_line (out, "#!/bin/sh");
  pit_plan_comment (out, "", "Save as " HOOK_PATH ", make it executable (chmod 0755) and restart "
                    "libvirtd, which looks for hooks when it starts (libvirt 6.5 or later).");
  if (pit_plan_facts_is_nixos (self->facts))
    pit_plan_comment (out, "", "--target nixos --hugepages-on-demand installs this hook through "
                      "virtualisation.libvirtd.hooks.qemu.");
  if (self->request->hugepage_size_kib >= 1024 * 1024)
    pit_plan_comment (out, "", "Pages this large are hard to find once memory is fragmented: the "
                      "hook may fail some time after boot, where a boot reservation would not.");
  pit_plan_hook_script (self, out);
  return TRUE;
}
