/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-sim.c: feedboard-sim end to end, over real HTTP and a real Mosquitto: the SigV4
 * gateway lets a correctly presigned client in and refuses every kind of bad signature,
 * PutEvents is archived and reaches the feeder, and the sim leaves nothing behind. */
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <MQTTAsync.h>

#include "fb-iot-presign.h"
#include "fb-mqtt-client.h"
#include "fb-order-event.h"
#include "fb-sigv4.h"
#include "fb-static-credentials-provider.h"
#include "fb-test-sim.h"

typedef FbTestSim Sim;
#define sim_start(sim, arg) fb_test_sim_start ((sim), (arg), NULL)
#define sim_stop(sim)       fb_test_sim_stop (sim)
#define var(sim, name)      fb_test_sim_var ((sim), (name))

static FbCredentials *
static_creds (Sim *sim)
{
  return fb_credentials_new (var (sim, "AWS_ACCESS_KEY_ID"), var (sim, "AWS_SECRET_ACCESS_KEY"), NULL, NULL);
}

#define wait_for fb_test_wait_for

/* --- WebSocket upgrade over plain HTTP, to read the gateway's status and body ---- */

/* A raw HTTP/1.1 upgrade request, so that the Host header is exactly what the test says. */
static guint
upgrade (const char  *url,
         const char  *host_header,
         char       **body_out)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_ENCODED, NULL);
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GString) request = g_string_new (NULL);
  g_autoptr(GByteArray) response = g_byte_array_new ();
  g_autofree char *default_host = NULL;
  g_autofree char *text = NULL;
  GInputStream *in;
  guint8 buf[4096];
  gssize n;
  guint status = 0;
  const char *body;

  g_socket_client_set_timeout (client, 10);
  connection = g_socket_client_connect_to_host (client, g_uri_get_host (uri), g_uri_get_port (uri), NULL, NULL);
  g_assert_nonnull (connection);

  default_host = g_strdup_printf ("%s:%d", g_uri_get_host (uri), g_uri_get_port (uri));
  g_string_append_printf (request,
                          "GET %s?%s HTTP/1.1\r\nHost: %s\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
                          "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                          "Sec-WebSocket-Protocol: mqtt\r\n\r\n",
                          g_uri_get_path (uri), g_uri_get_query (uri),
                          host_header != NULL ? host_header : default_host);
  g_assert_true (g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)),
                                            request->str, request->len, NULL, NULL, NULL));

  /* Read until the headers are in and, for a refusal, its JSON body. */
  in = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  while ((n = g_input_stream_read (in, buf, sizeof buf, NULL, NULL)) > 0)
    {
      g_byte_array_append (response, buf, n);
      text = g_strndup ((const char *) response->data, response->len);
      body = strstr (text, "\r\n\r\n");
      if (body != NULL && (g_str_has_prefix (text, "HTTP/1.1 101") || strchr (body, '}') != NULL))
        break;
      g_clear_pointer (&text, g_free);
    }

  if (text == NULL)
    text = g_strndup ((const char *) response->data, response->len);
  if (g_str_has_prefix (text, "HTTP/1.1 "))
    status = atoi (text + 9);
  if (status == 101)
    g_assert_nonnull (strstr (text, "Sec-WebSocket-Protocol: mqtt"));

  body = strstr (text, "\r\n\r\n");
  if (body_out != NULL)
    *body_out = g_strdup (body != NULL ? body + 4 : "");
  return status;
}

static char *
presign (Sim           *sim,
         FbCredentials *creds,
         const char    *host_header,
         GDateTime     *time)
{
  g_autoptr(GError) error = NULL;
  char *url = fb_iot_presign_url (creds, var (sim, "IOT_ENDPOINT"), var (sim, "AWS_REGION"),
                                  host_header, time, 0, &error);

  g_assert_no_error (error);
  /* libsoup speaks http://; the gateway sees the same request line either way. */
  if (g_str_has_prefix (url, "ws://"))
    {
      char *http = g_strconcat ("http://", url + 5, NULL);
      g_free (url);
      url = http;
    }
  return url;
}

