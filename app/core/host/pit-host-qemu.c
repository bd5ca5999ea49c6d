/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-host"

#include "config.h"

#include "pit-host-qemu.h"
#include "pit-xml.h"

/**
 * pit_host_qemu_has_io_uring:
 * @root: the host's root prefix ("/" on the host itself)
 * @emulator: (nullable): the QEMU binary, as the domain's <emulator> names it
 * Returns: whether disks of a guest run by @emulator can use io='io_uring':
 *   libvirt's capability cache of that binary has the aio.io_uring flag
 *   (the binary and the cache entry are the same: libvirt names the file
 *   after the binary's path and rewrites it when the binary changes), and
 *   the kernel does not turn io_uring off (ROOT/proc/sys/kernel/
 *   io_uring_disabled, Linux 6.6+: 1 allows only a group QEMU is not in, 2
 *   nobody).  %FALSE whenever either is unknown: io='native' always works.
 */
gboolean
pit_host_qemu_has_io_uring (const char *root,
                            const char *emulator)
{
  g_autofree char *hash = NULL;
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  g_autofree char *disabled_path = NULL;
  g_autofree char *disabled = NULL;
  g_autofree char *text = NULL;
  g_autofree char *cached = NULL;
  g_autoptr(xmlDoc) doc = NULL;
  g_autoptr(GPtrArray) flags = NULL;

  if (root == NULL || emulator == NULL || emulator[0] != '/')
    return FALSE;
  disabled_path = g_build_filename (root, "proc/sys/kernel/io_uring_disabled", NULL);
  if (g_file_get_contents (disabled_path, &disabled, NULL, NULL) && g_strcmp0 (g_strstrip (disabled), "0") != 0)
    return FALSE;

  hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, emulator, -1);
  name = g_strconcat (hash, ".xml", NULL);
  path = g_build_filename (root, "var/cache/libvirt/qemu/capabilities", name, NULL);
  if (!g_file_get_contents (path, &text, NULL, NULL) || (doc = pit_xml_parse (text, NULL)) == NULL)
    return FALSE;
  cached = pit_xml_get_string (xmlDocGetRootElement (doc), "emulator");
  if (g_strcmp0 (cached, emulator) != 0)
    return FALSE;
  flags = pit_xml_find_nodes (xmlDocGetRootElement (doc), "flag[@name='aio.io_uring']");
  return flags->len > 0;
}
