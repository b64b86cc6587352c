/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-mqtt-client.c: a self-healing MQTT connection over Paho MQTTAsync.
 *
 * Paho calls back on its own threads. Those callbacks only copy what they got into a
 * queue guarded by a mutex and wake the owning GMainContext once; every GObject is touched
 * on that context only. Reconnecting is ours, not Paho's, because every attempt to AWS IoT
 * needs freshly loaded credentials and a freshly presigned URL, and because the state a
 * person sees must say what is going on (connecting, reconnecting in N s, why).
 *
 * This file has the public API and the object's life; the bridge from Paho's threads is in
 * fb-mqtt-client-paho.c, connecting and back-off in fb-mqtt-client-connect.c, subscriptions and
 * publishes in fb-mqtt-client-pubsub.c. */
#define G_LOG_DOMAIN "fb-mqtt-client"

#include "config.h"

#include <string.h>

#include "fb-iot-presign.h"
#include "fb-mqtt-client-private.h"
#include "fb-redact.h"

G_DEFINE_FINAL_TYPE (FbMqttClient, fb_mqtt_client, G_TYPE_OBJECT)
G_DEFINE_ENUM_TYPE (FbMqttState, fb_mqtt_state,
  G_DEFINE_ENUM_VALUE (FB_MQTT_STATE_DISCONNECTED, "disconnected"),
  G_DEFINE_ENUM_VALUE (FB_MQTT_STATE_CONNECTING, "connecting"),
  G_DEFINE_ENUM_VALUE (FB_MQTT_STATE_CONNECTED, "connected"),
  G_DEFINE_ENUM_VALUE (FB_MQTT_STATE_RECONNECTING, "reconnecting"),
  G_DEFINE_ENUM_VALUE (FB_MQTT_STATE_FAILED, "failed"))
G_DEFINE_QUARK (fb-mqtt-error-quark, fb_mqtt_error)

GParamSpec *_fb_mqtt_client_properties[N_PROPS];
guint _fb_mqtt_client_signals[N_SIGNALS];

/* --- Public API --------------------------------------------------------------------- */

void
fb_mqtt_client_start (FbMqttClient *self)
{
  g_return_if_fail (FB_IS_MQTT_CLIENT (self));

  if (self->running)
    return;

  self->running = TRUE;
  self->attempt = 0;
  _fb_mqtt_client_begin_attempt (self);
}

void
fb_mqtt_client_stop (FbMqttClient *self)
{
  g_return_if_fail (FB_IS_MQTT_CLIENT (self));

  self->running = FALSE;
  g_clear_handle_id (&self->retry_source, g_source_remove);
  g_cancellable_cancel (self->credentials_cancellable);
  _fb_mqtt_client_fail_pending_publishes (self, "The connection was closed");
  _fb_mqtt_client_shared_no_wait (self->shared);

  _fb_mqtt_client_paho_enter (self->shared);
  if (self->handle != NULL && MQTTAsync_isConnected (self->handle))
    {
      MQTTAsync_disconnectOptions opts = MQTTAsync_disconnectOptions_initializer;

      opts.timeout = 500;
      MQTTAsync_disconnect (self->handle, &opts);
    }
  _fb_mqtt_client_paho_leave ();

  _fb_mqtt_client_set_state (self, FB_MQTT_STATE_DISCONNECTED, NULL, 0);
}

gboolean
fb_mqtt_client_reconnect_now (FbMqttClient *self)
{
  g_return_val_if_fail (FB_IS_MQTT_CLIENT (self), FALSE);

  /* Waiting for the next attempt, or given up: try at once, counting from the bottom again (the
     person asking may just have fixed what was wrong). Connected or connecting: nothing to do. */
  if ((self->state == FB_MQTT_STATE_RECONNECTING && self->running) || self->state == FB_MQTT_STATE_FAILED)
    {
      g_debug ("Reconnecting now, as asked");
      self->running = TRUE;
      self->attempt = 0;
      _fb_mqtt_client_begin_attempt (self);
      return TRUE;
    }
  return FALSE;
}

