/* SPDX-License-Identifier: GPL-3.0-or-later */
/* main.c: feedboard-cli, the terminal twin of the app; dispatches subcommands. */
#define G_LOG_DOMAIN "feedboard-cli"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "fb-cli-commands.h"
#include "fb-i18n.h"
#include "fb-version.h"

static const FbCliCommand commands[] = {
  { "check", "Connect once and say what went wrong, in words", fb_cli_check },
  { "feed", "Feed a bowl once, through EventBridge or MQTT", fb_cli_feed },
  { "ledger", "Export a ledger, or print the state or the overview at an instant", fb_cli_ledger },
  { "presign", "Print a presigned AWS IoT WebSocket URL", fb_cli_presign },
  { "start-simulation", "Ask the order backend for a chain of simulated orders", fb_cli_start_simulation },
  { "version", "Print the version", fb_cli_version },
  { "watch", "Print order events and feeder messages as JSON lines", fb_cli_watch },
};

static void
print_usage (FILE *out)
{
  fprintf (out, "Usage: feedboard-cli COMMAND [OPTION…]\n\nCommands:\n");
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (out, "  %-16s %s\n", commands[i].name, commands[i].summary);
  fprintf (out, "\nRun 'feedboard-cli COMMAND --help' for the options of a command.\n");
}

int
fb_cli_version (int    argc,
                char **argv)
{
  g_print ("feedboard-cli %s\n", fb_version ());
  return 0;
}

int
main (int   argc,
      char *argv[])
{
  fb_i18n_init ();

  if (argc < 2)
    {
      print_usage (stderr);
      return 2;
    }

  if (strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0)
    {
      print_usage (stdout);
      return 0;
    }

  if (strcmp (argv[1], "--version") == 0)
    return fb_cli_version (argc - 1, argv + 1);

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (strcmp (argv[1], commands[i].name) == 0)
      return commands[i].run (argc - 1, argv + 1);

  g_printerr ("feedboard-cli: unknown command '%s'\n", argv[1]);
  print_usage (stderr);
  return 2;
}
