/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-xml"

#include "config.h"

#include <glib-object.h>
#include <glib/gi18n-lib.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xmlsave.h>

#include "pit-error.h"
#include "pit-xml.h"

/**
 * pit_xml_parse:
 * Parses @xml without touching the network or expanding entities.  On failure
 * the error says which line is wrong, in words.
 */
xmlDoc *
pit_xml_parse (const char  *xml,
               GError     **error)
{
  xmlParserCtxt *ctxt;
  xmlDoc *doc;

  g_return_val_if_fail (xml != NULL, NULL);

  ctxt = xmlNewParserCtxt ();
  if (ctxt == NULL)
    {
      g_set_error_literal (error, PIT_ERROR, PIT_ERROR_FAILED, _("Out of memory while reading XML"));
      return NULL;
    }
  doc = xmlCtxtReadMemory (ctxt, xml, strlen (xml), NULL, NULL,
                           XML_PARSE_NONET | XML_PARSE_NOWARNING | XML_PARSE_NOERROR);
  if (doc == NULL || xmlDocGetRootElement (doc) == NULL)
    {
      const xmlError *err = xmlCtxtGetLastError (ctxt);

      if (err != NULL && err->message != NULL)
        {
          g_autofree char *message = g_strstrip (g_strdup (err->message));

          g_set_error (error, PIT_ERROR, PIT_ERROR_INVALID_XML,
                       _("The XML is not valid (line %d): %s"), err->line, message);
        }
      else
        g_set_error_literal (error, PIT_ERROR, PIT_ERROR_INVALID_XML,
                             _("The XML is empty or not valid"));
      g_clear_pointer (&doc, xmlFreeDoc);
    }
  xmlFreeParserCtxt (ctxt);

  return doc;
}

/* XPath contexts and compiled expressions.  Making a context costs more
 * than most of the expressions the advisor, the summary and the engine
 * evaluate with it (xmlXPathNewContext registers every XPath function in a
 * new hash table), and a rule reads a dozen paths of the same document.
 * Compiling an expression costs about as much again, on every call, for the
 * same few dozen literal paths (the summary of a domain reads ~30).  Each
 * thread therefore keeps one context, pointed at the document of each
 * call, and the expressions it compiled: a context holds nothing of a
 * document but the doc and node pointers set below (we register no
 * namespaces, variables or functions), so it is safe to reuse across
 * documents, and per-thread state needs no lock (the advisor runs in
 * several GTask threads at once; a compiled expression is never shared
 * between threads).  Not cached on the document: its _private is not ours
 * (libvirt-gconfig owns and frees those documents, so nothing would free
 * the context).  Paths built at run time (a device's address in a
 * predicate) could grow the cache without end, so it is emptied when it
 * holds MAX_COMPILED. */
#define MAX_COMPILED 512

typedef struct
{
  xmlXPathContext *context;
  GHashTable *compiled; /* xpath → xmlXPathCompExpr */
} ThreadXPath;

static void
thread_xpath_free (gpointer data)
{
  ThreadXPath *state = data;

  xmlXPathFreeContext (state->context);
  g_hash_table_unref (state->compiled);
  g_free (state);
}

static GPrivate thread_xpath = G_PRIVATE_INIT (thread_xpath_free);
static gint reuse_context = TRUE;

/**
 * pit_xml_set_context_reuse:
 * Whether XPath reads reuse the calling thread's context and compiled
 * expressions (the default) or make a new context and compile each time,
 * as before.  For the benchmark (tests/bench/bench-xpath.c) only.
 */
void
pit_xml_set_context_reuse (gboolean reuse)
{
  g_atomic_int_set (&reuse_context, !!reuse);
}

static ThreadXPath *
get_thread_xpath (void)
{
  ThreadXPath *state = g_private_get (&thread_xpath);

  if (state == NULL)
    {
      xmlXPathContext *ctx = xmlXPathNewContext (NULL);

      if (ctx == NULL)
        return NULL;
      state = g_new0 (ThreadXPath, 1);
      state->context = ctx;
      state->compiled = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                               (GDestroyNotify) xmlXPathFreeCompExpr);
      g_private_set (&thread_xpath, state);
    }
  return state;
}

