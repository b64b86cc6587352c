/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-order-overview.h: the orders at a glance, folded from order events as they come: counts
   per status, orders created per minute, time to complete, cancellations, stuck orders. */
#pragma once

#include <glib-object.h>

#include "fb-order-event.h"

G_BEGIN_DECLS

#define FB_ORDER_OVERVIEW_DEFAULT_WINDOW      ((gint64) 60 * 60 * G_USEC_PER_SEC)
#define FB_ORDER_OVERVIEW_DEFAULT_STUCK_AFTER ((gint64) 10 * 60 * G_USEC_PER_SEC)
/* How far before a window the history is read for its orders' first events: an order that took
   longer than this to complete is measured from the first event within it. */
#define FB_ORDER_OVERVIEW_LOOKBACK            ((gint64) 6 * 60 * 60 * G_USEC_PER_SEC)

typedef struct
{
  char  *status;
  guint  count;
} FbOrderStatusCount;

typedef struct
{
  char   *order_id;
  char   *status;
  gint64  since;      /* its last update (µs) */
} FbStuckOrder;

typedef struct
{
  char   *order_id;
  gint64  at;         /* its CANCELLED event's updatedAt (µs) */
} FbCancelledOrder;

/* The figures at one instant. Windows are (at - window, at], by the events' updatedAt. */
typedef struct
{
  gint64     at;
  gint64     window;
  gint64     stuck_after;
  GPtrArray *counts;              /* FbOrderStatusCount: fb_order_statuses (), then others by name */
  guint      created;             /* orders whose CREATED event is in the window */
  double     orders_per_minute;
  guint      completed;           /* orders whose COMPLETED event is in the window */
  double     p50_seconds;         /* first event to COMPLETED, nearest rank; 0 when none */
  double     p95_seconds;
  guint      cancelled;           /* orders whose CANCELLED event is in the window */
  GPtrArray *stuck;               /* FbStuckOrder, oldest first, at most the max asked for */
  guint      n_stuck;             /* all of them */
  guint     *created_per_minute;  /* n_minutes, oldest first; the last minute ends at @at */
  guint      n_minutes;
} FbOrderSummary;

#define FB_TYPE_ORDER_OVERVIEW (fb_order_overview_get_type ())
G_DECLARE_FINAL_TYPE (FbOrderOverview, fb_order_overview, FB, ORDER_OVERVIEW, GObject)

/* TRUE for COMPLETED and CANCELLED: an order in any other status can get stuck. */
gboolean         fb_order_overview_status_is_done  (const char       *status);

FbOrderOverview *fb_order_overview_new             (void);
/* Past this many orders, the least recently updated done ones go first, then the others
   (0 = no limit; the default is the live store's, FB_ORDER_STORE_DEFAULT_MAX_ORDERS). */
void             fb_order_overview_set_max_orders  (FbOrderOverview    *self,
                                                    guint               max_orders);
/* Last writer wins by updatedAt, as in the stores; duplicates and late events never move an
   order back, but an earlier first event or completion found late is taken. O(log n) each. */
void             fb_order_overview_apply           (FbOrderOverview    *self,
                                                    const FbOrderEvent *event);
/* Then "changed" once, if anything changed. */
void             fb_order_overview_apply_batch     (FbOrderOverview    *self,
                                                    GPtrArray          *events);
/* Folds what @other knows into @self, as if @self had seen its events too (the history read
   back at start, while live events came in). O(orders of @other); then "changed" once. */
void             fb_order_overview_merge           (FbOrderOverview    *self,
                                                    FbOrderOverview    *other);
void             fb_order_overview_clear           (FbOrderOverview    *self);
guint            fb_order_overview_get_n_orders    (FbOrderOverview    *self);
/* The orders applied events moved to CANCELLED since the last call (not merged ones), oldest
   first: FbCancelledOrder, at most 256; *@n_more says how many more there were. For alerts. */
GPtrArray       *fb_order_overview_take_newly_cancelled (FbOrderOverview *self,
                                                         guint           *n_more);
/* How many orders are in @status now. */
guint            fb_order_overview_count_status    (FbOrderOverview    *self,
                                                    const char         *status);
/* The figures at @at (every event folded counts as at or before it); @max_stuck bounds the list. */
FbOrderSummary  *fb_order_overview_summarize       (FbOrderOverview    *self,
                                                    gint64              at,
                                                    gint64              window,
                                                    gint64              stuck_after,
                                                    guint               max_stuck);

/* Only the stuck orders at @at, oldest first, those last updated before @not_before left out (an
   alert has no news in an order the backend expired long ago): FbStuckOrder, at most @max_stuck. */
GPtrArray       *fb_order_overview_list_stuck      (FbOrderOverview    *self,
                                                    gint64              at,
                                                    gint64              stuck_after,
                                                    gint64              not_before,
                                                    guint               max_stuck);

void             fb_order_summary_free             (FbOrderSummary     *summary);
/* The figures as `feedboard-cli ledger summary` prints them: one JSON object. */
char            *fb_order_summary_to_json          (const FbOrderSummary *summary);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FbOrderSummary, fb_order_summary_free)

G_END_DECLS
