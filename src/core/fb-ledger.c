/* fb-ledger.c: the event ledger on SQLite.
 *
 * Writes: callers only queue records; one writer thread owns the write connection and commits
 * what has queued at least every FB_LEDGER_COMMIT_INTERVAL_MS, in one transaction, with
 * synchronous=FULL in WAL mode: a process crash loses nothing committed, a power cut at most the
 * batch being written. The writer also keeps the folded state in memory, so that a checkpoint
 * (a snapshot of that state) costs no read; one is written every FB_LEDGER_CHECKPOINT_EVERY
 * events, in the same transaction.
 *
 * Time: received times never go backwards in the ledger (a record older than the last takes
 * the last's time), so "the state at T" is "every event with received_at <= T", a prefix of the
 * sequence, and a checkpoint is valid for every T after it.
 *
 * Reads open their own connection (WAL lets them run beside the writer), so they can run in a
 * thread while the app records. */
#define G_LOG_DOMAIN "fb-ledger"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <string.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>

#include "fb-feeder-store.h"
#include "fb-ledger.h"
#include "fb-time.h"

#define CHECKPOINT_TYPE "(a(ssssxsx)a(ssmsimsmsmsx))"
#define MAX_BATCH       20000

typedef enum
{
  RECORD_EVENT,
  RECORD_FLUSH,
  RECORD_RETENTION,
  RECORD_CLEAR,
  RECORD_STOP,
} RecordType;

typedef struct
{
  GMutex   mutex;
  GCond    cond;
  gboolean done;
  gboolean ok;
  GError  *error;
  gint64   max_age;
  gint64   max_bytes;
} Waiter;

typedef struct
{
  RecordType    type;
  FbLedgerKind  kind;
  gboolean      classify;   /* kind from the topic, decoded in the writer */
  char         *topic;
  GBytes       *payload;
  gint64        received_at;
  FbOrderEvent *order;      /* already decoded by the caller: not parsed again */
  Waiter       *waiter;
} Record;

/* The fold: what the state is after some prefix of the events. */
typedef struct
{
  GHashTable *orders;    /* order id → FbOrderEvent */
  GHashTable *feeders;   /* feeder id → FbFeederState */
} Fold;

struct _FbLedger
{
  GObject       parent_instance;

  char         *dir;
  char         *path;
  sqlite3      *db;          /* the writer's; only the writer thread uses it once started */
  GThread      *writer;
  GAsyncQueue  *queue;
  GMainContext *context;
  gint64        committed_seq;   /* atomic */
  gint64        last_seq;        /* writer thread only */
  gint64        last_time;       /* writer thread only */
  gint          control_pending; /* control records queued, not yet handled (atomic) */
  GMutex        append_lock;
  Fold          fold;            /* writer thread only */
  GError       *writer_error;    /* the first failure; under append_lock */
  void        (*commit_callback) (gint64 seq, gpointer data);
  gpointer      commit_data;
};

G_DEFINE_FINAL_TYPE (FbLedger, fb_ledger, G_TYPE_OBJECT)
G_DEFINE_QUARK (fb-ledger-error-quark, fb_ledger_error)

static const char *const kind_names[] = {
  "other", "order", "feeder-state", "feed-action", "feed-command", "connection",
};

const char *
fb_ledger_kind_to_string (FbLedgerKind kind)
{
  return kind < G_N_ELEMENTS (kind_names) ? kind_names[kind] : "other";
}

static gboolean
sql_error (GError  **error,
           sqlite3  *db,
           const char *what)
{
  int code = sqlite3_errcode (db);
  int domain_code = (code == SQLITE_CORRUPT || code == SQLITE_NOTADB) ? FB_LEDGER_ERROR_CORRUPT
                    : (code == SQLITE_CANTOPEN || code == SQLITE_IOERR || code == SQLITE_FULL
                       || code == SQLITE_READONLY || code == SQLITE_PERM) ? FB_LEDGER_ERROR_IO
                    : FB_LEDGER_ERROR_SQL;

  g_set_error (error, FB_LEDGER_ERROR, domain_code, "%s: %s", what, sqlite3_errmsg (db));
  return FALSE;
}

static gboolean
exec (sqlite3     *db,
      const char  *sql,
      GError     **error)
{
  if (sqlite3_exec (db, sql, NULL, NULL, NULL) != SQLITE_OK)
    return sql_error (error, db, sql);
  return TRUE;
}

