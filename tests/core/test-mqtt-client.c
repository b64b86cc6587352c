/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-mqtt-client.c: FbMqttClient against a real Mosquitto: drops seen within a second,
 * reconnect and re-subscribe after a broker restart, clean shutdown in every state, answers
 * and frames that do not starve each other, and no secret in the logs. */
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "fb-mosquitto.h"
#include "fb-mqtt-client.h"
#include "fb-mqtt-client-private.h"   /* the queue between Paho's thread and the main loop */
#include "fb-static-credentials-provider.h"
#include "fb-test-sim.h"

typedef struct
{
  FbMqttClient *client;
  GPtrArray    *topics;
} Probe;

static void
on_messages (FbMqttClient *client,
             GPtrArray    *batch,
             Probe        *probe)
{
  for (guint i = 0; i < batch->len; i++)
    g_ptr_array_add (probe->topics, g_strdup (((FbMqttMessage *) g_ptr_array_index (batch, i))->topic));
}

typedef struct
{
  FbMqttClient *client;
  FbMqttState   state;
} StateWait;

static gboolean
in_state (gpointer data)
{
  StateWait *wait = data;

  return fb_mqtt_client_get_state (wait->client) == wait->state;
}

static gboolean
wait_state (FbMqttClient *client,
            FbMqttState   state,
            gint64        timeout_ms)
{
  StateWait wait = { client, state };

  return fb_test_wait_for (in_state, &wait, (guint) ((timeout_ms + 999) / 1000));
}

static gboolean
is_subscribed (gpointer client)
{
  return fb_mqtt_client_get_subscribed (client);
}

static void
publish (FbMosquitto *broker,
         const char  *topic)
{
  g_autofree char *port = g_strdup_printf ("%u", fb_mosquitto_get_port (broker));
  const char *argv[] = { "mosquitto_pub", "-h", "127.0.0.1", "-p", port, "-t", topic, "-m", "{}", NULL };
  int status = -1;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status, NULL));
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}

typedef struct
{
  Probe      *probe;
  const char *topic;
} TopicWait;

static gboolean
has_topic (gpointer data)
{
  TopicWait *wait = data;

  for (guint i = 0; i < wait->probe->topics->len; i++)
    if (g_str_equal (g_ptr_array_index (wait->probe->topics, i), wait->topic))
      return TRUE;
  return FALSE;
}

/* Once subscribed (SUBACK), one message on @topic arrives. */
static gboolean
wait_topic (Probe       *probe,
            FbMosquitto *broker,
            const char  *topic)
{
  TopicWait wait = { probe, topic };

  if (!fb_test_wait_for (is_subscribed, probe->client, 10))
    return FALSE;
  publish (broker, topic);
  return fb_test_wait_for (has_topic, &wait, 10);
}

/* A client of @broker subscribed to orders/events/#, connected and hearing. */
static void
probe_start (Probe       *probe,
             FbMosquitto *broker)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;

  g_assert_true (fb_mosquitto_start (broker, FALSE, &error));
  url = fb_mosquitto_get_url (broker);
  probe->topics = g_ptr_array_new_with_free_func (g_free);
  probe->client = fb_mqtt_client_new_for_broker (url, NULL, &error);
  g_assert_no_error (error);
  fb_mqtt_client_add_subscription (probe->client, "orders/events/#", 1);
  g_signal_connect (probe->client, "messages", G_CALLBACK (on_messages), probe);
  fb_mqtt_client_start (probe->client);
  g_assert_true (wait_state (probe->client, FB_MQTT_STATE_CONNECTED, 10000));
}

typedef struct
{
  guint    received;
  guint    largest_batch;
  gboolean in_order;
} Flood;

#define FLOOD_PAYLOAD (16 * 1024)

static void
on_flood (FbMqttClient *client,
          GPtrArray    *batch,
          Flood        *flood)
{
  flood->largest_batch = MAX (flood->largest_batch, batch->len);
  for (guint i = 0; i < batch->len; i++)
    {
      FbMqttMessage *m = g_ptr_array_index (batch, i);
      g_autofree char *expected = NULL;
      gsize len;
      const char *data = g_bytes_get_data (m->payload, &len);

      if (!g_str_equal (m->topic, "orders/events/flood"))
        continue;
      /* Each payload is its number, padded with spaces. */
      expected = g_strdup_printf ("%u ", flood->received);
      if (len != FLOOD_PAYLOAD || strncmp (data, expected, strlen (expected)) != 0)
        flood->in_order = FALSE;
      flood->received++;
    }
}

