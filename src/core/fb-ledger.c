/* SPDX-License-Identifier: GPL-3.0-or-later */
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
 * Faults: only a file SQLite itself calls damaged is FB_LEDGER_ERROR_CORRUPT (and may be moved
 * aside); a place that cannot be used is FB_LEDGER_ERROR_IO, in words, and left alone. A failed
 * commit pauses recording rather than ending it (fb-ledger-writer.c).
 *
 * This file opens (and migrates) the ledger, owns its life and brings the writer's notices to
 * the owner's context; the writer thread is in fb-ledger-writer.c, the fold in fb-ledger-fold.c,
 * reading and export in fb-ledger-read.c. */
#define G_LOG_DOMAIN "fb-ledger"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <string.h>

#include <glib/gstdio.h>

#include "fb-ledger-private.h"

G_DEFINE_FINAL_TYPE (FbLedger, fb_ledger, G_TYPE_OBJECT)
G_DEFINE_QUARK (fb-ledger-error-quark, fb_ledger_error)

enum {
  PROP_0,
  PROP_RECORDING_PROBLEM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  COMMITTED,
  GAP,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *const kind_names[] = {
  "other", "order", "feeder-state", "feed-action", "feed-command", "connection", "gap",
};

const char *
fb_ledger_kind_to_string (FbLedgerKind kind)
{
  return kind < G_N_ELEMENTS (kind_names) ? kind_names[kind] : "other";
}

/* What went wrong, in words a user can act on, for the errors of the place rather than of the
   file; NULL for the others. */
static const char *
failure_words (int code)
{
  switch (code)
    {
    case SQLITE_FULL:
      return "the disk is full";
    case SQLITE_IOERR:
      return "the disk reported an error";
    case SQLITE_READONLY:
      return "the ledger or its folder is read-only";
    case SQLITE_PERM:
    case SQLITE_CANTOPEN:
      return "the ledger or its journal (-wal, -shm) cannot be opened";
    case SQLITE_CORRUPT:
      return "the file is damaged";
    case SQLITE_NOTADB:
      return "the file is not a database";
    default:
      return NULL;
    }
}

/* Only what SQLite itself calls damaged (corrupt, not a database) is FB_LEDGER_ERROR_CORRUPT:
   permissions, a read-only place or a full disk say nothing about the file. */
gboolean
_fb_ledger_sql_error (GError  **error,
                      sqlite3  *db,
                      const char *what)
{
  int code = sqlite3_errcode (db) & 0xff;
  int sys_errno = sqlite3_system_errno (db);
  const char *words = failure_words (code);
  int domain_code = (code == SQLITE_CORRUPT || code == SQLITE_NOTADB) ? FB_LEDGER_ERROR_CORRUPT
                    : (code == SQLITE_CANTOPEN || code == SQLITE_IOERR || code == SQLITE_FULL
                       || code == SQLITE_READONLY || code == SQLITE_PERM) ? FB_LEDGER_ERROR_IO
                    : FB_LEDGER_ERROR_SQL;

  if (words != NULL && domain_code == FB_LEDGER_ERROR_IO && sys_errno != 0)
    g_set_error (error, FB_LEDGER_ERROR, domain_code, "%s: %s (%s)", what, words, g_strerror (sys_errno));
  else if (words != NULL)
    g_set_error (error, FB_LEDGER_ERROR, domain_code, "%s: %s (%s)", what, words, sqlite3_errmsg (db));
  else
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
      g_autofree char *what = g_strdup_printf ("Cannot open %s", path);

      if (db != NULL)
        _fb_ledger_sql_error (error, db, what);
      else
        g_set_error (error, FB_LEDGER_ERROR, FB_LEDGER_ERROR_IO, "%s: out of memory", what);
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
  g_autofree char *reading = g_strdup_printf ("Cannot read %s", self->path);
  sqlite3_stmt *stmt = NULL;
  gint64 version = 0;
  const char *check = NULL;
  int rc;

  /* Read before anything is written: a newer or damaged file must stay as it is. A file that
     cannot be read (its journal belongs to another user, the folder is read-only) is not
     damaged: the error says which. */
  if (!_fb_ledger_query_int64 (self->db, "PRAGMA user_version", &version, NULL))
    return _fb_ledger_sql_error (error, self->db, reading);
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
        return _fb_ledger_sql_error (error, self->db, reading);
      rc = sqlite3_step (stmt);
      if (rc != SQLITE_ROW)
        {
          _fb_ledger_sql_error (error, self->db, reading);
          sqlite3_finalize (stmt);
          return FALSE;
        }
      check = (const char *) sqlite3_column_text (stmt, 0);
      if (g_strcmp0 (check, "ok") != 0)
        {
          /* SQLite's own check found damage. */
          g_set_error (error, FB_LEDGER_ERROR, FB_LEDGER_ERROR_CORRUPT, "%s is damaged: %s", self->path,
                       check != NULL ? check : "the check found a problem");
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
      g_autofree char *reading = g_strdup_printf ("Cannot read %s", self->path);

      _fb_ledger_sql_error (error, self->db, reading);
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

/* SQLite names the file it could not create (a journal, in a read-only folder) with the errno of
   its last try; the folder's own state says it better. */
static void
explain_folder (const char  *dir,
                GError     **error)
{
  int saved;

  if (error == NULL || !g_error_matches (*error, FB_LEDGER_ERROR, FB_LEDGER_ERROR_IO) || g_access (dir, W_OK) == 0)
    return;
  saved = errno;
  g_clear_error (error);
  g_set_error (error, FB_LEDGER_ERROR, FB_LEDGER_ERROR_IO, "Cannot open the ledger in %s: the folder cannot be written to (%s)",
               dir, g_strerror (saved));
}

FbLedger *
fb_ledger_open (const char  *dir,
                GError     **error)
{
  g_autoptr(FbLedger) self = NULL;

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
  if ((self->db = _fb_ledger_open_connection (self->path, TRUE, error)) == NULL
      || !check_and_migrate (self, error))
    {
      explain_folder (dir, error);
      return NULL;
    }

  /* The writer goes on from the latest state: the last checkpoint and the events after it. */
  if (!_fb_ledger_load_position (self, error))
    return NULL;

  self->context = g_main_context_ref_thread_default ();
  self->link = g_atomic_rc_box_new0 (GWeakRef);
  g_weak_ref_init (self->link, self);
  self->writer = g_thread_new ("fb-ledger-writer", _fb_ledger_writer_main, self);
  return g_steal_pointer (&self);
}

/* The writer's position (last sequence number and time, last checkpoint) and the folded state,
   from what is on disk: at the start, and after a transaction failed. */
gboolean
_fb_ledger_load_position (FbLedger  *self,
                          GError   **error)
{
  Fold fold;
  gint64 last_seq = 0, last_time = 0, checkpoint_seq = 0;

  _fb_ledger_fold_init (&fold);
  if (!_fb_ledger_fold_up_to (self->db, &fold, G_MAXINT64, G_MAXINT64, &last_seq, &last_time, error)
      || !_fb_ledger_query_int64 (self->db, "SELECT coalesce (max (seq), 0) FROM events", &last_seq, error)
      || !_fb_ledger_query_int64 (self->db, "SELECT coalesce (max (received_at), 0) FROM events", &last_time, error)
      || !_fb_ledger_query_int64 (self->db, "SELECT coalesce (max (seq), 0) FROM checkpoints", &checkpoint_seq,
                                  error))
    {
      _fb_ledger_fold_clear (&fold);
      return FALSE;
    }
  _fb_ledger_fold_clear (&self->fold);
  self->fold = fold;
  self->checkpoint_seq = checkpoint_seq;
  self->last_seq = MAX (last_seq, checkpoint_seq);
  self->last_time = last_time;
  g_mutex_lock (&self->append_lock);
  self->committed_seq = self->last_seq;
  g_mutex_unlock (&self->append_lock);
  return TRUE;
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

/* -- the writer's notices, on the owner's context -- */

typedef struct
{
  GWeakRef *link;
  gint64    committed_seq;   /* 0 = no commit */
  gboolean  problem_changed;
  char     *problem;
  gint64    gap_from;
  gint64    gap_until;
  gint64    n_gap;           /* 0 = no gap */
} Notice;

static void
notice_free (Notice *notice)
{
  g_atomic_rc_box_release_full (notice->link, (GDestroyNotify) g_weak_ref_clear);
  g_free (notice->problem);
  g_free (notice);
}

static gboolean
fb_ledger_notice_cb (gpointer data)
{
  Notice *notice = data;
  g_autoptr(FbLedger) self = g_weak_ref_get (notice->link);

  if (self == NULL)
    return G_SOURCE_REMOVE;
  if (notice->problem_changed && g_strcmp0 (self->recording_problem, notice->problem) != 0)
    {
      g_free (self->recording_problem);
      self->recording_problem = g_steal_pointer (&notice->problem);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECORDING_PROBLEM]);
    }
  if (notice->n_gap > 0)
    g_signal_emit (self, signals[GAP], 0, notice->gap_from, notice->gap_until, notice->n_gap);
  if (notice->committed_seq > 0)
    g_signal_emit (self, signals[COMMITTED], 0, notice->committed_seq);
  return G_SOURCE_REMOVE;
}

/* From the writer thread: an idle on the owner's context (never g_main_context_invoke, which
   would run it here when nobody iterates that context), holding only a weak reference. */
void
_fb_ledger_emit_notice (FbLedger   *self,
                        gint64      committed_seq,
                        gboolean    problem_changed,
                        const char *problem,
                        gint64      gap_from,
                        gint64      gap_until,
                        gint64      n_gap)
{
  g_autoptr(GSource) source = g_idle_source_new ();
  Notice *notice = g_new0 (Notice, 1);

  notice->link = g_atomic_rc_box_acquire (self->link);
  notice->committed_seq = committed_seq;
  notice->problem_changed = problem_changed;
  notice->problem = g_strdup (problem);
  notice->gap_from = gap_from;
  notice->gap_until = gap_until;
  notice->n_gap = n_gap;
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, fb_ledger_notice_cb, notice, (GDestroyNotify) notice_free);
  g_source_set_static_name (source, "[fb-ledger-notice]");
  g_source_attach (source, self->context);
}

const char *
fb_ledger_get_recording_problem (FbLedger *self)
{
  g_return_val_if_fail (FB_IS_LEDGER (self), NULL);
  return self->recording_problem;
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
  _fb_ledger_push_control (self, stop);
  g_thread_join (g_steal_pointer (&self->writer));
}

static void
fb_ledger_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  FbLedger *self = FB_LEDGER (object);

