/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-history-past.c: the past as it was shown. The ledger's fold has each order and feeder state;
 * a feeder card also shows the last feed the backend passed on (cat-feeder/action) and the feed
 * commands sent from here with their outcomes (feedboard/feed records, one when sent and one when
 * finished). Those are read here, newest first, through a read-only connection of our own, and
 * replayed oldest first into a fresh store. */
#define G_LOG_DOMAIN "fb-history-past"

#include <sqlite3.h>

#include "fb-history-past.h"
#include "fb-inbound.h"
#include "fb-json.h"
#include "fb-ledger-records.h"

struct _FbHistoryPast
{
  gint64         at;
  FbLedgerState *state;
  GPtrArray     *feeds;     /* FbMqttMessage, oldest first; received_at is the ledger's time */
  gint64         first;
  gint64         last;
  GArray        *marks;     /* gint64 */
};

void
fb_history_past_free (FbHistoryPast *past)
{
  if (past == NULL)
    return;
  g_clear_pointer (&past->state, fb_ledger_state_free);
  g_clear_pointer (&past->feeds, g_ptr_array_unref);
  g_clear_pointer (&past->marks, g_array_unref);
  g_free (past);
}

gint64
fb_history_past_get_at (FbHistoryPast *past)
{
  return past->at;
}

gint64
fb_history_past_get_first (FbHistoryPast *past)
{
  return past->first;
}

gint64
fb_history_past_get_last (FbHistoryPast *past)
{
  return past->last;
}

GArray *
fb_history_past_get_marks (FbHistoryPast *past)
{
  return past->marks;
}

const FbLedgerState *
fb_history_past_get_state (FbHistoryPast *past)
{
  return past->state;
}

static gboolean
sql_failed (sqlite3     *db,
            const char  *what,
            GError     **error)
{
  g_set_error (error, FB_LEDGER_ERROR, FB_LEDGER_ERROR_SQL, "%s: %s", what, sqlite3_errmsg (db));
  return FALSE;
}

/* The first received time at or after @from (and at most @until); FALSE when none. */
static gboolean
next_time (sqlite3_stmt *stmt,
           gint64        from,
           gint64        until,
           gint64       *out)
{
  gboolean found;

  sqlite3_reset (stmt);
  sqlite3_bind_int64 (stmt, 1, from);
  sqlite3_bind_int64 (stmt, 2, until);
  found = sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL;
  if (found)
    *out = sqlite3_column_int64 (stmt, 0);
  return found;
}

