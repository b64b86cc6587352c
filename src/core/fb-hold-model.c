/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-hold-model.c: a list that passes its model through, or holds still while a person reads it.
 * Not held, it is its model. Held, it keeps showing the items it showed when the hold began (the
 * items themselves still change, so a row's cells stay current; only rows do not move), and
 * counts the items that arrived since (n-new). Catching up tells a view the difference in one
 * items-changed, the common head and tail left out. */
#define G_LOG_DOMAIN "fb-hold-model"

#include "fb-hold-model.h"

struct _FbHoldModel
{
  GObject     parent_instance;

  GListModel *model;
  gboolean    held;
  GPtrArray  *shown;       /* while held: the items shown, refs */
  GHashTable *shown_set;   /* while held: the same items, as a set */
  GHashTable *new_items;   /* while held: items the model gained that are not shown, refs */
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FbHoldModel, fb_hold_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_MODEL,
  PROP_HELD,
  PROP_N_NEW,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GType
fb_hold_model_get_item_type (GListModel *list)
{
  FbHoldModel *self = FB_HOLD_MODEL (list);

  return self->model != NULL ? g_list_model_get_item_type (self->model) : G_TYPE_OBJECT;
}

static guint
fb_hold_model_get_n_items (GListModel *list)
{
  FbHoldModel *self = FB_HOLD_MODEL (list);

  if (self->held)
    return self->shown->len;
  return self->model != NULL ? g_list_model_get_n_items (self->model) : 0;
}

static gpointer
fb_hold_model_get_item (GListModel *list,
                        guint       position)
{
  FbHoldModel *self = FB_HOLD_MODEL (list);

  if (self->held)
    return position < self->shown->len ? g_object_ref (g_ptr_array_index (self->shown, position)) : NULL;
  return self->model != NULL ? g_list_model_get_item (self->model, position) : NULL;
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = fb_hold_model_get_item_type;
  iface->get_n_items = fb_hold_model_get_n_items;
  iface->get_item = fb_hold_model_get_item;
}

static void
set_n_new_items (FbHoldModel *self,
                 GHashTable  *new_items)
{
  guint before = self->new_items != NULL ? g_hash_table_size (self->new_items) : 0;

  g_clear_pointer (&self->new_items, g_hash_table_unref);
  self->new_items = new_items;
  if (before != (new_items != NULL ? g_hash_table_size (new_items) : 0))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_NEW]);
}

/* The model's items now, as the shown snapshot. */
static void
take_snapshot (FbHoldModel *self)
{
  guint n = self->model != NULL ? g_list_model_get_n_items (self->model) : 0;

  g_clear_pointer (&self->shown, g_ptr_array_unref);
  g_clear_pointer (&self->shown_set, g_hash_table_unref);
  self->shown = g_ptr_array_new_full (n, g_object_unref);
  self->shown_set = g_hash_table_new (NULL, NULL);
  for (guint i = 0; i < n; i++)
    {
      GObject *item = g_list_model_get_item (self->model, i);

      g_ptr_array_add (self->shown, item);
      g_hash_table_add (self->shown_set, item);
    }
  set_n_new_items (self, g_hash_table_new_full (NULL, NULL, g_object_unref, NULL));
}

static void
drop_snapshot (FbHoldModel *self)
{
  g_clear_pointer (&self->shown, g_ptr_array_unref);
  g_clear_pointer (&self->shown_set, g_hash_table_unref);
  set_n_new_items (self, NULL);
}

static void
on_items_changed (FbHoldModel *self,
                  guint        position,
                  guint        removed,
                  guint        added,
                  GListModel  *model)
{
  guint before;

  g_assert (FB_IS_HOLD_MODEL (self));

  if (!self->held)
    {
      g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
      return;
    }

  /* A sorted model reports moved items as removed and added again: only those not shown count. */
  before = g_hash_table_size (self->new_items);
  for (guint i = 0; i < added; i++)
    {
      GObject *item = g_list_model_get_item (model, position + i);

      if (!g_hash_table_contains (self->shown_set, item) && !g_hash_table_contains (self->new_items, item))
        g_hash_table_add (self->new_items, g_steal_pointer (&item));
      g_clear_object (&item);
    }
  if (g_hash_table_size (self->new_items) != before)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_NEW]);
}

/* Tells a view what differs between what it shows and the model, in one items-changed. */
static void
emit_difference (FbHoldModel *self,
                 GPtrArray   *shown)
{
  guint n_shown = shown->len;
  guint n = self->model != NULL ? g_list_model_get_n_items (self->model) : 0;
  guint head = 0, tail = 0;

  while (head < MIN (n_shown, n))
    {
      g_autoptr(GObject) item = g_list_model_get_item (self->model, head);

      if (item != g_ptr_array_index (shown, head))
        break;
      head++;
    }
  while (tail < MIN (n_shown, n) - head)
    {
      g_autoptr(GObject) item = g_list_model_get_item (self->model, n - 1 - tail);

      if (item != g_ptr_array_index (shown, n_shown - 1 - tail))
        break;
      tail++;
    }

  if (n_shown - head - tail > 0 || n - head - tail > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), head, n_shown - head - tail, n - head - tail);
}

