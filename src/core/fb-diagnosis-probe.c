/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-diagnosis-probe.c: asks again, after Paho's "socket error", with a request of our own that
 * sees what Paho hides: the presigned WebSocket upgrade through libsoup (AWS's 403 body, its Date,
 * the TLS verdict) or a TCP/TLS connect to a broker. */
#define G_LOG_DOMAIN "fb-diagnosis"

#include <libsoup/soup.h>

#include "fb-diagnosis-probe.h"

#define PROBE_TIMEOUT_S   10
#define MAX_BODY          (64 * 1024)

/* --- The AWS IoT probe -------------------------------------------------------------------- */

typedef struct
{
  SoupSession   *session;
  SoupMessage   *message;
  GInputStream  *stream;
  GByteArray    *body;
  char          *server;         /* host:port */
  char          *host;
  char          *region;
  FbCredentials *credentials;
  GCancellable  *cancellable;    /* the caller's, or ours: cut short after the 101 */
  gulong         cancelled_id;
  GCancellable  *caller_cancellable;
  gboolean       upgraded;
} IotProbe;

static void
iot_probe_free (IotProbe *probe)
{
  if (probe->caller_cancellable != NULL)
    g_cancellable_disconnect (probe->caller_cancellable, probe->cancelled_id);
  g_clear_object (&probe->caller_cancellable);
  g_clear_object (&probe->cancellable);
  g_clear_object (&probe->stream);
  g_clear_object (&probe->message);
  g_clear_object (&probe->session);
  g_clear_pointer (&probe->body, g_byte_array_unref);
  g_free (probe->server);
  g_free (probe->host);
  g_free (probe->region);
  g_clear_pointer (&probe->credentials, fb_credentials_unref);
  g_free (probe);
}

static void
iot_probe_explain (GTask *task)
{
  IotProbe *probe = g_task_get_task_data (task);
  SoupMessageHeaders *headers = soup_message_get_response_headers (probe->message);
  g_autoptr(GBytes) body = g_byte_array_free_to_bytes (g_steal_pointer (&probe->body));
  GError *error = NULL;

  fb_diagnosis_explain_refusal (soup_message_get_status (probe->message), body,
                                soup_message_headers_get_one (headers, "Date"), g_get_real_time (),
                                probe->host, probe->region, probe->credentials, &error);
  g_task_return_error (task, error);
}

static void
fb_diagnosis_probe_iot_body_cb (GObject      *source,
                                GAsyncResult *result,
                                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  IotProbe *probe = g_task_get_task_data (task);
  g_autoptr(GBytes) chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result, NULL);

  /* A broken body still leaves the status and the Date to go by. */
  if (chunk != NULL && g_bytes_get_size (chunk) > 0 && probe->body->len < MAX_BODY)
    {
      g_byte_array_append (probe->body, g_bytes_get_data (chunk, NULL), g_bytes_get_size (chunk));
      g_input_stream_read_bytes_async (probe->stream, MAX_BODY - probe->body->len, G_PRIORITY_DEFAULT,
                                       probe->cancellable, fb_diagnosis_probe_iot_body_cb, g_object_ref (task));
      return;
    }
  iot_probe_explain (task);
}

static void
fb_diagnosis_probe_iot_sent_cb (GObject      *source,
                                GAsyncResult *result,
                                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  IotProbe *probe = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  probe->stream = soup_session_send_finish (SOUP_SESSION (source), result, &error);
  if (probe->upgraded)
    {
      /* The gateway took the signature (101); the probe's job ends here. */
      g_task_return_boolean (task, TRUE);
      return;
    }
  if (probe->stream == NULL)
    {
      GError *words = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      fb_diagnosis_explain_network (error, probe->server,
                            soup_message_get_tls_peer_certificate_errors (probe->message), &words);
      g_task_return_error (task, words);
      return;
    }

  probe->body = g_byte_array_new ();
  g_input_stream_read_bytes_async (probe->stream, MAX_BODY, G_PRIORITY_DEFAULT,
                                   probe->cancellable, fb_diagnosis_probe_iot_body_cb, g_object_ref (task));
}

