/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-orders-poller.c: the initial list of orders from the polling API. Against feedboard-sim
 * (real HTTP, SigV4 checked by the stand-in, orders made by a real Start Simulation and seen live
 * on a real Mosquitto): the store holds what the sim made, and polled rows and live events merge
 * last-writer-wins whichever comes first. Against a small local SoupServer: every kind of broken
 * answer ends as an error in words, never a crash. */
#include <string.h>

#include <libsoup/soup.h>

#include "fb-aws-json-client.h"
#include "fb-execute-api-client.h"
#include "fb-json.h"
#include "fb-mqtt-client.h"
#include "fb-order-simulation.h"
#include "fb-order-store.h"
#include "fb-orders-poller.h"
#include "fb-static-credentials-provider.h"
#include "fb-test-sim.h"

static GPtrArray *
poll_orders (FbOrdersPoller  *poller,
             GCancellable    *cancellable,
             guint           *n_skipped,
             char           **first_problem,
             GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  fb_orders_poller_load_async (poller, cancellable, fb_test_keep_result, &result);
  g_assert_nonnull (fb_test_wait_for_result (&result, 40));
  return fb_orders_poller_load_finish (poller, result, n_skipped, first_problem, error);
}

static FbCredentialsProvider *
sim_provider (FbTestSim  *sim,
              const char *secret)
{
  g_autoptr(FbCredentials) credentials =
    fb_credentials_new (fb_test_sim_var (sim, "AWS_ACCESS_KEY_ID"),
                        secret != NULL ? secret : fb_test_sim_var (sim, "AWS_SECRET_ACCESS_KEY"), NULL, NULL);

  return fb_static_credentials_provider_new (credentials);
}

static char *
start_simulation (FbTestSim *sim)
{
  g_autoptr(FbCredentialsProvider) provider = sim_provider (sim, NULL);
  g_autoptr(FbOrderSimulation) simulation =
    fb_order_simulation_new (fb_test_sim_var (sim, "SHARED_ENDPOINT"), fb_test_sim_var (sim, "AWS_REGION"), provider);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *order_id;

  fb_order_simulation_start_async (simulation, NULL, fb_test_keep_result, &result);
  g_assert_nonnull (fb_test_wait_for_result (&result, 20));
  order_id = fb_order_simulation_start_finish (simulation, result, &error);
  g_assert_no_error (error);
  return order_id;
}

static FbOrderEvent *
live_event (const char *order_id,
            const char *status,
            gint64      updated_at)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (updated_at / G_USEC_PER_SEC);
  g_autoptr(GDateTime) precise = g_date_time_add (time, updated_at % G_USEC_PER_SEC);
  g_autofree char *text = g_date_time_format (precise, "%Y-%m-%dT%H:%M:%S.%fZ");
  g_autofree char *payload = g_strdup_printf ("{\"orderId\":\"%s\",\"status\":\"%s\",\"updatedAt\":\"%s\",\"event\":\"UPDATED\"}",
                                              order_id, status, text);
  g_autoptr(GError) error = NULL;
  FbOrderEvent *ev;

  ev = fb_order_event_decode ("orders/events", (const guint8 *) payload, strlen (payload), g_get_real_time (), &error);
  g_assert_no_error (error);
  g_assert_cmpint (ev->updated_at, ==, updated_at);
  return ev;
}

static void
apply_all (FbOrderStore *store,
           GPtrArray    *events)
{
  fb_order_store_apply_batch (store, events, NULL);
}

/* --- Against feedboard-sim ---------------------------------------------------------------- */

typedef struct
{
  FbTestSim     sim;
  FbMqttClient *mqtt;
  GPtrArray    *live;    /* FbOrderEvent*, in arrival order */
  GHashTable   *finished; /* order ids that reached a final status */
} Rig;

static void
on_messages (FbMqttClient *client,
             GPtrArray    *messages,
             Rig          *rig)
{
  for (guint i = 0; i < messages->len; i++)
    {
      FbMqttMessage *m = g_ptr_array_index (messages, i);
      FbOrderEvent *ev = fb_order_event_decode (m->topic, g_bytes_get_data (m->payload, NULL),
                                                g_bytes_get_size (m->payload), m->received_at, NULL);

      g_assert_nonnull (ev);
      if (fb_order_status_is_final (ev->status))
        g_hash_table_add (rig->finished, g_strdup (ev->order_id));
      g_ptr_array_add (rig->live, ev);
    }
}

