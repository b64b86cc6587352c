/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-message-ring.c: a circular array of the newest messages. Position 0 of the model is the
 * newest; a batch costs its own length, whatever the ring holds. */
#define G_LOG_DOMAIN "fb-message-ring"

#include "fb-message-ring.h"

struct _FbMessageRing
{
  GObject        parent_instance;

  FbRawMessage **slots;       /* capacity entries; the oldest at head, n in use */
  guint          capacity;
  guint          head;
  guint          n;
  gsize          bytes;
  gsize          max_bytes;
  guint64        n_pushed;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FbMessageRing, fb_message_ring, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

/* The message at model position @position (0 = newest). */
static FbRawMessage *
slot_at (FbMessageRing *self,
         guint          position)
{
  return self->slots[(self->head + self->n - 1 - position) % self->capacity];
}

static GType
get_item_type (GListModel *model)
{
  return FB_TYPE_RAW_MESSAGE;
}

static guint
get_n_items (GListModel *model)
{
  return FB_MESSAGE_RING (model)->n;
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  FbMessageRing *self = FB_MESSAGE_RING (model);

  if (position >= self->n)
    return NULL;
  return g_object_ref (slot_at (self, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

/* Drops the oldest message, without telling the model's watchers. */
static void
drop_oldest (FbMessageRing *self)
{
  FbRawMessage *oldest = self->slots[self->head];

  self->bytes -= fb_raw_message_get_size (oldest);
  g_object_unref (oldest);
  self->slots[self->head] = NULL;
  self->head = (self->head + 1) % self->capacity;
  self->n--;
}

void
fb_message_ring_push_batch (FbMessageRing *self,
                            GPtrArray     *messages)
{
  guint first, n_before;
  gsize new_bytes = 0;

  g_return_if_fail (FB_IS_MESSAGE_RING (self));

  if (messages == NULL || messages->len == 0)
    return;

  self->n_pushed += messages->len;
  /* Only the newest of a batch larger than the ring can stay, within the budget (but the newest
     message always stays). */
  first = messages->len > self->capacity ? messages->len - self->capacity : 0;
  for (guint i = first; i < messages->len; i++)
    new_bytes += fb_raw_message_get_size (g_ptr_array_index (messages, i));
  while (new_bytes > self->max_bytes && first + 1 < messages->len)
    new_bytes -= fb_raw_message_get_size (g_ptr_array_index (messages, first++));

  /* Two steps, each announced when the model is in the state it announces: the oldest go from
     the end, then the batch comes in at the top. */
  n_before = self->n;
  while (self->n > 0 && (self->n + (messages->len - first) > self->capacity
                         || self->bytes + new_bytes > self->max_bytes))
    drop_oldest (self);
  if (self->n < n_before)
    g_list_model_items_changed (G_LIST_MODEL (self), self->n, n_before - self->n, 0);

  for (guint i = first; i < messages->len; i++)
    {
      FbRawMessage *message = g_ptr_array_index (messages, i);

      self->slots[(self->head + self->n) % self->capacity] = g_object_ref (message);
      self->n++;
    }
  self->bytes += new_bytes;
  g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, messages->len - first);
}

void
fb_message_ring_clear (FbMessageRing *self)
{
  guint n;

  g_return_if_fail (FB_IS_MESSAGE_RING (self));

  n = self->n;
  while (self->n > 0)
    drop_oldest (self);
  self->head = 0;
  if (n > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, n, 0);
}

gsize
fb_message_ring_get_bytes (FbMessageRing *self)
{
  g_return_val_if_fail (FB_IS_MESSAGE_RING (self), 0);
  return self->bytes;
}

guint64
fb_message_ring_get_n_pushed (FbMessageRing *self)
{
  g_return_val_if_fail (FB_IS_MESSAGE_RING (self), 0);
  return self->n_pushed;
}

FbRawMessage *
fb_message_ring_find (FbMessageRing     *self,
                      const char        *topic,
                      gint64             received_at,
                      FbRawMessageMatch  match,
                      gpointer           user_data)
{
  g_return_val_if_fail (FB_IS_MESSAGE_RING (self), NULL);

  for (guint i = 0; i < self->n; i++)
    {
      FbRawMessage *message = slot_at (self, i);
      gint64 at = fb_raw_message_get_received_at (message);

      /* No early stop on older times: the clock may have been set back meanwhile. */
      if (at == received_at && g_strcmp0 (fb_raw_message_get_topic (message), topic) == 0
          && (match == NULL || match (message, user_data)))
        return message;
    }
  return NULL;
}

static void
fb_message_ring_finalize (GObject *object)
{
  FbMessageRing *self = FB_MESSAGE_RING (object);

  while (self->n > 0)
    drop_oldest (self);
  g_free (self->slots);

  G_OBJECT_CLASS (fb_message_ring_parent_class)->finalize (object);
}

static void
fb_message_ring_class_init (FbMessageRingClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = fb_message_ring_finalize;
}

static void
fb_message_ring_init (FbMessageRing *self)
{
}

FbMessageRing *
fb_message_ring_new (guint max_messages,
                     gsize max_bytes)
{
  FbMessageRing *self = g_object_new (FB_TYPE_MESSAGE_RING, NULL);

  self->capacity = MAX (max_messages, 1);
  self->max_bytes = max_bytes;
  self->slots = g_new0 (FbRawMessage *, self->capacity);
  return self;
}
