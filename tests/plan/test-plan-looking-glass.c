/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The host plan for Looking Glass (kvmfr or /dev/shm) and for sound into
 * the user's PulseAudio/PipeWire: goldens under
 * tests/fixtures/plan/golden-looking-glass/ (PITSTOP_UPDATE_GOLDEN=1
 * rewrites them), the module size from the guest's mode, udev rules checked
 * by a parser of the rules syntax (udev(7)) and by `udevadm verify` where
 * systemd has it (253 and newer; Debian 12 has 252), the NixOS module by
 * nix-instantiate --parse. */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "pit-error.h"
#include "pit-test-support.h"
#include "plan-test-hosts.h"

static char *state_dir;

typedef struct
{
  const char *name;            /* golden file: <name>.txt */
  PitPlanFacts *(*facts) (void);
  const char *host;            /* fixture folder */
  const char *gpu;
  const char *mode;
  gboolean kvmfr;
  gboolean sound;
  const char *user;
  PitHostPlanTarget target;
} Case;

static const Case cases[] = {
  { "story-nixos-kvmfr-gpu-sound", plan_test_story_before, "story-before", "0000:04:00.0", "2560x1440", TRUE, TRUE,
    "alice", PIT_HOST_PLAN_TARGET_NIXOS },
  { "story-nixos-kvmfr", plan_test_story_before, "story-before", NULL, "3840x2160:hdr", TRUE, FALSE, "alice",
    PIT_HOST_PLAN_TARGET_NIXOS },
  { "story-nixos-shm", plan_test_story_before, "story-before", NULL, "1920x1080", FALSE, FALSE, "alice:users",
    PIT_HOST_PLAN_TARGET_NIXOS },
  { "debian-kvmfr-sound", plan_test_debian, "debian", NULL, "3840x2160", TRUE, TRUE, "alice",
    PIT_HOST_PLAN_TARGET_LOOKING_GLASS },
  { "fedora-shm", plan_test_fedora, "fedora-amd", NULL, "1920x1080", FALSE, FALSE, "bob",
    PIT_HOST_PLAN_TARGET_LOOKING_GLASS },
  { "arch-sound-auto", plan_test_arch, "arch", NULL, NULL, FALSE, TRUE, "carol", PIT_HOST_PLAN_TARGET_AUTO },
};

static PitHostPlan *
make_plan (const Case  *c,
           GError     **error)
{
  g_autoptr(PitHostPlanRequest) request = pit_host_plan_request_new ();
  g_autofree char *root = plan_test_root (c->host);

  if (c->gpu != NULL)
    pit_host_plan_request_add_gpu (request, c->gpu);
  if (c->mode != NULL)
    g_assert_true (pit_host_plan_request_set_looking_glass (request, c->mode, NULL));
  if (c->user != NULL)
    g_assert_true (pit_host_plan_request_set_user (request, c->user, NULL));
  request->kvmfr = c->kvmfr;
  request->sound_pulseaudio = c->sound;
  return pit_host_plan_new (c->facts (), request, root, error);
}

static char *
render (const Case *c)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PitHostPlan) plan = make_plan (c, &error);
  char *text;

  g_assert_no_error (error);
  text = pit_host_plan_render (plan, c->target, &error);
  g_assert_no_error (error);
  g_assert_nonnull (text);
  return text;
}

