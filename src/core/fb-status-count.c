/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-status-count.c: the status is fixed; the count and the title change together, notified
 * only when the count really changed. */
#define G_LOG_DOMAIN "fb-status-count"

#include "config.h"

#include <glib/gi18n.h>

#include "fb-describe.h"
#include "fb-status-count.h"

struct _FbStatusCount
{
  GObject  parent_instance;
  char    *status;
  guint    count;
  char    *title;
};

G_DEFINE_FINAL_TYPE (FbStatusCount, fb_status_count, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STATUS,
  PROP_COUNT,
  PROP_TITLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update_title (FbStatusCount *self)
{
  g_free (self->title);
  /* Translators: a status filter's choice with the number of orders in it, e.g. "In kitchen (3)". */
  self->title = g_strdup_printf (_("%s (%u)"),
                                 self->status != NULL ? fb_order_status_label (self->status) : _("All statuses"),
                                 self->count);
}

static void
fb_status_count_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  FbStatusCount *self = FB_STATUS_COUNT (object);

  switch (prop_id)
    {
    case PROP_STATUS:
      g_value_set_string (value, self->status);
      break;
    case PROP_COUNT:
      g_value_set_uint (value, self->count);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fb_status_count_finalize (GObject *object)
{
  FbStatusCount *self = FB_STATUS_COUNT (object);

  g_free (self->status);
  g_free (self->title);

  G_OBJECT_CLASS (fb_status_count_parent_class)->finalize (object);
}

static void
fb_status_count_class_init (FbStatusCountClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = fb_status_count_finalize;
  object_class->get_property = fb_status_count_get_property;

  properties[PROP_STATUS] =
    g_param_spec_string ("status", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_COUNT] =
    g_param_spec_uint ("count", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fb_status_count_init (FbStatusCount *self)
{
}

FbStatusCount *
fb_status_count_new (const char *status)
{
  FbStatusCount *self = g_object_new (FB_TYPE_STATUS_COUNT, NULL);

  self->status = g_strdup (status);
  update_title (self);
  return self;
}

const char *
fb_status_count_get_status (FbStatusCount *self)
{
  g_return_val_if_fail (FB_IS_STATUS_COUNT (self), NULL);
  return self->status;
}

guint
fb_status_count_get_count (FbStatusCount *self)
{
  g_return_val_if_fail (FB_IS_STATUS_COUNT (self), 0);
  return self->count;
}

const char *
fb_status_count_get_title (FbStatusCount *self)
{
  g_return_val_if_fail (FB_IS_STATUS_COUNT (self), NULL);
  return self->title;
}

void
fb_status_count_set_count (FbStatusCount *self,
                           guint          count)
{
  g_return_if_fail (FB_IS_STATUS_COUNT (self));

  if (self->count == count)
    return;
  self->count = count;
  update_title (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COUNT]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}
