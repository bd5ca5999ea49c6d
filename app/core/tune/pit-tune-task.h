/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <libvirt/libvirt.h>

G_BEGIN_DECLS

/* The GTask plumbing the tuning engine's _async/_finish pairs share: run a
 * blocking function on a domain in a GTask thread and hand back its
 * pointer result.  The task holds a reference on @domain meanwhile. */

/* Returns: (transfer full) (nullable): the result, or %NULL with @error */
typedef gpointer (*PitTuneTaskFunc) (virDomainPtr   domain,
                                     gpointer       data,
                                     GError       **error);

void     pit_tune_task_run    (virDomainPtr         domain,
                               PitTuneTaskFunc      func,
                               gpointer             data,
                               GDestroyNotify       data_free,
                               GDestroyNotify       result_free,
                               gpointer             source_tag,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data);
gpointer pit_tune_task_finish (GAsyncResult        *result,
                               gpointer             source_tag,
                               GError             **error);

G_END_DECLS
