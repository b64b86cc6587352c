/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-ledger.c: FbLedger on a real SQLite file: what is appended is committed and read back;
 * the state at an instant is the fold of the events up to it (from scratch and from a
 * checkpoint alike) and equals what a live FbOrderStore makes of the same 100 000 events with
 * duplicates and reordering; retention keeps the state after the cut; a newer or damaged file
 * is refused with words and never modified, and can be moved aside. */
#include <string.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "fb-ledger.h"
#include "fb-order-store.h"
#include "fb-test-ledger.h"

static FbMqttMessage *
feeder_message (const char *json,
                gint64      received_at)
{
  FbMqttMessage *m = g_new0 (FbMqttMessage, 1);

  m->topic = g_strdup ("cat-feeder/states");
  m->payload = g_bytes_new (json, strlen (json));
  m->received_at = received_at;
  return m;
}

static void
assert_states_equal (FbLedgerState *a,
                     FbLedgerState *b)
{
  g_assert_cmpuint (a->orders->len, ==, b->orders->len);
  for (guint i = 0; i < a->orders->len; i++)
    {
      FbOrderEvent *x = g_ptr_array_index (a->orders, i);
      FbOrderEvent *y = g_ptr_array_index (b->orders, i);

      g_assert_cmpstr (x->order_id, ==, y->order_id);
      g_assert_cmpstr (x->status, ==, y->status);
      g_assert_cmpint (x->updated_at, ==, y->updated_at);
    }
  g_assert_cmpuint (a->feeders->len, ==, b->feeders->len);
  for (guint i = 0; i < a->feeders->len; i++)
    {
      FbFeederState *x = g_ptr_array_index (a->feeders, i);
      FbFeederState *y = g_ptr_array_index (b->feeders, i);

      g_assert_cmpstr (x->feeder_id, ==, y->feeder_id);
      g_assert_cmpint (x->food_capacity, ==, y->food_capacity);
      g_assert_cmpint (x->received_at, ==, y->received_at);
    }
}

