/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-hold-model.c: a list that passes its model through, or holds still while a person reads it.
 * Not held, it is its model. Held, it keeps showing the items it showed when the hold began (the
 * items themselves still change, so a row's cells stay current; only rows do not move), and
 * counts the items that arrived since (n-new). Catching up tells a view the difference in one
 * items-changed, the common head and tail left out.
 *
 * With a step set, and not held, it follows its model a step at a time: a change is not passed
 * on at once, but once a frame (the view calls fb_hold_model_grow () while growing is TRUE), in
 * one items-changed that brings at most a step of items into the first rows. GTK 4.8's list
 * makes a row for each item that comes into the ~200 rows it keeps bound and binds again every
 * row below a change: a burst that moves hundreds of orders to the top, or fills an empty list,
 * would be one long frame; a step of rows a frame, told once a frame, spreads that work. Rows
 * below the first ones cost nothing to change: there the step does not count. */
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
  guint       step;        /* 0: the list passes changes on at once */
  gboolean    growing;     /* not held: shown is on its way to the model */
  gboolean    stepping;    /* growing, a step at a time */
  GPtrArray  *model_all;   /* the model's items, refs, and the same as a set: made for a step, */
  GHashTable *model_set;   /* kept for the steps after it until the model changes */
};

/* The rows a view at the top keeps made and bound (GTK 4.8: about 200), with some to spare. */
#define STEP_REGION 256
/* A change that brings at most this many steps' worth into those rows comes at once: with the
   table's step of 12, the 50 orders of a half-second's update at 100 events/s come in one frame,
   with room to spare (at 4, 48: such a stream was taken in steps, each a frame of its own:
   bench/live-view.py --stream paced, CPU-s 2.65/2.71/2.87 against 1.76/2.00/2.07 at 400 ms). */
#define AT_ONCE_STEPS 8

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

/* The model's first @limit items now, refs. */
static GPtrArray *
model_items (FbHoldModel *self,
             guint        limit)
{
  guint n = self->model != NULL ? MIN (g_list_model_get_n_items (self->model), limit) : 0;
  GPtrArray *items = g_ptr_array_new_full (n, g_object_unref);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (items, g_list_model_get_item (self->model, i));
  return items;
}

static GHashTable *
set_of (GPtrArray *items,
        guint      limit)
{
  GHashTable *set = g_hash_table_new (NULL, NULL);

  for (guint i = 0; i < MIN (items->len, limit); i++)
    g_hash_table_add (set, g_ptr_array_index (items, i));
  return set;
}

/* @items (taken) as what is shown, without telling a view. (The set of them only while held: a
 * step a frame through 10 000 orders need not make it.) */
static void
set_shown (FbHoldModel *self,
           GPtrArray   *items)
{
  g_clear_pointer (&self->shown, g_ptr_array_unref);
  g_clear_pointer (&self->shown_set, g_hash_table_unref);
  self->shown = items;
  if (self->held)
    self->shown_set = set_of (items, G_MAXUINT);
}

/* The model changed: the next step looks at it again. */
static void
drop_model_items (FbHoldModel *self)
{
  g_clear_pointer (&self->model_all, g_ptr_array_unref);
  g_clear_pointer (&self->model_set, g_hash_table_unref);
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

/* Shows @items (taken) and tells a view the difference. */
static void
show (FbHoldModel *self,
      GPtrArray   *items)
{
  g_autoptr(GPtrArray) before = g_steal_pointer (&self->shown);

  set_shown (self, items);
  if (before != NULL)
    emit_difference (self, before);
}

static void
set_growing (FbHoldModel *self,
             gboolean     growing)
{
  if (!growing)
    self->stepping = FALSE;
  if (self->growing == growing)
    return;
  self->growing = growing;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GROWING]);
}

/* Following its model a step at a time (not held, a step set). */
static gboolean
following (FbHoldModel *self)
{
  return !self->held && self->step > 0;
}

