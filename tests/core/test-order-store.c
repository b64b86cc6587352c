/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-order-store.c: last-writer-wins, history, batching, eviction. */
#include "fb-order-store.h"

static FbOrderEvent *
ev_new (const char *id, const char *status, gint64 updated_s)
{
  FbOrderEvent *ev = g_new0 (FbOrderEvent, 1);

  ev->order_id = g_strdup (id);
  ev->status = g_strdup (status);
  ev->event = g_strdup ("UPDATED");
  ev->updated_at_text = g_strdup ("x");
  ev->updated_at = updated_s * G_USEC_PER_SEC;
  ev->topic = g_strdup ("orders/events");
  ev->received_at = g_get_real_time ();
  return ev;
}

typedef struct { guint calls, pos, removed, added; } Changes;

static void
on_items_changed (GListModel *model, guint pos, guint removed, guint added, Changes *c)
{
  c->calls++;
  c->pos = pos;
  c->removed = removed;
  c->added = added;
}

static void
count_notify (GObject *obj, GParamSpec *pspec, guint *n)
{
  (*n)++;
}

static void
test_lww (void)
{
  g_autoptr(FbOrderStore) store = fb_order_store_new ();
  g_autoptr(FbOrderEvent) a1 = ev_new ("A", "SUBMITTED", 10);
  g_autoptr(FbOrderEvent) a2 = ev_new ("A", "IN_KITCHEN", 20);
  g_autoptr(FbOrderEvent) a_old = ev_new ("A", "ACCEPTED_BY_STORE", 15);
  g_autoptr(FbOrderEvent) a_dup = ev_new ("A", "IN_KITCHEN", 20);
  g_autoptr(FbOrderEvent) a_eq_other = ev_new ("A", "CANCELLED", 20);
  g_autoptr(FbOrderEvent) a_weird = ev_new ("A", "SOMETHING_NEW", 30);
  Changes c = { 0 };
  FbOrder *order;
  guint status_notifies = 0;

  g_signal_connect (store, "items-changed", G_CALLBACK (on_items_changed), &c);

  g_assert_true (fb_order_store_apply (store, a1));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 1);
  g_assert_cmpuint (c.calls, ==, 1);
  g_assert_cmpuint (c.added, ==, 1);
  order = fb_order_store_lookup (store, "A");
  g_assert_nonnull (order);
  g_signal_connect (order, "notify::status", G_CALLBACK (count_notify), &status_notifies);

  g_assert_true (fb_order_store_apply (store, a2));
  g_assert_cmpstr (fb_order_get_status (order), ==, "IN_KITCHEN");
  g_assert_cmpuint (status_notifies, ==, 1);
  g_assert_false (fb_order_store_apply (store, a_old));
  g_assert_false (fb_order_store_apply (store, a_dup));
  g_assert_false (fb_order_store_apply (store, a_eq_other));
  g_assert_cmpstr (fb_order_get_status (order), ==, "IN_KITCHEN");
  g_assert_cmpint (fb_order_get_updated_at (order), ==, 20 * G_USEC_PER_SEC);
  g_assert_cmpuint (status_notifies, ==, 1);
  g_assert_cmpuint (fb_order_get_history (order)->len, ==, 5);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 1);

  /* Unknown statuses are kept. */
  g_assert_true (fb_order_store_apply (store, a_weird));
  g_assert_cmpstr (fb_order_get_status (order), ==, "SOMETHING_NEW");
  g_assert_cmpuint (fb_order_get_history (order)->len, ==, 6);
  g_assert_null (fb_order_store_lookup (store, "B"));
}

