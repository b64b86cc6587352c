/* fb-ledger-writer.c: the ledger's writer thread — the queue callers append to, the commit of a
   batch (with its checkpoints), retention, clearing, and the calls that wait for the writer. */
#define G_LOG_DOMAIN "fb-ledger"

#include "fb-ledger-private.h"

void
_fb_ledger_record_free (Record *record)
{
  g_clear_pointer (&record->order, fb_order_event_free);
  g_free (record->topic);
  g_clear_pointer (&record->payload, g_bytes_unref);
  g_free (record);
}

static FbLedgerKind
classify (const char *topic)
{
  if (g_str_has_prefix (topic, "orders/events"))
    return FB_LEDGER_KIND_ORDER;
  if (g_strcmp0 (topic, FB_FEEDER_ACTION_TOPIC) == 0)
    return FB_LEDGER_KIND_FEED_ACTION;
  if (fb_feeder_topic_is_feeder (topic))
    return FB_LEDGER_KIND_FEEDER_STATE;
  return FB_LEDGER_KIND_OTHER;
}

static void
push_event (FbLedger     *self,
            FbLedgerKind  kind,
            gboolean      classify_topic,
            const char   *topic,
            GBytes       *payload,
            gint64        received_at)
{
  Record *record;

  if (self->writer == NULL)
    return;   /* read-only or closed */
  record = g_new0 (Record, 1);
  record->type = RECORD_EVENT;
  record->kind = kind;
  record->classify = classify_topic;
  record->topic = g_strdup (topic != NULL ? topic : "");
  record->payload = payload != NULL ? g_bytes_ref (payload) : g_bytes_new (NULL, 0);
  record->received_at = received_at;
  g_async_queue_push (self->queue, record);
}

void
fb_ledger_append (FbLedger     *self,
                  FbLedgerKind  kind,
                  const char   *topic,
                  GBytes       *payload,
                  gint64        received_at)
{
  g_return_if_fail (FB_IS_LEDGER (self));
  push_event (self, kind, FALSE, topic, payload, received_at);
}

void
fb_ledger_append_message (FbLedger            *self,
                          const FbMqttMessage *message)
{
  g_return_if_fail (FB_IS_LEDGER (self));
  push_event (self, FB_LEDGER_KIND_OTHER, TRUE, message->topic, message->payload, message->received_at);
}

void
fb_ledger_append_order (FbLedger            *self,
                        const FbMqttMessage *message,
                        const FbOrderEvent  *event)
{
  Record *record;

  g_return_if_fail (FB_IS_LEDGER (self));

  if (self->writer == NULL)
    return;
  record = g_new0 (Record, 1);
  record->type = RECORD_EVENT;
  record->kind = FB_LEDGER_KIND_ORDER;
  record->topic = g_strdup (message->topic);
  record->payload = g_bytes_ref (message->payload);
  record->received_at = message->received_at;
  record->order = fb_order_event_copy (event);
  g_async_queue_push (self->queue, record);
}

void
fb_ledger_append_messages (FbLedger  *self,
                           GPtrArray *messages)
{
  g_return_if_fail (FB_IS_LEDGER (self));

  if (self->writer == NULL)
    return;
  g_async_queue_lock (self->queue);
  for (guint i = 0; i < messages->len; i++)
    {
      const FbMqttMessage *message = g_ptr_array_index (messages, i);
      Record *record = g_new0 (Record, 1);

      record->type = RECORD_EVENT;
      record->classify = TRUE;
      record->topic = g_strdup (message->topic);
      record->payload = g_bytes_ref (message->payload);
      record->received_at = message->received_at;
      g_async_queue_push_unlocked (self->queue, record);
    }
  g_async_queue_unlock (self->queue);
}

typedef struct
{
  GWeakRef ledger;   /* the writer holds no strong reference: the ledger may be going */
  gint64   seq;
} Committed;

