/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-mqtt-client-connect.c: connecting, and connecting again — the Paho handle, each attempt
 * (fresh credentials and a fresh presigned URL for AWS IoT), back-off, the state a person sees
 * and the diagnosis probe that puts a failed attempt into words. */
#define G_LOG_DOMAIN "fb-mqtt-client"

#include "config.h"

#include <string.h>

#include "fb-diagnosis-probe.h"
#include "fb-iot-presign.h"
#include "fb-mqtt-client-private.h"
#include "fb-redact.h"

/* --- Words ----------------------------------------------------------------------- */

/* CONNACK "not authorized" means different fixes for AWS IoT and for a broker of one's own. */
static char *
connack_words (FbMqttClient *self,
               int           code)
{
  gboolean not_authorized = self->handle_version < 5 ? code == 5 : code == 0x87;

  if (not_authorized && self->provider != NULL)
    return g_strdup_printf ("AWS IoT knows these credentials but does not let them connect as client id “%s”: "
                            "the IoT policy needs iot:Connect on client/%s (or client/*)",
                            self->client_id, self->client_id);
  if (not_authorized && self->username != NULL)
    return g_strdup ("the broker did not accept this user name with this password (or its access list does "
                     "not let the user in): check both");
  if (not_authorized)
    return g_strdup ("the broker does not let this client in without a user name and password: set them in "
                     "the connection");
  return g_strdup (_fb_mqtt_client_reason_code_words (code, self->handle_version));
}

const char *
_fb_mqtt_client_reason_code_words (int code,
                                   int version)
{
  if (version < 5)
    switch (code)
      {
      case 1: return "the broker does not speak this MQTT version";
      case 2: return "the broker refused the client id";
      case 3: return "the broker is unavailable";
      case 4: return "the broker refused the user name or password";
      case 5: return "the broker says this client is not authorized";
      default: return NULL;
      }

  switch (code)
    {
    case 0x80: return "the broker reported an unspecified error";
    case 0x84: return "the broker does not speak this MQTT version";
    case 0x85: return "the broker refused the client id";
    case 0x86: return "the broker refused the user name or password";
    case 0x87: return "not authorized (check the IoT policy: iot:Connect for this client id, iot:Subscribe/iot:Receive for the topics)";
    case 0x88: return "the broker is unavailable";
    case 0x89: return "the broker is busy";
    case 0x8A: return "the broker banned this client";
    case 0x8E: return "another connection took over this client id";
    case 0x8F: return "the topic filter is not valid";
    case 0x97: return "the broker's quota is exceeded";
    case 0x9F: return "the broker asks to slow down (connection rate exceeded)";
    default: return NULL;
    }
}

/* --- State ------------------------------------------------------------------------ */

void
_fb_mqtt_client_set_state (FbMqttClient *self,
                           FbMqttState   state,
                           const char   *reason,
                           gint64        retry_at)
{
  g_object_freeze_notify (G_OBJECT (self));

  if (self->state != state)
    {
      self->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), _fb_mqtt_client_properties[PROP_STATE]);
    }
  if (state != FB_MQTT_STATE_CONNECTED && self->subscribed)
    {
      self->subscribed = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), _fb_mqtt_client_properties[PROP_SUBSCRIBED]);
    }
  if (g_strcmp0 (self->state_reason, reason) != 0)
    {
      g_free (self->state_reason);
      self->state_reason = g_strdup (reason);
      g_object_notify_by_pspec (G_OBJECT (self), _fb_mqtt_client_properties[PROP_STATE_REASON]);
    }
  if (self->retry_at != retry_at)
    {
      self->retry_at = retry_at;
      g_object_notify_by_pspec (G_OBJECT (self), _fb_mqtt_client_properties[PROP_RETRY_AT]);
    }

  g_object_thaw_notify (G_OBJECT (self));
}

guint
fb_mqtt_backoff_delay_ms (guint  attempt,
                          double random_unit)
{
  guint64 ceiling = BACKOFF_MIN_MS;

  /* Full jitter: uniformly between the floor and an exponentially growing ceiling. */
  for (guint i = 1; i < attempt && ceiling < BACKOFF_MAX_MS; i++)
    ceiling *= 2;
  ceiling = MIN (ceiling, BACKOFF_MAX_MS);

  return BACKOFF_MIN_MS + (guint) ((ceiling - BACKOFF_MIN_MS) * CLAMP (random_unit, 0.0, 1.0));
}