static void
assert_refused (Sim        *sim,
                const char *url,
                const char *host_header,
                const char *type)
{
  g_autofree char *body = NULL;
  guint status = upgrade (url, host_header, &body);

  g_test_message ("%u %s", status, body);
  g_assert_cmpuint (status, ==, 403);
  g_assert_nonnull (strstr (body, type));
}

/* --- Cognito stand-in ----------------------------------------------------------- */

static JsonObject *
cognito (Sim        *sim,
         const char *target,
         const char *body)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", var (sim, "AWS_ENDPOINT_URL"));
  g_autoptr(GBytes) request = g_bytes_new (body, strlen (body));
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *full_target = g_strconcat ("AWSCognitoIdentityService.", target, NULL);

  soup_message_headers_replace (soup_message_get_request_headers (msg), "X-Amz-Target", full_target);
  soup_message_set_request_body_from_bytes (msg, "application/x-amz-json-1.1", request);
  reply = soup_session_send_and_read (session, msg, NULL, NULL);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (reply, NULL), g_bytes_get_size (reply), NULL));
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static FbCredentials *
guest_credentials (Sim *sim)
{
  g_autofree char *get_id = g_strdup_printf ("{\"IdentityPoolId\":\"%s\"}", var (sim, "IDENTITY_POOL_ID"));
  g_autoptr(JsonObject) id = cognito (sim, "GetId", get_id);
  g_autofree char *get_creds = g_strdup_printf ("{\"IdentityId\":\"%s\"}", json_object_get_string_member (id, "IdentityId"));
  g_autoptr(JsonObject) reply = cognito (sim, "GetCredentialsForIdentity", get_creds);
  JsonObject *c = json_object_get_object_member (reply, "Credentials");
  g_autoptr(GDateTime) expiration = g_date_time_new_from_unix_utc (json_object_get_int_member (c, "Expiration"));

  return fb_credentials_new (json_object_get_string_member (c, "AccessKeyId"),
                             json_object_get_string_member (c, "SecretKey"),
                             json_object_get_string_member (c, "SessionToken"), expiration);
}

/* --- Tests ------------------------------------------------------------------------ */

typedef struct
{
  FbMqttClient *client;
  GPtrArray    *messages;
} Listener;

static void
on_messages (FbMqttClient *client,
             GPtrArray    *batch,
             Listener     *listener)
{
  for (guint i = 0; i < batch->len; i++)
    g_ptr_array_add (listener->messages, fb_mqtt_message_copy (g_ptr_array_index (batch, i)));
}

static gboolean
is_connected (gpointer data)
{
  return fb_mqtt_client_get_state (((Listener *) data)->client) == FB_MQTT_STATE_CONNECTED;
}

/* Connected and subscribed (the broker acknowledged every filter): a message published before that
   is not delivered, and the client's SUBSCRIBE goes out only after its CONNACK reached it. */
static gboolean
is_subscribed (gpointer data)
{
  return is_connected (data) && fb_mqtt_client_get_subscribed (((Listener *) data)->client);
}

static gboolean
has_messages (gpointer data)
{
  return ((Listener *) data)->messages->len > 0;
}

/* What Paho's trace would write to MQTT_C_CLIENT_TRACE's file (called on Paho's threads). */
static GMutex paho_trace_lock;
static GString *paho_trace;

static void
on_paho_trace (enum MQTTASYNC_TRACE_LEVELS level,
               char                       *message)
{
  g_mutex_lock (&paho_trace_lock);
  if (paho_trace != NULL)   /* a line already on its way when the callback was taken away */
    g_string_append_printf (paho_trace, "%d %s\n", level, message);
  g_mutex_unlock (&paho_trace_lock);
}