/* Before a step: what left the rows far down (moved up into @head, or gone from the model), each
 * run told on its own, from the end. A view makes and binds no rows there: told apart from the
 * step, the step's own change stays within the first rows, and a view moves no row it need not
 * (GTK 4.8 measures every row it moves again). */
static void
remove_far (FbHoldModel *self,
            GHashTable  *head,
            GHashTable  *in_model)
{
  GPtrArray *shown = self->shown;

  for (guint i = shown->len; i > STEP_REGION; i--)
    {
      guint end = i, start;

      for (start = end; start > STEP_REGION; start--)
        {
          gpointer item = g_ptr_array_index (shown, start - 1);

          if (!g_hash_table_contains (head, item) && g_hash_table_contains (in_model, item))
            break;
        }
      if (start == end)
        continue;
      g_ptr_array_remove_range (shown, start, end - start);
      g_list_model_items_changed (G_LIST_MODEL (self), start, end - start, 0);
      i = start + 1;
    }
}

/* The next step towards the model: at most a step of items that the first STEP_REGION rows did
 * not show come into them (a few steps' worth when that is all there is to show). The model's head, down to where a step more would come in, then what
 * was shown, in its order, without what left the model; the items that did not come in yet are
 * not shown. Once the model's first STEP_REGION items hold at most a step more, the model. */
static void
step_towards_model (FbHoldModel *self)
{
  g_autoptr(GHashTable) shown_top = set_of (self->shown, STEP_REGION);
  g_autoptr(GHashTable) head = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GHashTable) in_model = NULL;
  guint region;
  guint coming = 0, limit = self->step, p;
  GPtrArray *next;

  /* The model's items are gone through once per change of it, not once a step: a stream's
     batch into 10 000 orders is followed in a score of steps. */
  if (self->model_all == NULL)
    {
      self->model_all = model_items (self, G_MAXUINT);
      self->model_set = set_of (self->model_all, G_MAXUINT);
    }
  /* Refs: a view told of a change may change the model (and drop these) before the step ends. */
  all = g_ptr_array_ref (self->model_all);
  in_model = g_hash_table_ref (self->model_set);
  region = MIN (all->len, STEP_REGION);

  /* With no step under way, a change that brings a few steps' worth is shown at once: a steady
     stream's batches each in one frame. */
  if (!self->stepping)
    {
      for (guint i = 0; i < region; i++)
        coming += !g_hash_table_contains (shown_top, g_ptr_array_index (all, i));
      limit = coming <= self->step * AT_ONCE_STEPS ? G_MAXUINT : self->step;
      coming = 0;
    }
  for (p = 0; p < region; p++)
    if (!g_hash_table_contains (shown_top, g_ptr_array_index (all, p)) && ++coming > limit)
      break;
  self->stepping = p < region;
  head = set_of (all, p);
  remove_far (self, head, in_model);
  if (p == region)
    {
      set_growing (self, FALSE);
      drop_model_items (self);   /* all, shown from now on, is no one else's */
      show (self, g_steal_pointer (&all));
      return;
    }

  next = g_ptr_array_new_full (self->shown->len, g_object_unref);
  for (guint i = 0; i < p; i++)
    g_ptr_array_add (next, g_object_ref (g_ptr_array_index (all, i)));
  for (guint i = 0; i < self->shown->len; i++)
    {
      gpointer item = g_ptr_array_index (self->shown, i);

      if (!g_hash_table_contains (head, item) && g_hash_table_contains (in_model, item))
        g_ptr_array_add (next, g_object_ref (item));
    }
  show (self, next);
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

  drop_model_items (self);
  if (following (self))
    {
      /* Taken a step at a time, from the next frame's fb_hold_model_grow () on. */
      set_growing (self, TRUE);
      return;
    }
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

