/* fb-execute-api-client.c: one GET = credentials → sign → send → bounded read, within one
 * deadline. Credentials are asked for per request (providers cache and refresh them). Nothing
 * here logs a header: the signature and the session token never reach a log. */
#define G_LOG_DOMAIN "fb-execute-api-client"

#include <string.h>

#include <libsoup/soup.h>

#include "fb-aws-json-client.h"
#include "fb-aws-signed-message.h"
#include "fb-execute-api-client.h"

#define READ_CHUNK 16384

struct _FbExecuteApiClient
{
  GObject                parent_instance;

  char                  *base_url;
  char                  *region;
  FbCredentialsProvider *provider;
  SoupSession           *session;
  guint                  timeout;
  gsize                  max_response;
  gboolean               at_most_once;
};

G_DEFINE_FINAL_TYPE (FbExecuteApiClient, fb_execute_api_client, G_TYPE_OBJECT)

typedef struct
{
  char         *url;
  GCancellable *cancellable;  /* ours: cancelled by the deadline or by the caller's */
  GCancellable *caller_cancellable;
  gulong        caller_handler;
  GSource      *deadline;
  gboolean      timed_out;
  SoupMessage  *msg;
  GByteArray   *response;
  guint         status;
} Request;

static void
request_free (Request *request)
{
  if (request->caller_handler != 0)
    g_cancellable_disconnect (request->caller_cancellable, request->caller_handler);
  if (request->deadline != NULL)
    {
      g_source_destroy (request->deadline);
      g_source_unref (request->deadline);
    }
  g_clear_object (&request->caller_cancellable);
  g_clear_object (&request->cancellable);
  g_clear_object (&request->msg);
  g_clear_pointer (&request->response, g_byte_array_unref);
  g_free (request->url);
  g_free (request);
}

char *
fb_execute_api_region_from_url (const char *url)
{
  g_autoptr(GUri) uri = NULL;
  const char *host, *start, *end;

  g_return_val_if_fail (url != NULL, NULL);

  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || (host = g_uri_get_host (uri)) == NULL)
    return NULL;
  start = strstr (host, ".execute-api.");
  if (start == NULL)
    return NULL;
  start += strlen (".execute-api.");
  end = strchr (start, '.');
  if (end == NULL || end == start || !g_str_has_prefix (end, ".amazonaws.com"))
    return NULL;
  return g_strndup (start, end - start);
}

static void
return_error (GTask  *task,
              GError *error)
{
  FbExecuteApiClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);

  if (request->timed_out && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_new_error (task, FB_AWS_ERROR, FB_AWS_ERROR_TIMEOUT,
                               "No answer from %s within %u seconds", request->url, self->timeout);
      g_error_free (error);
      return;
    }
  g_task_return_error (task, error);
}

static void
finish_request (GTask *task)
{
  FbExecuteApiClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  GError *error;

  g_debug ("GET %s: HTTP %u, %u bytes", request->url, request->status, request->response->len);

  if (SOUP_STATUS_IS_SUCCESSFUL (request->status))
    {
      g_task_return_pointer (task, g_byte_array_free_to_bytes (g_steal_pointer (&request->response)),
                             (GDestroyNotify) g_bytes_unref);
      return;
    }

  error = fb_aws_error_new_from_response (request->msg, request->response->data, request->response->len);
  /* Credentials the service refused are not offered again: the provider loads them anew. */
  if (error->code == FB_AWS_ERROR_SIGNATURE || error->code == FB_AWS_ERROR_EXPIRED
      || error->code == FB_AWS_ERROR_UNRECOGNIZED_CLIENT)
    fb_credentials_provider_invalidate (self->provider);
  g_task_return_error (task, error);
}