static void
test_golden (gconstpointer data)
{
  const Case *c = data;
  g_autofree char *text = render (c);
  g_autofree char *file = g_strdup_printf ("%s.txt", c->name);
  g_autofree char *path = pit_test_fixture_path ("plan", "golden-looking-glass", file, NULL);
  g_autofree char *expected = NULL;
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (g_getenv ("PITSTOP_UPDATE_GOLDEN"), "1") == 0)
    {
      g_autofree char *source = g_build_filename (g_getenv ("PITSTOP_SOURCE_DIR"), "tests", "fixtures", "plan",
                                                  "golden-looking-glass", file, NULL);

      g_assert_true (g_file_set_contents (source, text, -1, &error));
      return;
    }
  g_assert_true (g_file_get_contents (path, &expected, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (text, ==, expected);
}

/* The size in the module option and the file follows the mode */
static void
test_sizes (void)
{
  g_autofree char *kvmfr = render (&cases[0]);   /* 2560x1440 */
  g_autofree char *hdr = render (&cases[1]);     /* 3840x2160:hdr */
  g_autofree char *debian = render (&cases[3]);  /* 3840x2160 */

  g_assert_nonnull (strstr (kvmfr, "options kvmfr static_size_mb=64\n"));
  g_assert_nonnull (strstr (hdr, "options kvmfr static_size_mb=256\n"));
  g_assert_nonnull (strstr (debian, "options kvmfr static_size_mb=128\n"));
  /* the QEMU user of each family, and AppArmor only where Debian has it */
  g_assert_nonnull (strstr (debian, "QEMU runs as libvirt-qemu, not as alice"));
  g_assert_nonnull (strstr (debian, "/etc/apparmor.d/local/abstractions/libvirt-qemu"));
  g_assert_nonnull (strstr (debian, "\nuser = \"alice\"\n"));
  /* NixOS: one boot.extraModprobeConfig, shared with vfio-pci */
  g_assert_nonnull (strstr (kvmfr, "boot.extraModprobeConfig"));
  g_assert_null (strstr (strstr (kvmfr, "boot.extraModprobeConfig") + 1, "boot.extraModprobeConfig"));
}

static void
test_shm (void)
{
  g_autofree char *fedora = render (&cases[4]);
  g_autofree char *nixos = render (&cases[2]);

  g_assert_nonnull (strstr (fedora, "# ==== /etc/tmpfiles.d/10-looking-glass.conf ====\n"));
  g_assert_nonnull (strstr (fedora, "\nf /dev/shm/looking-glass 0660 bob kvm -\n"));
  g_assert_null (strstr (fedora, "kvmfr"));
  g_assert_null (strstr (fedora, "qemu.conf"));
  g_assert_nonnull (strstr (nixos, "systemd.tmpfiles.rules = [ \"f /dev/shm/looking-glass 0660 alice users -\" ];"));
}

static void
test_bad_input (void)
{
  g_autoptr(PitHostPlanRequest) request = pit_host_plan_request_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(PitHostPlan) plan = NULL;
  static const char * const bad_users[] = { "", "Alice", "al ice", "alice\"", "a:b:c", "alice:", "1alice",
                                            "alice;rm", NULL };

  for (guint i = 0; bad_users[i] != NULL; i++)
    {
      g_clear_error (&error);
      g_assert_false (pit_host_plan_request_set_user (request, bad_users[i], &error));
      g_assert_error (error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT);
      g_assert_null (request->user);
    }
  g_clear_error (&error);
  g_assert_false (pit_host_plan_request_set_looking_glass (request, "1920", &error));
  g_assert_error (error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT);
  g_assert_cmpuint (request->looking_glass_mib, ==, 0);

  /* Looking Glass without the user it is for */
  g_clear_error (&error);
  g_assert_true (pit_host_plan_request_set_looking_glass (request, "1920x1080", NULL));
  plan = pit_host_plan_new (plan_test_debian (), request, NULL, &error);
  g_assert_null (plan);
  g_assert_error (error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "--user"));
}

/* udev(7): KEY[{attr}] OP "value", comma separated; match keys take == or
 * !=, assignments =, +=, -=, := */
