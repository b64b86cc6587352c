/* fb-mqtt-client.c: a self-healing MQTT connection over Paho MQTTAsync.
 *
 * Paho calls back on its own threads. Those callbacks only copy what they got into a
 * queue guarded by a mutex and wake the owning GMainContext once; every GObject is touched
 * on that context only. Reconnecting is ours, not Paho's, because every attempt to AWS IoT
 * needs freshly loaded credentials and a freshly presigned URL, and because the state a
 * person sees must say what is going on (connecting, reconnecting in N s, why). */
#define G_LOG_DOMAIN "fb-mqtt-client"

#include "config.h"

#include <string.h>

#include <MQTTAsync.h>

#include "fb-diagnosis-probe.h"
#include "fb-iot-presign.h"
#include "fb-mqtt-client.h"
#include "fb-redact.h"

#define KEEP_ALIVE_S        30
#define CONNECT_TIMEOUT_S   10
#define STABLE_AFTER_MS     (30 * 1000)
#define BACKOFF_MIN_MS      1000
#define BACKOFF_MAX_MS      (120 * 1000)

/* --- What Paho's threads hand over ------------------------------------------ */

typedef enum
{
  EV_CONNECTED,
  EV_CONNECT_FAILED,
  EV_CONNECTION_LOST,
  EV_MESSAGE,
  EV_SUBSCRIBED,
  EV_SUBSCRIBE_FAILED,
  EV_PUBLISHED,
  EV_PUBLISH_FAILED,
} EventKind;

typedef struct
{
  EventKind      kind;
  int            code;          /* Paho return code */
  int            reason_code;   /* MQTT 5 reason code, or MQTT 3 CONNACK code */
  int            token;
  char          *text;
  FbMqttMessage *message;
} Event;

typedef struct
{
  gatomicrefcount  ref_count;
  GMutex           mutex;
  GQueue           events;
  gboolean         wakeup_pending;
  GMainContext    *context;
  GWeakRef         client;
} Shared;

struct _FbMqttClient
{
  GObject                parent_instance;

  Shared                *shared;
  MQTTAsync              handle;
  int                    handle_version;    /* 5 or 4 (3.1.1) */
  int                    mqtt_version;      /* what the next attempt uses */

  char                  *broker_url;        /* Paho form: tcp://, ssl://, ws://, wss:// */
  char                  *endpoint;          /* AWS IoT mode */
  char                  *region;
  FbCredentialsProvider *provider;
  char                  *client_id;
  char                  *username;
  char                  *password;
  char                  *ca_file;
  GPtrArray             *filters;
  GArray                *qoses;

  FbMqttState            state;
  char                  *state_reason;
  gint64                 retry_at;
  gboolean               running;
  guint                  attempt;
  guint                  retry_source;
  guint                  stable_source;
  GCancellable          *credentials_cancellable;   /* also the diagnosis probe's */
  GHashTable            *publishes;         /* token → GTask */
  GHashTable            *subscribe_tokens;  /* token → filter index + 1 */
  guint                  subscriptions_refused;
  gboolean               subscribed;

  /* The attempt under way, kept for the diagnosis probe only: the URL is a secret. */
  char                  *attempt_url;
  FbCredentials         *attempt_credentials;
};

G_DEFINE_FINAL_TYPE (FbMqttClient, fb_mqtt_client, G_TYPE_OBJECT)
G_DEFINE_ENUM_TYPE (FbMqttState, fb_mqtt_state,
  G_DEFINE_ENUM_VALUE (FB_MQTT_STATE_DISCONNECTED, "disconnected"),
  G_DEFINE_ENUM_VALUE (FB_MQTT_STATE_CONNECTING, "connecting"),
  G_DEFINE_ENUM_VALUE (FB_MQTT_STATE_CONNECTED, "connected"),
  G_DEFINE_ENUM_VALUE (FB_MQTT_STATE_RECONNECTING, "reconnecting"),
  G_DEFINE_ENUM_VALUE (FB_MQTT_STATE_FAILED, "failed"))
G_DEFINE_QUARK (fb-mqtt-error-quark, fb_mqtt_error)