  switch (prop_id)
    {
    case PROP_RECORDING_PROBLEM:
      g_value_set_string (value, self->recording_problem);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
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
  g_clear_pointer (&self->wakeup, g_async_queue_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  if (self->link != NULL)
    g_atomic_rc_box_release_full (self->link, (GDestroyNotify) g_weak_ref_clear);
  g_clear_error (&self->pause_error);
  g_mutex_clear (&self->append_lock);
  g_free (self->recording_problem);
  g_free (self->dir);
  g_free (self->path);

  G_OBJECT_CLASS (fb_ledger_parent_class)->finalize (object);
}

static void
fb_ledger_class_init (FbLedgerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = fb_ledger_get_property;
  object_class->dispose = fb_ledger_dispose;
  object_class->finalize = fb_ledger_finalize;

  properties[PROP_RECORDING_PROBLEM] =
    g_param_spec_string ("recording-problem", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* committed (gint64 seq): after each commit, with the highest sequence number committed. */
  signals[COMMITTED] = g_signal_new ("committed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                     NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
  /* gap (gint64 from, gint64 until, gint64 n_events): recording resumed, and these were not
     recorded (a FB_LEDGER_KIND_GAP record says so in the ledger). */
  signals[GAP] = g_signal_new ("gap", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                               NULL, G_TYPE_NONE, 3, G_TYPE_INT64, G_TYPE_INT64, G_TYPE_INT64);
}

static void
fb_ledger_init (FbLedger *self)
{
  g_mutex_init (&self->append_lock);
  self->queue = g_async_queue_new_full ((GDestroyNotify) _fb_ledger_record_free);
  self->wakeup = g_async_queue_new ();
  _fb_ledger_fold_init (&self->fold);
}