static gboolean
udev_rule_valid (const char  *line,
                 char       **why)
{
  static const char * const match_keys[] = { "ACTION", "DEVPATH", "KERNEL", "NAME", "SYMLINK", "SUBSYSTEM",
                                             "DRIVER", "ATTR", "SYSCTL", "KERNELS", "SUBSYSTEMS", "DRIVERS",
                                             "ATTRS", "TAGS", "TAG", "ENV", "CONST", "TEST", "PROGRAM",
                                             "RESULT", NULL };
  static const char * const assign_keys[] = { "NAME", "SYMLINK", "OWNER", "GROUP", "MODE", "SECLABEL", "ATTR",
                                              "SYSCTL", "ENV", "TAG", "RUN", "LABEL", "GOTO", "IMPORT",
                                              "OPTIONS", NULL };
  const char *p = line;
  guint n_match = 0, n_assign = 0;

  while (*p != '\0')
    {
      g_autofree char *key = NULL;
      const char *start;
      gboolean is_match;

      while (*p == ' ')
        p++;
      start = p;
      while (g_ascii_isupper (*p))
        p++;
      key = g_strndup (start, p - start);
      if (*p == '{')
        {
          p = strchr (p, '}');
          if (p == NULL)
            return (*why = g_strdup ("unclosed {")), FALSE;
          p++;
        }
      if (g_str_has_prefix (p, "==") || g_str_has_prefix (p, "!="))
        is_match = TRUE, p += 2;
      else if (g_str_has_prefix (p, "+=") || g_str_has_prefix (p, "-=") || g_str_has_prefix (p, ":="))
        is_match = FALSE, p += 2;
      else if (*p == '=')
        is_match = FALSE, p += 1;
      else
        return (*why = g_strdup_printf ("no operator after “%s”", key)), FALSE;
      if (!g_strv_contains (is_match ? match_keys : assign_keys, key))
        return (*why = g_strdup_printf ("“%s” is not a %s key", key, is_match ? "match" : "assignment")), FALSE;
      if (*p != '"')
        return (*why = g_strdup_printf ("the value of %s is not quoted", key)), FALSE;
      p = strchr (p + 1, '"');
      if (p == NULL)
        return (*why = g_strdup ("unclosed quote")), FALSE;
      p++;
      if (g_str_equal (key, "MODE") && !g_regex_match_simple ("^MODE=\"0[0-7]{3}\"", start, 0, 0))
        return (*why = g_strdup ("MODE is not octal")), FALSE;
      is_match ? n_match++ : n_assign++;
      while (*p == ' ')
        p++;
      if (*p == ',')
        p++;
      else if (*p != '\0')
        return (*why = g_strdup_printf ("expected a comma at “%s”", p)), FALSE;
    }
  if (n_match == 0 || n_assign == 0)
    return (*why = g_strdup ("a rule needs a match and an assignment")), FALSE;
  return TRUE;
}

static void
test_udev_parser_rejects (void)
{
  static const char * const bad[] = {
    "SUBSYSTEM==\"kvmfr\" OWNER=\"alice\"",           /* no comma */
    "SUBSYSTEM=\"kvmfr\", OWNER=\"alice\"",            /* = where == is meant: no match left */
    "SUBSYSTEM==\"kvmfr\", OWNER==\"alice\"",          /* OWNER cannot be matched */
    "SUBSYSTEM==\"kvmfr\", OWNER=alice",               /* unquoted */
    "SUBSYSTEM==\"kvmfr\", MODE=\"660\"",              /* not octal with a leading 0 */
    "SUBSYSTEM==\"kvmfr\", OWNER=\"alice",             /* unclosed */
    NULL,
  };

  for (guint i = 0; bad[i] != NULL; i++)
    {
      g_autofree char *why = NULL;

      g_test_message ("%s", bad[i]);
      g_assert_false (udev_rule_valid (bad[i], &why));
      g_assert_nonnull (why);
    }
}

static gboolean
udevadm_verify (const char  *rules,
                char       **output)
{
  g_autofree char *udevadm = g_find_program_in_path ("udevadm");
  g_autofree char *dir = NULL;
  g_autofree char *file = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;

  if (udevadm == NULL)
    return TRUE;
  /* `udevadm verify` came with systemd 253 */
  {
    const char *argv[] = { udevadm, "verify", "--help", NULL };

    proc = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, NULL);
    if (proc == NULL || !g_subprocess_wait_check (proc, NULL, NULL))
      return TRUE;
    g_clear_object (&proc);
  }
  dir = g_dir_make_tmp ("pitstop-udev-XXXXXX", &error);
  g_assert_no_error (error);
  file = g_build_filename (dir, "99-kvmfr.rules", NULL);
  g_assert_true (g_file_set_contents (file, rules, -1, NULL));
  {
    const char *argv[] = { udevadm, "verify", file, NULL };

    proc = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_MERGE, &error);
    g_assert_no_error (error);
    g_subprocess_communicate_utf8 (proc, NULL, NULL, output, NULL, &error);
    g_assert_no_error (error);
  }
  g_unlink (file);
  g_rmdir (dir);
  g_test_message ("udevadm verify: %s", *output);
  return g_subprocess_get_exit_status (proc) == 0;
}