void
_fb_mqtt_client_fail_pending_publishes (FbMqttClient *self,
                                        const char   *why)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->publishes);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      GTask *task = value;

      g_task_return_new_error (task, FB_MQTT_ERROR, FB_MQTT_ERROR_CONNECTION_LOST, "%s", why);
      g_hash_table_iter_remove (&iter);
    }
}

static gboolean
retry_timeout (gpointer data)
{
  FbMqttClient *self = data;

  self->retry_source = 0;
  _fb_mqtt_client_begin_attempt (self);
  return G_SOURCE_REMOVE;
}

void
_fb_mqtt_client_schedule_retry (FbMqttClient *self,
                                const char   *reason)
{
  guint delay;

  g_clear_handle_id (&self->retry_source, g_source_remove);

  if (!self->running)
    {
      _fb_mqtt_client_set_state (self, FB_MQTT_STATE_DISCONNECTED, reason, 0);
      return;
    }

  self->attempt++;
  delay = fb_mqtt_backoff_delay_ms (self->attempt, g_random_double ());
  g_debug ("%s; attempt %u again in %u ms", reason, self->attempt, delay);
  _fb_mqtt_client_set_state (self, FB_MQTT_STATE_RECONNECTING, reason, g_get_real_time () + (gint64) delay * 1000);
  self->retry_source = g_timeout_add_full (G_PRIORITY_DEFAULT, delay, retry_timeout, self, NULL);
  g_source_set_static_name (g_main_context_find_source_by_id (NULL, self->retry_source), "[fb-mqtt-client] retry");
}

static void
fail_permanently (FbMqttClient *self,
                  const char   *reason)
{
  g_clear_handle_id (&self->retry_source, g_source_remove);
  self->running = FALSE;
  g_message ("%s", reason);
  _fb_mqtt_client_set_state (self, FB_MQTT_STATE_FAILED, reason, 0);
}

/* --- Paho handle (owner thread) --------------------------------------------------- */

void
_fb_mqtt_client_destroy_handle (FbMqttClient *self)
{
  if (self->handle == NULL)
    return;

  _fb_mqtt_client_shared_no_wait (self->shared);
  _fb_mqtt_client_paho_enter (self->shared);
  if (MQTTAsync_isConnected (self->handle))
    {
      MQTTAsync_disconnectOptions opts = MQTTAsync_disconnectOptions_initializer;

      opts.timeout = 500;
      MQTTAsync_disconnect (self->handle, &opts);
    }
  MQTTAsync_destroy (&self->handle);
  _fb_mqtt_client_paho_leave ();
  self->handle = NULL;
}

/* Paho records every function entry and exit, and formats a line for every packet, into a
   trace ring nobody reads: at a stream's pace that is most of its receiving thread's work. And a
   trace carries the server URI, for AWS IoT a presigned URL (signature, session token), into
   MQTT_C_CLIENT_TRACE's file (test-sim checks). Errors only, always: before a handle is made and
   again after, as Paho reads MQTT_C_CLIENT_TRACE_LEVEL while it makes its first one. */
static void
quiet_paho_trace (void)
{
  MQTTAsync_setTraceLevel (MQTTASYNC_TRACE_ERROR);
}

static gboolean
ensure_handle (FbMqttClient  *self,
               const char    *url,
               char         **reason)
{
  MQTTAsync_createOptions create_opts = MQTTAsync_createOptions_initializer5;
  int rc;

  if (self->handle != NULL && self->handle_version == self->mqtt_version)
    return TRUE;

  _fb_mqtt_client_destroy_handle (self);
  quiet_paho_trace ();

  /* No offline buffering: a publish that cannot go now fails now, never later. */
  create_opts.sendWhileDisconnected = 0;
  create_opts.MQTTVersion = self->mqtt_version == 5 ? MQTTVERSION_5 : MQTTVERSION_DEFAULT;

  _fb_mqtt_client_paho_enter (self->shared);
  rc = MQTTAsync_createWithOptions (&self->handle, url, self->client_id,
                                    MQTTCLIENT_PERSISTENCE_NONE, NULL, &create_opts);
  quiet_paho_trace ();
  if (rc == MQTTASYNC_SUCCESS)
    MQTTAsync_setCallbacks (self->handle, self->shared, _fb_mqtt_client_on_connection_lost,
                            _fb_mqtt_client_on_message_arrived, NULL);
  _fb_mqtt_client_paho_leave ();
  if (rc != MQTTASYNC_SUCCESS)
    {
      self->handle = NULL;
      *reason = g_strdup_printf ("Cannot set up the MQTT client: %s", MQTTAsync_strerror (rc));
      return FALSE;
    }

  self->handle_version = self->mqtt_version;
  return TRUE;
}