static void
test_gateway_accepts_presigned (void)
{
  Sim sim = { 0 };
  g_autoptr(FbCredentials) creds = NULL;
  g_autoptr(FbCredentialsProvider) provider = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupSession) session = soup_session_new ();
  Listener listener = { 0 };
  g_autofree char *start_url = NULL;

  sim_start (&sim, NULL);
  creds = static_creds (&sim);
  provider = fb_static_credentials_provider_new (creds);
  paho_trace = g_string_new (NULL);
  MQTTAsync_setTraceCallback (on_paho_trace);

  /* The real client, in AWS IoT mode, through the gateway. */
  listener.messages = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_mqtt_message_free);
  listener.client = fb_mqtt_client_new_for_aws_iot (var (&sim, "IOT_ENDPOINT"), var (&sim, "AWS_REGION"),
                                                    provider, NULL, &error);
  g_assert_no_error (error);
  fb_mqtt_client_add_subscription (listener.client, "orders/events/#", 1);
  g_signal_connect (listener.client, "messages", G_CALLBACK (on_messages), &listener);
  fb_mqtt_client_start (listener.client);
  g_assert_true (wait_for (is_subscribed, &listener, 15));

  /* The presigned URL (signature, session token) reaches no trace, even one asked for at its
     most detailed (main () sets MQTT_C_CLIENT_TRACE_LEVEL=MAXIMUM). */
  MQTTAsync_setTraceCallback (NULL);
  g_mutex_lock (&paho_trace_lock);
  g_assert_null (strstr (paho_trace->str, "X-Amz-"));
  g_assert_null (strstr (paho_trace->str, "/mqtt?"));
  g_string_free (g_steal_pointer (&paho_trace), TRUE);
  g_mutex_unlock (&paho_trace_lock);

  /* Start a simulation through execute-api, signed, so the backend emits orders. */
  {
    g_autoptr(SoupMessage) msg = NULL;
    g_autoptr(FbSigv4Request) req = NULL;
    g_autoptr(FbSigv4Result) result = NULL;
    g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
    g_autoptr(GUri) uri = NULL;
    g_autofree char *host = NULL;
    FbSigv4Params params = { .region = var (&sim, "AWS_REGION"), .service = "execute-api", .time = now,
                             .normalize_path = TRUE };

    start_url = g_strconcat (var (&sim, "SHARED_ENDPOINT"), "/order", NULL);
    uri = g_uri_parse (start_url, G_URI_FLAGS_NONE, NULL);
    host = g_strdup_printf ("%s:%d", g_uri_get_host (uri), g_uri_get_port (uri));
    req = fb_sigv4_request_new ("GET", g_uri_get_path (uri), NULL);
    fb_sigv4_request_add_header (req, "host", host);
    result = fb_sigv4_sign_headers (req, creds, &params, &error);
    g_assert_no_error (error);

    msg = soup_message_new ("GET", start_url);
    for (guint i = 0; i < fb_sigv4_result_get_n_headers (result); i++)
      {
        const char *name, *value;
        fb_sigv4_result_get_header (result, i, &name, &value);
        soup_message_headers_replace (soup_message_get_request_headers (msg), name, value);
      }
    g_bytes_unref (soup_session_send_and_read (session, msg, NULL, NULL));
    g_assert_cmpuint (soup_message_get_status (msg), ==, 200);

    /* A second click while the chain runs: 502, as the real backend answers. */
    {
      g_autoptr(SoupMessage) again = soup_message_new ("GET", start_url);
      for (guint i = 0; i < fb_sigv4_result_get_n_headers (result); i++)
        {
          const char *name, *value;
          fb_sigv4_result_get_header (result, i, &name, &value);
          soup_message_headers_replace (soup_message_get_request_headers (again), name, value);
        }
      g_bytes_unref (soup_session_send_and_read (session, again, NULL, NULL));
      g_assert_cmpuint (soup_message_get_status (again), ==, 502);
    }
  }

  g_assert_true (wait_for (has_messages, &listener, 15));
  {
    FbMqttMessage *m = g_ptr_array_index (listener.messages, 0);
    g_autoptr(FbOrderEvent) ev = fb_order_event_decode (m->topic, g_bytes_get_data (m->payload, NULL),
                                                        g_bytes_get_size (m->payload), m->received_at, &error);
    g_assert_no_error (error);
    /* Not necessarily the chain's first event: that one may go out before the SUBACK. */
    g_assert_cmpuint (strlen (ev->order_id), ==, 27);
    g_assert_true (g_str_equal (ev->event, "CREATED") || g_str_equal (ev->event, "UPDATED"));
  }

  fb_mqtt_client_stop (listener.client);
  g_clear_object (&listener.client);
  g_ptr_array_unref (listener.messages);
  sim_stop (&sim);
}