static gboolean
query_int64 (sqlite3     *db,
             const char  *sql,
             gint64      *out,
             GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    return sql_error (error, db, sql);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *out = sqlite3_column_int64 (stmt, 0);
  else if (rc == SQLITE_DONE)
    *out = 0;
  sqlite3_finalize (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return sql_error (error, db, sql);
  return TRUE;
}

/* -- the fold ------------------------------------------------------------------------ */

static void
fold_init (Fold *fold)
{
  fold->orders = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) fb_order_event_free);
  fold->feeders = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) fb_feeder_state_free);
}

static void
fold_clear (Fold *fold)
{
  g_clear_pointer (&fold->orders, g_hash_table_unref);
  g_clear_pointer (&fold->feeders, g_hash_table_unref);
}

/* Takes @ev. The key is the event's own order_id, so the table owns both. */
static void
fold_order (Fold         *fold,
            FbOrderEvent *ev)
{
  FbOrderEvent *current = g_hash_table_lookup (fold->orders, ev->order_id);

  if (current != NULL && !fb_order_event_supersedes (ev, current->updated_at))
    {
      fb_order_event_free (ev);
      return;
    }
  g_hash_table_replace (fold->orders, ev->order_id, ev);
}

static void
fold_feeder (Fold          *fold,
             FbFeederState *state)
{
  FbFeederState *current = g_hash_table_lookup (fold->feeders, state->feeder_id);

  if (current != NULL)
    {
      fb_feeder_state_merge (current, state);
      fb_feeder_state_free (state);
      return;
    }
  if (g_hash_table_size (fold->feeders) >= FB_FEEDER_STORE_MAX_FEEDERS)
    {
      fb_feeder_state_free (state);
      return;
    }
  g_hash_table_replace (fold->feeders, state->feeder_id, state);
}

static GVariant *
fold_to_variant (Fold *fold)
{
  GVariantBuilder orders, feeders;
  GHashTableIter iter;
  gpointer value;

  g_variant_builder_init (&orders, G_VARIANT_TYPE ("a(ssssxsx)"));
  g_hash_table_iter_init (&iter, fold->orders);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      FbOrderEvent *ev = value;
      g_variant_builder_add (&orders, "(ssssxsx)", ev->order_id, ev->status, ev->event, ev->updated_at_text,
                             ev->updated_at, ev->topic, ev->received_at);
    }

  g_variant_builder_init (&feeders, G_VARIANT_TYPE ("a(ssmsimsmsmsx)"));
  g_hash_table_iter_init (&iter, fold->feeders);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      FbFeederState *s = value;
      g_variant_builder_add (&feeders, "(ssmsimsmsmsx)", s->feeder_id, s->topic, s->device_location,
                             s->food_capacity, s->device_time, s->state_1, s->state_2, s->received_at);
    }

  return g_variant_ref_sink (g_variant_new ("(a(ssssxsx)a(ssmsimsmsmsx))", &orders, &feeders));
}

static gboolean
fold_load_variant (Fold        *fold,
                   const void  *data,
                   gsize        len,
                   GError     **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, len);
  g_autoptr(GVariant) variant = g_variant_new_from_bytes (G_VARIANT_TYPE (CHECKPOINT_TYPE), bytes, FALSE);
  g_autoptr(GVariantIter) orders = NULL;
  g_autoptr(GVariantIter) feeders = NULL;
  FbOrderEvent ev;
  FbFeederState s;

  if (!g_variant_is_normal_form (variant))
    {
      g_set_error_literal (error, FB_LEDGER_ERROR, FB_LEDGER_ERROR_CORRUPT, "A checkpoint in the ledger is damaged");
      return FALSE;
    }

  g_variant_get (variant, "(a(ssssxsx)a(ssmsimsmsmsx))", &orders, &feeders);
  while (g_variant_iter_next (orders, "(&s&s&s&sx&sx)", &ev.order_id, &ev.status, &ev.event, &ev.updated_at_text,
                              &ev.updated_at, &ev.topic, &ev.received_at))
    fold_order (fold, fb_order_event_copy (&ev));
  while (g_variant_iter_next (feeders, "(&s&sm&sim&sm&sm&sx)", &s.feeder_id, &s.topic, &s.device_location,
                              &s.food_capacity, &s.device_time, &s.state_1, &s.state_2, &s.received_at))
    fold_feeder (fold, fb_feeder_state_copy (&s));
  return TRUE;
}

/* One stored event into the fold. Orders come from their decoded columns; feeder states are
   decoded again from the raw bytes (they are few). */