static gboolean
notify_commit (gpointer data)
{
  Committed *committed = data;
  g_autoptr(FbLedger) self = g_weak_ref_get (&committed->ledger);

  if (self != NULL && self->commit_callback != NULL)
    self->commit_callback (committed->seq, self->commit_data);
  g_weak_ref_clear (&committed->ledger);
  g_free (committed);
  return G_SOURCE_REMOVE;
}

static gboolean
insert_checkpoint (FbLedger  *self,
                   gint64     seq,
                   gint64     received_at,
                   Fold      *fold,
                   GError   **error)
{
  g_autoptr(GVariant) variant = _fb_ledger_fold_to_variant (fold);
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (sqlite3_prepare_v2 (self->db, "INSERT OR REPLACE INTO checkpoints (seq, received_at, state) VALUES (?1, ?2, ?3)",
                          -1, &stmt, NULL) != SQLITE_OK)
    return _fb_ledger_sql_error (error, self->db, "Writing a checkpoint");
  sqlite3_bind_int64 (stmt, 1, seq);
  sqlite3_bind_int64 (stmt, 2, received_at);
  sqlite3_bind_blob (stmt, 3, g_variant_get_data (variant), g_variant_get_size (variant), SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return _fb_ledger_sql_error (error, self->db, "Writing a checkpoint");
  return TRUE;
}

static gboolean
commit_batch (FbLedger   *self,
              GPtrArray  *batch,
              GError    **error)
{
  sqlite3_stmt *stmt = NULL;
  gint64 seq = self->last_seq;
  gint64 time = self->last_time;

  if (batch->len == 0)
    return TRUE;

  if (!_fb_ledger_exec (self->db, "BEGIN IMMEDIATE", error))
    return FALSE;
  if (sqlite3_prepare_v2 (self->db, "INSERT INTO events (seq, received_at, kind, topic, key, status, updated_at, "
                                    "updated_at_text, event, payload) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                          -1, &stmt, NULL) != SQLITE_OK)
    goto failed;

  for (guint i = 0; i < batch->len; i++)
    {
      Record *record = g_ptr_array_index (batch, i);
      FbLedgerKind kind = record->classify ? classify (record->topic) : record->kind;
      gsize len;
      const guint8 *data = g_bytes_get_data (record->payload, &len);
      FbOrderEvent *ev = NULL;
      FbFeederState *feeder = NULL;

      seq++;
      time = MAX (time, record->received_at);

      if (kind == FB_LEDGER_KIND_ORDER && record->order != NULL)
        {
          ev = g_steal_pointer (&record->order);
          ev->received_at = time;
        }
      else if (kind == FB_LEDGER_KIND_ORDER)
        ev = fb_order_event_decode (record->topic, data, len, time, NULL);
      else if (kind == FB_LEDGER_KIND_FEEDER_STATE)
        feeder = fb_feeder_state_decode (record->topic, data, len, time, NULL);

      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      sqlite3_bind_int64 (stmt, 1, seq);
      sqlite3_bind_int64 (stmt, 2, time);
      sqlite3_bind_int (stmt, 3, kind);
      sqlite3_bind_text (stmt, 4, record->topic, -1, SQLITE_STATIC);
      if (ev != NULL)
        {
          sqlite3_bind_text (stmt, 5, ev->order_id, -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 6, ev->status, -1, SQLITE_STATIC);
          sqlite3_bind_int64 (stmt, 7, ev->updated_at);
          sqlite3_bind_text (stmt, 8, ev->updated_at_text, -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 9, ev->event, -1, SQLITE_STATIC);
        }
      else if (feeder != NULL)
        sqlite3_bind_text (stmt, 5, feeder->feeder_id, -1, SQLITE_STATIC);
      sqlite3_bind_blob (stmt, 10, len > 0 ? (const void *) data : (const void *) "", len, SQLITE_STATIC);

      if (sqlite3_step (stmt) != SQLITE_DONE)
        {
          fb_order_event_free (ev);
          fb_feeder_state_free (feeder);
          goto failed;
        }

      if (ev != NULL)
        _fb_ledger_fold_order (&self->fold, ev);
      if (feeder != NULL)
        _fb_ledger_fold_feeder (&self->fold, feeder);

      /* A checkpoint holds the whole fold: with many orders, fewer of them, so that they never
         outweigh the events (a read replays at most this many events after one). */
      if (seq - self->checkpoint_seq >= MAX (FB_LEDGER_CHECKPOINT_EVERY, 4 * (gint64) g_hash_table_size (self->fold.orders)))
        {
          if (!insert_checkpoint (self, seq, time, &self->fold, error))
            {
              sqlite3_finalize (stmt);
              _fb_ledger_exec (self->db, "ROLLBACK", NULL);
              return FALSE;
            }
          self->checkpoint_seq = seq;
        }
    }
  sqlite3_finalize (stmt);
  stmt = NULL;

  if (!_fb_ledger_exec (self->db, "COMMIT", error))
    {
      _fb_ledger_exec (self->db, "ROLLBACK", NULL);
      return FALSE;
    }

  self->last_seq = seq;
  self->last_time = time;
  g_mutex_lock (&self->append_lock);
  self->committed_seq = seq;
  g_mutex_unlock (&self->append_lock);
  return TRUE;

failed:
  _fb_ledger_sql_error (error, self->db, "Recording events");
  sqlite3_finalize (stmt);
  _fb_ledger_exec (self->db, "ROLLBACK", NULL);
  return FALSE;
}

static gint64
db_size (sqlite3 *db)
{
  gint64 pages = 0, page_size = 0, free_pages = 0;

  _fb_ledger_query_int64 (db, "PRAGMA page_count", &pages, NULL);
  _fb_ledger_query_int64 (db, "PRAGMA page_size", &page_size, NULL);
  _fb_ledger_query_int64 (db, "PRAGMA freelist_count", &free_pages, NULL);
  return (pages - free_pages) * page_size;
}

/* Cuts every event up to @cut_seq, after writing a checkpoint there, so that the state at any
   instant after the cut stays what it was. */
static gboolean
cut_history (FbLedger  *self,
             gint64     cut_seq,
             GError   **error)
{
  Fold fold;
  gint64 seq = 0, time = 0;
  sqlite3_stmt *stmt = NULL;
  gboolean ok;

  _fb_ledger_fold_init (&fold);
  if (!_fb_ledger_exec (self->db, "BEGIN IMMEDIATE", error))
    {
      _fb_ledger_fold_clear (&fold);
      return FALSE;
    }
  ok = _fb_ledger_fold_up_to (self->db, &fold, G_MAXINT64, cut_seq, &seq, &time, error)
       && (seq == 0 || insert_checkpoint (self, seq, time, &fold, error));
  _fb_ledger_fold_clear (&fold);
  if (ok)
    {
      ok = sqlite3_prepare_v2 (self->db, "DELETE FROM events WHERE seq <= ?1", -1, &stmt, NULL) == SQLITE_OK;
      if (ok)
        {
          sqlite3_bind_int64 (stmt, 1, cut_seq);
          ok = sqlite3_step (stmt) == SQLITE_DONE;
          sqlite3_finalize (stmt);
        }
      if (ok)
        ok = sqlite3_prepare_v2 (self->db, "DELETE FROM checkpoints WHERE seq < ?1", -1, &stmt, NULL) == SQLITE_OK;
      if (ok)
        {
          sqlite3_bind_int64 (stmt, 1, seq);
          ok = sqlite3_step (stmt) == SQLITE_DONE;
          sqlite3_finalize (stmt);
        }
      if (!ok)
        _fb_ledger_sql_error (error, self->db, "Removing old events");
    }
  if (!ok || !_fb_ledger_exec (self->db, "COMMIT", error))
    {
      _fb_ledger_exec (self->db, "ROLLBACK", NULL);
      return FALSE;
    }
  return TRUE;
}

static gboolean
compact (FbLedger  *self,
         GError   **error)
{
  return _fb_ledger_exec (self->db, "PRAGMA incremental_vacuum", error)
         && _fb_ledger_exec (self->db, "PRAGMA wal_checkpoint(TRUNCATE)", error);
}

static gboolean
retention (FbLedger  *self,
           gint64     max_age,
           gint64     max_bytes,
           GError   **error)
{
  gint64 cut_seq = 0;

  if (max_age > 0)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT coalesce (max (seq), 0) FROM events WHERE received_at < %" G_GINT64_FORMAT,
                                              g_get_real_time () - max_age * G_USEC_PER_SEC);
      if (!_fb_ledger_query_int64 (self->db, sql, &cut_seq, error))
        return FALSE;
      if (cut_seq > 0 && !cut_history (self, cut_seq, error))
        return FALSE;
    }

  /* By size: a tenth of what is left at a time, oldest first, until it fits. */
  while (max_bytes > 0 && db_size (self->db) > max_bytes)
    {
      gint64 first = 0, count = 0;

      if (!_fb_ledger_query_int64 (self->db, "SELECT coalesce (min (seq), 0) FROM events", &first, error)
          || !_fb_ledger_query_int64 (self->db, "SELECT count (*) FROM events", &count, error))
        return FALSE;
      if (count == 0)
        break;
      if (!cut_history (self, first + MAX (count / 10, 1) - 1, error) || !compact (self, error))
        return FALSE;
    }
  return compact (self, error);
}

static gboolean
clear_all (FbLedger  *self,
           GError   **error)
{
  if (!_fb_ledger_exec (self->db, "BEGIN IMMEDIATE", error))
    return FALSE;
  if (!_fb_ledger_exec (self->db, "DELETE FROM events", error)
      || !_fb_ledger_exec (self->db, "DELETE FROM checkpoints", error)
      || !_fb_ledger_exec (self->db, "COMMIT", error))
    {
      _fb_ledger_exec (self->db, "ROLLBACK", NULL);
      return FALSE;
    }
  g_hash_table_remove_all (self->fold.orders);
  g_hash_table_remove_all (self->fold.feeders);
  return compact (self, error);
}

static void
waiter_finish (Waiter  *waiter,
               gboolean ok,
               GError  *error)
{
  g_mutex_lock (&waiter->mutex);
  waiter->ok = ok;
  waiter->error = error;
  waiter->done = TRUE;
  g_cond_signal (&waiter->cond);
  g_mutex_unlock (&waiter->mutex);
}

static gboolean
writer_failed (FbLedger  *self,
               GError   **error)
{
  gboolean failed;

  g_mutex_lock (&self->append_lock);
  failed = self->writer_error != NULL;
  if (failed && error != NULL)
    *error = g_error_copy (self->writer_error);
  g_mutex_unlock (&self->append_lock);
  return failed;
}

static void
set_writer_error (FbLedger *self,
                  GError   *error)
{
  g_mutex_lock (&self->append_lock);
  if (self->writer_error == NULL)
    {
      g_warning ("The ledger stopped recording: %s", error->message);
      self->writer_error = error;
    }
  else
    g_error_free (error);
  g_mutex_unlock (&self->append_lock);
}

gpointer
_fb_ledger_writer_main (gpointer data)
{
  FbLedger *self = data;
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) _fb_ledger_record_free);
  gboolean running = TRUE;

  while (running)
    {
      Record *record = g_async_queue_pop (self->queue);
      gint64 deadline = g_get_monotonic_time () + FB_LEDGER_COMMIT_INTERVAL_MS * 1000;
      Record *control = NULL;

      /* Sleep through the commit interval instead of waiting on the queue: a thread waiting on
         it would be woken by every single append. A control record (flush, close) cuts it short. */
      while (record != NULL && record->type == RECORD_EVENT && !g_atomic_int_get (&self->control_pending))
        {
          gint64 left = deadline - g_get_monotonic_time ();

          if (left <= 0)
            break;
          g_usleep (MIN (left, 10000));
        }

      /* Everything queued by now, up to a control record. */
      while (record != NULL)
        {
          if (record->type != RECORD_EVENT)
            {
              control = record;
              break;
            }
          g_ptr_array_add (batch, record);
          if (batch->len >= MAX_BATCH)
            break;
          record = g_async_queue_try_pop (self->queue);
        }

      if (batch->len > 0)
        {
          GError *error = NULL;

          if (!writer_failed (self, NULL) && !commit_batch (self, batch, &error))
            set_writer_error (self, error);
          else if (self->commit_callback != NULL)
            {
              Committed *committed = g_new0 (Committed, 1);

              g_weak_ref_init (&committed->ledger, self);
              committed->seq = self->last_seq;
              g_main_context_invoke (self->context, notify_commit, committed);
            }
          g_ptr_array_set_size (batch, 0);
        }

      if (control == NULL)
        continue;
      g_atomic_int_add (&self->control_pending, -1);

      {
        GError *error = NULL;
        gboolean ok = TRUE;

        switch (control->type)
          {
          case RECORD_FLUSH:
            ok = !writer_failed (self, &error);
            break;
          case RECORD_RETENTION:
            ok = !writer_failed (self, &error)
                 && retention (self, control->waiter->max_age, control->waiter->max_bytes, &error);
            break;
          case RECORD_CLEAR:
            ok = !writer_failed (self, &error) && clear_all (self, &error);
            break;
          case RECORD_STOP:
          default:
            running = FALSE;
            break;
          }
        if (control->waiter != NULL)
          waiter_finish (control->waiter, ok, error);
        else
          g_clear_error (&error);
        _fb_ledger_record_free (control);
      }
    }

  return NULL;
}

