/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "pit-connection.h"
#include "pit-error.h"
#include "pit-test-support.h"

static PitDomain *
find (PitConnection *connection,
      const char    *name)
{
  PitDomain *domain = pit_connection_find_domain (connection, name);

  g_assert_nonnull (domain);
  return domain;
}

static void
test_demo_lists_domains (void)
{
  g_autoptr(PitConnection) connection = pit_test_open_demo ();
  GListModel *domains = pit_connection_get_domains (connection);
  PitDomain *win10;

  g_assert_cmpint (pit_connection_get_status (connection), ==, PIT_CONNECTION_STATUS_CONNECTED);
  g_assert_true (pit_connection_is_demo (connection));
  g_assert_cmpuint (g_list_model_get_n_items (domains), ==, 3);

  /* sorted by name */
  {
    g_autoptr(PitDomain) first = g_list_model_get_item (domains, 0);
    g_autoptr(PitDomain) last = g_list_model_get_item (domains, 2);

    g_assert_cmpstr (pit_domain_get_name (first), ==, "fedora-server");
    g_assert_cmpstr (pit_domain_get_name (last), ==, "win10-gaming");
  }

  win10 = find (connection, "win10-gaming");
  g_assert_cmpint (pit_domain_get_state (win10), ==, PIT_DOMAIN_STATE_SHUTOFF);
  g_assert_cmpuint (pit_domain_get_vcpus (win10), ==, 8);
  g_assert_cmpuint (pit_domain_get_vcpus_current (win10), ==, 2);
  g_assert_cmpuint (pit_domain_get_memory_kib (win10), ==, 16 * 1024 * 1024);
  g_assert_cmpstr (pit_domain_get_uuid (win10), ==, "6f3a1c52-9e47-4b8d-a1f2-3c5d7e9b0a14");

  g_assert_cmpint (pit_domain_get_state (find (connection, "fedora-server")), ==, PIT_DOMAIN_STATE_RUNNING);
  g_assert_cmpint (pit_domain_get_state (find (connection, "ubuntu-dev")), ==, PIT_DOMAIN_STATE_PAUSED);

  /* by UUID too */
  g_assert_true (pit_connection_find_domain (connection, "2b8e4d10-5c6f-4a3e-9b7d-8e1f0a2c4d6b")
                 == find (connection, "fedora-server"));
  g_assert_null (pit_connection_find_domain (connection, "no-such-vm"));
}

typedef struct
{
  PitDomain *domain;
  PitDomainState state;
} StateWait;

static gboolean
state_is (gpointer user_data)
{
  StateWait *wait = user_data;

  return pit_domain_get_state (wait->domain) == wait->state;
}

static void
test_lifecycle_events_update_model (void)
{
  g_autoptr(PitConnection) connection = pit_test_open_demo ();
  PitDomain *fedora = find (connection, "fedora-server");
  PitDomain *win10 = find (connection, "win10-gaming");
  virDomainPtr handle = pit_domain_get_handle (fedora);
  StateWait wait;

  /* done through libvirt directly, as virsh would: the model follows from
   * the event alone, nobody polls */
  g_assert_cmpint (virDomainSuspend (pit_domain_get_handle (fedora)), ==, 0);
  wait = (StateWait) { fedora, PIT_DOMAIN_STATE_PAUSED };
  g_assert_true (pit_test_wait_for (state_is, &wait, 1000));

  g_assert_cmpint (virDomainResume (pit_domain_get_handle (fedora)), ==, 0);
  wait = (StateWait) { fedora, PIT_DOMAIN_STATE_RUNNING };
  g_assert_true (pit_test_wait_for (state_is, &wait, 1000));
  /* events do not swap the handle a caller may hold */
  g_assert_true (pit_domain_get_handle (fedora) == handle);

  g_assert_cmpint (virDomainCreate (pit_domain_get_handle (win10)), ==, 0);
  wait = (StateWait) { win10, PIT_DOMAIN_STATE_RUNNING };
  g_assert_true (pit_test_wait_for (state_is, &wait, 1000));

  g_assert_cmpint (virDomainDestroy (pit_domain_get_handle (win10)), ==, 0);
  wait = (StateWait) { win10, PIT_DOMAIN_STATE_SHUTOFF };
  g_assert_true (pit_test_wait_for (state_is, &wait, 1000));
}

