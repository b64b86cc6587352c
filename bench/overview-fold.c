/* SPDX-License-Identifier: GPL-3.0-or-later */
/* overview-fold.c: what the overview adds to the main thread for the burst of DESIGN.md (10 000
 * events over 1 250 orders, CREATED then 7 UPDATED, in batches of 500 as frames take them): the
 * fold into FbOrderOverview beside the same batches into FbOrderStore, the figures at an
 * instant (fb_order_overview_summarize, the Overview page's refresh) and the alerts' stuck check
 * (fb_order_overview_list_stuck). Prints the best of ROUNDS. Usage: overview-fold [ROUNDS] */
#define G_LOG_DOMAIN "bench-overview-fold"

#include <stdlib.h>

#include "fb-order-overview.h"
#include "fb-order-store.h"

#define N_ORDERS 1250
#define BATCH    500

static const char *const statuses[] = { "SUBMITTED", "ACCEPTED_BY_STORE", "IN_KITCHEN", "READY_FOR_PICKUP",
                                        "PICKED_UP_BY_DRIVER", "OUT_FOR_DELIVERY", "DELIVERED", "COMPLETED" };

static gint64
in_batches (GPtrArray *events,
            void     (*apply) (gpointer target, GPtrArray *batch),
            gpointer   target)
{
  gint64 start = g_get_monotonic_time ();

  for (guint i = 0; i < events->len; i += BATCH)
    {
      g_autoptr(GPtrArray) batch = g_ptr_array_new ();

      for (guint j = i; j < MIN (events->len, i + BATCH); j++)
        g_ptr_array_add (batch, events->pdata[j]);
      apply (target, batch);
    }
  return g_get_monotonic_time () - start;
}

static void
apply_overview (gpointer target, GPtrArray *batch)
{
  fb_order_overview_apply_batch (target, batch);
}

static void
apply_store (gpointer target, GPtrArray *batch)
{
  fb_order_store_apply_batch (target, batch, NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_order_event_free);
  int rounds = argc > 1 ? atoi (argv[1]) : 10;
  gint64 now = g_get_real_time ();
  gint64 best_fold = G_MAXINT64, best_store = G_MAXINT64, best_summary = G_MAXINT64, best_stuck = G_MAXINT64;

  for (guint step = 0; step < G_N_ELEMENTS (statuses); step++)
    for (guint i = 0; i < N_ORDERS; i++)
      {
        FbOrderEvent *ev = g_new0 (FbOrderEvent, 1);

        ev->order_id = g_strdup_printf ("2dh3kOyQLCo9s2mG8y%09u", i);
        ev->status = g_strdup (statuses[step]);
        ev->event = g_strdup (step == 0 ? "CREATED" : "UPDATED");
        ev->updated_at = now - 30 * 60 * G_USEC_PER_SEC + step * G_USEC_PER_SEC + i * 1000;
        ev->updated_at_text = g_strdup ("");
        ev->topic = g_strdup ("orders/events");
        ev->received_at = now;
        g_ptr_array_add (events, ev);
      }

  for (int r = 0; r < MAX (1, rounds); r++)
    {
      g_autoptr(FbOrderOverview) overview = fb_order_overview_new ();
      g_autoptr(FbOrderStore) store = fb_order_store_new ();
      g_autoptr(FbOrderSummary) summary = NULL;
      g_autoptr(GPtrArray) stuck = NULL;
      gint64 t;

      best_fold = MIN (best_fold, in_batches (events, apply_overview, overview));
      g_assert_cmpuint (fb_order_overview_count_status (overview, "COMPLETED"), ==, N_ORDERS);
      best_store = MIN (best_store, in_batches (events, apply_store, store));
      t = g_get_monotonic_time ();
      summary = fb_order_overview_summarize (overview, now, FB_ORDER_OVERVIEW_DEFAULT_WINDOW,
                                             FB_ORDER_OVERVIEW_DEFAULT_STUCK_AFTER, 100);
      g_assert_cmpuint (summary->completed, ==, N_ORDERS);
      best_summary = MIN (best_summary, g_get_monotonic_time () - t);
      t = g_get_monotonic_time ();
      stuck = fb_order_overview_list_stuck (overview, now, FB_ORDER_OVERVIEW_DEFAULT_STUCK_AFTER,
                                            now - (gint64) 24 * 3600 * G_USEC_PER_SEC, 50);
      best_stuck = MIN (best_stuck, g_get_monotonic_time () - t);
    }
  g_print ("best of %d: overview fold %.2f ms (%.0f ns an event), order store %.2f ms, summarize %.3f ms, "
           "list_stuck %.3f ms\n", rounds, best_fold / 1000.0, best_fold * 1000.0 / events->len,
           best_store / 1000.0, best_summary / 1000.0, best_stuck / 1000.0);
  return 0;
}