/* Subscribed, not merely connected: what the chain publishes before the SUBACK is not ours. */
static gboolean
is_subscribed (gpointer data)
{
  return fb_mqtt_client_get_subscribed (((Rig *) data)->mqtt);
}

static gboolean
two_orders_live (gpointer data)
{
  Rig *rig = data;
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < rig->live->len; i++)
    g_hash_table_add (ids, ((FbOrderEvent *) g_ptr_array_index (rig->live, i))->order_id);
  return g_hash_table_size (ids) >= 2;
}

static void
rig_start (Rig *rig)
{
  g_autoptr(GError) error = NULL;

  fb_test_sim_start (&rig->sim, "--feeders=0", NULL);
  rig->live = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_order_event_free);
  rig->finished = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  rig->mqtt = fb_mqtt_client_new_for_broker (fb_test_sim_var (&rig->sim, "MQTT_URL"), NULL, &error);
  g_assert_no_error (error);
  fb_mqtt_client_add_subscription (rig->mqtt, "orders/events/#", 1);
  g_signal_connect (rig->mqtt, "messages", G_CALLBACK (on_messages), rig);
  fb_mqtt_client_start (rig->mqtt);
  g_assert_true (fb_test_wait_for (is_subscribed, rig, 10));
}

static void
rig_stop (Rig *rig)
{
  fb_mqtt_client_stop (rig->mqtt);
  g_clear_object (&rig->mqtt);
  g_clear_pointer (&rig->live, g_ptr_array_unref);
  g_clear_pointer (&rig->finished, g_hash_table_unref);
  fb_test_sim_stop (&rig->sim);
}

static FbOrdersPoller *
rig_poller (Rig        *rig,
            const char *secret)
{
  g_autoptr(FbCredentialsProvider) provider = sim_provider (&rig->sim, secret);

  return fb_orders_poller_new (fb_test_sim_var (&rig->sim, "POLLING_ENDPOINT"),
                               fb_test_sim_var (&rig->sim, "AWS_REGION"), provider);
}

static gboolean
all_finished (gpointer data)
{
  Rig *rig = data;
  GHashTable *ids = g_hash_table_new (g_str_hash, g_str_equal);
  gboolean done;

  for (guint i = 0; i < rig->live->len; i++)
    g_hash_table_add (ids, ((FbOrderEvent *) g_ptr_array_index (rig->live, i))->order_id);
  done = g_hash_table_size (ids) == 6 && g_hash_table_size (rig->finished) == 6;
  g_hash_table_unref (ids);
  return done;
}

/* The newest live event of each order: what any last-writer-wins merge must end with. */
static GHashTable *
newest_live (Rig *rig)
{
  GHashTable *newest = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < rig->live->len; i++)
    {
      FbOrderEvent *ev = g_ptr_array_index (rig->live, i);
      FbOrderEvent *known = g_hash_table_lookup (newest, ev->order_id);

      if (known == NULL || ev->updated_at > known->updated_at)
        g_hash_table_insert (newest, ev->order_id, ev);
    }
  return newest;
}

static void
assert_store_matches (FbOrderStore *store,
                      GHashTable   *expected)
{
  GHashTableIter iter;
  gpointer key, value;

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, g_hash_table_size (expected));
  g_hash_table_iter_init (&iter, expected);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      FbOrder *order = fb_order_store_lookup (store, key);
      FbOrderEvent *ev = value;

      g_assert_nonnull (order);
      g_assert_cmpstr (fb_order_get_status (order), ==, ev->status);
      g_assert_cmpint (fb_order_get_updated_at (order), ==, ev->updated_at);
    }
}

/* A chain of six orders is started; the list is polled while they are on their way. The store
   holds exactly what the sim made, and merging polled rows with live events ends, in either order,
   at each order's newest live state: the poll, older than what came after it, never wins. */
