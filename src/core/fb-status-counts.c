/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-status-counts.c: a fixed array of FbStatusCount, refreshed in place from the overview on
 * each of its "changed" (once per batch: a lookup per status). */
#define G_LOG_DOMAIN "fb-status-counts"

#include "fb-describe.h"
#include "fb-status-counts.h"

struct _FbStatusCounts
{
  GObject          parent_instance;
  GPtrArray       *items;      /* FbStatusCount: all, then each known status */
  FbOrderOverview *overview;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FbStatusCounts, fb_status_counts, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
fb_status_counts_get_item_type (GListModel *model)
{
  return FB_TYPE_STATUS_COUNT;
}

static guint
fb_status_counts_get_n_items (GListModel *model)
{
  return FB_STATUS_COUNTS (model)->items->len;
}

static gpointer
fb_status_counts_get_item (GListModel *model,
                           guint       position)
{
  FbStatusCounts *self = FB_STATUS_COUNTS (model);

  return position < self->items->len ? g_object_ref (g_ptr_array_index (self->items, position)) : NULL;
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = fb_status_counts_get_item_type;
  iface->get_n_items = fb_status_counts_get_n_items;
  iface->get_item = fb_status_counts_get_item;
}

static void
fb_status_counts_refresh_cb (FbStatusCounts *self)
{
  g_assert (FB_IS_STATUS_COUNTS (self));

  for (guint i = 0; i < self->items->len; i++)
    {
      FbStatusCount *item = g_ptr_array_index (self->items, i);
      const char *status = fb_status_count_get_status (item);
      guint count = 0;

      if (self->overview != NULL)
        count = status != NULL ? fb_order_overview_count_status (self->overview, status)
                               : fb_order_overview_get_n_orders (self->overview);
      fb_status_count_set_count (item, count);
    }
}

void
fb_status_counts_set_overview (FbStatusCounts  *self,
                               FbOrderOverview *overview)
{
  g_return_if_fail (FB_IS_STATUS_COUNTS (self));
  g_return_if_fail (overview == NULL || FB_IS_ORDER_OVERVIEW (overview));

  if (self->overview == overview)
    return;
  if (self->overview != NULL)
    g_signal_handlers_disconnect_by_data (self->overview, self);
  g_set_object (&self->overview, overview);
  if (overview != NULL)
    g_signal_connect_object (overview, "changed", G_CALLBACK (fb_status_counts_refresh_cb), self, G_CONNECT_SWAPPED);
  fb_status_counts_refresh_cb (self);
}

guint
fb_status_counts_find (FbStatusCounts *self,
                       const char     *status)
{
  g_return_val_if_fail (FB_IS_STATUS_COUNTS (self), G_MAXUINT);

  for (guint i = 0; i < self->items->len; i++)
    if (g_strcmp0 (fb_status_count_get_status (g_ptr_array_index (self->items, i)), status) == 0)
      return i;
  return G_MAXUINT;
}

static void
fb_status_counts_dispose (GObject *object)
{
  FbStatusCounts *self = FB_STATUS_COUNTS (object);

  if (self->overview != NULL)
    g_signal_handlers_disconnect_by_data (self->overview, self);
  g_clear_object (&self->overview);

  G_OBJECT_CLASS (fb_status_counts_parent_class)->dispose (object);
}

static void
fb_status_counts_finalize (GObject *object)
{
  g_ptr_array_unref (FB_STATUS_COUNTS (object)->items);

  G_OBJECT_CLASS (fb_status_counts_parent_class)->finalize (object);
}

static void
fb_status_counts_class_init (FbStatusCountsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = fb_status_counts_dispose;
  object_class->finalize = fb_status_counts_finalize;
}

static void
fb_status_counts_init (FbStatusCounts *self)
{
  const char * const *statuses = fb_order_statuses ();

  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (self->items, fb_status_count_new (NULL));
  for (guint i = 0; statuses[i] != NULL; i++)
    g_ptr_array_add (self->items, fb_status_count_new (statuses[i]));
}

FbStatusCounts *
fb_status_counts_new (void)
{
  return g_object_new (FB_TYPE_STATUS_COUNTS, NULL);
}
