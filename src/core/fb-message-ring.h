/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-message-ring.h: the most recent messages received, newest first, as a GListModel of
   FbRawMessage, bounded by a count and a byte budget: the Messages view shows it and the order
   and feeder details look a message up in it before asking the history. */
#pragma once

#include <gio/gio.h>

#include "fb-raw-message.h"

G_BEGIN_DECLS

#define FB_MESSAGE_RING_DEFAULT_MESSAGES 5000
#define FB_MESSAGE_RING_DEFAULT_BYTES    (4 * 1024 * 1024)

#define FB_TYPE_MESSAGE_RING (fb_message_ring_get_type ())
G_DECLARE_FINAL_TYPE (FbMessageRing, fb_message_ring, FB, MESSAGE_RING, GObject)

FbMessageRing *fb_message_ring_new        (guint           max_messages,
                                           gsize           max_bytes);
/* Adds @messages (FbRawMessage, oldest first, as received) in one step: at most one
   items-changed for what falls off the end and one for what comes in at the top. */
void           fb_message_ring_push_batch (FbMessageRing  *self,
                                           GPtrArray      *messages);
void           fb_message_ring_clear      (FbMessageRing  *self);
/* The bytes held (FbRawMessage sizes). */
gsize          fb_message_ring_get_bytes  (FbMessageRing  *self);
/* Every message pushed since the ring was made, and how many fell off (or were cleared). */
guint64        fb_message_ring_get_n_pushed  (FbMessageRing *self);

typedef gboolean (*FbRawMessageMatch) (FbRawMessage *message,
                                       gpointer      user_data);
/* The newest message on @topic received at @received_at for which @match (nullable) says yes;
   NULL when the ring no longer holds it. Transfer none. */
FbRawMessage  *fb_message_ring_find       (FbMessageRing     *self,
                                           const char        *topic,
                                           gint64             received_at,
                                           FbRawMessageMatch  match,
                                           gpointer           user_data);

G_END_DECLS
