/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-execute-api-client.c: one GET = an FbAwsRequest to base_url + path, signed for
 * "execute-api". FbAwsRequest loads credentials per request, keeps the deadline and the size
 * bound, and logs no header: the signature and the session token never reach a log. */
#define G_LOG_DOMAIN "fb-execute-api-client"

#include <string.h>

#include "fb-aws-request.h"
#include "fb-execute-api-client.h"

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
request_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GBytes *body;
  GError *error = NULL;

  body = fb_aws_request_send_finish (FB_AWS_REQUEST (source), result, &error);
  if (body == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, body, (GDestroyNotify) g_bytes_unref);
}

void
fb_execute_api_client_get_async (FbExecuteApiClient  *self,
                                 const char          *path,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *url = NULL;
  FbAwsRequest *request;

  g_return_if_fail (FB_IS_EXECUTE_API_CLIENT (self));
  g_return_if_fail (path != NULL && path[0] == '/');

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, fb_execute_api_client_get_async);
  /* The request's deadline or the caller decide; GTask must not turn a late answer into a
     second outcome. */
  g_task_set_check_cancellable (task, FALSE);

  url = g_strconcat (self->base_url, path, NULL);
  request = fb_aws_request_new ("GET", url, self->region, "execute-api", self->provider);
  fb_aws_request_add_header (request, "Accept", "application/json");
  fb_aws_request_set_timeout (request, self->timeout);
  fb_aws_request_set_max_response (request, self->max_response);
  fb_aws_request_set_at_most_once (request, self->at_most_once);
  /* The task keeps the request: its status is what get_finish reports, whatever the outcome. */
  g_task_set_task_data (task, request, g_object_unref);
  fb_aws_request_send_async (request, self->session, cancellable, request_cb,
                             g_steal_pointer (&task));
}

GBytes *
fb_execute_api_client_get_finish (FbExecuteApiClient  *self,
                                  GAsyncResult        *result,
                                  guint               *http_status,
                                  GError             **error)
{
  FbAwsRequest *request;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  request = g_task_get_task_data (G_TASK (result));
  if (http_status != NULL)
    *http_status = fb_aws_request_get_status (request);
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