static gboolean
has_n_domains (gpointer user_data)
{
  PitConnection *connection = user_data;
  guint n = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (connection), "want"));

  return g_list_model_get_n_items (pit_connection_get_domains (connection)) == n;
}

static void
test_define_and_undefine_elsewhere (void)
{
  g_autoptr(PitConnection) connection = pit_test_open_demo ();
  virDomainPtr created;
  const char *xml =
    "<domain type='kvm'><name>added-by-virsh</name><memory unit='MiB'>512</memory>"
    "<vcpu current='1'>2</vcpu><os><type arch='x86_64'>hvm</type></os></domain>";
  PitDomain *domain;

  created = virDomainDefineXML (pit_connection_get_handle (connection), xml);
  g_assert_nonnull (created);
  g_object_set_data (G_OBJECT (connection), "want", GUINT_TO_POINTER (4));
  g_assert_true (pit_test_wait_for (has_n_domains, connection, 1000));

  domain = find (connection, "added-by-virsh");
  g_assert_cmpuint (pit_domain_get_vcpus (domain), ==, 2);
  g_assert_cmpuint (pit_domain_get_vcpus_current (domain), ==, 1);
  g_assert_cmpint (pit_domain_get_state (domain), ==, PIT_DOMAIN_STATE_SHUTOFF);
  {
    /* still sorted: "added-by-virsh" comes first */
    g_autoptr(PitDomain) first = g_list_model_get_item (pit_connection_get_domains (connection), 0);

    g_assert_true (first == domain);
  }

  g_assert_cmpint (virDomainUndefine (created), ==, 0);
  virDomainFree (created);
  g_object_set_data (G_OBJECT (connection), "want", GUINT_TO_POINTER (3));
  g_assert_true (pit_test_wait_for (has_n_domains, connection, 1000));
  g_assert_null (pit_connection_find_domain (connection, "added-by-virsh"));
}

static gboolean
all_vcpus_current (gpointer user_data)
{
  return pit_domain_get_vcpus_current (user_data) == 8;
}

static void
test_config_change_elsewhere (void)
{
  g_autoptr(PitConnection) connection = pit_test_open_demo ();
  PitDomain *win10 = find (connection, "win10-gaming");
  g_autofree char *xml = g_strdup (pit_domain_get_xml (win10));
  g_autoptr(GString) changed = g_string_new (xml);
  virDomainPtr redefined;

  g_string_replace (changed, "current='2'>8</vcpu>", "current='8'>8</vcpu>", 1);
  g_assert_cmpstr (changed->str, !=, xml);
  redefined = virDomainDefineXML (pit_connection_get_handle (connection), changed->str);
  g_assert_nonnull (redefined);
  virDomainFree (redefined);

  g_assert_true (pit_test_wait_for (all_vcpus_current, win10, 1000));
  g_assert_cmpuint (pit_domain_get_vcpus_current (win10), ==, 8);
}

static void
test_open_failure_is_explained (void)
{
  g_autoptr(PitConnection) connection = pit_connection_new ("test:///nonexistent/pitstop-no-such-file.xml");
  g_autoptr(GError) error = NULL;

  g_assert_false (pit_connection_open_sync (connection, &error));
  g_assert_nonnull (error);
  g_assert_true (error->domain == PIT_ERROR);
  g_assert_cmpint (pit_connection_get_status (connection), ==, PIT_CONNECTION_STATUS_FAILED);
  g_assert_nonnull (pit_connection_get_error (connection));
  g_assert_cmpuint (g_list_model_get_n_items (pit_connection_get_domains (connection)), ==, 0);
}

