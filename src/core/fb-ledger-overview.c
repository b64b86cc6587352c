/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-ledger-overview.c: folds the state at the instant (exact counts and stuck orders, from the
 * nearest checkpoint) and then the order events of the window and its lookback, row by row
 * into the overview: memory grows with the orders, not with the events read. */
#define G_LOG_DOMAIN "fb-ledger-overview"

#include <sqlite3.h>

#include "fb-ledger-overview.h"

static gboolean
fold_events (FbLedger         *ledger,
             FbOrderOverview  *overview,
             gint64            since,
             gint64            until,
             GError          **error)
{
  sqlite3 *db;
  sqlite3_stmt *stmt = NULL;
  int rc;

  /* A reader of its own, as fb_ledger_read_state's. */
  if ((db = fb_ledger_open_reader (ledger, NULL, error)) == NULL)
    return FALSE;
  if (sqlite3_prepare_v2 (db, "SELECT received_at, key, status, updated_at, event FROM events "
                              "WHERE received_at > ?1 AND received_at <= ?2 AND kind = ?3 AND key IS NOT NULL "
                              "ORDER BY seq", -1, &stmt, NULL) != SQLITE_OK)
    {
      g_set_error (error, FB_LEDGER_ERROR, FB_LEDGER_ERROR_SQL, "Reading order events: %s", sqlite3_errmsg (db));
      sqlite3_close (db);
      return FALSE;
    }
  sqlite3_bind_int64 (stmt, 1, since);
  sqlite3_bind_int64 (stmt, 2, until);
  sqlite3_bind_int (stmt, 3, FB_LEDGER_KIND_ORDER);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      FbOrderEvent ev = { 0 };

      ev.received_at = sqlite3_column_int64 (stmt, 0);
      ev.order_id = (char *) sqlite3_column_text (stmt, 1);
      ev.status = (char *) sqlite3_column_text (stmt, 2);
      ev.updated_at = sqlite3_column_int64 (stmt, 3);
      ev.event = (char *) sqlite3_column_text (stmt, 4);
      fb_order_overview_apply (overview, &ev);
    }
  if (rc != SQLITE_DONE)
    g_set_error (error, FB_LEDGER_ERROR, FB_LEDGER_ERROR_SQL, "Reading order events: %s", sqlite3_errmsg (db));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return rc == SQLITE_DONE;
}

FbOrderOverview *
fb_ledger_read_overview (FbLedger  *ledger,
                         gint64     at,
                         gint64     window,
                         GError   **error)
{
  g_autoptr(FbOrderOverview) overview = NULL;
  g_autoptr(FbLedgerState) state = NULL;
  gint64 end = at == G_MAXINT64 ? g_get_real_time () : at;

  g_return_val_if_fail (FB_IS_LEDGER (ledger), NULL);
  g_return_val_if_fail (window > 0, NULL);

  state = fb_ledger_read_state (ledger, at, error);
  if (state == NULL)
    return NULL;
  overview = fb_order_overview_new ();
  /* What the ledger kept, all of it, as the past stores do. */
  fb_order_overview_set_max_orders (overview, 0);
  fb_order_overview_apply_batch (overview, state->orders);
  if (!fold_events (ledger, overview, end - window - FB_ORDER_OVERVIEW_LOOKBACK, at, error))
    return NULL;
  /* What the state says of the orders' last events wins over nothing: they were folded first. */
  return g_steal_pointer (&overview);
}

typedef struct
{
  gint64 at;
  gint64 window;
} ReadData;

static gpointer
read_overview_job (FbLedger      *ledger,
                   gpointer       data,
                   GCancellable  *cancellable,
                   GError       **error)
{
  ReadData *read = data;

  return fb_ledger_read_overview (ledger, read->at, read->window, error);
}

void
fb_ledger_read_overview_async (FbLedger            *ledger,
                               gint64               at,
                               gint64               window,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  static const FbLedgerReader reader = {
    .source_tag = fb_ledger_read_overview_async,
    .read = read_overview_job,
    .data_free = g_free,
    .result_free = g_object_unref,
    .return_on_cancel = TRUE,
  };
  ReadData *data;

  g_return_if_fail (FB_IS_LEDGER (ledger));

  data = g_new0 (ReadData, 1);
  data->at = at;
  data->window = window;
  fb_ledger_run_read_async (ledger, &reader, data, cancellable, callback, user_data);
}

FbOrderOverview *
fb_ledger_read_overview_finish (FbLedger      *ledger,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, ledger), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
