/* SPDX-License-Identifier: GPL-3.0-or-later */
/* main.c: feedboard-sim, the whole backend of PROTOCOLS.md on loopback: a private Mosquitto,
 * the order backend, feeder devices, and stand-ins for AWS IoT's SigV4 WebSocket gateway,
 * EventBridge PutEvents, Cognito guest access and the order APIs. */
#define G_LOG_DOMAIN "feedboard-sim"

#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <glib-unix.h>
#include <libsoup/soup.h>

#include "fb-mosquitto.h"
#include "fb-mqtt-client.h"
#include "fb-sim-aws.h"
#include "fb-sim-verify.h"
#include "fb-sim-feeder.h"
#include "fb-sim-gateway.h"
#include "fb-sim-identities.h"
#include "fb-sim-orders.h"
#include "fb-version.h"

static const char *feeder_names[] = { "kitchen", "hallway", "balcony", "study", "garage", "attic" };

typedef struct
{
  GMainLoop *loop;
  GPtrArray *feeders;
  int        parent_pid;
} Sim;

static gboolean
on_quit_signal (gpointer data)
{
  g_main_loop_quit (((Sim *) data)->loop);
  return G_SOURCE_CONTINUE;
}

static gboolean
fb_sim_main_check_parent_cb (gpointer data)
{
  Sim *sim = data;

  if (getppid () != sim->parent_pid)
    g_main_loop_quit (sim->loop);
  return G_SOURCE_CONTINUE;
}

static void
fb_sim_main_messages_cb (FbMqttClient *client,
                         GPtrArray    *batch,
                         Sim          *sim)
{
  for (guint i = 0; i < batch->len; i++)
    {
      FbMqttMessage *message = g_ptr_array_index (batch, i);

      if (g_strcmp0 (message->topic, "cat-feeder/action") == 0)
        for (guint f = 0; f < sim->feeders->len; f++)
          fb_sim_feeder_handle_action (g_ptr_array_index (sim->feeders, f), message->payload);
    }
}

