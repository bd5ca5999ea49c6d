/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-cli"

#include "config.h"

#include "pit-cli.h"

int
pit_cli_measure (int    argc,
                 char **argv)
{
  return 1;
}