static void
test_poll_sim (void)
{
  Rig rig = { 0 };
  g_autoptr(FbOrdersPoller) poller = NULL;
  g_autoptr(GPtrArray) polled = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FbOrderStore) poll_first = fb_order_store_new ();
  g_autoptr(FbOrderStore) poll_last = fb_order_store_new ();
  g_autoptr(FbOrderStore) polled_only = fb_order_store_new ();
  g_autoptr(GHashTable) newest = NULL;
  g_autofree char *first_id = NULL;
  g_autofree char *problem = NULL;
  g_autofree char *url = NULL;
  guint skipped = 99, stale = 0;

  rig_start (&rig);
  poller = rig_poller (&rig, NULL);
  url = g_strconcat (fb_test_sim_var (&rig.sim, "POLLING_ENDPOINT"), "/orders", NULL);
  g_assert_cmpstr (fb_orders_poller_get_url (poller), ==, url);

  /* Nothing made yet (--no-orders): an empty list is a list. */
  polled = poll_orders (poller, NULL, &skipped, &problem, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (polled->len, ==, 0);
  g_assert_cmpuint (skipped, ==, 0);
  g_assert_null (problem);
  g_clear_pointer (&polled, g_ptr_array_unref);

  first_id = start_simulation (&rig.sim);
  /* Polled mid-chain: once two orders were seen live (at speed 20 one is made every 0.4 s). */
  g_assert_true (fb_test_wait_for (two_orders_live, &rig, 30));
  polled = poll_orders (poller, NULL, &skipped, &problem, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (skipped, ==, 0);
  g_assert_cmpuint (polled->len, >=, 2);
  g_assert_cmpuint (polled->len, <=, 6);
  apply_all (polled_only, polled);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (polled_only)), ==, polled->len);
  g_assert_nonnull (fb_order_store_lookup (polled_only, first_id));
  for (guint i = 0; i < polled->len; i++)
    {
      FbOrderEvent *ev = g_ptr_array_index (polled, i);

      g_assert_cmpuint (strlen (ev->order_id), ==, 27);
      g_assert_cmpstr (ev->event, ==, FB_ORDERS_POLLER_EVENT);
      g_assert_true (g_str_has_suffix (ev->updated_at_text, "Z"));
    }

  /* At 20× speed the chain takes seconds; a busy 2-core machine has been seen to need more. */
  g_assert_true (fb_test_wait_for (all_finished, &rig, 60));
  newest = newest_live (&rig);
  /* Every polled order was seen live, and the sim moved some of them on after the poll. */
  for (guint i = 0; i < polled->len; i++)
    {
      FbOrderEvent *ev = g_ptr_array_index (polled, i);
      FbOrderEvent *last = g_hash_table_lookup (newest, ev->order_id);

      g_assert_nonnull (last);
      g_assert_cmpint (ev->updated_at, <=, last->updated_at);
      stale += ev->updated_at < last->updated_at;
    }
  g_assert_cmpuint (stale, >, 0);

  apply_all (poll_first, polled);
  apply_all (poll_first, rig.live);
  assert_store_matches (poll_first, newest);

  apply_all (poll_last, rig.live);
  apply_all (poll_last, polled);
  assert_store_matches (poll_last, newest);

  /* Polled again once everything is done: the list agrees with the newest live states. */
  g_clear_pointer (&polled, g_ptr_array_unref);
  polled = poll_orders (poller, NULL, &skipped, &problem, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (polled->len, ==, 6);
  g_clear_object (&polled_only);
  polled_only = fb_order_store_new ();
  apply_all (polled_only, polled);
  assert_store_matches (polled_only, newest);

  rig_stop (&rig);
}

/* The same rules with times chosen: a live event newer than the polled row wins, whether it came
   before or after the poll; an older one, or one as old, changes nothing. */
static void
test_poll_merge_times (void)
{
  Rig rig = { 0 };
  g_autoptr(FbOrdersPoller) poller = NULL;
  g_autoptr(GPtrArray) polled = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FbOrderStore) store = fb_order_store_new ();
  g_autoptr(FbOrderStore) early = fb_order_store_new ();
  g_autofree char *order_id = NULL;
  FbOrderEvent *row;

  rig_start (&rig);
  poller = rig_poller (&rig, NULL);
  order_id = start_simulation (&rig.sim);
  polled = poll_orders (poller, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (polled->len, ==, 1);
  row = g_ptr_array_index (polled, 0);
  g_assert_cmpstr (row->order_id, ==, order_id);

  /* A live event newer than the poll arrived first: the poll does not take it back. */
  {
    g_autoptr(FbOrderEvent) newer = live_event (order_id, "IN_KITCHEN", row->updated_at + 1000);

    g_assert_true (fb_order_store_apply (early, newer));
    apply_all (early, polled);
    g_assert_cmpstr (fb_order_get_status (fb_order_store_lookup (early, order_id)), ==, "IN_KITCHEN");
  }

  /* The poll first: an older or equally old live event loses, a newer one wins. */
  apply_all (store, polled);
  g_assert_cmpstr (fb_order_get_status (fb_order_store_lookup (store, order_id)), ==, row->status);
  {
    g_autoptr(FbOrderEvent) older = live_event (order_id, "CANCELLED", row->updated_at - 1000);
    g_autoptr(FbOrderEvent) same = live_event (order_id, "DELIVERED", row->updated_at);
    g_autoptr(FbOrderEvent) newer = live_event (order_id, "READY_FOR_PICKUP", row->updated_at + 1000);

    g_assert_false (fb_order_store_apply (store, older));
    g_assert_false (fb_order_store_apply (store, same));
    g_assert_cmpstr (fb_order_get_status (fb_order_store_lookup (store, order_id)), ==, row->status);
    g_assert_true (fb_order_store_apply (store, newer));
    g_assert_cmpstr (fb_order_get_status (fb_order_store_lookup (store, order_id)), ==, "READY_FOR_PICKUP");
  }

  rig_stop (&rig);
}