static void
fold_row (Fold         *fold,
          sqlite3_stmt *stmt)
{
  /* columns: seq, received_at, kind, topic, key, status, updated_at, updated_at_text, event, payload */
  FbLedgerKind kind = sqlite3_column_int (stmt, 2);
  gint64 received_at = sqlite3_column_int64 (stmt, 1);
  const char *topic = (const char *) sqlite3_column_text (stmt, 3);

  if (kind == FB_LEDGER_KIND_ORDER && sqlite3_column_type (stmt, 4) != SQLITE_NULL)
    {
      FbOrderEvent *ev = g_new0 (FbOrderEvent, 1);

      ev->order_id = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
      ev->status = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
      ev->updated_at = sqlite3_column_int64 (stmt, 6);
      ev->updated_at_text = g_strdup ((const char *) sqlite3_column_text (stmt, 7));
      ev->event = g_strdup ((const char *) sqlite3_column_text (stmt, 8));
      ev->topic = g_strdup (topic);
      ev->received_at = received_at;
      fold_order (fold, ev);
    }
  else if (kind == FB_LEDGER_KIND_FEEDER_STATE)
    {
      FbFeederState *state = fb_feeder_state_decode (topic, sqlite3_column_blob (stmt, 9),
                                                     sqlite3_column_bytes (stmt, 9), received_at, NULL);
      if (state != NULL)
        fold_feeder (fold, state);
    }
}

static int
compare_order_ids (gconstpointer a,
                   gconstpointer b)
{
  return strcmp ((*(FbOrderEvent **) a)->order_id, (*(FbOrderEvent **) b)->order_id);
}

static int
compare_feeder_ids (gconstpointer a,
                    gconstpointer b)
{
  return strcmp ((*(FbFeederState **) a)->feeder_id, (*(FbFeederState **) b)->feeder_id);
}

/* Moves the fold into a state, sorted by id so that two equal states compare equal. */
static FbLedgerState *
fold_to_state (Fold *fold)
{
  FbLedgerState *state = g_new0 (FbLedgerState, 1);
  GHashTableIter iter;
  gpointer value;

  state->orders = g_ptr_array_new_full (g_hash_table_size (fold->orders), (GDestroyNotify) fb_order_event_free);
  g_hash_table_iter_init (&iter, fold->orders);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      g_ptr_array_add (state->orders, value);
      g_hash_table_iter_steal (&iter);
    }
  g_ptr_array_sort (state->orders, compare_order_ids);

  state->feeders = g_ptr_array_new_full (g_hash_table_size (fold->feeders), (GDestroyNotify) fb_feeder_state_free);
  g_hash_table_iter_init (&iter, fold->feeders);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      g_ptr_array_add (state->feeders, value);
      g_hash_table_iter_steal (&iter);
    }
  g_ptr_array_sort (state->feeders, compare_feeder_ids);
  return state;
}

void
fb_ledger_state_free (FbLedgerState *state)
{
  if (state == NULL)
    return;
  g_clear_pointer (&state->orders, g_ptr_array_unref);
  g_clear_pointer (&state->feeders, g_ptr_array_unref);
  g_free (state);
}

/* The fold of every event with seq <= @max_seq and received_at <= @at, from the nearest checkpoint. */
static gboolean
fold_up_to (sqlite3  *db,
            Fold     *fold,
            gint64    at,
            gint64    max_seq,
            gint64   *out_seq,
            gint64   *out_time,
            GError  **error)
{
  sqlite3_stmt *stmt = NULL;
  gint64 from_seq = 0;
  int rc;

  *out_seq = 0;
  *out_time = 0;

  if (sqlite3_prepare_v2 (db, "SELECT seq, received_at, state FROM checkpoints WHERE received_at <= ?1 AND seq <= ?2 "
                              "ORDER BY seq DESC LIMIT 1", -1, &stmt, NULL) != SQLITE_OK)
    return sql_error (error, db, "Reading a checkpoint");
  sqlite3_bind_int64 (stmt, 1, at);
  sqlite3_bind_int64 (stmt, 2, max_seq);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      from_seq = sqlite3_column_int64 (stmt, 0);
      *out_seq = from_seq;
      *out_time = sqlite3_column_int64 (stmt, 1);
      if (!fold_load_variant (fold, sqlite3_column_blob (stmt, 2), sqlite3_column_bytes (stmt, 2), error))
        {
          sqlite3_finalize (stmt);
          return FALSE;
        }
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return sql_error (error, db, "Reading a checkpoint");

  if (sqlite3_prepare_v2 (db, "SELECT seq, received_at, kind, topic, key, status, updated_at, updated_at_text, event, "
                              "payload FROM events WHERE seq > ?1 AND seq <= ?2 AND received_at <= ?3 ORDER BY seq",
                          -1, &stmt, NULL) != SQLITE_OK)
    return sql_error (error, db, "Reading events");
  sqlite3_bind_int64 (stmt, 1, from_seq);
  sqlite3_bind_int64 (stmt, 2, max_seq);
  sqlite3_bind_int64 (stmt, 3, at);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      fold_row (fold, stmt);
      *out_seq = sqlite3_column_int64 (stmt, 0);
      *out_time = sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return sql_error (error, db, "Reading events");
  return TRUE;
}