static void
read_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FbExecuteApiClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
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

  if (request->response->len + g_bytes_get_size (chunk) > self->max_response)
    {
      g_task_return_new_error (task, FB_AWS_ERROR, FB_AWS_ERROR_BAD_RESPONSE,
                               "%s sent an answer larger than %" G_GSIZE_FORMAT " bytes (HTTP %u)",
                               request->url, self->max_response, request->status);
      return;
    }

  g_byte_array_append (request->response, g_bytes_get_data (chunk, NULL), g_bytes_get_size (chunk));
  g_input_stream_read_bytes_async (stream, READ_CHUNK, G_PRIORITY_DEFAULT, request->cancellable,
                                   read_cb, g_steal_pointer (&task));
}

static void
send_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *request = g_task_get_task_data (task);
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GError) error = NULL;

  stream = soup_session_send_finish (SOUP_SESSION (source), result, &error);
  if (stream == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return_error (task, g_steal_pointer (&error));
      else
        g_task_return_new_error (task, FB_AWS_ERROR, FB_AWS_ERROR_NETWORK,
                                 "Could not reach %s: %s", request->url, error->message);
      return;
    }

  request->status = soup_message_get_status (request->msg);
  g_input_stream_read_bytes_async (stream, READ_CHUNK, G_PRIORITY_DEFAULT, request->cancellable,
                                   read_cb, g_steal_pointer (&task));
}

static void
credentials_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FbExecuteApiClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  g_autoptr(FbCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;

  credentials = fb_credentials_provider_load_finish (FB_CREDENTIALS_PROVIDER (source), result, &error);
  if (credentials == NULL)
    {
      if (request->timed_out || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return_error (task, g_steal_pointer (&error));
      else
        g_task_return_new_error (task, FB_AWS_ERROR, FB_AWS_ERROR_CREDENTIALS,
                                 "No AWS credentials: %s", error->message);
      return;
    }

  if (g_cancellable_is_cancelled (request->cancellable))
    {
      return_error (task, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "Cancelled"));
      return;
    }

  request->msg = fb_aws_signed_message_new ("GET", request->url, NULL, NULL, NULL, credentials,
                                            self->region, "execute-api", &error);
  if (request->msg == NULL)
    {
      g_task_return_new_error (task, FB_AWS_ERROR, FB_AWS_ERROR_CREDENTIALS,
                               "Could not sign the request to %s: %s", request->url, error->message);
      return;
    }
  if (self->at_most_once)
    soup_message_add_flags (request->msg, SOUP_MESSAGE_NEW_CONNECTION);
  soup_message_headers_replace (soup_message_get_request_headers (request->msg), "Accept", "application/json");

  soup_session_send_async (self->session, request->msg, G_PRIORITY_DEFAULT, request->cancellable,
                           send_cb, g_steal_pointer (&task));
}

static gboolean
deadline_cb (gpointer user_data)
{
  Request *request = user_data;

  request->timed_out = TRUE;
  g_cancellable_cancel (request->cancellable);
  g_clear_pointer (&request->deadline, g_source_unref);
  return G_SOURCE_REMOVE;
}

static void
caller_cancelled_cb (GCancellable *caller,
                     GCancellable *ours)
{
  g_cancellable_cancel (ours);
}

void
fb_execute_api_client_get_async (FbExecuteApiClient  *self,
                                 const char          *path,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Request *request;

  g_return_if_fail (FB_IS_EXECUTE_API_CLIENT (self));
  g_return_if_fail (path != NULL && path[0] == '/');

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, fb_execute_api_client_get_async);
  /* The deadline or the caller decide; GTask must not turn a late answer into a second outcome. */
  g_task_set_check_cancellable (task, FALSE);

  request = g_new0 (Request, 1);
  request->url = g_strconcat (self->base_url, path, NULL);
  request->cancellable = g_cancellable_new ();
  request->response = g_byte_array_new ();
  g_task_set_task_data (task, request, (GDestroyNotify) request_free);

  if (cancellable != NULL)
    {
      request->caller_cancellable = g_object_ref (cancellable);
      request->caller_handler = g_cancellable_connect (cancellable, G_CALLBACK (caller_cancelled_cb),
                                                       g_object_ref (request->cancellable), g_object_unref);
    }

  request->deadline = g_timeout_source_new_seconds (self->timeout);
  g_source_set_callback (request->deadline, deadline_cb, request, NULL);
  g_source_attach (request->deadline, g_main_context_get_thread_default ());

  fb_credentials_provider_load_async (self->provider, request->cancellable, credentials_cb, g_steal_pointer (&task));
}