enum {
  PROP_0,
  PROP_STATE,
  PROP_STATE_REASON,
  PROP_RETRY_AT,
  PROP_SUBSCRIBED,
  N_PROPS
};

enum {
  SIGNAL_MESSAGES,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void begin_attempt (FbMqttClient *self);

static void
event_free (Event *ev)
{
  g_free (ev->text);
  g_clear_pointer (&ev->message, fb_mqtt_message_free);
  g_free (ev);
}

static Shared *
shared_ref (Shared *shared)
{
  g_atomic_ref_count_inc (&shared->ref_count);
  return shared;
}

static void
shared_unref (Shared *shared)
{
  if (g_atomic_ref_count_dec (&shared->ref_count))
    {
      g_queue_clear_full (&shared->events, (GDestroyNotify) event_free);
      g_mutex_clear (&shared->mutex);
      g_weak_ref_clear (&shared->client);
      g_main_context_unref (shared->context);
      g_free (shared);
    }
}

static gboolean dispatch_events (gpointer data);

/* Called on Paho's threads: queue, and wake the owner at most once per batch. */
static void
shared_push (Shared *shared,
             Event  *ev)
{
  gboolean wake;

  g_mutex_lock (&shared->mutex);
  g_queue_push_tail (&shared->events, ev);
  wake = !shared->wakeup_pending;
  shared->wakeup_pending = TRUE;
  g_mutex_unlock (&shared->mutex);

  if (wake)
    {
      GSource *source = g_idle_source_new ();

      /* Below redraws (GDK paints at HIGH_IDLE + 20): a flood of messages must not starve the
       * frame clock. */
      g_source_set_priority (source, G_PRIORITY_DEFAULT_IDLE);
      g_source_set_callback (source, dispatch_events, shared_ref (shared), (GDestroyNotify) shared_unref);
      g_source_set_static_name (source, "[fb-mqtt-client] dispatch");
      g_source_attach (source, shared->context);
      g_source_unref (source);
    }
}

static Event *
event_new (EventKind kind)
{
  Event *ev = g_new0 (Event, 1);

  ev->kind = kind;
  return ev;
}

/* --- Paho callbacks (Paho threads) -------------------------------------------- */

static void
on_connection_lost (void *context,
                    char *cause)
{
  Event *ev = event_new (EV_CONNECTION_LOST);

  ev->text = g_strdup (cause);
  shared_push (context, ev);
}

static int
on_message_arrived (void              *context,
                    char              *topic_name,
                    int                topic_len,
                    MQTTAsync_message *message)
{
  if (message->payloadlen <= FB_MQTT_MAX_MESSAGE_SIZE)
    {
      Event *ev = event_new (EV_MESSAGE);
      FbMqttMessage *m = g_new0 (FbMqttMessage, 1);

      m->topic = topic_len > 0 ? g_strndup (topic_name, topic_len) : g_strdup (topic_name);
      m->payload = g_bytes_new (message->payload, message->payloadlen);
      m->received_at = g_get_real_time ();
      m->qos = message->qos;
      m->retained = message->retained;
      ev->message = m;
      shared_push (context, ev);
    }
  else
    {
      Event *ev = event_new (EV_MESSAGE);

      /* Tell the owner, which logs it; the payload itself is not kept. */
      ev->code = message->payloadlen;
      ev->text = topic_len > 0 ? g_strndup (topic_name, topic_len) : g_strdup (topic_name);
      shared_push (context, ev);
    }

  MQTTAsync_freeMessage (&message);
  MQTTAsync_free (topic_name);
  return 1;
}

/* What a success carries, from a v3 (@response) or v5 (@response5) answer. A v5 reason code of
 * 0x80 or more, or @refused (MQTT 3.1.1 grants QoS 0x80 to a refused subscription), makes it
 * @failed_kind. */
static void
push_success (void                         *context,
              EventKind                     kind,
              EventKind                     failed_kind,
              const MQTTAsync_successData  *response,
              const MQTTAsync_successData5 *response5,
              gboolean                      refused)
{
  int reason_code = refused ? 0x80 : response5 != NULL ? response5->reasonCode : 0;
  Event *ev = event_new (reason_code >= 0x80 ? failed_kind : kind);

  ev->token = response != NULL ? response->token : response5 != NULL ? response5->token : 0;
  ev->reason_code = reason_code;
  shared_push (context, ev);
}

/* What a failure carries, from a v3 (@response) or v5 (@response5) answer, or neither. */
static void
push_failure (void                         *context,
              EventKind                     kind,
              const MQTTAsync_failureData  *response,
              const MQTTAsync_failureData5 *response5)
{
  Event *ev = event_new (kind);

  if (response != NULL)
    {
      ev->token = response->token;
      ev->code = response->code;
      ev->text = g_strdup (response->message);
    }
  else if (response5 != NULL)
    {
      ev->token = response5->token;
      ev->code = response5->code;
      ev->reason_code = response5->reasonCode;
      ev->text = g_strdup (response5->message);
    }
  /* Paho puts a CONNACK's reason code in code (and 1.3 does so for MQTT 5 too, not in reasonCode). */
  if (kind == EV_CONNECT_FAILED && ev->reason_code == 0)
    ev->reason_code = ev->code > 0 ? ev->code : 0;
  shared_push (context, ev);
}

static void
on_connect_success (void                  *context,
                    MQTTAsync_successData *response)
{
  push_success (context, EV_CONNECTED, EV_CONNECTED, NULL, NULL, FALSE);
}

static void
on_connect_success5 (void                   *context,
                     MQTTAsync_successData5 *response)
{
  push_success (context, EV_CONNECTED, EV_CONNECTED, NULL, NULL, FALSE);
}

static void
on_connect_failure (void                  *context,
                    MQTTAsync_failureData *response)
{
  push_failure (context, EV_CONNECT_FAILED, response, NULL);
}

static void
on_connect_failure5 (void                   *context,
                     MQTTAsync_failureData5 *response)
{
  push_failure (context, EV_CONNECT_FAILED, NULL, response);
}

static void
on_subscribe_success (void                  *context,
                      MQTTAsync_successData *response)
{
  push_success (context, EV_SUBSCRIBED, EV_SUBSCRIBE_FAILED, response, NULL,
                response != NULL && response->alt.qos == 0x80);
}

static void
on_subscribe_success5 (void                   *context,
                       MQTTAsync_successData5 *response)
{
  push_success (context, EV_SUBSCRIBED, EV_SUBSCRIBE_FAILED, NULL, response, FALSE);
}

static void
on_subscribe_failure (void                  *context,
                      MQTTAsync_failureData *response)
{
  push_failure (context, EV_SUBSCRIBE_FAILED, response, NULL);
}

static void
on_subscribe_failure5 (void                   *context,
                       MQTTAsync_failureData5 *response)
{
  push_failure (context, EV_SUBSCRIBE_FAILED, NULL, response);
}

static void
on_publish_success (void                  *context,
                    MQTTAsync_successData *response)
{
  push_success (context, EV_PUBLISHED, EV_PUBLISH_FAILED, response, NULL, FALSE);
}

static void
on_publish_success5 (void                   *context,
                     MQTTAsync_successData5 *response)
{
  push_success (context, EV_PUBLISHED, EV_PUBLISH_FAILED, NULL, response, FALSE);
}

static void
on_publish_failure (void                  *context,
                    MQTTAsync_failureData *response)
{
  push_failure (context, EV_PUBLISH_FAILED, response, NULL);
}

static void
on_publish_failure5 (void                   *context,
                     MQTTAsync_failureData5 *response)
{
  push_failure (context, EV_PUBLISH_FAILED, NULL, response);
}

/* --- Words ----------------------------------------------------------------------- */

static const char *
reason_code_words (int code,
                   int version);

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
  return g_strdup (reason_code_words (code, self->handle_version));
}