static gsize
queued_bytes (FbMqttClient *client)
{
  gsize n;

  g_mutex_lock (&client->shared->mutex);
  n = client->shared->queued_bytes;
  g_mutex_unlock (&client->shared->mutex);
  return n;
}

/* Whether Paho's thread waits for room in @client's queue within @seconds. The main loop must not
 * run meanwhile (it would take from the queue), and nothing signals the owner when a Paho thread
 * starts to wait: a look every millisecond. */
static gboolean
paho_waits_for_room (FbMqttClient *client,
                     guint         seconds)
{
  gint64 deadline = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;
  guint waiting;

  for (;;)
    {
      g_mutex_lock (&client->shared->mutex);
      waiting = client->shared->waiting;
      g_mutex_unlock (&client->shared->mutex);
      if (waiting > 0 || g_get_monotonic_time () >= deadline)
        return waiting > 0;
      g_usleep (1000);
    }
}

/* Publishes @n numbered payloads of FLOOD_PAYLOAD bytes to orders/events/flood on @broker while the
 * main loop does not run, and waits until Paho's thread filled the queue up to its bound and
 * waits. Returns the bytes then queued; the temporary file goes before it returns. */
static gsize
flood_until_bound (Probe       *probe,
                   FbMosquitto *broker,
                   guint        n)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *command = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  gsize most;
  int fd, status = -1;

  g_assert_true (wait_topic (probe, broker, "orders/events/ready"));

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *number = g_strdup_printf ("%u ", i);

      g_string_append (text, number);
      for (gsize j = strlen (number); j < FLOOD_PAYLOAD; j++)
        g_string_append_c (text, ' ');
      g_string_append_c (text, '\n');
    }
  fd = g_file_open_tmp ("fb-flood-XXXXXX", &path, &error);
  g_assert_no_error (error);
  close (fd);
  g_assert_true (g_file_set_contents (path, text->str, text->len, &error));
  command = g_strdup_printf ("mosquitto_pub -h 127.0.0.1 -p %u -t orders/events/flood -q 1 -l < %s",
                             fb_mosquitto_get_port (broker), path);
  {
    const char *argv[] = { "sh", "-c", command, NULL };
    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL,
                                 &status, NULL));
    g_assert_true (g_spawn_check_wait_status (status, NULL));
  }
  g_unlink (path);

  /* The main loop does not run: Paho's thread fills the queue up to its bound and waits. */
  g_assert_true (paho_waits_for_room (probe->client, 20));
  most = queued_bytes (probe->client);
  g_test_message ("%" G_GSIZE_FORMAT " bytes queued while the main loop was away", most);
  g_assert_cmpuint (most, >=, FB_MQTT_MAX_QUEUED_BYTES);
  return most;
}

/* One and a half times the bound: 768 messages. Mosquitto keeps at most 1000 queued and 20 in
 * flight for a client and drops the rest; a flood near that (1024 before) lost a few messages when
 * the client had taken few of them yet, on a loaded machine. */
#define FLOOD_MESSAGES (3 * FB_MQTT_MAX_QUEUED_BYTES / 2 / FLOOD_PAYLOAD)
#define FLOOD_BOUND    (FB_MQTT_MAX_QUEUED_BYTES + FLOOD_PAYLOAD + FB_MQTT_QUEUED_OVERHEAD + 64)

/* A flood while the main loop is busy elsewhere: the queue stops at its bound (Paho's thread
 * waits), then every message arrives, in order, in batches of a bounded size. */
typedef struct
{
  Flood        *flood;
  FbMqttClient *client;
  gsize         most;   /* bytes queued, the most seen */
} FloodWatch;

static gboolean
flood_drained (gpointer data)
{
  FloodWatch *watch = data;

  watch->most = MAX (watch->most, queued_bytes (watch->client));
  return watch->flood->received >= FLOOD_MESSAGES;
}