static gboolean
run_control (FbLedger    *self,
             RecordType   type,
             gint64       max_age,
             gint64       max_bytes,
             GError     **error)
{
  Waiter waiter = { .max_age = max_age, .max_bytes = max_bytes };
  Record *record = g_new0 (Record, 1);

  if (self->writer == NULL)
    {
      g_set_error_literal (error, FB_LEDGER_ERROR, FB_LEDGER_ERROR_CLOSED, "The ledger is closed");
      g_free (record);
      return FALSE;
    }

  g_mutex_init (&waiter.mutex);
  g_cond_init (&waiter.cond);
  record->type = type;
  record->waiter = &waiter;
  g_atomic_int_inc (&self->control_pending);
  g_async_queue_push (self->queue, record);

  g_mutex_lock (&waiter.mutex);
  while (!waiter.done)
    g_cond_wait (&waiter.cond, &waiter.mutex);
  g_mutex_unlock (&waiter.mutex);
  g_mutex_clear (&waiter.mutex);
  g_cond_clear (&waiter.cond);

  if (!waiter.ok)
    g_propagate_error (error, waiter.error);
  return waiter.ok;
}

gboolean
fb_ledger_flush (FbLedger  *self,
                 GError   **error)
{
  g_return_val_if_fail (FB_IS_LEDGER (self), FALSE);
  return run_control (self, RECORD_FLUSH, 0, 0, error);
}

gboolean
fb_ledger_apply_retention (FbLedger  *self,
                           gint64     max_age_seconds,
                           gint64     max_bytes,
                           GError   **error)
{
  g_return_val_if_fail (FB_IS_LEDGER (self), FALSE);
  return run_control (self, RECORD_RETENTION, max_age_seconds, max_bytes, error);
}

gboolean
fb_ledger_clear (FbLedger  *self,
                 GError   **error)
{
  g_return_val_if_fail (FB_IS_LEDGER (self), FALSE);
  return run_control (self, RECORD_CLEAR, 0, 0, error);
}

gint64
fb_ledger_get_committed_seq (FbLedger *self)
{
  gint64 seq;

  g_return_val_if_fail (FB_IS_LEDGER (self), 0);
  g_mutex_lock (&self->append_lock);
  seq = self->committed_seq;
  g_mutex_unlock (&self->append_lock);
  return seq;
}

void
fb_ledger_set_commit_callback (FbLedger  *self,
                               void     (*callback) (gint64 seq, gpointer data),
                               gpointer   data)
{
  g_return_if_fail (FB_IS_LEDGER (self));
  self->commit_callback = callback;
  self->commit_data = data;
}
