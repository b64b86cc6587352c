/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-order-overview.c: the overview's figures against ones worked out by hand. */
#include "fb-order-overview.h"
#include "fb-status-counts.h"

#define S ((gint64) G_USEC_PER_SEC)
#define MINUTE (60 * S)
/* Some instant in the past; the figures never read the clock. */
#define T0 ((gint64) 1700000000 * S)

static FbOrderEvent *
ev_new (const char *id,
        const char *status,
        const char *event,
        gint64      updated_at)
{
  FbOrderEvent *ev = g_new0 (FbOrderEvent, 1);

  ev->order_id = g_strdup (id);
  ev->status = g_strdup (status);
  ev->event = g_strdup (event);
  ev->updated_at_text = g_strdup ("x");
  ev->updated_at = updated_at;
  ev->topic = g_strdup ("orders/events");
  ev->received_at = updated_at;
  return ev;
}

static void
apply (FbOrderOverview *overview,
       const char      *id,
       const char      *status,
       const char      *event,
       gint64           updated_at)
{
  g_autoptr(FbOrderEvent) ev = ev_new (id, status, event, updated_at);

  fb_order_overview_apply (overview, ev);
}

static guint
count_of (FbOrderSummary *summary,
          const char     *status)
{
  for (guint i = 0; i < summary->counts->len; i++)
    {
      FbOrderStatusCount *count = g_ptr_array_index (summary->counts, i);

      if (g_str_equal (count->status, status))
        return count->count;
    }
  return G_MAXUINT;
}

static void
test_counts (void)
{
  g_autoptr(FbOrderOverview) overview = fb_order_overview_new ();
  g_autoptr(FbOrderSummary) summary = NULL;
  FbOrderStatusCount *last;

  apply (overview, "A", "SUBMITTED", "CREATED", T0);
  apply (overview, "A", "IN_KITCHEN", "UPDATED", T0 + 20 * S);
  apply (overview, "A", "ACCEPTED_BY_STORE", "UPDATED", T0 + 10 * S);   /* late: changes nothing */
  apply (overview, "A", "IN_KITCHEN", "UPDATED", T0 + 20 * S);          /* duplicate */
  apply (overview, "B", "SUBMITTED", "CREATED", T0 + 1 * S);
  apply (overview, "C", "SOMETHING_NEW", "UPDATED", T0 + 2 * S);
  apply (overview, "D", "CANCELLED", "UPDATED", T0 + 3 * S);

  g_assert_cmpuint (fb_order_overview_get_n_orders (overview), ==, 4);
  g_assert_cmpuint (fb_order_overview_count_status (overview, "IN_KITCHEN"), ==, 1);
  g_assert_cmpuint (fb_order_overview_count_status (overview, "ACCEPTED_BY_STORE"), ==, 0);

  summary = fb_order_overview_summarize (overview, T0 + MINUTE, 60 * MINUTE, 10 * MINUTE, 100);
  /* Every known status, zeros too, in the order of an order's life; then the unknown ones. */
  g_assert_cmpuint (summary->counts->len, ==, 10);
  g_assert_cmpstr (((FbOrderStatusCount *) g_ptr_array_index (summary->counts, 0))->status, ==, "SUBMITTED");
  last = g_ptr_array_index (summary->counts, 9);
  g_assert_cmpstr (last->status, ==, "SOMETHING_NEW");
  g_assert_cmpuint (last->count, ==, 1);
  g_assert_cmpuint (count_of (summary, "SUBMITTED"), ==, 1);
  g_assert_cmpuint (count_of (summary, "IN_KITCHEN"), ==, 1);
  g_assert_cmpuint (count_of (summary, "CANCELLED"), ==, 1);
  g_assert_cmpuint (count_of (summary, "COMPLETED"), ==, 0);

  /* The order moves: its old status is no longer counted. */
  apply (overview, "B", "ACCEPTED_BY_STORE", "UPDATED", T0 + 30 * S);
  g_assert_cmpuint (fb_order_overview_count_status (overview, "SUBMITTED"), ==, 0);
  g_assert_cmpuint (fb_order_overview_count_status (overview, "ACCEPTED_BY_STORE"), ==, 1);

  fb_order_overview_clear (overview);
  g_assert_cmpuint (fb_order_overview_get_n_orders (overview), ==, 0);
  g_assert_cmpuint (fb_order_overview_count_status (overview, "IN_KITCHEN"), ==, 0);
}