/* libsoup takes a 101 as informational and would wait on for a final answer that never comes. */
static void
fb_diagnosis_probe_iot_informational_cb (SoupMessage *message,
                                         IotProbe    *probe)
{
  if (soup_message_get_status (message) != SOUP_STATUS_SWITCHING_PROTOCOLS)
    return;
  probe->upgraded = TRUE;
  g_cancellable_cancel (probe->cancellable);
}

static void
fb_diagnosis_probe_caller_cancelled_cb (GCancellable *caller,
                                        GCancellable *ours)
{
  g_cancellable_cancel (ours);
}

void
fb_diagnosis_probe_iot_async (const char          *url,
                              const char          *region,
                              FbCredentials       *credentials,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GUri) http_uri = NULL;
  IotProbe *probe;
  SoupMessageHeaders *headers;
  guint8 nonce[16];
  g_autofree char *key = NULL;
  const char *scheme;
  gboolean secure;
  int port;

  g_task_set_source_tag (task, fb_diagnosis_probe_iot_async);
  uri = g_uri_parse (url, G_URI_FLAGS_ENCODED_QUERY, NULL);
  scheme = uri != NULL ? g_uri_get_scheme (uri) : NULL;
  if (uri == NULL || (g_strcmp0 (scheme, "wss") != 0 && g_strcmp0 (scheme, "ws") != 0))
    {
      g_task_return_new_error (task, FB_DIAGNOSIS_ERROR, FB_DIAGNOSIS_UNKNOWN,
                               "Not a WebSocket URL; nothing to probe");
      return;
    }
  secure = g_str_equal (scheme, "wss");
  port = g_uri_get_port (uri) > 0 ? g_uri_get_port (uri) : secure ? 443 : 80;
  http_uri = g_uri_build (G_URI_FLAGS_ENCODED_QUERY, secure ? "https" : "http", NULL, g_uri_get_host (uri),
                          port, g_uri_get_path (uri), g_uri_get_query (uri), NULL);

  probe = g_new0 (IotProbe, 1);
  probe->host = g_strdup (g_uri_get_host (uri));
  probe->server = g_strdup_printf ("%s:%d", probe->host, port);
  probe->region = g_strdup (region);
  probe->credentials = credentials != NULL ? fb_credentials_ref (credentials) : NULL;
  probe->session = soup_session_new_with_options ("timeout", PROBE_TIMEOUT_S, "idle-timeout", PROBE_TIMEOUT_S,
                                                  "user-agent", "feedboard-diagnosis", NULL);
  probe->message = soup_message_new_from_uri (SOUP_METHOD_GET, http_uri);
  g_task_set_task_data (task, probe, (GDestroyNotify) iot_probe_free);

  /* The handshake as Paho sends it, Host with the port included: that is what was signed. */
  for (guint i = 0; i < G_N_ELEMENTS (nonce); i++)
    nonce[i] = g_random_int_range (0, 256);
  key = g_base64_encode (nonce, sizeof nonce);
  headers = soup_message_get_request_headers (probe->message);
  soup_message_headers_replace (headers, "Host", probe->server);
  soup_message_headers_replace (headers, "Connection", "Upgrade");
  soup_message_headers_replace (headers, "Upgrade", "websocket");
  soup_message_headers_replace (headers, "Sec-WebSocket-Version", "13");
  soup_message_headers_replace (headers, "Sec-WebSocket-Key", key);
  soup_message_headers_replace (headers, "Sec-WebSocket-Protocol", "mqtt");
  soup_message_add_flags (probe->message, SOUP_MESSAGE_NEW_CONNECTION);
  g_signal_connect (probe->message, "got-informational", G_CALLBACK (fb_diagnosis_probe_iot_informational_cb), probe);

  probe->cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    {
      probe->caller_cancellable = g_object_ref (cancellable);
      probe->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (fb_diagnosis_probe_caller_cancelled_cb),
                                                   g_object_ref (probe->cancellable), g_object_unref);
    }
  soup_session_send_async (probe->session, probe->message, G_PRIORITY_DEFAULT, probe->cancellable,
                           fb_diagnosis_probe_iot_sent_cb, g_object_ref (task));
}

