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
 * thread while the app records.
 *
 * This file opens (and migrates) the ledger and owns its life; the writer thread is in
 * fb-ledger-writer.c, the fold in fb-ledger-fold.c, reading and export in fb-ledger-read.c. */
#define G_LOG_DOMAIN "fb-ledger"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <string.h>

#include <glib/gstdio.h>

#include "fb-ledger-private.h"

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

gboolean
_fb_ledger_sql_error (GError  **error,
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

gboolean
_fb_ledger_exec (sqlite3     *db,
                 const char  *sql,
                 GError     **error)
{
  if (sqlite3_exec (db, sql, NULL, NULL, NULL) != SQLITE_OK)
    return _fb_ledger_sql_error (error, db, sql);
  return TRUE;
}

gboolean
_fb_ledger_query_int64 (sqlite3     *db,
                        const char  *sql,
                        gint64      *out,
                        GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    return _fb_ledger_sql_error (error, db, sql);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *out = sqlite3_column_int64 (stmt, 0);
  else if (rc == SQLITE_DONE)
    *out = 0;
  sqlite3_finalize (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return _fb_ledger_sql_error (error, db, sql);
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

sqlite3 *
_fb_ledger_open_connection (const char  *path,
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
  if (!_fb_ledger_query_int64 (self->db, "PRAGMA user_version", &version, &local_error))
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
  else if (!_fb_ledger_exec (self->db, "PRAGMA auto_vacuum = INCREMENTAL", error))
    return FALSE;

  if (!_fb_ledger_exec (self->db, "PRAGMA journal_mode = WAL", error)
      || !_fb_ledger_exec (self->db, "PRAGMA synchronous = FULL", error))
    return FALSE;

  for (gint64 v = version; v < FB_LEDGER_SCHEMA_VERSION; v++)
    {
      g_autofree char *set_version = g_strdup_printf ("PRAGMA user_version = %" G_GINT64_FORMAT, v + 1);

      if (!_fb_ledger_exec (self->db, "BEGIN IMMEDIATE", error))
        return FALSE;
      if (!_fb_ledger_exec (self->db, migrations[v], error) || !_fb_ledger_exec (self->db, set_version, error))
        {
          _fb_ledger_exec (self->db, "ROLLBACK", NULL);
          return FALSE;
        }
      if (!_fb_ledger_exec (self->db, "COMMIT", error))
        return FALSE;
    }
  return TRUE;

corrupt:
  g_set_error (error, FB_LEDGER_ERROR, FB_LEDGER_ERROR_CORRUPT, "%s is damaged: %s", self->path,
               sqlite3_errmsg (self->db));
  return FALSE;
}

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
  if (!looks_like_sqlite (self->path, error)
      || (self->db = _fb_ledger_open_connection (self->path, FALSE, error)) == NULL)
    return NULL;
  if (!_fb_ledger_query_int64 (self->db, "PRAGMA user_version", &version, NULL))
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
  if ((self->db = _fb_ledger_open_connection (self->path, TRUE, error)) == NULL)
    return NULL;
  if (!check_and_migrate (self, error))
    return NULL;

  /* The writer goes on from the latest state: the last checkpoint and the events after it. */
  if (!_fb_ledger_fold_up_to (self->db, &self->fold, G_MAXINT64, G_MAXINT64, &last_seq, &last_time, error)
      || !_fb_ledger_query_int64 (self->db, "SELECT coalesce (max (seq), 0) FROM events", &last_seq, error)
      || !_fb_ledger_query_int64 (self->db, "SELECT coalesce (max (received_at), 0) FROM events", &last_time, error))
    {
      if (error != NULL && *error != NULL && (*error)->code == FB_LEDGER_ERROR_SQL)
        (*error)->code = FB_LEDGER_ERROR_CORRUPT;
      return NULL;
    }
  if (!_fb_ledger_query_int64 (self->db, "SELECT coalesce (max (seq), 0) FROM checkpoints", &self->checkpoint_seq,
                              error))
    return NULL;
  self->last_seq = MAX (last_seq, self->checkpoint_seq);
  self->last_time = last_time;
  self->committed_seq = self->last_seq;

  self->context = g_main_context_ref_thread_default ();
  self->writer = g_thread_new ("fb-ledger-writer", _fb_ledger_writer_main, self);
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

  _fb_ledger_fold_clear (&self->fold);
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
  self->queue = g_async_queue_new_full ((GDestroyNotify) _fb_ledger_record_free);
  _fb_ledger_fold_init (&self->fold);
}
