/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-cli-ledger-summary.c: `feedboard-cli ledger summary --ledger DIR [--at TIME]
 * [--stuck-after MINUTES] [--window MINUTES]`: the app's overview of the orders at an instant,
 * as one JSON object, from the same fold (fb_ledger_read_overview, fb_order_overview_summarize). */
#define G_LOG_DOMAIN "fb-cli-ledger-summary"

#include "config.h"

#include "fb-cli-commands.h"
#include "fb-ledger-overview.h"

/* A whole number of minutes from @min to @max, or FALSE. */
static gboolean
parse_minutes (const char  *option,
               const char  *text,
               guint64      min,
               guint64      max,
               gint64      *out,
               GError     **error)
{
  guint64 minutes;
  g_autoptr(GError) local_error = NULL;

  if (text == NULL)
    return TRUE;
  if (!g_ascii_string_to_unsigned (text, 10, min, max, &minutes, &local_error))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "%s takes whole minutes from %" G_GUINT64_FORMAT " to %" G_GUINT64_FORMAT ", not “%s”",
                   option, min, max, text);
      return FALSE;
    }
  *out = (gint64) minutes * 60 * G_USEC_PER_SEC;
  return TRUE;
}

int
fb_cli_ledger_summary (int    argc,
                       char **argv)
{
  g_autofree char *dir = NULL;
  g_autofree char *at_text = NULL;
  g_autofree char *stuck_text = NULL;
  g_autofree char *window_text = NULL;
  GOptionEntry entries[] = {
    { "ledger", 0, 0, G_OPTION_ARG_FILENAME, &dir, "The ledger's directory (as given to watch --ledger)", "DIR" },
    { "at", 0, 0, G_OPTION_ARG_STRING, &at_text, "The instant (default: now)", "TIME" },
    { "stuck-after", 0, 0, G_OPTION_ARG_STRING, &stuck_text,
      "An order not updated for longer than this is stuck (default 10)", "MINUTES" },
    { "window", 0, 0, G_OPTION_ARG_STRING, &window_text, "The window ending at TIME (default 60)", "MINUTES" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("summary — the overview of the orders at an instant");
  g_autoptr(GError) error = NULL;
  g_autoptr(FbLedger) ledger = NULL;
  g_autoptr(FbOrderOverview) overview = NULL;
  g_autoptr(FbOrderSummary) summary = NULL;
  g_autofree char *json = NULL;
  gint64 at = g_get_real_time ();
  gint64 stuck_after = FB_ORDER_OVERVIEW_DEFAULT_STUCK_AFTER;
  gint64 window = FB_ORDER_OVERVIEW_DEFAULT_WINDOW;

  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_description (context,
    "Prints {\"at\", \"counts\": {STATUS: n…}, \"ordersPerMinute\", \"completed\": {\"count\", \"p50Seconds\",\n"
    "\"p95Seconds\"}, \"cancelled\", \"stuck\": [{\"orderId\", \"status\", \"since\"}…]}, as the app's overview:\n"
    "- every event received at or before TIME counts; times are the events' updatedAt;\n"
    "- counts: each order's status at TIME (last writer wins by updatedAt);\n"
    "- the window is (TIME - MINUTES, TIME]; ordersPerMinute: orders whose CREATED event is in it,\n"
    "  divided by its minutes; cancelled: orders whose CANCELLED event is in it;\n"
    "- completed: orders whose COMPLETED event is in it, each from its first event to COMPLETED;\n"
    "  percentiles by nearest rank (the value at position ceil(p*n) of the ascending list);\n"
    "- stuck: orders neither COMPLETED nor CANCELLED, last updated more than --stuck-after minutes\n"
    "  before TIME, oldest first.\n"
    "TIME is RFC 3339, e.g. 2026-11-24T07:02:13Z.");
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("feedboard-cli ledger summary: %s\n", error->message);
      return 2;
    }
  if (argc != 2 || g_strcmp0 (argv[1], "summary") != 0)
    {
      g_printerr ("feedboard-cli ledger summary: unexpected “%s”\n", argc > 2 ? argv[2] : argv[argc - 1]);
      return 2;
    }
  if (dir == NULL)
    {
      g_printerr ("feedboard-cli ledger summary: --ledger DIR is required\n");
      return 2;
    }
  if (!fb_cli_parse_time (at_text, &at, &error)
      || !parse_minutes ("--stuck-after", stuck_text, 0, 525600, &stuck_after, &error)
      || !parse_minutes ("--window", window_text, 1, 525600, &window, &error))
    {
      g_printerr ("feedboard-cli ledger summary: %s\n", error->message);
      return 2;
    }

  ledger = fb_ledger_open_read_only (dir, &error);
  if (ledger != NULL)
    overview = fb_ledger_read_overview (ledger, at, window, &error);
  if (overview == NULL)
    {
      g_printerr ("feedboard-cli ledger summary: %s\n", error->message);
      return 1;
    }
  summary = fb_order_overview_summarize (overview, at, window, stuck_after, G_MAXUINT);
  json = fb_order_summary_to_json (summary);
  g_print ("%s\n", json);
  return 0;
}