gboolean
fb_diagnosis_probe_iot_finish (GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* --- The broker probe --------------------------------------------------------------------- */

typedef struct
{
  char                 *server;
  char                 *ca_file;
  GTlsCertificateFlags  tls_flags;
} BrokerProbe;

static void
broker_probe_free (BrokerProbe *probe)
{
  g_free (probe->server);
  g_free (probe->ca_file);
  g_free (probe);
}

static gboolean
fb_diagnosis_probe_accept_certificate_cb (GTlsConnection       *connection,
                                          GTlsCertificate      *certificate,
                                          GTlsCertificateFlags  errors,
                                          BrokerProbe          *probe)
{
  probe->tls_flags = errors;
  return FALSE;
}

static void
fb_diagnosis_probe_socket_event_cb (GSocketClient      *client,
                                    GSocketClientEvent  event,
                                    GSocketConnectable *connectable,
                                    GIOStream          *connection,
                                    GTask              *task)
{
  BrokerProbe *probe = g_task_get_task_data (task);

  if (event != G_SOCKET_CLIENT_TLS_HANDSHAKING || !G_IS_TLS_CLIENT_CONNECTION (connection))
    return;

  if (probe->ca_file != NULL)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GTlsDatabase) database = g_tls_file_database_new (probe->ca_file, &error);

      if (database != NULL)
        g_tls_connection_set_database (G_TLS_CONNECTION (connection), database);
    }
  g_signal_connect (connection, "accept-certificate", G_CALLBACK (fb_diagnosis_probe_accept_certificate_cb), probe);
}

static void
fb_diagnosis_probe_broker_connected_cb (GObject      *source,
                                        GAsyncResult *result,
                                        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  BrokerProbe *probe = g_task_get_task_data (task);
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  GError *words = NULL;

  connection = g_socket_client_connect_to_host_finish (G_SOCKET_CLIENT (source), result, &error);
  g_signal_handlers_disconnect_by_func (source, fb_diagnosis_probe_socket_event_cb, task);
  if (connection != NULL)
    {
      g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
      g_task_return_boolean (task, TRUE);
      return;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  fb_diagnosis_explain_network (error, probe->server, probe->tls_flags, &words);
  g_task_return_error (task, words);
}

void
fb_diagnosis_probe_broker_async (const char          *url,
                                 const char          *ca_file,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  static const struct { const char *scheme; gboolean tls; int port; } schemes[] = {
    { "mqtt", FALSE, 1883 }, { "tcp", FALSE, 1883 }, { "ws", FALSE, 80 },
    { "mqtts", TRUE, 8883 }, { "ssl", TRUE, 8883 }, { "wss", TRUE, 443 },
  };
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  g_autoptr(GSocketClient) client = NULL;
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  BrokerProbe *probe;
  int port = -1;
  gboolean tls = FALSE;

  g_task_set_source_tag (task, fb_diagnosis_probe_broker_async);
  for (guint i = 0; uri != NULL && i < G_N_ELEMENTS (schemes); i++)
    if (g_strcmp0 (g_uri_get_scheme (uri), schemes[i].scheme) == 0)
      {
        tls = schemes[i].tls;
        port = g_uri_get_port (uri) > 0 ? g_uri_get_port (uri) : schemes[i].port;
      }
  if (port < 0 || g_uri_get_host (uri) == NULL)
    {
      g_task_return_new_error (task, FB_DIAGNOSIS_ERROR, FB_DIAGNOSIS_UNKNOWN, "Not a broker URL; nothing to probe");
      return;
    }

  probe = g_new0 (BrokerProbe, 1);
  probe->server = g_strdup_printf ("%s:%d", g_uri_get_host (uri), port);
  probe->ca_file = g_strdup (ca_file);
  g_task_set_task_data (task, probe, (GDestroyNotify) broker_probe_free);

  client = g_socket_client_new ();
  g_socket_client_set_timeout (client, PROBE_TIMEOUT_S);
  g_socket_client_set_tls (client, tls);
  g_signal_connect (client, "event", G_CALLBACK (fb_diagnosis_probe_socket_event_cb), task);
  g_socket_client_connect_to_host_async (client, g_uri_get_host (uri), port, cancellable,
                                         fb_diagnosis_probe_broker_connected_cb, g_object_ref (task));
}

gboolean
fb_diagnosis_probe_broker_finish (GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