typedef struct
{
  guint n_connected;     /* times the status became "connected" */
  guint n_done;          /* opens that ended */
  guint n_ok;            /* of those, how many succeeded */
  GError *error;         /* the last failure */
} EarlySeen;

static void
early_status_cb (PitConnection *connection,
                 GParamSpec    *pspec,
                 EarlySeen     *seen)
{
  if (pit_connection_get_status (connection) == PIT_CONNECTION_STATUS_CONNECTED)
    seen->n_connected++;
}

static void
early_open_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  EarlySeen *seen = user_data;
  g_autoptr(GError) error = NULL;

  seen->n_done++;
  if (pit_connection_open_finish (PIT_CONNECTION (object), result, &error))
    seen->n_ok++;
  else
    {
      g_clear_error (&seen->error);
      seen->error = g_steal_pointer (&error);
    }
}

static gboolean
both_done (gpointer user_data)
{
  return ((EarlySeen *) user_data)->n_done == 2;
}

/* The application opens its host before it builds the window; the window's
 * open (and any other) joins that one instead of opening again. */
static void
test_early_open_is_joined (void)
{
  g_autoptr(PitConnection) connection = NULL;
  EarlySeen seen = { 0 };

  pit_connection_open_early ("demo");
  connection = pit_connection_take_early ("demo");
  g_assert_nonnull (connection);
  /* already on its way before anyone opened it */
  g_assert_cmpint (pit_connection_get_status (connection), ==, PIT_CONNECTION_STATUS_CONNECTING);
  g_assert_null (pit_connection_take_early ("demo"));

  g_signal_connect (connection, "notify::status", G_CALLBACK (early_status_cb), &seen);
  pit_connection_open_async (connection, NULL, early_open_cb, &seen);
  pit_connection_open_async (connection, NULL, early_open_cb, &seen);
  g_assert_true (pit_test_wait_for (both_done, &seen, 10000));
  g_assert_cmpuint (seen.n_ok, ==, 2);
  /* one open: listed once, not opened again by the later callers */
  g_assert_cmpuint (seen.n_connected, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (pit_connection_get_domains (connection)), ==, 3);
  g_assert_nonnull (pit_connection_get_handle (connection));
}

static void
test_early_open_of_another_host (void)
{
  g_autoptr(PitConnection) other = NULL;

  pit_connection_open_early ("demo");
  /* the window shows another host: the early open is not handed out */
  g_assert_null (pit_connection_take_early ("test:///default"));
  g_assert_null (pit_connection_take_early ("demo"));

  /* and a failed early open fails the window's open with its reason */
  pit_connection_open_early ("test:///nonexistent/pitstop-no-such-file.xml");
  other = pit_connection_take_early ("test:///nonexistent/pitstop-no-such-file.xml");
  g_assert_nonnull (other);
  {
    EarlySeen seen = { 0 };

    pit_connection_open_async (other, NULL, early_open_cb, &seen);
    pit_connection_open_async (other, NULL, early_open_cb, &seen);
    g_assert_true (pit_test_wait_for (both_done, &seen, 10000));
    g_assert_cmpuint (seen.n_ok, ==, 0);
    g_assert_true (seen.error->domain == PIT_ERROR);
    g_assert_cmpint (pit_connection_get_status (other), ==, PIT_CONNECTION_STATUS_FAILED);
    g_clear_error (&seen.error);
  }
}

typedef struct
{
  guint n_listed;        /* domains in the list when "connected" came */
  guint n_with_details;  /* of those, how many had their XML then */
  char *first_state;     /* "fedora-server"'s state then */
} ListedSeen;