static void
test_notify_only_on_change (void)
{
  g_autoptr(FbOrderStore) store = fb_order_store_new ();
  g_autoptr(FbOrderEvent) a1 = ev_new ("A", "SUBMITTED", 10);
  g_autoptr(FbOrderEvent) a2 = ev_new ("A", "SUBMITTED", 11);
  guint status_n = 0, updated_n = 0;
  FbOrder *order;

  fb_order_store_apply (store, a1);
  order = fb_order_store_lookup (store, "A");
  g_signal_connect (order, "notify::status", G_CALLBACK (count_notify), &status_n);
  g_signal_connect (order, "notify::updated-at", G_CALLBACK (count_notify), &updated_n);
  g_assert_true (fb_order_store_apply (store, a2));
  g_assert_cmpuint (status_n, ==, 0);
  g_assert_cmpuint (updated_n, ==, 1);
}

static void
test_batch (void)
{
  g_autoptr(FbOrderStore) store = fb_order_store_new ();
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_order_event_free);
  g_autoptr(GArray) changed = g_array_new (FALSE, FALSE, sizeof (gboolean));
  Changes c = { 0 };

  g_signal_connect (store, "items-changed", G_CALLBACK (on_items_changed), &c);
  for (guint i = 0; i < 100; i++)
    {
      g_autofree char *id = g_strdup_printf ("O%u", i % 10);
      g_ptr_array_add (batch, ev_new (id, "S", (i % 7) + 1));
    }
  fb_order_store_apply_batch (store, batch, changed);
  g_assert_cmpuint (c.calls, ==, 1);
  g_assert_cmpuint (c.pos, ==, 0);
  g_assert_cmpuint (c.removed, ==, 0);
  g_assert_cmpuint (c.added, ==, 10);
  g_assert_cmpuint (changed->len, ==, 100);
  g_assert_true (g_array_index (changed, gboolean, 0));
  for (guint i = 0; i < 10; i++)
    {
      g_autofree char *id = g_strdup_printf ("O%u", i);
      FbOrder *o = fb_order_store_lookup (store, id);
      g_assert_cmpuint (fb_order_get_history (o)->len, ==, 10);
      g_assert_cmpint (fb_order_get_updated_at (o), ==, 7 * G_USEC_PER_SEC);
    }

  /* A batch of stale events changes nothing: no items-changed. */
  {
    g_autoptr(GPtrArray) stale = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_order_event_free);
    g_ptr_array_add (stale, ev_new ("O1", "S", 1));
    fb_order_store_apply_batch (store, stale, NULL);
    g_assert_cmpuint (c.calls, ==, 1);
  }
}

static void
test_history_bounded (void)
{
  g_autoptr(FbOrderStore) store = fb_order_store_new ();
  FbOrder *order;

  for (guint i = 0; i < FB_ORDER_MAX_HISTORY * 3; i++)
    {
      g_autoptr(FbOrderEvent) ev = ev_new ("A", "S", i + 1);
      fb_order_store_apply (store, ev);
    }
  order = fb_order_store_lookup (store, "A");
  g_assert_cmpuint (fb_order_get_history (order)->len, ==, FB_ORDER_MAX_HISTORY);
  /* oldest first, the newest kept */
  g_assert_cmpint (((FbOrderEvent *) g_ptr_array_index (fb_order_get_history (order),
                                                        FB_ORDER_MAX_HISTORY - 1))->updated_at,
                   ==, FB_ORDER_MAX_HISTORY * 3 * G_USEC_PER_SEC);
}

