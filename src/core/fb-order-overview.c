/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-order-overview.c: one small record per order in a hash table, and the orders threaded
 * through sorted sequences by the times the figures ask about (last update, CREATED, COMPLETED,
 * CANCELLED). An event costs O(log n); the figures at an instant are range counts and one walk
 * over the orders completed in the window, never a pass over every order. */
#define G_LOG_DOMAIN "fb-order-overview"

#include <string.h>

#include "fb-order-overview-private.h"
#include "fb-order-store.h"
#include "fb-orders-poller.h"

G_DEFINE_FINAL_TYPE (FbOrderOverview, fb_order_overview, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

gboolean
fb_order_overview_status_is_done (const char *status)
{
  return g_strcmp0 (status, "COMPLETED") == 0 || g_strcmp0 (status, "CANCELLED") == 0;
}

static void
order_info_free (OrderInfo *info)
{
  g_free (info->order_id);
  g_free (info);
}

#define TIME_AT(info, offset) (*(const gint64 *) ((const char *) (info) + GPOINTER_TO_SIZE (offset)))

/* By the time at the offset given as @data, then by id; a probe (no id) comes first. */
static int
compare_by_time (gconstpointer a,
                 gconstpointer b,
                 gpointer      offset)
{
  const OrderInfo *ia = a, *ib = b;
  gint64 ta = TIME_AT (ia, offset), tb = TIME_AT (ib, offset);

  if (ta != tb)
    return ta < tb ? -1 : 1;
  if (ia->order_id == NULL || ib->order_id == NULL)
    return (ia->order_id != NULL) - (ib->order_id != NULL);
  return strcmp (ia->order_id, ib->order_id);
}

/* The first position whose time is >= @t. */
GSequenceIter *
_fb_order_overview_search_from (GSequence *seq,
                                gpointer   offset,
                                gint64     t)
{
  OrderInfo probe = { 0 };

  *(gint64 *) ((char *) &probe + GPOINTER_TO_SIZE (offset)) = t;
  return g_sequence_search (seq, &probe, compare_by_time, offset);
}

/* The entries with a time in (@lo, @hi]: [*begin, *end). */
guint
_fb_order_overview_range (GSequence      *seq,
                          gpointer        offset,
                          gint64          lo,
                          gint64          hi,
                          GSequenceIter **begin,
                          GSequenceIter **end)
{
  GSequenceIter *b = _fb_order_overview_search_from (seq, offset, lo == G_MAXINT64 ? lo : lo + 1);
  GSequenceIter *e = _fb_order_overview_search_from (seq, offset, hi == G_MAXINT64 ? hi : hi + 1);

  if (begin != NULL)
    *begin = b;
  if (end != NULL)
    *end = e;
  return MAX (0, g_sequence_iter_get_position (e) - g_sequence_iter_get_position (b));
}

/* The counters are updated in place, and an order's status is its counter's key (which lives as
   long as some order has that status): an event that moves an order allocates nothing here.
   Returns the key for @delta > 0. */
static const char *
count_status (FbOrderOverview *self,
              const char      *status,
              int              delta)
{
  gpointer key = NULL, value = NULL;
  guint *n;

  if (!g_hash_table_lookup_extended (self->status_counts, status, &key, &value))
    {
      if (delta <= 0)
        return NULL;
      key = g_strdup (status);
      value = g_new0 (guint, 1);
      g_hash_table_insert (self->status_counts, key, value);
    }
  n = value;
  if (delta < 0 && *n <= 1)
    {
      g_hash_table_remove (self->status_counts, status);
      return NULL;
    }
  *n += delta;
  return key;
}

#define MAX_NEWLY_CANCELLED 256

static void
cancelled_order_free (FbCancelledOrder *order)
{
  g_free (order->order_id);
  g_free (order);
}

static void
note_cancelled (FbOrderOverview *self,
                OrderInfo       *info)
{
  FbCancelledOrder *order;

  if (self->newly_cancelled->len >= MAX_NEWLY_CANCELLED)
    {
      self->n_more_cancelled++;
      return;
    }
  order = g_new0 (FbCancelledOrder, 1);
  order->order_id = g_strdup (info->order_id);
  order->at = info->updated_at;
  g_ptr_array_add (self->newly_cancelled, order);
}

GPtrArray *
fb_order_overview_take_newly_cancelled (FbOrderOverview *self,
                                        guint           *n_more)
{
  GPtrArray *taken;

  g_return_val_if_fail (FB_IS_ORDER_OVERVIEW (self), NULL);

  taken = g_steal_pointer (&self->newly_cancelled);
  self->newly_cancelled = g_ptr_array_new_with_free_func ((GDestroyNotify) cancelled_order_free);
  if (n_more != NULL)
    *n_more = self->n_more_cancelled;
  self->n_more_cancelled = 0;
  return taken;
}

static void
place_by_update (FbOrderOverview *self,
                 OrderInfo       *info)
{
  GSequence *seq = fb_order_overview_status_is_done (info->status) ? self->done : self->active;

  info->by_update = g_sequence_insert_sorted (seq, info, compare_by_time, OFFSET (updated_at));
}

/* @info's new status and last update: counted, and moved to its place among the orders. */
static void
move_order (FbOrderOverview *self,
            OrderInfo       *info,
            const char      *status,
            gint64           updated_at)
{
  GSequence *want;

  if (!g_str_equal (info->status, status))
    {
      const char *old = info->status;

      info->status = count_status (self, status, 1);
      count_status (self, old, -1);
    }
  info->updated_at = updated_at;
  want = fb_order_overview_status_is_done (info->status) ? self->done : self->active;
  if (g_sequence_iter_get_sequence (info->by_update) == want)
    g_sequence_sort_changed (info->by_update, compare_by_time, OFFSET (updated_at));
  else
    g_sequence_move (info->by_update, g_sequence_search (want, info, compare_by_time, OFFSET (updated_at)));
}

/* Moves @info to @t in @seq when @t is earlier than its current time there (or it has none). */
static gboolean
take_earlier (GSequence      *seq,
              OrderInfo      *info,
              gint64         *field,
              GSequenceIter **iter,
              gint64          t,
              gpointer        offset)
{
  if (*field != NONE && *field <= t)
    return FALSE;
  if (*iter != NULL)
    g_sequence_remove (*iter);
  *field = t;
  *iter = g_sequence_insert_sorted (seq, info, compare_by_time, offset);
  return TRUE;
}

static gboolean
note_event (FbOrderOverview    *self,
            OrderInfo          *info,
            const FbOrderEvent *ev)
{
  gboolean changed = FALSE;

  /* A row of the polling API is where an order stands, not an event of its life: it counts
     for the status and the last update, never as a creation, completion or cancellation. */
  if (g_strcmp0 (ev->event, FB_ORDERS_POLLER_EVENT) == 0)
    return FALSE;
  if (ev->updated_at < info->first_at)
    {
      info->first_at = ev->updated_at;
      changed = TRUE;
    }
  if (g_strcmp0 (ev->event, "CREATED") == 0)
    changed |= take_earlier (self->created, info, &info->created_at, &info->created, ev->updated_at,
                             OFFSET (created_at));
  if (g_strcmp0 (ev->status, "COMPLETED") == 0)
    changed |= take_earlier (self->completed, info, &info->completed_at, &info->completed, ev->updated_at,
                             OFFSET (completed_at));
  else if (g_strcmp0 (ev->status, "CANCELLED") == 0)
    changed |= take_earlier (self->cancelled, info, &info->cancelled_at, &info->cancelled, ev->updated_at,
                             OFFSET (cancelled_at));
  return changed;
}

static void
forget (FbOrderOverview *self,
        OrderInfo       *info)
{
  g_sequence_remove (info->by_update);
  g_clear_pointer (&info->created, g_sequence_remove);
  g_clear_pointer (&info->completed, g_sequence_remove);
  g_clear_pointer (&info->cancelled, g_sequence_remove);
  count_status (self, info->status, -1);
  g_hash_table_remove (self->orders, info->order_id);
}

static void
evict (FbOrderOverview *self)
{
  while (self->max_orders > 0 && g_hash_table_size (self->orders) > self->max_orders)
    {
      GSequence *seq = g_sequence_is_empty (self->done) ? self->active : self->done;

      forget (self, g_sequence_get (g_sequence_get_begin_iter (seq)));
    }
}

static gboolean
apply_one (FbOrderOverview    *self,
           const FbOrderEvent *ev)
{
  OrderInfo *info;
  gboolean changed;

  if (ev == NULL || ev->order_id == NULL || ev->status == NULL)
    return FALSE;

  info = g_hash_table_lookup (self->orders, ev->order_id);
  if (info == NULL)
    {
      info = g_new0 (OrderInfo, 1);
      info->order_id = g_strdup (ev->order_id);
      info->status = count_status (self, ev->status, 1);
      info->updated_at = ev->updated_at;
      info->first_at = G_MAXINT64;
      info->created_at = info->completed_at = info->cancelled_at = NONE;
      g_hash_table_insert (self->orders, info->order_id, info);
      place_by_update (self, info);
      note_event (self, info, ev);
      if (g_str_equal (info->status, "CANCELLED") && info->cancelled_at != NONE)
        note_cancelled (self, info);
      evict (self);
      return TRUE;
    }

  changed = note_event (self, info, ev);
  if (fb_order_event_supersedes (ev, info->updated_at))
    {
      gboolean was_cancelled = g_str_equal (info->status, "CANCELLED");

      move_order (self, info, ev->status, ev->updated_at);
      if (!was_cancelled && g_str_equal (info->status, "CANCELLED")
          && g_strcmp0 (ev->event, FB_ORDERS_POLLER_EVENT) != 0)
        note_cancelled (self, info);
      changed = TRUE;
    }
  return changed;
}

void
fb_order_overview_apply (FbOrderOverview    *self,
                         const FbOrderEvent *event)
{
  g_return_if_fail (FB_IS_ORDER_OVERVIEW (self));

  if (apply_one (self, event))
    g_signal_emit (self, signals[CHANGED], 0);
}

void
fb_order_overview_apply_batch (FbOrderOverview *self,
                               GPtrArray       *events)
{
  gboolean changed = FALSE;

  g_return_if_fail (FB_IS_ORDER_OVERVIEW (self));

  for (guint i = 0; events != NULL && i < events->len; i++)
    changed |= apply_one (self, g_ptr_array_index (events, i));
  if (changed)
    g_signal_emit (self, signals[CHANGED], 0);
}

/* @info's times into @self's order of the same id (or a new one): the earliest of each, the
   status of the newer. */
static gboolean
merge_one (FbOrderOverview *self,
           const OrderInfo *info)
{
  OrderInfo *mine = g_hash_table_lookup (self->orders, info->order_id);
  gboolean changed = FALSE;

  if (mine == NULL)
    {
      mine = g_new0 (OrderInfo, 1);
      mine->order_id = g_strdup (info->order_id);
      mine->status = count_status (self, info->status, 1);
      mine->updated_at = info->updated_at;
      mine->first_at = info->first_at;
      mine->created_at = mine->completed_at = mine->cancelled_at = NONE;
      g_hash_table_insert (self->orders, mine->order_id, mine);
      place_by_update (self, mine);
      changed = TRUE;
    }
  else if (info->updated_at > mine->updated_at)
    {
      move_order (self, mine, info->status, info->updated_at);
      changed = TRUE;
    }
  if (info->first_at < mine->first_at)
    {
      mine->first_at = info->first_at;
      changed = TRUE;
    }
  if (info->created_at != NONE)
    changed |= take_earlier (self->created, mine, &mine->created_at, &mine->created, info->created_at,
                             OFFSET (created_at));
  if (info->completed_at != NONE)
    changed |= take_earlier (self->completed, mine, &mine->completed_at, &mine->completed, info->completed_at,
                             OFFSET (completed_at));
  if (info->cancelled_at != NONE)
    changed |= take_earlier (self->cancelled, mine, &mine->cancelled_at, &mine->cancelled, info->cancelled_at,
                             OFFSET (cancelled_at));
  return changed;
}

void
fb_order_overview_merge (FbOrderOverview *self,
                         FbOrderOverview *other)
{
  GHashTableIter iter;
  gpointer value;
  gboolean changed = FALSE;

  g_return_if_fail (FB_IS_ORDER_OVERVIEW (self));
  g_return_if_fail (FB_IS_ORDER_OVERVIEW (other));

  g_hash_table_iter_init (&iter, other->orders);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    changed |= merge_one (self, value);
  evict (self);
  if (changed)
    g_signal_emit (self, signals[CHANGED], 0);
}

void
fb_order_overview_clear (FbOrderOverview *self)
{
  g_return_if_fail (FB_IS_ORDER_OVERVIEW (self));

  if (g_hash_table_size (self->orders) == 0)
    return;
  g_sequence_remove_range (g_sequence_get_begin_iter (self->active), g_sequence_get_end_iter (self->active));
  g_sequence_remove_range (g_sequence_get_begin_iter (self->done), g_sequence_get_end_iter (self->done));
  g_sequence_remove_range (g_sequence_get_begin_iter (self->created), g_sequence_get_end_iter (self->created));
  g_sequence_remove_range (g_sequence_get_begin_iter (self->completed), g_sequence_get_end_iter (self->completed));
  g_sequence_remove_range (g_sequence_get_begin_iter (self->cancelled), g_sequence_get_end_iter (self->cancelled));
  g_hash_table_remove_all (self->orders);
  g_hash_table_remove_all (self->status_counts);
  g_signal_emit (self, signals[CHANGED], 0);
}

void
fb_order_overview_set_max_orders (FbOrderOverview *self,
                                  guint            max_orders)
{
  g_return_if_fail (FB_IS_ORDER_OVERVIEW (self));

  self->max_orders = max_orders;
  if (g_hash_table_size (self->orders) > max_orders && max_orders > 0)
    {
      evict (self);
      g_signal_emit (self, signals[CHANGED], 0);
    }
}

guint
fb_order_overview_get_n_orders (FbOrderOverview *self)
{
  g_return_val_if_fail (FB_IS_ORDER_OVERVIEW (self), 0);

  return g_hash_table_size (self->orders);
}

guint
fb_order_overview_count_status (FbOrderOverview *self,
                                const char      *status)
{
  guint *n;

  g_return_val_if_fail (FB_IS_ORDER_OVERVIEW (self), 0);

  n = status != NULL ? g_hash_table_lookup (self->status_counts, status) : NULL;
  return n != NULL ? *n : 0;
}

/* -- GObject -- */

static void
fb_order_overview_finalize (GObject *object)
{
  FbOrderOverview *self = FB_ORDER_OVERVIEW (object);

  g_sequence_free (self->active);
  g_sequence_free (self->done);
  g_sequence_free (self->created);
  g_sequence_free (self->completed);
  g_sequence_free (self->cancelled);
  g_hash_table_unref (self->orders);
  g_hash_table_unref (self->status_counts);
  g_ptr_array_unref (self->newly_cancelled);

  G_OBJECT_CLASS (fb_order_overview_parent_class)->finalize (object);
}

static void
fb_order_overview_class_init (FbOrderOverviewClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = fb_order_overview_finalize;

  /* Once per batch that changed anything. */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
fb_order_overview_init (FbOrderOverview *self)
{
  self->orders = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) order_info_free);
  self->status_counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->active = g_sequence_new (NULL);
  self->done = g_sequence_new (NULL);
  self->created = g_sequence_new (NULL);
  self->completed = g_sequence_new (NULL);
  self->cancelled = g_sequence_new (NULL);
  self->max_orders = FB_ORDER_STORE_DEFAULT_MAX_ORDERS;
  self->newly_cancelled = g_ptr_array_new_with_free_func ((GDestroyNotify) cancelled_order_free);
}

FbOrderOverview *
fb_order_overview_new (void)
{
  return g_object_new (FB_TYPE_ORDER_OVERVIEW, NULL);
}
