/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The stand-in for systemctl, modprobe, fuser, logger and sleep in a hook
 * test's world (hook-test-world.h): each is a link to this program, which
 * takes its name from the link.  It records its call as a line of
 * $STUB_LOG ("NAME ARGS…") and counts the calls of its name in
 * $STUB_DIR/count-NAME; STUB_FAIL=NAME:N makes the Nth call of NAME fail;
 * fuser says "in use" (exit 0) for its first $STUB_BUSY calls, then "free"
 * (exit 1); "systemctl show" prints $STUB_ALLOWED (a slice's AllowedCPUs=).
 *
 * A program of its own and not a shell script: the failures test calls a
 * stub ~1,900 times, and starting /bin/sh for each was the largest part of
 * its CPU time.  No GLib and linked statically where the toolchain can
 * (meson.build), not sanitized: it only has to start fast.  It does
 * nothing at all outside a world (no STUB_LOG or STUB_DIR). */

static const char *
env_or_empty (const char *name)
{
  const char *value = getenv (name);

  return value != NULL ? value : "";
}

int
main (int    argc,
      char **argv)
{
  const char *slash = strrchr (argv[0], '/');
  const char *name = slash != NULL ? slash + 1 : argv[0];
  const char *log = getenv ("STUB_LOG");
  const char *dir = getenv ("STUB_DIR");
  char count[4096];
  char fail[512];
  long n = 0;
  FILE *f;

  if (log == NULL || dir == NULL)
    {
      fprintf (stderr, "%s: a hook test's stub, run outside a test world\n", name);
      return 2;
    }

  /* the call, one line */
  f = fopen (log, "a");
  if (f != NULL)
    {
      fputs (name, f);
      fputc (' ', f);
      for (int i = 1; i < argc; i++)
        {
          fputs (argv[i], f);
          if (i + 1 < argc)
            fputc (' ', f);
        }
      fputc ('\n', f);
      fclose (f);
    }

  /* the how-manieth call of this name */
  snprintf (count, sizeof count, "%s/count-%s", dir, name);
  f = fopen (count, "r");
  if (f != NULL)
    {
      if (fscanf (f, "%ld", &n) != 1)
        n = 0;
      fclose (f);
    }
  n++;
  f = fopen (count, "w");
  if (f != NULL)
    {
      fprintf (f, "%ld\n", n);
      fclose (f);
    }

  if (strcmp (name, "fuser") == 0)
    return n <= strtol (env_or_empty ("STUB_BUSY"), NULL, 10) ? 0 : 1;
  snprintf (fail, sizeof fail, "%s:%ld", name, n);
  if (strcmp (env_or_empty ("STUB_FAIL"), fail) == 0)
    return 1;
  if (strcmp (name, "systemctl") == 0 && argc > 1 && strcmp (argv[1], "show") == 0)
    printf ("%s\n", env_or_empty ("STUB_ALLOWED"));
  return 0;
}
