/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-cli-ledger.c: `feedboard-cli ledger export|state --ledger DIR`: the ledger for scripts.
 * export prints JSON Lines (one event per line); state prints the folded state at an instant
 * as one JSON object. Times are RFC 3339. */
#define G_LOG_DOMAIN "fb-cli-ledger"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <gio/gunixoutputstream.h>
#include <json-glib/json-glib.h>

#include "fb-cli-commands.h"
#include "fb-ledger.h"
#include "fb-time.h"

gboolean
fb_cli_parse_time (const char  *text,
                   gint64      *out,
                   GError     **error)
{
  g_autoptr(GDateTime) time = NULL;

  if (text == NULL)
    return TRUE;
  time = g_date_time_new_from_iso8601 (text, NULL);
  if (time == NULL)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "“%s” is not an RFC 3339 time such as 2026-11-24T07:02:13Z", text);
      return FALSE;
    }
  *out = g_date_time_to_unix (time) * G_USEC_PER_SEC + g_date_time_get_microsecond (time);
  return TRUE;
}

static void
add_string (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

static char *
state_to_json (FbLedgerState *state)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *at = state->at == G_MAXINT64 ? NULL : fb_time_format_rfc3339_ms (state->at);
  g_autofree char *as_of = state->as_of > 0 ? fb_time_format_rfc3339_ms (state->as_of) : NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "at");
  if (at != NULL)
    json_builder_add_string_value (builder, at);
  else if (as_of != NULL)
    json_builder_add_string_value (builder, as_of);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "asOf");
  if (as_of != NULL)
    json_builder_add_string_value (builder, as_of);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "seq");
  json_builder_add_int_value (builder, state->seq);

  json_builder_set_member_name (builder, "orders");
  json_builder_begin_array (builder);
  for (guint i = 0; i < state->orders->len; i++)
    {
      FbOrderEvent *ev = g_ptr_array_index (state->orders, i);

      json_builder_begin_object (builder);
      add_string (builder, "orderId", ev->order_id);
      add_string (builder, "status", ev->status);
      add_string (builder, "updatedAt", ev->updated_at_text);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "feeders");
  json_builder_begin_array (builder);
  for (guint i = 0; i < state->feeders->len; i++)
    {
      FbFeederState *feeder = g_ptr_array_index (state->feeders, i);
      g_autofree char *seen = fb_time_format_rfc3339_ms (feeder->received_at);

      json_builder_begin_object (builder);
      add_string (builder, "feederId", feeder->feeder_id);
      json_builder_set_member_name (builder, "foodCapacity");
      if (feeder->food_capacity >= 0)
        json_builder_add_int_value (builder, feeder->food_capacity);
      else
        json_builder_add_null_value (builder);
      add_string (builder, "lastSeen", seen);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

int
fb_cli_ledger (int    argc,
               char **argv)
{
  g_autofree char *dir = NULL;
  g_autofree char *since_text = NULL;
  g_autofree char *until_text = NULL;
  g_autofree char *at_text = NULL;
  GOptionEntry entries[] = {
    { "ledger", 0, 0, G_OPTION_ARG_FILENAME, &dir, "The ledger's directory (as given to watch --ledger)", "DIR" },
    { "since", 0, 0, G_OPTION_ARG_STRING, &since_text, "export: events received at or after TIME", "TIME" },
    { "until", 0, 0, G_OPTION_ARG_STRING, &until_text, "export: events received at or before TIME", "TIME" },
    { "at", 0, 0, G_OPTION_ARG_STRING, &at_text, "state: the instant (default: the latest)", "TIME" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("export|state|summary — read a Feedboard ledger");
  g_autoptr(GError) error = NULL;
  g_autoptr(FbLedger) ledger = NULL;
  gint64 since = 0, until = G_MAXINT64, at = G_MAXINT64;

  /* summary has options of its own (fb-cli-ledger-summary.c). */
  for (int i = 1; i < argc; i++)
    if (g_str_equal (argv[i], "summary") && (i == 1 || !g_str_has_prefix (argv[i - 1], "--")
                                             || strchr (argv[i - 1], '=') != NULL))
      return fb_cli_ledger_summary (argc, argv);

  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_description (context,
    "export prints one JSON object per event: seq, receivedAt, topic, kind and the decoded fields.\n"
    "state prints {\"at\", \"orders\": [{orderId, status, updatedAt}…], \"feeders\": […]}.\n"
    "TIME is RFC 3339, e.g. 2026-11-24T07:02:13Z.");
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("feedboard-cli ledger: %s\n", error->message);
      return 2;
    }
  if (argc != 2 || (g_strcmp0 (argv[1], "export") != 0 && g_strcmp0 (argv[1], "state") != 0))
    {
      g_printerr ("feedboard-cli ledger: say export, state or summary\n");
      return 2;
    }
  if (dir == NULL)
    {
      g_printerr ("feedboard-cli ledger: --ledger DIR is required\n");
      return 2;
    }
  if (!fb_cli_parse_time (since_text, &since, &error) || !fb_cli_parse_time (until_text, &until, &error)
      || !fb_cli_parse_time (at_text, &at, &error))
    {
      g_printerr ("feedboard-cli ledger: %s\n", error->message);
      return 2;
    }
  ledger = fb_ledger_open_read_only (dir, &error);
  if (ledger == NULL)
    {
      g_printerr ("feedboard-cli ledger: %s\n", error->message);
      return 1;
    }

  if (g_str_equal (argv[1], "export"))
    {
      g_autoptr(GOutputStream) out = g_unix_output_stream_new (1, FALSE);
      g_autoptr(GOutputStream) buffered = g_buffered_output_stream_new_sized (out, 65536);

      if (!fb_ledger_export (ledger, since, until, buffered, NULL, &error)
          || !g_output_stream_flush (buffered, NULL, &error))
        {
          g_printerr ("feedboard-cli ledger: %s\n", error->message);
          return 1;
        }
    }
  else
    {
      g_autoptr(FbLedgerState) state = fb_ledger_read_state (ledger, at, &error);
      g_autofree char *json = NULL;

      if (state == NULL)
        {
          g_printerr ("feedboard-cli ledger: %s\n", error->message);
          return 1;
        }
      json = state_to_json (state);
      g_print ("%s\n", json);
    }
  return 0;
}