static const char *
reason_code_words (int code,
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

static void
set_state (FbMqttClient *self,
           FbMqttState   state,
           const char   *reason,
           gint64        retry_at)
{
  g_object_freeze_notify (G_OBJECT (self));

  if (self->state != state)
    {
      self->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }
  if (state != FB_MQTT_STATE_CONNECTED && self->subscribed)
    {
      self->subscribed = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUBSCRIBED]);
    }
  if (g_strcmp0 (self->state_reason, reason) != 0)
    {
      g_free (self->state_reason);
      self->state_reason = g_strdup (reason);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE_REASON]);
    }
  if (self->retry_at != retry_at)
    {
      self->retry_at = retry_at;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RETRY_AT]);
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

static void
fail_pending_publishes (FbMqttClient *self,
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
  begin_attempt (self);
  return G_SOURCE_REMOVE;
}

static gboolean
stable_timeout (gpointer data)
{
  FbMqttClient *self = data;

  /* Connected long enough: the next drop starts the back-off from the bottom again. */
  self->stable_source = 0;
  self->attempt = 0;
  return G_SOURCE_REMOVE;
}

static void
schedule_retry (FbMqttClient *self,
                const char   *reason)
{
  guint delay;

  g_clear_handle_id (&self->stable_source, g_source_remove);
  g_clear_handle_id (&self->retry_source, g_source_remove);

  if (!self->running)
    {
      set_state (self, FB_MQTT_STATE_DISCONNECTED, reason, 0);
      return;
    }

  self->attempt++;
  delay = fb_mqtt_backoff_delay_ms (self->attempt, g_random_double ());
  g_debug ("%s; attempt %u again in %u ms", reason, self->attempt, delay);
  set_state (self, FB_MQTT_STATE_RECONNECTING, reason, g_get_real_time () + (gint64) delay * 1000);
  self->retry_source = g_timeout_add_full (G_PRIORITY_DEFAULT, delay, retry_timeout, self, NULL);
  g_source_set_static_name (g_main_context_find_source_by_id (NULL, self->retry_source), "[fb-mqtt-client] retry");
}

