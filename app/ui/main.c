/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop"

#include "config.h"

#include <glib/gi18n.h>

#include "pit-application.h"
#include "pit-i18n.h"

int
main (int    argc,
      char **argv)
{
  g_autoptr(PitApplication) app = NULL;

  pit_i18n_init ();

  g_set_application_name (_("Pitstop"));
  app = pit_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