void
fb_mqtt_client_set_login (FbMqttClient *self,
                          const char   *username,
                          const char   *password)
{
  g_return_if_fail (FB_IS_MQTT_CLIENT (self));

  g_free (self->username);
  self->username = g_strdup (username);
  g_clear_pointer (&self->password, g_free);
  self->password = g_strdup (password);
}

void
fb_mqtt_client_set_ca_file (FbMqttClient *self,
                            const char   *ca_file)
{
  g_return_if_fail (FB_IS_MQTT_CLIENT (self));

  g_free (self->ca_file);
  self->ca_file = g_strdup (ca_file);
}

FbMqttState
fb_mqtt_client_get_state (FbMqttClient *self)
{
  g_return_val_if_fail (FB_IS_MQTT_CLIENT (self), FB_MQTT_STATE_DISCONNECTED);
  return self->state;
}

gboolean
fb_mqtt_client_get_subscribed (FbMqttClient *self)
{
  g_return_val_if_fail (FB_IS_MQTT_CLIENT (self), FALSE);
  return self->subscribed;
}

const char *
fb_mqtt_client_get_state_reason (FbMqttClient *self)
{
  g_return_val_if_fail (FB_IS_MQTT_CLIENT (self), NULL);
  return self->state_reason;
}

gint64
fb_mqtt_client_get_retry_at (FbMqttClient *self)
{
  g_return_val_if_fail (FB_IS_MQTT_CLIENT (self), 0);
  return self->retry_at;
}

const char *
fb_mqtt_client_get_client_id (FbMqttClient *self)
{
  g_return_val_if_fail (FB_IS_MQTT_CLIENT (self), NULL);
  return self->client_id;
}

char *
fb_mqtt_client_describe_server (FbMqttClient *self)
{
  g_return_val_if_fail (FB_IS_MQTT_CLIENT (self), NULL);

  if (self->provider != NULL)
    return g_strdup_printf ("AWS IoT %s (%s)", self->endpoint, self->region);
  return fb_redact_url (self->broker_url);
}

FbCredentialsProvider *
fb_mqtt_client_get_credentials_provider (FbMqttClient *self)
{
  g_return_val_if_fail (FB_IS_MQTT_CLIENT (self), NULL);
  return self->provider;
}

const char *
fb_mqtt_client_get_region (FbMqttClient *self)
{
  g_return_val_if_fail (FB_IS_MQTT_CLIENT (self), NULL);
  return self->provider != NULL ? self->region : NULL;
}

/* --- Construction --------------------------------------------------------------------- */

char *
fb_mqtt_installation_client_id (void)
{
  g_autofree char *dir = g_build_filename (g_get_user_state_dir (), "feedboard", NULL);
  g_autofree char *path = g_build_filename (dir, "client-id", NULL);
  g_autofree char *stored = NULL;
  g_autofree char *fresh = NULL;
  g_autofree char *uuid = NULL;

  if (g_file_get_contents (path, &stored, NULL, NULL))
    {
      g_strstrip (stored);
      if (g_str_has_prefix (stored, "feedboard-") && strlen (stored) <= 64)
        return g_steal_pointer (&stored);
    }

  uuid = g_uuid_string_random ();
  fresh = g_strdup_printf ("feedboard-%s", uuid);
  g_mkdir_with_parents (dir, 0700);
  if (!g_file_set_contents_full (path, fresh, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, NULL))
    g_debug ("Cannot keep the client id in %s", path);
  return g_steal_pointer (&fresh);
}

static char *
make_client_id (const char *client_id)
{
  g_autofree char *installation = NULL;

  if (client_id != NULL && *client_id != '\0')
    return g_strndup (client_id, 128);

  /* One installation may run the app and the CLI at once: a broker drops the older of two
   * connections with the same id, so each connection gets a short suffix of its own. */
  installation = fb_mqtt_installation_client_id ();
  return g_strdup_printf ("%s-%06x", installation, g_random_int_range (0, 0xffffff));
}

static FbMqttClient *
client_new (const char *client_id)
{
  FbMqttClient *self = g_object_new (FB_TYPE_MQTT_CLIENT, NULL);

  self->client_id = make_client_id (client_id);
  return self;
}