/* The range and, by index lookups (one per part of it that has events), where events are. */
static gboolean
read_marks (FbHistoryPast  *past,
            sqlite3        *db,
            GError        **error)
{
  sqlite3_stmt *stmt = NULL;
  gint64 width, from;

  past->marks = g_array_new (FALSE, FALSE, sizeof (gint64));
  if (sqlite3_prepare_v2 (db, "SELECT min (received_at), max (received_at) FROM events", -1, &stmt, NULL) != SQLITE_OK)
    return sql_failed (db, "Reading the history's range", error);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    {
      past->first = sqlite3_column_int64 (stmt, 0);
      past->last = sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_finalize (stmt);
  if (past->first == 0)
    return TRUE;

  if (sqlite3_prepare_v2 (db, "SELECT received_at FROM events WHERE received_at >= ?1 AND received_at <= ?2 "
                              "ORDER BY received_at LIMIT 1", -1, &stmt, NULL) != SQLITE_OK)
    return sql_failed (db, "Reading the history's marks", error);
  width = (past->last - past->first) / FB_HISTORY_PAST_N_MARKS + 1;
  from = past->first;
  for (guint i = 0; i < FB_HISTORY_PAST_N_MARKS + 1; i++)
    {
      gint64 time, part;

      if (!next_time (stmt, from, past->last, &time))
        break;
      g_array_append_val (past->marks, time);
      part = (time - past->first) / width;
      from = past->first + (part + 1) * width;
    }
  sqlite3_finalize (stmt);
  return TRUE;
}

static GPtrArray *
read_feeds (sqlite3  *db,
            gint64    at,
            GError  **error)
{
  g_autoptr(GPtrArray) feeds = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_mqtt_message_free);
  sqlite3_stmt *stmt = NULL;
  int rc;

  /* The newest events first, by the received_at index, a bounded number of them. */
  rc = sqlite3_prepare_v2 (db, "SELECT received_at, topic, payload FROM "
                               "(SELECT seq, received_at, kind, topic, payload FROM events WHERE received_at <= ?1 "
                               " ORDER BY received_at DESC, seq DESC LIMIT ?2) "
                               "WHERE kind IN (?3, ?4) LIMIT ?5", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_int64 (stmt, 1, at);
      sqlite3_bind_int (stmt, 2, FB_HISTORY_PAST_MAX_SCANNED);
      sqlite3_bind_int (stmt, 3, FB_LEDGER_KIND_FEED_ACTION);
      sqlite3_bind_int (stmt, 4, FB_LEDGER_KIND_FEED_COMMAND);
      sqlite3_bind_int (stmt, 5, FB_HISTORY_PAST_MAX_FEEDS);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          FbMqttMessage *message = g_new0 (FbMqttMessage, 1);

          message->received_at = sqlite3_column_int64 (stmt, 0);
          message->topic = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
          message->payload = g_bytes_new (sqlite3_column_blob (stmt, 2), sqlite3_column_bytes (stmt, 2));
          g_ptr_array_add (feeds, message);
        }
    }
  if (rc != SQLITE_DONE)
    {
      sql_failed (db, "Reading the feeds of the history", error);
      sqlite3_finalize (stmt);
      return NULL;
    }
  sqlite3_finalize (stmt);

  /* Oldest first, as they happened. */
  for (guint i = 0; i < feeds->len / 2; i++)
    {
      gpointer tmp = feeds->pdata[i];

      feeds->pdata[i] = feeds->pdata[feeds->len - 1 - i];
      feeds->pdata[feeds->len - 1 - i] = tmp;
    }
  return g_steal_pointer (&feeds);
}

FbHistoryPast *
fb_history_past_read (FbLedger  *ledger,
                      gint64     at,
                      GError   **error)
{
  g_autoptr(FbHistoryPast) past = g_new0 (FbHistoryPast, 1);
  sqlite3 *db = NULL;
  gboolean ok;

  g_return_val_if_fail (FB_IS_LEDGER (ledger), NULL);

  past->at = at;
  past->state = fb_ledger_read_state (ledger, at, error);
  if (past->state == NULL)
    return NULL;

  /* A read-only connection of our own: readers never wait for the ledger's writer (WAL). */
  if ((db = fb_ledger_open_reader (ledger, NULL, error)) == NULL)
    return NULL;
  ok = (sqlite3_exec (db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK || sql_failed (db, "Reading the history", error))
       && (past->feeds = read_feeds (db, at, error)) != NULL
       && read_marks (past, db, error);
  sqlite3_close (db);
  return ok ? g_steal_pointer (&past) : NULL;
}

void
fb_history_past_read_async (FbLedger            *ledger,
                            gint64               at,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  static const FbLedgerReader reader = {
    .source_tag = fb_history_past_read_async,
    .read_at = (FbLedgerReadAtFunc) fb_history_past_read,
    .result_free = (GDestroyNotify) fb_history_past_free,
  };

  g_return_if_fail (FB_IS_LEDGER (ledger));

  fb_ledger_run_read_at_async (ledger, &reader, at, cancellable, callback, user_data);
}

FbHistoryPast *
fb_history_past_read_finish (FbLedger      *ledger,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, ledger), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

FbFeedCommand *
fb_history_past_decode_command (GBytes *payload,
                                gint64  received_at)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *object;
  const char *id, *feeder_id, *state;
  FbBowl bowl;
  FbFeedRoute route;
  FbFeedCommand *command;
  gsize len;
  const guint8 *data = g_bytes_get_data (payload, &len);

  parser = fb_json_parse_object (data, len, 4096, "A feed record", &object, &error);
  if (parser == NULL)
    {
      g_debug ("%s", error->message);
      return NULL;
    }
  id = fb_json_get_string (object, "id");
  feeder_id = fb_json_get_string (object, "feederId");
  state = fb_json_get_string (object, "state");
  if (id == NULL || feeder_id == NULL || state == NULL
      || !fb_bowl_from_string (fb_json_get_string (object, "bowl"), &bowl)
      || !fb_feed_route_from_string (fb_json_get_string (object, "route"), &route))
    return NULL;

  command = fb_feed_command_new_recorded (id, feeder_id, bowl, route, received_at);
  if (g_str_equal (state, "accepted"))
    fb_feed_command_accept (command, fb_json_get_string (object, "receipt"));
  else if (g_str_equal (state, "failed"))
    fb_feed_command_fail (command, fb_json_get_string (object, "reason"));
  return command;
}

