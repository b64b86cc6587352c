/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-feeder.c: a feeder's last known state (merged field by field, fb_feeder_state_merge), the
 * feeds seen on the bus and the commands sent from here. */
#define G_LOG_DOMAIN "fb-feeder"

#include "fb-feeder.h"

struct _FbFeeder
{
  GObject        parent_instance;

  char          *id;
  FbFeederState *state;         /* merged: the newest value of each field */
  gint64         last_seen;
  gboolean       stale;
  char          *last_feed;
  gint64         last_feed_at;
  GListStore    *commands;
};

G_DEFINE_FINAL_TYPE (FbFeeder, fb_feeder, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_FOOD_CAPACITY,
  PROP_LAST_SEEN,
  PROP_STALE,
  PROP_LAST_FEED_AT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
fb_feeder_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  FbFeeder *self = FB_FEEDER (object);

  switch (prop_id)
    {
    case PROP_FOOD_CAPACITY:
      g_value_set_int (value, fb_feeder_get_food_capacity (self));
      break;
    case PROP_LAST_SEEN:
      g_value_set_int64 (value, self->last_seen);
      break;
    case PROP_STALE:
      g_value_set_boolean (value, self->stale);
      break;
    case PROP_LAST_FEED_AT:
      g_value_set_int64 (value, self->last_feed_at);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fb_feeder_finalize (GObject *object)
{
  FbFeeder *self = FB_FEEDER (object);

  g_free (self->id);
  g_clear_pointer (&self->state, fb_feeder_state_free);
  g_free (self->last_feed);
  g_clear_object (&self->commands);

  G_OBJECT_CLASS (fb_feeder_parent_class)->finalize (object);
}

static void
fb_feeder_class_init (FbFeederClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = fb_feeder_get_property;
  object_class->finalize = fb_feeder_finalize;

  properties[PROP_FOOD_CAPACITY] =
    g_param_spec_int ("food-capacity", NULL, NULL, -1, 100, -1,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LAST_SEEN] =
    g_param_spec_int64 ("last-seen", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STALE] =
    g_param_spec_boolean ("stale", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LAST_FEED_AT] =
    g_param_spec_int64 ("last-feed-at", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fb_feeder_init (FbFeeder *self)
{
  self->commands = g_list_store_new (FB_TYPE_FEED_COMMAND);
}

FbFeeder *
fb_feeder_new (const char *id)
{
  FbFeeder *self = g_object_new (FB_TYPE_FEEDER, NULL);

  self->id = g_strdup (id);
  return self;
}

const char *
fb_feeder_get_id (FbFeeder *self)
{
  g_return_val_if_fail (FB_IS_FEEDER (self), NULL);
  return self->id;
}

char *
fb_feeder_dup_display_name (FbFeeder *self)
{
  g_autofree char *first = NULL;

  g_return_val_if_fail (FB_IS_FEEDER (self), NULL);

  if (g_str_has_prefix (self->id, "cat-feeder/") || *self->id == '\0')
    return g_strdup ("Cat feeder");

  first = g_utf8_strup (self->id, g_utf8_next_char (self->id) - self->id);
  return g_strconcat (first, g_utf8_next_char (self->id), NULL);
}

int
fb_feeder_get_food_capacity (FbFeeder *self)
{
  g_return_val_if_fail (FB_IS_FEEDER (self), -1);
  return self->state != NULL ? self->state->food_capacity : -1;
}

gint64
fb_feeder_get_last_seen (FbFeeder *self)
{
  g_return_val_if_fail (FB_IS_FEEDER (self), 0);
  return self->last_seen;
}

gboolean
fb_feeder_get_stale (FbFeeder *self)
{
  g_return_val_if_fail (FB_IS_FEEDER (self), FALSE);
  return self->stale;
}

const FbFeederState *
fb_feeder_get_state (FbFeeder *self)
{
  g_return_val_if_fail (FB_IS_FEEDER (self), NULL);
  return self->state;
}

const char *
fb_feeder_get_last_feed (FbFeeder *self)
{
  g_return_val_if_fail (FB_IS_FEEDER (self), NULL);
  return self->last_feed;
}

gint64
fb_feeder_get_last_feed_at (FbFeeder *self)
{
  g_return_val_if_fail (FB_IS_FEEDER (self), 0);
  return self->last_feed_at;
}

GListModel *
fb_feeder_get_commands (FbFeeder *self)
{
  g_return_val_if_fail (FB_IS_FEEDER (self), NULL);
  return G_LIST_MODEL (self->commands);
}

gboolean
fb_feeder_apply_state (FbFeeder            *self,
                       const FbFeederState *state)
{
  int old_food = fb_feeder_get_food_capacity (self);

  g_return_val_if_fail (FB_IS_FEEDER (self), FALSE);

  /* Messages can arrive out of order after a reconnect; an older one changes nothing. */
  if (state->received_at < self->last_seen)
    return FALSE;

  if (self->state == NULL)
    self->state = fb_feeder_state_copy (state);
  else
    fb_feeder_state_merge (self->state, state);

  self->last_seen = state->received_at;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_SEEN]);
  if (old_food != fb_feeder_get_food_capacity (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOOD_CAPACITY]);
  if (self->stale)
    {
      self->stale = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STALE]);
    }
  return TRUE;
}

void
fb_feeder_note_feed (FbFeeder   *self,
                     const char *event,
                     gint64      seen_at)
{
  g_return_if_fail (FB_IS_FEEDER (self));

  if (seen_at < self->last_feed_at)
    return;
  g_free (self->last_feed);
  self->last_feed = g_strdup (event);
  self->last_feed_at = seen_at;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_FEED_AT]);
}

void
fb_feeder_add_command (FbFeeder      *self,
                       FbFeedCommand *command)
{
  guint n;

  g_return_if_fail (FB_IS_FEEDER (self));

  g_list_store_insert (self->commands, 0, command);
  n = g_list_model_get_n_items (G_LIST_MODEL (self->commands));
  if (n > FB_FEEDER_MAX_COMMANDS)
    g_list_store_splice (self->commands, FB_FEEDER_MAX_COMMANDS, n - FB_FEEDER_MAX_COMMANDS, NULL, 0);
}

gboolean
fb_feeder_update_stale (FbFeeder *self,
                        gint64    now,
                        gint64    stale_after)
{
  gboolean stale;

  g_return_val_if_fail (FB_IS_FEEDER (self), FALSE);

  /* Never heard from is its own state (shown as such), not "stale". */
  stale = self->last_seen > 0 && now - self->last_seen > stale_after;
  if (stale == self->stale)
    return FALSE;
  self->stale = stale;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STALE]);
  return TRUE;
}