static void
test_rate (void)
{
  g_autoptr(FbOrderOverview) overview = fb_order_overview_new ();
  g_autoptr(FbOrderSummary) summary = NULL;
  gint64 at = T0 + 60 * MINUTE;

  /* The window is (at - 60 min, at]: the first one is just outside, the last just inside. */
  apply (overview, "out-before", "SUBMITTED", "CREATED", at - 60 * MINUTE);
  apply (overview, "in-first", "SUBMITTED", "CREATED", at - 60 * MINUTE + 1);
  apply (overview, "in-last", "SUBMITTED", "CREATED", at);
  apply (overview, "out-after", "SUBMITTED", "CREATED", at + 1);
  apply (overview, "m57", "SUBMITTED", "CREATED", at - 2 * MINUTE - 30 * S);
  apply (overview, "m57b", "SUBMITTED", "CREATED", at - 2 * MINUTE);   /* ends minute 57 exactly */
  /* No CREATED event: not a created order, whatever its status. */
  apply (overview, "polled", "SUBMITTED", "UPDATED", at - 5 * MINUTE);
  /* A duplicate CREATED later on does not count twice, an earlier one moves the order. */
  apply (overview, "in-last", "SUBMITTED", "CREATED", at - 1 * S);
  apply (overview, "dup", "SUBMITTED", "CREATED", at - 61 * MINUTE);
  apply (overview, "dup", "SUBMITTED", "CREATED", at - 30 * MINUTE);

  summary = fb_order_overview_summarize (overview, at, 60 * MINUTE, 10 * MINUTE, 100);
  g_assert_cmpuint (summary->created, ==, 4);   /* in-first, in-last, m57, m57b */
  g_assert_cmpfloat_with_epsilon (summary->orders_per_minute, 4.0 / 60.0, 1e-9);
  g_assert_cmpuint (summary->n_minutes, ==, 60);
  g_assert_cmpuint (summary->created_per_minute[0], ==, 1);   /* in-first */
  g_assert_cmpuint (summary->created_per_minute[57], ==, 2);  /* (at-3min, at-2min] */
  g_assert_cmpuint (summary->created_per_minute[58], ==, 0);
  g_assert_cmpuint (summary->created_per_minute[59], ==, 1);  /* in-last, moved to at - 1 s */
  g_clear_pointer (&summary, fb_order_summary_free);

  /* A window of 90 s: two minutes, the older one half a minute long. */
  summary = fb_order_overview_summarize (overview, at, 90 * S, 10 * MINUTE, 100);
  g_assert_cmpuint (summary->n_minutes, ==, 2);
  g_assert_cmpuint (summary->created, ==, 1);
  g_assert_cmpfloat_with_epsilon (summary->orders_per_minute, 1 / 1.5, 1e-9);
}