static void
test_gateway_refuses (void)
{
  Sim sim = { 0 };
  g_autoptr(FbCredentials) creds = NULL;
  g_autoptr(FbCredentials) wrong_secret = NULL;
  g_autoptr(FbCredentials) guest = NULL;
  g_autoptr(FbCredentials) guest_without_token = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) stale = g_date_time_add_minutes (now, -10);
  g_autofree char *good = NULL;
  g_autofree char *tampered = NULL;
  g_autofree char *wrong_host = NULL;
  g_autofree char *stale_url = NULL;
  g_autofree char *wrong_key_url = NULL;
  g_autofree char *no_token = NULL;
  g_autofree char *guest_url = NULL;
  g_autofree char *host = NULL;
  char *sig;

  sim_start (&sim, NULL);
  creds = static_creds (&sim);
  host = fb_iot_default_host_header (var (&sim, "IOT_ENDPOINT"));

  good = presign (&sim, creds, NULL, NULL);
  g_assert_cmpuint (upgrade (good, NULL, NULL), ==, 101);

  /* One hex digit of the signature changed. */
  tampered = g_strdup (good);
  sig = strstr (tampered, "X-Amz-Signature=") + strlen ("X-Amz-Signature=");
  sig[0] = sig[0] == '0' ? '1' : '0';
  assert_refused (&sim, tampered, NULL, "InvalidSignatureException");

  /* Signed for one Host, sent with another. */
  wrong_host = presign (&sim, creds, "localhost:1", NULL);
  assert_refused (&sim, wrong_host, NULL, "InvalidSignatureException");
  assert_refused (&sim, good, "127.0.0.1:9", "InvalidSignatureException");

  /* Ten minutes old. */
  stale_url = presign (&sim, creds, NULL, stale);
  assert_refused (&sim, stale_url, NULL, "Signature expired");

  /* Right key id, wrong secret. */
  wrong_secret = fb_credentials_new (fb_credentials_get_access_key_id (creds), "not-the-secret", NULL, NULL);
  wrong_key_url = presign (&sim, wrong_secret, NULL, NULL);
  assert_refused (&sim, wrong_key_url, NULL, "InvalidSignatureException");

  /* Temporary keys: fine with their token, refused without. */
  guest = guest_credentials (&sim);
  guest_url = presign (&sim, guest, NULL, NULL);
  g_assert_cmpuint (upgrade (guest_url, NULL, NULL), ==, 101);
  guest_without_token = fb_credentials_new (fb_credentials_get_access_key_id (guest),
                                            fb_credentials_get_secret_access_key (guest), NULL, NULL);
  no_token = presign (&sim, guest_without_token, NULL, NULL);
  assert_refused (&sim, no_token, NULL, "UnrecognizedClientException");

  sim_stop (&sim);
}

static void
test_expired_guest_credentials (void)
{
  Sim sim = { 0 };
  g_autoptr(FbCredentials) guest = NULL;
  g_autofree char *url = NULL;
  gint64 expired_at;

  sim_start (&sim, "--credential-lifetime=1");
  guest = guest_credentials (&sim);
  /* Expired once the second after the stated Expiration (whole seconds) is over. */
  expired_at = (g_date_time_to_unix (fb_credentials_get_expiration (guest)) + 1) * G_USEC_PER_SEC;
  g_usleep (MAX (expired_at - g_get_real_time (), 0));
  url = presign (&sim, guest, NULL, NULL);
  assert_refused (&sim, url, NULL, "ExpiredTokenException");
  sim_stop (&sim);
}

typedef struct
{
  Listener listener;
  int      food;
  gboolean saw_action;
} FeedWatch;

static void
on_feeder_messages (FbMqttClient *client,
                    GPtrArray    *batch,
                    FeedWatch    *watch)
{
  for (guint i = 0; i < batch->len; i++)
    {
      FbMqttMessage *m = g_ptr_array_index (batch, i);
      g_autoptr(JsonParser) parser = json_parser_new ();

      if (!json_parser_load_from_data (parser, g_bytes_get_data (m->payload, NULL), g_bytes_get_size (m->payload), NULL))
        continue;
      if (g_str_equal (m->topic, "cat-feeder/action"))
        watch->saw_action |= g_strcmp0 (json_object_get_string_member_with_default (
                               json_node_get_object (json_parser_get_root (parser)), "event", ""), "SINGLE") == 0;
      else if (g_str_equal (m->topic, "cat-feeder/states"))
        watch->food = json_object_get_int_member_with_default (json_node_get_object (json_parser_get_root (parser)),
                                                               "food_capacity", -1);
    }
}