/* -- opening ------------------------------------------------------------------------- */

static const char *const migrations[] = {
  /* 0 → 1 */
  "CREATE TABLE events ("
  "  seq INTEGER PRIMARY KEY,"
  "  received_at INTEGER NOT NULL,"
  "  kind INTEGER NOT NULL,"
  "  topic TEXT NOT NULL,"
  "  key TEXT,"
  "  status TEXT,"
  "  updated_at INTEGER,"
  "  updated_at_text TEXT,"
  "  event TEXT,"
  "  payload BLOB NOT NULL);"
  "CREATE INDEX events_received_at ON events (received_at);"
  "CREATE TABLE checkpoints ("
  "  seq INTEGER PRIMARY KEY,"
  "  received_at INTEGER NOT NULL,"
  "  state BLOB NOT NULL);"
  "CREATE INDEX checkpoints_received_at ON checkpoints (received_at);",
};

static gboolean
looks_like_sqlite (const char  *path,
                   GError     **error)
{
  static const char magic[16] = "SQLite format 3";
  char header[16];
  FILE *f = g_fopen (path, "rb");
  gsize n;

  if (f == NULL)
    return TRUE;   /* not there yet: SQLite creates it */
  n = fread (header, 1, sizeof header, f);
  fclose (f);
  if (n == 0 || (n == sizeof header && memcmp (header, magic, sizeof header) == 0))
    return TRUE;

  g_set_error (error, FB_LEDGER_ERROR, FB_LEDGER_ERROR_CORRUPT,
               "%s is damaged: it is not an SQLite database", path);
  return FALSE;
}

static sqlite3 *
open_connection (const char  *path,
                 gboolean     writable,
                 GError     **error)
{
  sqlite3 *db = NULL;
  int flags = (writable ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE : SQLITE_OPEN_READONLY) | SQLITE_OPEN_NOMUTEX;

  if (sqlite3_open_v2 (path, &db, flags, NULL) != SQLITE_OK)
    {
      g_set_error (error, FB_LEDGER_ERROR, FB_LEDGER_ERROR_IO, "Cannot open %s: %s", path,
                   db != NULL ? sqlite3_errmsg (db) : "out of memory");
      sqlite3_close (db);
      return NULL;
    }
  sqlite3_busy_timeout (db, 5000);
  sqlite3_extended_result_codes (db, 0);
  return db;
}

static gboolean
check_and_migrate (FbLedger  *self,
                   GError   **error)
{
  g_autoptr(GError) local_error = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 version = 0;
  const char *check = NULL;
  int rc;

  /* Read before anything is written: a newer or damaged file must stay as it is. */
  if (!query_int64 (self->db, "PRAGMA user_version", &version, &local_error))
    {
      g_set_error (error, FB_LEDGER_ERROR, FB_LEDGER_ERROR_CORRUPT, "%s is damaged: %s", self->path,
                   sqlite3_errmsg (self->db));
      return FALSE;
    }
  if (version > FB_LEDGER_SCHEMA_VERSION)
    {
      g_set_error (error, FB_LEDGER_ERROR, FB_LEDGER_ERROR_TOO_NEW,
                   "%s was written by a newer Feedboard (ledger version %" G_GINT64_FORMAT ", this one knows up to %d). "
                   "It was left untouched; update Feedboard to read it.", self->path, version, FB_LEDGER_SCHEMA_VERSION);
      return FALSE;
    }

  if (version > 0)
    {
      if (sqlite3_prepare_v2 (self->db, "PRAGMA quick_check", -1, &stmt, NULL) != SQLITE_OK)
        goto corrupt;
      rc = sqlite3_step (stmt);
      check = rc == SQLITE_ROW ? (const char *) sqlite3_column_text (stmt, 0) : NULL;
      if (g_strcmp0 (check, "ok") != 0)
        {
          g_set_error (error, FB_LEDGER_ERROR, FB_LEDGER_ERROR_CORRUPT, "%s is damaged: %s", self->path,
                       check != NULL ? check : sqlite3_errmsg (self->db));
          sqlite3_finalize (stmt);
          return FALSE;
        }
      sqlite3_finalize (stmt);
    }
  else if (!exec (self->db, "PRAGMA auto_vacuum = INCREMENTAL", error))
    return FALSE;

  if (!exec (self->db, "PRAGMA journal_mode = WAL", error)
      || !exec (self->db, "PRAGMA synchronous = FULL", error))
    return FALSE;

  for (gint64 v = version; v < FB_LEDGER_SCHEMA_VERSION; v++)
    {
      g_autofree char *set_version = g_strdup_printf ("PRAGMA user_version = %" G_GINT64_FORMAT, v + 1);

      if (!exec (self->db, "BEGIN IMMEDIATE", error))
        return FALSE;
      if (!exec (self->db, migrations[v], error) || !exec (self->db, set_version, error))
        {
          exec (self->db, "ROLLBACK", NULL);
          return FALSE;
        }
      if (!exec (self->db, "COMMIT", error))
        return FALSE;
    }
  return TRUE;

corrupt:
  g_set_error (error, FB_LEDGER_ERROR, FB_LEDGER_ERROR_CORRUPT, "%s is damaged: %s", self->path,
               sqlite3_errmsg (self->db));
  return FALSE;
}