FbOrderStore *
fb_history_past_build_orders (FbHistoryPast *past)
{
  FbOrderStore *orders = fb_order_store_new ();
  g_autoptr(GPtrArray) events = g_ptr_array_new ();

  fb_order_store_set_max_orders (orders, G_MAXUINT);
  for (guint i = 0; i < past->state->orders->len; i++)
    g_ptr_array_add (events, g_ptr_array_index (past->state->orders, i));
  fb_order_store_apply_batch (orders, events, NULL);
  return orders;
}

FbFeederStore *
fb_history_past_build_feeders (FbHistoryPast *past,
                               guint          stale_after)
{
  FbFeederStore *feeders = fb_feeder_store_new ();
  /* A command's records by its id: the first (sending) gives its time, the last its outcome. */
  g_autoptr(GHashTable) commands = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_object_unref);
  g_autoptr(GPtrArray) order = g_ptr_array_new ();

  for (guint i = 0; i < past->state->feeders->len; i++)
    fb_feeder_store_apply_state (feeders, g_ptr_array_index (past->state->feeders, i));

  for (guint i = 0; i < past->feeds->len; i++)
    {
      FbMqttMessage *record = g_ptr_array_index (past->feeds, i);

      /* The ledger classifies by topic: cat-feeder/action, or feedboard/feed. */
      if (g_strcmp0 (record->topic, FB_FEEDER_ACTION_TOPIC) == 0)
        {
          g_autoptr(FbInboundEvent) event = fb_inbound_decode_message (record);

          if (event->kind != FB_INBOUND_REFUSED)
            fb_feeder_store_apply_event (feeders, event, NULL);
        }
      else if (g_strcmp0 (record->topic, FB_LEDGER_FEED_TOPIC) == 0)
        {
          g_autoptr(FbFeedCommand) command = fb_history_past_decode_command (record->payload, record->received_at);
          FbFeedCommand *first;

          if (command == NULL)
            continue;
          first = g_hash_table_lookup (commands, fb_feed_command_get_id (command));
          if (first == NULL)
            {
              g_hash_table_insert (commands, (gpointer) fb_feed_command_get_id (command), g_object_ref (command));
              g_ptr_array_add (order, command);
            }
          else if (fb_feed_command_get_state (command) == FB_FEED_COMMAND_ACCEPTED)
            fb_feed_command_accept (first, fb_feed_command_get_receipt (command));
          else if (fb_feed_command_get_state (command) == FB_FEED_COMMAND_FAILED)
            fb_feed_command_fail (first, fb_feed_command_get_reason (command));
        }
    }
  /* In the order they were sent: the feeder's log puts the newest first. */
  for (guint i = 0; i < order->len; i++)
    fb_feeder_store_add_command (feeders, g_ptr_array_index (order, i));

  fb_feeder_store_set_stale_after (feeders, stale_after);
  fb_feeder_store_freeze (feeders, past->at);
  return feeders;
}
