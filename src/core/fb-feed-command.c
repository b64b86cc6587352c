/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-feed-command.c: the state of one feed, with transitions that only go forward. */
#define G_LOG_DOMAIN "fb-feed-command"

#include "fb-feed-command.h"

struct _FbFeedCommand
{
  GObject             parent_instance;

  char               *id;
  char               *feeder_id;
  FbBowl              bowl;
  FbFeedRoute         route;
  FbFeedCommandState  state;
  char               *receipt;
  char               *reason;
  gint64              created_at;
  gint64              finished_at;
};

G_DEFINE_FINAL_TYPE (FbFeedCommand, fb_feed_command, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (FbBowl, fb_bowl,
  G_DEFINE_ENUM_VALUE (FB_BOWL_LEFT, "left"),
  G_DEFINE_ENUM_VALUE (FB_BOWL_RIGHT, "right"),
  G_DEFINE_ENUM_VALUE (FB_BOWL_BOTH, "both"))

G_DEFINE_ENUM_TYPE (FbFeedRoute, fb_feed_route,
  G_DEFINE_ENUM_VALUE (FB_FEED_ROUTE_EVENTBRIDGE, "eventbridge"),
  G_DEFINE_ENUM_VALUE (FB_FEED_ROUTE_MQTT, "mqtt"))

G_DEFINE_ENUM_TYPE (FbFeedCommandState, fb_feed_command_state,
  G_DEFINE_ENUM_VALUE (FB_FEED_COMMAND_SENDING, "sending"),
  G_DEFINE_ENUM_VALUE (FB_FEED_COMMAND_ACCEPTED, "accepted"),
  G_DEFINE_ENUM_VALUE (FB_FEED_COMMAND_FAILED, "failed"))

enum {
  PROP_0,
  PROP_STATE,
  PROP_RECEIPT,
  PROP_REASON,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *const bowl_names[] = { "left", "right", "both" };
static const char *const click_types[] = { "SINGLE", "DOUBLE", "LONG" };
static const char *const route_names[] = { "eventbridge", "mqtt" };

gboolean
fb_bowl_from_string (const char *text,
                     FbBowl     *bowl)
{
  for (guint i = 0; i < G_N_ELEMENTS (bowl_names); i++)
    if (g_strcmp0 (text, bowl_names[i]) == 0)
      {
        *bowl = i;
        return TRUE;
      }
  return FALSE;
}

const char *
fb_bowl_to_string (FbBowl bowl)
{
  g_return_val_if_fail (bowl <= FB_BOWL_BOTH, NULL);
  return bowl_names[bowl];
}

const char *
fb_bowl_to_click_type (FbBowl bowl)
{
  g_return_val_if_fail (bowl <= FB_BOWL_BOTH, NULL);
  return click_types[bowl];
}

gboolean
fb_feed_route_from_string (const char  *text,
                           FbFeedRoute *route)
{
  for (guint i = 0; i < G_N_ELEMENTS (route_names); i++)
    if (g_strcmp0 (text, route_names[i]) == 0)
      {
        *route = i;
        return TRUE;
      }
  return FALSE;
}

const char *
fb_feed_route_to_string (FbFeedRoute route)
{
  g_return_val_if_fail (route <= FB_FEED_ROUTE_MQTT, NULL);
  return route_names[route];
}

static void
fb_feed_command_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  FbFeedCommand *self = FB_FEED_COMMAND (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_RECEIPT:
      g_value_set_string (value, self->receipt);
      break;
    case PROP_REASON:
      g_value_set_string (value, self->reason);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fb_feed_command_finalize (GObject *object)
{
  FbFeedCommand *self = FB_FEED_COMMAND (object);

  g_free (self->id);
  g_free (self->feeder_id);
  g_free (self->receipt);
  g_free (self->reason);

  G_OBJECT_CLASS (fb_feed_command_parent_class)->finalize (object);
}

static void
fb_feed_command_class_init (FbFeedCommandClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = fb_feed_command_get_property;
  object_class->finalize = fb_feed_command_finalize;

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, FB_TYPE_FEED_COMMAND_STATE, FB_FEED_COMMAND_SENDING,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RECEIPT] =
    g_param_spec_string ("receipt", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REASON] =
    g_param_spec_string ("reason", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fb_feed_command_init (FbFeedCommand *self)
{
}

FbFeedCommand *
fb_feed_command_new (const char  *feeder_id,
                     FbBowl       bowl,
                     FbFeedRoute  route)
{
  FbFeedCommand *self = g_object_new (FB_TYPE_FEED_COMMAND, NULL);

  self->id = g_uuid_string_random ();
  self->feeder_id = g_strdup (feeder_id);
  self->bowl = bowl;
  self->route = route;
  self->state = FB_FEED_COMMAND_SENDING;
  self->created_at = g_get_real_time ();
  return self;
}

FbFeedCommand *
fb_feed_command_new_recorded (const char  *id,
                              const char  *feeder_id,
                              FbBowl       bowl,
                              FbFeedRoute  route,
                              gint64       created_at)
{
  FbFeedCommand *self = fb_feed_command_new (feeder_id, bowl, route);

  g_return_val_if_fail (id != NULL, self);

  g_free (self->id);
  self->id = g_strdup (id);
  self->created_at = created_at;
  return self;
}

const char *
fb_feed_command_get_id (FbFeedCommand *self)
{
  g_return_val_if_fail (FB_IS_FEED_COMMAND (self), NULL);
  return self->id;
}

const char *
fb_feed_command_get_feeder_id (FbFeedCommand *self)
{
  g_return_val_if_fail (FB_IS_FEED_COMMAND (self), NULL);
  return self->feeder_id;
}

FbBowl
fb_feed_command_get_bowl (FbFeedCommand *self)
{
  g_return_val_if_fail (FB_IS_FEED_COMMAND (self), FB_BOWL_LEFT);
  return self->bowl;
}

FbFeedRoute
fb_feed_command_get_route (FbFeedCommand *self)
{
  g_return_val_if_fail (FB_IS_FEED_COMMAND (self), FB_FEED_ROUTE_EVENTBRIDGE);
  return self->route;
}

FbFeedCommandState
fb_feed_command_get_state (FbFeedCommand *self)
{
  g_return_val_if_fail (FB_IS_FEED_COMMAND (self), FB_FEED_COMMAND_FAILED);
  return self->state;
}

const char *
fb_feed_command_get_receipt (FbFeedCommand *self)
{
  g_return_val_if_fail (FB_IS_FEED_COMMAND (self), NULL);
  return self->receipt;
}

const char *
fb_feed_command_get_reason (FbFeedCommand *self)
{
  g_return_val_if_fail (FB_IS_FEED_COMMAND (self), NULL);
  return self->reason;
}

gint64
fb_feed_command_get_created_at (FbFeedCommand *self)
{
  g_return_val_if_fail (FB_IS_FEED_COMMAND (self), 0);
  return self->created_at;
}

gint64
fb_feed_command_get_finished_at (FbFeedCommand *self)
{
  g_return_val_if_fail (FB_IS_FEED_COMMAND (self), 0);
  return self->finished_at;
}

static gboolean
finish (FbFeedCommand      *self,
        FbFeedCommandState  state,
        char              **field,
        const char         *text,
        GParamSpec         *pspec)
{
  if (self->state != FB_FEED_COMMAND_SENDING)
    return FALSE;

  self->state = state;
  self->finished_at = g_get_real_time ();
  *field = g_strdup (text);
  g_object_notify_by_pspec (G_OBJECT (self), pspec);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
  return TRUE;
}

gboolean
fb_feed_command_accept (FbFeedCommand *self,
                        const char    *receipt)
{
  g_return_val_if_fail (FB_IS_FEED_COMMAND (self), FALSE);
  return finish (self, FB_FEED_COMMAND_ACCEPTED, &self->receipt, receipt, properties[PROP_RECEIPT]);
}

gboolean
fb_feed_command_fail (FbFeedCommand *self,
                      const char    *reason)
{
  g_return_val_if_fail (FB_IS_FEED_COMMAND (self), FALSE);
  return finish (self, FB_FEED_COMMAND_FAILED, &self->reason, reason, properties[PROP_REASON]);
}

char *
fb_feed_command_build_payload (FbFeedCommand *self)
{
  g_return_val_if_fail (FB_IS_FEED_COMMAND (self), NULL);

  /* Both stay far under the firmware's 200-byte limit. */
  if (self->route == FB_FEED_ROUTE_EVENTBRIDGE)
    return g_strdup_printf ("{\"click-type\": \"%s\"}", fb_bowl_to_click_type (self->bowl));
  return g_strdup_printf ("{\"event\":\"%s\"}", fb_bowl_to_click_type (self->bowl));
}