static void
test_completed (void)
{
  g_autoptr(FbOrderOverview) overview = fb_order_overview_new ();
  g_autoptr(FbOrderSummary) summary = NULL;
  gint64 at = T0 + 120 * MINUTE;
  /* Durations 10 s, 20 s, … 100 s, completed in the window, listed out of order. */
  static const int durations[] = { 70, 10, 100, 40, 20, 90, 30, 60, 80, 50 };

  for (guint i = 0; i < G_N_ELEMENTS (durations); i++)
    {
      g_autofree char *id = g_strdup_printf ("O%u", i);
      gint64 done = at - (i + 1) * MINUTE;

      apply (overview, id, "SUBMITTED", "CREATED", done - durations[i] * S);
      apply (overview, id, "IN_KITCHEN", "UPDATED", done - 1 * S);
      apply (overview, id, "COMPLETED", "UPDATED", done);
      apply (overview, id, "COMPLETED", "UPDATED", done + 5 * S);   /* a duplicate, later */
    }
  /* Completed before the window: not counted. */
  apply (overview, "old", "SUBMITTED", "CREATED", at - 90 * MINUTE);
  apply (overview, "old", "COMPLETED", "UPDATED", at - 61 * MINUTE);
  /* The polling API's row of an order completed in the window: where it stands, not an event. */
  apply (overview, "polled", "COMPLETED", "POLLED", at - 5 * MINUTE);

  summary = fb_order_overview_summarize (overview, at, 60 * MINUTE, 10 * MINUTE, 100);
  g_assert_cmpuint (count_of (summary, "COMPLETED"), ==, 12);
  g_assert_cmpuint (summary->completed, ==, 10);
  /* Nearest rank: ⌈0.5·10⌉ = 5th → 50 s, ⌈0.95·10⌉ = 10th → 100 s. */
  g_assert_cmpfloat (summary->p50_seconds, ==, 50.0);
  g_assert_cmpfloat (summary->p95_seconds, ==, 100.0);
  g_clear_pointer (&summary, fb_order_summary_free);

  /* The first event of O1 (10 s) arrives late and earlier: it now took 1000 s. */
  apply (overview, "O1", "SUBMITTED", "UPDATED", at - 2 * MINUTE - 1000 * S);
  summary = fb_order_overview_summarize (overview, at, 60 * MINUTE, 10 * MINUTE, 100);
  g_assert_cmpfloat (summary->p50_seconds, ==, 60.0);
  g_assert_cmpfloat (summary->p95_seconds, ==, 1000.0);
  g_clear_pointer (&summary, fb_order_summary_free);

  /* Three in a window of 3 min 1 s: 70 s, 10 s → 1000 s, 100 s. ⌈1.5⌉ = 2nd, ⌈2.85⌉ = 3rd. */
  summary = fb_order_overview_summarize (overview, at, 3 * MINUTE + S, 10 * MINUTE, 100);
  g_assert_cmpuint (summary->completed, ==, 3);
  g_assert_cmpfloat (summary->p50_seconds, ==, 100.0);
  g_assert_cmpfloat (summary->p95_seconds, ==, 1000.0);
  g_clear_pointer (&summary, fb_order_summary_free);

  /* None: zeros. */
  summary = fb_order_overview_summarize (overview, T0, 60 * MINUTE, 10 * MINUTE, 100);
  g_assert_cmpuint (summary->completed, ==, 0);
  g_assert_cmpfloat (summary->p50_seconds, ==, 0.0);
}

static void
test_cancelled (void)
{
  g_autoptr(FbOrderOverview) overview = fb_order_overview_new ();
  g_autoptr(FbOrderSummary) summary = NULL;
  g_autoptr(GPtrArray) taken = NULL;
  guint n_more = 99;
  gint64 at = T0 + 120 * MINUTE;

  apply (overview, "A", "CANCELLED", "UPDATED", at - 10 * MINUTE);
  apply (overview, "A", "CANCELLED", "UPDATED", at - 9 * MINUTE);
  apply (overview, "B", "CANCELLED", "UPDATED", at - 70 * MINUTE);
  apply (overview, "C", "SUBMITTED", "CREATED", at - 20 * MINUTE);
  apply (overview, "C", "CANCELLED", "UPDATED", at - 19 * MINUTE);
  /* A newer event moves C on, but it was cancelled in the window all the same. */
  apply (overview, "C", "SUBMITTED", "UPDATED", at - 18 * MINUTE);
  /* Polled: counted where it stands, not as a cancellation, not for the alerts. */
  apply (overview, "P", "CANCELLED", "POLLED", at - 3 * MINUTE);

  taken = fb_order_overview_take_newly_cancelled (overview, &n_more);
  /* A once (the duplicate is no change), B, C: in the order they came. */
  g_assert_cmpuint (taken->len, ==, 3);
  g_assert_cmpuint (n_more, ==, 0);
  g_assert_cmpstr (((FbCancelledOrder *) g_ptr_array_index (taken, 0))->order_id, ==, "A");
  g_assert_cmpint (((FbCancelledOrder *) g_ptr_array_index (taken, 0))->at, ==, at - 10 * MINUTE);
  g_assert_cmpstr (((FbCancelledOrder *) g_ptr_array_index (taken, 2))->order_id, ==, "C");
  g_clear_pointer (&taken, g_ptr_array_unref);
  taken = fb_order_overview_take_newly_cancelled (overview, &n_more);
  g_assert_cmpuint (taken->len, ==, 0);

  summary = fb_order_overview_summarize (overview, at, 60 * MINUTE, 10 * MINUTE, 100);
  g_assert_cmpuint (summary->cancelled, ==, 2);
  g_assert_cmpuint (count_of (summary, "CANCELLED"), ==, 3);
  g_assert_cmpuint (count_of (summary, "SUBMITTED"), ==, 1);
}