static void
fail_permanently (FbMqttClient *self,
                  const char   *reason)
{
  g_clear_handle_id (&self->retry_source, g_source_remove);
  g_clear_handle_id (&self->stable_source, g_source_remove);
  self->running = FALSE;
  g_warning ("%s", reason);
  set_state (self, FB_MQTT_STATE_FAILED, reason, 0);
}

/* --- Paho handle (owner thread) --------------------------------------------------- */

static void
destroy_handle (FbMqttClient *self)
{
  if (self->handle == NULL)
    return;

  if (MQTTAsync_isConnected (self->handle))
    {
      MQTTAsync_disconnectOptions opts = MQTTAsync_disconnectOptions_initializer;

      opts.timeout = 500;
      MQTTAsync_disconnect (self->handle, &opts);
    }
  MQTTAsync_destroy (&self->handle);
  self->handle = NULL;
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

  destroy_handle (self);

  /* No offline buffering: a publish that cannot go now fails now, never later. */
  create_opts.sendWhileDisconnected = 0;
  create_opts.MQTTVersion = self->mqtt_version == 5 ? MQTTVERSION_5 : MQTTVERSION_DEFAULT;

  rc = MQTTAsync_createWithOptions (&self->handle, url, self->client_id,
                                    MQTTCLIENT_PERSISTENCE_NONE, NULL, &create_opts);
  if (rc != MQTTASYNC_SUCCESS)
    {
      self->handle = NULL;
      *reason = g_strdup_printf ("Cannot set up the MQTT client: %s", MQTTAsync_strerror (rc));
      return FALSE;
    }

  self->handle_version = self->mqtt_version;
  MQTTAsync_setCallbacks (self->handle, self->shared, on_connection_lost, on_message_arrived, NULL);
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
      schedule_retry (self, reason);
      return;
    }

  if (self->mqtt_version == 5)
    {
      opts = &opts5;
      opts->cleanstart = 1;
      opts->onSuccess5 = on_connect_success5;
      opts->onFailure5 = on_connect_failure5;
    }
  else
    {
      opts = &opts3;
      opts->cleansession = 1;
      opts->MQTTVersion = MQTTVERSION_3_1_1;
      opts->onSuccess = on_connect_success;
      opts->onFailure = on_connect_failure;
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
  rc = MQTTAsync_connect (self->handle, opts);
  if (rc != MQTTASYNC_SUCCESS)
    {
      g_autofree char *why = g_strdup_printf ("Cannot connect to %s: %s", shown, MQTTAsync_strerror (rc));
      schedule_retry (self, why);
    }
}

