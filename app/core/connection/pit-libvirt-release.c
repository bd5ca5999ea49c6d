/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-libvirt"

#include "config.h"

#include <stdlib.h>

#include "pit-libvirt-guard.h"
#include "pit-libvirt-release.h"

/* Dropping a reference to a libvirt object without waiting for the daemon.
 * Every virDomainPtr (and a task's virConnectPtr) holds a reference to its
 * connection, and the last one to go closes it: through a daemon that is
 * a round trip (REMOTE_PROC_CONNECT_CLOSE), and a hung daemon answers only
 * when the keepalive gives up, 15-20 s later.  After a connection is closed
 * (in a thread of its own, _pit_connection_close_handle()) that last
 * reference is usually a PitDomain of the list the window drops, on the
 * main thread: there the reference goes to a worker instead.  Elsewhere
 * (worker threads, the command line) and for the in-process test driver,
 * which answers at once, it is dropped here. */

typedef struct
{
  virDomainPtr domain;
  virConnectPtr connection;
} Release;

static void
release_func (gpointer item,
              gpointer user_data)
{
  Release *release = item;

  if (release->domain != NULL)
    virDomainFree (release->domain);
  if (release->connection != NULL)
    virConnectClose (release->connection);
  g_free (release);
}

/* one worker, made when first needed, for the life of the process */
static GThreadPool *
release_pool (void)
{
  static GThreadPool *pool;

  if (g_once_init_enter (&pool))
    g_once_init_leave (&pool, g_thread_pool_new (release_func, NULL, 1, FALSE, NULL));
  return pool;
}

static gboolean
release_in_worker (virConnectPtr connection)
{
  char *uri;
  gboolean through_daemon;

  if (connection == NULL || !pit_libvirt_call_guard_is_main_thread ())
    return FALSE;
  /* virConnectGetURI() makes no round trip */
  uri = virConnectGetURI (connection);
  through_daemon = uri == NULL || !g_str_has_prefix (uri, "test:");
  free (uri);
  return through_daemon;
}

/**
 * pit_libvirt_release_domain:
 * virDomainFree(), in a worker when it may close a connection through a
 * daemon on the main thread.
 */
void
pit_libvirt_release_domain (virDomainPtr domain)
{
  Release *release;

  if (domain == NULL)
    return;
  if (!release_in_worker (virDomainGetConnect (domain)))
    {
      virDomainFree (domain);
      return;
    }
  release = g_new0 (Release, 1);
  release->domain = domain;
  g_thread_pool_push (release_pool (), release, NULL);
}

/**
 * pit_libvirt_release_connection:
 * virConnectClose(), in a worker when it may close a connection through a
 * daemon on the main thread.
 */
void
pit_libvirt_release_connection (virConnectPtr connection)
{
  Release *release;

  if (connection == NULL)
    return;
  if (!release_in_worker (connection))
    {
      virConnectClose (connection);
      return;
    }
  release = g_new0 (Release, 1);
  release->connection = connection;
  g_thread_pool_push (release_pool (), release, NULL);
}
