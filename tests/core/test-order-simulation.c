/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-order-simulation.c: Start Simulation against feedboard-sim (SigV4 GET /Prod/order checked
 * by the stand-in): the first start answers an order id, a second one while the chain runs is
 * refused with words (502), a wrong secret is a signature error; against a local SoupServer,
 * answers that are not what the API promises are errors in words, and each start is one request. */
#include <string.h>

#include <libsoup/soup.h>

#include "fb-aws-json-client.h"
#include "fb-execute-api-client.h"
#include "fb-order-event.h"
#include "fb-order-simulation.h"
#include "fb-static-credentials-provider.h"
#include "fb-test-sim.h"

static char *
start (FbOrderSimulation  *simulation,
       GError            **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  fb_order_simulation_start_async (simulation, NULL, fb_test_keep_result, &result);
  g_assert_nonnull (fb_test_wait_for_result (&result, 20));
  return fb_order_simulation_start_finish (simulation, result, error);
}

static FbOrderSimulation *
simulation_for (const char *endpoint,
                const char *key_id,
                const char *secret,
                const char *region)
{
  g_autoptr(FbCredentials) credentials = fb_credentials_new (key_id, secret, NULL, NULL);
  g_autoptr(FbCredentialsProvider) provider = fb_static_credentials_provider_new (credentials);

  return fb_order_simulation_new (endpoint, region, provider);
}

static void
on_busy (FbOrderSimulation *simulation,
         GParamSpec        *pspec,
         GString           *seen)
{
  g_string_append_c (seen, fb_order_simulation_get_busy (simulation) ? 'B' : 'i');
}

static void
test_start_sim (void)
{
  FbTestSim sim = { 0 };
  g_autoptr(FbOrderSimulation) simulation = NULL;
  g_autoptr(FbOrderSimulation) wrong = NULL;
  g_autoptr(GAsyncResult) first = NULL;
  g_autoptr(GAsyncResult) meanwhile = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) seen = g_string_new (NULL);
  g_autofree char *order_id = NULL;
  g_autofree char *again = NULL;
  g_autofree char *url = NULL;
  g_autofree char *refused = NULL;

  fb_test_sim_start (&sim, "--feeders=0", NULL);
  simulation = simulation_for (fb_test_sim_var (&sim, "SHARED_ENDPOINT"), fb_test_sim_var (&sim, "AWS_ACCESS_KEY_ID"),
                               fb_test_sim_var (&sim, "AWS_SECRET_ACCESS_KEY"), fb_test_sim_var (&sim, "AWS_REGION"));
  url = g_strconcat (fb_test_sim_var (&sim, "SHARED_ENDPOINT"), "/order", NULL);
  g_assert_cmpstr (fb_order_simulation_get_url (simulation), ==, url);
  g_signal_connect (simulation, "notify::busy", G_CALLBACK (on_busy), seen);

  /* Busy while on its way; a second start then is refused at once, not sent. */
  fb_order_simulation_start_async (simulation, NULL, fb_test_keep_result, &first);
  g_assert_true (fb_order_simulation_get_busy (simulation));
  fb_order_simulation_start_async (simulation, NULL, fb_test_keep_result, &meanwhile);
  g_assert_nonnull (fb_test_wait_for_result (&meanwhile, 5));
  g_assert_null (fb_order_simulation_start_finish (simulation, meanwhile, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PENDING);
  g_clear_error (&error);

  g_assert_nonnull (fb_test_wait_for_result (&first, 20));
  order_id = fb_order_simulation_start_finish (simulation, first, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (strlen (order_id), ==, 27);
  g_assert_false (fb_order_simulation_get_busy (simulation));
  g_assert_cmpstr (seen->str, ==, "Bi");

  /* The chain of six runs for seconds at speed 20: a second start now is the backend's 502. */
  again = start (simulation, &error);
  g_assert_null (again);
  g_assert_error (error, FB_ORDER_SIMULATION_ERROR, FB_ORDER_SIMULATION_ERROR_BUSY);
  g_assert_cmpstr (error->message, ==, "A simulation is already running; try again when its orders are done");
  g_clear_error (&error);

  wrong = simulation_for (fb_test_sim_var (&sim, "SHARED_ENDPOINT"), fb_test_sim_var (&sim, "AWS_ACCESS_KEY_ID"),
                          "wrong-secret-0123456789", fb_test_sim_var (&sim, "AWS_REGION"));
  refused = start (wrong, &error);
  g_assert_null (refused);
  g_test_message ("wrong secret: %s", error->message);
  g_assert_error (error, FB_AWS_ERROR, FB_AWS_ERROR_SIGNATURE);
  g_assert_nonnull (strstr (error->message, "signature"));
  g_assert_null (strstr (error->message, "wrong-secret"));
  g_assert_null (strstr (error->message, fb_test_sim_var (&sim, "AWS_SECRET_ACCESS_KEY")));

  fb_test_sim_stop (&sim);
}

/* --- A local server ---------------------------------------------------------------------- */

typedef struct
{
  guint requests;
} Counter;

static void
answer_cb (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  Counter *counter = user_data;
  const char *body;

  counter->requests++;
  if (g_str_equal (path, "/text/order"))
    body = "started!";
  else if (g_str_equal (path, "/number/order"))
    body = "{\"orderId\":5,\"status\":\"SUBMITTED\"}";
  else if (g_str_equal (path, "/none/order"))
    body = "{\"status\":\"SUBMITTED\"}";
  else if (g_str_equal (path, "/control/order"))
    body = "{\"orderId\":\"a\\u0007b\"}";
  else if (g_str_equal (path, "/ok/order"))
    body = "{\"status\":\"SUBMITTED\",\"orderId\":\"2dh3kOyQLCo9s2mG8yMu5KcZSM5\",\"extra\":[1]}";
  else
    {
      soup_server_message_set_status (msg, 404, NULL);
      return;
    }
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, body, strlen (body));
}

