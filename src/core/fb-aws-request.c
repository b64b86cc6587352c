/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-aws-request.c: one request = credentials → sign → send → bounded read, within one deadline.
 * Credentials are asked for per request (providers cache and refresh them), so a rotated or
 * refreshed key is used at once. A request that missed its deadline is cancelled, never retried:
 * some have side effects (a PutEvents is a feed, GET /order starts a simulation). Nothing here
 * logs a header: the signature and the session token never reach a log. */
#define G_LOG_DOMAIN "fb-aws-request"

#include <string.h>

#include "fb-aws-request.h"
#include "fb-aws-signed-message.h"
#include "fb-json.h"
#include "fb-redact.h"

#define READ_CHUNK 16384

struct _FbAwsRequest
{
  GObject                parent_instance;

  char                  *method;
  char                  *url;
  char                  *region;
  char                  *service;
  FbCredentialsProvider *provider;
  GPtrArray             *headers;       /* name, value, …, NULL, as fb_aws_signed_message_new
                                           takes them */
  GBytes                *body;
  char                  *content_type;
  guint                  timeout;
  gsize                  max_response;
  gboolean               at_most_once;

  /* While it is sent */
  gboolean               sent;
  SoupSession           *session;
  GCancellable          *cancellable;   /* ours: cancelled by the deadline or by the caller's */
  GCancellable          *caller_cancellable;
  gulong                 caller_handler;
  GSource               *deadline;
  gboolean               timed_out;
  SoupMessage           *msg;
  GByteArray            *response;
  guint                  status;
};

G_DEFINE_FINAL_TYPE (FbAwsRequest, fb_aws_request, G_TYPE_OBJECT)
G_DEFINE_QUARK (fb-aws-error-quark, fb_aws_error)

char *
fb_aws_error_bare_type (const char *type)
{
  const char *hash;
  const char *colon;

  if (type == NULL)
    return NULL;
  /* "com.amazon.coral.service#ExpiredTokenException", or "Type:http://…" in x-amzn-ErrorType. */
  hash = strrchr (type, '#');
  if (hash != NULL)
    type = hash + 1;
  colon = strchr (type, ':');
  return colon != NULL ? g_strndup (type, colon - type) : g_strdup (type);
}

