/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-aws-request.c: FbAwsRequest against a local SoupServer: a signed request carries its
 * signature and its extra headers, an unsigned one its body and none; the answer's status and
 * headers are kept after a failure; a refused signature invalidates the provider's credentials,
 * a server error does not. Deadlines, size bounds, caller cancellation and sending at most once
 * are asserted through the clients built on it (test-orders-poller, test-feeders,
 * test-order-simulation). */
#include <string.h>

#include <libsoup/soup.h>

#include "fb-aws-request.h"
#include "fb-eventbridge.h"

/* A provider that counts how often its credentials were declared bad. */
#define TEST_TYPE_COUNTING_PROVIDER (test_counting_provider_get_type ())
G_DECLARE_FINAL_TYPE (TestCountingProvider,
                      test_counting_provider,
                      TEST,
                      COUNTING_PROVIDER,
                      GObject)

struct _TestCountingProvider
{
  GObject parent_instance;

  guint   n_invalidated;
};

static void test_counting_provider_iface_init (FbCredentialsProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TestCountingProvider, test_counting_provider, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (FB_TYPE_CREDENTIALS_PROVIDER,
                                                      test_counting_provider_iface_init))

static void
counting_load_async (FbCredentialsProvider *provider,
                     GCancellable          *cancellable,
                     GAsyncReadyCallback    callback,
                     gpointer               user_data)
{
  TestCountingProvider *self = TEST_COUNTING_PROVIDER (provider);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(FbCredentials) credentials = NULL;

  credentials = fb_credentials_new ("AKIDEXAMPLE", "not-a-real-secret", NULL, NULL);

  g_task_return_pointer (task, g_steal_pointer (&credentials), g_object_unref);
}