static gboolean
url_uses_tls (const char *url)
{
  return g_str_has_prefix (url, "ssl://") || g_str_has_prefix (url, "wss://")
         || g_str_has_prefix (url, "mqtts://");
}

static void
do_connect (FbMqttClient *self,
            const char   *url)
{
  MQTTAsync_connectOptions opts5 = MQTTAsync_connectOptions_initializer5;
  MQTTAsync_connectOptions opts3 = MQTTAsync_connectOptions_initializer;
  MQTTAsync_connectOptions *opts;
  MQTTAsync_SSLOptions ssl = MQTTAsync_SSLOptions_initializer;
  char * const uris[] = { (char *) url };
  g_autofree char *reason = NULL;
  g_autofree char *shown = fb_redact_url (url);
  int rc;

  if (!ensure_handle (self, url, &reason))
    {
      _fb_mqtt_client_schedule_retry (self, reason);
      return;
    }

  if (self->mqtt_version == 5)
    {
      opts = &opts5;
      opts->cleanstart = 1;
      opts->onSuccess5 = _fb_mqtt_client_on_connect_success5;
      opts->onFailure5 = _fb_mqtt_client_on_connect_failure5;
    }
  else
    {
      opts = &opts3;
      opts->cleansession = 1;
      opts->MQTTVersion = MQTTVERSION_3_1_1;
      opts->onSuccess = _fb_mqtt_client_on_connect_success;
      opts->onFailure = _fb_mqtt_client_on_connect_failure;
    }

  opts->context = self->shared;
  opts->keepAliveInterval = KEEP_ALIVE_S;
  opts->connectTimeout = CONNECT_TIMEOUT_S;
  opts->automaticReconnect = 0;
  opts->serverURIcount = 1;
  opts->serverURIs = uris;
  opts->username = self->username;
  opts->password = self->password;

  if (url_uses_tls (url))
    {
      /* Verify the server against the system CAs (Paho's default trust store) or the
       * CA file the user gave. */
      ssl.enableServerCertAuth = 1;
      ssl.verify = 1;
      ssl.trustStore = self->ca_file;
      opts->ssl = &ssl;
    }

  g_debug ("connecting to %s (MQTT %s)", shown, self->mqtt_version == 5 ? "5" : "3.1.1");
  _fb_mqtt_client_paho_enter (self->shared);
  rc = MQTTAsync_connect (self->handle, opts);
  _fb_mqtt_client_paho_leave ();
  if (rc != MQTTASYNC_SUCCESS)
    {
      g_autofree char *why = g_strdup_printf ("Cannot connect to %s: %s", shown, MQTTAsync_strerror (rc));
      _fb_mqtt_client_schedule_retry (self, why);
    }
}

void
_fb_mqtt_client_forget_attempt (FbMqttClient *self)
{
  if (self->attempt_url != NULL)
    memset (self->attempt_url, 0, strlen (self->attempt_url));
  g_clear_pointer (&self->attempt_url, g_free);
  g_clear_pointer (&self->attempt_credentials, fb_credentials_unref);
}

