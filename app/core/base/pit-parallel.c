/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop"

#include "config.h"

#include "pit-parallel.h"

/* Blocking calls that each wait for a round trip (a domain's XML, a node
 * device's XML over a remote libvirt connection) done by several threads at
 * once: libvirt's connections are thread-safe and its RPC carries
 * concurrent calls, so n calls cost about n / threads round trips instead
 * of n.  Threads of their own, not GTask's pool, which the monitor and the
 * advisor share. */

typedef struct
{
  guint n;
  int next; /* the next index to take (atomic) */
  PitParallelFunc func;
  gpointer user_data;
} Work;

static gpointer
worker (gpointer user_data)
{
  Work *work = user_data;
  int i;

  while ((i = g_atomic_int_add (&work->next, 1)) < (int) work->n)
    work->func ((guint) i, work->user_data);
  return NULL;
}

/**
 * pit_parallel_for:
 * Calls @func for every index 0 … @n - 1 with up to @max_threads threads
 * (the calling one among them) and returns when all are done.  Blocking:
 * call it from a worker thread.  Where a thread cannot be made, the
 * others (at least the calling one) do its share.
 */
void
pit_parallel_for (guint           n,
                  guint           max_threads,
                  PitParallelFunc func,
                  gpointer        user_data)
{
  Work work = { n, 0, func, user_data };
  g_autoptr(GPtrArray) threads = g_ptr_array_new ();
  guint n_threads = MIN (MAX (max_threads, 1), n);

  g_return_if_fail (func != NULL);

  for (guint i = 1; i < n_threads; i++)
    {
      GThread *thread = g_thread_try_new ("pit-parallel", worker, &work, NULL);

      if (thread != NULL)
        g_ptr_array_add (threads, thread);
    }
  worker (&work);
  for (guint i = 0; i < threads->len; i++)
    g_thread_join (g_ptr_array_index (threads, i));
}
