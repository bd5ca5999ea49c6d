/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-integration"

#include "config.h"

#include <gio/gio.h>

#include "pit-integration.h"
#include "pit-test-support.h"
#include "pit-xml.h"

static const char *
state_dir (void)
{
  return g_getenv ("PITSTOP_INTEGRATION_DIR");
}

/**
 * pit_integration_skip:
 * Marks the test skipped, saying why, when no daemon was started for the
 * suite (a plain `meson test`, a user's laptop); else makes sure libvirtd
 * runs.
 * Returns: %TRUE when the caller should return.
 */
gboolean
pit_integration_skip (void)
{
  const char *dir = state_dir ();

  if (dir == NULL || !g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("needs the libvirtd that build-aux/run-integration.sh starts "
                   "(PITSTOP_INTEGRATION_DIR is not set)");
      return TRUE;
    }

  /* a fault test that failed half-way may have left the daemon dead: every
   * test starts with it running, so one failure does not fail the rest */
  pit_integration_daemons ("start-libvirtd");
  return FALSE;
}

void
pit_integration_init (int    *argc,
                      char ***argv)
{
  g_test_init (argc, argv, NULL);
  pit_core_init ();
}

static const char domain_template[] =
  "<domain type='qemu'>\n"
  "  <name>%s</name>\n"
  "  <memory unit='MiB'>%u</memory>\n"
  "  <vcpu placement='static'>1</vcpu>\n"
  "  <os>\n"
  "    <type arch='x86_64' machine='pc'>hvm</type>\n"
  "    <boot dev='hd'/>\n"
  "  </os>\n"
  "  <on_poweroff>destroy</on_poweroff>\n"
  "  <devices>\n"
  "    <disk type='file' device='disk'>\n"
  "      <driver name='qemu' type='qcow2'/>\n"
  "      <source file='%s'/>\n"
  "      <target dev='vda' bus='virtio'/>\n"
  "    </disk>\n"
  "    <interface type='bridge'>\n"
  "      <source bridge='" PIT_INTEGRATION_BRIDGE "'/>\n"
  "      <model type='virtio'/>\n"
  "    </interface>\n"
  "    <serial type='pty'/>\n"
  "    <memballoon model='virtio'/>\n"
  "  </devices>\n"
  "</domain>\n";

static GSubprocess *
spawn_virsh (const char *first_arg,
             va_list     args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  GSubprocess *proc;

  g_ptr_array_add (argv, (gpointer) "virsh");
  g_ptr_array_add (argv, (gpointer) "-q");
  g_ptr_array_add (argv, (gpointer) "-c");
  g_ptr_array_add (argv, (gpointer) PIT_INTEGRATION_URI);
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  g_ptr_array_add (argv, NULL);

  proc = g_subprocess_newv ((const char * const *) argv->pdata,
                            G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);

  return proc;
}

static void
communicate_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/* The main context keeps running while virsh does (as in the GUI, where the
 * user's terminal and the app run side by side), so libvirt's events reach
 * the model as soon as they arrive. */
static gboolean
finish_subprocess (GSubprocess  *proc,
                   char        **out,
                   char        **err)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  g_subprocess_communicate_utf8_async (proc, NULL, NULL, communicate_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_subprocess_communicate_utf8_finish (proc, result, out, err, &error);
  g_assert_no_error (error);

  return g_subprocess_get_successful (proc);
}

/* Runs a helper program (qemu-img, pit-daemons.sh) and fails the test when
 * it fails; the main context keeps running meanwhile. */
static void
run_argv (const char * const *argv)
{
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  proc = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                            &error);
  g_assert_no_error (error);
  if (!finish_subprocess (proc, &out, &err))
    g_error ("%s failed: %s", argv[0], err);
}

/**
 * pit_integration_domain_xml:
 * Creates a 64 MiB qcow2 disk for @name (a TCG guest with SeaBIOS and no
 * OS: it starts in half a second and runs the BIOS, which is enough for
 * lifecycle, statistics and tuning) and returns its domain XML.
 */
char *
pit_integration_domain_xml (const char *name,
                            guint       memory_mib)
{
  g_autofree char *disk = NULL;
  g_autofree char *file = g_strconcat (name, ".qcow2", NULL);

  g_assert_true (g_str_has_prefix (name, PIT_INTEGRATION_PREFIX));
  disk = g_build_filename (state_dir (), "images", file, NULL);
  if (!g_file_test (disk, G_FILE_TEST_EXISTS))
    {
      const char *argv[] = { "qemu-img", "create", "-q", "-f", "qcow2", disk, "64M", NULL };

      run_argv (argv);
    }

  return g_strdup_printf (domain_template, name, memory_mib, disk);
}

/**
 * pit_integration_write_xml:
 * Returns: the path of a file in the state directory holding @xml.
 */