static void
forget_attempt (FbMqttClient *self)
{
  if (self->attempt_url != NULL)
    memset (self->attempt_url, 0, strlen (self->attempt_url));
  g_clear_pointer (&self->attempt_url, g_free);
  g_clear_pointer (&self->attempt_credentials, fb_credentials_unref);
}

static void
on_credentials_loaded (GObject      *source,
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
      schedule_retry (self, why);
      return;
    }

  if (fb_credentials_is_expired (creds, NULL, 0))
    {
      fb_credentials_provider_invalidate (self->provider);
      schedule_retry (self, "The AWS credentials have expired");
      return;
    }

  /* A fresh signature for every attempt: presigned URLs go stale. */
  url = fb_iot_presign_url (creds, self->endpoint, self->region, NULL, NULL, 0, &error);
  if (url == NULL)
    {
      fail_permanently (self, error->message);
      return;
    }

  forget_attempt (self);
  self->attempt_url = g_strdup (url);
  self->attempt_credentials = fb_credentials_ref (creds);
  do_connect (self, url);
}

static void
begin_attempt (FbMqttClient *self)
{
  g_clear_handle_id (&self->retry_source, g_source_remove);
  /* Keep the last reason visible while trying again: it says why we are trying. */
  set_state (self, FB_MQTT_STATE_CONNECTING, self->state_reason, 0);

  if (self->provider != NULL)
    {
      g_cancellable_cancel (self->credentials_cancellable);
      g_clear_object (&self->credentials_cancellable);
      self->credentials_cancellable = g_cancellable_new ();
      fb_credentials_provider_load_async (self->provider, self->credentials_cancellable,
                                          on_credentials_loaded, g_object_ref (self));
    }
  else
    do_connect (self, self->broker_url);
}

static void
subscribe_all (FbMqttClient *self)
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
          opts.onSuccess5 = on_subscribe_success5;
          opts.onFailure5 = on_subscribe_failure5;
        }
      else
        {
          opts.onSuccess = on_subscribe_success;
          opts.onFailure = on_subscribe_failure;
        }

      rc = MQTTAsync_subscribe (self->handle, g_ptr_array_index (self->filters, i),
                                g_array_index (self->qoses, int, i), &opts);
      if (rc != MQTTASYNC_SUCCESS)
        g_warning ("Cannot subscribe to “%s”: %s", (const char *) g_ptr_array_index (self->filters, i),
                   MQTTAsync_strerror (rc));
      else
        /* The answer is dispatched on this thread later, so the token is known by then. */
        g_hash_table_insert (self->subscribe_tokens, GINT_TO_POINTER (opts.token), GUINT_TO_POINTER (i + 1));
    }

  if (self->filters->len == 0 && !self->subscribed)
    {
      /* Nothing to ask for: nothing can be refused. */
      self->subscribed = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUBSCRIBED]);
    }
}

typedef struct
{
  FbMqttClient *client;
  char         *fallback;   /* Paho's words, when the probe finds nothing wrong */
} Diagnosis;

static void
on_diagnosed (GObject      *source,
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

  forget_attempt (self);
  if (!fine && error->domain == FB_DIAGNOSIS_ERROR && error->code != FB_DIAGNOSIS_UNKNOWN)
    schedule_retry (self, error->message);
  else
    schedule_retry (self, fallback);
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
                                  self->credentials_cancellable, on_diagnosed, diagnosis);
  else if (self->provider == NULL)
    fb_diagnosis_probe_broker_async (self->broker_url, self->ca_file, self->credentials_cancellable,
                                     on_diagnosed, diagnosis);
  else
    {
      g_object_unref (diagnosis->client);
      g_free (diagnosis->fallback);
      g_free (diagnosis);
      schedule_retry (self, fallback);
    }
}

static void
handle_connect_failed (FbMqttClient *self,
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
      begin_attempt (self);
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

  forget_attempt (self);
  schedule_retry (self, why);
}