static void
test_flood_is_bounded (void)
{
  g_autoptr(FbMosquitto) broker = fb_mosquitto_new ();
  Probe probe = { 0 };
  Flood flood = { 0, 0, TRUE };
  FloodWatch watch = { &flood };

  probe_start (&probe, broker);
  g_signal_connect (probe.client, "messages", G_CALLBACK (on_flood), &flood);
  watch.client = probe.client;
  watch.most = flood_until_bound (&probe, broker, FLOOD_MESSAGES);
  g_assert_cmpuint (watch.most, <=, FLOOD_BOUND);

  /* Looked at after every main-loop iteration, each a batch at most. */
  g_assert_true (fb_test_wait_for (flood_drained, &watch, 60));
  g_assert_cmpuint (flood.received, ==, FLOOD_MESSAGES);
  g_assert_true (flood.in_order);
  g_assert_cmpuint (watch.most, <=, FLOOD_BOUND);
  g_assert_cmpuint (flood.largest_batch, <=, FB_MQTT_DISPATCH_MAX);

  fb_mqtt_client_stop (probe.client);
  g_clear_object (&probe.client);
  g_ptr_array_unref (probe.topics);
}

static void
on_published (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GError **error = user_data;

  g_assert_true (fb_mqtt_client_publish_finish (FB_MQTT_CLIENT (source), result, error) || *error != NULL);
  if (*error == NULL)
    *error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_EXISTS, "acknowledged");
}

/* Where the test is, on stderr (the subprocess shares it): a child killed on its time-out has no
 * stdout to show, and still says where it was. */
static void
say_now (const char *what)
{
  g_printerr ("# %s\n", what);
}

static gboolean
flood_received (gpointer data)
{
  return ((Flood *) data)->received >= FLOOD_MESSAGES;
}

static gboolean
is_set (gpointer data)
{
  return *(gpointer *) data != NULL;
}

static gboolean
is_connected (gpointer client)
{
  return fb_mqtt_client_get_state (client) == FB_MQTT_STATE_CONNECTED;
}

/* The main loop runs again: every message of the flood arrives, in order. */
static void
assert_flood_drained (Flood *flood)
{
  g_autofree char *said = NULL;

  fb_test_wait_for (flood_received, flood, 60);
  said = g_strdup_printf ("%u of %u messages, in order: %s", flood->received, (guint) FLOOD_MESSAGES,
                          flood->in_order ? "yes" : "no");
  say_now (said);
  g_assert_cmpuint (flood->received, ==, FLOOD_MESSAGES);
  g_assert_true (flood->in_order);
}

/* Paho calls us on its one receiving thread holding its one lock, and every Paho call from the
 * owner's thread takes that lock: while the queue is at its bound and Paho's thread waits for
 * room, a publish, a stop of another client and its handle's destruction, a new client's handle
 * and connect must each not wait for a Paho thread that waits for the owner. Each is made during
 * a flood of its own, once Paho's thread is seen waiting (while one is under way Paho's thread
 * does not wait, and may take in the rest of the flood); the messages on stderr say which one
 * hung. Run in a subprocess: the bug is a main thread blocked for ever. */
static void
test_flood_owner_calls_paho (void)
{
  g_autoptr(FbMosquitto) broker = NULL;
  g_autoptr(FbMqttClient) second = NULL;
  g_autoptr(FbMqttClient) third = NULL;
  g_autoptr(GBytes) payload = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) published = NULL;
  g_autofree char *url = NULL;
  Probe probe = { 0 };
  Flood flood = { 0, 0, TRUE };
  const Flood fresh = { 0, 0, TRUE };

  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 150 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_test_trap_assert_passed ();
      return;
    }

  broker = fb_mosquitto_new ();
  probe_start (&probe, broker);
  g_signal_connect (probe.client, "messages", G_CALLBACK (on_flood), &flood);
  url = fb_mosquitto_get_url (broker);
  third = fb_mqtt_client_new_for_broker (url, NULL, &error);
  g_assert_no_error (error);
  fb_mqtt_client_start (third);
  g_assert_true (wait_state (third, FB_MQTT_STATE_CONNECTED, 10000));

  /* A feed sent over MQTT (QoS 1). */
  flood_until_bound (&probe, broker, FLOOD_MESSAGES);
  say_now ("a publish while Paho's thread waits for room");
  payload = g_bytes_new_static ("{\"event\":\"SINGLE\"}", 18);
  fb_mqtt_client_publish_async (probe.client, "cat-feeder/action", payload, 1, NULL, on_published, &published);
  assert_flood_drained (&flood);
  g_assert_true (fb_test_wait_for (is_set, &published, 30));
  g_assert_error (published, G_IO_ERROR, G_IO_ERROR_EXISTS);   /* the broker acknowledged it */

  /* Test Connection's client, done: stopped (isConnected, disconnect) and dropped (destroy). */
  flood = fresh;
  flood_until_bound (&probe, broker, FLOOD_MESSAGES);
  say_now ("another client stopped and dropped while Paho's thread waits for room");
  fb_mqtt_client_stop (third);
  g_clear_object (&third);
  assert_flood_drained (&flood);

  /* A new connection (a new handle, its callbacks, a connect). */
  flood = fresh;
  flood_until_bound (&probe, broker, FLOOD_MESSAGES);
  say_now ("another client started while Paho's thread waits for room");
  second = fb_mqtt_client_new_for_broker (url, NULL, &error);
  g_assert_no_error (error);
  fb_mqtt_client_start (second);
  assert_flood_drained (&flood);
  g_assert_true (fb_test_wait_for (is_connected, second, 30));

  fb_mqtt_client_stop (second);
  fb_mqtt_client_stop (probe.client);
  g_clear_object (&probe.client);
  g_ptr_array_unref (probe.topics);
}

