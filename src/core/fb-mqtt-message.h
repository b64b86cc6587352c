/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-mqtt-message.h: one MQTT message as received — topic, payload, time — shared by the
   transport, the stores that decode it and the ledger that records it. */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define FB_TYPE_MQTT_MESSAGE (fb_mqtt_message_get_type ())

typedef struct
{
  char   *topic;
  GBytes *payload;
  gint64  received_at;   /* g_get_real_time () */
  int     qos;
  gboolean retained;
} FbMqttMessage;

/* Messages larger than this are dropped by the transport (with a warning), never queued. */
#define FB_MQTT_MAX_MESSAGE_SIZE (256 * 1024)

GType          fb_mqtt_message_get_type (void) G_GNUC_CONST;
FbMqttMessage *fb_mqtt_message_copy     (const FbMqttMessage *message);
void           fb_mqtt_message_free     (FbMqttMessage       *message);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FbMqttMessage, fb_mqtt_message_free)

G_END_DECLS