static void
test_eviction (void)
{
  g_autoptr(FbOrderStore) store = fb_order_store_new ();
  const char *statuses[] = { "IN_KITCHEN", "COMPLETED", "SUBMITTED", "CANCELLED", "DELIVERED" };

  g_assert_cmpuint (fb_order_store_get_max_orders (store), ==, FB_ORDER_STORE_DEFAULT_MAX_ORDERS);
  fb_order_store_set_max_orders (store, 5);
  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *id = g_strdup_printf ("O%u", i);
      g_autoptr(FbOrderEvent) ev = ev_new (id, statuses[i], i + 1);
      fb_order_store_apply (store, ev);
    }
  /* Oldest finished order first: O1 (COMPLETED, t=2), then O3, then O4, then oldest: O0. */
  {
    g_autoptr(FbOrderEvent) ev = ev_new ("N1", "SUBMITTED", 100);
    fb_order_store_apply (store, ev);
  }
  g_assert_null (fb_order_store_lookup (store, "O1"));
  g_assert_nonnull (fb_order_store_lookup (store, "O0"));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 5);

  fb_order_store_set_max_orders (store, 2);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 2);
  g_assert_null (fb_order_store_lookup (store, "O3"));
  g_assert_null (fb_order_store_lookup (store, "O4"));
  g_assert_null (fb_order_store_lookup (store, "O0"));
  g_assert_nonnull (fb_order_store_lookup (store, "O2"));
  g_assert_nonnull (fb_order_store_lookup (store, "N1"));

  /* Positions stay right after evictions. */
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(FbOrder) o = g_list_model_get_item (G_LIST_MODEL (store), i);
      g_assert_true (fb_order_store_lookup (store, fb_order_get_order_id (o)) == o);
    }
  {
    g_autoptr(FbOrderEvent) ev = ev_new ("N1", "COMPLETED", 200);
    Changes c = { 0 };
    g_signal_connect (store, "items-changed", G_CALLBACK (on_items_changed), &c);
    fb_order_store_apply (store, ev);
    g_assert_cmpuint (c.calls, ==, 1);
    g_assert_cmpuint (c.pos, ==, 1);
    g_assert_cmpuint (c.removed, ==, 1);
    g_assert_cmpuint (c.added, ==, 1);
  }
}

static void
test_notify_once_per_batch (void)
{
  g_autoptr(FbOrderStore) store = fb_order_store_new ();
  g_autoptr(FbOrderEvent) first = ev_new ("A", "SUBMITTED", 1);
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_order_event_free);
  guint status_n = 0, updated_n = 0;
  FbOrder *order;

  fb_order_store_apply (store, first);
  order = fb_order_store_lookup (store, "A");
  g_signal_connect (order, "notify::status", G_CALLBACK (count_notify), &status_n);
  g_signal_connect (order, "notify::updated-at", G_CALLBACK (count_notify), &updated_n);

  /* Five events for one order in one batch: a view showing it hears of it once. */
  g_ptr_array_add (batch, ev_new ("A", "ACCEPTED_BY_STORE", 2));
  g_ptr_array_add (batch, ev_new ("A", "IN_KITCHEN", 3));
  g_ptr_array_add (batch, ev_new ("B", "SUBMITTED", 3));
  g_ptr_array_add (batch, ev_new ("A", "READY_FOR_PICKUP", 4));
  g_ptr_array_add (batch, ev_new ("A", "PICKED_UP_BY_DRIVER", 5));
  g_ptr_array_add (batch, ev_new ("A", "OUT_FOR_DELIVERY", 6));
  fb_order_store_apply_batch (store, batch, NULL);
  g_assert_cmpuint (status_n, ==, 1);
  g_assert_cmpuint (updated_n, ==, 1);
  g_assert_cmpstr (fb_order_get_status (order), ==, "OUT_FOR_DELIVERY");
  g_assert_cmpuint (fb_order_get_history (order)->len, ==, 6);
}

/* A copy of the list kept only from items-changed: it matches the store after every signal when
 * each signal is true of the list at the time it is emitted. */
typedef struct {
  GPtrArray *rows;
  GArray    *signals;   /* guint triples: pos, removed, added */
  GArray    *seen;      /* gint64 per row: its updated-at when the mirror was last told of it */
} Mirror;

