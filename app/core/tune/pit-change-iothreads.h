/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pit-tune-step.h"

G_BEGIN_DECLS

/* I/O threads: the guest gets @count of them (<iothreads>), each virtio
 * disk runs on one (<driver iothread=…>, spread in turn; a disk that has a
 * valid one keeps it), block devices and raw images skip the host's page
 * cache (cache='none', and io='io_uring' where libvirt's capability cache
 * says the host's QEMU has it — pit_host_qemu_has_io_uring() — else
 * io='native'), and the threads run on the emulator's
 * CPUs when the emulator is pinned (<iothreadpin>). */
typedef struct
{
  guint count;             /* 1 to PIT_CHANGE_IOTHREADS_MAX */
} PitChangeIothreadsOptions;

#define PIT_CHANGE_IOTHREADS_MAX 64

PIT_DECLARE_TUNE_CHANGE (PitChangeIothreads, pit_change_iothreads)

G_END_DECLS
