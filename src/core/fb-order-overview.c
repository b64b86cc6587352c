/* fb-order-overview.c: one small record per order in a hash table, and the orders threaded
 * through sorted sequences by the times the figures ask about (last update, CREATED, COMPLETED,
 * CANCELLED). An event costs O(log n); the figures at an instant are range counts and one walk
 * over the orders completed in the window, never a pass over every order. */
#define G_LOG_DOMAIN "fb-order-overview"

#include <string.h>

#include <json-glib/json-glib.h>

#include "fb-describe.h"
#include "fb-order-overview.h"
#include "fb-order-store.h"
#include "fb-orders-poller.h"
#include "fb-time.h"

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

#define OFFSET(field) GSIZE_TO_POINTER (G_STRUCT_OFFSET (OrderInfo, field))

/* The first position whose time is >= @t. */
static GSequenceIter *
search_from (GSequence *seq,
             gpointer   offset,
             gint64     t)
{
  OrderInfo probe = { 0 };

  *(gint64 *) ((char *) &probe + GPOINTER_TO_SIZE (offset)) = t;
  return g_sequence_search (seq, &probe, compare_by_time, offset);
}

/* The entries with a time in (@lo, @hi]: [*begin, *end). */
static guint
range (GSequence      *seq,
       gpointer        offset,
       gint64          lo,
       gint64          hi,
       GSequenceIter **begin,
       GSequenceIter **end)
{
  GSequenceIter *b = search_from (seq, offset, lo == G_MAXINT64 ? lo : lo + 1);
  GSequenceIter *e = search_from (seq, offset, hi == G_MAXINT64 ? hi : hi + 1);

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

/* -- the figures at an instant -- */

static void
status_count_free (FbOrderStatusCount *count)
{
  g_free (count->status);
  g_free (count);
}

static void
stuck_order_free (FbStuckOrder *stuck)
{
  g_free (stuck->order_id);
  g_free (stuck->status);
  g_free (stuck);
}

void
fb_order_summary_free (FbOrderSummary *summary)
{
  if (summary == NULL)
    return;
  g_clear_pointer (&summary->counts, g_ptr_array_unref);
  g_clear_pointer (&summary->stuck, g_ptr_array_unref);
  g_free (summary->created_per_minute);
  g_free (summary);
}

static void
add_count (GPtrArray  *counts,
           const char *status,
           guint       n)
{
  FbOrderStatusCount *count = g_new0 (FbOrderStatusCount, 1);

  count->status = g_strdup (status);
  count->count = n;
  g_ptr_array_add (counts, count);
}

static GPtrArray *
summarize_counts (FbOrderOverview *self)
{
  const char * const *known_statuses = fb_order_statuses ();
  GPtrArray *counts = g_ptr_array_new_with_free_func ((GDestroyNotify) status_count_free);
  g_autoptr(GList) others = NULL;
  GHashTableIter iter;
  gpointer key;

  for (guint i = 0; known_statuses[i] != NULL; i++)
    add_count (counts, known_statuses[i], fb_order_overview_count_status (self, known_statuses[i]));

  /* A status the backend added later is shown, not dropped. */
  g_hash_table_iter_init (&iter, self->status_counts);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_strv_contains ((const char * const *) known_statuses, key))
      others = g_list_prepend (others, key);
  others = g_list_sort (others, (GCompareFunc) strcmp);
  for (GList *l = others; l != NULL; l = l->next)
    add_count (counts, l->data, fb_order_overview_count_status (self, l->data));
  return counts;
}

static int
compare_int64 (gconstpointer a,
               gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : (x > y ? 1 : 0);
}

/* Nearest rank: the value at position ⌈p·n⌉ (1-based) of the ascending list, p = @percent / 100. */
static double
nearest_rank_seconds (GArray *sorted,
                      guint   percent)
{
  guint rank = (percent * sorted->len + 99) / 100;

  return g_array_index (sorted, gint64, CLAMP (rank, 1, sorted->len) - 1) / (double) G_USEC_PER_SEC;
}

static void
summarize_completed (FbOrderOverview *self,
                     FbOrderSummary  *summary)
{
  g_autoptr(GArray) durations = NULL;
  GSequenceIter *iter, *end;

  summary->completed = range (self->completed, OFFSET (completed_at), summary->at - summary->window, summary->at,
                              &iter, &end);
  if (summary->completed == 0)
    return;

  durations = g_array_sized_new (FALSE, FALSE, sizeof (gint64), summary->completed);
  for (; iter != end; iter = g_sequence_iter_next (iter))
    {
      OrderInfo *info = g_sequence_get (iter);
      gint64 d = info->completed_at - info->first_at;

      g_array_append_val (durations, d);
    }
  g_array_sort (durations, compare_int64);
  summary->p50_seconds = nearest_rank_seconds (durations, 50);
  summary->p95_seconds = nearest_rank_seconds (durations, 95);
}

static void
stuck_order_add (GPtrArray *stuck,
                 OrderInfo *info)
{
  FbStuckOrder *order = g_new0 (FbStuckOrder, 1);

  order->order_id = g_strdup (info->order_id);
  order->status = g_strdup (info->status);
  order->since = info->updated_at;
  g_ptr_array_add (stuck, order);
}