static void
on_mirror_changed (GListModel *model, guint pos, guint removed, guint added, Mirror *m)
{
  guint triple[3] = { pos, removed, added };

  g_assert_cmpuint (pos + removed, <=, m->rows->len);
  /* What a sorted view needs: every row it is not told about is as it was when it was told of it
   * (else it compares rows against stale places: "Comparison method violates its general contract"). */
  if (m->seen != NULL)
    {
      for (guint i = 0; i < m->rows->len; i++)
        if (i < pos || i >= pos + removed)
          g_assert_cmpint (fb_order_get_updated_at (g_ptr_array_index (m->rows, i)), ==,
                           g_array_index (m->seen, gint64, i));
      g_array_remove_range (m->seen, pos, removed);
      for (guint i = 0; i < added; i++)
        {
          g_autoptr(FbOrder) order = g_list_model_get_item (model, pos + i);
          gint64 at = fb_order_get_updated_at (order);

          g_array_insert_val (m->seen, pos + i, at);
        }
    }
  g_ptr_array_remove_range (m->rows, pos, removed);
  for (guint i = 0; i < added; i++)
    g_ptr_array_insert (m->rows, pos + i, g_list_model_get_item (model, pos + i));
  g_assert_cmpuint (m->rows->len, ==, g_list_model_get_n_items (model));
  g_array_append_vals (m->signals, triple, 3);
}

static void
mirror_check (Mirror *m, GListModel *model)
{
  g_assert_cmpuint (m->rows->len, ==, g_list_model_get_n_items (model));
  for (guint i = 0; i < m->rows->len; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);
      g_assert_true (item == g_ptr_array_index (m->rows, i));
    }
}

static void
add_orders (FbOrderStore *store, guint first, guint n, gint64 t)
{
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_order_event_free);

  for (guint i = first; i < first + n; i++)
    {
      g_autofree char *id = g_strdup_printf ("O%05u", i);
      g_ptr_array_add (batch, ev_new (id, "SUBMITTED", t));
    }
  fb_order_store_apply_batch (store, batch, NULL);
}

static void
test_changed_rows (void)
{
  g_autoptr(FbOrderStore) store = fb_order_store_new ();
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_order_event_free);
  Mirror m = { g_ptr_array_new_with_free_func (g_object_unref), g_array_new (FALSE, FALSE, sizeof (guint)),
               g_array_new (FALSE, FALSE, sizeof (gint64)) };
  const guint expected[] = { 100, 0, 2,   3, 3, 3,   50, 1, 1,   99, 1, 1 };

  add_orders (store, 0, 100, 1);
  g_signal_connect (store, "items-changed", G_CALLBACK (on_mirror_changed), &m);
  on_mirror_changed (G_LIST_MODEL (store), 0, 0, 100, &m);
  g_array_set_size (m.signals, 0);

  /* Rows 3, 4, 5 (5 twice), 50 and 99 change, row 7's event is stale, two orders are new. */
  g_ptr_array_add (batch, ev_new ("O00099", "IN_KITCHEN", 2));
  g_ptr_array_add (batch, ev_new ("O00004", "IN_KITCHEN", 2));
  g_ptr_array_add (batch, ev_new ("NEW1", "SUBMITTED", 2));
  g_ptr_array_add (batch, ev_new ("O00005", "IN_KITCHEN", 2));
  g_ptr_array_add (batch, ev_new ("O00003", "IN_KITCHEN", 2));
  g_ptr_array_add (batch, ev_new ("O00050", "IN_KITCHEN", 2));
  g_ptr_array_add (batch, ev_new ("O00005", "READY_FOR_PICKUP", 3));
  g_ptr_array_add (batch, ev_new ("O00007", "IN_KITCHEN", 0));
  g_ptr_array_add (batch, ev_new ("NEW2", "SUBMITTED", 2));
  g_ptr_array_add (batch, ev_new ("NEW1", "IN_KITCHEN", 3));
  fb_order_store_apply_batch (store, batch, NULL);

  g_assert_cmpuint (m.signals->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_cmpuint (g_array_index (m.signals, guint, i), ==, expected[i]);
  mirror_check (&m, G_LIST_MODEL (store));

  /* Scattered changes all over a big list: a few signals, not one per row, still true. */
  g_array_set_size (m.signals, 0);
  g_ptr_array_set_size (batch, 0);
  for (guint i = 3; i < 100; i += 3)
    {
      g_autofree char *id = g_strdup_printf ("O%05u", i);
      g_ptr_array_add (batch, ev_new (id, "DELIVERED", 10));
    }
  fb_order_store_apply_batch (store, batch, NULL);
  g_assert_cmpuint (m.signals->len / 3, >=, 1);
  g_assert_cmpuint (m.signals->len / 3, <=, 16);
  for (guint i = 0; i < m.signals->len; i += 3)
    {
      g_assert_cmpuint (g_array_index (m.signals, guint, i + 1), ==, g_array_index (m.signals, guint, i + 2));
      g_assert_cmpuint (g_array_index (m.signals, guint, i + 1), <, 100);
    }
  mirror_check (&m, G_LIST_MODEL (store));

  g_signal_handlers_disconnect_by_data (store, &m);
  g_ptr_array_unref (m.rows);
  g_array_unref (m.signals);
  g_array_unref (m.seen);
}