static gpointer writer_main (gpointer data);

FbLedger *
fb_ledger_open_read_only (const char  *dir,
                          GError     **error)
{
  g_autoptr(FbLedger) self = g_object_new (FB_TYPE_LEDGER, NULL);
  gint64 version = 0;

  self->dir = g_strdup (dir);
  self->path = g_build_filename (dir, FB_LEDGER_FILE_NAME, NULL);
  if (!g_file_test (self->path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, FB_LEDGER_ERROR, FB_LEDGER_ERROR_IO, "There is no ledger in %s", dir);
      return NULL;
    }
  if (!looks_like_sqlite (self->path, error) || (self->db = open_connection (self->path, FALSE, error)) == NULL)
    return NULL;
  if (!query_int64 (self->db, "PRAGMA user_version", &version, NULL))
    {
      g_set_error (error, FB_LEDGER_ERROR, FB_LEDGER_ERROR_CORRUPT, "%s is damaged: %s", self->path,
                   sqlite3_errmsg (self->db));
      return NULL;
    }
  if (version > FB_LEDGER_SCHEMA_VERSION || version < 1)
    {
      g_set_error (error, FB_LEDGER_ERROR, version < 1 ? FB_LEDGER_ERROR_CORRUPT : FB_LEDGER_ERROR_TOO_NEW,
                   version < 1 ? "%s is not a Feedboard ledger" : "%s was written by a newer Feedboard; update Feedboard to read it",
                   self->path);
      return NULL;
    }
  return g_steal_pointer (&self);
}

FbLedger *
fb_ledger_open (const char  *dir,
                GError     **error)
{
  g_autoptr(FbLedger) self = NULL;
  gint64 last_seq = 0, last_time = 0;

  g_return_val_if_fail (dir != NULL, NULL);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, FB_LEDGER_ERROR, FB_LEDGER_ERROR_IO, "Cannot create %s: %s", dir, g_strerror (saved));
      return NULL;
    }

  self = g_object_new (FB_TYPE_LEDGER, NULL);
  self->dir = g_strdup (dir);
  self->path = g_build_filename (dir, FB_LEDGER_FILE_NAME, NULL);

  if (!looks_like_sqlite (self->path, error))
    return NULL;
  /* Private: SQLite gives its journal files the database file's mode. */
  if (!g_file_test (self->path, G_FILE_TEST_EXISTS))
    {
      int fd = g_open (self->path, O_WRONLY | O_CREAT | O_EXCL, 0600);
      if (fd >= 0)
        close (fd);
    }
  if ((self->db = open_connection (self->path, TRUE, error)) == NULL)
    return NULL;
  if (!check_and_migrate (self, error))
    return NULL;

  /* The writer goes on from the latest state: the last checkpoint and the events after it. */
  if (!fold_up_to (self->db, &self->fold, G_MAXINT64, G_MAXINT64, &last_seq, &last_time, error)
      || !query_int64 (self->db, "SELECT coalesce (max (seq), 0) FROM events", &last_seq, error)
      || !query_int64 (self->db, "SELECT coalesce (max (received_at), 0) FROM events", &last_time, error))
    {
      if (error != NULL && *error != NULL && (*error)->code == FB_LEDGER_ERROR_SQL)
        (*error)->code = FB_LEDGER_ERROR_CORRUPT;
      return NULL;
    }
  {
    gint64 checkpoint_seq = 0;
    if (!query_int64 (self->db, "SELECT coalesce (max (seq), 0) FROM checkpoints", &checkpoint_seq, error))
      return NULL;
    self->last_seq = MAX (last_seq, checkpoint_seq);
  }
  self->last_time = last_time;
  self->committed_seq = self->last_seq;

  self->context = g_main_context_ref_thread_default ();
  self->writer = g_thread_new ("fb-ledger-writer", writer_main, self);
  return g_steal_pointer (&self);
}