static void
test_drop_and_restart (void)
{
  g_autoptr(FbMosquitto) broker = fb_mosquitto_new ();
  g_autoptr(GError) error = NULL;
  Probe probe = { 0 };
  gint64 killed_at;

  probe_start (&probe, broker);
  g_assert_true (wait_topic (&probe, broker, "orders/events/before"));

  killed_at = g_get_monotonic_time ();
  fb_mosquitto_kill (broker);
  g_assert_true (wait_state (probe.client, FB_MQTT_STATE_RECONNECTING, 1000));
  g_test_message ("drop noticed after %" G_GINT64_FORMAT " ms", (g_get_monotonic_time () - killed_at) / 1000);
  g_assert_nonnull (fb_mqtt_client_get_state_reason (probe.client));
  g_assert_cmpint (fb_mqtt_client_get_retry_at (probe.client), >, g_get_real_time ());

  g_assert_true (fb_mosquitto_restart (broker, &error));
  g_assert_true (wait_state (probe.client, FB_MQTT_STATE_CONNECTED, 15000));
  /* Arrives only if the client subscribed again on the new (clean) session. */
  g_assert_true (wait_topic (&probe, broker, "orders/events/after"));

  fb_mqtt_client_stop (probe.client);
  g_assert_cmpint (fb_mqtt_client_get_state (probe.client), ==, FB_MQTT_STATE_DISCONNECTED);
  g_clear_object (&probe.client);
  g_ptr_array_unref (probe.topics);
}

static gboolean
busy_frame_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* A window whose frame clock never goes idle (a spinner on a loaded machine: each frame takes
   longer than the frame before it leaves): connecting must still be seen, the messages may wait. */
static void
test_connects_under_busy_redraws (void)
{
  g_autoptr(FbMosquitto) broker = fb_mosquitto_new ();
  g_autoptr(FbMqttClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  guint busy;

  g_assert_true (fb_mosquitto_start (broker, FALSE, &error));
  url = fb_mosquitto_get_url (broker);
  client = fb_mqtt_client_new_for_broker (url, NULL, &error);
  g_assert_no_error (error);
  fb_mqtt_client_add_subscription (client, "orders/events/#", 1);
  /* GDK paints at G_PRIORITY_HIGH_IDLE + 20. */
  busy = g_idle_add_full (G_PRIORITY_HIGH_IDLE + 20, busy_frame_cb, NULL, NULL);
  fb_mqtt_client_start (client);
  g_assert_true (wait_state (client, FB_MQTT_STATE_CONNECTED, 10000));
  g_source_remove (busy);
  fb_mqtt_client_stop (client);
}

typedef struct
{
  guint notifies;
  guint batches;
} Calls;

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              Calls      *calls)
{
  calls->notifies++;
}

static void
count_batch (FbMqttClient *client,
             GPtrArray    *batch,
             Calls        *calls)
{
  calls->batches++;
}

static gboolean
is_cleared (gpointer data)
{
  return *(gpointer *) data == NULL;
}

/* Stops @client (the only reference) and checks what a stop guarantees in any state: it returns
 * at once, the state is Disconnected without a reason, a publish under way fails in words, no
 * signal comes after it, and the client is freed (nothing of it is kept alive). */