static gboolean
wait_connected (FbMqttClient *client,
                guint         seconds)
{
  gint64 deadline = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;

  while (fb_mqtt_client_get_state (client) != FB_MQTT_STATE_CONNECTED
         && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE) || (g_usleep (5000), TRUE);

  return fb_mqtt_client_get_state (client) == FB_MQTT_STATE_CONNECTED;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FbMosquitto) mosquitto = NULL;
  g_autoptr(FbMqttClient) publisher = NULL;
  g_autoptr(FbSimOrders) orders = NULL;
  g_autoptr(FbSimIdentities) identities = NULL;
  g_autoptr(SoupServer) server = NULL;
  g_autoptr(FbSimGateway) gateway = NULL;
  g_autoptr(FbSimAws) aws = NULL;
  g_autoptr(GSList) uris = NULL;
  g_autofree char *broker = NULL;
  g_autofree char *archive = NULL;
  g_autofree char *access_key = NULL;
  g_autofree char *secret_key = NULL;
  g_autofree char *region = NULL;
  g_autofree char *broker_url = NULL;
  const FbSimIdentity *identity;
  guint16 broker_port = 0;
  guint16 http_port;
  double speed = 1.0;
  double duplicate_rate = 0.05;
  double reorder_rate = 0.05;
  double cancel_rate = FB_SIM_ORDERS_DEFAULT_CANCEL_RATE;
  double stuck_rate = FB_SIM_ORDERS_DEFAULT_STUCK_RATE;
  int backfill = 0;
  int n_feeders = 1;
  int parent_pid = 0;
  int credential_lifetime = 3600;
  int clock_offset = 0;
  g_auto(GStrv) deny_client_ids = NULL;
  g_auto(GStrv) deny_filters = NULL;
  int active_orders = 8;
  gboolean no_orders = FALSE;
  Sim sim = { 0 };
  GOptionEntry entries[] = {
    { "speed", 0, 0, G_OPTION_ARG_DOUBLE, &speed, "Run the backend this many times faster than real time (default 1)", "F" },
    { "feeders", 0, 0, G_OPTION_ARG_INT, &n_feeders, "Number of simulated cat feeders (default 1, at most 6)", "N" },
    { "broker", 0, 0, G_OPTION_ARG_STRING, &broker, "Use this MQTT broker (mqtt://HOST:PORT) instead of starting Mosquitto", "URL" },
    { "no-orders", 0, 0, G_OPTION_ARG_NONE, &no_orders, "Make no orders on its own (only on GET /Prod/order)", NULL },
    { "active-orders", 0, 0, G_OPTION_ARG_INT, &active_orders, "Keep about this many orders moving at once (default 8)", "N" },
    { "duplicate-rate", 0, 0, G_OPTION_ARG_DOUBLE, &duplicate_rate, "Fraction of order events delivered twice (default 0.05)", "R" },
    { "reorder-rate", 0, 0, G_OPTION_ARG_DOUBLE, &reorder_rate, "Fraction of order events delivered late, out of order (default 0.05)", "R" },
    { "cancel-rate", 0, 0, G_OPTION_ARG_DOUBLE, &cancel_rate, "Fraction of orders cancelled before they reach the kitchen (default 0.05; the demo: 0.1)", "R" },
    { "stuck-rate", 0, 0, G_OPTION_ARG_DOUBLE, &stuck_rate, "Fraction of orders that get stuck at some step and never finish (default 0; the demo: 0.01)", "R" },
    { "backfill", 0, 0, G_OPTION_ARG_INT, &backfill, "List the orders of the last MINUTES in the polling API, as if running since (stuck ones among them; default 0; the demo: 30)", "MINUTES" },
    { "archive", 0, 0, G_OPTION_ARG_FILENAME, &archive, "Append every accepted EventBridge event to this file (JSON Lines)", "FILE" },
    { "access-key-id", 0, 0, G_OPTION_ARG_STRING, &access_key, "The static test identity's access key id (default: random)", "AKID" },
    { "secret-access-key", 0, 0, G_OPTION_ARG_STRING, &secret_key, "The static test identity's secret (default: random)", "SECRET" },
    { "region", 0, 0, G_OPTION_ARG_STRING, &region, "The region the stand-ins answer for (default us-east-1)", "REGION" },
    { "credential-lifetime", 0, 0, G_OPTION_ARG_INT, &credential_lifetime, "Lifetime of Cognito guest credentials in seconds (default 3600)", "SECONDS" },
    { "clock-offset", 0, 0, G_OPTION_ARG_INT, &clock_offset, "Run the AWS stand-ins' clock this many seconds ahead (negative: behind), as if this computer's clock were off", "SECONDS" },
    { "deny-client-id", 0, 0, G_OPTION_ARG_STRING_ARRAY, &deny_client_ids, "IoT policy: refuse this client id (CONNACK not authorized; repeatable)", "ID" },
    { "deny-subscribe", 0, 0, G_OPTION_ARG_STRING_ARRAY, &deny_filters, "IoT policy: refuse subscriptions to this topic filter (SUBACK not authorized; repeatable)", "FILTER" },
    { "parent-pid", 0, 0, G_OPTION_ARG_INT, &parent_pid, "Exit when this process exits", "PID" },
    { NULL }
  };

  context = g_option_context_new ("- the Feedboard backend on this computer");
  g_option_context_set_summary (context,
    "Runs a private Mosquitto broker, the order-fulfilment backend (orders/events), simulated\n"
    "cat feeders (cat-feeder/action, cat-feeder/states), and loopback stand-ins for the AWS front\n"
    "doors: the AWS IoT MQTT-over-WebSocket gateway with SigV4 presigned URLs (/mqtt), EventBridge\n"
    "PutEvents and Cognito guest credentials (POST /), execute-api GET /Prod/order and the polling\n"
    "API GET /orders. Everything listens on 127.0.0.1 only.");
  g_option_context_set_description (context,
    "When ready it prints KEY=VALUE lines and then READY on standard output, e.g.:\n"
    "  MQTT_URL=mqtt://127.0.0.1:PORT        the broker (plain MQTT, no authentication)\n"
    "  IOT_ENDPOINT=ws://127.0.0.1:PORT      AWS IoT endpoint for feedboard --endpoint\n"
    "  AWS_ENDPOINT_URL=http://127.0.0.1:PORT  export it to point feedboard(-cli) at the stand-ins\n"
    "  AWS_ENDPOINT_URL_EVENTBRIDGE, AWS_ENDPOINT_URL_COGNITO_IDENTITY  the same, per service\n"
    "  AWS_REGION, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY  the static test identity\n"
    "Stop it with Ctrl+C; its Mosquitto stops with it, also if it is killed.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("feedboard-sim: %s\n", error->message);
      return 2;
    }

  if (speed <= 0 || n_feeders < 0 || n_feeders > (int) G_N_ELEMENTS (feeder_names) || credential_lifetime < 1)
    {
      g_printerr ("feedboard-sim: --speed must be > 0, --feeders from 0 to 6, --credential-lifetime ≥ 1\n");
      return 2;
    }
  if (cancel_rate < 0 || cancel_rate > 1 || stuck_rate < 0 || stuck_rate > 1 || backfill < 0 || backfill > 24 * 60)
    {
      g_printerr ("feedboard-sim: --cancel-rate and --stuck-rate must be from 0 to 1, --backfill from 0 to 1440\n");
      return 2;
    }
  if (region == NULL)
    region = g_strdup ("us-east-1");

  sim.loop = g_main_loop_new (NULL, FALSE);
  sim.feeders = g_ptr_array_new_with_free_func (g_object_unref);
  sim.parent_pid = parent_pid;

  if (parent_pid > 0)
    {
      prctl (PR_SET_PDEATHSIG, SIGTERM);
      if (getppid () != parent_pid)
        return 0;
      g_timeout_add_seconds (1, fb_sim_main_check_parent_cb, &sim);
    }
  g_unix_signal_add (SIGINT, on_quit_signal, &sim);
  g_unix_signal_add (SIGTERM, on_quit_signal, &sim);
  g_unix_signal_add (SIGHUP, on_quit_signal, &sim);

  if (broker != NULL)
    {
      g_autoptr(GUri) uri = g_uri_parse (broker, G_URI_FLAGS_NONE, NULL);

      if (uri == NULL || g_uri_get_port (uri) <= 0 || g_strcmp0 (g_uri_get_scheme (uri), "mqtt") != 0)
        {
          g_printerr ("feedboard-sim: --broker must look like mqtt://127.0.0.1:1883\n");
          return 2;
        }
      broker_port = g_uri_get_port (uri);
      broker_url = g_strdup (broker);
    }
  else
    {
      mosquitto = fb_mosquitto_new ();
      if (!fb_mosquitto_start (mosquitto, FALSE, &error))
        {
          g_printerr ("feedboard-sim: %s\n", error->message);
          return 1;
        }
      broker_port = fb_mosquitto_get_port (mosquitto);
      broker_url = fb_mosquitto_get_url (mosquitto);
    }

  publisher = fb_mqtt_client_new_for_broker (broker_url, "feedboard-sim-backend", &error);
  if (publisher == NULL)
    {
      g_printerr ("feedboard-sim: %s\n", error->message);
      return 1;
    }
  fb_mqtt_client_add_subscription (publisher, "cat-feeder/action", 1);
  g_signal_connect (publisher, "messages", G_CALLBACK (fb_sim_main_messages_cb), &sim);
  fb_mqtt_client_start (publisher);
  if (!wait_connected (publisher, 10))
    {
      g_printerr ("feedboard-sim: cannot connect to the broker %s: %s\n", broker_url,
                  fb_mqtt_client_get_state_reason (publisher));
      return 1;
    }

  orders = fb_sim_orders_new (publisher, speed);
  fb_sim_orders_set_rates (orders, duplicate_rate, reorder_rate);
  fb_sim_orders_set_trouble (orders, cancel_rate, stuck_rate);
  if (backfill > 0)
    fb_sim_orders_backfill (orders, backfill);
  if (!no_orders)
    fb_sim_orders_set_continuous (orders, active_orders);

  for (int i = 0; i < n_feeders; i++)
    {
      FbSimFeeder *feeder = fb_sim_feeder_new (publisher, feeder_names[i], speed);

      g_ptr_array_add (sim.feeders, feeder);
      fb_sim_feeder_publish_state (feeder);
    }

  fb_sim_verify_set_clock_offset (clock_offset);
  identities = fb_sim_identities_new ();
  identity = fb_sim_identities_add_static (identities, access_key, secret_key);

  server = soup_server_new ("server-header", "feedboard-sim", NULL);
  gateway = fb_sim_gateway_new (server, identities, region, broker_port);
  fb_sim_gateway_set_policy (gateway, (const char * const *) deny_client_ids, (const char * const *) deny_filters);
  aws = fb_sim_aws_new (server, identities, orders, publisher, region, archive, credential_lifetime);
  if (!soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error))
    {
      g_printerr ("feedboard-sim: cannot listen on 127.0.0.1: %s\n", error->message);
      return 1;
    }
  uris = soup_server_get_uris (server);
  http_port = g_uri_get_port (uris->data);
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify) g_uri_unref);

  /* The test identity is printed on purpose: it exists only in this process, for this run. */
  printf ("MQTT_URL=%s\n", broker_url);
  printf ("IOT_ENDPOINT=ws://127.0.0.1:%u\n", http_port);
  printf ("AWS_ENDPOINT_URL=http://127.0.0.1:%u\n", http_port);
  printf ("AWS_ENDPOINT_URL_EVENTBRIDGE=http://127.0.0.1:%u\n", http_port);
  printf ("AWS_ENDPOINT_URL_COGNITO_IDENTITY=http://127.0.0.1:%u\n", http_port);
  printf ("SHARED_ENDPOINT=http://127.0.0.1:%u/Prod\n", http_port);
  printf ("POLLING_ENDPOINT=http://127.0.0.1:%u\n", http_port);
  printf ("AWS_REGION=%s\n", region);
  printf ("AWS_ACCESS_KEY_ID=%s\n", identity->access_key_id);
  printf ("AWS_SECRET_ACCESS_KEY=%s\n", identity->secret_access_key);
  printf ("IDENTITY_POOL_ID=%s:00000000-0000-4000-8000-00000000f00d\n", region);
  printf ("EVENT_BUS=feedmyfurbabies\n");
  if (mosquitto != NULL)
    printf ("MOSQUITTO_PID=%d\n", (int) fb_mosquitto_get_pid (mosquitto));
  printf ("READY\n");
  fflush (stdout);

  g_main_loop_run (sim.loop);

  fb_mqtt_client_stop (publisher);
  soup_server_disconnect (server);
  if (mosquitto != NULL)
    fb_mosquitto_stop (mosquitto);
  g_ptr_array_unref (sim.feeders);
  g_main_loop_unref (sim.loop);
  return 0;
}
