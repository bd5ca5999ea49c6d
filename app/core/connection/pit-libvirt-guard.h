/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <libvirt/libvirt.h>

G_BEGIN_DECLS

/* Blocking libvirt calls never run on the GUI's main thread: through a
 * daemon each one is a round trip (qemu+ssh:// at 50 ms, or a hung daemon
 * until the keepalive gives up).  Every function that makes one starts
 * with PIT_LIBVIRT_CALL_GUARD(); in development builds (the tests'), a call
 * on the thread that owns the default main context is a g_critical naming
 * the function.  See pit-libvirt-guard.c. */

#define PIT_LIBVIRT_CALL_GUARD(connection) \
  pit_libvirt_call_guard ((connection), NULL, FALSE, G_STRFUNC)

/* for a virDomainPtr: virDomainGetConnect() makes no round trip */
#define PIT_LIBVIRT_CALL_GUARD_DOMAIN(domain) \
  pit_libvirt_call_guard ((domain) != NULL ? virDomainGetConnect (domain) : NULL, NULL, FALSE, G_STRFUNC)

/* before virConnectOpen(): there is no connection yet, only its URI */
#define PIT_LIBVIRT_CALL_GUARD_URI(uri) \
  pit_libvirt_call_guard (NULL, (uri), FALSE, G_STRFUNC)

/* Only where the code runs on the main thread on purpose for libvirt's
 * in-process test driver (test:///…), which answers at once; every other
 * connection goes through a daemon and is reported as above. */
#define PIT_LIBVIRT_CALL_GUARD_UNLESS_TEST_DRIVER(connection) \
  pit_libvirt_call_guard ((connection), NULL, TRUE, G_STRFUNC)

gboolean pit_libvirt_call_guard_is_main_thread (void);
void     pit_libvirt_call_guard                (virConnectPtr  connection,
                                                const char    *uri,
                                                gboolean       test_driver_allowed,
                                                const char    *function);

G_END_DECLS
