/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-mqtt-client-private.h: what the MQTT client's files share — the instance struct, the events
   Paho's threads hand over, and the functions one part calls in another. Not for use outside
   fb-mqtt-client*.c. */
#pragma once

#include <MQTTAsync.h>

#include "fb-mqtt-client.h"

G_BEGIN_DECLS

#define KEEP_ALIVE_S        30
#define CONNECT_TIMEOUT_S   10
#define BACKOFF_MIN_MS      1000
/* The longest wait a person sees before the next attempt (full jitter below it). The count of
   attempts starts again once a connection is made and subscribed: a link that flaps while the
   broker is up never waits long. */
#define BACKOFF_MAX_MS      (30 * 1000)

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

/* At most about this many bytes of messages wait for the owner's main loop (payload, topic and
   what a queued message costs besides, FB_MQTT_QUEUED_OVERHEAD); past it, Paho's thread waits
   and TCP holds the rest back at the broker. Far above what a main loop that keeps up ever
   queues (the 10 000-event burst peaks near 2 MiB): it bounds a flood, where it hands the
   pace to the broker, whose own limits (Mosquitto's max_queued_messages) then apply. */
#define FB_MQTT_MAX_QUEUED_BYTES (8 * 1024 * 1024)
#define FB_MQTT_QUEUED_OVERHEAD  256
/* The owner handles at most this many events per main-loop iteration, so that frames and
   everything else of higher priority run between them. */
#define FB_MQTT_DISPATCH_MAX 256
/* No fresh batch starts sooner after the last one ended, and the rest of a batch left waiting
   behind a frame clock that lags is taken this long after at the latest. A message after a quiet
   spell is handled at once; a stream wakes the main loop 20 times a second, not 60, each time for
   three times as many messages (the app applies them 2.5 times a second anyway):
   bench/live-view.py --stream paced, CPU-s 2.03/2.11/2.19 against 2.10/2.24/2.38 at 60. */
#define FB_MQTT_DISPATCH_INTERVAL_US (G_USEC_PER_SEC / 20)

typedef struct
{
  gatomicrefcount  ref_count;
  GMutex           mutex;
  GCond            room;           /* signalled when the owner took messages */
  GQueue           events;
  gsize            queued_bytes;   /* of the EV_MESSAGE events in events */
  gboolean         no_wait;        /* the handle is going: no push waits until the queue drains */
  guint            waiting;        /* Paho threads waiting for room (what a test waits for) */
  gboolean         wakeup_pending; /* a wake-up is attached, or a batch is being handled */
  gint64           next_dispatch;  /* monotonic: no fresh batch before (a frame after the last) */
  GSource         *rest_idle;      /* owner thread: the two ways the rest of a batch is taken */
  GSource         *rest_timeout;
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
  GCancellable          *credentials_cancellable;   /* also the diagnosis probe's */
  GHashTable            *publishes;         /* token → GTask */
  GHashTable            *subscribe_tokens;  /* token → filter index + 1 */
  guint                  subscriptions_refused;
  gboolean               subscribed;

  /* The attempt under way, kept for the diagnosis probe only: the URL is a secret. */
  char                  *attempt_url;
  FbCredentials         *attempt_credentials;
};

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

extern GParamSpec *_fb_mqtt_client_properties[N_PROPS];
extern guint _fb_mqtt_client_signals[N_SIGNALS];

/* fb-mqtt-client-connect.c */
const char *_fb_mqtt_client_reason_code_words (int code,
                                               int version);
void _fb_mqtt_client_set_state (FbMqttClient *self,
                                FbMqttState   state,
                                const char   *reason,
                                gint64        retry_at);
void _fb_mqtt_client_fail_pending_publishes (FbMqttClient *self,
                                             const char   *why);
void _fb_mqtt_client_schedule_retry (FbMqttClient *self,
                                     const char   *reason);
void _fb_mqtt_client_destroy_handle (FbMqttClient *self);
void _fb_mqtt_client_forget_attempt (FbMqttClient *self);
void _fb_mqtt_client_begin_attempt (FbMqttClient *self);
void _fb_mqtt_client_handle_connect_failed (FbMqttClient *self,
                                            Event        *ev);

/* fb-mqtt-client-paho.c */
void _fb_mqtt_client_shared_unref (Shared *shared);
void _fb_mqtt_client_shared_no_wait (Shared *shared);
void _fb_mqtt_client_paho_enter (Shared *shared);
void _fb_mqtt_client_paho_leave (void);
void _fb_mqtt_client_on_connection_lost (void *context,
                                         char *cause);
int _fb_mqtt_client_on_message_arrived (void              *context,
                                        char              *topic_name,
                                        int                topic_len,
                                        MQTTAsync_message *message);
void _fb_mqtt_client_on_connect_success (void                  *context,
                                         MQTTAsync_successData *response);
void _fb_mqtt_client_on_connect_success5 (void                   *context,
                                          MQTTAsync_successData5 *response);
void _fb_mqtt_client_on_connect_failure (void                  *context,
                                         MQTTAsync_failureData *response);
void _fb_mqtt_client_on_connect_failure5 (void                   *context,
                                          MQTTAsync_failureData5 *response);
void _fb_mqtt_client_on_subscribe_success (void                  *context,
                                           MQTTAsync_successData *response);
void _fb_mqtt_client_on_subscribe_success5 (void                   *context,
                                            MQTTAsync_successData5 *response);
void _fb_mqtt_client_on_subscribe_failure (void                  *context,
                                           MQTTAsync_failureData *response);
void _fb_mqtt_client_on_subscribe_failure5 (void                   *context,
                                            MQTTAsync_failureData5 *response);
void _fb_mqtt_client_on_publish_success (void                  *context,
                                         MQTTAsync_successData *response);
void _fb_mqtt_client_on_publish_success5 (void                   *context,
                                          MQTTAsync_successData5 *response);
void _fb_mqtt_client_on_publish_failure (void                  *context,
                                         MQTTAsync_failureData *response);
void _fb_mqtt_client_on_publish_failure5 (void                   *context,
                                          MQTTAsync_failureData5 *response);

/* fb-mqtt-client-pubsub.c */
void _fb_mqtt_client_subscribe_all (FbMqttClient *self);
void _fb_mqtt_client_handle_suback (FbMqttClient *self,
                                    Event        *ev);
void _fb_mqtt_client_complete_publish (FbMqttClient *self,
                                       Event        *ev);

G_END_DECLS