static void
test_stuck (void)
{
  g_autoptr(FbOrderOverview) overview = fb_order_overview_new ();
  g_autoptr(FbOrderSummary) summary = NULL;
  gint64 at = T0 + 120 * MINUTE;
  g_autoptr(GPtrArray) listed = NULL;
  FbStuckOrder *stuck;

  apply (overview, "young", "IN_KITCHEN", "UPDATED", at - 5 * MINUTE);
  apply (overview, "exact", "IN_KITCHEN", "UPDATED", at - 10 * MINUTE);   /* not older than 10 min */
  apply (overview, "old", "IN_KITCHEN", "UPDATED", at - 10 * MINUTE - 1);
  apply (overview, "older", "SUBMITTED", "CREATED", at - 50 * MINUTE);
  apply (overview, "delivered", "DELIVERED", "UPDATED", at - 30 * MINUTE);  /* not done until COMPLETED */
  apply (overview, "completed", "COMPLETED", "UPDATED", at - 40 * MINUTE);
  apply (overview, "cancelled", "CANCELLED", "UPDATED", at - 40 * MINUTE);
  /* Stuck, then moved on. */
  apply (overview, "moved", "SUBMITTED", "CREATED", at - 45 * MINUTE);
  apply (overview, "moved", "ACCEPTED_BY_STORE", "UPDATED", at - 1 * MINUTE);
  /* Stuck, then done. */
  apply (overview, "finished", "SUBMITTED", "CREATED", at - 45 * MINUTE);
  apply (overview, "finished", "COMPLETED", "UPDATED", at - 2 * MINUTE);

  summary = fb_order_overview_summarize (overview, at, 60 * MINUTE, 10 * MINUTE, 100);
  g_assert_cmpuint (summary->n_stuck, ==, 3);
  g_assert_cmpuint (summary->stuck->len, ==, 3);
  stuck = g_ptr_array_index (summary->stuck, 0);
  g_assert_cmpstr (stuck->order_id, ==, "older");
  g_assert_cmpstr (stuck->status, ==, "SUBMITTED");
  g_assert_cmpint (stuck->since, ==, at - 50 * MINUTE);
  g_assert_cmpstr (((FbStuckOrder *) g_ptr_array_index (summary->stuck, 1))->order_id, ==, "delivered");
  g_assert_cmpstr (((FbStuckOrder *) g_ptr_array_index (summary->stuck, 2))->order_id, ==, "old");
  g_clear_pointer (&summary, fb_order_summary_free);

  /* The list is bounded; the number is not. */
  summary = fb_order_overview_summarize (overview, at, 60 * MINUTE, 10 * MINUTE, 1);
  g_assert_cmpuint (summary->n_stuck, ==, 3);
  g_assert_cmpuint (summary->stuck->len, ==, 1);
  g_clear_pointer (&summary, fb_order_summary_free);

  /* With a 1-minute threshold, 5 more: young, exact, moved (1 min is not older), … */
  summary = fb_order_overview_summarize (overview, at, 60 * MINUTE, 1 * MINUTE, 100);
  g_assert_cmpuint (summary->n_stuck, ==, 5);

  /* Only those updated in the last 40 minutes (not before at - 40 min): delivered, old. */
  listed = fb_order_overview_list_stuck (overview, at, 10 * MINUTE, at - 40 * MINUTE, 100);
  g_assert_cmpuint (listed->len, ==, 2);
  g_assert_cmpstr (((FbStuckOrder *) g_ptr_array_index (listed, 0))->order_id, ==, "delivered");
  g_assert_cmpstr (((FbStuckOrder *) g_ptr_array_index (listed, 1))->order_id, ==, "old");
  g_clear_pointer (&listed, g_ptr_array_unref);
  listed = fb_order_overview_list_stuck (overview, at, 10 * MINUTE, at - 40 * MINUTE, 1);
  g_assert_cmpuint (listed->len, ==, 1);
  g_clear_pointer (&listed, g_ptr_array_unref);
  listed = fb_order_overview_list_stuck (overview, at, 10 * MINUTE, at - 5 * MINUTE, 100);
  g_assert_cmpuint (listed->len, ==, 0);
}

