/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-cli-commands.h: the subcommands of feedboard-cli, one file each. */
#pragma once

#include <glib.h>
#include <stdio.h>

G_BEGIN_DECLS

typedef struct
{
  const char *name;
  const char *summary;
  int       (*run) (int argc, char **argv);
} FbCliCommand;

/* Each takes argv with argv[0] = the command name; returns the exit status. */
int fb_cli_version (int argc, char **argv);
int fb_cli_check (int argc, char **argv);
int fb_cli_feed (int argc, char **argv);
int fb_cli_ledger (int argc, char **argv);
int fb_cli_ledger_summary (int argc, char **argv);
/* An RFC 3339 time (--at, --since, --until) in µs since the epoch; NULL leaves *out alone. */
gboolean fb_cli_parse_time (const char *text, gint64 *out, GError **error);
int fb_cli_presign (int argc, char **argv);
int fb_cli_start_simulation (int argc, char **argv);
int fb_cli_watch (int argc, char **argv);

G_END_DECLS
