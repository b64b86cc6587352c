/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-raw-message.c: a message as it arrived and what Feedboard made of it; immutable. */
#define G_LOG_DOMAIN "fb-raw-message"

#include <string.h>

#include "fb-raw-message.h"

struct _FbRawMessage
{
  GObject       parent_instance;

  char         *topic;
  GBytes       *payload;
  char         *reason;
  gint64        received_at;
  gint64        seq;
  FbLedgerKind  kind;
  gint8         qos;
  gint8         retained;
};

G_DEFINE_FINAL_TYPE (FbRawMessage, fb_raw_message, G_TYPE_OBJECT)

static void
fb_raw_message_finalize (GObject *object)
{
  FbRawMessage *self = FB_RAW_MESSAGE (object);

  g_free (self->topic);
  g_clear_pointer (&self->payload, g_bytes_unref);
  g_free (self->reason);

  G_OBJECT_CLASS (fb_raw_message_parent_class)->finalize (object);
}

static void
fb_raw_message_class_init (FbRawMessageClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = fb_raw_message_finalize;
}

static void
fb_raw_message_init (FbRawMessage *self)
{
  self->qos = -1;
  self->retained = -1;
}

FbRawMessage *
fb_raw_message_new_recorded (gint64        seq,
                             FbLedgerKind  kind,
                             const char   *topic,
                             GBytes       *payload,
                             gint64        received_at,
                             const char   *reason)
{
  FbRawMessage *self = g_object_new (FB_TYPE_RAW_MESSAGE, NULL);

  self->seq = seq;
  self->kind = kind;
  self->topic = g_strdup (topic != NULL ? topic : "");
  self->payload = payload != NULL ? g_bytes_ref (payload) : g_bytes_new_static ("", 0);
  self->received_at = received_at;
  self->reason = g_strdup (reason);
  return self;
}

FbRawMessage *
fb_raw_message_new (const FbMqttMessage *message,
                    FbLedgerKind         kind,
                    const char          *reason)
{
  FbRawMessage *self;

  g_return_val_if_fail (message != NULL, NULL);

  self = fb_raw_message_new_recorded (0, kind, message->topic, message->payload, message->received_at, reason);
  self->qos = CLAMP (message->qos, 0, 2);
  self->retained = message->retained ? 1 : 0;
  return self;
}

const char *
fb_raw_message_get_topic (FbRawMessage *self)
{
  g_return_val_if_fail (FB_IS_RAW_MESSAGE (self), NULL);
  return self->topic;
}

GBytes *
fb_raw_message_get_payload (FbRawMessage *self)
{
  g_return_val_if_fail (FB_IS_RAW_MESSAGE (self), NULL);
  return self->payload;
}

gint64
fb_raw_message_get_received_at (FbRawMessage *self)
{
  g_return_val_if_fail (FB_IS_RAW_MESSAGE (self), 0);
  return self->received_at;
}

int
fb_raw_message_get_qos (FbRawMessage *self)
{
  g_return_val_if_fail (FB_IS_RAW_MESSAGE (self), -1);
  return self->qos;
}

int
fb_raw_message_get_retained (FbRawMessage *self)
{
  g_return_val_if_fail (FB_IS_RAW_MESSAGE (self), -1);
  return self->retained;
}

gint64
fb_raw_message_get_seq (FbRawMessage *self)
{
  g_return_val_if_fail (FB_IS_RAW_MESSAGE (self), 0);
  return self->seq;
}

FbLedgerKind
fb_raw_message_get_kind (FbRawMessage *self)
{
  g_return_val_if_fail (FB_IS_RAW_MESSAGE (self), FB_LEDGER_KIND_OTHER);
  return self->kind;
}

const char *
fb_raw_message_get_reason (FbRawMessage *self)
{
  g_return_val_if_fail (FB_IS_RAW_MESSAGE (self), NULL);
  return self->reason;
}

gsize
fb_raw_message_get_size (FbRawMessage *self)
{
  g_return_val_if_fail (FB_IS_RAW_MESSAGE (self), 0);
  return sizeof *self + strlen (self->topic) + g_bytes_get_size (self->payload)
         + (self->reason != NULL ? strlen (self->reason) : 0);
}

/* memmem, ignoring ASCII case: @needle is short, and this runs over at most the ring. */
static gboolean
contains_ascii_nocase (const char *haystack,
                       gsize       len,
                       const char *needle)
{
  gsize n = strlen (needle);

  if (n == 0)
    return TRUE;
  for (gsize i = 0; i + n <= len; i++)
    if (g_ascii_tolower (haystack[i]) == g_ascii_tolower (needle[0])
        && g_ascii_strncasecmp (haystack + i, needle, n) == 0)
      return TRUE;
  return FALSE;
}

gboolean
fb_raw_message_matches (FbRawMessage *self,
                        const char   *topic_part,
                        const char   *text)
{
  gsize len;
  const char *data;

  g_return_val_if_fail (FB_IS_RAW_MESSAGE (self), FALSE);

  if (topic_part != NULL && !contains_ascii_nocase (self->topic, strlen (self->topic), topic_part))
    return FALSE;
  if (text == NULL || *text == '\0')
    return TRUE;
  data = g_bytes_get_data (self->payload, &len);
  return contains_ascii_nocase (self->topic, strlen (self->topic), text)
         || (data != NULL && contains_ascii_nocase (data, len, text))
         || (self->reason != NULL && contains_ascii_nocase (self->reason, strlen (self->reason), text));
}
