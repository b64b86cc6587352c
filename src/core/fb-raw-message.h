/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-raw-message.h: one message as it arrived (topic, payload bytes, QoS, retained, time) and
   what Feedboard made of it (its kind, the reason it was refused), as an item of list models: the
   live ring of recent messages and the pages read back from the history. */
#pragma once

#include <gio/gio.h>

#include "fb-ledger.h"
#include "fb-mqtt-message.h"

G_BEGIN_DECLS

#define FB_TYPE_RAW_MESSAGE (fb_raw_message_get_type ())
G_DECLARE_FINAL_TYPE (FbRawMessage, fb_raw_message, FB, RAW_MESSAGE, GObject)

/* @message as received; @reason (nullable) why Feedboard refused it. */
FbRawMessage *fb_raw_message_new            (const FbMqttMessage *message,
                                             FbLedgerKind         kind,
                                             const char          *reason);
/* A message read back from the ledger: QoS and retained are not recorded there (-1). */
FbRawMessage *fb_raw_message_new_recorded   (gint64               seq,
                                             FbLedgerKind         kind,
                                             const char          *topic,
                                             GBytes              *payload,
                                             gint64               received_at,
                                             const char          *reason);
/* The topic as received: not necessarily UTF-8 (escape it with fb_message_text_escape). */
const char   *fb_raw_message_get_topic      (FbRawMessage        *self);
GBytes       *fb_raw_message_get_payload    (FbRawMessage        *self);
gint64        fb_raw_message_get_received_at (FbRawMessage       *self);
/* 0–2, or -1 when not known. */
int           fb_raw_message_get_qos        (FbRawMessage        *self);
/* TRUE/FALSE as an int, or -1 when not known. */
int           fb_raw_message_get_retained   (FbRawMessage        *self);
/* The ledger's sequence number; 0 for a live message. */
gint64        fb_raw_message_get_seq        (FbRawMessage        *self);
FbLedgerKind  fb_raw_message_get_kind       (FbRawMessage        *self);
/* Why it was refused, in words; NULL when it was not. */
const char   *fb_raw_message_get_reason     (FbRawMessage        *self);
/* Bytes held for it (topic and payload), for the ring's budget. */
gsize         fb_raw_message_get_size       (FbRawMessage        *self);
/* ASCII case-insensitive: whether the topic holds @topic_part and the topic or payload @text
   (NULL or "" matches all). */
gboolean      fb_raw_message_matches        (FbRawMessage        *self,
                                             const char          *topic_part,
                                             const char          *text);

G_END_DECLS
