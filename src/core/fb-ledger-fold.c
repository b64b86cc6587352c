/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-ledger-fold.c: the fold — the state after a prefix of the ledger's events, built from the
   nearest checkpoint and the events after it; checkpoints to and from GVariant. */
#define G_LOG_DOMAIN "fb-ledger"

#include <string.h>

#include "fb-ledger-private.h"

void
_fb_ledger_fold_init (Fold *fold)
{
  fold->orders = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) fb_order_event_free);
  fold->feeders = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) fb_feeder_state_free);
}

void
_fb_ledger_fold_clear (Fold *fold)
{
  g_clear_pointer (&fold->orders, g_hash_table_unref);
  g_clear_pointer (&fold->feeders, g_hash_table_unref);
}

/* Takes @ev. The key is the event's own order_id, so the table owns both. */
void
_fb_ledger_fold_order (Fold         *fold,
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

void
_fb_ledger_fold_feeder (Fold          *fold,
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

GVariant *
_fb_ledger_fold_to_variant (Fold *fold)
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
    /* Checked again like any order event: a checkpoint written before the checks existed may
       hold an order pinned by an updatedAt in the year 9999. */
    if (fb_order_event_check (&ev, NULL))
      _fb_ledger_fold_order (fold, fb_order_event_copy (&ev));
  while (g_variant_iter_next (feeders, "(&s&sm&sim&sm&sm&sx)", &s.feeder_id, &s.topic, &s.device_location,
                              &s.food_capacity, &s.device_time, &s.state_1, &s.state_2, &s.received_at))
    _fb_ledger_fold_feeder (fold, fb_feeder_state_copy (&s));
  return TRUE;
}

/* One stored event into the fold, read by fb_ledger_row_read: orders from their decoded columns,
   checked again; feeder states decoded again from the raw bytes (they are few). */
static void
fold_row (Fold         *fold,
          sqlite3_stmt *stmt)
{
  FbLedgerRow row;
  g_autoptr(FbInboundEvent) event = NULL;

  /* Through fb-inbound, as when it arrived: a row kept raw cannot hurt the reader. */
  _fb_ledger_row_from_stmt (&row, stmt);
  event = fb_ledger_row_read (&row);
  if (event != NULL && event->kind == FB_INBOUND_ORDER)
    _fb_ledger_fold_order (fold, fb_inbound_event_steal_order (event));
  else if (event != NULL && event->kind == FB_INBOUND_FEEDER_STATE)
    _fb_ledger_fold_feeder (fold, g_steal_pointer (&event->feeder_state));
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
FbLedgerState *
_fb_ledger_fold_to_state (Fold *fold)
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
gboolean
_fb_ledger_fold_up_to (sqlite3  *db,
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
    return _fb_ledger_sql_error (error, db, "Reading a checkpoint");
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
    return _fb_ledger_sql_error (error, db, "Reading a checkpoint");

  if (sqlite3_prepare_v2 (db, "SELECT seq, received_at, kind, topic, key, status, updated_at, updated_at_text, event, "
                              "payload FROM events WHERE seq > ?1 AND seq <= ?2 AND received_at <= ?3 ORDER BY seq",
                          -1, &stmt, NULL) != SQLITE_OK)
    return _fb_ledger_sql_error (error, db, "Reading events");
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
    return _fb_ledger_sql_error (error, db, "Reading events");
  return TRUE;
}
