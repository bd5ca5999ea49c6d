/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-test"

#include "config.h"

#include <gio/gio.h>
#include <stdlib.h>
#include <glib/gstdio.h>
#include <string.h>

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

/**
 * pit_test_copy_tree:
 * Copies the folder @from to @to (which must not exist), file by file;
 * symbolic links stay links (a recorded host tree's sysfs links resolve
 * inside the copy as they did in the original).
 */
void
pit_test_copy_tree (const char *from,
                    const char *to)
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) error = NULL;
  const char *name;

  g_assert_cmpint (g_mkdir (to, 0755), ==, 0);
  dir = g_dir_open (from, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *source = g_build_filename (from, name, NULL);
      g_autofree char *target = g_build_filename (to, name, NULL);

      if (g_file_test (source, G_FILE_TEST_IS_DIR) && !g_file_test (source, G_FILE_TEST_IS_SYMLINK))
        {
          pit_test_copy_tree (source, target);
        }
      else
        {
          g_autoptr(GFile) source_file = g_file_new_for_path (source);
          g_autoptr(GFile) target_file = g_file_new_for_path (target);

          g_file_copy (source_file, target_file, G_FILE_COPY_NOFOLLOW_SYMLINKS, NULL, NULL, NULL, &error);
          g_assert_no_error (error);
        }
    }
}

/**
 * pit_test_remove_tree:
 * Removes @path and, when it is a folder (not a link to one), all in it.
 */
void
pit_test_remove_tree (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          pit_test_remove_tree (child);
        }
    }
  g_remove (path);
}

/**
 * pit_test_write_disk:
 * Writes a raw disk image of two sectors at @path: a classic MBR with one
 * NTFS partition from sector 2048 (%PIT_PARTITION_TABLE_MBR), a GPT's
 * protective MBR and header (%PIT_PARTITION_TABLE_GPT), or zeros.
 */
void
pit_test_write_disk (const char        *path,
                     PitPartitionTable  table)
{
  g_autoptr(GError) error = NULL;
  guint8 data[1024] = { 0 };

  if (table == PIT_PARTITION_TABLE_MBR || table == PIT_PARTITION_TABLE_GPT)
    {
      /* one partition from sector 2048: NTFS (0x07) on MBR, the whole disk (0xEE) on GPT */
      data[446] = 0x80;
      data[446 + 4] = table == PIT_PARTITION_TABLE_GPT ? 0xee : 0x07;
      data[446 + 8] = table == PIT_PARTITION_TABLE_GPT ? 0x01 : 0x00;
      data[446 + 9] = table == PIT_PARTITION_TABLE_GPT ? 0x00 : 0x08;
      data[510] = 0x55;
      data[511] = 0xaa;
      if (table == PIT_PARTITION_TABLE_GPT)
        memcpy (data + 512, "EFI PART", 8);
    }
  g_file_set_contents (path, (const char *) data, sizeof data, &error);
  g_assert_no_error (error);
}
