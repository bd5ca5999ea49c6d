/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-test"

#include "config.h"

#include <gio/gio.h>
#include <stdlib.h>

#include "pit-test-support.h"

/**
 * pit_test_corpus_dir:
 * Returns: the real-world corpus (../shared/corpus), or %NULL when absent.
 */
const char *
pit_test_corpus_dir (void)
{
  const char *dir = g_getenv ("PITSTOP_CORPUS_DIR");

  if (dir == NULL || !g_file_test (dir, G_FILE_TEST_IS_DIR))
    return NULL;
  return dir;
}

static char *
build_valist (const char *base,
              const char *first_element,
              va_list     args)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();
  const char *element;

  g_ptr_array_add (parts, (gpointer) base);
  for (element = first_element; element != NULL; element = va_arg (args, const char *))
    g_ptr_array_add (parts, (gpointer) element);
  g_ptr_array_add (parts, NULL);

  return g_build_filenamev ((char **) parts->pdata);
}

char *
pit_test_corpus_path (const char *first_element,
                      ...)
{
  va_list args;
  char *ret;

  if (pit_test_corpus_dir () == NULL)
    g_error ("a test reads ../shared/corpus without calling pit_test_skip_without_corpus() first");
  va_start (args, first_element);
  ret = build_valist (pit_test_corpus_dir (), first_element, args);
  va_end (args);

  return ret;
}

/**
 * pit_test_skip_without_corpus:
 * Marks the test skipped (with the reason) when ../shared/corpus is absent.
 * Returns: %TRUE when the caller should return.
 */
gboolean
pit_test_skip_without_corpus (void)
{
  if (pit_test_corpus_dir () != NULL)
    return FALSE;
  g_test_skip ("../shared/corpus is not beside this checkout (set PITSTOP_CORPUS_DIR)");
  return TRUE;
}

/**
 * pit_test_fixture_path:
 * Returns: a path under tests/fixtures/ in the source tree.
 */
char *
pit_test_fixture_path (const char *first_element,
                       ...)
{
  g_autofree char *base = g_test_build_filename (G_TEST_DIST, "fixtures", NULL);
  va_list args;
  char *ret;

  va_start (args, first_element);
  ret = build_valist (base, first_element, args);
  va_end (args);

  return ret;
}

/**
 * pit_test_open_demo:
 * Returns: (transfer full): an open connection to the demo host.
 */
PitConnection *
pit_test_open_demo (void)
{
  g_autoptr(GError) error = NULL;
  PitConnection *connection = pit_connection_new ("demo");

  g_assert_true (pit_connection_open_sync (connection, &error));
  g_assert_no_error (error);

  return connection;
}

static gboolean
timeout_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/**
 * pit_test_wait_for:
 * Iterates the main context until @condition holds or @timeout_ms passes.
 * Returns: whether the condition holds
 */
gboolean
pit_test_wait_for (gboolean (*condition) (gpointer user_data),
                   gpointer   user_data,
                   guint      timeout_ms)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (timeout_ms, timeout_cb, &timed_out);

  while (!condition (user_data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);

  return condition (user_data);
}

/**
 * pit_test_run_cli:
 * Runs pitstop-cli (from $PITSTOP_CLI) with @argv (without the program
 * name), never through a shell.
 * Returns: its exit status
 */
int
pit_test_run_cli (const char *const  *argv,
                  char              **out,
                  char              **err)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  const char *cli = g_getenv ("PITSTOP_CLI");

  g_assert_nonnull (cli);
  g_ptr_array_add (args, (gpointer) cli);
  for (guint i = 0; argv[i] != NULL; i++)
    g_ptr_array_add (args, (gpointer) argv[i]);
  g_ptr_array_add (args, NULL);

  proc = g_subprocess_newv ((const char * const *) args->pdata,
                            G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, out, err, &error);
  g_assert_no_error (error);

  return g_subprocess_get_exit_status (proc);
}

/* For pit_test_wait_for(): whether the pointer at @location (a result an
 * async callback stores) is set yet. */
gboolean
pit_test_pointer_is_set (gpointer location)
{
  return *(gpointer *) location != NULL;
}

/**
 * pit_test_read_inactive_xml:
 * What libvirt holds as @domain's persistent configuration, read as virsh
 * would (libvirt's own call, not Pitstop's: the UI tests own the main
 * context, where Pitstop's blocking calls are reported).
 * Returns: (transfer full): the XML
 */
char *
pit_test_read_inactive_xml (PitDomain *domain)
{
  char *raw = virDomainGetXMLDesc (pit_domain_get_handle (domain), VIR_DOMAIN_XML_INACTIVE);
  char *xml = g_strdup (raw);

  g_assert_nonnull (raw);
  free (raw);
  return xml;
}