static char *
subscription_refused_words (FbMqttClient *self,
                            const char   *filter,
                            int           code)
{
  const char *words = reason_code_words (code, 5);
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

static void
handle_suback (FbMqttClient *self,
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

      g_warning ("%s", why);
      self->subscriptions_refused++;
      set_state (self, FB_MQTT_STATE_CONNECTED, why, 0);
    }

  if (g_hash_table_size (self->subscribe_tokens) == 0 && self->subscriptions_refused == 0 && !self->subscribed)
    {
      self->subscribed = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUBSCRIBED]);
    }
}

static void
complete_publish (FbMqttClient *self,
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
      const char *words = reason_code_words (ev->reason_code, 5);

      g_task_return_new_error (task, FB_MQTT_ERROR, FB_MQTT_ERROR_PUBLISH_FAILED,
                               "The broker did not take the message: %s",
                               words != NULL ? words : ev->text != NULL ? ev->text : MQTTAsync_strerror (ev->code));
    }
  g_object_unref (task);
}

static void
handle_event (FbMqttClient *self,
              Event        *ev,
              GPtrArray    *batch)
{
  switch (ev->kind)
    {
    case EV_MESSAGE:
      if (ev->message == NULL)
        g_warning ("Dropped a message of %d bytes on “%s”: larger than %d bytes",
                   ev->code, ev->text, FB_MQTT_MAX_MESSAGE_SIZE);
      else if (self->running)
        g_ptr_array_add (batch, g_steal_pointer (&ev->message));
      break;

    case EV_CONNECTED:
      if (!self->running || self->state != FB_MQTT_STATE_CONNECTING)
        break;
      forget_attempt (self);
      set_state (self, FB_MQTT_STATE_CONNECTED, NULL, 0);
      g_clear_handle_id (&self->stable_source, g_source_remove);
      self->stable_source = g_timeout_add (STABLE_AFTER_MS, stable_timeout, self);
      /* Clean sessions: the broker forgot our subscriptions, so make them again. */
      subscribe_all (self);
      break;

    case EV_CONNECT_FAILED:
      if (self->running && self->state == FB_MQTT_STATE_CONNECTING)
        handle_connect_failed (self, ev);
      break;

    case EV_CONNECTION_LOST:
      if (self->state == FB_MQTT_STATE_CONNECTED)
        {
          g_autofree char *why = g_strdup_printf ("The connection was lost%s%s",
                                                  ev->text != NULL ? ": " : "",
                                                  ev->text != NULL ? ev->text : "");
          fail_pending_publishes (self, "The connection was lost before the broker acknowledged the message");
          schedule_retry (self, why);
        }
      break;

    case EV_SUBSCRIBED:
    case EV_SUBSCRIBE_FAILED:
      handle_suback (self, ev);
      break;

    case EV_PUBLISHED:
    case EV_PUBLISH_FAILED:
      complete_publish (self, ev);
      break;

    default:
      g_assert_not_reached ();
    }
}

static gboolean
dispatch_events (gpointer data)
{
  Shared *shared = data;
  g_autoptr(FbMqttClient) self = NULL;
  g_autoptr(GPtrArray) batch = NULL;
  GQueue events = G_QUEUE_INIT;
  Event *ev;

  g_mutex_lock (&shared->mutex);
  events = shared->events;
  g_queue_init (&shared->events);
  shared->wakeup_pending = FALSE;
  g_mutex_unlock (&shared->mutex);

  self = g_weak_ref_get (&shared->client);
  batch = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_mqtt_message_free);

  while ((ev = g_queue_pop_head (&events)) != NULL)
    {
      if (self != NULL)
        handle_event (self, ev, batch);
      event_free (ev);
    }

  if (self != NULL && batch->len > 0)
    g_signal_emit (self, signals[SIGNAL_MESSAGES], 0, batch);

  return G_SOURCE_REMOVE;
}

/* --- Public API --------------------------------------------------------------------- */

void
fb_mqtt_client_start (FbMqttClient *self)
{
  g_return_if_fail (FB_IS_MQTT_CLIENT (self));

  if (self->running)
    return;

  self->running = TRUE;
  self->attempt = 0;
  begin_attempt (self);
}

