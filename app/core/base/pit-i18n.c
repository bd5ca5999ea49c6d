/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The locale and the message catalog, for pitstop and pitstop-cli alike.
 *
 * PITSTOP_LOCALEDIR overrides the installed catalog directory: `meson devenv`
 * and the tests point it at the build tree's po/ (it holds
 * de/LC_MESSAGES/pitstop.mo), so the demo run from a checkout speaks the
 * user's language without an install. */
#include "config.h"

#include "pit-i18n.h"

#include <glib/gi18n.h>
#include <locale.h>

void
pit_i18n_init (void)
{
  const char *localedir = g_getenv ("PITSTOP_LOCALEDIR");

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL && *localedir != '\0' ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}