FbLedger *
fb_ledger_open_or_recover (const char  *dir,
                           char       **moved_aside,
                           GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *path = NULL;
  g_autofree char *stamp = NULL;
  g_autofree char *aside = NULL;
  FbLedger *ledger;

  *moved_aside = NULL;
  ledger = fb_ledger_open (dir, &local_error);
  if (ledger != NULL || !g_error_matches (local_error, FB_LEDGER_ERROR, FB_LEDGER_ERROR_CORRUPT))
    {
      if (ledger == NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      return ledger;
    }

  now = g_date_time_new_now_local ();
  stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  path = g_build_filename (dir, FB_LEDGER_FILE_NAME, NULL);
  aside = g_strdup_printf ("%s.damaged-%s", path, stamp);
  if (g_rename (path, aside) != 0)
    {
      int saved = errno;
      g_set_error (error, FB_LEDGER_ERROR, FB_LEDGER_ERROR_IO, "%s; moving it aside failed too: %s",
                   local_error->message, g_strerror (saved));
      return NULL;
    }
  /* Its journal belongs to it, not to the fresh one. */
  for (const char *suffix = "-wal"; suffix != NULL; suffix = g_str_equal (suffix, "-wal") ? "-shm" : NULL)
    {
      g_autofree char *from = g_strconcat (path, suffix, NULL);
      g_autofree char *to = g_strconcat (aside, suffix, NULL);
      if (g_file_test (from, G_FILE_TEST_EXISTS))
        g_rename (from, to);
    }

  ledger = fb_ledger_open (dir, error);
  if (ledger != NULL)
    *moved_aside = g_steal_pointer (&aside);
  return ledger;
}

const char *
fb_ledger_get_path (FbLedger *self)
{
  g_return_val_if_fail (FB_IS_LEDGER (self), NULL);
  return self->path;
}

/* -- writing ------------------------------------------------------------------------- */

static void
record_free (Record *record)
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
  g_autoptr(GVariant) variant = fold_to_variant (fold);
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (sqlite3_prepare_v2 (self->db, "INSERT OR REPLACE INTO checkpoints (seq, received_at, state) VALUES (?1, ?2, ?3)",
                          -1, &stmt, NULL) != SQLITE_OK)
    return sql_error (error, self->db, "Writing a checkpoint");
  sqlite3_bind_int64 (stmt, 1, seq);
  sqlite3_bind_int64 (stmt, 2, received_at);
  sqlite3_bind_blob (stmt, 3, g_variant_get_data (variant), g_variant_get_size (variant), SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return sql_error (error, self->db, "Writing a checkpoint");
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

  if (!exec (self->db, "BEGIN IMMEDIATE", error))
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
        fold_order (&self->fold, ev);
      if (feeder != NULL)
        fold_feeder (&self->fold, feeder);

      if (seq % FB_LEDGER_CHECKPOINT_EVERY == 0 && !insert_checkpoint (self, seq, time, &self->fold, error))
        {
          sqlite3_finalize (stmt);
          exec (self->db, "ROLLBACK", NULL);
          return FALSE;
        }
    }
  sqlite3_finalize (stmt);
  stmt = NULL;

  if (!exec (self->db, "COMMIT", error))
    {
      exec (self->db, "ROLLBACK", NULL);
      return FALSE;
    }

  self->last_seq = seq;
  self->last_time = time;
  g_mutex_lock (&self->append_lock);
  self->committed_seq = seq;
  g_mutex_unlock (&self->append_lock);
  return TRUE;

failed:
  sql_error (error, self->db, "Recording events");
  sqlite3_finalize (stmt);
  exec (self->db, "ROLLBACK", NULL);
  return FALSE;
}

static gint64
db_size (sqlite3 *db)
{
  gint64 pages = 0, page_size = 0, free_pages = 0;

  query_int64 (db, "PRAGMA page_count", &pages, NULL);
  query_int64 (db, "PRAGMA page_size", &page_size, NULL);
  query_int64 (db, "PRAGMA freelist_count", &free_pages, NULL);
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

  fold_init (&fold);
  if (!exec (self->db, "BEGIN IMMEDIATE", error))
    {
      fold_clear (&fold);
      return FALSE;
    }
  ok = fold_up_to (self->db, &fold, G_MAXINT64, cut_seq, &seq, &time, error)
       && (seq == 0 || insert_checkpoint (self, seq, time, &fold, error));
  fold_clear (&fold);
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
        sql_error (error, self->db, "Removing old events");
    }
  if (!ok || !exec (self->db, "COMMIT", error))
    {
      exec (self->db, "ROLLBACK", NULL);
      return FALSE;
    }
  return TRUE;
}