static void
listed_status_cb (PitConnection *connection,
                  GParamSpec    *pspec,
                  ListedSeen    *seen)
{
  GListModel *domains = pit_connection_get_domains (connection);
  PitDomain *fedora;

  if (pit_connection_get_status (connection) != PIT_CONNECTION_STATUS_CONNECTED || seen->first_state != NULL)
    return;
  seen->n_listed = g_list_model_get_n_items (domains);
  for (guint i = 0; i < seen->n_listed; i++)
    {
      g_autoptr(PitDomain) domain = g_list_model_get_item (domains, i);

      seen->n_with_details += pit_domain_has_details (domain);
    }
  fedora = pit_connection_find_domain (connection, "fedora-server");
  seen->first_state = g_strdup (fedora ? pit_domain_state_to_string (pit_domain_get_state (fedora)) : "none");
}

/* As over a slow link: the list (names, states) is there when the status
 * says "connected", before any XML; the open completes with every VM read. */
static void
test_list_first_then_details (void)
{
  g_autoptr(PitConnection) connection = pit_connection_new ("demo");
  g_autoptr(GError) error = NULL;
  ListedSeen seen = { 0 };
  PitDomain *win10;

  pit_connection_set_list_first (connection, TRUE);
  g_signal_connect (connection, "notify::status", G_CALLBACK (listed_status_cb), &seen);
  g_assert_true (pit_connection_open_sync (connection, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (seen.n_listed, ==, 3);
  g_assert_cmpuint (seen.n_with_details, ==, 0);
  g_assert_cmpstr (seen.first_state, ==, pit_domain_state_to_string (PIT_DOMAIN_STATE_RUNNING));

  win10 = find (connection, "win10-gaming");
  g_assert_true (pit_domain_has_details (win10));
  g_assert_cmpuint (pit_domain_get_vcpus (win10), ==, 8);
  g_assert_cmpuint (pit_domain_get_memory_kib (win10), ==, 16 * 1024 * 1024);
  g_assert_nonnull (pit_domain_get_xml (win10));
  g_assert_cmpint (pit_domain_get_state (win10), ==, PIT_DOMAIN_STATE_SHUTOFF);
  g_assert_cmpint (pit_domain_get_state (find (connection, "ubuntu-dev")), ==, PIT_DOMAIN_STATE_PAUSED);
  {
    g_autoptr(PitDomain) first = g_list_model_get_item (pit_connection_get_domains (connection), 0);

    g_assert_cmpstr (pit_domain_get_name (first), ==, "fedora-server");
  }
  g_free (seen.first_state);
}

/* A details reader that holds each domain's XML back until the test lets
 * that domain through: a slow link where the test says what arrives when. */
typedef struct
{
  GMutex lock;
  GCond cond;
  GHashTable *released; /* names let through; NULL key: all */
  gboolean release_all;
  guint n_waiting;
} Gate;

static PitDomainSnapshot *
gated_reader (virDomainPtr     domain,
              PitDomainState   state,
              gpointer         user_data,
              GError         **error)
{
  Gate *gate = user_data;
  const char *name = virDomainGetName (domain);

  g_mutex_lock (&gate->lock);
  gate->n_waiting++;
  g_cond_broadcast (&gate->cond);
  while (!gate->release_all && !g_hash_table_contains (gate->released, name))
    g_cond_wait (&gate->cond, &gate->lock);
  gate->n_waiting--;
  g_mutex_unlock (&gate->lock);

  if (g_str_equal (name, "ubuntu-dev") && g_hash_table_contains (gate->released, "fail:ubuntu-dev"))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "unreadable");
      return NULL;
    }
  return pit_domain_snapshot_fetch_details (domain, state, error);
}

static void
gate_release (Gate       *gate,
              const char *name)
{
  g_mutex_lock (&gate->lock);
  if (name == NULL)
    gate->release_all = TRUE;
  else
    g_hash_table_add (gate->released, g_strdup (name));
  g_cond_broadcast (&gate->cond);
  g_mutex_unlock (&gate->lock);
}

