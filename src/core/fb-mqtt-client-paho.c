/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-mqtt-client-paho.c: the bridge from Paho's threads to the client's main context. Paho's
 * callbacks only copy what they got into a queue guarded by a mutex and wake the owning
 * GMainContext once; the events are handled there, in order, a bounded number per main-loop
 * iteration. The queue is bounded too: past FB_MQTT_MAX_QUEUED_BYTES, Paho's thread waits for
 * the owner to take some (back-pressure through TCP to the broker), so a flood's memory is
 * bounded and nothing is dropped here.
 *
 * Priorities. A fresh batch is taken at the priority of other I/O, above GDK's frame clock, a
 * frame after the last batch ended at the earliest. As an idle below the frame clock it
 * starved while an animation whose frames take longer than a frame to draw ran, such as Test
 * Connection's spinner on a loaded machine: the CONNACK waited until the spinner stopped, at
 * the form's 20 s time-out. The rest of a large batch is taken by an idle (at once when nothing
 * else waits: a flood into the CLI is not slowed) or, if frames keep that idle from running, a
 * frame later at the priority of I/O: a flood leaves the frame clock a turn, and is not starved
 * by it either. */
#define G_LOG_DOMAIN "fb-mqtt-client"

#include "config.h"

#include <string.h>

#include "fb-mqtt-client-private.h"

static void
event_free (Event *ev)
{
  g_free (ev->text);
  g_clear_pointer (&ev->message, fb_mqtt_message_free);
  g_free (ev);
}

/* What a queued message counts for against FB_MQTT_MAX_QUEUED_BYTES. */
static gsize
event_size (const Event *ev)
{
  if (ev->message == NULL)
    return FB_MQTT_QUEUED_OVERHEAD;
  return FB_MQTT_QUEUED_OVERHEAD + strlen (ev->message->topic)
         + (ev->message->payload != NULL ? g_bytes_get_size (ev->message->payload) : 0);
}

static Shared *
shared_ref (Shared *shared)
{
  g_atomic_ref_count_inc (&shared->ref_count);
  return shared;
}

void
_fb_mqtt_client_shared_unref (Shared *shared)
{
  if (g_atomic_ref_count_dec (&shared->ref_count))
    {
      g_queue_clear_full (&shared->events, (GDestroyNotify) event_free);
      /* Each holds a reference on shared: here they were destroyed with their context. */
      g_clear_pointer (&shared->rest_idle, g_source_unref);
      g_clear_pointer (&shared->rest_timeout, g_source_unref);
      g_mutex_clear (&shared->mutex);
      g_cond_clear (&shared->room);
      g_weak_ref_clear (&shared->client);
      g_main_context_unref (shared->context);
      g_free (shared);
    }
}

/* Owner thread, before the Paho handle goes (stop, a new attempt, dispose): a Paho thread waiting
 * for room must not wait for an owner that will not come; the bound holds again once the queue
 * has drained. */
void
_fb_mqtt_client_shared_no_wait (Shared *shared)
{
  g_mutex_lock (&shared->mutex);
  shared->no_wait = TRUE;
  g_cond_broadcast (&shared->room);
  g_mutex_unlock (&shared->mutex);
}

/* Owner-thread calls into Paho under way, of any client. Paho calls us on its one receiving
 * thread holding its one lock for every client, and its calls from the owner's thread take that
 * lock (a new handle and its callbacks, a connect, a subscription, a publish, isConnected, a
 * disconnect, a destroy): while one is under way, a push must not wait for an owner that waits
 * for Paho. The queue may then pass its bound by the messages that come meanwhile. */
static gint owner_calls_in_paho;

/* Owner thread, around every call into Paho that may take its lock (all but the frees and
 * strerror). Waiters of this client wake at once, those of another client within their next
 * wait (100 ms). */
void
_fb_mqtt_client_paho_enter (Shared *shared)
{
  g_atomic_int_inc (&owner_calls_in_paho);
  g_mutex_lock (&shared->mutex);
  g_cond_broadcast (&shared->room);
  g_mutex_unlock (&shared->mutex);
}

void
_fb_mqtt_client_paho_leave (void)
{
  g_atomic_int_add (&owner_calls_in_paho, -1);
}

static gboolean dispatch_events (gpointer data);

