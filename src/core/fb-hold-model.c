/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-hold-model.c: a list that passes its model through, or holds still while a person reads it.
 * Not held, it is its model. Held, it keeps showing the items it showed when the hold began (the
 * items themselves still change, so a row's cells stay current; only rows do not move), and
 * counts the items that arrived since (n-new). Catching up tells a view the difference in one
 * items-changed, the common head and tail left out.
 *
 * With a step set, a short list that would gain many items at once grows by a step at a time
 * instead (the view calls fb_hold_model_grow () once a frame while growing is TRUE): GTK 4.8's
 * list makes and binds a row for each item up to about 200 at once, which is one long frame;
 * a step of rows a frame spreads that work. Past GROW_BOUND items shown the view makes no more
 * rows for items further down, and the rest comes at once. */
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
  guint       step;        /* 0: the list never grows by steps */
  guint       limit;       /* while growing: how many of the model's first items are shown */
  gboolean    growing;     /* shown is the model's first limit items, held or not */
};

#define GROW_BOUND 256

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FbHoldModel, fb_hold_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_MODEL,
  PROP_HELD,
  PROP_N_NEW,
  PROP_GROWING,
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

  if (self->shown != NULL)
    return self->shown->len;
  return self->model != NULL ? g_list_model_get_n_items (self->model) : 0;
}

static gpointer
fb_hold_model_get_item (GListModel *list,
                        guint       position)
{
  FbHoldModel *self = FB_HOLD_MODEL (list);

  if (self->shown != NULL)
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

/* The model's first @limit items now, as the shown snapshot. */
static void
take_snapshot (FbHoldModel *self,
               guint        limit)
{
  guint n = self->model != NULL ? MIN (g_list_model_get_n_items (self->model), limit) : 0;

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
  set_n_new_items (self, self->held ? g_hash_table_new_full (NULL, NULL, g_object_unref, NULL) : NULL);
}

static void
drop_snapshot (FbHoldModel *self)
{
  g_clear_pointer (&self->shown, g_ptr_array_unref);
  g_clear_pointer (&self->shown_set, g_hash_table_unref);
  set_n_new_items (self, NULL);
}

/* Tells a view what differs between @shown (what it showed) and what is shown now, in one
 * items-changed. */
static void
emit_difference (FbHoldModel *self,
                 GPtrArray   *shown)
{
  GListModel *now = G_LIST_MODEL (self);
  guint n_shown = shown->len;
  guint n = g_list_model_get_n_items (now);
  guint head = 0, tail = 0;

  while (head < MIN (n_shown, n))
    {
      g_autoptr(GObject) item = g_list_model_get_item (now, head);

      if (item != g_ptr_array_index (shown, head))
        break;
      head++;
    }
  while (tail < MIN (n_shown, n) - head)
    {
      g_autoptr(GObject) item = g_list_model_get_item (now, n - 1 - tail);

      if (item != g_ptr_array_index (shown, n_shown - 1 - tail))
        break;
      tail++;
    }

  if (n_shown - head - tail > 0 || n - head - tail > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), head, n_shown - head - tail, n - head - tail);
}

static void
set_growing (FbHoldModel *self,
             gboolean     growing)
{
  if (self->growing == growing)
    return;
  self->growing = growing;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GROWING]);
}

/* Growing: shows the model's first @limit items, or all of them once that is past GROW_BOUND. */
static void
grow_to (FbHoldModel *self,
         guint        limit)
{
  g_autoptr(GPtrArray) shown = g_steal_pointer (&self->shown);
  guint n = g_list_model_get_n_items (self->model);

  if (limit >= n || limit >= GROW_BOUND)
    {
      g_clear_pointer (&self->shown_set, g_hash_table_unref);
      self->limit = 0;
      set_growing (self, FALSE);
    }
  else
    {
      self->limit = limit;
      take_snapshot (self, limit);
    }
  emit_difference (self, shown);
}

static void
fb_hold_model_items_changed_cb (FbHoldModel *self,
                                guint        position,
                                guint        removed,
                                guint        added,
                                GListModel  *model)
{
  guint before;

  g_assert (FB_IS_HOLD_MODEL (self));

  if (!self->held && self->growing)
    {
      grow_to (self, self->limit);
      return;
    }
  if (!self->held)
    {
      guint n = g_list_model_get_n_items (model);
      guint n_before = n - added + removed;

      /* Many items into a short list: the first step now, the rest a step a frame. What the
         view showed before the change is gone from the model; it was as long as n_before and
         the same as the model up to position. */
      if (self->step > 0 && n_before < GROW_BOUND && n > n_before + self->step)
        {
          self->limit = n_before + self->step;
          take_snapshot (self, self->limit);
          set_growing (self, TRUE);
          g_list_model_items_changed (G_LIST_MODEL (self), position, n_before - position, self->limit - position);
          return;
        }
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

void
fb_hold_model_catch_up (FbHoldModel *self)
{
  g_autoptr(GPtrArray) shown = NULL;

  g_return_if_fail (FB_IS_HOLD_MODEL (self));

  if (!self->held)
    return;

  shown = g_steal_pointer (&self->shown);
  take_snapshot (self, G_MAXUINT);
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

  /* Held while growing: the rest of the list comes now, and then it holds still. */
  shown = g_steal_pointer (&self->shown);
  self->held = held;
  self->limit = 0;
  set_growing (self, FALSE);
  if (held)
    take_snapshot (self, G_MAXUINT);
  else
    drop_snapshot (self);
  if (shown != NULL)
    emit_difference (self, shown);
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
    g_signal_handlers_disconnect_by_func (self->model, fb_hold_model_items_changed_cb, self);
  g_set_object (&self->model, model);
  if (model != NULL)
    g_signal_connect_object (model, "items-changed", G_CALLBACK (fb_hold_model_items_changed_cb), self, G_CONNECT_SWAPPED);
  /* Another model is another list: it is shown at once, held or not. */
  self->limit = 0;
  set_growing (self, FALSE);
  if (self->held)
    take_snapshot (self, G_MAXUINT);
  else
    drop_snapshot (self);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, g_list_model_get_n_items (G_LIST_MODEL (self)));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
}

GListModel *
fb_hold_model_get_model (FbHoldModel *self)
{
  g_return_val_if_fail (FB_IS_HOLD_MODEL (self), NULL);

  return self->model;
}

/* At most @step more items at a time while the list is short; 0: everything at once. */
void
fb_hold_model_set_step (FbHoldModel *self,
                        guint        step)
{
  g_return_if_fail (FB_IS_HOLD_MODEL (self));

  self->step = step;
  if (step == 0 && self->growing)
    grow_to (self, G_MAXUINT);
}

gboolean
fb_hold_model_get_growing (FbHoldModel *self)
{
  g_return_val_if_fail (FB_IS_HOLD_MODEL (self), FALSE);

  return self->growing;
}

/* One more step of a growing list. */
void
fb_hold_model_grow (FbHoldModel *self)
{
  g_return_if_fail (FB_IS_HOLD_MODEL (self));

  if (self->growing)
    grow_to (self, self->limit + self->step);
}

static void
fb_hold_model_dispose (GObject *object)
{
  FbHoldModel *self = FB_HOLD_MODEL (object);

  if (self->model != NULL)
    g_signal_handlers_disconnect_by_func (self->model, fb_hold_model_items_changed_cb, self);
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
    case PROP_GROWING:
      g_value_set_boolean (value, self->growing);
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
  /* Shows the model's first items, a step more at each fb_hold_model_grow (). */
  properties[PROP_GROWING] =
    g_param_spec_boolean ("growing", NULL, NULL, FALSE,
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