static void
assert_clean_stop (FbMqttClient  *client,
                   GAsyncResult **publish_result,
                   const char    *when)
{
  Calls calls = { 0 };
  gpointer alive = client;
  gint64 started;

  g_test_message ("stopping %s", when);
  started = g_get_monotonic_time ();
  fb_mqtt_client_stop (client);
  g_assert_cmpint (g_get_monotonic_time () - started, <, G_USEC_PER_SEC);
  g_assert_cmpint (fb_mqtt_client_get_state (client), ==, FB_MQTT_STATE_DISCONNECTED);
  g_assert_null (fb_mqtt_client_get_state_reason (client));
  g_assert_cmpint (fb_mqtt_client_get_retry_at (client), ==, 0);
  g_assert_false (fb_mqtt_client_get_subscribed (client));

  if (publish_result != NULL)
    {
      g_autoptr(GError) error = NULL;

      g_assert_nonnull (fb_test_wait_for_result (publish_result, 5));
      g_assert_false (fb_mqtt_client_publish_finish (client, *publish_result, &error));
      g_assert_error (error, FB_MQTT_ERROR, FB_MQTT_ERROR_CONNECTION_LOST);
      g_clear_object (publish_result);
    }

  g_signal_connect (client, "notify", G_CALLBACK (count_notify), &calls);
  g_signal_connect (client, "messages", G_CALLBACK (count_batch), &calls);
  /* A window for anything Paho still had on its way (an answer, a time-out, a retry). */
  fb_test_run_for (500);
  g_assert_cmpuint (calls.notifies, ==, 0);
  g_assert_cmpuint (calls.batches, ==, 0);
  g_signal_handlers_disconnect_by_data (client, &calls);

  g_object_add_weak_pointer (G_OBJECT (client), &alive);
  started = g_get_monotonic_time ();
  g_object_unref (client);
  /* Whatever still holds it (a probe, a credentials load) lets go soon. */
  g_assert_true (fb_test_wait_for (is_cleared, &alive, 5));
  g_assert_cmpint (g_get_monotonic_time () - started, <, 5 * G_USEC_PER_SEC);
}

static FbMqttClient *
new_client (const char *url)
{
  g_autoptr(GError) error = NULL;
  FbMqttClient *client = fb_mqtt_client_new_for_broker (url, NULL, &error);

  g_assert_no_error (error);
  fb_mqtt_client_add_subscription (client, "orders/events/#", 1);
  return client;
}

static void
test_shutdown_in_every_state (void)
{
  g_autoptr(FbMosquitto) broker = fb_mosquitto_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) mute = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any_port = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) mute_address = NULL;
  g_autoptr(GAsyncResult) published = NULL;
  g_autoptr(GBytes) payload = g_bytes_new_static ("{}", 2);
  guint16 dead_port = fb_free_loopback_port (&error);
  g_autofree char *dead_url = g_strdup_printf ("mqtt://127.0.0.1:%u", dead_port);
  g_autofree char *mute_url = NULL;
  FbMqttClient *client;

  /* Never started. */
  assert_clean_stop (new_client (dead_url), NULL, "before it started");

  /* Connecting: the TCP connection is taken (a listening socket nobody accepts from) but no
   * CONNACK ever comes; a publish meanwhile fails at once, a stop must not wait for Paho's
   * connect time-out. */
  mute = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_assert_true (g_socket_bind (mute, any_port, TRUE, &error));
  g_assert_true (g_socket_listen (mute, &error));
  mute_address = g_socket_get_local_address (mute, &error);
  g_assert_no_error (error);
  mute_url = g_strdup_printf ("mqtt://127.0.0.1:%u",
                              g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (mute_address)));
  client = new_client (mute_url);
  fb_mqtt_client_start (client);
  g_assert_cmpint (fb_mqtt_client_get_state (client), ==, FB_MQTT_STATE_CONNECTING);
  fb_test_run_for (300);
  g_assert_cmpint (fb_mqtt_client_get_state (client), ==, FB_MQTT_STATE_CONNECTING);
  assert_clean_stop (client, NULL, "while connecting");

  /* Waiting to reconnect, the failure explained. */
  client = new_client (dead_url);
  fb_mqtt_client_start (client);
  g_assert_true (wait_state (client, FB_MQTT_STATE_RECONNECTING, 5));
  g_assert_cmpint (fb_mqtt_client_get_retry_at (client), >, 0);
  assert_clean_stop (client, NULL, "while waiting to reconnect");

  /* Connected and subscribed, with a QoS 1 publish the broker (stopped) never acknowledges. */
  g_assert_true (fb_mosquitto_start (broker, FALSE, &error));
  {
    g_autofree char *url = fb_mosquitto_get_url (broker);

    client = new_client (url);
  }
  fb_mqtt_client_start (client);
  g_assert_true (fb_test_wait_for (is_subscribed, client, 10));
  g_assert_cmpint (kill (fb_mosquitto_get_pid (broker), SIGSTOP), ==, 0);
  fb_mqtt_client_publish_async (client, "orders/events/x", payload, 1, NULL, fb_test_keep_result, &published);
  fb_test_run_for (100);
  g_assert_null (published);   /* still waiting for its PUBACK */
  assert_clean_stop (client, &published, "while connected, a publish under way");
  g_assert_cmpint (kill (fb_mosquitto_get_pid (broker), SIGCONT), ==, 0);

  /* Dropped without a stop, connecting and connected: freed all the same, and what Paho still
   * delivers for it afterwards is dropped (a crash or a leak here otherwise). */
  {
    g_autofree char *url = fb_mosquitto_get_url (broker);
    const char *urls[] = { dead_url, url };

    for (guint i = 0; i < G_N_ELEMENTS (urls); i++)
      {
        gpointer alive = client = new_client (urls[i]);

        fb_mqtt_client_start (client);
        if (i == 1)
          g_assert_true (fb_test_wait_for (is_subscribed, client, 10));
        g_object_add_weak_pointer (G_OBJECT (client), &alive);
        g_object_unref (client);
        g_assert_true (fb_test_wait_for (is_cleared, &alive, 5));
        fb_test_run_for (500);
      }
  }
  fb_mosquitto_stop (broker);
}

