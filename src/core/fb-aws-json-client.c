/* fb-aws-json-client.c: one JSON 1.1 call = credentials → sign → POST → bounded read → decode.
 * Credentials are asked for on every call (providers cache and refresh them), so a rotated or
 * refreshed key is used at once. A deadline covers the whole call; a call that missed it is
 * cancelled, never retried: POSTs here have side effects (a PutEvents is a feed). */
#define G_LOG_DOMAIN "fb-aws-json-client"

#include <string.h>

#include <libsoup/soup.h>

#include "fb-aws-json-client.h"
#include "fb-aws-signed-message.h"
#include "fb-json.h"

#define JSON_CONTENT_TYPE "application/x-amz-json-1.1"
#define READ_CHUNK 16384

struct _FbAwsJsonClient
{
  GObject                parent_instance;

  char                  *endpoint;
  char                  *region;
  char                  *service;
  FbCredentialsProvider *provider;
  SoupSession           *session;
  guint                  timeout;
};

G_DEFINE_FINAL_TYPE (FbAwsJsonClient, fb_aws_json_client, G_TYPE_OBJECT)
G_DEFINE_QUARK (fb-aws-error-quark, fb_aws_error)

typedef struct
{
  char         *target;
  GBytes       *body;
  GCancellable *cancellable;  /* ours: cancelled by the deadline or by the caller's */
  GCancellable *caller_cancellable;
  gulong        caller_handler;
  GSource      *deadline;
  gboolean      timed_out;
  SoupMessage  *msg;
  GByteArray   *response;
} Call;

static void
call_free (Call *call)
{
  if (call->caller_handler != 0)
    g_cancellable_disconnect (call->caller_cancellable, call->caller_handler);
  if (call->deadline != NULL)
    {
      g_source_destroy (call->deadline);
      g_source_unref (call->deadline);
    }
  g_clear_object (&call->caller_cancellable);
  g_clear_object (&call->cancellable);
  g_clear_object (&call->msg);
  g_clear_pointer (&call->response, g_byte_array_unref);
  g_clear_pointer (&call->body, g_bytes_unref);
  g_free (call->target);
  g_free (call);
}

FbAwsError
fb_aws_error_from_type (const char *type,
                        guint       http_status)
{
  const char *name = type != NULL ? type : "";
  const char *hash = strrchr (name, '#');
  const char *colon;
  g_autofree char *bare = NULL;

  /* "com.amazon.coral.service#ExpiredTokenException", or "Type:http://…" in x-amzn-ErrorType. */
  if (hash != NULL)
    name = hash + 1;
  colon = strchr (name, ':');
  bare = colon != NULL ? g_strndup (name, colon - name) : g_strdup (name);

  if (g_str_equal (bare, "InvalidSignatureException") || g_str_equal (bare, "SignatureDoesNotMatch")
      || g_str_equal (bare, "IncompleteSignatureException") || g_str_equal (bare, "MissingAuthenticationTokenException"))
    return FB_AWS_ERROR_SIGNATURE;
  if (g_str_equal (bare, "ExpiredTokenException") || g_str_equal (bare, "RequestExpired")
      || g_str_equal (bare, "TokenRefreshRequired"))
    return FB_AWS_ERROR_EXPIRED;
  if (g_str_equal (bare, "UnrecognizedClientException") || g_str_equal (bare, "InvalidClientTokenId"))
    return FB_AWS_ERROR_UNRECOGNIZED_CLIENT;
  if (g_str_equal (bare, "AccessDeniedException") || g_str_equal (bare, "NotAuthorizedException"))
    return FB_AWS_ERROR_ACCESS_DENIED;
  if (g_str_equal (bare, "ResourceNotFoundException"))
    return FB_AWS_ERROR_NOT_FOUND;
  if (g_str_equal (bare, "ThrottlingException") || g_str_equal (bare, "TooManyRequestsException")
      || http_status == 429)
    return FB_AWS_ERROR_THROTTLED;
  if (g_str_equal (bare, "ValidationException") || g_str_equal (bare, "SerializationException"))
    return FB_AWS_ERROR_VALIDATION;
  return FB_AWS_ERROR_SERVICE;
}