FbMqttClient *
fb_mqtt_client_new_for_broker (const char  *url,
                               const char  *client_id,
                               GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  g_autoptr(FbMqttClient) self = NULL;
  const char *scheme;
  const char *paho_scheme;
  const char *path;
  int port;
  g_autofree char *host = NULL;

  g_return_val_if_fail (url != NULL, NULL);

  uri = g_uri_parse (url, G_URI_FLAGS_HAS_PASSWORD | G_URI_FLAGS_ENCODED, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    {
      g_autofree char *shown = fb_redact_url (url);
      g_set_error (error, FB_MQTT_ERROR, FB_MQTT_ERROR_INVALID_URL,
                   "“%s” is not a broker URL (like mqtt://host:1883 or wss://host/mqtt)", shown);
      return NULL;
    }

  scheme = g_uri_get_scheme (uri);
  if (g_ascii_strcasecmp (scheme, "mqtt") == 0 || g_ascii_strcasecmp (scheme, "tcp") == 0)
    paho_scheme = "tcp", port = 1883;
  else if (g_ascii_strcasecmp (scheme, "mqtts") == 0 || g_ascii_strcasecmp (scheme, "ssl") == 0)
    paho_scheme = "ssl", port = 8883;
  else if (g_ascii_strcasecmp (scheme, "ws") == 0)
    paho_scheme = "ws", port = 80;
  else if (g_ascii_strcasecmp (scheme, "wss") == 0)
    paho_scheme = "wss", port = 443;
  else
    {
      g_set_error (error, FB_MQTT_ERROR, FB_MQTT_ERROR_INVALID_URL,
                   "The broker URL must start with mqtt://, mqtts://, ws:// or wss:// (not %s://)", scheme);
      return NULL;
    }

  if (g_uri_get_port (uri) > 0)
    port = g_uri_get_port (uri);

  path = g_uri_get_path (uri);
  if ((strcmp (paho_scheme, "tcp") == 0 || strcmp (paho_scheme, "ssl") == 0) && path != NULL
      && *path != '\0' && strcmp (path, "/") != 0)
    {
      g_set_error (error, FB_MQTT_ERROR, FB_MQTT_ERROR_INVALID_URL,
                   "An %s:// broker URL has no path; use ws:// or wss:// for a WebSocket path", scheme);
      return NULL;
    }

  host = strchr (g_uri_get_host (uri), ':') != NULL ? g_strdup_printf ("[%s]", g_uri_get_host (uri))
                                                      : g_strdup (g_uri_get_host (uri));

  self = client_new (client_id);
  if (strcmp (paho_scheme, "ws") == 0 || strcmp (paho_scheme, "wss") == 0)
    self->broker_url = g_strdup_printf ("%s://%s:%d%s", paho_scheme, host, port,
                                        path != NULL && *path != '\0' ? path : "/mqtt");
  else
    self->broker_url = g_strdup_printf ("%s://%s:%d", paho_scheme, host, port);

  if (g_uri_get_user (uri) != NULL)
    {
      g_autofree char *user = g_uri_unescape_string (g_uri_get_user (uri), NULL);
      g_autofree char *password = g_uri_get_password (uri) != NULL
                                  ? g_uri_unescape_string (g_uri_get_password (uri), NULL) : NULL;
      fb_mqtt_client_set_login (self, user, password);
    }

  return g_steal_pointer (&self);
}

FbMqttClient *
fb_mqtt_client_new_for_aws_iot (const char            *endpoint,
                                const char            *region,
                                FbCredentialsProvider *provider,
                                const char            *client_id,
                                GError               **error)
{
  g_autoptr(FbCredentials) probe = NULL;
  g_autofree char *probe_url = NULL;
  FbMqttClient *self;

  g_return_val_if_fail (FB_IS_CREDENTIALS_PROVIDER (provider), NULL);

  /* Check the endpoint and region now, with throwaway credentials, so that a typo is
   * reported at once instead of as an endless reconnect. */
  probe = fb_credentials_new ("AKIDPROBE", "probe", NULL, NULL);
  probe_url = fb_iot_presign_url (probe, endpoint, region, NULL, NULL, 0, error);
  if (probe_url == NULL)
    return NULL;

  self = client_new (client_id);
  self->endpoint = g_strdup (endpoint);
  self->region = g_strdup (region);
  self->provider = g_object_ref (provider);
  return self;
}

static void
fb_mqtt_client_dispose (GObject *object)
{
  FbMqttClient *self = FB_MQTT_CLIENT (object);

  self->running = FALSE;
  g_clear_handle_id (&self->retry_source, g_source_remove);
  if (self->credentials_cancellable != NULL)
    g_cancellable_cancel (self->credentials_cancellable);
  _fb_mqtt_client_fail_pending_publishes (self, "The connection was closed");
  _fb_mqtt_client_destroy_handle (self);

  G_OBJECT_CLASS (fb_mqtt_client_parent_class)->dispose (object);
}

static void
fb_mqtt_client_finalize (GObject *object)
{
  FbMqttClient *self = FB_MQTT_CLIENT (object);

  g_weak_ref_set (&self->shared->client, NULL);
  _fb_mqtt_client_shared_unref (self->shared);

  _fb_mqtt_client_forget_attempt (self);
  g_clear_object (&self->credentials_cancellable);
  g_clear_object (&self->provider);
  g_hash_table_unref (self->publishes);
  g_hash_table_unref (self->subscribe_tokens);
  g_ptr_array_unref (self->filters);
  g_array_unref (self->qoses);
  g_free (self->broker_url);
  g_free (self->endpoint);
  g_free (self->region);
  g_free (self->client_id);
  g_free (self->username);
  if (self->password != NULL)
    memset (self->password, 0, strlen (self->password));
  g_free (self->password);
  g_free (self->ca_file);
  g_free (self->state_reason);

  G_OBJECT_CLASS (fb_mqtt_client_parent_class)->finalize (object);
}

static void
fb_mqtt_client_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  FbMqttClient *self = FB_MQTT_CLIENT (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_STATE_REASON:
      g_value_set_string (value, self->state_reason);
      break;
    case PROP_RETRY_AT:
      g_value_set_int64 (value, self->retry_at);
      break;
    case PROP_SUBSCRIBED:
      g_value_set_boolean (value, self->subscribed);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fb_mqtt_client_class_init (FbMqttClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = fb_mqtt_client_dispose;
  object_class->finalize = fb_mqtt_client_finalize;
  object_class->get_property = fb_mqtt_client_get_property;

  _fb_mqtt_client_properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, FB_TYPE_MQTT_STATE, FB_MQTT_STATE_DISCONNECTED,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  _fb_mqtt_client_properties[PROP_STATE_REASON] =
    g_param_spec_string ("state-reason", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  _fb_mqtt_client_properties[PROP_RETRY_AT] =
    g_param_spec_int64 ("retry-at", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /* TRUE once the broker granted every subscription of this connection. */
  _fb_mqtt_client_properties[PROP_SUBSCRIBED] =
    g_param_spec_boolean ("subscribed", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, _fb_mqtt_client_properties);

  /**
   * FbMqttClient::messages:
   * @batch: (element-type FbMqttMessage): every message that arrived since the last emission
   *
   * Emitted on the client's main context, at most once per main-loop dispatch.
   */
  _fb_mqtt_client_signals[SIGNAL_MESSAGES] =
    g_signal_new ("messages", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_PTR_ARRAY);
}

static void
fb_mqtt_client_init (FbMqttClient *self)
{
  self->shared = g_new0 (Shared, 1);
  g_atomic_ref_count_init (&self->shared->ref_count);
  g_mutex_init (&self->shared->mutex);
  g_cond_init (&self->shared->room);
  g_queue_init (&self->shared->events);
  self->shared->context = g_main_context_ref_thread_default ();
  g_weak_ref_init (&self->shared->client, self);

  self->mqtt_version = 5;
  self->filters = g_ptr_array_new_with_free_func (g_free);
  self->qoses = g_array_new (FALSE, FALSE, sizeof (int));
  self->publishes = g_hash_table_new_full (NULL, NULL, NULL, g_object_unref);
  self->subscribe_tokens = g_hash_table_new (NULL, NULL);
}
