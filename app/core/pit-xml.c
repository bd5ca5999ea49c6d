/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-xml"

#include "config.h"

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

static xmlXPathObject *
eval (xmlNode    *context,
      const char *xpath)
{
  xmlXPathContext *ctx;
  xmlXPathObject *obj;

  g_return_val_if_fail (context != NULL, NULL);
  g_return_val_if_fail (xpath != NULL, NULL);

  ctx = xmlXPathNewContext (context->doc);
  if (ctx == NULL)
    return NULL;
  ctx->node = context;
  obj = xmlXPathEvalExpression ((const xmlChar *) xpath, ctx);
  xmlXPathFreeContext (ctx);

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