GPtrArray *
fb_order_overview_list_stuck (FbOrderOverview *self,
                              gint64           at,
                              gint64           stuck_after,
                              gint64           not_before,
                              guint            max_stuck)
{
  GPtrArray *stuck = g_ptr_array_new_with_free_func ((GDestroyNotify) stuck_order_free);
  GSequenceIter *iter, *end;

  g_return_val_if_fail (FB_IS_ORDER_OVERVIEW (self), stuck);

  if (at < G_MININT64 + stuck_after)
    return stuck;
  iter = search_from (self->active, OFFSET (updated_at), not_before);
  end = search_from (self->active, OFFSET (updated_at), at - stuck_after);
  for (guint i = 0; i < max_stuck && iter != end && g_sequence_iter_compare (iter, end) < 0;
       iter = g_sequence_iter_next (iter), i++)
    stuck_order_add (stuck, g_sequence_get (iter));
  return stuck;
}

static void
summarize_stuck (FbOrderOverview *self,
                 FbOrderSummary  *summary,
                 guint            max_stuck)
{
  summary->stuck = fb_order_overview_list_stuck (self, summary->at, summary->stuck_after, G_MININT64, max_stuck);
  if (summary->at < G_MININT64 + summary->stuck_after)
    return;
  /* Last update older than the threshold: updated_at < at - stuck_after. */
  summary->n_stuck = g_sequence_iter_get_position (search_from (self->active, OFFSET (updated_at),
                                                                summary->at - summary->stuck_after));
}

FbOrderSummary *
fb_order_overview_summarize (FbOrderOverview *self,
                             gint64           at,
                             gint64           window,
                             gint64           stuck_after,
                             guint            max_stuck)
{
  FbOrderSummary *summary;

  g_return_val_if_fail (FB_IS_ORDER_OVERVIEW (self), NULL);
  g_return_val_if_fail (window > 0 && stuck_after >= 0, NULL);
  g_return_val_if_fail (at > G_MININT64 + window, NULL);

  summary = g_new0 (FbOrderSummary, 1);
  summary->at = at;
  summary->window = window;
  summary->stuck_after = stuck_after;
  summary->counts = summarize_counts (self);

  summary->created = range (self->created, OFFSET (created_at), at - window, at, NULL, NULL);
  summary->orders_per_minute = summary->created / ((double) window / MINUTE);
  summary->n_minutes = (window + MINUTE - 1) / MINUTE;
  summary->created_per_minute = g_new0 (guint, summary->n_minutes);
  for (guint i = 0; i < summary->n_minutes; i++)
    {
      gint64 hi = at - (gint64) (summary->n_minutes - 1 - i) * MINUTE;

      summary->created_per_minute[i] = range (self->created, OFFSET (created_at), MAX (hi - MINUTE, at - window),
                                              hi, NULL, NULL);
    }

  summarize_completed (self, summary);
  summary->cancelled = range (self->cancelled, OFFSET (cancelled_at), at - window, at, NULL, NULL);
  summarize_stuck (self, summary, max_stuck);
  return summary;
}

/* -- JSON -- */

static void
append_string (GString    *out,
               const char *text)
{
  g_autoptr(JsonNode) node = json_node_init_string (json_node_alloc (), text);
  g_autofree char *quoted = json_to_string (node, FALSE);

  g_string_append (out, quoted);
}

/* Up to six decimals, no trailing zeros: 0.116667, 245.5, 3. */
static void
append_number (GString *out,
               double   value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  char *end;

  g_ascii_formatd (buf, sizeof buf, "%.6f", value);
  end = buf + strlen (buf) - 1;
  while (end > buf && *end == '0')
    *end-- = '\0';
  if (*end == '.')
    *end = '\0';
  g_string_append (out, buf);
}

char *
fb_order_summary_to_json (const FbOrderSummary *summary)
{
  GString *out = g_string_new ("{\"at\":");
  g_autofree char *at = fb_time_format_rfc3339_ms (summary->at);

  append_string (out, at);
  g_string_append (out, ",\"counts\":{");
  for (guint i = 0; i < summary->counts->len; i++)
    {
      FbOrderStatusCount *count = g_ptr_array_index (summary->counts, i);

      if (i > 0)
        g_string_append_c (out, ',');
      append_string (out, count->status);
      g_string_append_printf (out, ":%u", count->count);
    }
  g_string_append (out, "},\"ordersPerMinute\":");
  append_number (out, summary->orders_per_minute);
  g_string_append_printf (out, ",\"completed\":{\"count\":%u,\"p50Seconds\":", summary->completed);
  if (summary->completed > 0)
    append_number (out, summary->p50_seconds);
  else
    g_string_append (out, "null");
  g_string_append (out, ",\"p95Seconds\":");
  if (summary->completed > 0)
    append_number (out, summary->p95_seconds);
  else
    g_string_append (out, "null");
  g_string_append_printf (out, "},\"cancelled\":%u,\"stuck\":[", summary->cancelled);
  for (guint i = 0; i < summary->stuck->len; i++)
    {
      FbStuckOrder *stuck = g_ptr_array_index (summary->stuck, i);
      g_autofree char *since = fb_time_format_rfc3339_ms (stuck->since);

      g_string_append (out, i > 0 ? ",{\"orderId\":" : "{\"orderId\":");
      append_string (out, stuck->order_id);
      g_string_append (out, ",\"status\":");
      append_string (out, stuck->status);
      g_string_append (out, ",\"since\":");
      append_string (out, since);
      g_string_append_c (out, '}');
    }
  g_string_append (out, "]}");
  return g_string_free (out, FALSE);
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