static gboolean
fed (gpointer data)
{
  FeedWatch *watch = data;
  return watch->saw_action && watch->food >= 0 && watch->food < 100;
}

static guint
put_events (Sim           *sim,
            FbCredentials *creds,
            const char    *body,
            char         **reply_out)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", var (sim, "AWS_ENDPOINT_URL"));
  g_autoptr(GBytes) request = g_bytes_new (body, strlen (body));
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(FbSigv4Request) req = fb_sigv4_request_new ("POST", "/", NULL);
  g_autoptr(FbSigv4Result) result = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GUri) uri = g_uri_parse (var (sim, "AWS_ENDPOINT_URL"), G_URI_FLAGS_NONE, NULL);
  g_autofree char *host = g_strdup_printf ("%s:%d", g_uri_get_host (uri), g_uri_get_port (uri));
  FbSigv4Params params = { .region = var (sim, "AWS_REGION"), .service = "events", .time = now,
                           .normalize_path = TRUE };

  fb_sigv4_request_add_header (req, "host", host);
  fb_sigv4_request_add_header (req, "content-type", "application/x-amz-json-1.1");
  fb_sigv4_request_add_header (req, "x-amz-target", "AWSEvents.PutEvents");
  fb_sigv4_request_set_body (req, request);
  result = fb_sigv4_sign_headers (req, creds, &params, &error);
  g_assert_no_error (error);

  soup_message_headers_replace (soup_message_get_request_headers (msg), "X-Amz-Target", "AWSEvents.PutEvents");
  for (guint i = 0; i < fb_sigv4_result_get_n_headers (result); i++)
    {
      const char *name, *value;
      fb_sigv4_result_get_header (result, i, &name, &value);
      soup_message_headers_replace (soup_message_get_request_headers (msg), name, value);
    }
  soup_message_set_request_body_from_bytes (msg, "application/x-amz-json-1.1", request);
  reply = soup_session_send_and_read (session, msg, NULL, NULL);
  *reply_out = g_strndup (g_bytes_get_data (reply, NULL), g_bytes_get_size (reply));
  return soup_message_get_status (msg);
}

static void
test_put_events_feeds (void)
{
  Sim sim = { 0 };
  g_autoptr(FbCredentials) creds = NULL;
  g_autoptr(FbCredentials) wrong = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *reply = NULL;
  g_autofree char *bad_reply = NULL;
  g_autofree char *bus_reply = NULL;
  g_autofree char *archived = NULL;
  FeedWatch watch = { .food = -1 };
  const char *body = "{\"Entries\":[{\"Source\":\"com.feedmyfurbabies\",\"DetailType\":\"AWS IoT 1-Click\","
                     "\"Detail\":\"{\\\"click-type\\\": \\\"SINGLE\\\"}\",\"EventBusName\":\"feedmyfurbabies\"}]}";
  const char *wrong_bus = "{\"Entries\":[{\"Source\":\"com.feedmyfurbabies\",\"DetailType\":\"AWS IoT 1-Click\","
                          "\"Detail\":\"{\\\"click-type\\\": \\\"SINGLE\\\"}\",\"EventBusName\":\"nope\"}]}";

  sim_start (&sim, NULL);
  creds = static_creds (&sim);

  watch.listener.client = fb_mqtt_client_new_for_broker (var (&sim, "MQTT_URL"), NULL, &error);
  g_assert_no_error (error);
  fb_mqtt_client_add_subscription (watch.listener.client, "cat-feeder/#", 1);
  g_signal_connect (watch.listener.client, "messages", G_CALLBACK (on_feeder_messages), &watch);
  fb_mqtt_client_start (watch.listener.client);
  g_assert_true (wait_for (is_subscribed, &watch.listener, 10));

  /* A wrong secret is refused and nothing is archived. */
  wrong = fb_credentials_new (fb_credentials_get_access_key_id (creds), "wrong", NULL, NULL);
  g_assert_cmpuint (put_events (&sim, wrong, body, &bad_reply), ==, 403);
  g_assert_nonnull (strstr (bad_reply, "InvalidSignatureException"));
  g_assert_false (g_file_test (sim.archive, G_FILE_TEST_EXISTS));

  /* An unknown bus is a per-entry failure. */
  g_assert_cmpuint (put_events (&sim, creds, wrong_bus, &bus_reply), ==, 200);
  g_assert_nonnull (strstr (bus_reply, "\"FailedEntryCount\":1"));

  g_assert_cmpuint (put_events (&sim, creds, body, &reply), ==, 200);
  g_assert_nonnull (strstr (reply, "\"FailedEntryCount\":0"));
  g_assert_nonnull (strstr (reply, "\"EventId\""));

  g_assert_true (g_file_get_contents (sim.archive, &archived, NULL, NULL));
  g_assert_nonnull (strstr (archived, "com.feedmyfurbabies"));
  g_assert_null (strstr (strstr (archived, "\n") + 1, "\n"));   /* exactly one event */

  /* The rule publishes to cat-feeder/action; the feeder runs its motor and reports less food. */
  g_assert_true (wait_for (fed, &watch, 20));
  g_assert_cmpint (watch.food, ==, 95);

  fb_mqtt_client_stop (watch.listener.client);
  g_clear_object (&watch.listener.client);
  sim_stop (&sim);
}