void
fb_mqtt_client_stop (FbMqttClient *self)
{
  g_return_if_fail (FB_IS_MQTT_CLIENT (self));

  self->running = FALSE;
  g_clear_handle_id (&self->retry_source, g_source_remove);
  g_clear_handle_id (&self->stable_source, g_source_remove);
  g_cancellable_cancel (self->credentials_cancellable);
  fail_pending_publishes (self, "The connection was closed");

  if (self->handle != NULL && MQTTAsync_isConnected (self->handle))
    {
      MQTTAsync_disconnectOptions opts = MQTTAsync_disconnectOptions_initializer;

      opts.timeout = 500;
      MQTTAsync_disconnect (self->handle, &opts);
    }

  set_state (self, FB_MQTT_STATE_DISCONNECTED, NULL, 0);
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
      MQTTAsync_subscribe (self->handle, filter, qos, &opts);
    }
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
      opts.onSuccess5 = on_publish_success5;
      opts.onFailure5 = on_publish_failure5;
    }
  else
    {
      opts.onSuccess = on_publish_success;
      opts.onFailure = on_publish_failure;
    }

  rc = MQTTAsync_sendMessage (self->handle, topic, &message, &opts);
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

/* --- Construction --------------------------------------------------------------------- */

char *
fb_mqtt_installation_client_id (void)
{
  g_autofree char *dir = g_build_filename (g_get_user_state_dir (), "feedboard", NULL);
  g_autofree char *path = g_build_filename (dir, "client-id", NULL);
  g_autofree char *stored = NULL;
  g_autofree char *fresh = NULL;

  if (g_file_get_contents (path, &stored, NULL, NULL))
    {
      g_strstrip (stored);
      if (g_str_has_prefix (stored, "feedboard-") && strlen (stored) <= 64)
        return g_steal_pointer (&stored);
    }

  fresh = g_strdup_printf ("feedboard-%s", g_uuid_string_random ());
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
  g_clear_handle_id (&self->stable_source, g_source_remove);
  if (self->credentials_cancellable != NULL)
    g_cancellable_cancel (self->credentials_cancellable);
  fail_pending_publishes (self, "The connection was closed");
  destroy_handle (self);

  G_OBJECT_CLASS (fb_mqtt_client_parent_class)->dispose (object);
}

static void
fb_mqtt_client_finalize (GObject *object)
{
  FbMqttClient *self = FB_MQTT_CLIENT (object);

  g_weak_ref_set (&self->shared->client, NULL);
  shared_unref (self->shared);

  forget_attempt (self);
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

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, FB_TYPE_MQTT_STATE, FB_MQTT_STATE_DISCONNECTED,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE_REASON] =
    g_param_spec_string ("state-reason", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RETRY_AT] =
    g_param_spec_int64 ("retry-at", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /* TRUE once the broker granted every subscription of this connection. */
  properties[PROP_SUBSCRIBED] =
    g_param_spec_boolean ("subscribed", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * FbMqttClient::messages:
   * @batch: (element-type FbMqttMessage): every message that arrived since the last emission
   *
   * Emitted on the client's main context, at most once per main-loop dispatch.
   */
  signals[SIGNAL_MESSAGES] =
    g_signal_new ("messages", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_PTR_ARRAY);
}

static void
fb_mqtt_client_init (FbMqttClient *self)
{
  self->shared = g_new0 (Shared, 1);
  g_atomic_ref_count_init (&self->shared->ref_count);
  g_mutex_init (&self->shared->mutex);
  g_queue_init (&self->shared->events);
  self->shared->context = g_main_context_ref_thread_default ();
  g_weak_ref_init (&self->shared->client, self);

  self->mqtt_version = 5;
  self->filters = g_ptr_array_new_with_free_func (g_free);
  self->qoses = g_array_new (FALSE, FALSE, sizeof (int));
  self->publishes = g_hash_table_new_full (NULL, NULL, NULL, g_object_unref);
  self->subscribe_tokens = g_hash_table_new (NULL, NULL);
}