static xmlXPathObject *
eval (xmlNode    *context,
      const char *xpath)
{
  xmlXPathContext *ctx;
  xmlXPathObject *obj;
  xmlXPathCompExpr *comp;
  ThreadXPath *state;

  g_return_val_if_fail (context != NULL, NULL);
  g_return_val_if_fail (xpath != NULL, NULL);

  if (!g_atomic_int_get (&reuse_context))
    {
      ctx = xmlXPathNewContext (context->doc);
      if (ctx == NULL)
        return NULL;
      ctx->node = context;
      obj = xmlXPathEvalExpression ((const xmlChar *) xpath, ctx);
      xmlXPathFreeContext (ctx);
      return obj;
    }

  state = get_thread_xpath ();
  if (state == NULL)
    return NULL;
  ctx = state->context;
  comp = g_hash_table_lookup (state->compiled, xpath);
  if (comp == NULL)
    {
      /* what xmlXPathEvalExpression() compiles (a streamable path as a
       * pattern, else the optimized expression tree); NULL: not valid */
      comp = xmlXPathCtxtCompile (ctx, (const xmlChar *) xpath);
      if (comp == NULL)
        return NULL;
      if (g_hash_table_size (state->compiled) >= MAX_COMPILED)
        g_hash_table_remove_all (state->compiled);
      g_hash_table_insert (state->compiled, g_strdup (xpath), comp);
    }
  /* what xmlXPathNewContext() would set for this document */
  ctx->doc = context->doc;
  ctx->node = context;
  ctx->contextSize = -1;
  ctx->proximityPosition = -1;
  obj = xmlXPathCompiledEval (comp, ctx);
  /* no pointer into a document that may be freed before the next call */
  ctx->doc = NULL;
  ctx->node = NULL;

  return obj;
}

/**
 * pit_xml_get_string:
 * Returns the string value of @xpath evaluated at @context, or %NULL when it
 * selects nothing (an empty attribute gives "").
 */
char *
pit_xml_get_string (xmlNode    *context,
                    const char *xpath)
{
  xmlXPathObject *obj = eval (context, xpath);
  char *ret = NULL;

  if (obj == NULL)
    return NULL;

  if (obj->type == XPATH_NODESET)
    {
      if (obj->nodesetval != NULL && obj->nodesetval->nodeNr > 0)
        {
          xmlChar *content = xmlNodeGetContent (obj->nodesetval->nodeTab[0]);

          ret = g_strdup (content ? (const char *) content : "");
          xmlFree (content);
        }
    }
  else if (obj->type == XPATH_STRING && obj->stringval != NULL)
    {
      ret = g_strdup ((const char *) obj->stringval);
    }

  xmlXPathFreeObject (obj);

  return ret;
}

gboolean
pit_xml_get_uint64 (xmlNode    *context,
                    const char *xpath,
                    guint64    *value)
{
  g_autofree char *str = pit_xml_get_string (context, xpath);
  guint64 parsed;

  if (str == NULL || !g_ascii_string_to_unsigned (g_strstrip (str), 10, 0, G_MAXUINT64, &parsed, NULL))
    return FALSE;

  *value = parsed;
  return TRUE;
}

/**
 * pit_xml_find_nodes:
 * Returns: (transfer container): the nodes @xpath selects, in document order.
 */
GPtrArray *
pit_xml_find_nodes (xmlNode    *context,
                    const char *xpath)
{
  xmlXPathObject *obj = eval (context, xpath);
  GPtrArray *ret = g_ptr_array_new ();

  if (obj == NULL)
    return ret;

  if (obj->type == XPATH_NODESET && obj->nodesetval != NULL)
    for (int i = 0; i < obj->nodesetval->nodeNr; i++)
      g_ptr_array_add (ret, obj->nodesetval->nodeTab[i]);

  xmlXPathFreeObject (obj);

  return ret;
}

char *
pit_xml_node_to_string (xmlNode *node)
{
  xmlBuffer *buf = xmlBufferCreate ();
  char *ret;

  xmlNodeDump (buf, node->doc, node, 0, 0);
  ret = g_strndup ((const char *) xmlBufferContent (buf), xmlBufferLength (buf));
  xmlBufferFree (buf);

  return ret;
}

/* Edits ------------------------------------------------------------------- */

/**
 * pit_xml_object_node:
 * @object: a GVirConfigObject
 * Returns: (transfer none): its live node; edits change @object's document.
 */
xmlNode *
pit_xml_object_node (gpointer object)
{
  xmlNode *node = NULL;

  g_return_val_if_fail (G_IS_OBJECT (object), NULL);

  g_object_get (object, "node", &node, NULL);
  return node;
}