/* A wrong secret: the stand-in refuses the signature like API Gateway; the words say so, and
   neither secret is in them. An endpoint nobody listens on: the words say it was not reached. */
static void
test_poll_refused (void)
{
  Rig rig = { 0 };
  g_autoptr(FbOrdersPoller) wrong = NULL;
  g_autoptr(FbOrdersPoller) nowhere = NULL;
  g_autoptr(FbCredentialsProvider) provider = NULL;
  g_autoptr(GPtrArray) polled = NULL;
  g_autoptr(GError) error = NULL;

  rig_start (&rig);
  wrong = rig_poller (&rig, "wrong-secret-0123456789");
  polled = poll_orders (wrong, NULL, NULL, NULL, &error);
  g_assert_null (polled);
  g_test_message ("wrong secret: %s", error->message);
  g_assert_error (error, FB_AWS_ERROR, FB_AWS_ERROR_SIGNATURE);
  g_assert_nonnull (strstr (error->message, "signature"));
  g_assert_nonnull (strstr (error->message, "HTTP 403"));
  g_assert_null (strstr (error->message, "wrong-secret"));
  g_assert_null (strstr (error->message, fb_test_sim_var (&rig.sim, "AWS_SECRET_ACCESS_KEY")));
  g_clear_error (&error);

  provider = sim_provider (&rig.sim, NULL);
  nowhere = fb_orders_poller_new ("http://127.0.0.1:1", "us-east-1", provider);
  polled = poll_orders (nowhere, NULL, NULL, NULL, &error);
  g_assert_null (polled);
  g_test_message ("unreachable: %s", error->message);
  g_assert_error (error, FB_AWS_ERROR, FB_AWS_ERROR_NETWORK);
  g_assert_nonnull (strstr (error->message, "Could not reach http://127.0.0.1:1/orders"));

  rig_stop (&rig);
}

/* --- Against a local server that answers badly ----------------------------------------- */

#define GOOD_ROW "{\"orderId\":\"2dh3kOyQLCo9s2mG8yMu5KcZSM5\",\"createdAt\":\"2024-03-19T20:03:20.000Z\"," \
                 "\"updatedAt\":\"2024-03-19T20:03:28.366Z\",\"currency\":\"USD\",\"customerId\":\"c\"," \
                 "\"status\":\"IN_KITCHEN\",\"numItems\":2,\"total\":12.5}"

