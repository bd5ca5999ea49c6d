/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-host"

#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "pit-host-reader.h"

/* Files in sysfs and procfs are small; anything bigger is not what we think. */
#define MAX_FILE_SIZE (4 * 1024 * 1024)

struct _PitHostReader
{
  char *root;
  gboolean live;
  GMutex lock;
  GPtrArray *problems;
};

static void
reader_clear (PitHostReader *self)
{
  g_free (self->root);
  g_mutex_clear (&self->lock);
  g_ptr_array_unref (self->problems);
}

/**
 * pit_host_reader_new:
 * @root: (nullable): the root prefix; %NULL or "/" for the live host
 */
PitHostReader *
pit_host_reader_new (const char *root)
{
  PitHostReader *self = g_atomic_rc_box_new0 (PitHostReader);
  g_autofree char *canonical = g_canonicalize_filename (root != NULL && *root != '\0' ? root : "/",
                                                        NULL);

  self->live = g_str_equal (canonical, "/");
  self->root = g_steal_pointer (&canonical);
  g_mutex_init (&self->lock);
  self->problems = g_ptr_array_new_with_free_func (g_free);

  return self;
}

PitHostReader *
pit_host_reader_ref (PitHostReader *self)
{
  return g_atomic_rc_box_acquire (self);
}

void
pit_host_reader_unref (PitHostReader *self)
{
  g_atomic_rc_box_release_full (self, (GDestroyNotify) reader_clear);
}

const char *
pit_host_reader_get_root (PitHostReader *self)
{
  return self->root;
}

gboolean
pit_host_reader_is_live (PitHostReader *self)
{
  return self->live;
}

/**
 * pit_host_reader_map_sandbox:
 * @sandbox_host: where the sandbox shows the host ("/run/host" in Flatpak)
 *
 * Inside a Flatpak sandbox /sys and the kernel's /proc files are the host's,
 * but /etc and /usr are the runtime's: the host's /etc is at
 * /run/host/etc (with --filesystem=host-etc:ro) and its os-release at
 * /run/host/os-release (always).
 *
 * Returns: (transfer full): where to read the host's @path
 */
char *
pit_host_reader_map_sandbox (const char *path,
                             const char *sandbox_host)
{
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (sandbox_host != NULL, NULL);

  if (g_str_equal (path, "/etc/os-release") || g_str_equal (path, "/usr/lib/os-release"))
    return g_build_filename (sandbox_host, "os-release", NULL);
  if (g_str_has_prefix (path, "/etc/") || g_str_has_prefix (path, "/usr/")
      || g_str_equal (path, "/etc") || g_str_equal (path, "/usr"))
    return g_build_filename (sandbox_host, path, NULL);
  return g_strdup (path);
}

static gboolean
in_flatpak (void)
{
  static gsize checked = 0;
  static gboolean inside = FALSE;

  if (g_once_init_enter (&checked))
    {
      inside = g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS);
      g_once_init_leave (&checked, 1);
    }
  return inside;
}

/**
 * pit_host_reader_path:
 * Returns: (transfer full): @path (an absolute host path) under the root;
 *   for the live host inside Flatpak, where the sandbox shows it.
 */
char *
pit_host_reader_path (PitHostReader *self,
                      const char    *path)
{
  g_return_val_if_fail (path != NULL, NULL);

  if (self->live)
    return in_flatpak () ? pit_host_reader_map_sandbox (path, "/run/host") : g_strdup (path);
  return g_build_filename (self->root, path, NULL);
}

gboolean
pit_host_reader_exists (PitHostReader *self,
                        const char    *path)
{
  g_autofree char *full = pit_host_reader_path (self, path);

  return g_file_test (full, G_FILE_TEST_EXISTS);
}

void
pit_host_reader_add_problem (PitHostReader *self,
                             const char    *format,
                             ...)
{
  va_list args;
  char *message;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_mutex_lock (&self->lock);
  for (guint i = 0; i < self->problems->len; i++)
    if (g_str_equal (self->problems->pdata[i], message))
      {
        g_free (message);
        message = NULL;
        break;
      }
  if (message != NULL)
    g_ptr_array_add (self->problems, message);
  g_mutex_unlock (&self->lock);
}

GPtrArray *
pit_host_reader_get_problems (PitHostReader *self)
{
  return self->problems;
}

static void
report_error (PitHostReader *self,
              const char    *path,
              const GError  *error)
{
  if (g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
    pit_host_reader_add_problem (self, _("Could not read %s: it does not exist"), path);
  else if (g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_ACCES)
           || g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_PERM))
    pit_host_reader_add_problem (self, _("Could not read %s: permission denied"), path);
  else
    pit_host_reader_add_problem (self, _("Could not read %s: %s"), path, g_strerror (EIO));
}