char *
pit_integration_write_xml (const char *name,
                           const char *xml)
{
  g_autofree char *file = g_strconcat (name, ".xml", NULL);
  g_autofree char *path = g_build_filename (state_dir (), file, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, xml, -1, &error);
  g_assert_no_error (error);

  return g_steal_pointer (&path);
}

/**
 * pit_integration_virsh:
 * Runs `virsh -c qemu:///system ARGS…` (an argument vector, no shell) and
 * fails the test when it fails.
 * Returns: its standard output
 */
char *
pit_integration_virsh (const char *first_arg,
                       ...)
{
  g_autoptr(GSubprocess) proc = NULL;
  g_autofree char *err = NULL;
  char *out = NULL;
  va_list args;

  va_start (args, first_arg);
  proc = spawn_virsh (first_arg, args);
  va_end (args);

  if (!finish_subprocess (proc, &out, &err))
    g_error ("virsh %s failed: %s", first_arg, err);

  return out;
}

/**
 * pit_integration_virsh_try:
 * Like pit_integration_virsh(), for commands that are expected to fail.
 * Returns: whether virsh succeeded; @err gets its standard error
 */
gboolean
pit_integration_virsh_try (char       **err,
                           const char  *first_arg,
                           ...)
{
  g_autoptr(GSubprocess) proc = NULL;
  g_autofree char *out = NULL;
  va_list args;

  va_start (args, first_arg);
  proc = spawn_virsh (first_arg, args);
  va_end (args);

  return finish_subprocess (proc, &out, err);
}

/**
 * pit_integration_daemons:
 * Runs tests/integration/pit-daemons.sh @command (kill-libvirtd,
 * start-libvirtd) on the suite's daemons.
 */
void
pit_integration_daemons (const char *command)
{
  const char *script = g_getenv ("PITSTOP_INTEGRATION_DAEMONS");
  const char *argv[] = { script, command, state_dir (), NULL };

  g_assert_nonnull (script);
  run_argv (argv);
}

/**
 * pit_integration_connect:
 * Returns: a plain libvirt connection, for doing things "elsewhere"
 */
virConnectPtr
pit_integration_connect (void)
{
  virConnectPtr conn = virConnectOpen (PIT_INTEGRATION_URI);

  g_assert_nonnull (conn);
  return conn;
}

/**
 * pit_integration_open:
 * Returns: (transfer full): Pitstop's connection to the suite's daemon
 */
PitConnection *
pit_integration_open (void)
{
  g_autoptr(GError) error = NULL;
  PitConnection *connection = pit_connection_new (PIT_INTEGRATION_URI);

  g_assert_true (pit_connection_open_sync (connection, &error));
  g_assert_no_error (error);
  g_assert_cmpint (pit_connection_get_status (connection), ==, PIT_CONNECTION_STATUS_CONNECTED);

  return connection;
}

/**
 * pit_integration_remove_domain:
 * Stops and undefines @name if it exists (cleanup; failures are ignored).
 */
void
pit_integration_remove_domain (const char *name)
{
  g_autofree char *err1 = NULL;
  g_autofree char *err2 = NULL;

  pit_integration_virsh_try (&err1, "destroy", name, NULL);
  pit_integration_virsh_try (&err2, "undefine", name, NULL);
}

typedef struct
{
  PitConnection *connection;
  const char *name;
  PitDomainState state;
  gboolean gone;
} DomainWait;

static gboolean
domain_reached (gpointer user_data)
{
  DomainWait *wait = user_data;
  PitDomain *domain = pit_connection_find_domain (wait->connection, wait->name);

  if (wait->gone)
    return domain == NULL;
  return domain != NULL && pit_domain_get_state (domain) == wait->state;
}

static gboolean
wait_domain (DomainWait *wait,
             guint       timeout_ms,
             gint64     *elapsed_ms)
{
  gint64 start = g_get_monotonic_time ();
  gboolean reached = pit_test_wait_for (domain_reached, wait, timeout_ms);

  if (elapsed_ms != NULL)
    *elapsed_ms = (g_get_monotonic_time () - start) / 1000;

  return reached;
}

/**
 * pit_integration_wait_state:
 * Iterates the main context until the model lists @name in @state.
 * Returns: whether it did within @timeout_ms; @elapsed_ms says how long it took
 */
gboolean
pit_integration_wait_state (PitConnection  *connection,
                            const char     *name,
                            PitDomainState  state,
                            guint           timeout_ms,
                            gint64         *elapsed_ms)
{
  DomainWait wait = { connection, name, state, FALSE };

  return wait_domain (&wait, timeout_ms, elapsed_ms);
}

/**
 * pit_integration_wait_gone:
 * Iterates the main context until the model no longer lists @name.
 */
gboolean
pit_integration_wait_gone (PitConnection *connection,
                           const char    *name,
                           guint          timeout_ms,
                           gint64        *elapsed_ms)
{
  DomainWait wait = { connection, name, 0, TRUE };

  return wait_domain (&wait, timeout_ms, elapsed_ms);
}

typedef struct
{
  PitConnection *connection;
  PitConnectionStatus status;
} StatusWait;

