/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-ledger-messages.c: received messages read back from the ledger. Received times never go back
 * in the ledger, so a time range is a range of sequence numbers: it is turned into one through
 * the received_at index, and pages are read by seq (the table's own order) with a LIMIT. */
#define G_LOG_DOMAIN "fb-ledger"

#include <string.h>

#include <sqlite3.h>

#include "fb-feeder-state.h"
#include "fb-inbound.h"
#include "fb-ledger-messages.h"

/* How far after its own time a message may sit in the ledger (its clock never goes back). */
#define FIND_WINDOW_US (10 * 60 * G_USEC_PER_SEC)

static gboolean
sql_error (GError     **error,
           sqlite3     *db,
           const char  *what)
{
  g_set_error (error, FB_LEDGER_ERROR, FB_LEDGER_ERROR_SQL, "%s: %s", what, sqlite3_errmsg (db));
  return FALSE;
}

static gboolean
exec_sql (sqlite3     *db,
          const char  *sql,
          GError     **error)
{
  if (sqlite3_exec (db, sql, NULL, NULL, NULL) != SQLITE_OK)
    return sql_error (error, db, sql);
  return TRUE;
}

/* Ends a read whose last step returned @rc: FALSE, with @error set, when it did not run to
   the end. */
static gboolean
end_read (sqlite3       *db,
          sqlite3_stmt  *stmt,
          int            rc,
          const char    *what,
          GCancellable  *cancellable,
          GError       **error)
{
  gboolean ok = rc == SQLITE_DONE || rc == SQLITE_ROW;

  if (!ok && !g_cancellable_set_error_if_cancelled (cancellable, error))
    sql_error (error, db, what);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return ok;
}

/* Why a stored message of Feedboard's topics did not decode; NULL when it did. */
static char *
row_reason (FbLedgerKind  kind,
            const char   *topic,
            const char   *key,
            const guint8 *data,
            gsize         len,
            gint64        received_at)
{
  g_autoptr(FbInboundEvent) event = NULL;

  if (key != NULL || (kind != FB_LEDGER_KIND_ORDER && kind != FB_LEDGER_KIND_FEEDER_STATE))
    return NULL;
  /* Decoded again through the one inbound path, as when it arrived. */
  event = fb_inbound_decode (topic, data, len, received_at, FALSE, 0);
  return event->kind == FB_INBOUND_REFUSED && event->error != NULL ? g_strdup (event->error->message) : NULL;
}

/* Columns: seq, received_at, kind, topic, key, payload. */
static FbRawMessage *
message_from_stmt (sqlite3_stmt *stmt)
{
  const guint8 *data = sqlite3_column_blob (stmt, 5);
  gsize len = sqlite3_column_bytes (stmt, 5);
  g_autoptr(GBytes) payload = g_bytes_new (data, len);
  FbLedgerKind kind = sqlite3_column_int (stmt, 2);
  const char *topic = (const char *) sqlite3_column_text (stmt, 3);
  gint64 received_at = sqlite3_column_int64 (stmt, 1);
  g_autofree char *reason = row_reason (kind, topic, (const char *) sqlite3_column_text (stmt, 4), data, len,
                                        received_at);

  return fb_raw_message_new_recorded (sqlite3_column_int64 (stmt, 0), kind, topic, payload, received_at, reason);
}

/* The sequence numbers of the messages received from @since to @until: [*first, *last]. */
static gboolean
seq_range (sqlite3  *db,
           gint64    since,
           gint64    until,
           gint64   *first,
           gint64   *last,
           GError  **error)
{
  sqlite3_stmt *stmt = NULL;
  gboolean ok;

  ok = sqlite3_prepare_v2 (db, "SELECT (SELECT min (seq) FROM events WHERE received_at >= ?1), "
                               "(SELECT max (seq) FROM events WHERE received_at <= ?2)", -1, &stmt, NULL) == SQLITE_OK;
  if (ok)
    {
      sqlite3_bind_int64 (stmt, 1, since);
      sqlite3_bind_int64 (stmt, 2, until > 0 ? until : G_MAXINT64);
      ok = sqlite3_step (stmt) == SQLITE_ROW;
    }
  if (!ok)
    {
      sqlite3_finalize (stmt);
      return sql_error (error, db, "Reading messages");
    }
  *first = sqlite3_column_type (stmt, 0) != SQLITE_NULL ? sqlite3_column_int64 (stmt, 0) : 1;
  *last = sqlite3_column_type (stmt, 1) != SQLITE_NULL ? sqlite3_column_int64 (stmt, 1) : 0;
  sqlite3_finalize (stmt);
  return TRUE;
}

/* A reader in a transaction, preparing @sql over the messages received from @since to @until,
   bound to the range of their sequence numbers (?1, ?2); NULL on error. */
static sqlite3 *
open_range (FbLedger       *self,
            gint64          since,
            gint64          until,
            gint64          before_seq,
            const char     *sql,
            const char     *what,
            sqlite3_stmt  **stmt,
            GCancellable   *cancellable,
            GError        **error)
{
  sqlite3 *db = fb_ledger_open_reader (self, cancellable, error);
  gint64 first, last;

  if (db == NULL)
    return NULL;
  if (!exec_sql (db, "BEGIN", error) || !seq_range (db, since, until, &first, &last, error))
    {
      sqlite3_close (db);
      return NULL;
    }
  if (before_seq > 0)
    last = MIN (last, before_seq - 1);
  if (sqlite3_prepare_v2 (db, sql, -1, stmt, NULL) != SQLITE_OK)
    {
      sql_error (error, db, what);
      sqlite3_close (db);
      return NULL;
    }
  sqlite3_bind_int64 (*stmt, 1, first);
  sqlite3_bind_int64 (*stmt, 2, last);
  return db;
}

#define RECEIVED_KINDS "(0, 1, 2, 3)"   /* OTHER, ORDER, FEEDER_STATE, FEED_ACTION */
G_STATIC_ASSERT (FB_LEDGER_KIND_OTHER == 0 && FB_LEDGER_KIND_ORDER == 1
                 && FB_LEDGER_KIND_FEEDER_STATE == 2 && FB_LEDGER_KIND_FEED_ACTION == 3);

GPtrArray *
fb_ledger_read_messages (FbLedger                   *self,
                         const FbLedgerMessageQuery *query,
                         GCancellable               *cancellable,
                         GError                    **error)
{
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *topic_part = NULL;
  g_autofree char *text = NULL;
  sqlite3 *db;
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_return_val_if_fail (FB_IS_LEDGER (self), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  db = open_range (self, query->since, query->until, query->before_seq,
                   "SELECT seq, received_at, kind, topic, key, payload FROM events "
                   "WHERE seq BETWEEN ?1 AND ?2 AND kind IN " RECEIVED_KINDS " "
                   "AND (?3 IS NULL OR instr (lower (topic), ?3) > 0) "
                   "AND (?4 IS NULL OR instr (lower (topic), ?4) > 0 "
                   "     OR instr (lower (CAST (payload AS TEXT)), ?4) > 0) "
                   "ORDER BY seq DESC LIMIT ?5", "Reading messages", &stmt, cancellable, error);
  if (db == NULL)
    return NULL;
  /* SQLite's lower () folds ASCII only, as fb_raw_message_matches does. */
  topic_part = query->topic_part != NULL && *query->topic_part != '\0' ? g_ascii_strdown (query->topic_part, -1) : NULL;
  text = query->text != NULL && *query->text != '\0' ? g_ascii_strdown (query->text, -1) : NULL;
  sqlite3_bind_text (stmt, 3, topic_part, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, text, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 5, CLAMP (query->limit, 1, FB_LEDGER_MESSAGES_MAX_PAGE));

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (messages, message_from_stmt (stmt));
  if (!end_read (db, stmt, rc, "Reading messages", cancellable, error))
    return NULL;
  return g_steal_pointer (&messages);
}

static void
query_free (FbLedgerMessageQuery *query)
{
  g_free (query->topic_part);
  g_free (query->text);
  g_free (query);
}

void
fb_ledger_read_messages_async (FbLedger                   *self,
                               const FbLedgerMessageQuery *query,
                               GCancellable               *cancellable,
                               GAsyncReadyCallback         callback,
                               gpointer                    user_data)
{
  static const FbLedgerReader reader = {
    .source_tag = fb_ledger_read_messages_async,
    .read = (FbLedgerReadFunc) fb_ledger_read_messages,
    .data_free = (GDestroyNotify) query_free,
    .result_free = (GDestroyNotify) g_ptr_array_unref,
  };
  FbLedgerMessageQuery *copy;

  g_return_if_fail (FB_IS_LEDGER (self));
  g_return_if_fail (query != NULL);

  copy = g_memdup2 (query, sizeof *query);
  copy->topic_part = g_strdup (query->topic_part);
  copy->text = g_strdup (query->text);
  fb_ledger_run_read_async (self, &reader, copy, cancellable, callback, user_data);
}

GPtrArray *
fb_ledger_read_messages_finish (FbLedger      *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* -- one message found again -- */

FbRawMessage *
fb_ledger_find_message (FbLedger                 *self,
                        const FbLedgerMessageRef *ref,
                        GError                  **error)
{
  FbRawMessage *message = NULL;
  sqlite3 *db;
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_return_val_if_fail (FB_IS_LEDGER (self), NULL);
  g_return_val_if_fail (ref != NULL && ref->topic != NULL, NULL);

  if ((db = fb_ledger_open_reader (self, NULL, error)) == NULL)
    return NULL;
  if (sqlite3_prepare_v2 (db, "SELECT seq, received_at, kind, topic, key, payload FROM events "
                              "WHERE received_at BETWEEN ?1 AND ?2 AND kind = ?3 AND topic = ?4 "
                              "AND (?5 IS NULL OR key = ?5) AND (?6 IS NULL OR updated_at_text = ?6) "
                              "ORDER BY received_at, seq LIMIT 1", -1, &stmt, NULL) != SQLITE_OK)
    {
      sql_error (error, db, "Finding a message");
      sqlite3_close (db);
      return NULL;
    }
  sqlite3_bind_int64 (stmt, 1, ref->received_at);
  sqlite3_bind_int64 (stmt, 2, ref->received_at > G_MAXINT64 - FIND_WINDOW_US ? G_MAXINT64
                               : ref->received_at + FIND_WINDOW_US);
  sqlite3_bind_int (stmt, 3, ref->kind);
  sqlite3_bind_text (stmt, 4, ref->topic, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, ref->key, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, ref->updated_at_text, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    message = message_from_stmt (stmt);
  end_read (db, stmt, rc, "Finding a message", NULL, error);
  return message;
}

/* The thread's copy of a caller's FbLedgerMessageRef: the strings are its own. */
static void
ref_copy_free (FbLedgerMessageRef *copy)
{
  g_free ((char *) copy->topic);
  g_free ((char *) copy->key);
  g_free ((char *) copy->updated_at_text);
  g_free (copy);
}

static gpointer
find_message_job (FbLedger      *self,
                  gpointer       data,
                  GCancellable  *cancellable,
                  GError       **error)
{
  return fb_ledger_find_message (self, data, error);
}

void
fb_ledger_find_message_async (FbLedger                 *self,
                              const FbLedgerMessageRef *ref,
                              GCancellable             *cancellable,
                              GAsyncReadyCallback       callback,
                              gpointer                  user_data)
{
  static const FbLedgerReader reader = {
    .source_tag = fb_ledger_find_message_async,
    .read = find_message_job,
    .data_free = (GDestroyNotify) ref_copy_free,
    .result_free = g_object_unref,
  };
  FbLedgerMessageRef *copy;

  g_return_if_fail (FB_IS_LEDGER (self));
  g_return_if_fail (ref != NULL && ref->topic != NULL);

  copy = g_memdup2 (ref, sizeof *ref);
  copy->topic = g_strdup (ref->topic);
  copy->key = g_strdup (ref->key);
  copy->updated_at_text = g_strdup (ref->updated_at_text);
  fb_ledger_run_read_async (self, &reader, copy, cancellable, callback, user_data);
}

FbRawMessage *
fb_ledger_find_message_finish (FbLedger      *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* -- a feeder's food over time -- */

FbFoodSeries *
fb_ledger_read_food_series (FbLedger      *self,
                            const char    *feeder_id,
                            gint64         since,
                            gint64         until,
                            GCancellable  *cancellable,
                            GError       **error)
{
  g_autoptr(FbFoodSeries) series = fb_food_series_new ();
  sqlite3 *db;
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_return_val_if_fail (FB_IS_LEDGER (self), NULL);
  g_return_val_if_fail (feeder_id != NULL, NULL);

  db = open_range (self, since, until, 0,
                   "SELECT received_at, kind, topic, payload FROM events "
                   "WHERE seq BETWEEN ?1 AND ?2 AND (kind = ?3 AND key = ?4 OR kind = ?5) ORDER BY seq",
                   "Reading food levels", &stmt, cancellable, error);
  if (db == NULL)
    return NULL;
  sqlite3_bind_int (stmt, 3, FB_LEDGER_KIND_FEEDER_STATE);
  sqlite3_bind_text (stmt, 4, feeder_id, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 5, FB_LEDGER_KIND_FEED_ACTION);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 at = sqlite3_column_int64 (stmt, 0);
      g_autoptr(FbInboundEvent) event = NULL;

      if (sqlite3_column_int (stmt, 1) == FB_LEDGER_KIND_FEED_ACTION)
        {
          fb_food_series_add_feed (series, at);
          continue;
        }
      /* Decoded again through the same checks as when it arrived. */
      event = fb_inbound_decode ((const char *) sqlite3_column_text (stmt, 2), sqlite3_column_blob (stmt, 3),
                                 sqlite3_column_bytes (stmt, 3), at, FALSE, 0);
      if (event->kind == FB_INBOUND_FEEDER_STATE && event->feeder_state->food_capacity >= 0)
        fb_food_series_add_sample (series, at, event->feeder_state->food_capacity);
    }
  if (!end_read (db, stmt, rc, "Reading messages", cancellable, error))
    return NULL;
  return g_steal_pointer (&series);
}

typedef struct
{
  char   *feeder_id;
  gint64  since;
  gint64  until;
} SeriesData;

static void
series_data_free (SeriesData *data)
{
  g_free (data->feeder_id);
  g_free (data);
}

static gpointer
read_food_series_job (FbLedger      *self,
                      gpointer       data,
                      GCancellable  *cancellable,
                      GError       **error)
{
  SeriesData *series = data;

  return fb_ledger_read_food_series (self, series->feeder_id, series->since, series->until, cancellable, error);
}

void
fb_ledger_read_food_series_async (FbLedger            *self,
                                  const char          *feeder_id,
                                  gint64               since,
                                  gint64               until,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  static const FbLedgerReader reader = {
    .source_tag = fb_ledger_read_food_series_async,
    .read = read_food_series_job,
    .data_free = (GDestroyNotify) series_data_free,
    .result_free = (GDestroyNotify) fb_food_series_free,
  };
  SeriesData *data;

  g_return_if_fail (FB_IS_LEDGER (self));
  g_return_if_fail (feeder_id != NULL);

  data = g_new0 (SeriesData, 1);
  data->feeder_id = g_strdup (feeder_id);
  data->since = since;
  data->until = until;
  fb_ledger_run_read_async (self, &reader, data, cancellable, callback, user_data);
}

FbFoodSeries *
fb_ledger_read_food_series_finish (FbLedger      *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
