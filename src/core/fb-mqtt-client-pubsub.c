/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-mqtt-client-pubsub.c: subscriptions (made again on every connection, refusals in words)
   and publishes (a GTask per message, completed by the broker's acknowledgement). */
#define G_LOG_DOMAIN "fb-mqtt-client"

#include "config.h"

#include <string.h>

#include "fb-mqtt-client-private.h"

/* Connected and every subscription granted: the link works, so the next drop starts the back-off
   from the bottom again (not after some time connected: a broker that restarts every few seconds
   would push the wait up while it is up most of the time). */
static void
set_subscribed (FbMqttClient *self)
{
  self->attempt = 0;
  if (self->subscribed)
    return;
  self->subscribed = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), _fb_mqtt_client_properties[PROP_SUBSCRIBED]);
}

void
_fb_mqtt_client_subscribe_all (FbMqttClient *self)
{
  g_hash_table_remove_all (self->subscribe_tokens);
  self->subscriptions_refused = 0;
  for (guint i = 0; i < self->filters->len; i++)
    {
      MQTTAsync_responseOptions opts = MQTTAsync_responseOptions_initializer;
      int rc;

      opts.context = self->shared;
      if (self->handle_version == 5)
        {
          opts.onSuccess5 = _fb_mqtt_client_on_subscribe_success5;
          opts.onFailure5 = _fb_mqtt_client_on_subscribe_failure5;
        }
      else
        {
          opts.onSuccess = _fb_mqtt_client_on_subscribe_success;
          opts.onFailure = _fb_mqtt_client_on_subscribe_failure;
        }

      _fb_mqtt_client_paho_enter (self->shared);
      rc = MQTTAsync_subscribe (self->handle, g_ptr_array_index (self->filters, i),
                                g_array_index (self->qoses, int, i), &opts);
      _fb_mqtt_client_paho_leave ();
      if (rc != MQTTASYNC_SUCCESS)
        g_warning ("Cannot subscribe to “%s”: %s", (const char *) g_ptr_array_index (self->filters, i),
                   MQTTAsync_strerror (rc));
      else
        /* The answer is dispatched on this thread later, so the token is known by then. */
        g_hash_table_insert (self->subscribe_tokens, GINT_TO_POINTER (opts.token), GUINT_TO_POINTER (i + 1));
    }

  /* Nothing to ask for: nothing can be refused. */
  if (self->filters->len == 0)
    set_subscribed (self);
}

static char *
subscription_refused_words (FbMqttClient *self,
                            const char   *filter,
                            int           code)
{
  const char *words = _fb_mqtt_client_reason_code_words (code, 5);
  gboolean not_authorized = code == 0x87 || code == 0x80 || code == 0;

  if (not_authorized && self->provider != NULL)
    return g_strdup_printf ("Connected, but AWS IoT does not allow subscribing to “%s”: the IoT policy needs "
                            "iot:Subscribe on topicfilter/%s and iot:Receive on the topics under it",
                            filter, filter);
  if (not_authorized)
    return g_strdup_printf ("Connected, but the broker does not allow subscribing to “%s”: its access "
                            "list has to let this user read it", filter);
  return g_strdup_printf ("Connected, but the subscription to “%s” was refused: %s", filter,
                          words != NULL ? words : "no reason given");
}

void
_fb_mqtt_client_handle_suback (FbMqttClient *self,
                               Event        *ev)
{
  gpointer index = NULL;
  const char *filter;

  if (!g_hash_table_steal_extended (self->subscribe_tokens, GINT_TO_POINTER (ev->token), NULL, &index)
      || GPOINTER_TO_UINT (index) > self->filters->len || self->state != FB_MQTT_STATE_CONNECTED)
    return;   /* an answer to an earlier connection */
  filter = g_ptr_array_index (self->filters, GPOINTER_TO_UINT (index) - 1);

  if (ev->kind == EV_SUBSCRIBE_FAILED)
    {
      g_autofree char *why = subscription_refused_words (self, filter, ev->reason_code);

      g_message ("%s", why);
      self->subscriptions_refused++;
      _fb_mqtt_client_set_state (self, FB_MQTT_STATE_CONNECTED, why, 0);
    }

  if (g_hash_table_size (self->subscribe_tokens) == 0 && self->subscriptions_refused == 0)
    set_subscribed (self);
}

