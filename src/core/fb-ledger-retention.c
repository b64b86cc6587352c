/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-ledger-retention.c: removing events — the oldest, by age and size, keeping the state after
   the cut exact with a checkpoint at the cut; or all of them. Run by the writer thread between
   commits (fb-ledger-writer.c), on its connection. */
#define G_LOG_DOMAIN "fb-ledger"

#include "fb-ledger-private.h"

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
       && (seq == 0 || _fb_ledger_insert_checkpoint (self, seq, time, &fold, error));
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

gboolean
_fb_ledger_retention (FbLedger  *self,
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

gboolean
_fb_ledger_clear_all (FbLedger  *self,
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