static gboolean
is_element (xmlNode    *node,
            const char *name)
{
  return node->type == XML_ELEMENT_NODE
         && (name == NULL || g_strcmp0 ((const char *) node->name, name) == 0)
         && (node->ns == NULL || node->ns->prefix == NULL);
}

/**
 * pit_xml_child:
 * Returns: (transfer none) (nullable): the first child element @name without
 *   a namespace prefix.
 */
xmlNode *
pit_xml_child (xmlNode    *parent,
               const char *name)
{
  g_return_val_if_fail (parent != NULL, NULL);

  for (xmlNode *child = parent->children; child != NULL; child = child->next)
    if (is_element (child, name))
      return child;
  return NULL;
}

/**
 * pit_xml_children:
 * Returns: (transfer container): every child element @name, in order.
 */
GPtrArray *
pit_xml_children (xmlNode    *parent,
                  const char *name)
{
  GPtrArray *ret = g_ptr_array_new ();

  g_return_val_if_fail (parent != NULL, ret);

  for (xmlNode *child = parent->children; child != NULL; child = child->next)
    if (is_element (child, name))
      g_ptr_array_add (ret, child);
  return ret;
}

/**
 * pit_xml_insert_child:
 * @after: (nullable): names of siblings the new element goes after (it goes
 *   after the last of them present; first when none is present and @after
 *   is not %NULL; last when @after is %NULL)
 * Adds a new empty element @name.  Indentation is fixed by pit_xml_reindent().
 */
xmlNode *
pit_xml_insert_child (xmlNode           *parent,
                      const char        *name,
                      const char *const *after)
{
  xmlNode *node = xmlNewDocNode (parent->doc, NULL, (const xmlChar *) name, NULL);
  xmlNode *anchor = NULL;

  if (after != NULL)
    {
      for (xmlNode *child = parent->children; child != NULL; child = child->next)
        if (child->type == XML_ELEMENT_NODE
            && g_strv_contains (after, (const char *) child->name))
          anchor = child;
      if (anchor != NULL)
        return xmlAddNextSibling (anchor, node);
      for (xmlNode *child = parent->children; child != NULL; child = child->next)
        if (child->type == XML_ELEMENT_NODE)
          return xmlAddPrevSibling (child, node);
    }

  return xmlAddChild (parent, node);
}

/**
 * pit_xml_ensure_child:
 * Returns: (transfer none): the child element @name, added (see
 *   pit_xml_insert_child()) when missing.
 */
xmlNode *
pit_xml_ensure_child (xmlNode           *parent,
                      const char        *name,
                      const char *const *after)
{
  xmlNode *child = pit_xml_child (parent, name);

  if (child != NULL)
    return child;
  return pit_xml_insert_child (parent, name, after);
}

char *
pit_xml_get_prop (xmlNode    *node,
                  const char *name)
{
  xmlChar *value = xmlGetNoNsProp (node, (const xmlChar *) name);
  char *ret = value != NULL ? g_strdup ((const char *) value) : NULL;

  xmlFree (value);
  return ret;
}

void
pit_xml_set_prop (xmlNode    *node,
                  const char *name,
                  const char *value)
{
  xmlSetProp (node, (const xmlChar *) name, (const xmlChar *) value);
}

void
pit_xml_unset_prop (xmlNode    *node,
                    const char *name)
{
  xmlUnsetProp (node, (const xmlChar *) name);
}

/**
 * pit_xml_move_prop_first:
 * Makes @name the first attribute of @node (libvirt-gconfig's setters
 * append the attribute again; libvirt writes e.g. mode= first).
 */
void
pit_xml_move_prop_first (xmlNode    *node,
                         const char *name)
{
  xmlAttr *attr = xmlHasNsProp (node, (const xmlChar *) name, NULL);

  if (attr == NULL || attr == node->properties)
    return;
  /* unlink from the list … */
  if (attr->prev != NULL)
    attr->prev->next = attr->next;
  if (attr->next != NULL)
    attr->next->prev = attr->prev;
  /* … and put it in front */
  attr->prev = NULL;
  attr->next = node->properties;
  node->properties->prev = attr;
  node->properties = attr;
}

/**
 * pit_xml_set_text:
 * Replaces the content of @node by @text (escaped).
 */
