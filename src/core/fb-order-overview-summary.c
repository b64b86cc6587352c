/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-order-overview-summary.c: the figures at an instant, from the overview's sorted sequences:
 * range counts for the window, one walk over the orders completed in it for the percentiles,
 * the stuck ones from the front of the orders in progress; and the JSON `ledger summary` prints. */
#define G_LOG_DOMAIN "fb-order-overview"

#include <string.h>

#include <json-glib/json-glib.h>

#include "fb-describe.h"
#include "fb-order-overview-private.h"
#include "fb-time.h"

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

  summary->completed = _fb_order_overview_range (self->completed, OFFSET (completed_at),
                                                 summary->at - summary->window, summary->at, &iter, &end);
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
  iter = _fb_order_overview_search_from (self->active, OFFSET (updated_at), not_before);
  end = _fb_order_overview_search_from (self->active, OFFSET (updated_at), at - stuck_after);
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
  summary->n_stuck = g_sequence_iter_get_position (
    _fb_order_overview_search_from (self->active, OFFSET (updated_at), summary->at - summary->stuck_after));
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

  summary->created = _fb_order_overview_range (self->created, OFFSET (created_at), at - window, at, NULL, NULL);
  summary->orders_per_minute = summary->created / ((double) window / MINUTE);
  summary->n_minutes = (window + MINUTE - 1) / MINUTE;
  summary->created_per_minute = g_new0 (guint, summary->n_minutes);
  for (guint i = 0; i < summary->n_minutes; i++)
    {
      gint64 hi = at - (gint64) (summary->n_minutes - 1 - i) * MINUTE;

      summary->created_per_minute[i] = _fb_order_overview_range (self->created, OFFSET (created_at),
                                                                 MAX (hi - MINUTE, at - window), hi, NULL, NULL);
    }

  summarize_completed (self, summary);
  summary->cancelled = _fb_order_overview_range (self->cancelled, OFFSET (cancelled_at), at - window, at,
                                                 NULL, NULL);
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