static gboolean
compact (FbLedger  *self,
         GError   **error)
{
  return exec (self->db, "PRAGMA incremental_vacuum", error)
         && exec (self->db, "PRAGMA wal_checkpoint(TRUNCATE)", error);
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
      if (!query_int64 (self->db, sql, &cut_seq, error))
        return FALSE;
      if (cut_seq > 0 && !cut_history (self, cut_seq, error))
        return FALSE;
    }

  /* By size: a tenth of what is left at a time, oldest first, until it fits. */
  while (max_bytes > 0 && db_size (self->db) > max_bytes)
    {
      gint64 first = 0, count = 0;

      if (!query_int64 (self->db, "SELECT coalesce (min (seq), 0) FROM events", &first, error)
          || !query_int64 (self->db, "SELECT count (*) FROM events", &count, error))
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
  if (!exec (self->db, "BEGIN IMMEDIATE", error))
    return FALSE;
  if (!exec (self->db, "DELETE FROM events", error) || !exec (self->db, "DELETE FROM checkpoints", error)
      || !exec (self->db, "COMMIT", error))
    {
      exec (self->db, "ROLLBACK", NULL);
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

static gpointer
writer_main (gpointer data)
{
  FbLedger *self = data;
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) record_free);
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
        record_free (control);
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

/* -- reading ------------------------------------------------------------------------- */

static sqlite3 *
open_reader (FbLedger  *self,
             GError   **error)
{
  return open_connection (self->path, FALSE, error);
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

  if ((db = open_reader (self, error)) == NULL)
    return NULL;
  fold_init (&fold);
  if (exec (db, "BEGIN", error) && fold_up_to (db, &fold, at, G_MAXINT64, &seq, &time, error))
    {
      state = fold_to_state (&fold);
      state->at = at;
      state->seq = seq;
      state->as_of = time;
    }
  fold_clear (&fold);
  sqlite3_close (db);
  return state;
}

static void
read_state_thread (GTask        *task,
                   gpointer      source,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  GError *error = NULL;
  FbLedgerState *state = fb_ledger_read_state (source, *(gint64 *) task_data, &error);

  if (state == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, state, (GDestroyNotify) fb_ledger_state_free);
}

void
fb_ledger_read_state_async (FbLedger            *self,
                            gint64               at,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (FB_IS_LEDGER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, fb_ledger_read_state_async);
  g_task_set_task_data (task, g_memdup2 (&at, sizeof at), g_free);
  g_task_run_in_thread (task, read_state_thread);
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
  sqlite3 *db = open_reader (self, NULL);
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

static void
add_payload (JsonBuilder  *builder,
             const guint8 *data,
             gsize         len)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (len > 0 && g_utf8_validate ((const char *) data, len, NULL)
      && json_parser_load_from_data (parser, (const char *) data, len, NULL)
      && json_parser_get_root (parser) != NULL)
    {
      json_builder_set_member_name (builder, "payload");
      json_builder_add_value (builder, json_node_copy (json_parser_get_root (parser)));
    }
  else if (g_utf8_validate ((const char *) data, len, NULL))
    {
      g_autofree char *text = g_strndup ((const char *) data, len);

      json_builder_set_member_name (builder, "raw");
      json_builder_add_string_value (builder, text);
    }
  else
    {
      g_autofree char *encoded = g_base64_encode (data, len);

      json_builder_set_member_name (builder, "rawBase64");
      json_builder_add_string_value (builder, encoded);
    }
}

gboolean
fb_ledger_export (FbLedger       *self,
                  gint64          since,
                  gint64          until,
                  GOutputStream  *out,
                  GCancellable   *cancellable,
                  GError        **error)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  sqlite3 *db;
  sqlite3_stmt *stmt = NULL;
  gboolean ok = TRUE;
  int rc;

  g_return_val_if_fail (FB_IS_LEDGER (self), FALSE);

  if ((db = open_reader (self, error)) == NULL)
    return FALSE;
  if (!exec (db, "BEGIN", error)
      || sqlite3_prepare_v2 (db, "SELECT seq, received_at, kind, topic, key, status, updated_at, updated_at_text, "
                                 "event, payload FROM events WHERE received_at >= ?1 AND received_at <= ?2 ORDER BY seq",
                             -1, &stmt, NULL) != SQLITE_OK)
    {
      if (stmt == NULL && (error == NULL || *error == NULL))
        sql_error (error, db, "Reading events");
      sqlite3_close (db);
      return FALSE;
    }
  sqlite3_bind_int64 (stmt, 1, since);
  sqlite3_bind_int64 (stmt, 2, until);

  while (ok && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *received = fb_time_format_rfc3339_ms (sqlite3_column_int64 (stmt, 1));
      g_autofree char *line = NULL;
      FbLedgerKind kind = sqlite3_column_int (stmt, 2);
      const guint8 *data = sqlite3_column_blob (stmt, 9);
      gsize len = sqlite3_column_bytes (stmt, 9);
      gsize line_len;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "seq");
      json_builder_add_int_value (builder, sqlite3_column_int64 (stmt, 0));
      json_builder_set_member_name (builder, "receivedAt");
      json_builder_add_string_value (builder, received);
      json_builder_set_member_name (builder, "topic");
      json_builder_add_string_value (builder, (const char *) sqlite3_column_text (stmt, 3));
      json_builder_set_member_name (builder, "kind");
      json_builder_add_string_value (builder, fb_ledger_kind_to_string (kind));
      if (kind == FB_LEDGER_KIND_ORDER && sqlite3_column_type (stmt, 4) != SQLITE_NULL)
        {
          json_builder_set_member_name (builder, "orderId");
          json_builder_add_string_value (builder, (const char *) sqlite3_column_text (stmt, 4));
          json_builder_set_member_name (builder, "status");
          json_builder_add_string_value (builder, (const char *) sqlite3_column_text (stmt, 5));
          json_builder_set_member_name (builder, "updatedAt");
          json_builder_add_string_value (builder, (const char *) sqlite3_column_text (stmt, 7));
          json_builder_set_member_name (builder, "event");
          json_builder_add_string_value (builder, (const char *) sqlite3_column_text (stmt, 8));
        }
      else if (kind == FB_LEDGER_KIND_ORDER || kind == FB_LEDGER_KIND_FEEDER_STATE)
        {
          if (sqlite3_column_type (stmt, 4) != SQLITE_NULL)
            {
              json_builder_set_member_name (builder, "feederId");
              json_builder_add_string_value (builder, (const char *) sqlite3_column_text (stmt, 4));
            }
          else
            {
              /* Kept as received, for a better decoder later; not part of any state. */
              json_builder_set_member_name (builder, "undecodable");
              json_builder_add_boolean_value (builder, TRUE);
            }
        }
      add_payload (builder, data, len);
      json_builder_end_object (builder);

      root = json_builder_get_root (builder);
      json_generator_set_root (generator, root);
      line = json_generator_to_data (generator, &line_len);
      ok = g_output_stream_write_all (out, line, line_len, NULL, cancellable, error)
           && g_output_stream_write_all (out, "\n", 1, NULL, cancellable, error);
    }
  if (ok && rc != SQLITE_DONE)
    ok = sql_error (error, db, "Reading events");

  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return ok;
}