FbAwsError
fb_aws_error_from_type (const char *type,
                        guint       http_status)
{
  g_autofree char *bare = fb_aws_error_bare_type (type != NULL ? type : "");

  if (g_str_equal (bare, "InvalidSignatureException") || g_str_equal (bare, "SignatureDoesNotMatch")
      || g_str_equal (bare, "IncompleteSignatureException") || g_str_equal (bare, "MissingAuthenticationTokenException"))
    return FB_AWS_ERROR_SIGNATURE;
  if (g_str_equal (bare, "ExpiredTokenException") || g_str_equal (bare, "ExpiredToken") || g_str_equal (bare, "RequestExpired")
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

/* The first of @names that is a string member; members of other types are passed over. */
static char *
string_member (JsonObject         *object,
               const char * const *names)
{
  for (guint i = 0; names[i] != NULL; i++)
    if (fb_json_get_string (object, names[i]) != NULL)
      return g_strdup (fb_json_get_string (object, names[i]));
  return NULL;
}

void
fb_aws_error_parse_body (const guint8  *body,
                         gsize          len,
                         char         **type,
                         char         **message)
{
  static const char * const type_names[] = { "__type", "code", "Code", NULL };
  static const char * const message_names[] = { "message", "Message", NULL };
  g_autoptr(JsonParser) parser = NULL;
  g_autofree char *text = NULL;
  g_autofree char *raw_type = NULL;
  JsonNode *root;

  *type = *message = NULL;
  if (body == NULL || len == 0 || !g_utf8_validate ((const char *) body, len, NULL))
    return;
  text = g_strndup ((const char *) body, len);

  if ((parser = fb_json_parse (body, len, "The answer", &root, NULL)) != NULL && JSON_NODE_HOLDS_OBJECT (root))
    {
      JsonObject *object = json_node_get_object (root);

      raw_type = string_member (object, type_names);
      *message = string_member (object, message_names);
    }
  else
    {
      /* The query-protocol services (STS, IAM...) answer in XML. */
      raw_type = xml_element (text, "Code");
      *message = xml_element (text, "Message");
    }
  *type = fb_aws_error_bare_type (raw_type);
}

GError *
fb_aws_error_new_from_response (SoupMessage  *msg,
                                const guint8 *body,
                                gsize         len)
{
  SoupMessageHeaders *headers = soup_message_get_response_headers (msg);
  const char *request_id = soup_message_headers_get_one (headers, "x-amzn-RequestId");
  guint status = soup_message_get_status (msg);
  g_autofree char *type = NULL;
  g_autofree char *message = NULL;

  g_return_val_if_fail (SOUP_IS_MESSAGE (msg), NULL);

  fb_aws_error_parse_body (body, len, &type, &message);
  if (type == NULL)
    type = fb_aws_error_bare_type (soup_message_headers_get_one (headers, "x-amzn-ErrorType"));

  return g_error_new (FB_AWS_ERROR, fb_aws_error_from_type (type, status), "%s (%s, HTTP %u%s%s)",
                      message != NULL ? message : soup_status_get_phrase (status),
                      type != NULL ? type : "no error type",
                      status,
                      request_id != NULL ? ", request ID " : "",
                      request_id != NULL ? request_id : "");
}

/* Once there is an outcome, neither the deadline nor the caller may act on this request again. */
static void
stop_watching (FbAwsRequest *self)
{
  g_assert (FB_IS_AWS_REQUEST (self));

  if (self->caller_handler != 0)
    g_cancellable_disconnect (self->caller_cancellable, self->caller_handler);
  self->caller_handler = 0;
  g_clear_object (&self->caller_cancellable);
  if (self->deadline != NULL)
    {
      g_source_destroy (self->deadline);
      g_clear_pointer (&self->deadline, g_source_unref);
    }
}

static void
return_error (GTask  *task,
              GError *error)
{
  FbAwsRequest *self = g_task_get_source_object (task);

  stop_watching (self);
  if (self->timed_out && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_new_error (task, FB_AWS_ERROR, FB_AWS_ERROR_TIMEOUT,
                               "No answer from %s within %u seconds", self->url, self->timeout);
      g_error_free (error);
      return;
    }
  g_task_return_error (task, error);
}

static void
finish_request (GTask *task)
{
  FbAwsRequest *self = g_task_get_source_object (task);
  g_autofree char *shown_url = fb_redact_url (self->url);
  GError *error;

  g_debug ("%s %s: HTTP %u, %u bytes", self->method, shown_url, self->status, self->response->len);

  if (SOUP_STATUS_IS_SUCCESSFUL (self->status))
    {
      stop_watching (self);
      g_task_return_pointer (task, g_byte_array_free_to_bytes (g_steal_pointer (&self->response)),
                             (GDestroyNotify) g_bytes_unref);
      return;
    }

  error = fb_aws_error_new_from_response (self->msg, self->response->data, self->response->len);
  /* Credentials the service refused are not offered again: the provider loads them anew. */
  if (self->provider != NULL
      && (error->code == FB_AWS_ERROR_SIGNATURE || error->code == FB_AWS_ERROR_EXPIRED
          || error->code == FB_AWS_ERROR_UNRECOGNIZED_CLIENT))
    fb_credentials_provider_invalidate (self->provider);
  return_error (task, error);
}

static void
read_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FbAwsRequest *self = g_task_get_source_object (task);
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
      finish_request (task);
      return;
    }

  if (self->response->len + g_bytes_get_size (chunk) > self->max_response)
    {
      return_error (task, g_error_new (FB_AWS_ERROR, FB_AWS_ERROR_BAD_RESPONSE,
                                       "%s sent an answer larger than %" G_GSIZE_FORMAT
                                       " bytes (HTTP %u)",
                                       self->url, self->max_response, self->status));
      return;
    }

  g_byte_array_append (self->response, g_bytes_get_data (chunk, NULL), g_bytes_get_size (chunk));
  g_input_stream_read_bytes_async (stream, READ_CHUNK, G_PRIORITY_DEFAULT, self->cancellable,
                                   read_cb, g_steal_pointer (&task));
}

static void
send_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FbAwsRequest *self = g_task_get_source_object (task);
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GError) error = NULL;

  stream = soup_session_send_finish (SOUP_SESSION (source), result, &error);
  if (stream == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return_error (task, g_steal_pointer (&error));
      else
        return_error (task, g_error_new (FB_AWS_ERROR, FB_AWS_ERROR_NETWORK,
                                         "Could not reach %s: %s", self->url, error->message));
      return;
    }

  self->status = soup_message_get_status (self->msg);
  g_input_stream_read_bytes_async (stream, READ_CHUNK, G_PRIORITY_DEFAULT, self->cancellable,
                                   read_cb, g_steal_pointer (&task));
}

