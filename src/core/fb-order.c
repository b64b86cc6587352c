/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-order.c: applies events last-writer-wins by updatedAt; every event is kept in the
 * history, but a duplicate or an older one never moves the order backwards. */
#define G_LOG_DOMAIN "fb-order"

#include "fb-order.h"

struct _FbOrder
{
  GObject    parent_instance;
  char      *order_id;
  char      *status;
  gint64     updated_at;
  gint64     first_seen;
  gint64     last_event_at;
  GPtrArray *history;   /* FbOrderEvent*, oldest first, bounded */
};

G_DEFINE_FINAL_TYPE (FbOrder, fb_order, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ORDER_ID,
  PROP_STATUS,
  PROP_UPDATED_AT,
  PROP_FIRST_SEEN,
  PROP_LAST_EVENT_AT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
fb_order_finalize (GObject *object)
{
  FbOrder *self = FB_ORDER (object);

  g_free (self->order_id);
  g_free (self->status);
  g_ptr_array_unref (self->history);

  G_OBJECT_CLASS (fb_order_parent_class)->finalize (object);
}

static void
fb_order_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  FbOrder *self = FB_ORDER (object);

  switch (prop_id)
    {
    case PROP_ORDER_ID:
      g_value_set_string (value, self->order_id);
      break;
    case PROP_STATUS:
      g_value_set_string (value, self->status);
      break;
    case PROP_UPDATED_AT:
      g_value_set_int64 (value, self->updated_at);
      break;
    case PROP_FIRST_SEEN:
      g_value_set_int64 (value, self->first_seen);
      break;
    case PROP_LAST_EVENT_AT:
      g_value_set_int64 (value, self->last_event_at);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fb_order_class_init (FbOrderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = fb_order_finalize;
  object_class->get_property = fb_order_get_property;

  properties[PROP_ORDER_ID] =
    g_param_spec_string ("order-id", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATUS] =
    g_param_spec_string ("status", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_UPDATED_AT] =
    g_param_spec_int64 ("updated-at", NULL, NULL, G_MININT64, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FIRST_SEEN] =
    g_param_spec_int64 ("first-seen", NULL, NULL, G_MININT64, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_LAST_EVENT_AT] =
    g_param_spec_int64 ("last-event-at", NULL, NULL, G_MININT64, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fb_order_init (FbOrder *self)
{
  self->history = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_order_event_free);
}

FbOrder *
fb_order_new (const FbOrderEvent *ev)
{
  FbOrder *self;

  g_return_val_if_fail (ev != NULL, NULL);

  self = g_object_new (FB_TYPE_ORDER, NULL);
  self->order_id = g_strdup (ev->order_id);
  self->status = g_strdup (ev->status);
  self->updated_at = ev->updated_at;
  self->first_seen = ev->received_at;
  self->last_event_at = ev->received_at;
  g_ptr_array_add (self->history, fb_order_event_copy (ev));
  return self;
}

gboolean
fb_order_apply (FbOrder            *self,
                const FbOrderEvent *ev)
{
  gboolean newer;

  g_return_val_if_fail (FB_IS_ORDER (self), FALSE);
  g_return_val_if_fail (ev != NULL, FALSE);

  /* Bounded: past the cap the older half goes, so the history can only shrink in one step
   * (which a view can tell from its length) and stays O(1) amortized. */
  if (self->history->len >= FB_ORDER_MAX_HISTORY)
    g_ptr_array_remove_range (self->history, 0, FB_ORDER_MAX_HISTORY / 2);
  g_ptr_array_add (self->history, fb_order_event_copy (ev));

  if (ev->received_at > self->last_event_at)
    {
      self->last_event_at = ev->received_at;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_EVENT_AT]);
    }

  newer = fb_order_event_supersedes (ev, self->updated_at);
  if (!newer)
    return FALSE;

  self->updated_at = ev->updated_at;
  if (g_strcmp0 (self->status, ev->status) != 0)
    {
      g_free (self->status);
      self->status = g_strdup (ev->status);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UPDATED_AT]);

  return TRUE;
}

const char *
fb_order_get_order_id (FbOrder *self)
{
  g_return_val_if_fail (FB_IS_ORDER (self), NULL);
  return self->order_id;
}

const char *
fb_order_get_status (FbOrder *self)
{
  g_return_val_if_fail (FB_IS_ORDER (self), NULL);
  return self->status;
}

gint64
fb_order_get_updated_at (FbOrder *self)
{
  g_return_val_if_fail (FB_IS_ORDER (self), 0);
  return self->updated_at;
}

gint64
fb_order_get_first_seen (FbOrder *self)
{
  g_return_val_if_fail (FB_IS_ORDER (self), 0);
  return self->first_seen;
}

gint64
fb_order_get_last_event_at (FbOrder *self)
{
  g_return_val_if_fail (FB_IS_ORDER (self), 0);
  return self->last_event_at;
}

GPtrArray *
fb_order_get_history (FbOrder *self)
{
  g_return_val_if_fail (FB_IS_ORDER (self), NULL);
  return self->history;
}