/* Held: shows the model now. (Not held, it is on its way already.) */
void
fb_hold_model_catch_up (FbHoldModel *self)
{
  g_return_if_fail (FB_IS_HOLD_MODEL (self));

  if (!self->held)
    return;

  show (self, model_items (self, G_MAXUINT));
  set_n_new_items (self, g_hash_table_new_full (NULL, NULL, g_object_unref, NULL));
}

void
fb_hold_model_set_held (FbHoldModel *self,
                        gboolean     held)
{
  g_return_if_fail (FB_IS_HOLD_MODEL (self));

  held = !!held;
  if (self->held == held)
    return;

  self->held = held;
  if (held)
    {
      /* The rows shown stay as they are; what the model has beyond them is new. */
      GHashTable *new_items = g_hash_table_new_full (NULL, NULL, g_object_unref, NULL);

      if (self->shown == NULL)
        set_shown (self, model_items (self, G_MAXUINT));
      else if (self->shown_set == NULL)
        self->shown_set = set_of (self->shown, G_MAXUINT);
      if (self->growing)
        {
          g_autoptr(GPtrArray) all = model_items (self, G_MAXUINT);

          for (guint i = 0; i < all->len; i++)
            if (!g_hash_table_contains (self->shown_set, g_ptr_array_index (all, i)))
              g_hash_table_add (new_items, g_object_ref (g_ptr_array_index (all, i)));
        }
      set_growing (self, FALSE);
      set_n_new_items (self, new_items);
    }
  else
    {
      set_n_new_items (self, NULL);
      g_clear_pointer (&self->shown_set, g_hash_table_unref);
      if (self->step > 0)
        set_growing (self, TRUE);   /* to the model a step at a time */
      else
        {
          g_autoptr(GPtrArray) shown = g_steal_pointer (&self->shown);

          drop_snapshot (self);
          emit_difference (self, shown);
        }
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
    g_signal_handlers_disconnect_by_func (self->model, fb_hold_model_items_changed_cb, self);
  g_set_object (&self->model, model);
  drop_model_items (self);
  if (model != NULL)
    g_signal_connect_object (model, "items-changed", G_CALLBACK (fb_hold_model_items_changed_cb), self, G_CONNECT_SWAPPED);
  /* Another model is another list: it is shown at once, held or not. */
  set_growing (self, FALSE);
  if (self->held || self->step > 0)
    set_shown (self, model_items (self, G_MAXUINT));
  else
    drop_snapshot (self);
  if (self->held)
    set_n_new_items (self, g_hash_table_new_full (NULL, NULL, g_object_unref, NULL));
  g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, g_list_model_get_n_items (G_LIST_MODEL (self)));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
}

GListModel *
fb_hold_model_get_model (FbHoldModel *self)
{
  g_return_val_if_fail (FB_IS_HOLD_MODEL (self), NULL);

  return self->model;
}

/* At most @step items come into the first rows a frame; 0: every change at once. */
void
fb_hold_model_set_step (FbHoldModel *self,
                        guint        step)
{
  g_return_if_fail (FB_IS_HOLD_MODEL (self));

  self->step = step;
  if (self->held)
    return;
  if (step > 0 && self->shown == NULL)
    set_shown (self, model_items (self, G_MAXUINT));   /* the same list: nothing to tell */
  else if (step == 0 && self->shown != NULL)
    {
      g_autoptr(GPtrArray) shown = g_steal_pointer (&self->shown);

      set_growing (self, FALSE);
      drop_snapshot (self);
      emit_difference (self, shown);
    }
}

gboolean
fb_hold_model_get_growing (FbHoldModel *self)
{
  g_return_val_if_fail (FB_IS_HOLD_MODEL (self), FALSE);

  return self->growing;
}

/* One more step towards the model (once a frame). */
void
fb_hold_model_grow (FbHoldModel *self)
{
  g_return_if_fail (FB_IS_HOLD_MODEL (self));

  if (self->growing && following (self))
    step_towards_model (self);
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
  drop_model_items (self);

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
  /* Not held, on its way to the model: a step more at each fb_hold_model_grow (). */
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
