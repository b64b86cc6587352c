/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-ledger-writer.c: the ledger's writer thread — the queue callers append to, the commit of a
 * batch (with its checkpoints), pausing and resuming, and the _async calls the writer completes
 * (retention and clearing themselves are in fb-ledger-retention.c).
 *
 * The writer waits on its queue, with the commit interval as the timeout once a batch is open.
 * When a commit fails (disk full, an I/O error, a read-only place) it pauses instead of giving
 * up: it keeps what it was given, up to FB_LEDGER_MAX_HELD_*, counts what it cannot keep, and
 * retries after 1 s, 2 s, 4 s … up to FB_LEDGER_MAX_RETRY_SECONDS, reopening its connection and
 * reloading its position from the disk first (the failed transaction left nothing behind). The
 * first commit that works writes what was held and, when some was not, a gap record. The owner
 * hears of it all through notices on its own context (_fb_ledger_emit_notice). */
#define G_LOG_DOMAIN "fb-ledger"

#include <string.h>

#include <json-glib/json-glib.h>

#include "fb-ledger-private.h"
#include "fb-time.h"

typedef struct
{
  GTask  *task;
  GError *error;   /* NULL = success */
} Completion;

static gboolean
complete_cb (gpointer data)
{
  Completion *completion = data;

  if (completion->error != NULL)
    g_task_return_error (completion->task, g_steal_pointer (&completion->error));
  else
    g_task_return_boolean (completion->task, TRUE);
  return G_SOURCE_REMOVE;
}

static void
completion_free (Completion *completion)
{
  g_object_unref (completion->task);
  g_clear_error (&completion->error);
  g_free (completion);
}

/* Returns @task on its own context, where the idle also drops the last reference: never the
   writer, which would then dispose the ledger (the task's source object) in its own thread. */
static void
complete_task (GTask  *task,
               GError *error)
{
  g_autoptr(GSource) source = g_idle_source_new ();
  Completion *completion = g_new0 (Completion, 1);

  completion->task = task;
  completion->error = error;
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, complete_cb, completion, (GDestroyNotify) completion_free);
  g_source_set_static_name (source, "[fb-ledger-complete]");
  g_source_attach (source, g_task_get_context (task));
}

