/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-stuck-item.c: an immutable item (id, status, last update) of the stuck orders' GListStore. */
#define G_LOG_DOMAIN "fb-stuck-item"

#include "fb-stuck-item.h"

struct _FbStuckItem
{
  GObject  parent_instance;
  char    *order_id;
  char    *status;
  gint64   since;
};

G_DEFINE_FINAL_TYPE (FbStuckItem, fb_stuck_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ORDER_ID,
  PROP_STATUS,
  PROP_SINCE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
fb_stuck_item_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  FbStuckItem *self = FB_STUCK_ITEM (object);

  switch (prop_id)
    {
    case PROP_ORDER_ID:
      g_value_set_string (value, self->order_id);
      break;
    case PROP_STATUS:
      g_value_set_string (value, self->status);
      break;
    case PROP_SINCE:
      g_value_set_int64 (value, self->since);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fb_stuck_item_finalize (GObject *object)
{
  FbStuckItem *self = FB_STUCK_ITEM (object);

  g_free (self->order_id);
  g_free (self->status);

  G_OBJECT_CLASS (fb_stuck_item_parent_class)->finalize (object);
}

static void
fb_stuck_item_class_init (FbStuckItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = fb_stuck_item_finalize;
  object_class->get_property = fb_stuck_item_get_property;

  properties[PROP_ORDER_ID] =
    g_param_spec_string ("order-id", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATUS] =
    g_param_spec_string ("status", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SINCE] =
    g_param_spec_int64 ("since", NULL, NULL, G_MININT64, G_MAXINT64, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fb_stuck_item_init (FbStuckItem *self)
{
}

FbStuckItem *
fb_stuck_item_new (const char *order_id,
                   const char *status,
                   gint64      since)
{
  FbStuckItem *self = g_object_new (FB_TYPE_STUCK_ITEM, NULL);

  self->order_id = g_strdup (order_id);
  self->status = g_strdup (status);
  self->since = since;
  return self;
}

const char *
fb_stuck_item_get_order_id (FbStuckItem *self)
{
  g_return_val_if_fail (FB_IS_STUCK_ITEM (self), NULL);
  return self->order_id;
}

const char *
fb_stuck_item_get_status (FbStuckItem *self)
{
  g_return_val_if_fail (FB_IS_STUCK_ITEM (self), NULL);
  return self->status;
}

gint64
fb_stuck_item_get_since (FbStuckItem *self)
{
  g_return_val_if_fail (FB_IS_STUCK_ITEM (self), 0);
  return self->since;
}
