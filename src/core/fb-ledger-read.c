/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-ledger-read.c: reading the ledger on connections of its own — the state at an instant, the
   time range, and the export as JSON lines. */
#define G_LOG_DOMAIN "fb-ledger"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "fb-ledger-private.h"
#include "fb-time.h"

/* -- reading ------------------------------------------------------------------------- */

static int
fb_ledger_reader_progress_cb (void *user_data)
{
  return g_cancellable_is_cancelled (user_data) ? 1 : 0;
}

struct sqlite3 *
fb_ledger_open_reader (FbLedger      *self,
                       GCancellable  *cancellable,
                       GError       **error)
{
  sqlite3 *db;

  g_return_val_if_fail (FB_IS_LEDGER (self), NULL);

  db = _fb_ledger_open_connection (self->path, FALSE, error);
  if (db != NULL && cancellable != NULL)
    sqlite3_progress_handler (db, 1000, fb_ledger_reader_progress_cb, cancellable);
  return db;
}

typedef struct
{
  const FbLedgerReader *reader;
  gpointer              data;
  gint64                at;
} ReadJob;

static void
read_job_free (ReadJob *job)
{
  if (job->reader->data_free != NULL)
    job->reader->data_free (job->data);
  g_free (job);
}

static void
read_job_thread (GTask        *task,
                 gpointer      source,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  ReadJob *job = task_data;
  GError *error = NULL;
  gpointer result = job->reader->read != NULL ? job->reader->read (source, job->data, cancellable, &error)
                                              : job->reader->read_at (source, job->at, &error);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, job->reader->result_free);
}

static void
run_job (FbLedger            *self,
         const ReadJob       *job,
         GCancellable        *cancellable,
         GAsyncReadyCallback  callback,
         gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, job->reader->source_tag);
  g_task_set_task_data (task, g_memdup2 (job, sizeof *job), (GDestroyNotify) read_job_free);
  g_task_set_return_on_cancel (task, job->reader->return_on_cancel);
  g_task_run_in_thread (task, read_job_thread);
}

void
fb_ledger_run_read_async (FbLedger             *self,
                          const FbLedgerReader *reader,
                          gpointer              data,
                          GCancellable         *cancellable,
                          GAsyncReadyCallback   callback,
                          gpointer              user_data)
{
  ReadJob job = { reader, data, 0 };

  g_return_if_fail (FB_IS_LEDGER (self));
  g_return_if_fail (reader != NULL && reader->read != NULL);

  run_job (self, &job, cancellable, callback, user_data);
}

void
fb_ledger_run_read_at_async (FbLedger             *self,
                             const FbLedgerReader *reader,
                             gint64                at,
                             GCancellable         *cancellable,
                             GAsyncReadyCallback   callback,
                             gpointer              user_data)
{
  ReadJob job = { reader, NULL, at };

  g_return_if_fail (FB_IS_LEDGER (self));
  g_return_if_fail (reader != NULL && reader->read_at != NULL);

  run_job (self, &job, cancellable, callback, user_data);
}

FbLedgerState *
fb_ledger_read_state (FbLedger  *self,
                      gint64     at,
                      GError   **error)
{
  sqlite3 *db;
  Fold fold;
  gint64 seq, time;
  FbLedgerState *state = NULL;

  g_return_val_if_fail (FB_IS_LEDGER (self), NULL);

  if ((db = fb_ledger_open_reader (self, NULL, error)) == NULL)
    return NULL;
  _fb_ledger_fold_init (&fold);
  if (_fb_ledger_exec (db, "BEGIN", error) && _fb_ledger_fold_up_to (db, &fold, at, G_MAXINT64, &seq, &time, error))
    {
      state = _fb_ledger_fold_to_state (&fold);
      state->at = at;
      state->seq = seq;
      state->as_of = time;
    }
  _fb_ledger_fold_clear (&fold);
  sqlite3_close (db);
  return state;
}

void
fb_ledger_read_state_async (FbLedger            *self,
                            gint64               at,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  static const FbLedgerReader reader = {
    .source_tag = fb_ledger_read_state_async,
    .read_at = (FbLedgerReadAtFunc) fb_ledger_read_state,
    .result_free = (GDestroyNotify) fb_ledger_state_free,
  };

  g_return_if_fail (FB_IS_LEDGER (self));

  fb_ledger_run_read_at_async (self, &reader, at, cancellable, callback, user_data);
}

