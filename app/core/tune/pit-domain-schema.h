/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <libxml/tree.h>

G_BEGIN_DECLS

/* libvirt's domain schema (domain.rng), loaded once with libxml2's RelaxNG
 * validator: the check `virt-xml-validate FILE domain` makes, without a
 * process per file.  The schema is looked up in $PITSTOP_LIBVIRT_SCHEMAS,
 * /usr/share/libvirt/schemas and /app/share/libvirt/schemas. */

gboolean pit_domain_schema_available (void);
gboolean pit_domain_schema_validate  (xmlDoc     *doc,
                                      GError    **error);

G_END_DECLS