static void
fb_mqtt_client_connect_credentials_loaded_cb (GObject      *source,
                                              GAsyncResult *result,
                                              gpointer      user_data)
{
  g_autoptr(FbMqttClient) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(FbCredentials) creds = NULL;
  g_autofree char *url = NULL;

  creds = fb_credentials_provider_load_finish (FB_CREDENTIALS_PROVIDER (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || !self->running)
    return;

  if (creds == NULL)
    {
      g_autofree char *why = g_strdup_printf ("Cannot get AWS credentials: %s", error->message);
      _fb_mqtt_client_schedule_retry (self, why);
      return;
    }

  if (fb_credentials_is_expired (creds, NULL, 0))
    {
      fb_credentials_provider_invalidate (self->provider);
      _fb_mqtt_client_schedule_retry (self, "The AWS credentials have expired");
      return;
    }

  /* A fresh signature for every attempt: presigned URLs go stale. */
  url = fb_iot_presign_url (creds, self->endpoint, self->region, NULL, NULL, 0, &error);
  if (url == NULL)
    {
      fail_permanently (self, error->message);
      return;
    }

  _fb_mqtt_client_forget_attempt (self);
  self->attempt_url = g_strdup (url);
  self->attempt_credentials = fb_credentials_ref (creds);
  do_connect (self, url);
}

void
_fb_mqtt_client_begin_attempt (FbMqttClient *self)
{
  g_clear_handle_id (&self->retry_source, g_source_remove);
  /* Keep the last reason visible while trying again: it says why we are trying. */
  _fb_mqtt_client_set_state (self, FB_MQTT_STATE_CONNECTING, self->state_reason, 0);

  if (self->provider != NULL)
    {
      g_cancellable_cancel (self->credentials_cancellable);
      g_clear_object (&self->credentials_cancellable);
      self->credentials_cancellable = g_cancellable_new ();
      fb_credentials_provider_load_async (self->provider, self->credentials_cancellable,
                                          fb_mqtt_client_connect_credentials_loaded_cb, g_object_ref (self));
    }
  else
    do_connect (self, self->broker_url);
}

typedef struct
{
  FbMqttClient *client;
  char         *fallback;   /* Paho's words, when the probe finds nothing wrong */
} Diagnosis;

static void
fb_mqtt_client_connect_diagnosed_cb (GObject      *source,
                                     GAsyncResult *result,
                                     gpointer      user_data)
{
  Diagnosis *diagnosis = user_data;
  g_autoptr(FbMqttClient) self = diagnosis->client;
  g_autofree char *fallback = diagnosis->fallback;
  g_autoptr(GError) error = NULL;
  gboolean fine;

  g_free (diagnosis);
  fine = self->provider != NULL ? fb_diagnosis_probe_iot_finish (result, &error)
                                : fb_diagnosis_probe_broker_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
      || !self->running || self->state != FB_MQTT_STATE_CONNECTING)
    return;

  _fb_mqtt_client_forget_attempt (self);
  if (!fine && error->domain == FB_DIAGNOSIS_ERROR && error->code != FB_DIAGNOSIS_UNKNOWN)
    _fb_mqtt_client_schedule_retry (self, error->message);
  else
    _fb_mqtt_client_schedule_retry (self, fallback);
}

static void
start_diagnosis (FbMqttClient *self,
                 const char   *fallback)
{
  Diagnosis *diagnosis = g_new0 (Diagnosis, 1);

  diagnosis->client = g_object_ref (self);
  diagnosis->fallback = g_strdup (fallback);
  /* A broker client never renews this cancellable per attempt; after a stop it is cancelled. */
  if (self->credentials_cancellable == NULL || g_cancellable_is_cancelled (self->credentials_cancellable))
    {
      g_clear_object (&self->credentials_cancellable);
      self->credentials_cancellable = g_cancellable_new ();
    }

  if (self->provider != NULL && self->attempt_url != NULL)
    fb_diagnosis_probe_iot_async (self->attempt_url, self->region, self->attempt_credentials,
                                  self->credentials_cancellable, fb_mqtt_client_connect_diagnosed_cb, diagnosis);
  else if (self->provider == NULL)
    fb_diagnosis_probe_broker_async (self->broker_url, self->ca_file, self->credentials_cancellable,
                                     fb_mqtt_client_connect_diagnosed_cb, diagnosis);
  else
    {
      g_object_unref (diagnosis->client);
      g_free (diagnosis->fallback);
      g_free (diagnosis);
      _fb_mqtt_client_schedule_retry (self, fallback);
    }
}

void
_fb_mqtt_client_handle_connect_failed (FbMqttClient *self,
                                       Event        *ev)
{
  g_autofree char *shown = self->provider != NULL ? g_strdup (self->endpoint) : fb_redact_url (self->broker_url);
  g_autofree char *words = NULL;
  g_autofree char *why = NULL;

  if (self->mqtt_version == 5 && (ev->reason_code == 0x84 || ev->reason_code == 1))
    {
      /* A 3.1.1-only broker: try again right away with the older protocol. */
      g_debug ("%s refused MQTT 5; falling back to 3.1.1", shown);
      self->mqtt_version = 4;
      _fb_mqtt_client_begin_attempt (self);
      return;
    }

  words = connack_words (self, ev->reason_code);
  if (words != NULL)
    why = g_strdup_printf ("%s refused the connection: %s", shown, words);
  else if (ev->text != NULL && *ev->text != '\0')
    why = g_strdup_printf ("Cannot connect to %s: %s", shown, ev->text);
  else
    why = g_strdup_printf ("Cannot connect to %s: %s", shown, MQTTAsync_strerror (ev->code));

  if (self->provider != NULL)
    fb_credentials_provider_invalidate (self->provider);

  if (words == NULL)
    {
      /* No MQTT answer: Paho's words ("socket error") say nothing useful. Ask again with a
       * probe that sees the resolver, TLS and AWS's refusal, then retry with its words. */
      start_diagnosis (self, why);
      return;
    }

  _fb_mqtt_client_forget_attempt (self);
  _fb_mqtt_client_schedule_retry (self, why);
}
