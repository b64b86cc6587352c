/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-order-overview-private.h: what the overview's files share — the per-order record, the
   instance struct and the sorted sequences' search. Not for use outside fb-order-overview*.c. */
#pragma once

#include "fb-order-overview.h"

G_BEGIN_DECLS

#define NONE G_MININT64
#define MINUTE (60 * G_USEC_PER_SEC)

typedef struct
{
  char          *order_id;      /* NULL in a probe: before every order of the same time */
  const char    *status;        /* interned: the key of its counter in status_counts */
  gint64         updated_at;    /* of the winning event */
  gint64         first_at;      /* the earliest event's; G_MAXINT64 while none (polled rows only) */
  gint64         created_at;    /* the earliest CREATED event's, or NONE */
  gint64         completed_at;  /* the earliest COMPLETED one's, or NONE */
  gint64         cancelled_at;  /* the earliest CANCELLED one's, or NONE */
  GSequenceIter *by_update;     /* in active or done, by updated_at */
  GSequenceIter *created;
  GSequenceIter *completed;
  GSequenceIter *cancelled;
} OrderInfo;

struct _FbOrderOverview
{
  GObject     parent_instance;
  GHashTable *orders;         /* order id (owned by the info) → OrderInfo */
  GHashTable *status_counts;  /* status (owned) → guint count (owned) */
  GSequence  *active;         /* not COMPLETED or CANCELLED, by updated_at: the stuck ones first */
  GSequence  *done;           /* COMPLETED or CANCELLED, by updated_at: evicted first */
  GSequence  *created;        /* orders with a CREATED event, by created_at */
  GSequence  *completed;
  GSequence  *cancelled;
  guint       max_orders;
  GPtrArray  *newly_cancelled;  /* FbCancelledOrder, since the last take */
  guint       n_more_cancelled;
};

/* The offset of an OrderInfo time field, as the sequences' compare data. */
#define OFFSET(field) GSIZE_TO_POINTER (G_STRUCT_OFFSET (OrderInfo, field))

/* fb-order-overview.c */
GSequenceIter *_fb_order_overview_search_from (GSequence      *seq,
                                               gpointer        offset,
                                               gint64          t);
guint          _fb_order_overview_range       (GSequence      *seq,
                                               gpointer        offset,
                                               gint64          lo,
                                               gint64          hi,
                                               GSequenceIter **begin,
                                               GSequenceIter **end);

G_END_DECLS