static GSource *
shared_attach (Shared  *shared,
               GSource *source,
               int      priority)
{
  g_source_set_priority (source, priority);
  g_source_set_callback (source, dispatch_events, shared_ref (shared),
                         (GDestroyNotify) _fb_mqtt_client_shared_unref);
  g_source_set_static_name (source, "[fb-mqtt-client] dispatch");
  g_source_attach (source, shared->context);
  return source;
}

/* Called on Paho's threads: queue (waiting for room if the owner is behind), and wake the owner
 * at most once per batch, no sooner than a frame after the last batch ended. */
static void
shared_push (Shared *shared,
             Event  *ev)
{
  gboolean wake;
  gint64 delay_us;

  g_mutex_lock (&shared->mutex);
  if (ev->kind == EV_MESSAGE)
    {
      while (shared->queued_bytes >= FB_MQTT_MAX_QUEUED_BYTES && !shared->no_wait
             && g_atomic_int_get (&owner_calls_in_paho) == 0)
        {
          shared->waiting++;
          g_cond_wait_until (&shared->room, &shared->mutex, g_get_monotonic_time () + 100 * G_TIME_SPAN_MILLISECOND);
          shared->waiting--;
        }
      shared->queued_bytes += event_size (ev);
    }
  g_queue_push_tail (&shared->events, ev);
  wake = !shared->wakeup_pending;
  shared->wakeup_pending = TRUE;
  delay_us = CLAMP (shared->next_dispatch - g_get_monotonic_time (), 0, FB_MQTT_DISPATCH_INTERVAL_US);
  g_mutex_unlock (&shared->mutex);

  if (wake)
    g_source_unref (shared_attach (shared, g_timeout_source_new ((guint) ((delay_us + 999) / 1000)),
                                   G_PRIORITY_DEFAULT));
}

/* Owner thread: whichever of the two ways to the rest of a batch comes first ends the other. */
static void
shared_clear_rest (Shared *shared)
{
  if (shared->rest_idle != NULL)
    g_source_destroy (shared->rest_idle);
  if (shared->rest_timeout != NULL)
    g_source_destroy (shared->rest_timeout);
  g_clear_pointer (&shared->rest_idle, g_source_unref);
  g_clear_pointer (&shared->rest_timeout, g_source_unref);
}

static Event *
event_new (EventKind kind)
{
  Event *ev = g_new0 (Event, 1);

  ev->kind = kind;
  return ev;
}

/* --- Paho callbacks (Paho threads) -------------------------------------------- */

void
_fb_mqtt_client_on_connection_lost (void *context,
                                    char *cause)
{
  Event *ev = event_new (EV_CONNECTION_LOST);

  ev->text = g_strdup (cause);
  shared_push (context, ev);
}

