/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "pit-fuzz.h"
#include "pit-xml.h"

/* pit_xml_parse() and the XPath readers on arbitrary bytes: a document or
 * a clear error, never a crash, a leak or an entity fetched. */

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  pit_fuzz_init ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *xml = pit_fuzz_string (data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(xmlDoc) doc = pit_xml_parse (xml, &error);
  xmlNode *root;

  if (doc == NULL)
    {
      g_assert_nonnull (error);
      g_assert_nonnull (error->message);
      return 0;
    }
  g_assert_no_error (error);

  root = xmlDocGetRootElement (doc);
  g_assert_nonnull (root);

  {
    g_autofree char *name = pit_xml_get_string (root, "string(name)");
    g_autofree char *serialized = pit_xml_node_to_string (root);
    g_autoptr(GPtrArray) nodes = pit_xml_find_nodes (root, "//*[@type]");
    guint64 value;

    pit_xml_get_uint64 (root, "memory", &value);
    g_assert_nonnull (serialized);
    for (guint i = 0; nodes != NULL && i < nodes->len; i++)
      {
        g_autofree char *type = pit_xml_get_string (g_ptr_array_index (nodes, i), "@type");

        g_assert_nonnull (type);
      }
  }

  return 0;
}