void
_fb_mqtt_client_complete_publish (FbMqttClient *self,
                                  Event        *ev)
{
  GTask *task = g_hash_table_lookup (self->publishes, GINT_TO_POINTER (ev->token));

  if (task == NULL)
    return;   /* cancelled meanwhile */

  g_object_ref (task);
  g_hash_table_remove (self->publishes, GINT_TO_POINTER (ev->token));

  if (ev->kind == EV_PUBLISHED)
    g_task_return_boolean (task, TRUE);
  else
    {
      const char *words = _fb_mqtt_client_reason_code_words (ev->reason_code, 5);

      g_task_return_new_error (task, FB_MQTT_ERROR, FB_MQTT_ERROR_PUBLISH_FAILED,
                               "The broker did not take the message: %s",
                               words != NULL ? words : ev->text != NULL ? ev->text : MQTTAsync_strerror (ev->code));
    }
  g_object_unref (task);
}

void
fb_mqtt_client_add_subscription (FbMqttClient *self,
                                 const char   *filter,
                                 int           qos)
{
  g_return_if_fail (FB_IS_MQTT_CLIENT (self));
  g_return_if_fail (filter != NULL && *filter != '\0');

  qos = CLAMP (qos, 0, 1);
  for (guint i = 0; i < self->filters->len; i++)
    if (strcmp (g_ptr_array_index (self->filters, i), filter) == 0)
      return;

  g_ptr_array_add (self->filters, g_strdup (filter));
  g_array_append_val (self->qoses, qos);

  if (self->state == FB_MQTT_STATE_CONNECTED && self->handle != NULL)
    {
      MQTTAsync_responseOptions opts = MQTTAsync_responseOptions_initializer;

      opts.context = self->shared;
      _fb_mqtt_client_paho_enter (self->shared);
      MQTTAsync_subscribe (self->handle, filter, qos, &opts);
      _fb_mqtt_client_paho_leave ();
    }
}

void
fb_mqtt_client_publish_async (FbMqttClient        *self,
                              const char          *topic,
                              GBytes              *payload,
                              int                  qos,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  MQTTAsync_responseOptions opts = MQTTAsync_responseOptions_initializer;
  MQTTAsync_message message = MQTTAsync_message_initializer;
  gsize len = 0;
  int rc;

  g_return_if_fail (FB_IS_MQTT_CLIENT (self));
  g_return_if_fail (topic != NULL);
  g_return_if_fail (payload != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, fb_mqtt_client_publish_async);
  g_task_set_return_on_cancel (task, FALSE);

  if (g_task_return_error_if_cancelled (task))
    return;

  if (self->state != FB_MQTT_STATE_CONNECTED || self->handle == NULL)
    {
      g_task_return_new_error (task, FB_MQTT_ERROR, FB_MQTT_ERROR_NOT_CONNECTED,
                               "Not connected to the broker%s%s",
                               self->state_reason != NULL ? ": " : "",
                               self->state_reason != NULL ? self->state_reason : "");
      return;
    }

  message.payload = (void *) g_bytes_get_data (payload, &len);
  message.payloadlen = (int) len;
  message.qos = CLAMP (qos, 0, 1);
  message.retained = 0;

  opts.context = self->shared;
  if (self->handle_version == 5)
    {
      opts.onSuccess5 = _fb_mqtt_client_on_publish_success5;
      opts.onFailure5 = _fb_mqtt_client_on_publish_failure5;
    }
  else
    {
      opts.onSuccess = _fb_mqtt_client_on_publish_success;
      opts.onFailure = _fb_mqtt_client_on_publish_failure;
    }

  _fb_mqtt_client_paho_enter (self->shared);
  rc = MQTTAsync_sendMessage (self->handle, topic, &message, &opts);
  _fb_mqtt_client_paho_leave ();
  if (rc != MQTTASYNC_SUCCESS)
    {
      g_task_return_new_error (task, FB_MQTT_ERROR, FB_MQTT_ERROR_PUBLISH_FAILED,
                               "Cannot send the message: %s", MQTTAsync_strerror (rc));
      return;
    }

  g_hash_table_insert (self->publishes, GINT_TO_POINTER (opts.token), g_steal_pointer (&task));
}

gboolean
fb_mqtt_client_publish_finish (FbMqttClient  *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