char *
pit_host_reader_read (PitHostReader *self,
                      const char    *path,
                      gboolean       report)
{
  g_autofree char *full = pit_host_reader_path (self, path);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  /* g_file_get_contents() copes with sysfs files whose size is 4096 but
   * whose reads are short */
  if (!g_file_get_contents (full, &contents, &length, &error))
    {
      if (report)
        report_error (self, path, error);
      return NULL;
    }
  if (length > MAX_FILE_SIZE || memchr (contents, '\0', length) != NULL)
    {
      if (report)
        pit_host_reader_add_problem (self, _("Could not read %s: not a text file"), path);
      return NULL;
    }

  /* names and model strings end up in JSON and labels: always UTF-8 */
  if (!g_utf8_validate (contents, length, NULL))
    return g_utf8_make_valid (contents, length);

  return g_steal_pointer (&contents);
}

char *
pit_host_reader_read_line (PitHostReader *self,
                           const char    *path,
                           gboolean       report)
{
  g_autofree char *text = pit_host_reader_read (self, path, report);
  char *newline;

  if (text == NULL)
    return NULL;
  newline = strchr (text, '\n');
  if (newline != NULL)
    *newline = '\0';
  g_strstrip (text);
  if (*text == '\0')
    {
      if (report)
        pit_host_reader_add_problem (self, _("Could not read %s: the file is empty"), path);
      return NULL;
    }

  return g_steal_pointer (&text);
}

gboolean
pit_host_reader_read_int (PitHostReader *self,
                          const char    *path,
                          gboolean       report,
                          gint64        *value)
{
  g_autofree char *line = pit_host_reader_read_line (self, path, report);
  gint64 parsed;
  char *end = NULL;

  if (line == NULL)
    return FALSE;

  errno = 0;
  if (g_str_has_prefix (line, "0x"))
    parsed = (gint64) g_ascii_strtoull (line + 2, &end, 16);
  else
    parsed = g_ascii_strtoll (line, &end, 10);
  if (errno != 0 || end == line || (end != NULL && *end != '\0') || (g_str_has_prefix (line, "0x") && end == line + 2))
    {
      pit_host_reader_add_problem (self, _("Could not read %s: “%s” is not a number"), path, line);
      return FALSE;
    }

  *value = parsed;
  return TRUE;
}

static int
compare_uint (gconstpointer a,
              gconstpointer b)
{
  guint x = *(const guint *) a;
  guint y = *(const guint *) b;

  return x < y ? -1 : x > y;
}

/* Largest CPU id accepted: Linux's NR_CPUS tops out at 8192. */
#define MAX_CPU_ID 65535

/**
 * pit_host_parse_cpulist:
 * Parses the kernel's list format into @ids (sorted, unique).  An empty
 * string is an empty list.
 */
gboolean
pit_host_parse_cpulist (const char *text,
                        GArray     *ids)
{
  g_autoptr(GArray) parsed = g_array_new (FALSE, FALSE, sizeof (guint));
  g_auto(GStrv) parts = NULL;

  g_return_val_if_fail (text != NULL, FALSE);

  parts = g_strsplit (text, ",", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_autofree char *part = g_strstrip (g_strdup (parts[i]));
      char *dash;
      guint64 first, last;

      if (*part == '\0')
        {
          if (parts[1] == NULL)
            break;  /* "" */
          return FALSE;
        }
      dash = strchr (part, '-');
      if (dash != NULL)
        *dash = '\0';
      if (!g_ascii_string_to_unsigned (part, 10, 0, MAX_CPU_ID, &first, NULL))
        return FALSE;
      last = first;
      if (dash != NULL && !g_ascii_string_to_unsigned (dash + 1, 10, first, MAX_CPU_ID, &last, NULL))
        return FALSE;
      for (guint64 id = first; id <= last; id++)
        {
          guint v = (guint) id;
          g_array_append_val (parsed, v);
        }
    }

  g_array_sort (parsed, compare_uint);
  for (guint i = 0; i < parsed->len; i++)
    {
      guint v = g_array_index (parsed, guint, i);

      if (ids->len == 0 || g_array_index (ids, guint, ids->len - 1) != v)
        g_array_append_val (ids, v);
    }

  return TRUE;
}

/**
 * pit_host_format_cpulist:
 * Returns: (transfer full): sorted @ids as "0-3,8" (the kernel's format).
 */
