/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-aws-json-client.c: one JSON 1.1 call = an FbAwsRequest POST of the encoded body → the answer
 * decoded as a JSON object. FbAwsRequest loads credentials per call, signs, keeps the deadline and
 * the size bound; every POST here goes at most once: they have side effects (a PutEvents is a
 * feed), so a call that missed its deadline is cancelled, never retried. */
#define G_LOG_DOMAIN "fb-aws-json-client"

#include "fb-aws-json-client.h"
#include "fb-json.h"

#define JSON_CONTENT_TYPE "application/x-amz-json-1.1"

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

static void
request_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FbAwsJsonClient *self = g_task_get_source_object (task);
  FbAwsRequest *request = FB_AWS_REQUEST (source);
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(JsonParser) parser = NULL;
  GError *error = NULL;
  const guint8 *data;
  gsize len;
  JsonNode *root;

  answer = fb_aws_request_send_finish (request, result, &error);
  if (answer == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  data = g_bytes_get_data (answer, &len);
  parser = fb_json_parse (data, len, "The answer", &root, NULL);
  if (parser == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_task_return_new_error (task, FB_AWS_ERROR, FB_AWS_ERROR_BAD_RESPONSE,
                               "%s answered HTTP %u with something that is not a JSON object",
                               self->endpoint, fb_aws_request_get_status (request));
      return;
    }

  g_task_return_pointer (task, json_node_copy (root), (GDestroyNotify) json_node_unref);
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
  g_autoptr(FbAwsRequest) request = NULL;
  g_autoptr(GBytes) encoded = NULL;
  char *text;
  gsize len;

  g_return_if_fail (FB_IS_AWS_JSON_CLIENT (self));
  g_return_if_fail (target != NULL && body != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, fb_aws_json_client_call_async);
  /* The request's deadline or the caller decide; GTask must not turn a late answer into a
     second outcome. */
  g_task_set_check_cancellable (task, FALSE);

  json_generator_set_root (generator, body);
  text = json_generator_to_data (generator, &len);
  encoded = g_bytes_new_take (text, len);

  request = fb_aws_request_new ("POST", self->endpoint, self->region, self->service,
                                self->provider);
  fb_aws_request_add_header (request, "X-Amz-Target", target);
  fb_aws_request_set_body (request, encoded, JSON_CONTENT_TYPE);
  fb_aws_request_set_timeout (request, self->timeout);
  fb_aws_request_set_max_response (request, FB_AWS_JSON_MAX_RESPONSE);
  fb_aws_request_set_at_most_once (request, TRUE);
  fb_aws_request_send_async (request, self->session, cancellable, request_cb,
                             g_steal_pointer (&task));
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