static void
test_answers (void)
{
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GSList) uris = NULL;
  g_autofree char *base = NULL;
  Counter counter = { 0 };
  struct { const char *stage; int code; const char *words; } cases[] = {
    { "/text", FB_DECODE_ERROR_NOT_JSON, "/text/order answered HTTP 200, but: The message is not JSON" },
    { "/number", FB_DECODE_ERROR_WRONG_TYPE, "“orderId” should be a string but is a number" },
    { "/none", FB_DECODE_ERROR_MISSING_FIELD, "no “orderId”" },
    { "/control", FB_DECODE_ERROR_INVALID_VALUE, "control characters" },
  };

  soup_server_add_handler (server, NULL, answer_cb, &counter, NULL);
  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  base = g_uri_to_string (uris->data);
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify) g_uri_unref);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      /* The base URL ends in "/": the path is joined without a second one. */
      g_autofree char *endpoint = g_strconcat (base, cases[i].stage + 1, "/", NULL);
      g_autoptr(FbOrderSimulation) simulation = simulation_for (endpoint, "AKIDEXAMPLE", "not-a-secret", "us-east-1");
      g_autoptr(GError) case_error = NULL;
      g_autofree char *order_id = start (simulation, &case_error);

      g_test_message ("%s: %s", cases[i].stage, case_error != NULL ? case_error->message : "(accepted)");
      g_assert_null (order_id);
      g_assert_error (case_error, FB_DECODE_ERROR, cases[i].code);
      g_assert_nonnull (strstr (case_error->message, cases[i].words));
      g_assert_cmpuint (counter.requests, ==, i + 1);
    }

  {
    g_autofree char *endpoint = g_strconcat (base, "ok", NULL);
    g_autoptr(FbOrderSimulation) simulation = simulation_for (endpoint, "AKIDEXAMPLE", "not-a-secret", "us-east-1");
    g_autofree char *order_id = start (simulation, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (order_id, ==, "2dh3kOyQLCo9s2mG8yMu5KcZSM5");
    g_assert_cmpuint (counter.requests, ==, G_N_ELEMENTS (cases) + 1);
  }

  soup_server_disconnect (server);
}

static void
test_region_from_url (void)
{
  struct { const char *url; const char *region; } cases[] = {
    { "https://abc123.execute-api.ap-southeast-2.amazonaws.com/Prod", "ap-southeast-2" },
    { "https://abc123.execute-api.cn-north-1.amazonaws.com.cn/Prod/", "cn-north-1" },
    { "http://127.0.0.1:8080/Prod", NULL },
    { "https://api.example.com/Prod", NULL },
    { "https://x.execute-api..amazonaws.com/", NULL },
    { "not a url", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *region = fb_execute_api_region_from_url (cases[i].url);

      g_assert_cmpstr (region, ==, cases[i].region);
    }

  {
    g_autoptr(FbCredentials) credentials = fb_credentials_new ("AKIDEXAMPLE", "not-a-secret", NULL, NULL);
    g_autoptr(FbCredentialsProvider) provider = fb_static_credentials_provider_new (credentials);
    g_autoptr(FbExecuteApiClient) aws = fb_execute_api_client_new ("https://abc.execute-api.eu-west-1.amazonaws.com/Prod/",
                                                                   "us-east-1", provider);
    g_autoptr(FbExecuteApiClient) local = fb_execute_api_client_new ("http://127.0.0.1:9/Prod", "us-east-1", provider);

    g_assert_cmpstr (fb_execute_api_client_get_region (aws), ==, "eu-west-1");
    g_assert_cmpstr (fb_execute_api_client_get_base_url (aws), ==, "https://abc.execute-api.eu-west-1.amazonaws.com/Prod");
    g_assert_cmpstr (fb_execute_api_client_get_region (local), ==, "us-east-1");
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/order-simulation/region-from-url", test_region_from_url);
  g_test_add_func ("/order-simulation/answers", test_answers);
  g_test_add_func ("/order-simulation/sim/start", test_start_sim);
  return g_test_run ();
}