static void
on_changed (FbOrderOverview *overview,
            guint           *n)
{
  (*n)++;
}

static void
test_batch (void)
{
  g_autoptr(FbOrderOverview) overview = fb_order_overview_new ();
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_order_event_free);
  guint changed = 0;

  g_signal_connect (overview, "changed", G_CALLBACK (on_changed), &changed);
  for (guint i = 0; i < 100; i++)
    {
      g_autofree char *id = g_strdup_printf ("O%u", i);

      g_ptr_array_add (batch, ev_new (id, "SUBMITTED", "CREATED", T0 + i * S));
    }
  fb_order_overview_apply_batch (overview, batch);
  g_assert_cmpuint (changed, ==, 1);
  /* The same again changes nothing: no signal. */
  fb_order_overview_apply_batch (overview, batch);
  g_assert_cmpuint (changed, ==, 1);
  g_assert_cmpuint (fb_order_overview_get_n_orders (overview), ==, 100);
}

static void
test_bounded (void)
{
  g_autoptr(FbOrderOverview) overview = fb_order_overview_new ();
  g_autoptr(FbOrderSummary) summary = NULL;

  fb_order_overview_set_max_orders (overview, 3);
  apply (overview, "done", "COMPLETED", "UPDATED", T0 + 10 * S);
  apply (overview, "a", "SUBMITTED", "CREATED", T0 + 1 * S);
  apply (overview, "b", "SUBMITTED", "CREATED", T0 + 2 * S);
  /* Over the limit: the done one goes first, though it is the newest. */
  apply (overview, "c", "SUBMITTED", "CREATED", T0 + 3 * S);
  g_assert_cmpuint (fb_order_overview_get_n_orders (overview), ==, 3);
  g_assert_cmpuint (fb_order_overview_count_status (overview, "COMPLETED"), ==, 0);
  /* Then the least recently updated. */
  apply (overview, "d", "SUBMITTED", "CREATED", T0 + 4 * S);
  g_assert_cmpuint (fb_order_overview_get_n_orders (overview), ==, 3);
  summary = fb_order_overview_summarize (overview, T0 + 60 * MINUTE, 60 * MINUTE, 10 * MINUTE, 100);
  g_assert_cmpuint (summary->n_stuck, ==, 3);
  g_assert_cmpstr (((FbStuckOrder *) g_ptr_array_index (summary->stuck, 0))->order_id, ==, "b");
  g_assert_cmpuint (summary->created, ==, 3);
}

