/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * PitParallelFunc:
 * @index: the item to do, 0 … n - 1; each index is done once, by one thread
 */
typedef void (*PitParallelFunc) (guint    index,
                                 gpointer user_data);

void pit_parallel_for (guint           n,
                       guint           max_threads,
                       PitParallelFunc func,
                       gpointer        user_data);

G_END_DECLS