static void
return_error (GTask  *task,
              GError *error)
{
  FbAwsJsonClient *self = g_task_get_source_object (task);
  Call *call = g_task_get_task_data (task);

  if (call->timed_out && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_new_error (task, FB_AWS_ERROR, FB_AWS_ERROR_TIMEOUT,
                               "No answer from %s within %u seconds", self->endpoint, self->timeout);
      g_error_free (error);
      return;
    }
  g_task_return_error (task, error);
}

GError *
fb_aws_error_new_from_response (SoupMessage  *msg,
                                const guint8 *body,
                                gsize         len)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  SoupMessageHeaders *headers = soup_message_get_response_headers (msg);
  const char *request_id = soup_message_headers_get_one (headers, "x-amzn-RequestId");
  const char *type = soup_message_headers_get_one (headers, "x-amzn-ErrorType");
  const char *message = NULL;
  guint status = soup_message_get_status (msg);
  g_autofree char *bare_type = NULL;

  g_return_val_if_fail (SOUP_IS_MESSAGE (msg), NULL);

  if (len > 0 && fb_json_check_depth (body, len, FB_JSON_MAX_DEPTH, NULL)
      && json_parser_load_from_data (parser, (const char *) body, len, NULL)
      && json_parser_get_root (parser) != NULL && JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      JsonObject *object = json_node_get_object (json_parser_get_root (parser));

      type = json_object_get_string_member_with_default (object, "__type", type);
      message = json_object_get_string_member_with_default (object, "message", NULL);
      if (message == NULL)
        message = json_object_get_string_member_with_default (object, "Message", NULL);
    }

  if (type != NULL)
    {
      const char *hash = strrchr (type, '#');
      bare_type = g_strndup (hash != NULL ? hash + 1 : type, strcspn (hash != NULL ? hash + 1 : type, ":"));
    }

  return g_error_new (FB_AWS_ERROR, fb_aws_error_from_type (type, status), "%s (%s, HTTP %u%s%s)",
                      message != NULL ? message : soup_status_get_phrase (status),
                      bare_type != NULL ? bare_type : "no error type",
                      status,
                      request_id != NULL ? ", request ID " : "",
                      request_id != NULL ? request_id : "");
}

/* The answer to a failed call; credentials the service refused are not offered again. */
static GError *
decode_service_error (FbAwsJsonClient *self,
                      SoupMessage     *msg,
                      GByteArray      *response)
{
  GError *error = fb_aws_error_new_from_response (msg, response->data, response->len);

  if (self->provider != NULL
      && (error->code == FB_AWS_ERROR_SIGNATURE || error->code == FB_AWS_ERROR_EXPIRED
          || error->code == FB_AWS_ERROR_UNRECOGNIZED_CLIENT))
    fb_credentials_provider_invalidate (self->provider);
  return error;
}

static void
finish_call (GTask *task)
{
  FbAwsJsonClient *self = g_task_get_source_object (task);
  Call *call = g_task_get_task_data (task);
  guint status = soup_message_get_status (call->msg);
  g_autoptr(JsonParser) parser = NULL;
  JsonNode *root;

  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      g_task_return_error (task, decode_service_error (self, call->msg, call->response));
      return;
    }

  parser = json_parser_new ();
  if (call->response->len == 0
      || !fb_json_check_depth (call->response->data, call->response->len, FB_JSON_MAX_DEPTH, NULL)
      || !json_parser_load_from_data (parser, (const char *) call->response->data, call->response->len, NULL)
      || (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_task_return_new_error (task, FB_AWS_ERROR, FB_AWS_ERROR_BAD_RESPONSE,
                               "%s answered HTTP %u with something that is not a JSON object",
                               self->endpoint, status);
      return;
    }

  g_task_return_pointer (task, json_node_copy (root), (GDestroyNotify) json_node_unref);
}