/* A frame clock whose frames take longer than a frame (an animation on a loaded machine): at
 * GDK's paint priority and always ready. */
typedef struct
{
  GSource source;
  guint   frames;
} SlowFrames;

static gboolean
slow_frames_prepare (GSource *source,
                     int     *timeout)
{
  *timeout = 0;
  return TRUE;
}

static gboolean
slow_frames_dispatch (GSource     *source,
                      GSourceFunc  callback,
                      gpointer     data)
{
  ((SlowFrames *) source)->frames++;
  g_usleep (20 * 1000);   /* the frame's drawing */
  return G_SOURCE_CONTINUE;
}

static GSourceFuncs slow_frames_funcs = { slow_frames_prepare, NULL, slow_frames_dispatch, NULL, NULL, NULL };

static SlowFrames *
slow_frames_start (void)
{
  GSource *source = g_source_new (&slow_frames_funcs, sizeof (SlowFrames));

  g_source_set_priority (source, G_PRIORITY_HIGH_IDLE + 20);   /* GDK_PRIORITY_REDRAW */
  g_source_attach (source, NULL);
  return (SlowFrames *) source;
}

static void
slow_frames_stop (SlowFrames *frames)
{
  g_source_destroy ((GSource *) frames);
  g_source_unref ((GSource *) frames);
}

/* The connection's answers get through while frames are late (Test Connection's spinner on a
 * busy machine once waited 20 s for its CONNACK), and frames get drawn between the batches of
 * a flood of messages. */
typedef struct
{
  SlowFrames *frames;
  GArray     *frames_at_batch;   /* frames drawn when each batch came */
  guint       received;
} FramedFlood;

static void
on_framed_batch (FbMqttClient *client,
                 GPtrArray    *batch,
                 FramedFlood  *flood)
{
  flood->received += batch->len;
  g_array_append_val (flood->frames_at_batch, flood->frames->frames);
}

/* Within what Mosquitto queues for a slow subscriber by default (1000 and 20 in flight): past
   it the broker drops QoS 1 messages, and the count would say nothing about the client. */
#define FRAMED_FLOOD_SIZE 1000

static gboolean
framed_flood_received (gpointer data)
{
  return ((FramedFlood *) data)->received >= FRAMED_FLOOD_SIZE;
}