int
_fb_mqtt_client_on_message_arrived (void              *context,
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

void
_fb_mqtt_client_on_connect_success (void                  *context,
                                    MQTTAsync_successData *response)
{
  push_success (context, EV_CONNECTED, EV_CONNECTED, NULL, NULL, FALSE);
}

void
_fb_mqtt_client_on_connect_success5 (void                   *context,
                                     MQTTAsync_successData5 *response)
{
  push_success (context, EV_CONNECTED, EV_CONNECTED, NULL, NULL, FALSE);
}

void
_fb_mqtt_client_on_connect_failure (void                  *context,
                                    MQTTAsync_failureData *response)
{
  push_failure (context, EV_CONNECT_FAILED, response, NULL);
}

void
_fb_mqtt_client_on_connect_failure5 (void                   *context,
                                     MQTTAsync_failureData5 *response)
{
  push_failure (context, EV_CONNECT_FAILED, NULL, response);
}

void
_fb_mqtt_client_on_subscribe_success (void                  *context,
                                      MQTTAsync_successData *response)
{
  push_success (context, EV_SUBSCRIBED, EV_SUBSCRIBE_FAILED, response, NULL,
                response != NULL && response->alt.qos == 0x80);
}

void
_fb_mqtt_client_on_subscribe_success5 (void                   *context,
                                       MQTTAsync_successData5 *response)
{
  push_success (context, EV_SUBSCRIBED, EV_SUBSCRIBE_FAILED, NULL, response, FALSE);
}

void
_fb_mqtt_client_on_subscribe_failure (void                  *context,
                                      MQTTAsync_failureData *response)
{
  push_failure (context, EV_SUBSCRIBE_FAILED, response, NULL);
}

void
_fb_mqtt_client_on_subscribe_failure5 (void                   *context,
                                       MQTTAsync_failureData5 *response)
{
  push_failure (context, EV_SUBSCRIBE_FAILED, NULL, response);
}

void
_fb_mqtt_client_on_publish_success (void                  *context,
                                    MQTTAsync_successData *response)
{
  push_success (context, EV_PUBLISHED, EV_PUBLISH_FAILED, response, NULL, FALSE);
}

void
_fb_mqtt_client_on_publish_success5 (void                   *context,
                                     MQTTAsync_successData5 *response)
{
  push_success (context, EV_PUBLISHED, EV_PUBLISH_FAILED, NULL, response, FALSE);
}

void
_fb_mqtt_client_on_publish_failure (void                  *context,
                                    MQTTAsync_failureData *response)
{
  push_failure (context, EV_PUBLISH_FAILED, response, NULL);
}

void
_fb_mqtt_client_on_publish_failure5 (void                   *context,
                                     MQTTAsync_failureData5 *response)
{
  push_failure (context, EV_PUBLISH_FAILED, NULL, response);
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
        g_message ("Dropped a message of %d bytes on “%s”: larger than %d bytes",
                   ev->code, ev->text, FB_MQTT_MAX_MESSAGE_SIZE);
      else if (self->running)
        g_ptr_array_add (batch, g_steal_pointer (&ev->message));
      break;

    case EV_CONNECTED:
      if (!self->running || self->state != FB_MQTT_STATE_CONNECTING)
        break;
      _fb_mqtt_client_forget_attempt (self);
      _fb_mqtt_client_set_state (self, FB_MQTT_STATE_CONNECTED, NULL, 0);
      /* Clean sessions: the broker forgot our subscriptions, so make them again. */
      _fb_mqtt_client_subscribe_all (self);
      break;

    case EV_CONNECT_FAILED:
      if (self->running && self->state == FB_MQTT_STATE_CONNECTING)
        _fb_mqtt_client_handle_connect_failed (self, ev);
      break;

    case EV_CONNECTION_LOST:
      if (self->state == FB_MQTT_STATE_CONNECTED)
        {
          g_autofree char *why = g_strdup_printf ("The connection was lost%s%s",
                                                  ev->text != NULL ? ": " : "",
                                                  ev->text != NULL ? ev->text : "");
          _fb_mqtt_client_fail_pending_publishes (self,
                                                  "The connection was lost before the broker acknowledged the message");
          _fb_mqtt_client_schedule_retry (self, why);
        }
      break;

    case EV_SUBSCRIBED:
    case EV_SUBSCRIBE_FAILED:
      _fb_mqtt_client_handle_suback (self, ev);
      break;

    case EV_PUBLISHED:
    case EV_PUBLISH_FAILED:
      _fb_mqtt_client_complete_publish (self, ev);
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
  gboolean more;
  Event *ev;

  shared_clear_rest (shared);
  /* The wake-up stays pending while the batch is handled: what comes meanwhile is the rest. */
  g_mutex_lock (&shared->mutex);
  for (guint i = 0; i < FB_MQTT_DISPATCH_MAX && (ev = g_queue_pop_head (&shared->events)) != NULL; i++)
    {
      if (ev->kind == EV_MESSAGE)
        shared->queued_bytes -= event_size (ev);
      g_queue_push_tail (&events, ev);
    }
  g_cond_broadcast (&shared->room);
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
    g_signal_emit (self, _fb_mqtt_client_signals[SIGNAL_MESSAGES], 0, batch);

  g_mutex_lock (&shared->mutex);
  shared->next_dispatch = g_get_monotonic_time () + FB_MQTT_DISPATCH_INTERVAL_US;
  more = !g_queue_is_empty (&shared->events);
  if (!more)
    {
      shared->wakeup_pending = FALSE;
      shared->no_wait = FALSE;
    }
  g_mutex_unlock (&shared->mutex);

  if (more)
    {
      shared->rest_idle = shared_attach (shared, g_idle_source_new (), G_PRIORITY_DEFAULT_IDLE);
      shared->rest_timeout = shared_attach (shared, g_timeout_source_new (FB_MQTT_DISPATCH_INTERVAL_US / 1000),
                                            G_PRIORITY_DEFAULT);
    }
  return G_SOURCE_REMOVE;
}

