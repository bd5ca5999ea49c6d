/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <libvirt/libvirt.h>

G_BEGIN_DECLS

void pit_libvirt_release_domain     (virDomainPtr  domain);
void pit_libvirt_release_connection (virConnectPtr connection);

G_END_DECLS