/* -- life ---------------------------------------------------------------------------- */

void
fb_ledger_close (FbLedger *self)
{
  Record *stop;

  g_return_if_fail (FB_IS_LEDGER (self));

  if (self->writer == NULL)
    return;
  /* Everything queued before is committed first. */
  stop = g_new0 (Record, 1);
  stop->type = RECORD_STOP;
  g_atomic_int_inc (&self->control_pending);
  g_async_queue_push (self->queue, stop);
  g_thread_join (g_steal_pointer (&self->writer));
}

static void
fb_ledger_dispose (GObject *object)
{
  fb_ledger_close (FB_LEDGER (object));

  G_OBJECT_CLASS (fb_ledger_parent_class)->dispose (object);
}

static void
fb_ledger_finalize (GObject *object)
{
  FbLedger *self = FB_LEDGER (object);

  fold_clear (&self->fold);
  if (self->db != NULL)
    sqlite3_close (self->db);
  g_clear_pointer (&self->queue, g_async_queue_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_error (&self->writer_error);
  g_mutex_clear (&self->append_lock);
  g_free (self->dir);
  g_free (self->path);

  G_OBJECT_CLASS (fb_ledger_parent_class)->finalize (object);
}

static void
fb_ledger_class_init (FbLedgerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = fb_ledger_dispose;
  object_class->finalize = fb_ledger_finalize;
}

static void
fb_ledger_init (FbLedger *self)
{
  g_mutex_init (&self->append_lock);
  self->queue = g_async_queue_new_full ((GDestroyNotify) record_free);
  fold_init (&self->fold);
}
