/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-history-past.c: the past as fb-history-past reads it from a real ledger: a feeder's last
 * feed and its feed log (sending, then its recorded outcome) exactly as they stood at each
 * instant, stale or not as seen from that instant, and the timeline's range and marks. */
#include <glib/gstdio.h>

#include "fb-history-past.h"
#include "fb-ledger-records.h"
#include "fb-test-ledger.h"

#define T0 ((gint64) 1764000000 * G_USEC_PER_SEC)
#define S  G_USEC_PER_SEC

static void
append (FbLedger     *ledger,
        FbLedgerKind  kind,
        const char   *topic,
        const char   *json,
        gint64        at)
{
  g_autoptr(GBytes) payload = g_bytes_new (json, strlen (json));

  fb_ledger_append (ledger, kind, topic, payload, at);
}

static FbHistoryPast *
read_at (FbLedger *ledger,
         gint64    at)
{
  g_autoptr(GError) error = NULL;
  FbHistoryPast *past = fb_history_past_read (ledger, at, &error);

  g_assert_no_error (error);
  g_assert_nonnull (past);
  return past;
}

static FbFeeder *
kitchen (FbFeederStore *store)
{
  FbFeeder *feeder = fb_feeder_store_lookup (store, "kitchen");

  g_assert_nonnull (feeder);
  return feeder;
}

static FbFeedCommand *
command_at (FbFeeder *feeder,
            guint     position)
{
  g_autoptr(FbFeedCommand) command = g_list_model_get_item (fb_feeder_get_commands (feeder), position);

  g_assert_nonnull (command);
  return command;   /* the feeder's list keeps it */
}