static void
test_basics (void)
{
  g_autofree char *dir = fb_test_make_dir ();
  g_autoptr(GError) error = NULL;
  g_autoptr(FbLedger) ledger = fb_ledger_open (dir, &error);
  g_autoptr(FbLedgerState) state = NULL;
  g_autoptr(FbLedgerState) before = NULL;
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_mqtt_message_free);
  g_autoptr(GBytes) command = g_bytes_new_static ("{\"bowl\":\"left\"}", 15);
  gint64 first, last, neighbor;
  GStatBuf st;

  g_assert_no_error (error);
  g_assert_cmpint (g_stat (fb_ledger_get_path (ledger), &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_false (fb_ledger_get_time_range (ledger, &first, &last));

  g_ptr_array_add (batch, fb_test_order_message ("A", "SUBMITTED", 1000 * G_USEC_PER_SEC, 100));
  g_ptr_array_add (batch, fb_test_order_message ("A", "IN_KITCHEN", 1002 * G_USEC_PER_SEC, 200));
  g_ptr_array_add (batch, fb_test_order_message ("A", "ACCEPTED_BY_STORE", 1001 * G_USEC_PER_SEC, 300));   /* late */
  g_ptr_array_add (batch, feeder_message ("{\"food_capacity\":80,\"device_location\":\"kitchen\"}", 400));
  g_ptr_array_add (batch, feeder_message ("{\"device_location\":\"kitchen\",\"state_1\":\"on\"}", 500));
  g_ptr_array_add (batch, feeder_message ("not json", 600));
  fb_ledger_append_messages (ledger, batch);
  fb_ledger_append (ledger, FB_LEDGER_KIND_FEED_COMMAND, "feedboard/feed", command, 550);   /* clock went back */
  g_assert_true (fb_test_ledger_flush (ledger, &error));
  g_assert_no_error (error);
  g_assert_cmpint (fb_ledger_get_committed_seq (ledger), ==, 7);
  g_assert_cmpint (fb_ledger_get_n_events (ledger), ==, 7);

  state = fb_ledger_read_state (ledger, G_MAXINT64, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (state->orders->len, ==, 1);
  g_assert_cmpstr (((FbOrderEvent *) state->orders->pdata[0])->status, ==, "IN_KITCHEN");
  g_assert_cmpuint (state->feeders->len, ==, 1);
  g_assert_cmpint (((FbFeederState *) state->feeders->pdata[0])->food_capacity, ==, 80);
  g_assert_cmpstr (((FbFeederState *) state->feeders->pdata[0])->state_1, ==, "on");
  g_assert_cmpint (state->seq, ==, 7);
  g_assert_cmpint (state->as_of, ==, 600);   /* the ledger's clock never goes back */

  before = fb_ledger_read_state (ledger, 150, &error);
  g_assert_cmpstr (((FbOrderEvent *) before->orders->pdata[0])->status, ==, "SUBMITTED");
  g_assert_cmpuint (before->feeders->len, ==, 0);
  g_assert_cmpint (before->as_of, ==, 100);

  g_assert_true (fb_ledger_get_time_range (ledger, &first, &last));
  g_assert_cmpint (first, ==, 100);
  g_assert_cmpint (last, ==, 600);
  g_assert_true (fb_ledger_neighbor_time (ledger, 300, -1, &neighbor));
  g_assert_cmpint (neighbor, ==, 200);
  g_assert_true (fb_ledger_neighbor_time (ledger, 300, 1, &neighbor));
  g_assert_cmpint (neighbor, ==, 400);
  g_assert_false (fb_ledger_neighbor_time (ledger, 100, -1, &neighbor));

  /* Reopened, the state and the sequence go on. */
  g_clear_object (&ledger);
  ledger = fb_ledger_open (dir, &error);
  g_assert_no_error (error);
  g_assert_cmpint (fb_ledger_get_committed_seq (ledger), ==, 7);
  fb_ledger_append_message (ledger, batch->pdata[0]);
  g_assert_true (fb_test_ledger_flush (ledger, &error));
  g_assert_cmpint (fb_ledger_get_committed_seq (ledger), ==, 8);

  g_assert_true (fb_test_ledger_clear (ledger, &error));
  g_assert_cmpint (fb_ledger_get_n_events (ledger), ==, 0);
  g_clear_object (&ledger);
  fb_test_remove_dir (dir);
}

/* 100 000 events over 2 000 orders, with duplicates and out-of-order delivery. */
static void
test_fold_equivalence (void)
{
  g_autofree char *dir = fb_test_make_dir ();
  g_autoptr(GError) error = NULL;
  g_autoptr(FbLedger) ledger = fb_ledger_open (dir, &error);
  g_autoptr(FbOrderStore) store = fb_order_store_new ();
  g_autoptr(FbLedgerState) with_checkpoints = NULL;
  g_autoptr(FbLedgerState) from_scratch = NULL;
  g_autoptr(FbLedgerState) past = NULL;
  g_autoptr(FbLedgerState) past_scratch = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261124);
  g_autoptr(GHashTable) past_fold = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) newest = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  static const char *const statuses[] = { "SUBMITTED", "ACCEPTED_BY_STORE", "IN_KITCHEN", "READY_FOR_PICKUP",
                                          "PICKED_UP_BY_DRIVER", "OUT_FOR_DELIVERY", "DELIVERED", "COMPLETED" };
  const int n_events = 100000, n_orders = 2000;
  const gint64 t0 = 1763900000LL * G_USEC_PER_SEC;
  const gint64 past_at = t0 + 61234 * 1000;
  gint64 checkpoints = 0;
  sqlite3 *db;

  g_assert_no_error (error);
  fb_order_store_set_max_orders (store, G_MAXUINT);

  for (int i = 0; i < n_events; i++)
    {
      g_autofree char *id = g_strdup_printf ("order-%04d", g_rand_int_range (rand, 0, n_orders));
      int step = g_rand_int_range (rand, 0, G_N_ELEMENTS (statuses));
      /* updatedAt roughly follows time, but a third arrive late, and some share a time. */
      gint64 updated = t0 + (gint64) i * 1000 - (g_rand_int_range (rand, 0, 3) == 0 ? g_rand_int_range (rand, 0, 50) * 1000 : 0);
      gint64 received = t0 + (gint64) i * 1000 + 500;
      g_autoptr(FbMqttMessage) m = NULL;

      /* A fifth repeat the order's newest time with another status: ties must keep the first. */
      if (g_hash_table_contains (newest, id) && g_rand_int_range (rand, 0, 5) == 0)
        updated = (gint64) GPOINTER_TO_SIZE (g_hash_table_lookup (newest, id));
      updated -= updated % 1000;
      if (updated > (gint64) GPOINTER_TO_SIZE (g_hash_table_lookup (newest, id)))
        g_hash_table_replace (newest, g_strdup (id), GSIZE_TO_POINTER (updated));
      m = fb_test_order_message (id, statuses[step], updated, received);
      g_autoptr(FbOrderEvent) ev = NULL;
      gsize len;
      const guint8 *data = g_bytes_get_data (m->payload, &len);

      ev = fb_order_event_decode (m->topic, data, len, received, &error);
      g_assert_no_error (error);
      fb_order_store_apply (store, ev);
      fb_ledger_append_message (ledger, m);
      if (g_rand_int_range (rand, 0, 10) == 0)
        fb_ledger_append_message (ledger, m), fb_order_store_apply (store, ev);   /* a duplicate */

      if (received <= past_at)
        {
          gpointer current = g_hash_table_lookup (past_fold, id);
          if (current == NULL || (gsize) ev->updated_at > GPOINTER_TO_SIZE (current))
            g_hash_table_replace (past_fold, g_strdup (id), GSIZE_TO_POINTER (ev->updated_at));
        }
    }
  g_assert_true (fb_test_ledger_flush (ledger, &error));
  g_assert_no_error (error);

  with_checkpoints = fb_ledger_read_state (ledger, G_MAXINT64, &error);
  g_assert_no_error (error);

  /* Equal to the live store, order by order. */
  g_assert_cmpuint (with_checkpoints->orders->len, ==, g_list_model_get_n_items (G_LIST_MODEL (store)));
  for (guint i = 0; i < with_checkpoints->orders->len; i++)
    {
      FbOrderEvent *ev = g_ptr_array_index (with_checkpoints->orders, i);
      FbOrder *order = fb_order_store_lookup (store, ev->order_id);

      g_assert_nonnull (order);
      g_assert_cmpstr (ev->status, ==, fb_order_get_status (order));
      g_assert_cmpint (ev->updated_at, ==, fb_order_get_updated_at (order));
    }

  /* The past state at an instant in between, against a fold done here. */
  past = fb_ledger_read_state (ledger, past_at, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (past->orders->len, ==, g_hash_table_size (past_fold));
  for (guint i = 0; i < past->orders->len; i++)
    {
      FbOrderEvent *ev = g_ptr_array_index (past->orders, i);
      g_assert_cmpint (ev->updated_at, ==, GPOINTER_TO_SIZE (g_hash_table_lookup (past_fold, ev->order_id)));
    }

  /* Checkpoints were written; without them (from scratch) the states are the same. */
  db = NULL;
  g_assert_cmpint (sqlite3_open (fb_ledger_get_path (ledger), &db), ==, SQLITE_OK);
  {
    sqlite3_stmt *stmt = NULL;
    sqlite3_prepare_v2 (db, "SELECT count (*) FROM checkpoints", -1, &stmt, NULL);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    checkpoints = sqlite3_column_int64 (stmt, 0);
    sqlite3_finalize (stmt);
  }
  g_assert_cmpint (checkpoints, >=, n_events / FB_LEDGER_CHECKPOINT_EVERY);
  g_assert_cmpint (sqlite3_exec (db, "DELETE FROM checkpoints", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  from_scratch = fb_ledger_read_state (ledger, G_MAXINT64, &error);
  g_assert_no_error (error);
  assert_states_equal (with_checkpoints, from_scratch);
  past_scratch = fb_ledger_read_state (ledger, past_at, &error);
  assert_states_equal (past, past_scratch);

  g_clear_object (&ledger);
  fb_test_remove_dir (dir);
}

static void
test_retention (void)
{
  g_autofree char *dir = fb_test_make_dir ();
  g_autoptr(GError) error = NULL;
  g_autoptr(FbLedger) ledger = fb_ledger_open (dir, &error);
  g_autoptr(FbLedgerState) before = NULL;
  g_autoptr(FbLedgerState) after = NULL;
  gint64 now = g_get_real_time ();
  gint64 size_before;

  /* 30 000 events: the first 20 000 two days old, the rest recent. */
  for (int i = 0; i < 30000; i++)
    {
      g_autofree char *id = g_strdup_printf ("o%d", i % 500);
      gint64 received = i < 20000 ? now - 2 * G_TIME_SPAN_DAY + i : now - 1000 * G_USEC_PER_SEC + i;
      g_autoptr(FbMqttMessage) m = fb_test_order_message (id, i % 2 ? "IN_KITCHEN" : "SUBMITTED",
                                                  1700000000LL * G_USEC_PER_SEC + (gint64) i * 1000, received);
      fb_ledger_append_message (ledger, m);
    }
  g_assert_true (fb_test_ledger_flush (ledger, &error));
  before = fb_ledger_read_state (ledger, G_MAXINT64, &error);

  g_assert_true (fb_test_ledger_apply_retention (ledger, G_TIME_SPAN_DAY / G_USEC_PER_SEC, 0, &error));
  g_assert_no_error (error);
  g_assert_cmpint (fb_ledger_get_n_events (ledger), ==, 10000);
  after = fb_ledger_read_state (ledger, G_MAXINT64, &error);
  assert_states_equal (before, after);

  /* By size: whole batches go until it fits; the latest state stays. */
  size_before = fb_ledger_get_size (ledger);
  g_assert_true (fb_test_ledger_apply_retention (ledger, 0, size_before / 2, &error));
  g_assert_no_error (error);
  g_assert_cmpint (fb_ledger_get_n_events (ledger), <, 10000);
  g_assert_cmpint (fb_ledger_get_n_events (ledger), >, 0);
  g_clear_pointer (&after, fb_ledger_state_free);
  after = fb_ledger_read_state (ledger, G_MAXINT64, &error);
  assert_states_equal (before, after);

  g_clear_object (&ledger);
  fb_test_remove_dir (dir);
}

static char *
make_ledger_with_events (int n)
{
  char *dir = fb_test_make_dir ();
  g_autoptr(GError) error = NULL;
  g_autoptr(FbLedger) ledger = fb_ledger_open (dir, &error);

  g_assert_no_error (error);
  for (int i = 0; i < n; i++)
    {
      g_autofree char *id = g_strdup_printf ("o%d", i);
      g_autoptr(FbMqttMessage) m = fb_test_order_message (id, "SUBMITTED", 1700000000LL * G_USEC_PER_SEC, 1000 + i);
      fb_ledger_append_message (ledger, m);
    }
  g_assert_true (fb_test_ledger_flush (ledger, &error));
  return dir;
}

static void
test_newer_version_refused (void)
{
  g_autofree char *dir = make_ledger_with_events (10);
  g_autofree char *path = g_build_filename (dir, FB_LEDGER_FILE_NAME, NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gsize before_len, after_len;
  g_autoptr(GError) error = NULL;
  g_autoptr(FbLedger) ledger = NULL;
  g_autofree char *moved = NULL;
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA user_version = 99; PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  g_assert_true (g_file_get_contents (path, &before, &before_len, NULL));

  ledger = fb_ledger_open (dir, &error);
  g_assert_null (ledger);
  g_assert_error (error, FB_LEDGER_ERROR, FB_LEDGER_ERROR_TOO_NEW);
  g_assert_nonnull (strstr (error->message, "newer Feedboard"));
  g_clear_error (&error);

  /* Recovery does not apply: a newer file is not damaged, and it is kept as it is. */
  ledger = fb_ledger_open_or_recover (dir, &moved, &error);
  g_assert_null (ledger);
  g_assert_error (error, FB_LEDGER_ERROR, FB_LEDGER_ERROR_TOO_NEW);
  g_assert_null (moved);

  g_assert_true (g_file_get_contents (path, &after, &after_len, NULL));
  g_assert_cmpuint (before_len, ==, after_len);
  g_assert_true (memcmp (before, after, before_len) == 0);
  fb_test_remove_dir (dir);
}

static void
check_damage (void (*damage) (const char *path, GRand *rand))
{
  g_autofree char *dir = make_ledger_with_events (3000);
  g_autofree char *path = g_build_filename (dir, FB_LEDGER_FILE_NAME, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(FbLedger) ledger = NULL;
  g_autoptr(FbLedger) fresh = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autofree char *moved = NULL;
  sqlite3 *db = NULL;

  /* Everything in the main file, so that damaging it damages the data. */
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  sqlite3_exec (db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
  sqlite3_close (db);
  damage (path, rand);

  ledger = fb_ledger_open (dir, &error);
  g_assert_null (ledger);
  g_assert_error (error, FB_LEDGER_ERROR, FB_LEDGER_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, "damaged"));
  g_clear_error (&error);

  fresh = fb_ledger_open_or_recover (dir, &moved, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fresh);
  g_assert_nonnull (moved);
  g_assert_true (g_file_test (moved, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpint (fb_ledger_get_n_events (fresh), ==, 0);
  g_clear_object (&fresh);
  fb_test_remove_dir (dir);
}

static void
truncate_file (const char *path,
               GRand      *rand)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (truncate (path, st.st_size / 2 + 100), ==, 0);
}

static void
flip_bytes (const char *path,
            GRand      *rand)
{
  g_autofree char *data = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
  /* Past the header page's first bytes, in the pages that hold tables and index. */
  for (int i = 0; i < 400; i++)
    data[g_rand_int_range (rand, 100, len)] ^= (char) g_rand_int_range (rand, 1, 256);
  g_assert_true (g_file_set_contents (path, data, len, NULL));
}

static void
not_a_database (const char *path,
                GRand      *rand)
{
  g_assert_true (g_file_set_contents (path, "this is not a database, whatever the name says\n", -1, NULL));
}

static void
test_damaged_truncated (void)
{
  check_damage (truncate_file);
}

static void
test_damaged_flipped (void)
{
  check_damage (flip_bytes);
}

static void
test_damaged_not_sqlite (void)
{
  check_damage (not_a_database);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ledger/basics", test_basics);
  g_test_add_func ("/ledger/fold-equivalence", test_fold_equivalence);
  g_test_add_func ("/ledger/retention", test_retention);
  g_test_add_func ("/ledger/newer-version-refused", test_newer_version_refused);
  g_test_add_func ("/ledger/damaged/truncated", test_damaged_truncated);
  g_test_add_func ("/ledger/damaged/flipped", test_damaged_flipped);
  g_test_add_func ("/ledger/damaged/not-sqlite", test_damaged_not_sqlite);

  return g_test_run ();
}