static void
test_merge (void)
{
  g_autoptr(FbOrderOverview) live = fb_order_overview_new ();
  g_autoptr(FbOrderOverview) history = fb_order_overview_new ();
  g_autoptr(FbOrderSummary) summary = NULL;
  gint64 at = T0 + 60 * MINUTE;
  guint changed = 0;

  /* Live, since the start: A moved on, C is new. */
  apply (live, "A", "READY_FOR_PICKUP", "UPDATED", at - 2 * MINUTE);
  apply (live, "C", "SUBMITTED", "CREATED", at - 1 * MINUTE);
  /* The history, read back meanwhile: A from its start, B completed. */
  apply (history, "A", "SUBMITTED", "CREATED", at - 20 * MINUTE);
  apply (history, "A", "IN_KITCHEN", "UPDATED", at - 10 * MINUTE);
  apply (history, "B", "SUBMITTED", "CREATED", at - 30 * MINUTE);
  apply (history, "B", "COMPLETED", "UPDATED", at - 25 * MINUTE);

  g_signal_connect (live, "changed", G_CALLBACK (on_changed), &changed);
  fb_order_overview_merge (live, history);
  g_assert_cmpuint (changed, ==, 1);
  g_assert_cmpuint (fb_order_overview_get_n_orders (live), ==, 3);
  /* A keeps its newer live status; it gets its CREATED event and first event from the history. */
  g_assert_cmpuint (fb_order_overview_count_status (live, "READY_FOR_PICKUP"), ==, 1);
  g_assert_cmpuint (fb_order_overview_count_status (live, "IN_KITCHEN"), ==, 0);
  g_assert_cmpuint (fb_order_overview_count_status (live, "COMPLETED"), ==, 1);
  summary = fb_order_overview_summarize (live, at, 60 * MINUTE, 10 * MINUTE, 100);
  g_assert_cmpuint (summary->created, ==, 3);
  g_assert_cmpuint (summary->completed, ==, 1);
  g_assert_cmpfloat (summary->p50_seconds, ==, 300.0);
  g_assert_cmpuint (summary->n_stuck, ==, 0);
  g_clear_pointer (&summary, fb_order_summary_free);

  /* Merging the same again changes nothing. */
  fb_order_overview_merge (live, history);
  g_assert_cmpuint (changed, ==, 1);
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *n)
{
  (*n)++;
}

static void
test_status_counts (void)
{
  g_autoptr(FbOrderOverview) overview = fb_order_overview_new ();
  g_autoptr(FbOrderOverview) past = fb_order_overview_new ();
  g_autoptr(FbStatusCounts) counts = fb_status_counts_new ();
  g_autoptr(FbStatusCount) all = NULL;
  g_autoptr(FbStatusCount) kitchen = NULL;
  guint position = fb_status_counts_find (counts, "IN_KITCHEN");
  guint items_changed = 0, title_notified = 0;

  /* "All statuses", then every known status, in fb_order_statuses ()'s order. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (counts)), ==, 10);
  g_assert_cmpuint (fb_status_counts_find (counts, NULL), ==, 0);
  g_assert_cmpuint (position, ==, 3);
  g_assert_cmpuint (fb_status_counts_find (counts, "ON_HOLD"), ==, G_MAXUINT);
  all = g_list_model_get_item (G_LIST_MODEL (counts), 0);
  kitchen = g_list_model_get_item (G_LIST_MODEL (counts), position);
  g_assert_cmpstr (fb_status_count_get_status (kitchen), ==, "IN_KITCHEN");
  g_assert_cmpstr (fb_status_count_get_title (kitchen), ==, "In kitchen (0)");

  g_signal_connect_swapped (counts, "items-changed", G_CALLBACK (count_notify), &items_changed);
  g_signal_connect (kitchen, "notify::title", G_CALLBACK (count_notify), &title_notified);
  fb_status_counts_set_overview (counts, overview);
  apply (overview, "A", "IN_KITCHEN", "UPDATED", T0);
  apply (overview, "B", "IN_KITCHEN", "UPDATED", T0);
  apply (overview, "C", "SUBMITTED", "CREATED", T0);
  g_assert_cmpstr (fb_status_count_get_title (kitchen), ==, "In kitchen (2)");
  g_assert_cmpstr (fb_status_count_get_title (all), ==, "All statuses (3)");
  g_assert_cmpuint (title_notified, ==, 2);
  /* A change elsewhere: no notification for this one. */
  apply (overview, "C", "ACCEPTED_BY_STORE", "UPDATED", T0 + 1);
  g_assert_cmpuint (title_notified, ==, 2);
  g_assert_cmpuint (items_changed, ==, 0);

  /* Another overview (a past instant), then none. */
  apply (past, "A", "IN_KITCHEN", "UPDATED", T0);
  fb_status_counts_set_overview (counts, past);
  g_assert_cmpuint (fb_status_count_get_count (kitchen), ==, 1);
  apply (overview, "D", "IN_KITCHEN", "UPDATED", T0);
  g_assert_cmpuint (fb_status_count_get_count (kitchen), ==, 1);
  fb_status_counts_set_overview (counts, NULL);
  g_assert_cmpuint (fb_status_count_get_count (all), ==, 0);
}