static void
bad_server_cb (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  const char *body = NULL;
  char *owned = NULL;
  gsize len = 0;
  guint status = 200;

  if (g_str_equal (path, "/stall/orders"))
    {
      soup_server_message_pause (msg);
      return;
    }
  if (g_str_equal (path, "/notjson/orders"))
    body = "<html>Gateway</html>";
  else if (g_str_equal (path, "/empty/orders"))
    body = "";
  else if (g_str_equal (path, "/object/orders"))
    body = "{\"orders\":[" GOOD_ROW "]}";
  else if (g_str_equal (path, "/latin1/orders"))
    body = "[{\"orderId\":\"caf\xe9\"}]";
  else if (g_str_equal (path, "/mixed/orders"))
    body = "[" GOOD_ROW ", 42, \"text\", null, [1,2],"
           " {\"orderId\":12,\"status\":\"S\",\"updatedAt\":\"2024-03-19T20:03:28.366Z\"},"
           " {\"orderId\":\"b\",\"status\":\"SUBMITTED\"},"
           " {\"orderId\":\"c\",\"status\":{\"deep\":true},\"updatedAt\":\"2024-03-19T20:03:28.366Z\"},"
           " {\"orderId\":\"d\",\"status\":\"SUBMITTED\",\"updatedAt\":\"last tuesday\"},"
           " {\"status\":\"WEIRD_NEW_STATUS\",\"orderId\":\"e\",\"updatedAt\":\"2024-03-19T21:00:00Z\",\"extra\":[{}]}]";
  else if (g_str_equal (path, "/huge/orders"))
    {
      /* Valid JSON, one order padded past the 8 MiB bound. */
      len = FB_ORDERS_POLLER_MAX_RESPONSE + 1024;
      owned = g_malloc (len);
      memset (owned, ' ', len);
      memcpy (owned, "[" GOOD_ROW, strlen ("[" GOOD_ROW));
      owned[len - 1] = ']';
    }
  else if (g_str_equal (path, "/deep/orders"))
    {
      /* Enough nesting to overflow JSON-GLib's recursion, well within the size bound. */
      len = 400000;
      owned = g_malloc (len);
      memset (owned, '[', len / 2);
      memset (owned + len / 2, ']', len / 2);
    }
  else if (g_str_equal (path, "/error/orders"))
    {
      status = 500;
      body = "{\"message\":\"Internal server error\"}";
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "x-amzn-RequestId", "req-1");
    }
  else
    {
      soup_server_message_set_status (msg, 404, NULL);
      return;
    }

  soup_server_message_set_status (msg, status, NULL);
  if (owned != NULL)
    soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, owned, len);
  else
    soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, body, strlen (body));
}

static GPtrArray *
poll_bad (const char  *base,
          const char  *what,
          guint        timeout,
          GCancellable *cancellable,
          guint       *skipped,
          char       **problem,
          GError     **error)
{
  g_autoptr(FbCredentials) credentials = fb_credentials_new ("AKIDEXAMPLE", "not-a-real-secret", NULL, NULL);
  g_autoptr(FbCredentialsProvider) provider = fb_static_credentials_provider_new (credentials);
  g_autofree char *endpoint = g_strconcat (base, what, NULL);
  g_autoptr(FbOrdersPoller) poller = fb_orders_poller_new (endpoint, "us-east-1", provider);

  if (timeout > 0)
    fb_orders_poller_set_timeout (poller, timeout);
  return poll_orders (poller, cancellable, skipped, problem, error);
}

static gboolean
cancel_soon (gpointer data)
{
  g_cancellable_cancel (data);
  return G_SOURCE_REMOVE;
}

static void
test_poll_bad_answers (void)
{
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GSList) uris = NULL;
  g_autofree char *base = NULL;
  struct { const char *what; GQuark domain; int code; const char *words; } cases[] = {
    { "/notjson", FB_DECODE_ERROR, FB_DECODE_ERROR_NOT_JSON, "/notjson/orders: The list of orders is not JSON" },
    { "/empty", FB_DECODE_ERROR, FB_DECODE_ERROR_NOT_JSON, "empty" },
    { "/object", FB_DECODE_ERROR, FB_DECODE_ERROR_WRONG_TYPE, "The answer is an object, not a list of orders" },
    { "/latin1", FB_DECODE_ERROR, FB_DECODE_ERROR_NOT_UTF8, "not UTF-8" },
    { "/huge", FB_AWS_ERROR, FB_AWS_ERROR_BAD_RESPONSE, "larger than 8388608 bytes" },
    { "/deep", FB_DECODE_ERROR, FB_DECODE_ERROR_TOO_DEEP, "deeper than 64 levels" },
    { "/error", FB_AWS_ERROR, FB_AWS_ERROR_SERVICE, "Internal server error (no error type, HTTP 500, request ID req-1)" },
    { "/stall", FB_AWS_ERROR, FB_AWS_ERROR_TIMEOUT, "/stall/orders within 1 seconds" },
  };

  soup_server_add_handler (server, NULL, bad_server_cb, NULL, NULL);
  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  base = g_uri_to_string (uris->data);
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify) g_uri_unref);
  if (g_str_has_suffix (base, "/"))
    base[strlen (base) - 1] = '\0';

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) case_error = NULL;
      g_autoptr(GPtrArray) polled = poll_bad (base, cases[i].what, 1, NULL, NULL, NULL, &case_error);

      g_test_message ("%s: %s", cases[i].what, case_error != NULL ? case_error->message : "(accepted)");
      g_assert_null (polled);
      g_assert_error (case_error, cases[i].domain, cases[i].code);
      g_assert_nonnull (strstr (case_error->message, cases[i].words));
    }

  /* Rows that are not orders are skipped and counted; the orders among them still count,
     unknown statuses and extra keys included. */
  {
    g_autofree char *problem = NULL;
    g_autoptr(GPtrArray) polled = NULL;
    guint skipped = 0;
    FbOrderEvent *ev;

    polled = poll_bad (base, "/mixed", 0, NULL, &skipped, &problem, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (polled->len, ==, 2);
    g_assert_cmpuint (skipped, ==, 8);
    g_assert_cmpstr (problem, ==, "row 2: it is a number, not an object");
    ev = g_ptr_array_index (polled, 0);
    g_assert_cmpstr (ev->order_id, ==, "2dh3kOyQLCo9s2mG8yMu5KcZSM5");
    g_assert_cmpstr (ev->status, ==, "IN_KITCHEN");
    g_assert_cmpstr (ev->updated_at_text, ==, "2024-03-19T20:03:28.366Z");
    g_assert_cmpint (ev->updated_at, ==, G_GINT64_CONSTANT (1710878608366000));
    ev = g_ptr_array_index (polled, 1);
    g_assert_cmpstr (ev->status, ==, "WEIRD_NEW_STATUS");
  }

  /* The caller's cancellable ends a request that gets no answer, before the deadline. */
  {
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    g_autoptr(GPtrArray) polled = NULL;
    gint64 started = g_get_monotonic_time ();

    g_timeout_add (200, cancel_soon, cancellable);
    polled = poll_bad (base, "/stall", 30, cancellable, NULL, NULL, &error);
    g_assert_null (polled);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_assert_cmpint (g_get_monotonic_time () - started, <, 5 * G_USEC_PER_SEC);
  }

  soup_server_disconnect (server);
}

