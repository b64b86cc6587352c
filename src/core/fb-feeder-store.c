/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-feeder-store.c: feeders in the order they became known. There are few, so a GPtrArray and a
 * linear lookup are enough; a hostile stream of invented device_locations is capped. */
#define G_LOG_DOMAIN "fb-feeder-store"

#include <string.h>

#include "fb-feeder-store.h"

#define STALE_CHECK_SECONDS 5

struct _FbFeederStore
{
  GObject    parent_instance;

  GPtrArray *feeders;
  guint      stale_after;
  guint      stale_timer;
  gint64     frozen_at;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FbFeederStore, fb_feeder_store, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
get_item_type (GListModel *model)
{
  return FB_TYPE_FEEDER;
}

static guint
get_n_items (GListModel *model)
{
  return FB_FEEDER_STORE (model)->feeders->len;
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  FbFeederStore *self = FB_FEEDER_STORE (model);

  if (position >= self->feeders->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->feeders, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

FbFeeder *
fb_feeder_store_lookup (FbFeederStore *self,
                        const char    *feeder_id)
{
  g_return_val_if_fail (FB_IS_FEEDER_STORE (self), NULL);

  for (guint i = 0; i < self->feeders->len; i++)
    {
      FbFeeder *feeder = g_ptr_array_index (self->feeders, i);

      if (g_strcmp0 (fb_feeder_get_id (feeder), feeder_id) == 0)
        return feeder;
    }
  return NULL;
}

FbFeeder *
fb_feeder_store_ensure (FbFeederStore *self,
                        const char    *feeder_id)
{
  FbFeeder *feeder;

  g_return_val_if_fail (FB_IS_FEEDER_STORE (self), NULL);

  feeder = fb_feeder_store_lookup (self, feeder_id);
  if (feeder != NULL)
    return feeder;
  if (self->feeders->len >= FB_FEEDER_STORE_MAX_FEEDERS)
    return NULL;

  feeder = fb_feeder_new (feeder_id);
  g_ptr_array_add (self->feeders, feeder);
  g_list_model_items_changed (G_LIST_MODEL (self), self->feeders->len - 1, 0, 1);
  return feeder;
}

gboolean
fb_feeder_store_apply_state (FbFeederStore       *self,
                             const FbFeederState *state)
{
  FbFeeder *feeder;

  g_return_val_if_fail (FB_IS_FEEDER_STORE (self), FALSE);

  feeder = fb_feeder_store_ensure (self, state->feeder_id);
  return feeder != NULL && fb_feeder_apply_state (feeder, state);
}

gboolean
fb_feeder_store_apply_event (FbFeederStore         *self,
                             const FbInboundEvent  *event,
                             GError               **error)
{
  g_return_val_if_fail (FB_IS_FEEDER_STORE (self), FALSE);

  switch (event->kind)
    {
    case FB_INBOUND_FEED_ACTION:
      /* The action topic reaches every feeder; each one saw this feed. */
      for (guint i = 0; i < self->feeders->len; i++)
        fb_feeder_note_feed (g_ptr_array_index (self->feeders, i), event->feed_event, event->received_at);
      return TRUE;

    case FB_INBOUND_FEEDER_STATE:
      if (fb_feeder_store_lookup (self, event->feeder_state->feeder_id) == NULL
          && self->feeders->len >= FB_FEEDER_STORE_MAX_FEEDERS)
        {
          g_set_error (error, FB_DECODE_ERROR, FB_DECODE_ERROR_INVALID_VALUE,
                       "Ignored feeder “%s”: more than %d feeders", event->feeder_state->feeder_id,
                       FB_FEEDER_STORE_MAX_FEEDERS);
          return FALSE;
        }
      fb_feeder_store_apply_state (self, event->feeder_state);
      return TRUE;

    case FB_INBOUND_REFUSED:
      g_propagate_error (error, g_error_copy (event->error));
      return FALSE;

    case FB_INBOUND_ORDER:
    case FB_INBOUND_NOT_OURS:
    default:
      g_set_error (error, FB_DECODE_ERROR, FB_DECODE_ERROR_INVALID_VALUE,
                   "“%s” is not a feeder topic", event->topic);
      return FALSE;
    }
}

void
fb_feeder_store_clear (FbFeederStore *self)
{
  guint n;

  g_return_if_fail (FB_IS_FEEDER_STORE (self));

  n = self->feeders->len;
  g_ptr_array_set_size (self->feeders, 0);
  if (n > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, n, 0);
}

void
fb_feeder_store_add_command (FbFeederStore *self,
                             FbFeedCommand *command)
{
  FbFeeder *feeder;

  g_return_if_fail (FB_IS_FEEDER_STORE (self));

  feeder = fb_feeder_store_ensure (self, fb_feed_command_get_feeder_id (command));
  if (feeder != NULL)
    fb_feeder_add_command (feeder, command);
}

void
fb_feeder_store_update_stale (FbFeederStore *self,
                              gint64         now)
{
  g_return_if_fail (FB_IS_FEEDER_STORE (self));

  for (guint i = 0; i < self->feeders->len; i++)
    fb_feeder_update_stale (g_ptr_array_index (self->feeders, i), now,
                            (gint64) self->stale_after * G_USEC_PER_SEC);
}

void
fb_feeder_store_freeze (FbFeederStore *self,
                        gint64         at)
{
  g_return_if_fail (FB_IS_FEEDER_STORE (self));
  g_return_if_fail (at > 0);

  g_clear_handle_id (&self->stale_timer, g_source_remove);
  self->frozen_at = at;
  fb_feeder_store_update_stale (self, at);
}

gint64
fb_feeder_store_get_frozen_at (FbFeederStore *self)
{
  g_return_val_if_fail (FB_IS_FEEDER_STORE (self), 0);
  return self->frozen_at;
}

static gboolean
stale_timer_cb (gpointer user_data)
{
  fb_feeder_store_update_stale (user_data, g_get_real_time ());
  return G_SOURCE_CONTINUE;
}

void
fb_feeder_store_set_stale_after (FbFeederStore *self,
                                 guint          seconds)
{
  g_return_if_fail (FB_IS_FEEDER_STORE (self));

  self->stale_after = MAX (seconds, 1);
  fb_feeder_store_update_stale (self, self->frozen_at > 0 ? self->frozen_at : g_get_real_time ());
}

guint
fb_feeder_store_get_stale_after (FbFeederStore *self)
{
  g_return_val_if_fail (FB_IS_FEEDER_STORE (self), 0);
  return self->stale_after;
}

static void
fb_feeder_store_dispose (GObject *object)
{
  FbFeederStore *self = FB_FEEDER_STORE (object);

  g_clear_handle_id (&self->stale_timer, g_source_remove);

  G_OBJECT_CLASS (fb_feeder_store_parent_class)->dispose (object);
}

static void
fb_feeder_store_finalize (GObject *object)
{
  FbFeederStore *self = FB_FEEDER_STORE (object);

  g_ptr_array_unref (self->feeders);

  G_OBJECT_CLASS (fb_feeder_store_parent_class)->finalize (object);
}

static void
fb_feeder_store_class_init (FbFeederStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = fb_feeder_store_dispose;
  G_OBJECT_CLASS (klass)->finalize = fb_feeder_store_finalize;
}

static void
fb_feeder_store_init (FbFeederStore *self)
{
  self->feeders = g_ptr_array_new_with_free_func (g_object_unref);
  self->stale_after = FB_FEEDER_DEFAULT_STALE_SECS;
  self->stale_timer = g_timeout_add_seconds (STALE_CHECK_SECONDS, stale_timer_cb, self);
}

FbFeederStore *
fb_feeder_store_new (void)
{
  return g_object_new (FB_TYPE_FEEDER_STORE, NULL);
}