void
_fb_ledger_record_free (Record *record)
{
  /* A control record the writer never reached (it stopped first) still answers its caller. */
  if (record->task != NULL)
    complete_task (g_steal_pointer (&record->task),
                   g_error_new_literal (FB_LEDGER_ERROR, FB_LEDGER_ERROR_CLOSED, "The ledger is closed"));
  g_clear_pointer (&record->order, fb_order_event_free);
  g_free (record->topic);
  g_clear_pointer (&record->payload, g_bytes_unref);
  g_free (record);
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

/* A failed write, in words: which file, and what is wrong with the place. */
static gboolean
write_failed (FbLedger  *self,
              GError   **error)
{
  g_autofree char *what = g_strdup_printf ("Cannot write to %s", self->path);

  return _fb_ledger_sql_error (error, self->db, what);
}

gboolean
_fb_ledger_insert_checkpoint (FbLedger  *self,
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
    return write_failed (self, error);
  sqlite3_bind_int64 (stmt, 1, seq);
  sqlite3_bind_int64 (stmt, 2, received_at);
  sqlite3_bind_blob (stmt, 3, g_variant_get_data (variant), g_variant_get_size (variant), SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return write_failed (self, error);
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

  if (sqlite3_exec (self->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
    return write_failed (self, error);
  if (sqlite3_prepare_v2 (self->db, "INSERT INTO events (seq, received_at, kind, topic, key, status, updated_at, "
                                    "updated_at_text, event, payload) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                          -1, &stmt, NULL) != SQLITE_OK)
    goto failed;

  for (guint i = 0; i < batch->len; i++)
    {
      Record *record = g_ptr_array_index (batch, i);
      FbLedgerKind kind = record->kind;
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
      else if (record->classify || kind == FB_LEDGER_KIND_ORDER || kind == FB_LEDGER_KIND_FEEDER_STATE)
        {
          /* The one inbound path decides the kind from the topic, and decodes. */
          g_autoptr(FbInboundEvent) inbound = fb_inbound_decode (record->topic, data, len, time, FALSE, 0);

          if (record->classify)
            kind = fb_ledger_kind_for_route (inbound->route);
          if (kind == FB_LEDGER_KIND_ORDER)
            ev = fb_inbound_event_steal_order (inbound);
          else if (kind == FB_LEDGER_KIND_FEEDER_STATE)
            feeder = g_steal_pointer (&inbound->feeder_state);
        }

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
          if (!_fb_ledger_insert_checkpoint (self, seq, time, &self->fold, error))
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

  if (sqlite3_exec (self->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
    {
      write_failed (self, error);
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
  write_failed (self, error);
  sqlite3_finalize (stmt);
  _fb_ledger_exec (self->db, "ROLLBACK", NULL);
  return FALSE;
}

/* -- pausing and resuming ------------------------------------------------------------ */

static gsize
record_size (Record *record)
{
  return g_bytes_get_size (record->payload) + strlen (record->topic) + sizeof (Record);
}

/* Into the batch; while paused, only as much as FB_LEDGER_MAX_HELD_* allows: the rest is counted
   for the gap. */
static void
take_event (FbLedger  *self,
            GPtrArray *batch,
            Record    *record)
{
  gsize size = record_size (record);

  /* Once one is dropped, all after it are, until recording resumes: one gap, from … until. */
  if (self->pause_error != NULL
      && (self->n_dropped > 0 || batch->len >= FB_LEDGER_MAX_HELD_EVENTS
          || self->held_bytes + size > FB_LEDGER_MAX_HELD_BYTES))
    {
      if (self->n_dropped == 0)
        self->dropped_from = record->received_at;
      self->dropped_until = MAX (self->dropped_until, record->received_at);
      self->n_dropped++;
      _fb_ledger_record_free (record);
      return;
    }
  self->held_bytes += size;
  g_ptr_array_add (batch, record);
}

static GBytes *
gap_payload (gint64      from,
             gint64      until,
             gint64      n_events,
             const char *reason)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *from_text = fb_time_format_rfc3339_ms (from);
  g_autofree char *until_text = fb_time_format_rfc3339_ms (until);
  gsize len;
  char *text;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "from");
  json_builder_add_string_value (builder, from_text);
  json_builder_set_member_name (builder, "until");
  json_builder_add_string_value (builder, until_text);
  json_builder_set_member_name (builder, "events");
  json_builder_add_int_value (builder, n_events);
  json_builder_set_member_name (builder, "reason");
  json_builder_add_string_value (builder, reason != NULL ? reason : "not recorded");
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, &len);
  return g_bytes_new_take (text, len);
}

static Record *
gap_record (gint64      from,
            gint64      until,
            gint64      n_events,
            const char *reason)
{
  Record *record = g_new0 (Record, 1);

  record->type = RECORD_EVENT;
  record->kind = FB_LEDGER_KIND_GAP;
  record->topic = g_strdup (FB_LEDGER_GAP_TOPIC);
  record->payload = gap_payload (from, until, n_events, reason);
  record->received_at = from;
  return record;
}

void
fb_ledger_append_gap (FbLedger   *self,
                      gint64      from,
                      gint64      until,
                      gint64      n_events,
                      const char *reason)
{
  g_return_if_fail (FB_IS_LEDGER (self));

  if (self->writer != NULL)
    g_async_queue_push (self->queue, gap_record (from, until, n_events, reason));
}

/* After a failed transaction: a fresh connection (the old one may be wedged: a read-only
   remount, a journal that went away) and the position as the disk has it. */
static gboolean
reopen (FbLedger  *self,
        GError   **error)
{
  sqlite3 *db = _fb_ledger_open_connection (self->path, TRUE, error);

  if (db == NULL)
    return FALSE;
  if (self->db != NULL)
    sqlite3_close (self->db);
  self->db = db;
  return _fb_ledger_exec (self->db, "PRAGMA synchronous = FULL", error) && _fb_ledger_load_position (self, error);
}

/* The batch that failed first may be larger than what is held while paused: its tail goes to
   the gap, so that what is held stays a prefix and the gap follows it in time. */
static void
drop_beyond_bound (FbLedger  *self,
                   GPtrArray *batch)
{
  gsize bytes = 0;
  guint keep = 0;

  while (keep < batch->len && keep < FB_LEDGER_MAX_HELD_EVENTS
         && bytes + record_size (g_ptr_array_index (batch, keep)) <= FB_LEDGER_MAX_HELD_BYTES)
    bytes += record_size (g_ptr_array_index (batch, keep++));
  for (guint i = keep; i < batch->len; i++)
    {
      Record *record = g_ptr_array_index (batch, i);

      if (self->n_dropped++ == 0)
        self->dropped_from = record->received_at;
      self->dropped_until = MAX (self->dropped_until, record->received_at);
    }
  g_ptr_array_set_size (batch, keep);
  self->held_bytes = bytes;
}

static void
pause_recording (FbLedger  *self,
                 GPtrArray *batch,
                 GError    *error)
{
  gboolean changed = self->pause_error == NULL || g_strcmp0 (self->pause_error->message, error->message) != 0;

  if (self->pause_error == NULL)
    {
      g_debug ("The ledger paused recording: %s", error->message);
      drop_beyond_bound (self, batch);
    }
  g_clear_error (&self->pause_error);
  self->pause_error = error;
  self->stale = TRUE;
  self->backoff = self->backoff == 0 ? G_USEC_PER_SEC
                  : MIN (self->backoff * 2, FB_LEDGER_MAX_RETRY_SECONDS * G_USEC_PER_SEC);
  self->retry_at = g_get_monotonic_time () + self->backoff;
  if (changed)
    _fb_ledger_emit_notice (self, 0, TRUE, error->message, 0, 0, 0);
}

/* Commits the batch, with a gap record after it when some could not be held; pauses when that
   fails, resumes when it works. */
static gboolean
commit_pending (FbLedger  *self,
                GPtrArray *batch)
{
  GError *error = NULL;
  gint64 n_gap = self->n_dropped;
  gint64 committed_seq;
  gboolean resumed;

  /* While paused, even with nothing to write (all was cleared) this is the retry. */
  if (batch->len == 0 && n_gap == 0 && self->pause_error == NULL)
    return TRUE;
  if (n_gap > 0)
    g_ptr_array_add (batch, gap_record (self->dropped_from, self->dropped_until, n_gap,
                                        self->pause_error != NULL ? self->pause_error->message : NULL));
  if ((self->stale && !reopen (self, &error)) || !commit_batch (self, batch, &error))
    {
      if (n_gap > 0)
        g_ptr_array_remove_index (batch, batch->len - 1);
      pause_recording (self, batch, error);
      return FALSE;
    }

  resumed = self->pause_error != NULL;
  if (resumed)
    g_debug ("The ledger resumed recording");
  committed_seq = batch->len > 0 ? self->last_seq : 0;
  _fb_ledger_emit_notice (self, committed_seq, resumed, NULL, self->dropped_from, self->dropped_until, n_gap);
  g_clear_error (&self->pause_error);
  self->stale = FALSE;
  self->backoff = 0;
  self->n_dropped = self->dropped_from = self->dropped_until = 0;
  self->held_bytes = 0;
  g_ptr_array_set_size (batch, 0);
  return TRUE;
}

static GError *
paused_error (FbLedger  *self,
              GPtrArray *batch)
{
  return g_error_new (FB_LEDGER_ERROR, self->pause_error->code,
                      "Recording is paused (%u events wait, %" G_GINT64_FORMAT " not kept): %s",
                      batch->len, self->n_dropped, self->pause_error->message);
}

/* A control record, after the batch before it was committed (or not). */
static gboolean
run_control (FbLedger  *self,
             GPtrArray *batch,
             Record    *control)
{
  GError *error = NULL;
  gboolean ok = TRUE;
  gboolean running = TRUE;

  switch (control->type)
    {
    case RECORD_FLUSH:
      if (self->pause_error != NULL)
        {
          error = paused_error (self, batch);
          ok = FALSE;
        }
      break;
    case RECORD_RETENTION:
      ok = (!self->stale || reopen (self, &error)) && _fb_ledger_retention (self, control->max_age, control->max_bytes, &error);
      break;
    case RECORD_CLEAR:
      ok = (!self->stale || reopen (self, &error)) && _fb_ledger_clear_all (self, &error);
      if (ok)
        {
          /* What waited to be recorded goes too. */
          g_ptr_array_set_size (batch, 0);
          self->held_bytes = 0;
          self->n_dropped = self->dropped_from = self->dropped_until = 0;
        }
      break;
    case RECORD_STOP:
    default:
      if (self->pause_error != NULL && (batch->len > 0 || self->n_dropped > 0))
        g_message ("The ledger stopped; %u events were not recorded: %s", batch->len + (guint) self->n_dropped,
                   self->pause_error->message);
      running = FALSE;
      break;
    }

  if (control->task != NULL)
    complete_task (g_steal_pointer (&control->task), ok ? NULL : error);
  else
    g_clear_error (&error);
  _fb_ledger_record_free (control);
  return running;
}

/* The writer waits on its queue while there is nothing to write. With a batch open it waits on
 * the wake-up queue until the batch's deadline: appends do not wake it there (one wake-up per
 * batch, not one per event), control records do. Then it takes everything queued by then, up to
 * a control record, and commits. While paused it wakes every commit interval to hold or count
 * what came (so that memory stays bounded) and commits when the retry is due. */
gpointer
_fb_ledger_writer_main (gpointer data)
{
  FbLedger *self = data;
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) _fb_ledger_record_free);
  gint64 deadline = 0;
  gboolean running = TRUE;

  while (running)
    {
      Record *control = NULL;
      Record *record;
      gint64 now;

      if (batch->len == 0 && self->pause_error == NULL)
        {
          record = g_async_queue_pop (self->queue);
          deadline = g_get_monotonic_time () + FB_LEDGER_COMMIT_INTERVAL_MS * 1000;
          if (record->type == RECORD_EVENT)
            take_event (self, batch, record);
          else
            control = record;
        }

      if (control == NULL)
        {
          gint64 until;

          now = g_get_monotonic_time ();
          until = self->pause_error != NULL ? MIN (self->retry_at, now + FB_LEDGER_COMMIT_INTERVAL_MS * 1000)
                                            : deadline;
          if (until > now && batch->len < MAX_BATCH)
            g_async_queue_timeout_pop (self->wakeup, until - now);

          while ((record = g_async_queue_try_pop (self->queue)) != NULL)
            {
              if (record->type != RECORD_EVENT)
                {
                  control = record;
                  break;
                }
              take_event (self, batch, record);
              if (self->pause_error == NULL && batch->len >= MAX_BATCH)
                break;
            }

          /* Woken early (a control record taken already, or the drain while paused). */
          now = g_get_monotonic_time ();
          if (control == NULL
              && (self->pause_error != NULL ? now < self->retry_at : (batch->len < MAX_BATCH && now < deadline)))
            continue;
        }

      commit_pending (self, batch);
      if (control != NULL)
        running = run_control (self, batch, control);
    }

  return NULL;
}

/* Control records wake the writer wherever it waits. */
void
_fb_ledger_push_control (FbLedger *self,
                         Record   *record)
{
  g_async_queue_push (self->queue, record);
  g_async_queue_push (self->wakeup, GINT_TO_POINTER (1));
}

/* -- the calls the writer completes ----------------------------------------------------- */

static void
push_control (FbLedger            *self,
              RecordType           type,
              gint64               max_age,
              gint64               max_bytes,
              GCancellable        *cancellable,
              GAsyncReadyCallback  callback,
              gpointer             user_data,
              gpointer             source_tag)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  Record *record;

  g_task_set_source_tag (task, source_tag);
  if (self->writer == NULL)
    {
      g_task_return_new_error (task, FB_LEDGER_ERROR, FB_LEDGER_ERROR_CLOSED, "The ledger is closed");
      return;
    }
  record = g_new0 (Record, 1);
  record->type = type;
  record->max_age = max_age;
  record->max_bytes = max_bytes;
  record->task = g_steal_pointer (&task);
  _fb_ledger_push_control (self, record);
}

void
fb_ledger_flush_async (FbLedger            *self,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_return_if_fail (FB_IS_LEDGER (self));
  push_control (self, RECORD_FLUSH, 0, 0, cancellable, callback, user_data, fb_ledger_flush_async);
}

gboolean
fb_ledger_flush_finish (FbLedger      *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
fb_ledger_apply_retention_async (FbLedger            *self,
                                 gint64               max_age_seconds,
                                 gint64               max_bytes,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_return_if_fail (FB_IS_LEDGER (self));
  push_control (self, RECORD_RETENTION, max_age_seconds, max_bytes, cancellable, callback, user_data,
                fb_ledger_apply_retention_async);
}

gboolean
fb_ledger_apply_retention_finish (FbLedger      *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
fb_ledger_clear_async (FbLedger            *self,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_return_if_fail (FB_IS_LEDGER (self));
  push_control (self, RECORD_CLEAR, 0, 0, cancellable, callback, user_data, fb_ledger_clear_async);
}

gboolean
fb_ledger_clear_finish (FbLedger      *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
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