void
fb_hold_model_catch_up (FbHoldModel *self)
{
  g_autoptr(GPtrArray) shown = NULL;

  g_return_if_fail (FB_IS_HOLD_MODEL (self));

  if (!self->held)
    return;

  shown = g_steal_pointer (&self->shown);
  take_snapshot (self);
  emit_difference (self, shown);
}

void
fb_hold_model_set_held (FbHoldModel *self,
                        gboolean     held)
{
  g_autoptr(GPtrArray) shown = NULL;

  g_return_if_fail (FB_IS_HOLD_MODEL (self));

  held = !!held;
  if (self->held == held)
    return;

  if (held)
    take_snapshot (self);
  else
    shown = g_steal_pointer (&self->shown);
  self->held = held;
  if (!held)
    {
      drop_snapshot (self);
      emit_difference (self, shown);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HELD]);
}

gboolean
fb_hold_model_get_held (FbHoldModel *self)
{
  g_return_val_if_fail (FB_IS_HOLD_MODEL (self), FALSE);

  return self->held;
}

guint
fb_hold_model_get_n_new (FbHoldModel *self)
{
  g_return_val_if_fail (FB_IS_HOLD_MODEL (self), 0);

  return self->new_items != NULL ? g_hash_table_size (self->new_items) : 0;
}

void
fb_hold_model_set_model (FbHoldModel *self,
                         GListModel  *model)
{
  guint removed;

  g_return_if_fail (FB_IS_HOLD_MODEL (self));
  g_return_if_fail (model == NULL || G_IS_LIST_MODEL (model));

  if (self->model == model)
    return;

  removed = g_list_model_get_n_items (G_LIST_MODEL (self));
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_func (self->model, on_items_changed, self);
  g_set_object (&self->model, model);
  if (model != NULL)
    g_signal_connect_object (model, "items-changed", G_CALLBACK (on_items_changed), self, G_CONNECT_SWAPPED);
  /* Another model is another list: it is shown at once, held or not. */
  if (self->held)
    take_snapshot (self);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, g_list_model_get_n_items (G_LIST_MODEL (self)));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
}

GListModel *
fb_hold_model_get_model (FbHoldModel *self)
{
  g_return_val_if_fail (FB_IS_HOLD_MODEL (self), NULL);

  return self->model;
}

static void
fb_hold_model_dispose (GObject *object)
{
  FbHoldModel *self = FB_HOLD_MODEL (object);

  if (self->model != NULL)
    g_signal_handlers_disconnect_by_func (self->model, on_items_changed, self);
  g_clear_object (&self->model);
  g_clear_pointer (&self->shown, g_ptr_array_unref);
  g_clear_pointer (&self->shown_set, g_hash_table_unref);
  g_clear_pointer (&self->new_items, g_hash_table_unref);

  G_OBJECT_CLASS (fb_hold_model_parent_class)->dispose (object);
}

static void
fb_hold_model_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  FbHoldModel *self = FB_HOLD_MODEL (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      g_value_set_object (value, self->model);
      break;
    case PROP_HELD:
      g_value_set_boolean (value, self->held);
      break;
    case PROP_N_NEW:
      g_value_set_uint (value, fb_hold_model_get_n_new (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fb_hold_model_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  FbHoldModel *self = FB_HOLD_MODEL (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      fb_hold_model_set_model (self, g_value_get_object (value));
      break;
    case PROP_HELD:
      fb_hold_model_set_held (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fb_hold_model_class_init (FbHoldModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = fb_hold_model_dispose;
  object_class->get_property = fb_hold_model_get_property;
  object_class->set_property = fb_hold_model_set_property;

  properties[PROP_MODEL] =
    g_param_spec_object ("model", NULL, NULL, G_TYPE_LIST_MODEL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HELD] =
    g_param_spec_boolean ("held", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Items the model gained while held (an item that left again may still be counted). */
  properties[PROP_N_NEW] =
    g_param_spec_uint ("n-new", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fb_hold_model_init (FbHoldModel *self)
{
}

FbHoldModel *
fb_hold_model_new (GListModel *model)
{
  g_return_val_if_fail (model == NULL || G_IS_LIST_MODEL (model), NULL);

  return g_object_new (FB_TYPE_HOLD_MODEL, "model", model, NULL);
}