/* @credentials NULL: the request goes unsigned. */
static SoupMessage *
build_message (FbAwsRequest   *self,
               FbCredentials  *credentials,
               GError        **error)
{
  const char **headers = (const char **) self->headers->pdata;
  g_autoptr(GError) sign_error = NULL;
  SoupMessage *msg;

  g_assert (FB_IS_AWS_REQUEST (self));

  if (credentials != NULL)
    {
      msg = fb_aws_signed_message_new (self->method, self->url, headers, self->body,
                                       self->content_type, credentials, self->region, self->service,
                                       &sign_error);
      if (msg == NULL)
        g_set_error (error, FB_AWS_ERROR, FB_AWS_ERROR_CREDENTIALS,
                     "Could not sign the request to %s: %s", self->url, sign_error->message);
      return msg;
    }

  msg = soup_message_new (self->method, self->url);
  if (msg == NULL)
    {
      g_set_error (error, FB_AWS_ERROR, FB_AWS_ERROR_NETWORK,
                   "Could not reach %s: it is not an HTTP address", self->url);
      return NULL;
    }
  for (guint i = 0; headers[i] != NULL; i += 2)
    soup_message_headers_replace (soup_message_get_request_headers (msg), headers[i],
                                  headers[i + 1]);
  if (self->body != NULL)
    soup_message_set_request_body_from_bytes (msg, self->content_type, self->body);
  else if (self->content_type != NULL)
    soup_message_headers_set_content_type (soup_message_get_request_headers (msg),
                                           self->content_type, NULL);
  return msg;
}

static void
send_message (GTask         *task,
              FbCredentials *credentials)
{
  FbAwsRequest *self = g_task_get_source_object (task);
  GError *error = NULL;

  self->msg = build_message (self, credentials, &error);
  if (self->msg == NULL)
    {
      return_error (task, error);
      g_object_unref (task);
      return;
    }

  /* Not on a reused connection that might have been closed under it, where libsoup would
     have to decide about a resend. */
  if (self->at_most_once)
    soup_message_add_flags (self->msg, SOUP_MESSAGE_NEW_CONNECTION);
  soup_session_send_async (self->session, self->msg, G_PRIORITY_DEFAULT, self->cancellable,
                           send_cb, task);
}

static void
credentials_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FbAwsRequest *self = g_task_get_source_object (task);
  g_autoptr(FbCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;

  credentials = fb_credentials_provider_load_finish (FB_CREDENTIALS_PROVIDER (source), result, &error);
  if (credentials == NULL)
    {
      if (self->timed_out || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return_error (task, g_steal_pointer (&error));
      else
        return_error (task, g_error_new (FB_AWS_ERROR, FB_AWS_ERROR_CREDENTIALS,
                                         "No AWS credentials: %s", error->message));
      return;
    }

  if (g_cancellable_is_cancelled (self->cancellable))
    {
      return_error (task, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "Cancelled"));
      return;
    }

  send_message (g_steal_pointer (&task), credentials);
}

static gboolean
deadline_cb (gpointer user_data)
{
  FbAwsRequest *self = user_data;

  self->timed_out = TRUE;
  g_cancellable_cancel (self->cancellable);
  g_clear_pointer (&self->deadline, g_source_unref);
  return G_SOURCE_REMOVE;
}

static void
caller_cancelled_cb (GCancellable *caller,
                     GCancellable *ours)
{
  g_cancellable_cancel (ours);
}

void
fb_aws_request_send_async (FbAwsRequest        *self,
                           SoupSession         *session,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (FB_IS_AWS_REQUEST (self));
  g_return_if_fail (SOUP_IS_SESSION (session));
  g_return_if_fail (!self->sent);

  self->sent = TRUE;
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, fb_aws_request_send_async);
  /* The deadline or the caller decide; GTask must not turn a late answer into a second outcome. */
  g_task_set_check_cancellable (task, FALSE);

  self->session = g_object_ref (session);
  self->cancellable = g_cancellable_new ();
  self->response = g_byte_array_new ();

  if (cancellable != NULL)
    {
      self->caller_cancellable = g_object_ref (cancellable);
      self->caller_handler = g_cancellable_connect (cancellable,
                                                    G_CALLBACK (caller_cancelled_cb),
                                                    g_object_ref (self->cancellable),
                                                    g_object_unref);
    }

  self->deadline = g_timeout_source_new_seconds (self->timeout);
  g_source_set_callback (self->deadline, deadline_cb, self, NULL);
  g_source_attach (self->deadline, g_main_context_get_thread_default ());

  if (self->provider != NULL)
    fb_credentials_provider_load_async (self->provider, self->cancellable, credentials_cb,
                                        g_steal_pointer (&task));
  else
    send_message (g_steal_pointer (&task), NULL);
}