static void
test_answers_and_frames_share (void)
{
  g_autoptr(FbMosquitto) broker = fb_mosquitto_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(FbMqttClient) client = NULL;
  g_autoptr(GSubprocess) publisher = NULL;
  g_autoptr(GString) lines = g_string_new (NULL);
  g_autofree char *url = NULL;
  g_autofree char *port = NULL;
  FramedFlood flood = { 0 };
  guint frames_before;

  g_assert_true (fb_mosquitto_start (broker, FALSE, &error));
  url = fb_mosquitto_get_url (broker);
  port = g_strdup_printf ("%u", fb_mosquitto_get_port (broker));
  client = new_client (url);
  flood.frames = slow_frames_start ();
  flood.frames_at_batch = g_array_new (FALSE, FALSE, sizeof (guint));
  g_signal_connect (client, "messages", G_CALLBACK (on_framed_batch), &flood);

  fb_mqtt_client_start (client);
  g_assert_true (fb_test_wait_for (is_subscribed, client, 10));
  g_assert_cmpuint (flood.frames->frames, >, 0);

  for (guint i = 0; i < FRAMED_FLOOD_SIZE; i++)
    g_string_append_printf (lines, "{\"n\":%u}\n", i);
  publisher = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE, &error, "mosquitto_pub", "-h", "127.0.0.1",
                                "-p", port, "-t", "orders/events/flood", "-q", "1", "-l", NULL);
  g_assert_no_error (error);
  frames_before = flood.frames->frames;
  /* Published while the loop runs: the messages come in while batches are handled. */
  g_subprocess_communicate_utf8_async (publisher, lines->str, NULL, NULL, NULL);
  fb_test_wait_for (framed_flood_received, &flood, 60);
  g_assert_cmpuint (flood.received, ==, FRAMED_FLOOD_SIZE);
  g_assert_true (g_subprocess_wait_check (publisher, NULL, &error));
  g_test_message ("%u messages in %u batches, %u frames", flood.received, flood.frames_at_batch->len,
                  flood.frames->frames - frames_before);
  /* Between any two batches a frame was drawn. */
  for (guint i = 1; i < flood.frames_at_batch->len; i++)
    g_assert_cmpuint (g_array_index (flood.frames_at_batch, guint, i), >,
                      g_array_index (flood.frames_at_batch, guint, i - 1));

  fb_mqtt_client_stop (client);
  slow_frames_stop (flood.frames);
  g_array_unref (flood.frames_at_batch);
}

