/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "hook-test-lint.h"

/* Every absolute path of a command line of @text is under $root */
static void
assert_paths_under_root (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *dirs[] = { "/sys/", "/dev/", "/run/", "/proc/", "/etc/", NULL };
      const char *line = lines[i] + strspn (lines[i], " ");

      if (*line == '#')
        continue;
      for (guint d = 0; dirs[d] != NULL; d++)
        for (const char *p = strstr (line, dirs[d]); p != NULL; p = strstr (p + 1, dirs[d]))
          if (!(p - line >= 5 && strncmp (p - 5, "$root", 5) == 0)
              && !(p - line >= 3 && strncmp (p - 3, "dev", 3) == 0)   /* 2>/dev/null */
              && !g_str_has_prefix (p, "/dev/null"))
            g_error ("a path outside $root: %s", line);
    }
}

/* sh -n and shellcheck (when installed) on the script @hook; no path
 * outside $root */
void
hook_test_lint_shell (const char *hook)
{
  g_autofree char *shellcheck = g_find_program_in_path ("shellcheck");
  g_autofree char *text = NULL;
  int status;

  {
    const char *argv[] = { "/bin/sh", "-n", hook, NULL };
    g_autofree char *err = NULL;

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, 0, NULL, NULL, NULL, &err, &status, NULL));
    if (!g_spawn_check_wait_status (status, NULL))
      g_error ("sh -n: %s", err);
  }
  if (shellcheck != NULL)
    {
      const char *argv[] = { shellcheck, "-s", "sh", hook, NULL };
      g_autofree char *out = NULL;

      g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, 0, NULL, NULL, &out, NULL, &status, NULL));
      if (!g_spawn_check_wait_status (status, NULL))
        g_error ("shellcheck: %s", out);
    }
  else
    g_test_message ("shellcheck is not installed (apt install shellcheck): only sh -n");

  g_assert_true (g_file_get_contents (hook, &text, NULL, NULL));
  assert_paths_under_root (text);
}

/* The NixOS form @text, saved as @path, parses with @nix (nix-instantiate):
 * what it prints */
char *
hook_test_nix_parse (const char *nix,
                     const char *text,
                     const char *path)
{
  const char *argv[] = { nix, "--parse", path, NULL };
  char *out = NULL;
  int status;

  g_assert_nonnull (strstr (text, "virtualisation.libvirtd.hooks.qemu."));
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out,
                               NULL, &status, NULL));
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("nix-instantiate --parse fails on:\n%s", text);
  return out;
}