/* The parser alone, for what a network test cannot cheaply vary. */
static void
test_parse (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) none = NULL;
  g_autoptr(GPtrArray) one = NULL;
  g_autofree char *long_id = g_strnfill (FB_ORDER_EVENT_MAX_ID_LEN + 1, 'x');
  g_autofree char *too_long = g_strdup_printf ("[{\"orderId\":\"%s\",\"status\":\"S\",\"updatedAt\":\"2024-03-19T20:03:28Z\"}]", long_id);
  g_autofree char *problem = NULL;
  const char *spaced = "[ {\"updatedAt\": \"2024-03-19T20:03:28.366+01:00\", \"status\": \"DELIVERED\", \"orderId\": \"k\"} ]";
  guint skipped = 0;
  /* A little after the rows' updatedAt: one more than a day ahead is refused. */
  gint64 received = G_GINT64_CONSTANT (1710878700000000);

  none = fb_orders_poller_parse ((const guint8 *) "[]", 2, received, &skipped, &problem, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (none->len, ==, 0);
  g_assert_null (problem);

  one = fb_orders_poller_parse ((const guint8 *) spaced, strlen (spaced), received, &skipped, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (one->len, ==, 1);
  g_assert_cmpint (((FbOrderEvent *) g_ptr_array_index (one, 0))->updated_at, ==, G_GINT64_CONSTANT (1710875008366000));
  g_assert_cmpint (((FbOrderEvent *) g_ptr_array_index (one, 0))->received_at, ==, received);
  g_clear_pointer (&one, g_ptr_array_unref);

  one = fb_orders_poller_parse ((const guint8 *) too_long, strlen (too_long), received, &skipped, &problem, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (one->len, ==, 0);
  g_assert_cmpuint (skipped, ==, 1);
  g_assert_nonnull (strstr (problem, "at most 64 are accepted"));

  g_assert_null (fb_orders_poller_parse ((const guint8 *) "\"orders\"", 8, 7, NULL, NULL, &error));
  g_assert_error (error, FB_DECODE_ERROR, FB_DECODE_ERROR_WRONG_TYPE);
  g_assert_nonnull (strstr (error->message, "a string, not a list of orders"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/orders-poller/parse", test_parse);
  g_test_add_func ("/orders-poller/bad-answers", test_poll_bad_answers);
  g_test_add_func ("/orders-poller/sim/loads-and-merges", test_poll_sim);
  g_test_add_func ("/orders-poller/sim/merge-times", test_poll_merge_times);
  g_test_add_func ("/orders-poller/sim/refused", test_poll_refused);
  return g_test_run ();
}