static FbCredentials *
counting_load_finish (FbCredentialsProvider  *provider,
                      GAsyncResult           *result,
                      GError                **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
counting_invalidate (FbCredentialsProvider *provider)
{
  TEST_COUNTING_PROVIDER (provider)->n_invalidated++;
}

static void
test_counting_provider_iface_init (FbCredentialsProviderInterface *iface)
{
  iface->load_async = counting_load_async;
  iface->load_finish = counting_load_finish;
  iface->invalidate = counting_invalidate;
}

static void
test_counting_provider_class_init (TestCountingProviderClass *klass)
{
}

static void
test_counting_provider_init (TestCountingProvider *self)
{
}

/* /echo answers what it was sent; /refused and /broken answer like a service that fails. */
static void
server_cb (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  SoupMessageHeaders *request_headers = soup_server_message_get_request_headers (msg);
  SoupMessageHeaders *response_headers = soup_server_message_get_response_headers (msg);
  SoupMessageBody *request_body = soup_server_message_get_request_body (msg);
  const char *authorization = soup_message_headers_get_one (request_headers, "Authorization");
  gboolean is_signed = authorization != NULL
                       && g_str_has_prefix (authorization, "AWS4-HMAC-SHA256 ");
  gboolean target_signed = is_signed && strstr (authorization, "x-amz-target") != NULL;
  g_autofree char *echo = NULL;
  g_autoptr(GBytes) sent = soup_message_body_flatten (request_body);

  soup_message_headers_replace (response_headers, "x-amzn-RequestId", "req-1");
  if (g_str_equal (path, "/echo"))
    {
      echo = g_strdup_printf ("%s %s|%s|%s|%s|%.*s", soup_server_message_get_method (msg),
                              is_signed ? "signed" : "unsigned",
                              target_signed ? "target signed" : "target not signed",
                              soup_message_headers_get_one (request_headers, "X-Amz-Target"),
                              soup_message_headers_get_content_type (request_headers, NULL),
                              (int) g_bytes_get_size (sent),
                              (const char *) g_bytes_get_data (sent, NULL));
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (msg, "text/plain", SOUP_MEMORY_COPY, echo, strlen (echo));
    }
  else if (g_str_equal (path, "/refused"))
    {
      const char *answer = "{\"__type\":\"InvalidSignatureException\","
                           "\"message\":\"The request signature we calculated does not match\"}";

      soup_server_message_set_status (msg, SOUP_STATUS_FORBIDDEN, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, answer,
                                        strlen (answer));
    }
  else if (g_str_equal (path, "/wrong-types"))
    {
      /* A hostile or broken service: members of the wrong types. */
      const char *answer = "{\"__type\":[1],\"message\":{\"a\":1},\"Message\":7}";

      soup_server_message_set_status (msg, SOUP_STATUS_BAD_REQUEST, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, answer, strlen (answer));
    }
  else if (g_str_equal (path, "/xml"))
    {
      const char *answer = "<ErrorResponse><Error><Code>ExpiredToken</Code>"
                           "<Message>The security token included in the request is expired</Message>"
                           "</Error></ErrorResponse>";

      soup_server_message_set_status (msg, SOUP_STATUS_FORBIDDEN, NULL);
      soup_server_message_set_response (msg, "text/xml", SOUP_MEMORY_STATIC, answer, strlen (answer));
    }
  else if (g_str_equal (path, "/header-type"))
    {
      soup_message_headers_replace (response_headers, "x-amzn-ErrorType",
                                    "ThrottlingException:http://internal.amazon.com/coral/com.amazon.coral.service/");
      soup_server_message_set_status (msg, SOUP_STATUS_BAD_REQUEST, NULL);
    }
  else
    {
      soup_server_message_set_status (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, NULL);
    }
}

typedef struct
{
  SoupServer  *server;
  SoupSession *session;
  char        *base;
} Rig;

static void
rig_start (Rig *rig)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;

  rig->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (rig->server, NULL, server_cb, NULL, NULL);
  soup_server_listen_local (rig->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (rig->server);
  rig->base = g_uri_to_string_partial (uris->data, G_URI_HIDE_NONE);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  if (g_str_has_suffix (rig->base, "/"))
    rig->base[strlen (rig->base) - 1] = '\0';
  rig->session = soup_session_new ();
}

static void
rig_stop (Rig *rig)
{
  g_clear_object (&rig->session);
  g_clear_object (&rig->server);
  g_clear_pointer (&rig->base, g_free);
}

static void
on_done (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static char *
send_request (Rig           *rig,
              FbAwsRequest  *request,
              GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GBytes) body = NULL;

  fb_aws_request_send_async (request, rig->session, NULL, on_done, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  body = fb_aws_request_send_finish (request, result, error);
  if (body == NULL)
    return NULL;
  return g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
}

static void
test_signed (void)
{
  Rig rig = { 0 };
  g_autoptr(TestCountingProvider) provider = g_object_new (TEST_TYPE_COUNTING_PROVIDER, NULL);
  g_autoptr(FbAwsRequest) request = NULL;
  g_autoptr(GBytes) body = g_bytes_new_static ("{}", 2);
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *echo = NULL;

  rig_start (&rig);
  url = g_strconcat (rig.base, "/echo", NULL);
  request = fb_aws_request_new ("POST", url, "us-east-1", "events",
                                FB_CREDENTIALS_PROVIDER (provider));
  g_assert_cmpstr (fb_aws_request_get_url (request), ==, url);
  g_assert_cmpuint (fb_aws_request_get_status (request), ==, 0);
  g_assert_null (fb_aws_request_get_response_headers (request));
  fb_aws_request_add_header (request, "X-Amz-Target", "AWSEvents.PutEvents");
  fb_aws_request_set_body (request, body, "application/x-amz-json-1.1");
  fb_aws_request_set_at_most_once (request, TRUE);

  echo = send_request (&rig, request, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (echo, ==,
                   "POST signed|target signed|AWSEvents.PutEvents|application/x-amz-json-1.1|{}");
  g_assert_cmpuint (fb_aws_request_get_status (request), ==, 200);
  g_assert_cmpstr (soup_message_headers_get_one (fb_aws_request_get_response_headers (request),
                                                 "x-amzn-RequestId"), ==, "req-1");
  g_assert_cmpuint (provider->n_invalidated, ==, 0);

  rig_stop (&rig);
}

static void
test_unsigned (void)
{
  Rig rig = { 0 };
  g_autoptr(FbAwsRequest) request = NULL;
  g_autoptr(GBytes) body = g_bytes_new_static ("{\"a\":1}", 7);
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *echo = NULL;

  rig_start (&rig);
  url = g_strconcat (rig.base, "/echo", NULL);
  request = fb_aws_request_new ("POST", url, "us-east-1", "cognito-identity", NULL);
  fb_aws_request_add_header (request, "X-Amz-Target", "AWSCognitoIdentityService.GetId");
  fb_aws_request_set_body (request, body, "application/x-amz-json-1.1");

  echo = send_request (&rig, request, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (echo, ==, "POST unsigned|target not signed|AWSCognitoIdentityService.GetId|"
                             "application/x-amz-json-1.1|{\"a\":1}");

  rig_stop (&rig);
}

/* A refused signature: the words AWS used, the status kept, the credentials invalidated.
   A server error says nothing about the credentials: they stay. An answer over the bound is
   refused, whatever its status, with the status it came with. */
static void
test_failures (void)
{
  Rig rig = { 0 };
  g_autoptr(TestCountingProvider) provider = g_object_new (TEST_TYPE_COUNTING_PROVIDER, NULL);
  struct
  {
    const char *path;
    gsize       bound;
    int         code;
    const char *words;
    guint       status;
    guint       n_invalidated;
  } cases[] = {
    { "/refused", 0, FB_AWS_ERROR_SIGNATURE,
      "The request signature we calculated does not match (InvalidSignatureException, HTTP 403, "
      "request ID req-1)",
      403, 1 },
    { "/broken", 0, FB_AWS_ERROR_SERVICE,
      "Internal Server Error (no error type, HTTP 500, request ID req-1)", 500, 1 },
    { "/echo", 4, FB_AWS_ERROR_BAD_RESPONSE, "/echo sent an answer larger than 4 bytes (HTTP 200)",
      200, 1 },
    { "/refused", 4, FB_AWS_ERROR_BAD_RESPONSE,
      "/refused sent an answer larger than 4 bytes (HTTP 403)", 403, 1 },
    /* Wrong types are passed over, never trusted (nor asserted on). */
    { "/wrong-types", 0, FB_AWS_ERROR_SERVICE, "Bad Request (no error type, HTTP 400, request ID req-1)", 400, 1 },
    /* STS and the other query-protocol services answer in XML; an expired token is renewed. */
    { "/xml", 0, FB_AWS_ERROR_EXPIRED,
      "The security token included in the request is expired (ExpiredToken, HTTP 403, request ID req-1)", 403, 2 },
    { "/header-type", 0, FB_AWS_ERROR_THROTTLED, "Bad Request (ThrottlingException, HTTP 400", 400, 2 },
  };

  rig_start (&rig);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *url = g_strconcat (rig.base, cases[i].path, NULL);
      g_autoptr(FbAwsRequest) request = fb_aws_request_new ("GET", url, "us-east-1", "execute-api",
                                                            FB_CREDENTIALS_PROVIDER (provider));
      g_autoptr(GError) error = NULL;
      g_autofree char *answer = NULL;

      if (cases[i].bound > 0)
        fb_aws_request_set_max_response (request, cases[i].bound);
      answer = send_request (&rig, request, &error);
      g_test_message ("%s: %s", cases[i].path, error != NULL ? error->message : answer);
      g_assert_null (answer);
      g_assert_error (error, FB_AWS_ERROR, cases[i].code);
      g_assert_nonnull (strstr (error->message, cases[i].words));
      g_assert_cmpuint (fb_aws_request_get_status (request), ==, cases[i].status);
      g_assert_nonnull (fb_aws_request_get_response_headers (request));
      g_assert_cmpuint (provider->n_invalidated, ==, cases[i].n_invalidated);
    }

  rig_stop (&rig);
}

/* Nobody listens on port 1: no status, no headers, the words say where. */
static void
test_unreachable (void)
{
  Rig rig = { 0 };
  g_autoptr(FbAwsRequest) request = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *answer = NULL;

  rig_start (&rig);
  request = fb_aws_request_new ("GET", "http://127.0.0.1:1/orders", "us-east-1", "execute-api",
                                NULL);
  answer = send_request (&rig, request, &error);
  g_assert_null (answer);
  g_assert_error (error, FB_AWS_ERROR, FB_AWS_ERROR_NETWORK);
  g_assert_nonnull (strstr (error->message, "Could not reach http://127.0.0.1:1/orders"));
  g_assert_cmpuint (fb_aws_request_get_status (request), ==, 0);
  g_assert_null (fb_aws_request_get_response_headers (request));

  rig_stop (&rig);
}

/* EventBridge's answer as the server chose to send it: members of the wrong type end as failures
   in words, never as an accepted feed, and never trip JSON-GLib's assertions. */
static void
canned_cb (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "application/x-amz-json-1.1", SOUP_MEMORY_COPY, user_data,
                                    strlen (user_data));
}

static void
test_eventbridge_answers (void)
{
  struct { const char *answer; int code; const char *words; } cases[] = {
    { "{\"FailedEntryCount\":0,\"Entries\":[{\"EventId\":\"e-1\"}]}", -1, "e-1" },
    { "{\"FailedEntryCount\":\"0\",\"Entries\":[{\"EventId\":\"e-1\"}]}", FB_AWS_ERROR_BAD_RESPONSE,
      "FailedEntryCount that is not a number" },
    { "{\"FailedEntryCount\":1,\"Entries\":[{\"ErrorCode\":5,\"ErrorMessage\":[\"x\"]}]}", FB_AWS_ERROR_SERVICE,
      "EventBridge refused the event: no reason given (no error code)" },
    { "{\"FailedEntryCount\":1,\"Entries\":[{\"ErrorCode\":\"ThrottlingException\",\"ErrorMessage\":\"slow down\"}]}",
      FB_AWS_ERROR_THROTTLED, "EventBridge refused the event: slow down (ThrottlingException)" },
    { "{\"FailedEntryCount\":0,\"Entries\":[{\"EventId\":7}]}", FB_AWS_ERROR_BAD_RESPONSE, "without an EventId" },
    { "{\"Entries\":{}}", FB_AWS_ERROR_BAD_RESPONSE, "without a result for the event" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(FbAwsJsonClient) client = NULL;
      g_autoptr(GAsyncResult) result = NULL;
      g_autofree char *event_id = NULL;
      g_autofree char *base = NULL;
      GSList *uris;

      soup_server_add_handler (server, NULL, canned_cb, (gpointer) cases[i].answer, NULL);
      soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
      g_assert_no_error (error);
      uris = soup_server_get_uris (server);
      base = g_uri_to_string (uris->data);
      g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

      client = fb_aws_json_client_new (base, "us-east-1", "events", NULL);
      fb_eventbridge_put_event_async (client, "feedmyfurbabies", "com.feedmyfurbabies", "AWS IoT 1-Click",
                                      "{\"click-type\": \"SINGLE\"}", NULL, on_done, &result);
      while (result == NULL)
        g_main_context_iteration (NULL, TRUE);
      event_id = fb_eventbridge_put_event_finish (client, result, &error);
      g_test_message ("%s → %s", cases[i].answer, error != NULL ? error->message : event_id);
      if (cases[i].code < 0)
        {
          g_assert_no_error (error);
          g_assert_cmpstr (event_id, ==, cases[i].words);
        }
      else
        {
          g_assert_null (event_id);
          g_assert_error (error, FB_AWS_ERROR, cases[i].code);
          g_assert_nonnull (strstr (error->message, cases[i].words));
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/aws-request/signed", test_signed);
  g_test_add_func ("/aws-request/unsigned", test_unsigned);
  g_test_add_func ("/aws-request/failures", test_failures);
  g_test_add_func ("/aws-request/unreachable", test_unreachable);
  g_test_add_func ("/aws-request/eventbridge-answers", test_eventbridge_answers);

  return g_test_run ();
}