FbLedgerState *
fb_ledger_read_state_finish (FbLedger      *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static gboolean
query_time (FbLedger   *self,
            const char *sql,
            gint64      arg,
            gint64     *out)
{
  sqlite3 *db = fb_ledger_open_reader (self, NULL, NULL);
  sqlite3_stmt *stmt = NULL;
  gboolean found = FALSE;

  if (db == NULL)
    return FALSE;
  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) == SQLITE_OK)
    {
      sqlite3_bind_int64 (stmt, 1, arg);
      if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
        {
          *out = sqlite3_column_int64 (stmt, 0);
          found = TRUE;
        }
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return found;
}

gboolean
fb_ledger_get_time_range (FbLedger *self,
                          gint64   *first,
                          gint64   *last)
{
  g_return_val_if_fail (FB_IS_LEDGER (self), FALSE);

  return query_time (self, "SELECT min (received_at) FROM events WHERE ?1 = ?1", 0, first)
         && query_time (self, "SELECT max (received_at) FROM events WHERE ?1 = ?1", 0, last);
}

gboolean
fb_ledger_neighbor_time (FbLedger *self,
                         gint64    at,
                         int       direction,
                         gint64   *out_time)
{
  g_return_val_if_fail (FB_IS_LEDGER (self), FALSE);

  if (direction < 0)
    return query_time (self, "SELECT max (received_at) FROM events WHERE received_at < ?1", at, out_time);
  return query_time (self, "SELECT min (received_at) FROM events WHERE received_at > ?1", at, out_time);
}

gint64
fb_ledger_get_n_events (FbLedger *self)
{
  gint64 n = 0;

  g_return_val_if_fail (FB_IS_LEDGER (self), 0);
  query_time (self, "SELECT count (*) FROM events WHERE ?1 = ?1", 0, &n);
  return n;
}

gint64
fb_ledger_get_size (FbLedger *self)
{
  GStatBuf st;
  gint64 size = 0;
  g_autofree char *wal = g_strconcat (self->path, "-wal", NULL);

  g_return_val_if_fail (FB_IS_LEDGER (self), 0);
  if (g_stat (self->path, &st) == 0)
    size += st.st_size;
  if (g_stat (wal, &st) == 0)
    size += st.st_size;
  return size;
}

/* -- export -------------------------------------------------------------------------- */

gboolean
fb_ledger_export (FbLedger       *self,
                  gint64          since,
                  gint64          until,
                  GOutputStream  *out,
                  GCancellable   *cancellable,
                  GError        **error)
{
  sqlite3 *db;
  sqlite3_stmt *stmt = NULL;
  gboolean ok = TRUE;
  int rc;

  g_return_val_if_fail (FB_IS_LEDGER (self), FALSE);

  if ((db = fb_ledger_open_reader (self, NULL, error)) == NULL)
    return FALSE;
  if (!_fb_ledger_exec (db, "BEGIN", error)
      || sqlite3_prepare_v2 (db, "SELECT seq, received_at, kind, topic, key, status, updated_at, updated_at_text, "
                                 "event, payload FROM events WHERE received_at >= ?1 AND received_at <= ?2 ORDER BY seq",
                             -1, &stmt, NULL) != SQLITE_OK)
    {
      if (stmt == NULL && (error == NULL || *error == NULL))
        _fb_ledger_sql_error (error, db, "Reading events");
      sqlite3_close (db);
      return FALSE;
    }
  sqlite3_bind_int64 (stmt, 1, since);
  sqlite3_bind_int64 (stmt, 2, until);

  while (ok && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      FbLedgerRow row;
      g_autofree char *line = NULL;
      gsize line_len;

      /* Valid JSON for any row: the payload only through the checked parser (JSON 100 000 deep
         kept raw crashed JSON-GLib here). */
      _fb_ledger_row_from_stmt (&row, stmt);
      line = fb_ledger_row_to_json (&row, &line_len);
      ok = g_output_stream_write_all (out, line, line_len, NULL, cancellable, error)
           && g_output_stream_write_all (out, "\n", 1, NULL, cancellable, error);
    }
  if (ok && rc != SQLITE_DONE)
    ok = _fb_ledger_sql_error (error, db, "Reading events");

  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return ok;
}
