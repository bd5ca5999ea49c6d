/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The one module that touches libxml2 directly.  Everything libvirt-gconfig
 * has no API for (see NOTES-libvirt.md) is read or edited here, always on the
 * live node of a libvirt-gconfig object so unknown XML is kept. */

#include <glib.h>
#include <libxml/tree.h>

G_BEGIN_DECLS

xmlDoc    *pit_xml_parse        (const char  *xml,
                                 GError     **error);
char      *pit_xml_get_string   (xmlNode     *context,
                                 const char  *xpath);
gboolean   pit_xml_get_uint64   (xmlNode     *context,
                                 const char  *xpath,
                                 guint64     *value);
GPtrArray *pit_xml_find_nodes   (xmlNode     *context,
                                 const char  *xpath);
char      *pit_xml_node_to_string (xmlNode   *node);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlDoc, xmlFreeDoc)

G_END_DECLS
