/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The one module that touches libxml2 directly.  Everything libvirt-gconfig
 * has no API for (see app/core/tune/README.md) is read or edited here, always on the
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
void       pit_xml_set_context_reuse (gboolean  reuse);

/* Edits, for the tuning engine (app/core/tune).  @object is any
 * GVirConfigObject: these work on its live "node", so the object's own
 * document is edited and XML nobody asked about is kept. */
xmlNode   *pit_xml_object_node    (gpointer     object);
xmlNode   *pit_xml_child          (xmlNode     *parent,
                                   const char  *name);
GPtrArray *pit_xml_children       (xmlNode     *parent,
                                   const char  *name);
xmlNode   *pit_xml_ensure_child   (xmlNode     *parent,
                                   const char  *name,
                                   const char  *const *after);
xmlNode   *pit_xml_insert_child   (xmlNode     *parent,
                                   const char  *name,
                                   const char  *const *after);
char      *pit_xml_get_prop       (xmlNode     *node,
                                   const char  *name);
void       pit_xml_set_prop       (xmlNode     *node,
                                   const char  *name,
                                   const char  *value);
void       pit_xml_unset_prop     (xmlNode     *node,
                                   const char  *name);
void       pit_xml_move_prop_first (xmlNode    *node,
                                   const char  *name);
void       pit_xml_set_text       (xmlNode     *node,
                                   const char  *text);
void       pit_xml_remove         (xmlNode     *node);
gboolean   pit_xml_has_element_children (xmlNode *node);
void       pit_xml_reindent       (xmlNode     *root);
char      *pit_xml_node_to_document (xmlNode   *node);
xmlNode   *pit_xml_replace        (xmlNode     *node,
                                   xmlNode     *replacement);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlDoc, xmlFreeDoc)

G_END_DECLS
