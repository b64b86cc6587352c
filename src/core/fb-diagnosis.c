/* fb-diagnosis.c: from an AWS refusal, a resolver error or a TLS verdict to a cause and words.
 *
 * The words name what to change (the clock, the secret, the region, the policy), because that
 * is what a person can do; AWS's own message comes after them when it adds something. */
#define G_LOG_DOMAIN "fb-diagnosis"

#include <string.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "fb-diagnosis.h"
#include "fb-json.h"

#define MAX_SKEW_SECONDS  (5 * 60)
#define PROBE_TIMEOUT_S   10
#define MAX_BODY          (64 * 1024)

G_DEFINE_QUARK (fb-diagnosis-error-quark, fb_diagnosis_error)

/* --- AWS refusals ------------------------------------------------------------------------- */

/* "com.amazon.coral.service#ExpiredTokenException:http://..." → "ExpiredTokenException" */
static char *
short_type (const char *type)
{
  const char *hash;
  const char *colon;

  if (type == NULL)
    return NULL;
  hash = strrchr (type, '#');
  if (hash != NULL)
    type = hash + 1;
  colon = strchr (type, ':');
  return colon != NULL ? g_strndup (type, colon - type) : g_strdup (type);
}

static char *
xml_element (const char *text,
             const char *name)
{
  g_autofree char *open = g_strdup_printf ("<%s>", name);
  g_autofree char *close = g_strdup_printf ("</%s>", name);
  const char *start = strstr (text, open);
  const char *end;

  if (start == NULL)
    return NULL;
  start += strlen (open);
  end = strstr (start, close);
  return end != NULL ? g_strndup (start, end - start) : NULL;
}