void
pit_xml_set_text (xmlNode    *node,
                  const char *text)
{
  xmlChar *escaped = xmlEncodeSpecialChars (node->doc, (const xmlChar *) text);

  xmlNodeSetContent (node, escaped);
  xmlFree (escaped);
}

/**
 * pit_xml_remove:
 * Unlinks and frees @node with the blank text before it.
 */
void
pit_xml_remove (xmlNode *node)
{
  xmlNode *prev = node->prev;

  if (prev != NULL && prev->type == XML_TEXT_NODE && xmlIsBlankNode (prev))
    {
      xmlUnlinkNode (prev);
      xmlFreeNode (prev);
    }
  xmlUnlinkNode (node);
  xmlFreeNode (node);
}

gboolean
pit_xml_has_element_children (xmlNode *node)
{
  for (xmlNode *child = node->children; child != NULL; child = child->next)
    if (child->type == XML_ELEMENT_NODE)
      return TRUE;
  return FALSE;
}

static gboolean
has_text_content (xmlNode *node)
{
  for (xmlNode *child = node->children; child != NULL; child = child->next)
    if ((child->type == XML_TEXT_NODE && !xmlIsBlankNode (child))
        || child->type == XML_CDATA_SECTION_NODE || child->type == XML_ENTITY_REF_NODE)
      return TRUE;
  return FALSE;
}

static void
reindent (xmlNode *node,
          guint    depth)
{
  g_autofree char *inner = NULL;
  g_autofree char *outer = NULL;
  xmlNode *child;
  gboolean any = FALSE;

  if (has_text_content (node))
    return;
  for (child = node->children; child != NULL; child = child->next)
    if (child->type == XML_ELEMENT_NODE || child->type == XML_COMMENT_NODE
        || child->type == XML_PI_NODE)
      any = TRUE;
  if (!any)
    return;

  /* Drop blank text, then put one newline + indentation before every child
   * and before the end tag: libvirt's own two-space layout. */
  child = node->children;
  while (child != NULL)
    {
      xmlNode *next = child->next;

      if (child->type == XML_TEXT_NODE)
        {
          xmlUnlinkNode (child);
          xmlFreeNode (child);
        }
      child = next;
    }

  inner = g_strnfill (2 * (depth + 1) + 1, ' ');
  outer = g_strnfill (2 * depth + 1, ' ');
  inner[0] = '\n';
  outer[0] = '\n';
  for (child = node->children; child != NULL; child = child->next)
    {
      xmlAddPrevSibling (child, xmlNewDocText (node->doc, (const xmlChar *) inner));
      /* other applications' elements too: libvirt lays out <metadata>
       * again when it defines a domain */
      if (child->type == XML_ELEMENT_NODE)
        reindent (child, depth + 1);
    }
  xmlAddChild (node, xmlNewDocText (node->doc, (const xmlChar *) outer));
}

/**
 * pit_xml_reindent:
 * Lays out @root and its descendants with two spaces per level, as libvirt
 * writes domain XML.  Elements with text content are left as they are.
 * Running it on the XML before and after an edit keeps a diff to the lines
 * that really changed.
 */
void
pit_xml_reindent (xmlNode *root)
{
  g_return_if_fail (root != NULL);

  reindent (root, 0);
}

/**
 * pit_xml_node_to_document:
 * Returns: @node and its children as a document of its own, with the
 *   namespaces it uses declared (for libvirt-gconfig's _new_from_xml()).
 */
char *
pit_xml_node_to_document (xmlNode *node)
{
  g_autoptr(xmlDoc) doc = xmlNewDoc ((const xmlChar *) "1.0");
  xmlNode *copy = xmlDocCopyNode (node, doc, 1);
  char *ret;

  xmlDocSetRootElement (doc, copy);
  xmlReconciliateNs (doc, copy);
  ret = pit_xml_node_to_string (copy);
  return ret;
}

/**
 * pit_xml_replace:
 * @replacement: a node of another document (left untouched)
 * Puts a copy of @replacement where @node is and frees @node.
 * Returns: (transfer none): the copy, now in @node's document
 */
xmlNode *
pit_xml_replace (xmlNode *node,
                 xmlNode *replacement)
{
  xmlNode *copy = xmlDocCopyNode (replacement, node->doc, 1);

  xmlReplaceNode (node, copy);
  xmlFreeNode (node);
  xmlReconciliateNs (copy->doc, copy);
  return copy;
}