GBytes *
fb_aws_request_send_finish (FbAwsRequest  *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

guint
fb_aws_request_get_status (FbAwsRequest *self)
{
  g_return_val_if_fail (FB_IS_AWS_REQUEST (self), 0);

  return self->status;
}

SoupMessageHeaders *
fb_aws_request_get_response_headers (FbAwsRequest *self)
{
  g_return_val_if_fail (FB_IS_AWS_REQUEST (self), NULL);

  return self->status != 0 ? soup_message_get_response_headers (self->msg) : NULL;
}

const char *
fb_aws_request_get_url (FbAwsRequest *self)
{
  g_return_val_if_fail (FB_IS_AWS_REQUEST (self), NULL);

  return self->url;
}

void
fb_aws_request_add_header (FbAwsRequest *self,
                           const char   *name,
                           const char   *value)
{
  g_return_if_fail (FB_IS_AWS_REQUEST (self));
  g_return_if_fail (name != NULL && value != NULL);
  g_return_if_fail (!self->sent);

  /* Keep the array NULL-terminated: the last slot becomes the value, a new NULL follows. */
  g_ptr_array_index (self->headers, self->headers->len - 1) = g_strdup (name);
  g_ptr_array_add (self->headers, g_strdup (value));
  g_ptr_array_add (self->headers, NULL);
}

void
fb_aws_request_set_body (FbAwsRequest *self,
                         GBytes       *body,
                         const char   *content_type)
{
  g_return_if_fail (FB_IS_AWS_REQUEST (self));
  g_return_if_fail (!self->sent);

  g_clear_pointer (&self->body, g_bytes_unref);
  self->body = body != NULL ? g_bytes_ref (body) : NULL;
  g_free (self->content_type);
  self->content_type = g_strdup (content_type);
}

void
fb_aws_request_set_timeout (FbAwsRequest *self,
                            guint         seconds)
{
  g_return_if_fail (FB_IS_AWS_REQUEST (self));

  self->timeout = MAX (seconds, 1);
}

void
fb_aws_request_set_max_response (FbAwsRequest *self,
                                 gsize         bytes)
{
  g_return_if_fail (FB_IS_AWS_REQUEST (self));

  self->max_response = MAX (bytes, 1);
}

void
fb_aws_request_set_at_most_once (FbAwsRequest *self,
                                 gboolean      at_most_once)
{
  g_return_if_fail (FB_IS_AWS_REQUEST (self));

  self->at_most_once = !!at_most_once;
}

static void
fb_aws_request_finalize (GObject *object)
{
  FbAwsRequest *self = FB_AWS_REQUEST (object);

  stop_watching (self);
  g_free (self->method);
  g_free (self->url);
  g_free (self->region);
  g_free (self->service);
  g_clear_object (&self->provider);
  g_clear_pointer (&self->headers, g_ptr_array_unref);
  g_clear_pointer (&self->body, g_bytes_unref);
  g_free (self->content_type);
  g_clear_object (&self->session);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->msg);
  g_clear_pointer (&self->response, g_byte_array_unref);

  G_OBJECT_CLASS (fb_aws_request_parent_class)->finalize (object);
}

static void
fb_aws_request_class_init (FbAwsRequestClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = fb_aws_request_finalize;
}

static void
fb_aws_request_init (FbAwsRequest *self)
{
  self->headers = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->headers, NULL);
  self->timeout = FB_AWS_REQUEST_DEFAULT_TIMEOUT;
  self->max_response = FB_AWS_REQUEST_DEFAULT_MAX_RESPONSE;
}

FbAwsRequest *
fb_aws_request_new (const char            *method,
                    const char            *url,
                    const char            *region,
                    const char            *service,
                    FbCredentialsProvider *provider)
{
  FbAwsRequest *self;

  g_return_val_if_fail (method != NULL && url != NULL && region != NULL && service != NULL, NULL);
  g_return_val_if_fail (provider == NULL || FB_IS_CREDENTIALS_PROVIDER (provider), NULL);

  self = g_object_new (FB_TYPE_AWS_REQUEST, NULL);
  self->method = g_strdup (method);
  self->url = g_strdup (url);
  self->region = g_strdup (region);
  self->service = g_strdup (service);
  self->provider = provider != NULL ? g_object_ref (provider) : NULL;
  return self;
}