static void
read_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FbAwsJsonClient *self = g_task_get_source_object (task);
  Call *call = g_task_get_task_data (task);
  GInputStream *stream = G_INPUT_STREAM (source);
  g_autoptr(GBytes) chunk = NULL;
  GError *error = NULL;

  chunk = g_input_stream_read_bytes_finish (stream, result, &error);
  if (chunk == NULL)
    {
      return_error (task, error);
      return;
    }

  if (g_bytes_get_size (chunk) == 0)
    {
      finish_call (task);
      return;
    }

  if (call->response->len + g_bytes_get_size (chunk) > FB_AWS_JSON_MAX_RESPONSE)
    {
      g_task_return_new_error (task, FB_AWS_ERROR, FB_AWS_ERROR_BAD_RESPONSE,
                               "%s sent an answer larger than %d bytes", self->endpoint, FB_AWS_JSON_MAX_RESPONSE);
      return;
    }

  g_byte_array_append (call->response, g_bytes_get_data (chunk, NULL), g_bytes_get_size (chunk));
  g_input_stream_read_bytes_async (stream, READ_CHUNK, G_PRIORITY_DEFAULT, call->cancellable,
                                   read_cb, g_steal_pointer (&task));
}

static void
send_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FbAwsJsonClient *self = g_task_get_source_object (task);
  Call *call = g_task_get_task_data (task);
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GError) error = NULL;

  stream = soup_session_send_finish (SOUP_SESSION (source), result, &error);
  if (stream == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return_error (task, g_steal_pointer (&error));
      else
        g_task_return_new_error (task, FB_AWS_ERROR, FB_AWS_ERROR_NETWORK,
                                 "Could not reach %s: %s", self->endpoint, error->message);
      return;
    }

  g_input_stream_read_bytes_async (stream, READ_CHUNK, G_PRIORITY_DEFAULT, call->cancellable,
                                   read_cb, g_steal_pointer (&task));
}

static void
send_request (GTask         *task,
              FbCredentials *credentials)
{
  FbAwsJsonClient *self = g_task_get_source_object (task);
  Call *call = g_task_get_task_data (task);
  const char *headers[] = { "X-Amz-Target", call->target, NULL };
  GError *error = NULL;

  if (credentials != NULL)
    {
      call->msg = fb_aws_signed_message_new ("POST", self->endpoint, headers, call->body, JSON_CONTENT_TYPE,
                                             credentials, self->region, self->service, &error);
      if (call->msg == NULL)
        {
          g_task_return_new_error (task, FB_AWS_ERROR, FB_AWS_ERROR_CREDENTIALS,
                                   "Could not sign the request: %s", error->message);
          g_error_free (error);
          return;
        }
    }
  else
    {
      call->msg = soup_message_new ("POST", self->endpoint);
      soup_message_headers_replace (soup_message_get_request_headers (call->msg), "X-Amz-Target", call->target);
      soup_message_set_request_body_from_bytes (call->msg, JSON_CONTENT_TYPE, call->body);
    }

  /* A POST with side effects must reach the server at most once: never on a reused connection
     that might have been closed under it, where libsoup would have to decide about a resend. */
  soup_message_add_flags (call->msg, SOUP_MESSAGE_NEW_CONNECTION);
  soup_session_send_async (self->session, call->msg, G_PRIORITY_DEFAULT, call->cancellable,
                           send_cb, task);
}

static void
credentials_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Call *call = g_task_get_task_data (task);
  g_autoptr(FbCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;

  credentials = fb_credentials_provider_load_finish (FB_CREDENTIALS_PROVIDER (source), result, &error);
  if (credentials == NULL)
    {
      if (call->timed_out || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return_error (task, g_steal_pointer (&error));
      else
        g_task_return_new_error (task, FB_AWS_ERROR, FB_AWS_ERROR_CREDENTIALS,
                                 "No AWS credentials: %s", error->message);
      return;
    }

  if (g_cancellable_is_cancelled (call->cancellable))
    {
      return_error (task, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "Cancelled"));
      return;
    }

  send_request (g_steal_pointer (&task), credentials);
}