static void
test_json (void)
{
  g_autoptr(FbOrderOverview) overview = fb_order_overview_new ();
  g_autoptr(FbOrderSummary) summary = NULL;
  g_autofree char *json = NULL;
  gint64 at = T0 + 60 * MINUTE;

  apply (overview, "A\"1", "SUBMITTED", "CREATED", at - 30 * MINUTE);
  apply (overview, "B", "SUBMITTED", "CREATED", at - 3 * MINUTE);
  apply (overview, "B", "COMPLETED", "UPDATED", at - 3 * MINUTE + 1500 * 1000);
  summary = fb_order_overview_summarize (overview, at, 60 * MINUTE, 10 * MINUTE, 100);
  json = fb_order_summary_to_json (summary);
  g_assert_cmpstr (json, ==,
                   "{\"at\":\"2023-11-14T23:13:20.000Z\",\"counts\":{\"SUBMITTED\":1,\"ACCEPTED_BY_STORE\":0,"
                   "\"IN_KITCHEN\":0,\"READY_FOR_PICKUP\":0,\"PICKED_UP_BY_DRIVER\":0,\"OUT_FOR_DELIVERY\":0,"
                   "\"DELIVERED\":0,\"CANCELLED\":0,\"COMPLETED\":1},\"ordersPerMinute\":0.033333,"
                   "\"completed\":{\"count\":1,\"p50Seconds\":1.5,\"p95Seconds\":1.5},\"cancelled\":0,"
                   "\"stuck\":[{\"orderId\":\"A\\\"1\",\"status\":\"SUBMITTED\",\"since\":\"2023-11-14T22:43:20.000Z\"}]}");
  g_clear_pointer (&summary, fb_order_summary_free);
  g_clear_pointer (&json, g_free);

  fb_order_overview_clear (overview);
  summary = fb_order_overview_summarize (overview, at, 60 * MINUTE, 10 * MINUTE, 100);
  json = fb_order_summary_to_json (summary);
  g_assert_true (g_str_has_suffix (json, "\"ordersPerMinute\":0,\"completed\":{\"count\":0,\"p50Seconds\":null,"
                                         "\"p95Seconds\":null},\"cancelled\":0,\"stuck\":[]}"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/order-overview/counts", test_counts);
  g_test_add_func ("/order-overview/rate", test_rate);
  g_test_add_func ("/order-overview/completed", test_completed);
  g_test_add_func ("/order-overview/cancelled", test_cancelled);
  g_test_add_func ("/order-overview/stuck", test_stuck);
  g_test_add_func ("/order-overview/batch", test_batch);
  g_test_add_func ("/order-overview/bounded", test_bounded);
  g_test_add_func ("/order-overview/merge", test_merge);
  g_test_add_func ("/order-overview/status-counts", test_status_counts);
  g_test_add_func ("/order-overview/json", test_json);
  return g_test_run ();
}