static gboolean
status_reached (gpointer user_data)
{
  StatusWait *wait = user_data;

  return pit_connection_get_status (wait->connection) == wait->status;
}

gboolean
pit_integration_wait_status (PitConnection       *connection,
                             PitConnectionStatus  status,
                             guint                timeout_ms)
{
  StatusWait wait = { connection, status };

  return pit_test_wait_for (status_reached, &wait, timeout_ms);
}

/**
 * pit_integration_count_ours:
 * Returns: how many domains of the suite the model lists
 */
guint
pit_integration_count_ours (PitConnection *connection)
{
  GListModel *domains = pit_connection_get_domains (connection);
  guint n = g_list_model_get_n_items (domains);
  guint count = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PitDomain) domain = g_list_model_get_item (domains, i);

      if (g_str_has_prefix (pit_domain_get_name (domain), PIT_INTEGRATION_PREFIX))
        count++;
    }

  return count;
}

/* Defines a small guest called @name (removing one left from an earlier
 * run first) with virsh, as a user would elsewhere; starts it if @start. */
void
pit_integration_define (const char *name,
                        gboolean    start)
{
  g_autofree char *xml = pit_integration_domain_xml (name, 128);
  g_autofree char *file = pit_integration_write_xml (name, xml);

  pit_integration_remove_domain (name);
  g_free (pit_integration_virsh ("define", file, NULL));
  if (start)
    g_free (pit_integration_virsh ("start", name, NULL));
}

struct _PitIntegrationHeartbeat
{
  gint64 last;
  gint64 worst;
  guint source;
};

static gboolean
heartbeat_cb (gpointer user_data)
{
  PitIntegrationHeartbeat *beat = user_data;
  gint64 now = g_get_monotonic_time ();

  beat->worst = MAX (beat->worst, now - beat->last);
  beat->last = now;
  return G_SOURCE_CONTINUE;
}

/* A 20 ms timer on the main loop: the longest gap between two of its runs
 * is how long the main loop (a window's, in the app) stood still. */
PitIntegrationHeartbeat *
pit_integration_heartbeat_start (void)
{
  PitIntegrationHeartbeat *beat = g_new0 (PitIntegrationHeartbeat, 1);

  beat->last = g_get_monotonic_time ();
  beat->source = g_timeout_add (20, heartbeat_cb, beat);
  return beat;
}

/* Returns: the longest main-loop stall in ms; frees @beat */
gint64
pit_integration_heartbeat_stop (PitIntegrationHeartbeat *beat)
{
  gint64 worst = beat->worst / 1000;

  g_source_remove (beat->source);
  g_free (beat);
  return worst;
}

static void
record_status_cb (GObject    *object,
                  GParamSpec *pspec,
                  gpointer    user_data)
{
  GArray *seen = user_data;
  PitConnectionStatus status = pit_connection_get_status (PIT_CONNECTION (object));

  g_array_append_val (seen, status);
}

/* Appends every status @connection goes through to @seen (of
 * PitConnectionStatus); disconnect the returned handler when done. */
gulong
pit_integration_record_status (PitConnection *connection,
                               GArray        *seen)
{
  return g_signal_connect (connection, "notify::status", G_CALLBACK (record_status_cb), seen);
}

/* What a user saw of a connection that went away and came back (@seen from
 * pit_integration_record_status()): LOST, then CONNECTED again, never a
 * failed first open or a disconnect. */
void
pit_integration_assert_lost_then_back (GArray *seen)
{
  g_assert_cmpuint (seen->len, >=, 2);
  for (guint i = 0; i < seen->len; i++)
    {
      PitConnectionStatus status = g_array_index (seen, PitConnectionStatus, i);

      g_assert_true (status == PIT_CONNECTION_STATUS_LOST || status == PIT_CONNECTION_STATUS_CONNECTED);
    }
  g_assert_cmpint (g_array_index (seen, PitConnectionStatus, 0), ==, PIT_CONNECTION_STATUS_LOST);
  g_assert_cmpint (g_array_index (seen, PitConnectionStatus, seen->len - 1), ==,
                   PIT_CONNECTION_STATUS_CONNECTED);
}

/* The string @path (an XPath expression such as "string(vcpu/@current)")
 * gives on the domain XML @xml */
char *
pit_integration_xpath (const char *xml,
                       const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(xmlDoc) doc = pit_xml_parse (xml, &error);

  g_assert_no_error (error);
  return pit_xml_get_string (xmlDocGetRootElement (doc), path);
}

/* Fails, with the XML, unless @path gives @expected on @xml */
void
pit_integration_assert_xpath (const char *xml,
                              const char *path,
                              const char *expected)
{
  g_autofree char *value = pit_integration_xpath (xml, path);

  if (g_strcmp0 (value, expected) != 0)
    g_error ("%s is “%s”, not “%s”, in:\n%s", path, value ? value : "(nothing)", expected, xml);
}