/* AWS answers in JSON ({"__type"|"code", "message"|"Message"}) or XML (<Code>, <Message>). */
static void
parse_aws_error (GBytes  *body,
                 char   **type,
                 char   **message)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *text = NULL;
  gsize len = 0;
  const char *data;

  *type = *message = NULL;
  if (body == NULL)
    return;
  data = g_bytes_get_data (body, &len);
  if (len == 0 || len > MAX_BODY)
    return;
  text = g_strndup (data, len);
  if (!g_utf8_validate (text, -1, NULL))
    return;

  if (fb_json_check_depth ((const guint8 *) text, len, 16, NULL)
      && json_parser_load_from_data (parser, text, -1, NULL)
      && JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      JsonObject *object = json_node_get_object (json_parser_get_root (parser));
      const char *names_type[] = { "__type", "code", "Code" };
      const char *names_message[] = { "message", "Message" };

      for (guint i = 0; i < G_N_ELEMENTS (names_type) && *type == NULL; i++)
        {
          JsonNode *node = json_object_get_member (object, names_type[i]);

          if (node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
            *type = short_type (json_node_get_string (node));
        }
      for (guint i = 0; i < G_N_ELEMENTS (names_message) && *message == NULL; i++)
        {
          JsonNode *node = json_object_get_member (object, names_message[i]);

          if (node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
            *message = g_strdup (json_node_get_string (node));
        }
      return;
    }

  *type = xml_element (text, "Code");
  *message = xml_element (text, "Message");
}

static gboolean
contains (const char *haystack,
          const char *needle)
{
  return haystack != NULL && strstr (haystack, needle) != NULL;
}

/* "…-ats.iot.eu-west-1.amazonaws.com" → "eu-west-1"; NULL for any other name. */
static char *
endpoint_region (const char *host)
{
  g_autoptr(GRegex) re = g_regex_new ("\\.iot\\.([a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-[0-9]+)\\.amazonaws\\.com(\\.cn)?(:[0-9]+)?$",
                                      G_REGEX_CASELESS, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree char *region = NULL;

  if (host == NULL || !g_regex_match (re, host, 0, &match))
    return NULL;
  region = g_match_info_fetch (match, 1);
  return g_ascii_strdown (region, -1);
}

static char *
key_tail (FbCredentials *credentials)
{
  const char *key = credentials != NULL ? fb_credentials_get_access_key_id (credentials) : NULL;
  gsize len = key != NULL ? strlen (key) : 0;

  /* The key id is not a secret, but a tail is enough to tell two keys apart. */
  if (len < 8)
    return g_strdup_printf ("“%s”", key != NULL ? key : "");
  return g_strdup_printf ("…%s", key + len - 4);
}

static char *
describe_skew (gint64 skew_seconds)
{
  gint64 magnitude = ABS (skew_seconds);

  if (magnitude >= 2 * 3600)
    return g_strdup_printf (_("%" G_GINT64_FORMAT " hours"), magnitude / 3600);
  if (magnitude >= 120)
    return g_strdup_printf (_("%" G_GINT64_FORMAT " minutes"), magnitude / 60);
  return g_strdup_printf (_("%" G_GINT64_FORMAT " seconds"), magnitude);
}

void
fb_diagnosis_explain_refusal (guint          status,
                              GBytes        *body,
                              const char    *date_header,
                              gint64         local_now_us,
                              const char    *endpoint_host,
                              const char    *region,
                              FbCredentials *credentials,
                              GError       **error)
{
  g_autofree char *type = NULL;
  g_autofree char *message = NULL;
  g_autofree char *tail = key_tail (credentials);
  g_autofree char *host_region = endpoint_region (endpoint_host);
  g_autofree char *aws_says = NULL;
  g_autoptr(GDateTime) server_time = NULL;
  GDateTime *expiration = credentials != NULL ? fb_credentials_get_expiration (credentials) : NULL;

  parse_aws_error (body, &type, &message);
  aws_says = message != NULL ? g_strdup_printf (_(" (AWS: “%s”)"), message) : g_strdup ("");
  if (date_header != NULL)
    server_time = soup_date_time_new_from_http_string (date_header);

  /* The clock first: a skewed clock makes every other check look wrong. */
  if (server_time != NULL)
    {
      gint64 skew = g_date_time_to_unix (server_time) - local_now_us / G_USEC_PER_SEC;

      if (ABS (skew) > MAX_SKEW_SECONDS)
        {
          g_autofree char *amount = describe_skew (skew);
          g_autofree char *aws_time = g_date_time_format (server_time, "%H:%M:%S UTC");

          g_set_error (error, FB_DIAGNOSIS_ERROR, FB_DIAGNOSIS_CLOCK_SKEW,
                       skew > 0
                       ? _("This computer’s clock is %s behind AWS’s (AWS says it is %s). AWS refuses requests signed more than 5 minutes off: set the clock right, for example with automatic date and time in Settings")
                       : _("This computer’s clock is %s ahead of AWS’s (AWS says it is %s). AWS refuses requests signed more than 5 minutes off: set the clock right, for example with automatic date and time in Settings"),
                       amount, aws_time);
          return;
        }
    }
  if (contains (message, "Signature expired") || contains (message, "Signature not yet current"))
    {
      g_set_error (error, FB_DIAGNOSIS_ERROR, FB_DIAGNOSIS_CLOCK_SKEW,
                   _("This computer’s clock is more than 5 minutes off, so AWS refuses its signatures: set the clock right, for example with automatic date and time in Settings%s"),
                   aws_says);
      return;
    }

  if (g_strcmp0 (type, "ExpiredTokenException") == 0 || g_strcmp0 (type, "ExpiredToken") == 0
      || contains (message, "token included in the request is expired")
      || (expiration != NULL && g_date_time_to_unix (expiration) * G_USEC_PER_SEC <= local_now_us))
    {
      g_autofree char *when = expiration != NULL ? g_date_time_format (expiration, " (%Y-%m-%d %H:%M:%S UTC)") : g_strdup ("");

      g_set_error (error, FB_DIAGNOSIS_ERROR, FB_DIAGNOSIS_TOKEN_EXPIRED,
                   _("The temporary credentials (access key %s) have expired%s: get new ones, for example with “aws sso login” or by renewing the session token, and connect again"),
                   tail, when);
      return;
    }

  if (host_region != NULL && region != NULL && g_ascii_strcasecmp (host_region, region) != 0)
    {
      g_set_error (error, FB_DIAGNOSIS_ERROR, FB_DIAGNOSIS_WRONG_REGION,
                   _("The endpoint is in %s, but the connection was signed for %s: set the region to %s"),
                   host_region, region, host_region);
      return;
    }
  if (contains (message, "scoped to a valid region") || contains (message, "scoped to correct region"))
    {
      g_set_error (error, FB_DIAGNOSIS_ERROR, FB_DIAGNOSIS_WRONG_REGION,
                   _("AWS expects another region than %s for this endpoint: use the region in the endpoint’s name (…iot.REGION.amazonaws.com)%s"),
                   region != NULL ? region : "?", aws_says);
      return;
    }

  if (g_strcmp0 (type, "UnrecognizedClientException") == 0 || g_strcmp0 (type, "InvalidClientTokenId") == 0
      || contains (message, "security token included in the request is invalid"))
    {
      g_set_error (error, FB_DIAGNOSIS_ERROR, FB_DIAGNOSIS_UNKNOWN_ACCESS_KEY,
                   _("AWS does not recognize the access key %s (or its session token does not belong to it): check that the key was copied whole and has not been deleted or deactivated"),
                   tail);
      return;
    }

  if (contains (message, "signature we calculated does not match") || g_strcmp0 (type, "SignatureDoesNotMatch") == 0
      || (g_strcmp0 (type, "InvalidSignatureException") == 0 && message == NULL))
    {
      g_set_error (error, FB_DIAGNOSIS_ERROR, FB_DIAGNOSIS_SIGNATURE_MISMATCH,
                   _("The secret access key does not match the access key %s: check the secret (a stray space or a missing character is the usual cause)"),
                   tail);
      return;
    }

  if (status == SOUP_STATUS_FORBIDDEN || status == SOUP_STATUS_UNAUTHORIZED)
    {
      if (g_strcmp0 (type, "AccessDeniedException") == 0 || contains (message, "not authorized"))
        g_set_error (error, FB_DIAGNOSIS_ERROR, FB_DIAGNOSIS_NOT_AUTHORIZED,
                     _("AWS knows the access key %s but does not allow it to connect: its IAM or IoT policy needs iot:Connect%s"),
                     tail, aws_says);
      else
        /* AWS IoT often refuses an upgrade with a bare 403: list what it can be. */
        g_set_error (error, FB_DIAGNOSIS_ERROR, FB_DIAGNOSIS_NOT_AUTHORIZED,
                     _("AWS IoT refused the signed connection (HTTP %u)%s: check the access key %s and its secret, the region (%s), and that the identity’s policy allows iot:Connect"),
                     status, aws_says, tail, region != NULL ? region : "?");
      return;
    }

  g_set_error (error, FB_DIAGNOSIS_ERROR, FB_DIAGNOSIS_NOT_AN_IOT_ENDPOINT,
               _("The server answered HTTP %u %s instead of accepting a WebSocket: is %s an AWS IoT data endpoint (…-ats.iot.REGION.amazonaws.com)?"),
               status, soup_status_get_phrase (status) != NULL ? soup_status_get_phrase (status) : "",
               endpoint_host != NULL ? endpoint_host : "it");
}

/* --- Network ----------------------------------------------------------------------------- */

static char *
describe_tls_flags (GTlsCertificateFlags flags)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();

  if (flags & G_TLS_CERTIFICATE_UNKNOWN_CA)
    g_ptr_array_add (parts, (gpointer) _("issued by an authority this computer does not trust"));
  if (flags & G_TLS_CERTIFICATE_BAD_IDENTITY)
    g_ptr_array_add (parts, (gpointer) _("made out for another name"));
  if (flags & G_TLS_CERTIFICATE_EXPIRED)
    g_ptr_array_add (parts, (gpointer) _("expired"));
  if (flags & G_TLS_CERTIFICATE_NOT_ACTIVATED)
    g_ptr_array_add (parts, (gpointer) _("not valid yet"));
  if (flags & G_TLS_CERTIFICATE_REVOKED)
    g_ptr_array_add (parts, (gpointer) _("revoked"));
  if (flags & G_TLS_CERTIFICATE_INSECURE)
    g_ptr_array_add (parts, (gpointer) _("insecure"));
  if (parts->len == 0)
    g_ptr_array_add (parts, (gpointer) _("not acceptable"));
  g_ptr_array_add (parts, NULL);
  return g_strjoinv (", ", (char **) parts->pdata);
}

static void
explain_network_full (const GError          *network_error,
                      const char            *server,
                      GTlsCertificateFlags   tls_flags,
                      GError               **error)
{
  g_autofree char *host = NULL;
  const char *colon;

  if (server == NULL)
    server = "the server";
  colon = strrchr (server, ':');

  host = colon != NULL ? g_strndup (server, colon - server) : g_strdup (server);

  if (network_error->domain == G_RESOLVER_ERROR
      || g_error_matches (network_error, G_IO_ERROR, G_IO_ERROR_HOST_NOT_FOUND))
    g_set_error (error, FB_DIAGNOSIS_ERROR, FB_DIAGNOSIS_NAME_NOT_FOUND,
                 _("Cannot find the server “%s”: check the name for typos (an AWS IoT endpoint looks like abc123-ats.iot.REGION.amazonaws.com) and that this computer is online"),
                 host);
  else if (g_error_matches (network_error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED))
    g_set_error (error, FB_DIAGNOSIS_ERROR, FB_DIAGNOSIS_UNREACHABLE,
                 _("Nothing is listening at %s (connection refused): check the address and the port, and that the server is running"),
                 server);
  else if (g_error_matches (network_error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    g_set_error (error, FB_DIAGNOSIS_ERROR, FB_DIAGNOSIS_UNREACHABLE,
                 _("%s did not answer in time: check the address, this computer’s network, and any firewall or proxy on the way"),
                 server);
  else if (g_error_matches (network_error, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE)
           || g_error_matches (network_error, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE))
    g_set_error (error, FB_DIAGNOSIS_ERROR, FB_DIAGNOSIS_UNREACHABLE,
                 _("There is no route to %s: is this computer online?"), server);
  else if (network_error->domain == G_TLS_ERROR || tls_flags != 0)
    {
      g_autofree char *what = describe_tls_flags (tls_flags);

      g_set_error (error, FB_DIAGNOSIS_ERROR, FB_DIAGNOSIS_TLS,
                   _("The certificate of %s is not trusted (%s): for a private broker, choose its CA file in the connection’s settings; otherwise something on the way is intercepting the connection"),
                   host, what);
    }
  else
    g_set_error (error, FB_DIAGNOSIS_ERROR, FB_DIAGNOSIS_UNKNOWN,
                 _("Cannot reach %s: %s"), server, network_error->message);
}

void
fb_diagnosis_explain_network (const GError  *network_error,
                              const char    *server,
                              GError       **error)
{
  g_return_if_fail (network_error != NULL);

  explain_network_full (network_error, server, 0, error);
}

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
on_iot_body (GObject      *source,
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
                                       probe->cancellable, on_iot_body, g_object_ref (task));
      return;
    }
  iot_probe_explain (task);
}

static void
on_iot_sent (GObject      *source,
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
      explain_network_full (error, probe->server,
                            soup_message_get_tls_peer_certificate_errors (probe->message), &words);
      g_task_return_error (task, words);
      return;
    }

  probe->body = g_byte_array_new ();
  g_input_stream_read_bytes_async (probe->stream, MAX_BODY, G_PRIORITY_DEFAULT,
                                   probe->cancellable, on_iot_body, g_object_ref (task));
}

