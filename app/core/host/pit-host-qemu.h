/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What the host's QEMU binaries can do, as far as libvirt wrote it down.
 * libvirt 9.0's domain capabilities (virConnectGetDomainCapabilities) say
 * nothing of a disk's I/O modes (only diskDevice, bus and model); the
 * daemon's capability cache does: ROOT/var/cache/libvirt/qemu/capabilities/
 * <sha256 of the binary's path>.xml, written when it probes the binary,
 * holds <flag name='aio.io_uring'/> when QEMU was built with io_uring. */
gboolean pit_host_qemu_has_io_uring (const char *root,
                                     const char *emulator);

G_END_DECLS
