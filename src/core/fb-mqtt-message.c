/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-mqtt-message.c: an MQTT message as received, as a boxed type. */
#define G_LOG_DOMAIN "fb-mqtt-message"

#include "fb-mqtt-message.h"

G_DEFINE_BOXED_TYPE (FbMqttMessage, fb_mqtt_message, fb_mqtt_message_copy, fb_mqtt_message_free)

FbMqttMessage *
fb_mqtt_message_copy (const FbMqttMessage *message)
{
  FbMqttMessage *copy = g_new0 (FbMqttMessage, 1);

  copy->topic = g_strdup (message->topic);
  copy->payload = message->payload != NULL ? g_bytes_ref (message->payload) : NULL;
  copy->received_at = message->received_at;
  copy->qos = message->qos;
  copy->retained = message->retained;
  return copy;
}

void
fb_mqtt_message_free (FbMqttMessage *message)
{
  if (message == NULL)
    return;

  g_free (message->topic);
  g_clear_pointer (&message->payload, g_bytes_unref);
  g_free (message);
}