/* Dead, or a zombie waiting for whoever adopted it to reap it: either way not running. */
static gboolean
process_running (int pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/stat", pid);
  g_autofree char *stat = NULL;
  const char *close_paren;

  if (!g_file_get_contents (path, &stat, NULL, NULL))
    return FALSE;
  close_paren = strrchr (stat, ')');
  return close_paren == NULL || close_paren[2] != 'Z';
}

static void
test_sigkill_leaves_nothing (void)
{
  Sim sim = { 0 };
  int mosquitto_pid;
  g_autofree char *proc = NULL;
  struct pollfd exited = { .events = POLLIN };

  sim_start (&sim, NULL);
  mosquitto_pid = atoi (var (&sim, "MOSQUITTO_PID"));
  g_assert_cmpint (mosquitto_pid, >, 0);
  proc = g_strdup_printf ("/proc/%d", mosquitto_pid);
  g_assert_true (g_file_test (proc, G_FILE_TEST_EXISTS));
  /* A pidfd is readable once the process ended: waited for, not polled. */
  exited.fd = (int) syscall (SYS_pidfd_open, mosquitto_pid, 0);
  g_assert_cmpint (exited.fd, >=, 0);

  g_subprocess_force_exit (sim.process);
  g_subprocess_wait (sim.process, NULL, NULL);

  g_assert_cmpint (poll (&exited, 1, 5000), ==, 1);
  close (exited.fd);
  g_assert_false (process_running (mosquitto_pid));

  /* ...and its port is free again. */
  {
    g_autoptr(GSocketClient) client = g_socket_client_new ();
    g_autoptr(GSocketConnection) connection = NULL;
    g_autoptr(GUri) uri = g_uri_parse (var (&sim, "MQTT_URL"), G_URI_FLAGS_NONE, NULL);

    connection = g_socket_client_connect_to_host (client, "127.0.0.1", g_uri_get_port (uri), NULL, NULL);
    g_assert_null (connection);
  }
  g_clear_object (&sim.process);
  sim_stop (&sim);
}

int
main (int   argc,
      char *argv[])
{
  /* Read by Paho when the first client is made; a trace to no file (its callback is set). */
  g_setenv ("MQTT_C_CLIENT_TRACE_LEVEL", "MAXIMUM", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sim/gateway/accepts-presigned", test_gateway_accepts_presigned);
  g_test_add_func ("/sim/gateway/refuses", test_gateway_refuses);
  g_test_add_func ("/sim/gateway/expired-guest-credentials", test_expired_guest_credentials);
  g_test_add_func ("/sim/put-events/feeds", test_put_events_feeds);
  g_test_add_func ("/sim/sigkill-leaves-nothing", test_sigkill_leaves_nothing);

  return g_test_run ();
}