static void
test_eviction_reports_removed_rows (void)
{
  g_autoptr(FbOrderStore) store = fb_order_store_new ();
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_order_event_free);
  Mirror m = { g_ptr_array_new_with_free_func (g_object_unref), g_array_new (FALSE, FALSE, sizeof (guint)) };

  fb_order_store_set_max_orders (store, 1000);
  add_orders (store, 0, 1000, 1);
  g_signal_connect (store, "items-changed", G_CALLBACK (on_mirror_changed), &m);
  on_mirror_changed (G_LIST_MODEL (store), 0, 0, 1000, &m);
  g_array_set_size (m.signals, 0);

  /* Every tenth order finished: those go first when 120 new orders arrive, then the oldest. */
  for (guint i = 0; i < 1000; i += 10)
    {
      g_autofree char *id = g_strdup_printf ("O%05u", i);
      g_ptr_array_add (batch, ev_new (id, "DELIVERED", 2));
    }
  fb_order_store_apply_batch (store, batch, NULL);
  mirror_check (&m, G_LIST_MODEL (store));
  g_array_set_size (m.signals, 0);
  add_orders (store, 1000, 120, 3);
  mirror_check (&m, G_LIST_MODEL (store));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 1000);
  /* One append, then a few removals: never the whole list again. */
  g_assert_cmpuint (m.signals->len / 3, <=, 1 + 16);
  for (guint i = 3; i < m.signals->len; i += 3)
    g_assert_cmpuint (g_array_index (m.signals, guint, i + 1), <, 1000);
  for (guint i = 0; i < 1000; i += 10)
    {
      g_autofree char *id = g_strdup_printf ("O%05u", i);
      g_assert_null (fb_order_store_lookup (store, id));
    }
  g_assert_null (fb_order_store_lookup (store, "O00001"));
  g_assert_nonnull (fb_order_store_lookup (store, "O00999"));
  g_assert_nonnull (fb_order_store_lookup (store, "O01119"));
  /* Positions stay right after evictions: a change reports the row it is at. */
  {
    g_autoptr(FbOrderEvent) ev = ev_new ("O00999", "IN_KITCHEN", 9);
    g_autoptr(FbOrder) at = NULL;

    g_array_set_size (m.signals, 0);
    fb_order_store_apply (store, ev);
    g_assert_cmpuint (m.signals->len, ==, 3);
    at = g_list_model_get_item (G_LIST_MODEL (store), g_array_index (m.signals, guint, 0));
    g_assert_cmpstr (fb_order_get_order_id (at), ==, "O00999");
  }

  g_signal_handlers_disconnect_by_data (store, &m);
  g_ptr_array_unref (m.rows);
  g_array_unref (m.signals);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/order-store/lww", test_lww);
  g_test_add_func ("/order-store/notify-only-on-change", test_notify_only_on_change);
  g_test_add_func ("/order-store/batch", test_batch);
  g_test_add_func ("/order-store/history-bounded", test_history_bounded);
  g_test_add_func ("/order-store/eviction", test_eviction);
  g_test_add_func ("/order-store/changed-rows", test_changed_rows);
  g_test_add_func ("/order-store/notify-once-per-batch", test_notify_once_per_batch);
  g_test_add_func ("/order-store/eviction-reports-removed-rows", test_eviction_reports_removed_rows);
  return g_test_run ();
}
