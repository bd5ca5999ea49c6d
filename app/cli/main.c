/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "pit-cli.h"
#include "pit-i18n.h"

typedef struct
{
  const char *name;
  PitCliCommand run;
  const char *summary;
} Command;

static const Command commands[] = {
  { "list", pit_cli_list, N_("List the virtual machines of a connection") },
  { "host-plan", pit_cli_host_plan, N_("Print the host changes for passthrough, hugepages and a bridge") },
  { "host", pit_cli_host, N_("Show the host’s CPUs, IOMMU groups, PCI devices, memory, network and boot setup") },
  { "monitor", pit_cli_monitor, N_("Show live CPU, memory, disk and network figures") },
  { "tune", pit_cli_tune, N_("Tune a virtual machine: GPU, CPU, pinning, hugepages, drivers, network") },
  { "history", pit_cli_history, N_("List or restore the saved configurations of a virtual machine") },
  { "check", pit_cli_check, N_("Find what holds a virtual machine back, and how to fix it") },
  { "measure", pit_cli_measure, N_("Record a virtual machine’s figures, or compare the latest two records") },
};

static void
usage (void)
{
  g_print ("%s\n\n", _("Usage: pitstop-cli COMMAND [OPTION…]"));
  g_print ("%s\n", _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_print ("  %-12s %s\n", commands[i].name, _(commands[i].summary));
  g_print ("\n%s\n", _("Run “pitstop-cli COMMAND --help” for a command’s options."));
}

int
main (int    argc,
      char **argv)
{
  pit_i18n_init ();

  if (argc < 2 || g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h")
      || g_str_equal (argv[1], "help"))
    {
      usage ();
      return argc < 2 ? 1 : 0;
    }
  if (g_str_equal (argv[1], "--version"))
    {
      g_print ("pitstop-cli %s\n", PACKAGE_VERSION);
      return 0;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (argv[1], commands[i].name))
      return commands[i].run (argc - 1, argv + 1);

  g_printerr (_("pitstop-cli: unknown command “%s”\n"), argv[1]);
  usage ();
  return 1;
}