static void
open_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (pit_connection_open_finish (PIT_CONNECTION (object), result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

static void
count_xml_cb (PitDomain  *domain,
              GParamSpec *pspec,
              guint      *n)
{
  (*n)++;
}

/* Over a slow link each VM's row fills in when its XML comes, not when the
 * last VM's does: with every read held back the list is there without XML;
 * letting one VM through fills that VM alone while the open still waits;
 * a VM that cannot be read leaves the list; then the open completes. */
static void
test_details_as_they_arrive (void)
{
  g_autoptr(PitConnection) connection = pit_connection_new ("demo");
  Gate gate = { 0 };
  gboolean done = FALSE;
  guint win10_xml_notifies = 0;
  PitDomain *win10, *fedora;

  g_mutex_init (&gate.lock);
  g_cond_init (&gate.cond);
  gate.released = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  pit_connection_set_list_first (connection, TRUE);
  pit_connection_set_details_reader (connection, gated_reader, &gate);
  pit_connection_open_async (connection, NULL, open_done_cb, &done);

  while (pit_connection_get_status (connection) != PIT_CONNECTION_STATUS_CONNECTED)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (pit_connection_get_domains (connection)), ==, 3);
  win10 = find (connection, "win10-gaming");
  fedora = find (connection, "fedora-server");
  g_assert_false (pit_domain_has_details (win10));
  g_assert_false (pit_domain_has_details (fedora));
  g_assert_cmpint (pit_domain_get_state (win10), ==, PIT_DOMAIN_STATE_SHUTOFF);
  g_signal_connect (win10, "notify::xml", G_CALLBACK (count_xml_cb), &win10_xml_notifies);

  /* all three are being read at once, none in series behind another */
  g_mutex_lock (&gate.lock);
  while (gate.n_waiting < 3)
    g_cond_wait (&gate.cond, &gate.lock);
  g_mutex_unlock (&gate.lock);

  gate_release (&gate, "win10-gaming");
  while (!pit_domain_has_details (win10))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (pit_domain_get_vcpus (win10), ==, 8);
  g_assert_cmpuint (pit_domain_get_memory_kib (win10), ==, 16 * 1024 * 1024);
  g_assert_cmpuint (win10_xml_notifies, ==, 1);
  g_assert_false (pit_domain_has_details (fedora));
  g_assert_false (done);

  gate_release (&gate, "fail:ubuntu-dev");
  gate_release (&gate, "ubuntu-dev");
  while (pit_connection_find_domain (connection, "ubuntu-dev") != NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (pit_connection_get_domains (connection)), ==, 2);
  g_assert_false (pit_domain_has_details (fedora));
  g_assert_false (done);

  gate_release (&gate, NULL);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (pit_domain_has_details (fedora));
  g_assert_cmpint (pit_domain_get_state (fedora), ==, PIT_DOMAIN_STATE_RUNNING);
  /* applied once, not again at the end */
  g_assert_cmpuint (win10_xml_notifies, ==, 1);

  g_signal_handlers_disconnect_by_func (win10, count_xml_cb, &win10_xml_notifies);
  pit_connection_close (connection);
  g_hash_table_unref (gate.released);
  g_cond_clear (&gate.cond);
  g_mutex_clear (&gate.lock);
}

static void
status_cb (PitConnection *connection,
           GParamSpec    *pspec,
           GString       *seen)
{
  PitConnectionStatus status;

  /* the property and the getter agree */
  g_object_get (connection, "status", &status, NULL);
  g_assert_cmpint (status, ==, pit_connection_get_status (connection));
  g_string_append_printf (seen, "%s%s", seen->len ? " " : "", pit_connection_status_to_id (status));
}

/* notify::status comes once per change, in the order of the changes */
static void
test_status_order (void)
{
  g_autoptr(PitConnection) demo = pit_connection_new ("demo");
  g_autoptr(PitConnection) missing = pit_connection_new ("test:///nonexistent/pitstop-no-such-file.xml");
  g_autoptr(GString) seen = g_string_new (NULL);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (pit_connection_get_status (demo), ==, PIT_CONNECTION_STATUS_DISCONNECTED);
  g_signal_connect (demo, "notify::status", G_CALLBACK (status_cb), seen);
  g_assert_true (pit_connection_open_sync (demo, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (seen->str, ==, "connecting connected");
  pit_connection_close (demo);
  g_assert_cmpstr (seen->str, ==, "connecting connected disconnected");
  /* closing what is closed says nothing */
  pit_connection_close (demo);
  g_assert_cmpstr (seen->str, ==, "connecting connected disconnected");

  g_string_truncate (seen, 0);
  g_signal_connect (missing, "notify::status", G_CALLBACK (status_cb), seen);
  g_assert_false (pit_connection_open_sync (missing, &error));
  g_assert_cmpstr (seen->str, ==, "connecting failed");
}

/* the enum's nicks are the ids; its GType lists every status */
static void
test_status_ids (void)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (PIT_TYPE_CONNECTION_STATUS);
  GParamSpec *pspec = g_object_class_find_property (g_type_class_peek (PIT_TYPE_CONNECTION), "status");

  g_assert_cmpuint (klass->n_values, ==, PIT_CONNECTION_STATUS_LOST + 1);
  g_assert_cmpstr (pit_connection_status_to_id (PIT_CONNECTION_STATUS_LOST), ==, "lost");
  g_assert_true (G_IS_PARAM_SPEC_ENUM (pspec));
  g_assert_true (G_PARAM_SPEC_VALUE_TYPE (pspec) == PIT_TYPE_CONNECTION_STATUS);
}

/* the CLI's ids of domain states, from the enum's nicks */
static void
test_domain_state_ids (void)
{
  g_autoptr(PitConnection) connection = pit_test_open_demo ();
  PitDomain *win10 = find (connection, "win10-gaming");
  PitDomainState state;

  g_assert_cmpstr (pit_domain_state_to_id (PIT_DOMAIN_STATE_RUNNING), ==, "running");
  g_assert_cmpstr (pit_domain_state_to_id (PIT_DOMAIN_STATE_SHUTOFF), ==, "shutoff");
  g_assert_cmpstr (pit_domain_state_to_id (PIT_DOMAIN_STATE_NOSTATE), ==, "unknown");
  g_assert_cmpstr (pit_domain_state_to_id (42), ==, "unknown");
  g_object_get (win10, "state", &state, NULL);
  g_assert_cmpint (state, ==, pit_domain_get_state (win10));
  g_assert_true (G_PARAM_SPEC_VALUE_TYPE (g_object_class_find_property (G_OBJECT_GET_CLASS (win10), "state"))
                 == PIT_TYPE_DOMAIN_STATE);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/connection/demo-lists-domains", test_demo_lists_domains);
  g_test_add_func ("/connection/lifecycle-events", test_lifecycle_events_update_model);
  g_test_add_func ("/connection/define-undefine-elsewhere", test_define_and_undefine_elsewhere);
  g_test_add_func ("/connection/config-change-elsewhere", test_config_change_elsewhere);
  g_test_add_func ("/connection/open-failure", test_open_failure_is_explained);
  g_test_add_func ("/connection/early-open-is-joined", test_early_open_is_joined);
  g_test_add_func ("/connection/early-open-of-another-host", test_early_open_of_another_host);
  g_test_add_func ("/connection/list-first-then-details", test_list_first_then_details);
  g_test_add_func ("/connection/details-as-they-arrive", test_details_as_they_arrive);
  g_test_add_func ("/connection/status-order", test_status_order);
  g_test_add_func ("/connection/status-ids", test_status_ids);
  g_test_add_func ("/connection/domain-state-ids", test_domain_state_ids);

  return g_test_run ();
}