GBytes *
fb_execute_api_client_get_finish (FbExecuteApiClient  *self,
                                  GAsyncResult        *result,
                                  guint               *http_status,
                                  GError             **error)
{
  Request *request;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  request = g_task_get_task_data (G_TASK (result));
  if (http_status != NULL)
    *http_status = request->status;
  return g_task_propagate_pointer (G_TASK (result), error);
}

const char *
fb_execute_api_client_get_base_url (FbExecuteApiClient *self)
{
  g_return_val_if_fail (FB_IS_EXECUTE_API_CLIENT (self), NULL);

  return self->base_url;
}

const char *
fb_execute_api_client_get_region (FbExecuteApiClient *self)
{
  g_return_val_if_fail (FB_IS_EXECUTE_API_CLIENT (self), NULL);

  return self->region;
}

void
fb_execute_api_client_set_timeout (FbExecuteApiClient *self,
                                   guint               seconds)
{
  g_return_if_fail (FB_IS_EXECUTE_API_CLIENT (self));

  self->timeout = MAX (seconds, 1);
}

void
fb_execute_api_client_set_max_response (FbExecuteApiClient *self,
                                        gsize               bytes)
{
  g_return_if_fail (FB_IS_EXECUTE_API_CLIENT (self));

  self->max_response = MAX (bytes, 1);
}

void
fb_execute_api_client_set_at_most_once (FbExecuteApiClient *self,
                                        gboolean            at_most_once)
{
  g_return_if_fail (FB_IS_EXECUTE_API_CLIENT (self));

  self->at_most_once = !!at_most_once;
}

static void
fb_execute_api_client_finalize (GObject *object)
{
  FbExecuteApiClient *self = FB_EXECUTE_API_CLIENT (object);

  g_free (self->base_url);
  g_free (self->region);
  g_clear_object (&self->provider);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (fb_execute_api_client_parent_class)->finalize (object);
}

static void
fb_execute_api_client_class_init (FbExecuteApiClientClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = fb_execute_api_client_finalize;
}

static void
fb_execute_api_client_init (FbExecuteApiClient *self)
{
  self->timeout = FB_EXECUTE_API_DEFAULT_TIMEOUT;
  self->max_response = FB_EXECUTE_API_DEFAULT_MAX_RESPONSE;
}

FbExecuteApiClient *
fb_execute_api_client_new (const char            *base_url,
                           const char            *region,
                           FbCredentialsProvider *provider)
{
  FbExecuteApiClient *self;
  g_autofree char *url_region = NULL;
  gsize len;

  g_return_val_if_fail (base_url != NULL && region != NULL, NULL);
  g_return_val_if_fail (FB_IS_CREDENTIALS_PROVIDER (provider), NULL);

  url_region = fb_execute_api_region_from_url (base_url);
  self = g_object_new (FB_TYPE_EXECUTE_API_CLIENT, NULL);
  /* "…/Prod/" + "/order" would be a different resource than "…/Prod/order". */
  len = strlen (base_url);
  while (len > 0 && base_url[len - 1] == '/')
    len--;
  self->base_url = g_strndup (base_url, len);
  self->region = url_region != NULL ? g_steal_pointer (&url_region) : g_strdup (region);
  self->provider = g_object_ref (provider);
  /* No logger is attached: no signed header reaches a log. */
  self->session = soup_session_new_with_options ("user-agent", "feedboard", NULL);
  return self;
}
