/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-order-store.c: folds order events into orders, kept in order of first appearance. A batch
 * reports only what it changed: new orders as one appended range, changed rows as a few runs,
 * so a sorted or filtered view redoes only those rows.
 * Memory is bounded: past max-orders, the orders least recently heard of go first,
 * finished ones (completed, delivered, cancelled) before any still in progress. */
#define G_LOG_DOMAIN "fb-order-store"

#include "fb-order-store.h"

struct _FbOrderStore
{
  GObject     parent_instance;
  GPtrArray  *orders;   /* FbOrder*, in order of first appearance */
  GHashTable *by_id;    /* order id (owned by the FbOrder) → FbOrder* */
  GHashTable *position; /* FbOrder* → its index in orders, + 1 */
  GHashTable *frozen;   /* during a batch: the orders whose notifications wait */
  guint       max_orders;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FbOrderStore, fb_order_store, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_N_ITEMS,
  PROP_MAX_ORDERS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GType
fb_order_store_get_item_type (GListModel *model)
{
  return FB_TYPE_ORDER;
}

static guint
fb_order_store_get_n_items (GListModel *model)
{
  return FB_ORDER_STORE (model)->orders->len;
}

static gpointer
fb_order_store_get_item (GListModel *model,
                         guint       position)
{
  FbOrderStore *self = FB_ORDER_STORE (model);

  if (position >= self->orders->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->orders, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = fb_order_store_get_item_type;
  iface->get_n_items = fb_order_store_get_n_items;
  iface->get_item = fb_order_store_get_item;
}

/* An order's rank for eviction, worked out once per eviction rather than in every comparison. */
typedef struct {
  gboolean  final;
  gint64    last_event_at;
  FbOrder  *order;
} Rank;

static int
compare_eviction_order (gconstpointer a,
                        gconstpointer b)
{
  const Rank *ra = a, *rb = b;

  /* Finished orders first, then the least recently heard of. */
  if (ra->final != rb->final)
    return ra->final ? -1 : 1;
  return ra->last_event_at < rb->last_event_at ? -1 : (ra->last_event_at > rb->last_event_at ? 1 : 0);
}

static int
compare_guint (gconstpointer a,
               gconstpointer b)
{
  guint x = *(const guint *) a, y = *(const guint *) b;

  return x < y ? -1 : x > y;
}

/* Turns sorted, distinct positions into runs [start, start + len), merging neighbours when there
 * are more than FB_ORDER_STORE_MAX_RUNS: a view pays per items-changed (a sorted model walks its
 * whole list for each), so a scattered batch costs a few signals, not one per row. */
#define FB_ORDER_STORE_MAX_RUNS 16

static GArray *
positions_to_runs (GArray *positions)
{
  GArray *runs = g_array_new (FALSE, FALSE, sizeof (guint) * 2);
  guint gap = 1;

  for (;;)
    {
      g_array_set_size (runs, 0);
      for (guint i = 0; i < positions->len; i++)
        {
          guint pos = g_array_index (positions, guint, i);
          guint *last = runs->len > 0 ? &g_array_index (runs, guint, (runs->len - 1) * 2) : NULL;

          /* runs holds pairs: start, end (exclusive) */
          if (last != NULL && pos <= last[1] - 1 + gap)
            last[1] = pos + 1;
          else
            {
              guint run[2] = { pos, pos + 1 };
              g_array_append_vals (runs, run, 1);
            }
        }
      if (runs->len <= FB_ORDER_STORE_MAX_RUNS)
        return runs;
      gap *= 4;
    }
}

static void
rebuild_positions (FbOrderStore *self,
                   guint         from)
{
  for (guint i = from; i < self->orders->len; i++)
    g_hash_table_insert (self->position, g_ptr_array_index (self->orders, i), GUINT_TO_POINTER (i + 1));
}

/* Past max-orders, removes the orders least worth keeping, reporting each run of removed rows
 * (from the end, so that the positions of the runs before stay right). */
static guint
evict (FbOrderStore *self)
{
  g_autoptr(GArray) ranked = NULL;
  g_autoptr(GArray) doomed = NULL;
  g_autoptr(GArray) runs = NULL;
  g_autoptr(GHashTable) doomed_set = NULL;
  g_autoptr(GPtrArray) gone = g_ptr_array_new ();
  guint excess;

  if (self->max_orders == 0 || self->orders->len <= self->max_orders)
    return 0;

  excess = self->orders->len - self->max_orders;
  ranked = g_array_sized_new (FALSE, FALSE, sizeof (Rank), self->orders->len);
  for (guint i = 0; i < self->orders->len; i++)
    {
      FbOrder *order = g_ptr_array_index (self->orders, i);
      Rank rank = { fb_order_status_is_final (fb_order_get_status (order)), fb_order_get_last_event_at (order), order };

      g_array_append_val (ranked, rank);
    }
  g_array_sort (ranked, compare_eviction_order);

  doomed = g_array_sized_new (FALSE, FALSE, sizeof (guint), excess);
  doomed_set = g_hash_table_new (NULL, NULL);
  for (guint i = 0; i < excess; i++)
    {
      FbOrder *order = g_array_index (ranked, Rank, i).order;
      guint pos = GPOINTER_TO_UINT (g_hash_table_lookup (self->position, order)) - 1;

      g_array_append_val (doomed, pos);
      g_hash_table_add (doomed_set, order);
    }
  g_array_sort (doomed, compare_guint);

  /* A merged run may hold orders that stay: it is reported as replaced by them. */
  runs = positions_to_runs (doomed);
  for (guint r = runs->len; r-- > 0;)
    {
      guint start = g_array_index (runs, guint, r * 2);
      guint end = g_array_index (runs, guint, r * 2 + 1);
      guint kept = start;

      /* Keepers first, in their order; the doomed last, where remove_range unrefs them. */
      g_ptr_array_set_size (gone, 0);
      for (guint i = start; i < end; i++)
        {
          FbOrder *order = g_ptr_array_index (self->orders, i);

          if (g_hash_table_contains (doomed_set, order))
            {
              g_hash_table_remove (self->by_id, fb_order_get_order_id (order));
              g_hash_table_remove (self->position, order);
              g_ptr_array_add (gone, order);
            }
          else
            self->orders->pdata[kept++] = order;
        }
      for (guint i = 0; i < gone->len; i++)
        self->orders->pdata[kept + i] = g_ptr_array_index (gone, i);
      g_ptr_array_remove_range (self->orders, kept, gone->len);
      rebuild_positions (self, start);
      g_list_model_items_changed (G_LIST_MODEL (self), start, end - start, kept - start);
    }

  return excess;
}

/* Returns whether the event changed the order's state; *changed_pos is the position of an
 * existing order that changed (G_MAXUINT when none). */
static gboolean
apply_one (FbOrderStore       *self,
           const FbOrderEvent *ev,
           guint              *changed_pos)
{
  FbOrder *order = g_hash_table_lookup (self->by_id, ev->order_id);

  *changed_pos = G_MAXUINT;

  if (order == NULL)
    {
      order = fb_order_new (ev);
      g_ptr_array_add (self->orders, order);
      g_hash_table_insert (self->by_id, (gpointer) fb_order_get_order_id (order), order);
      g_hash_table_insert (self->position, order, GUINT_TO_POINTER (self->orders->len));
      return TRUE;
    }

  if (!fb_order_apply (order, ev))
    return FALSE;

  *changed_pos = GPOINTER_TO_UINT (g_hash_table_lookup (self->position, order)) - 1;
  return TRUE;
}

/* An event for an order that views already show, held back until its row is reported. */
typedef struct {
  guint               pos;     /* the order's row */
  guint               index;   /* the event's place in the batch */
  FbOrder            *order;
  const FbOrderEvent *ev;
} Deferred;

static int
compare_deferred (gconstpointer a,
                  gconstpointer b)
{
  const Deferred *da = a, *db = b;

  if (da->pos != db->pos)
    return da->pos < db->pos ? -1 : 1;
  return da->index < db->index ? -1 : (da->index > db->index);
}

void
fb_order_store_apply_batch (FbOrderStore *self,
                            GPtrArray    *events,
                            GArray       *out_changed)
{
  g_autoptr(GArray) changed_rows = NULL;
  g_autoptr(GArray) runs = NULL;
  g_autoptr(GArray) deferred = NULL;
  g_autoptr(GPtrArray) frozen = NULL;
  g_autoptr(GHashTable) pending = NULL;   /* FbOrder* → its updated-at once the batch is in */
  guint old_len;
  guint next = 0;

  g_return_if_fail (FB_IS_ORDER_STORE (self));
  g_return_if_fail (events != NULL);

  if (events->len == 0)
    return;

  old_len = self->orders->len;
  changed_rows = g_array_new (FALSE, FALSE, sizeof (guint));
  deferred = g_array_new (FALSE, FALSE, sizeof (Deferred));
  pending = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  frozen = g_ptr_array_new ();
  for (guint i = 0; i < events->len; i++)
    {
      const FbOrderEvent *ev = g_ptr_array_index (events, i);
      FbOrder *order = g_hash_table_lookup (self->by_id, ev->order_id);
      guint pos = order != NULL ? GPOINTER_TO_UINT (g_hash_table_lookup (self->position, order)) - 1 : G_MAXUINT;
      gboolean changed;

      /* An order's notifications wait for the end of the batch: a view showing it updates once
       * per batch, not once per event. */
      if (order != NULL && !g_hash_table_contains (self->frozen, order))
        {
          g_object_freeze_notify (G_OBJECT (order));
          g_hash_table_add (self->frozen, order);
          g_ptr_array_add (frozen, order);
        }
      if (order == NULL || pos >= old_len)
        changed = apply_one (self, ev, &pos);   /* new in this batch: no view has it yet */
      else
        {
          /* A row that views already show keeps its state until the store reports it: a sorted
           * view compares rows as they are when it is told, and a row that changed behind its
           * back would break its order ("Comparison method violates its general contract"). */
          gint64 *at = g_hash_table_lookup (pending, order);
          Deferred d = { pos, i, order, ev };

          if (at == NULL)
            {
              at = g_new (gint64, 1);
              *at = fb_order_get_updated_at (order);
              g_hash_table_insert (pending, order, at);
            }
          changed = fb_order_event_supersedes (ev, *at);
          if (changed)
            {
              *at = ev->updated_at;
              g_array_append_val (changed_rows, pos);
            }
          g_array_append_val (deferred, d);
        }
      if (out_changed != NULL)
        g_array_append_val (out_changed, changed);
    }

  /* What a view is told, each step true of the list at the time it is told: the new orders,
   * appended as one range; then each run of changed rows (so that sorted and filtered views
   * place them anew, and only them), each changed just before it is told; then what eviction
   * removed. */
  if (self->orders->len > old_len)
    g_list_model_items_changed (G_LIST_MODEL (self), old_len, 0, self->orders->len - old_len);

  if (changed_rows->len > 1)
    {
      guint n = 0;

      g_array_sort (changed_rows, compare_guint);
      for (guint i = 0; i < changed_rows->len; i++)
        if (n == 0 || g_array_index (changed_rows, guint, n - 1) != g_array_index (changed_rows, guint, i))
          g_array_index (changed_rows, guint, n++) = g_array_index (changed_rows, guint, i);
      g_array_set_size (changed_rows, n);
    }
  g_array_sort (deferred, compare_deferred);
  runs = positions_to_runs (changed_rows);
  for (guint r = 0; r <= runs->len; r++)
    {
      guint end = r < runs->len ? g_array_index (runs, guint, r * 2 + 1) : G_MAXUINT;

      /* This run's events, and those of unchanged rows before it (stale events: history only). */
      for (; next < deferred->len && g_array_index (deferred, Deferred, next).pos < end; next++)
        fb_order_apply (g_array_index (deferred, Deferred, next).order, g_array_index (deferred, Deferred, next).ev);
      if (r < runs->len)
        {
          guint start = g_array_index (runs, guint, r * 2);

          g_list_model_items_changed (G_LIST_MODEL (self), start, end - start, end - start);
        }
    }

  g_hash_table_remove_all (self->frozen);
  for (guint i = 0; i < frozen->len; i++)
    g_object_thaw_notify (g_ptr_array_index (frozen, i));

  evict (self);

  if (self->orders->len != old_len)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

/* One event, as `watch` applies every event it prints: the batch's bookkeeping without the
 * batch (no arrays, nothing to hold back). */
gboolean
fb_order_store_apply (FbOrderStore       *self,
                      const FbOrderEvent *ev)
{
  guint old_len, pos;
  gboolean changed;

  g_return_val_if_fail (FB_IS_ORDER_STORE (self), FALSE);
  g_return_val_if_fail (ev != NULL, FALSE);

  old_len = self->orders->len;
  changed = apply_one (self, ev, &pos);
  if (self->orders->len > old_len)
    g_list_model_items_changed (G_LIST_MODEL (self), old_len, 0, 1);
  else if (pos != G_MAXUINT)
    g_list_model_items_changed (G_LIST_MODEL (self), pos, 1, 1);
  evict (self);
  if (self->orders->len != old_len)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
  return changed;
}

FbOrder *
fb_order_store_lookup (FbOrderStore *self,
                       const char   *order_id)
{
  g_return_val_if_fail (FB_IS_ORDER_STORE (self), NULL);
  g_return_val_if_fail (order_id != NULL, NULL);

  return g_hash_table_lookup (self->by_id, order_id);
}

void
fb_order_store_set_max_orders (FbOrderStore *self,
                               guint         max_orders)
{
  g_return_if_fail (FB_IS_ORDER_STORE (self));

  if (self->max_orders == max_orders)
    return;

  self->max_orders = max_orders;
  if (evict (self) > 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_ORDERS]);
}

guint
fb_order_store_get_max_orders (FbOrderStore *self)
{
  g_return_val_if_fail (FB_IS_ORDER_STORE (self), 0);
  return self->max_orders;
}

void
fb_order_store_clear (FbOrderStore *self)
{
  guint old_len;

  g_return_if_fail (FB_IS_ORDER_STORE (self));

  old_len = self->orders->len;
  if (old_len == 0)
    return;

  g_hash_table_remove_all (self->by_id);
  g_hash_table_remove_all (self->position);
  g_ptr_array_set_size (self->orders, 0);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, old_len, 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

static void
fb_order_store_finalize (GObject *object)
{
  FbOrderStore *self = FB_ORDER_STORE (object);

  g_hash_table_unref (self->by_id);
  g_hash_table_unref (self->position);
  g_hash_table_unref (self->frozen);
  g_ptr_array_unref (self->orders);

  G_OBJECT_CLASS (fb_order_store_parent_class)->finalize (object);
}

static void
fb_order_store_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  FbOrderStore *self = FB_ORDER_STORE (object);

  switch (prop_id)
    {
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->orders->len);
      break;
    case PROP_MAX_ORDERS:
      g_value_set_uint (value, self->max_orders);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fb_order_store_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_MAX_ORDERS:
      fb_order_store_set_max_orders (FB_ORDER_STORE (object), g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fb_order_store_class_init (FbOrderStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = fb_order_store_finalize;
  object_class->get_property = fb_order_store_get_property;
  object_class->set_property = fb_order_store_set_property;

  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MAX_ORDERS] =
    g_param_spec_uint ("max-orders", NULL, NULL, 0, G_MAXUINT, FB_ORDER_STORE_DEFAULT_MAX_ORDERS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fb_order_store_init (FbOrderStore *self)
{
  self->orders = g_ptr_array_new_with_free_func (g_object_unref);
  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->position = g_hash_table_new (NULL, NULL);
  self->frozen = g_hash_table_new (NULL, NULL);
  self->max_orders = FB_ORDER_STORE_DEFAULT_MAX_ORDERS;
}

FbOrderStore *
fb_order_store_new (void)
{
  return g_object_new (FB_TYPE_ORDER_STORE, NULL);
}