char *
pit_host_format_cpulist (const guint *ids,
                         guint        n_ids)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < n_ids;)
    {
      guint j = i;

      while (j + 1 < n_ids && ids[j + 1] == ids[j] + 1)
        j++;
      if (out->len > 0)
        g_string_append_c (out, ',');
      if (j == i)
        g_string_append_printf (out, "%u", ids[i]);
      else
        g_string_append_printf (out, "%u-%u", ids[i], ids[j]);
      i = j + 1;
    }

  return g_string_free (out, FALSE);
}

GArray *
pit_host_reader_read_cpulist (PitHostReader *self,
                              const char    *path,
                              gboolean       report)
{
  g_autofree char *text = pit_host_reader_read (self, path, report);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (guint));

  if (text == NULL)
    return NULL;
  g_strstrip (text);
  if (!pit_host_parse_cpulist (text, ids))
    {
      pit_host_reader_add_problem (self, _("Could not read %s: “%s” is not a CPU list"), path, text);
      return NULL;
    }

  return g_steal_pointer (&ids);
}

char *
pit_host_reader_read_link_name (PitHostReader *self,
                                const char    *path)
{
  g_autofree char *full = pit_host_reader_path (self, path);
  g_autofree char *target = g_file_read_link (full, NULL);
  g_autofree char *dir = NULL;
  g_autofree char *resolved = NULL;

  if (target == NULL)
    return NULL;

  /* "../../../0000:00:1f.6" and "../.." (a link to an ancestor) alike:
   * where the link really leads, since its folder may be a link too */
  resolved = realpath (full, NULL);
  if (resolved == NULL)
    {
      /* dangling: the name it was meant to have */
      dir = g_path_get_dirname (path);
      resolved = g_canonicalize_filename (target, dir);
    }
  if (g_str_equal (resolved, "/") || g_str_equal (resolved, self->root))
    return NULL;

  return g_path_get_basename (resolved);
}

char *
pit_host_reader_resolve (PitHostReader *self,
                         const char    *path)
{
  g_autofree char *full = pit_host_reader_path (self, path);
  g_autofree char *resolved = realpath (full, NULL);
  g_autofree char *root = NULL;
  gsize root_len;

  if (resolved == NULL)
    return NULL;
  if (self->live)
    return g_steal_pointer (&resolved);
  /* the root itself may lie behind a link (/tmp on some systems) */
  root = realpath (self->root, NULL);
  if (root == NULL)
    return NULL;
  root_len = strlen (root);
  if (strncmp (resolved, root, root_len) != 0 || resolved[root_len] != '/')
    return NULL;
  return g_strdup (resolved + root_len);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  const char *x = *(const char * const *) a;
  const char *y = *(const char * const *) b;

  return strcmp (x, y);
}

GPtrArray *
pit_host_reader_list_dir (PitHostReader *self,
                          const char    *path,
                          gboolean       report)
{
  g_autofree char *full = pit_host_reader_path (self, path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = g_dir_open (full, 0, &error);
  GPtrArray *names;
  const char *name;

  if (dir == NULL)
    {
      if (report)
        report_error (self, path, error);
      return NULL;
    }

  names = g_ptr_array_new_with_free_func (g_free);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);

  return names;
}

/* Recorded command output lives beside the tree: ROOT/.pitstop-commands/ */
static char *
recorded_name (const char * const *argv)
{
  g_autofree char *joined = g_strjoinv ("_", (char **) argv);

  g_strdelimit (joined, "/", '-');
  return g_build_filename (".pitstop-commands", joined, NULL);
}

char *
pit_host_reader_run (PitHostReader      *self,
                     const char * const *argv)
{
  g_autoptr(GSubprocess) proc = NULL;
  g_autofree char *out = NULL;
  g_autofree char *program = NULL;

  g_return_val_if_fail (argv != NULL && argv[0] != NULL, NULL);

  if (!self->live)
    {
      g_autofree char *name = recorded_name (argv);
      g_autofree char *full = g_build_filename (self->root, name, NULL);
      char *contents = NULL;

      if (!g_file_get_contents (full, &contents, NULL, NULL))
        return NULL;
      return contents;
    }

  program = g_find_program_in_path (argv[0]);
  if (program == NULL)
    return NULL;
  proc = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                            NULL);
  if (proc == NULL)
    return NULL;
  if (!g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, NULL, NULL))
    return NULL;
  if (!g_subprocess_get_if_exited (proc) || g_subprocess_get_exit_status (proc) != 0)
    return NULL;

  return g_steal_pointer (&out);
}