static void
test_feeds_as_they_were (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = fb_test_make_dir ();
  g_autoptr(FbLedger) ledger = fb_ledger_open (dir, &error);
  g_autoptr(FbHistoryPast) past = NULL;
  g_autoptr(FbFeederStore) store = NULL;
  FbFeedCommand *command;

  g_assert_no_error (error);
  append (ledger, FB_LEDGER_KIND_FEEDER_STATE, "cat-feeder/states",
          "{\"device_location\":\"kitchen\",\"food_capacity\":80}", T0);
  append (ledger, FB_LEDGER_KIND_FEED_COMMAND, FB_LEDGER_FEED_TOPIC,
          "{\"id\":\"c1\",\"feederId\":\"kitchen\",\"bowl\":\"left\",\"route\":\"eventbridge\",\"state\":\"sending\"}",
          T0 + 10 * S);
  append (ledger, FB_LEDGER_KIND_FEED_COMMAND, FB_LEDGER_FEED_TOPIC,
          "{\"id\":\"c1\",\"feederId\":\"kitchen\",\"bowl\":\"left\",\"route\":\"eventbridge\",\"state\":\"accepted\","
          "\"receipt\":\"e-1\"}", T0 + 11 * S);
  append (ledger, FB_LEDGER_KIND_FEED_ACTION, FB_FEEDER_ACTION_TOPIC, "{\"event\":\"SINGLE\"}", T0 + 12 * S);
  append (ledger, FB_LEDGER_KIND_FEED_COMMAND, FB_LEDGER_FEED_TOPIC, "not json", T0 + 13 * S);
  append (ledger, FB_LEDGER_KIND_FEED_COMMAND, FB_LEDGER_FEED_TOPIC,
          "{\"id\":\"c2\",\"feederId\":\"kitchen\",\"bowl\":\"both\",\"route\":\"mqtt\",\"state\":\"sending\"}",
          T0 + 20 * S);
  append (ledger, FB_LEDGER_KIND_FEED_COMMAND, FB_LEDGER_FEED_TOPIC,
          "{\"id\":\"c2\",\"feederId\":\"kitchen\",\"bowl\":\"both\",\"route\":\"mqtt\",\"state\":\"failed\","
          "\"reason\":\"No answer within 10 s\"}", T0 + 30 * S);
  g_assert_true (fb_test_ledger_flush (ledger, &error));

  /* Before any feed: the state, no last feed, an empty log, not stale 5 s after its state. */
  past = read_at (ledger, T0 + 5 * S);
  store = fb_history_past_build_feeders (past, 60);
  g_assert_cmpint (fb_feeder_store_get_frozen_at (store), ==, T0 + 5 * S);
  g_assert_cmpint (fb_feeder_get_food_capacity (kitchen (store)), ==, 80);
  g_assert_null (fb_feeder_get_last_feed (kitchen (store)));
  g_assert_cmpuint (g_list_model_get_n_items (fb_feeder_get_commands (kitchen (store))), ==, 0);
  g_assert_false (fb_feeder_get_stale (kitchen (store)));
  g_clear_object (&store);
  g_clear_pointer (&past, fb_history_past_free);

  /* While the first command was in flight. */
  past = read_at (ledger, T0 + 10 * S + 500000);
  store = fb_history_past_build_feeders (past, 60);
  command = command_at (kitchen (store), 0);
  g_assert_cmpstr (fb_feed_command_get_id (command), ==, "c1");
  g_assert_cmpint (fb_feed_command_get_state (command), ==, FB_FEED_COMMAND_SENDING);
  g_assert_cmpint (fb_feed_command_get_created_at (command), ==, T0 + 10 * S);
  g_clear_object (&store);
  g_clear_pointer (&past, fb_history_past_free);

  /* After the action: accepted with its receipt, the feed seen on the bus. */
  past = read_at (ledger, T0 + 12 * S);
  store = fb_history_past_build_feeders (past, 60);
  command = command_at (kitchen (store), 0);
  g_assert_cmpint (fb_feed_command_get_state (command), ==, FB_FEED_COMMAND_ACCEPTED);
  g_assert_cmpstr (fb_feed_command_get_receipt (command), ==, "e-1");
  g_assert_cmpstr (fb_feeder_get_last_feed (kitchen (store)), ==, "SINGLE");
  g_assert_cmpint (fb_feeder_get_last_feed_at (kitchen (store)), ==, T0 + 12 * S);
  g_clear_object (&store);
  g_clear_pointer (&past, fb_history_past_free);

  /* At the end: two commands, newest first, the second failed with its reason; the feeder stale
     as seen from then (30 s after its state, with 20 s allowed). */
  past = read_at (ledger, T0 + 60 * S);
  store = fb_history_past_build_feeders (past, 20);
  g_assert_cmpuint (g_list_model_get_n_items (fb_feeder_get_commands (kitchen (store))), ==, 2);
  command = command_at (kitchen (store), 0);
  g_assert_cmpstr (fb_feed_command_get_id (command), ==, "c2");
  g_assert_cmpint (fb_feed_command_get_bowl (command), ==, FB_BOWL_BOTH);
  g_assert_cmpint (fb_feed_command_get_route (command), ==, FB_FEED_ROUTE_MQTT);
  g_assert_cmpint (fb_feed_command_get_state (command), ==, FB_FEED_COMMAND_FAILED);
  g_assert_cmpstr (fb_feed_command_get_reason (command), ==, "No answer within 10 s");
  g_assert_true (fb_feeder_get_stale (kitchen (store)));

  /* The timeline: the whole range, and a mark where events are (not in the empty middle). */
  g_assert_cmpint (fb_history_past_get_first (past), ==, T0);
  g_assert_cmpint (fb_history_past_get_last (past), ==, T0 + 30 * S);
  g_assert_cmpuint (fb_history_past_get_marks (past)->len, >=, 4);
  g_assert_cmpuint (fb_history_past_get_marks (past)->len, <=, FB_HISTORY_PAST_N_MARKS);
  for (guint i = 0; i < fb_history_past_get_marks (past)->len; i++)
    {
      gint64 mark = g_array_index (fb_history_past_get_marks (past), gint64, i);

      g_assert_true (mark == T0 || (mark >= T0 + 10 * S && mark <= T0 + 13 * S) || mark == T0 + 20 * S
                     || mark == T0 + 30 * S);
    }

  fb_ledger_close (ledger);
  fb_test_remove_dir (dir);
}

static void
test_decode_command (void)
{
  const char *bad[] = {
    "", "[]", "{\"id\":1}", "{\"id\":\"x\",\"feederId\":\"k\",\"bowl\":\"middle\",\"route\":\"mqtt\",\"state\":\"sending\"}",
    "{\"id\":\"x\",\"feederId\":\"k\",\"bowl\":\"left\",\"route\":\"carrier-pigeon\",\"state\":\"sending\"}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GBytes) payload = g_bytes_new (bad[i], strlen (bad[i]));

      g_assert_null (fb_history_past_decode_command (payload, T0));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/history-past/feeds-as-they-were", test_feeds_as_they_were);
  g_test_add_func ("/history-past/decode-command", test_decode_command);
  return g_test_run ();
}