/* libsoup takes a 101 as informational and would wait on for a final answer that never comes. */
static void
on_iot_informational (SoupMessage *message,
                      IotProbe    *probe)
{
  if (soup_message_get_status (message) != SOUP_STATUS_SWITCHING_PROTOCOLS)
    return;
  probe->upgraded = TRUE;
  g_cancellable_cancel (probe->cancellable);
}

static void
on_caller_cancelled (GCancellable *caller,
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
  g_signal_connect (probe->message, "got-informational", G_CALLBACK (on_iot_informational), probe);

  probe->cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    {
      probe->caller_cancellable = g_object_ref (cancellable);
      probe->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (on_caller_cancelled),
                                                   g_object_ref (probe->cancellable), g_object_unref);
    }
  soup_session_send_async (probe->session, probe->message, G_PRIORITY_DEFAULT, probe->cancellable,
                           on_iot_sent, g_object_ref (task));
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
on_accept_certificate (GTlsConnection       *connection,
                       GTlsCertificate      *certificate,
                       GTlsCertificateFlags  errors,
                       BrokerProbe          *probe)
{
  probe->tls_flags = errors;
  return FALSE;
}

static void
on_socket_event (GSocketClient      *client,
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
  g_signal_connect (connection, "accept-certificate", G_CALLBACK (on_accept_certificate), probe);
}

static void
on_broker_connected (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  BrokerProbe *probe = g_task_get_task_data (task);
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  GError *words = NULL;

  connection = g_socket_client_connect_to_host_finish (G_SOCKET_CLIENT (source), result, &error);
  g_signal_handlers_disconnect_by_func (source, on_socket_event, task);
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
  explain_network_full (error, probe->server, probe->tls_flags, &words);
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
  g_signal_connect (client, "event", G_CALLBACK (on_socket_event), task);
  g_socket_client_connect_to_host_async (client, g_uri_get_host (uri), port, cancellable,
                                         on_broker_connected, g_object_ref (task));
}

gboolean
fb_diagnosis_probe_broker_finish (GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