static gboolean
deadline_cb (gpointer user_data)
{
  Call *call = user_data;

  call->timed_out = TRUE;
  g_cancellable_cancel (call->cancellable);
  g_clear_pointer (&call->deadline, g_source_unref);
  return G_SOURCE_REMOVE;
}

static void
caller_cancelled_cb (GCancellable *caller,
                     GCancellable *ours)
{
  g_cancellable_cancel (ours);
}

void
fb_aws_json_client_call_async (FbAwsJsonClient     *self,
                               const char          *target,
                               JsonNode            *body,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  Call *call;
  char *text;
  gsize len;

  g_return_if_fail (FB_IS_AWS_JSON_CLIENT (self));
  g_return_if_fail (target != NULL && body != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, fb_aws_json_client_call_async);
  /* The deadline or the caller decide; GTask must not turn a late answer into a second outcome. */
  g_task_set_check_cancellable (task, FALSE);

  call = g_new0 (Call, 1);
  call->target = g_strdup (target);
  json_generator_set_root (generator, body);
  text = json_generator_to_data (generator, &len);
  call->body = g_bytes_new_take (text, len);
  call->cancellable = g_cancellable_new ();
  call->response = g_byte_array_new ();
  g_task_set_task_data (task, call, (GDestroyNotify) call_free);

  if (cancellable != NULL)
    {
      call->caller_cancellable = g_object_ref (cancellable);
      call->caller_handler = g_cancellable_connect (cancellable, G_CALLBACK (caller_cancelled_cb),
                                                    g_object_ref (call->cancellable), g_object_unref);
    }

  call->deadline = g_timeout_source_new_seconds (self->timeout);
  g_source_set_callback (call->deadline, deadline_cb, call, NULL);
  g_source_attach (call->deadline, g_main_context_get_thread_default ());

  if (self->provider != NULL)
    fb_credentials_provider_load_async (self->provider, call->cancellable, credentials_cb, g_steal_pointer (&task));
  else
    send_request (g_steal_pointer (&task), NULL);
}

JsonNode *
fb_aws_json_client_call_finish (FbAwsJsonClient  *self,
                                GAsyncResult     *result,
                                GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

const char *
fb_aws_json_client_get_endpoint (FbAwsJsonClient *self)
{
  g_return_val_if_fail (FB_IS_AWS_JSON_CLIENT (self), NULL);

  return self->endpoint;
}

void
fb_aws_json_client_set_timeout (FbAwsJsonClient *self,
                                guint            seconds)
{
  g_return_if_fail (FB_IS_AWS_JSON_CLIENT (self));

  self->timeout = MAX (seconds, 1);
}

static void
fb_aws_json_client_finalize (GObject *object)
{
  FbAwsJsonClient *self = FB_AWS_JSON_CLIENT (object);

  g_free (self->endpoint);
  g_free (self->region);
  g_free (self->service);
  g_clear_object (&self->provider);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (fb_aws_json_client_parent_class)->finalize (object);
}

static void
fb_aws_json_client_class_init (FbAwsJsonClientClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = fb_aws_json_client_finalize;
}

static void
fb_aws_json_client_init (FbAwsJsonClient *self)
{
  self->timeout = 10;
}

FbAwsJsonClient *
fb_aws_json_client_new (const char            *endpoint_url,
                        const char            *region,
                        const char            *service,
                        FbCredentialsProvider *provider)
{
  FbAwsJsonClient *self;

  g_return_val_if_fail (endpoint_url != NULL && region != NULL && service != NULL, NULL);

  self = g_object_new (FB_TYPE_AWS_JSON_CLIENT, NULL);
  self->endpoint = g_strdup (endpoint_url);
  self->region = g_strdup (region);
  self->service = g_strdup (service);
  self->provider = provider != NULL ? g_object_ref (provider) : NULL;
  /* libsoup would log nothing by default; no logger is attached, so no signed header reaches a log. */
  self->session = soup_session_new_with_options ("user-agent", "feedboard", NULL);
  return self;
}