/* Every rule the plans write, in the rules file and inside the NixOS string */
static void
test_udev_rules (void)
{
  guint checked = 0;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = render (&cases[i]);
      g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

      for (guint j = 0; lines[j] != NULL; j++)
        {
          const char *line = lines[j] + strspn (lines[j], " ");
          g_autofree char *why = NULL;
          g_autofree char *output = NULL;

          if (!g_str_has_prefix (line, "SUBSYSTEM"))
            continue;
          g_test_message ("%s: %s", cases[i].name, line);
          if (!udev_rule_valid (line, &why))
            g_error ("%s: %s", line, why);
          g_assert_true (udevadm_verify (line, &output));
          checked++;
        }
    }
  /* the three kvmfr cases */
  g_assert_cmpuint (checked, ==, 3);
}

/* nix-instantiate --parse, as test-plan-nixos does */
static void
test_nix_parse (void)
{
  g_autofree char *nix = g_find_program_in_path ("nix-instantiate");

  if (nix == NULL)
    {
      g_test_skip ("nix-instantiate is not installed (Debian package nix-bin): the NixOS outputs were not parsed");
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *argv[] = { nix, "--parse", "-", NULL };
      g_autoptr(GSubprocessLauncher) launcher = NULL;
      g_autoptr(GSubprocess) proc = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *text = NULL;
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;

      if (cases[i].target != PIT_HOST_PLAN_TARGET_NIXOS)
        continue;
      text = render (&cases[i]);
      launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                            | G_SUBPROCESS_FLAGS_STDERR_PIPE);
      g_subprocess_launcher_setenv (launcher, "NIX_STATE_DIR", state_dir, TRUE);
      g_subprocess_launcher_setenv (launcher, "NIX_LOG_DIR", state_dir, TRUE);
      g_subprocess_launcher_setenv (launcher, "NIX_CONF_DIR", state_dir, TRUE);
      g_subprocess_launcher_setenv (launcher, "NIX_CONFIG", "build-users-group =", TRUE);
      g_subprocess_launcher_setenv (launcher, "HOME", state_dir, TRUE);
      proc = g_subprocess_launcher_spawnv (launcher, argv, &error);
      g_assert_no_error (error);
      g_subprocess_communicate_utf8 (proc, text, NULL, &out, &err, &error);
      g_assert_no_error (error);
      if (g_subprocess_get_exit_status (proc) != 0)
        g_error ("%s does not parse: %s", cases[i].name, err);
    }
}

int
main (int    argc,
      char **argv)
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  state_dir = g_dir_make_tmp ("pitstop-nix-XXXXXX", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/plan/looking-glass/golden/%s", cases[i].name);

      g_test_add_data_func (path, &cases[i], test_golden);
    }
  g_test_add_func ("/plan/looking-glass/sizes", test_sizes);
  g_test_add_func ("/plan/looking-glass/shm", test_shm);
  g_test_add_func ("/plan/looking-glass/bad-input", test_bad_input);
  g_test_add_func ("/plan/looking-glass/udev-parser-rejects", test_udev_parser_rejects);
  g_test_add_func ("/plan/looking-glass/udev-rules", test_udev_rules);
  g_test_add_func ("/plan/looking-glass/nix-parse", test_nix_parse);

  ret = g_test_run ();
  {
    g_autoptr(GFile) dir = g_file_new_for_path (state_dir);
    g_autoptr(GFileEnumerator) children = g_file_enumerate_children (dir, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                                                      G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS,
                                                                      NULL, NULL);
    GFileInfo *info;

    while (children != NULL && (info = g_file_enumerator_next_file (children, NULL, NULL)) != NULL)
      {
        g_autoptr(GFile) child = g_file_get_child (dir, g_file_info_get_name (info));

        g_file_delete (child, NULL, NULL);
        g_object_unref (info);
      }
    g_file_delete (dir, NULL, NULL);
  }
  g_free (state_dir);
  return ret;
}
