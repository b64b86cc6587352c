/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-mqtt-client.h: an MQTT connection that keeps itself alive (Paho MQTTAsync underneath). */
#pragma once

#include <gio/gio.h>

#include "fb-credentials-provider.h"
#include "fb-mqtt-message.h"

G_BEGIN_DECLS

#define FB_TYPE_MQTT_CLIENT  (fb_mqtt_client_get_type ())
#define FB_TYPE_MQTT_STATE   (fb_mqtt_state_get_type ())
#define FB_MQTT_ERROR        (fb_mqtt_error_quark ())

typedef enum
{
  FB_MQTT_STATE_DISCONNECTED,
  FB_MQTT_STATE_CONNECTING,
  FB_MQTT_STATE_CONNECTED,
  FB_MQTT_STATE_RECONNECTING,
  FB_MQTT_STATE_FAILED,
} FbMqttState;

typedef enum
{
  FB_MQTT_ERROR_INVALID_URL,
  FB_MQTT_ERROR_NOT_CONNECTED,
  FB_MQTT_ERROR_PUBLISH_FAILED,
  FB_MQTT_ERROR_CONNECTION_LOST,
} FbMqttError;

G_DECLARE_FINAL_TYPE (FbMqttClient, fb_mqtt_client, FB, MQTT_CLIENT, GObject)

GType          fb_mqtt_state_get_type          (void) G_GNUC_CONST;
GQuark         fb_mqtt_error_quark             (void);

FbMqttClient  *fb_mqtt_client_new_for_broker   (const char            *url,
                                                const char            *client_id,
                                                GError               **error);
FbMqttClient  *fb_mqtt_client_new_for_aws_iot  (const char            *endpoint,
                                                const char            *region,
                                                FbCredentialsProvider *provider,
                                                const char            *client_id,
                                                GError               **error);
void           fb_mqtt_client_set_login        (FbMqttClient *self,
                                                const char   *username,
                                                const char   *password);
void           fb_mqtt_client_set_ca_file      (FbMqttClient *self,
                                                const char   *ca_file);
void           fb_mqtt_client_add_subscription (FbMqttClient *self,
                                                const char   *filter,
                                                int           qos);
void           fb_mqtt_client_start            (FbMqttClient *self);
void           fb_mqtt_client_stop             (FbMqttClient *self);
/* Reconnect Now (the app's win.reconnect, SIGUSR1 to feedboard-cli watch): while waiting for the
   next attempt (or after giving up), attempt at once, the back-off counted from the bottom again.
   FALSE (and nothing done) while connected or connecting. */
gboolean       fb_mqtt_client_reconnect_now    (FbMqttClient *self);
FbMqttState    fb_mqtt_client_get_state        (FbMqttClient *self);
const char    *fb_mqtt_client_get_state_reason (FbMqttClient *self);
/* TRUE once the broker granted every subscription of the current connection ("subscribed"). */
gboolean       fb_mqtt_client_get_subscribed   (FbMqttClient *self);
gint64         fb_mqtt_client_get_retry_at     (FbMqttClient *self);
const char    *fb_mqtt_client_get_client_id    (FbMqttClient *self);
char          *fb_mqtt_client_describe_server  (FbMqttClient *self);
/* AWS IoT mode: the credentials it signs with (for other AWS calls of the same connection). */
FbCredentialsProvider *fb_mqtt_client_get_credentials_provider (FbMqttClient *self);
/* AWS IoT mode: the region; NULL for a plain broker. */
const char    *fb_mqtt_client_get_region       (FbMqttClient *self);
void           fb_mqtt_client_publish_async    (FbMqttClient        *self,
                                                const char          *topic,
                                                GBytes              *payload,
                                                int                  qos,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
gboolean       fb_mqtt_client_publish_finish   (FbMqttClient  *self,
                                                GAsyncResult  *result,
                                                GError       **error);

char          *fb_mqtt_installation_client_id  (void);
guint          fb_mqtt_backoff_delay_ms        (guint attempt,
                                                double random_unit);


G_END_DECLS