static void
test_bad_urls (void)
{
  const char *bad[] = { "http://example.com", "mqtt://", "not a url", "mqtt://host/path", NULL };

  for (guint i = 0; bad[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(FbMqttClient) client = fb_mqtt_client_new_for_broker (bad[i], NULL, &error);

      g_assert_null (client);
      g_assert_error (error, FB_MQTT_ERROR, FB_MQTT_ERROR_INVALID_URL);
    }
}

static GString *captured;

/* Keeps every message (debug included) while a test captures, and lets the rest through. */
static GLogWriterOutput
capture_writer_or_default (GLogLevelFlags   level,
                           const GLogField *fields,
                           gsize            n_fields,
                           gpointer         user_data)
{
  if (captured == NULL)
    return g_log_writer_default (level, fields, n_fields, user_data);

  for (gsize i = 0; i < n_fields; i++)
    if (g_str_equal (fields[i].key, "MESSAGE"))
      g_string_append_printf (captured, "%s\n", (const char *) fields[i].value);
  return G_LOG_WRITER_HANDLED;
}

/* GLib 2.84's test framework (Debian 13) prints g_log () messages itself, from the default
 * handler it installs, without passing them to the writer: capture them there too. */
static GLogFunc test_default_handler;

static void
capture_handler_or_default (const char     *log_domain,
                            GLogLevelFlags  level,
                            const char     *message,
                            gpointer        user_data)
{
  if (captured == NULL)
    test_default_handler (log_domain, level, message, user_data);
  else
    g_string_append_printf (captured, "%s\n", message);
}

static void
test_no_secrets_in_logs (void)
{
  g_autoptr(GError) error = NULL;
  guint16 dead_port = fb_free_loopback_port (&error);
  g_autofree char *endpoint = g_strdup_printf ("ws://127.0.0.1:%u", dead_port);
  g_autoptr(FbCredentials) creds = fb_credentials_new ("AKIDLOGTEST", "SECRETSECRETSECRET", "TOKENTOKENTOKEN", NULL);
  g_autoptr(FbCredentialsProvider) provider = fb_static_credentials_provider_new (creds);
  g_autoptr(FbMqttClient) client = NULL;

  captured = g_string_new (NULL);

  client = fb_mqtt_client_new_for_aws_iot (endpoint, "us-east-1", provider, NULL, &error);
  g_assert_no_error (error);
  fb_mqtt_client_start (client);
  g_assert_true (wait_state (client, FB_MQTT_STATE_RECONNECTING, 5000));
  g_assert_null (strstr (fb_mqtt_client_get_state_reason (client), "X-Amz"));
  fb_mqtt_client_stop (client);

  g_assert_nonnull (strstr (captured->str, "connecting to"));   /* it did log, redacted */
  g_assert_null (strstr (captured->str, "X-Amz-Signature"));
  g_assert_null (strstr (captured->str, "X-Amz-Credential"));
  g_assert_null (strstr (captured->str, "SECRETSECRETSECRET"));
  g_assert_null (strstr (captured->str, "TOKENTOKENTOKEN"));
  g_string_free (captured, TRUE);
  captured = NULL;
}

/* A failed attempt is explained (the probe), also after the client was stopped and started
 * again; the words name the cause instead of Paho's "socket error". */
static void
test_failure_explained_after_restart (void)
{
  g_autoptr(GError) error = NULL;
  guint16 dead_port = fb_free_loopback_port (&error);
  g_autofree char *dead_url = g_strdup_printf ("mqtt://127.0.0.1:%u", dead_port);
  g_autoptr(FbMqttClient) client = fb_mqtt_client_new_for_broker (dead_url, NULL, &error);

  g_assert_no_error (error);
  for (guint round = 0; round < 2; round++)
    {
      fb_mqtt_client_start (client);
      g_assert_true (wait_state (client, FB_MQTT_STATE_RECONNECTING, 5000));
      g_assert_nonnull (strstr (fb_mqtt_client_get_state_reason (client), "Nothing is listening at 127.0.0.1:"));
      g_assert_nonnull (strstr (fb_mqtt_client_get_state_reason (client), "connection refused"));
      fb_mqtt_client_stop (client);
      g_assert_cmpint (fb_mqtt_client_get_state (client), ==, FB_MQTT_STATE_DISCONNECTED);
    }
}

static void
test_backoff (void)
{
  /* Full jitter between 1 s and a ceiling that doubles up to 120 s. */
  g_assert_cmpuint (fb_mqtt_backoff_delay_ms (1, 1.0), ==, 1000);
  g_assert_cmpuint (fb_mqtt_backoff_delay_ms (2, 1.0), ==, 2000);
  g_assert_cmpuint (fb_mqtt_backoff_delay_ms (4, 1.0), ==, 8000);
  g_assert_cmpuint (fb_mqtt_backoff_delay_ms (4, 0.0), ==, 1000);
  /* The longest wait a person sees is 30 s (issue 15). */
  g_assert_cmpuint (fb_mqtt_backoff_delay_ms (5, 1.0), ==, 16000);
  g_assert_cmpuint (fb_mqtt_backoff_delay_ms (6, 1.0), ==, 30000);
  g_assert_cmpuint (fb_mqtt_backoff_delay_ms (30, 1.0), ==, 30000);
  g_assert_cmpuint (fb_mqtt_backoff_delay_ms (30, 0.5), ==, 15500);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_log_set_writer_func (capture_writer_or_default, NULL, NULL);
  test_default_handler = g_log_set_default_handler (capture_handler_or_default, NULL);

  g_test_add_func ("/mqtt-client/backoff", test_backoff);
  g_test_add_func ("/mqtt-client/bad-urls", test_bad_urls);
  g_test_add_func ("/mqtt-client/connects-under-busy-redraws", test_connects_under_busy_redraws);
  g_test_add_func ("/mqtt-client/drop-and-restart", test_drop_and_restart);
  g_test_add_func ("/mqtt-client/flood-is-bounded", test_flood_is_bounded);
  g_test_add_func ("/mqtt-client/flood-owner-calls-paho", test_flood_owner_calls_paho);
  g_test_add_func ("/mqtt-client/shutdown-in-every-state", test_shutdown_in_every_state);
  g_test_add_func ("/mqtt-client/answers-and-frames-share", test_answers_and_frames_share);
  g_test_add_func ("/mqtt-client/no-secrets-in-logs", test_no_secrets_in_logs);
  g_test_add_func ("/mqtt-client/failure-explained-after-restart", test_failure_explained_after_restart);

  return g_test_run ();
}
