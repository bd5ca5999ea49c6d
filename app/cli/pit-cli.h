/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "pit-connection.h"

G_BEGIN_DECLS

/* Each subcommand: argv[0] is the subcommand's name; returns the exit code. */
typedef int (*PitCliCommand) (int argc, char **argv);

int  pit_cli_list (int argc, char **argv);
int  pit_cli_host_plan (int argc, char **argv);
int  pit_cli_host (int argc, char **argv);
int  pit_cli_monitor (int argc, char **argv);
int  pit_cli_tune (int argc, char **argv);
int  pit_cli_history (int argc, char **argv);
int  pit_cli_check (int argc, char **argv);
int  pit_cli_measure (int argc, char **argv);

/* Shared by the subcommands */
typedef struct
{
  char *connect;
  gboolean demo;
  char *demo_name;   /* --demo NAME: "single-gpu"; NULL for the default demo host */
} PitCliConnectionOptions;

/* The test URI of --demo [NAME]; NULL with @error for an unknown name */
char          *pit_cli_demo_uri                 (PitCliConnectionOptions  *options,
                                                 GError                  **error);
/* GOptionArgFunc for "--demo [NAME]" (an optional value) into @data, a
 * PitCliConnectionOptions */
gboolean       pit_cli_parse_demo               (const char               *option_name,
                                                 const char               *value,
                                                 gpointer                  data,
                                                 GError                  **error);

void           pit_cli_connection_options_clear (PitCliConnectionOptions  *options);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PitCliConnectionOptions, pit_cli_connection_options_clear)

GOptionGroup  *pit_cli_connection_option_group (PitCliConnectionOptions  *options);
PitConnection *pit_cli_open_connection          (PitCliConnectionOptions  *options,
                                                 GError                  **error);
int            pit_cli_fail                     (const GError             *error);
gboolean       pit_cli_parse                    (GOptionContext           *context,
                                                 int                      *argc,
                                                 char                   ***argv);

G_END_DECLS
