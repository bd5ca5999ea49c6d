/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-ui"

#include "config.h"

#include <gio/gio.h>

#include "pit-ui-resources.h"
#include "pitstop-resources.h"

/**
 * pit_ui_resources_ensure:
 * The compiled resources register themselves from a constructor, but only if
 * the linker keeps their object file out of the static library: referencing
 * it here, from every widget's class_init, makes sure it does.
 */
void
pit_ui_resources_ensure (void)
{
  GResource *resource = pitstop_get_resource ();

  g_return_if_fail (resource != NULL);
}
