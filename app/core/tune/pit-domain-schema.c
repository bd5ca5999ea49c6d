/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-tune"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libxml/relaxng.h>

#include "pit-domain-schema.h"
#include "pit-error.h"

static GMutex lock;
static xmlRelaxNG *schema;
static gboolean loaded;

static void
silent_cb (void       *user_data,
           const char *format,
           ...)
{
}

static char *
find_schema (void)
{
  const char *dirs[] = {
    g_getenv ("PITSTOP_LIBVIRT_SCHEMAS"),
    "/usr/share/libvirt/schemas",
    "/app/share/libvirt/schemas",
  };

  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      g_autofree char *path = NULL;

      if (dirs[i] == NULL || *dirs[i] == '\0')
        continue;
      path = g_build_filename (dirs[i], "domain.rng", NULL);
      if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
        return g_steal_pointer (&path);
    }
  return NULL;
}

/* Called with the lock held. */
static xmlRelaxNG *
get_schema (void)
{
  if (!loaded)
    {
      g_autofree char *path = find_schema ();

      loaded = TRUE;
      if (path != NULL)
        {
          xmlRelaxNGParserCtxt *ctxt = xmlRelaxNGNewParserCtxt (path);

          xmlRelaxNGSetParserErrors (ctxt, silent_cb, silent_cb, NULL);
          schema = xmlRelaxNGParse (ctxt);
          xmlRelaxNGFreeParserCtxt (ctxt);
          if (schema == NULL)
            g_warning ("Could not load libvirt's domain schema %s", path);
        }
    }
  return schema;
}

/**
 * pit_domain_schema_available:
 * Returns: whether libvirt's domain schema is installed and loads.
 */
gboolean
pit_domain_schema_available (void)
{
  gboolean ret;

  g_mutex_lock (&lock);
  ret = get_schema () != NULL;
  g_mutex_unlock (&lock);
  return ret;
}

typedef struct
{
  int line;
  char *message;
} FirstError;

static void
structured_cb (void       *user_data,
               xmlErrorPtr error)
{
  FirstError *first = user_data;

  /* The last error names the element that failed (libxml2 reports from the
   * inside out); keep the innermost one instead, it is the useful one. */
  if (first->message == NULL && error != NULL && error->message != NULL)
    {
      first->line = error->line;
      first->message = g_strstrip (g_strdup (error->message));
    }
}

/**
 * pit_domain_schema_validate:
 * Checks @doc against libvirt's domain schema.  Without an installed schema
 * this succeeds (libvirt validates again when the domain is defined).
 */
gboolean
pit_domain_schema_validate (xmlDoc  *doc,
                            GError **error)
{
  xmlRelaxNGValidCtxt *ctxt;
  FirstError first = { 0 };
  int ret;

  g_return_val_if_fail (doc != NULL, FALSE);

  g_mutex_lock (&lock);
  if (get_schema () == NULL)
    {
      g_mutex_unlock (&lock);
      return TRUE;
    }
  ctxt = xmlRelaxNGNewValidCtxt (schema);
  xmlRelaxNGSetValidStructuredErrors (ctxt, structured_cb, &first);
  ret = xmlRelaxNGValidateDoc (ctxt, doc);
  xmlRelaxNGFreeValidCtxt (ctxt);
  g_mutex_unlock (&lock);

  if (ret == 0)
    {
      g_free (first.message);
      return TRUE;
    }

  g_set_error (error, PIT_ERROR, PIT_ERROR_INVALID_XML,
               _("The domain XML does not follow libvirt’s schema (line %d: %s)"),
               first.line, first.message != NULL ? first.message : _("invalid content"));
  g_free (first.message);
  return FALSE;
}
