/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-cli-watch.c: `feedboard-cli watch`: every decoded order event as a JSON line on stdout,
 * marked stale when it did not change the order (duplicate or older); feeder messages and other
 * topics as JSON lines too; refused messages (fb-inbound's reasons, a burst at most and then one a
 * second) and connection changes as words on stderr, among them "subscribed" once the broker
 * granted every subscription (from then on nothing published is missed: what a script, or a
 * test, waits for before it publishes). */
#define G_LOG_DOMAIN "fb-cli-watch"

#include "config.h"

#include <stdio.h>
#include <signal.h>
#include <string.h>

#include <glib-unix.h>

#include "fb-time.h"
#include "fb-cli-commands.h"
#include "fb-json-writer.h"
#include "fb-cli-connection.h"
#include "fb-connection-profile.h"
#include "fb-feeder-store.h"
#include "fb-inbound.h"
#include "fb-ledger-records.h"
#include "fb-order-event.h"
#include "fb-order-store.h"
#include "fb-orders-poller.h"

typedef struct
{
  GMainLoop    *loop;
  FbMqttClient *client;
  FbLedger     *ledger;
  FbOrderStore *store;
  FbOrdersPoller *poller;
  int           count;
  int           printed;
  int           status;
  GString      *out;   /* the lines of one batch: one write for all of them */
  gboolean      ledger_lost;   /* some events did not reach the ledger */
  gboolean      ledger_flushed;
  guint64       n_refused;
  guint64       n_refusals_unshown;
  double        refusal_tokens;
  gint64        refusal_refilled;
} Watch;

#define REFUSAL_BURST 10

static void
watch_flush (Watch *watch)
{
  if (watch->out->len == 0)
    return;
  fwrite (watch->out->str, 1, watch->out->len, stdout);
  fflush (stdout);
  g_string_truncate (watch->out, 0);
}

/* The line every order event becomes, written as text: no JSON tree per event. */
static void
print_order_event (Watch              *watch,
                   const FbOrderEvent *ev,
                   gboolean            stale)
{
  g_autofree char *received = fb_time_format_rfc3339_ms (ev->received_at);
  GString *out = watch->out;

  g_string_append_c (out, '{');
  fb_json_append_name (out, "orderId", TRUE);
  fb_json_append_string (out, ev->order_id, -1);
  fb_json_append_name (out, "status", FALSE);
  fb_json_append_string (out, ev->status, -1);
  fb_json_append_name (out, "updatedAt", FALSE);
  fb_json_append_string (out, ev->updated_at_text, -1);
  fb_json_append_name (out, "event", FALSE);
  fb_json_append_string (out, ev->event, -1);
  fb_json_append_name (out, "topic", FALSE);
  fb_json_append_string (out, ev->topic, -1);
  fb_json_append_name (out, "receivedAt", FALSE);
  fb_json_append_string (out, received, -1);
  fb_json_append_name (out, "stale", FALSE);
  g_string_append (out, stale ? "true}\n" : "false}\n");
}

/* Anything that is not an order event (feeder states, actions, other topics) is printed as it
   came: the payload as compact JSON text when the checked parser reads it (fb-inbound), else as a
   string. */
static void
print_other (Watch                *watch,
             FbMqttMessage        *message,
             const FbInboundEvent *event)
{
  g_autofree char *received = fb_time_format_rfc3339_ms (message->received_at);
  g_autofree char *payload = NULL;
  GString *out = watch->out;
  gsize len = 0;
  const char *data = message->payload != NULL ? g_bytes_get_data (message->payload, &len) : NULL;

  g_string_append_c (out, '{');
  fb_json_append_name (out, "topic", TRUE);
  fb_json_append_string (out, event->topic, -1);
  fb_json_append_name (out, "receivedAt", FALSE);
  fb_json_append_string (out, received, -1);
  if (event->kind == FB_INBOUND_FEEDER_STATE)
    {
      fb_json_append_name (out, "feederId", FALSE);
      fb_json_append_string (out, event->feeder_state->feeder_id, -1);
      if (event->feeder_state->food_capacity >= 0)
        {
          fb_json_append_name (out, "foodCapacity", FALSE);
          g_string_append_printf (out, "%d", event->feeder_state->food_capacity);
        }
    }
  payload = fb_inbound_payload_to_json ((const guint8 *) data, len, NULL);
  if (payload != NULL)
    {
      fb_json_append_name (out, "payload", FALSE);
      g_string_append (out, payload);
    }
  else
    {
      fb_json_append_name (out, "payloadText", FALSE);
      fb_json_append_string (out, data != NULL ? data : "", MIN (len, 4096));
    }
  g_string_append (out, "}\n");
}

/* One line on stderr per refused message, a burst of REFUSAL_BURST at most and then one a second,
   with the count of those not shown: a flood of bad messages must not flood the terminal. */
static void
report_refusal (Watch                *watch,
                const FbInboundEvent *event)
{
  gint64 now = g_get_monotonic_time ();
  g_autofree char *words = NULL;

  watch->n_refused++;
  watch->refusal_tokens = MIN (REFUSAL_BURST, watch->refusal_tokens
                               + (double) (now - watch->refusal_refilled) / G_USEC_PER_SEC);
  watch->refusal_refilled = now;
  if (watch->refusal_tokens < 1)
    {
      watch->n_refusals_unshown++;
      return;
    }
  watch->refusal_tokens -= 1;
  words = fb_inbound_event_describe_refusal (event, 200);
  if (watch->n_refusals_unshown > 0)
    g_printerr ("feedboard-cli watch: %s (and %" G_GUINT64_FORMAT " more refused since the last one shown)\n",
                words, watch->n_refusals_unshown);
  else
    g_printerr ("feedboard-cli watch: %s\n", words);
  watch->n_refusals_unshown = 0;
}

static void
fb_cli_watch_messages_cb (FbMqttClient *client,
                          GPtrArray    *batch,
                          Watch        *watch)
{
  for (guint i = 0; i < batch->len && (watch->count <= 0 || watch->printed < watch->count); i++)
    {
      FbMqttMessage *message = g_ptr_array_index (batch, i);
      g_autoptr(FbInboundEvent) event = fb_inbound_decode_message (message);

      /* Recorded either way: the raw bytes stay, for a later, better decoder. */
      if (watch->ledger != NULL && event->kind == FB_INBOUND_ORDER)
        fb_ledger_append_order (watch->ledger, message, event->order);
      else if (watch->ledger != NULL)
        fb_ledger_append_message (watch->ledger, message);

      if (event->kind == FB_INBOUND_REFUSED)
        report_refusal (watch, event);
      if (event->kind == FB_INBOUND_ORDER)
        print_order_event (watch, event->order, !fb_order_store_apply (watch->store, event->order));
      else if (event->route != FB_INBOUND_ROUTE_ORDER)
        print_other (watch, message, event);
      else
        continue;
      watch->printed++;
    }

  watch_flush (watch);
  if (watch->count > 0 && watch->printed >= watch->count)
    g_main_loop_quit (watch->loop);
}

/* The polling API's list, printed like live events: a row older than what came live is stale. */
static void
fb_cli_watch_polled_cb (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  Watch *watch = user_data;
  g_autoptr(GPtrArray) orders = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *first_problem = NULL;
  guint n_skipped = 0;

  orders = fb_orders_poller_load_finish (FB_ORDERS_POLLER (source), result, &n_skipped, &first_problem, &error);
  if (orders == NULL)
    {
      g_printerr ("feedboard-cli watch: could not load the list of orders: %s\n", error->message);
      return;
    }
  g_printerr ("feedboard-cli watch: %u orders from %s\n", orders->len, fb_orders_poller_get_url (watch->poller));
  if (n_skipped > 0)
    g_printerr ("feedboard-cli watch: skipped %u rows that are not orders (%s)\n", n_skipped, first_problem);

  for (guint i = 0; i < orders->len && (watch->count <= 0 || watch->printed < watch->count); i++)
    {
      FbOrderEvent *ev = g_ptr_array_index (orders, i);

      print_order_event (watch, ev, !fb_order_store_apply (watch->store, ev));
      watch->printed++;
    }
  watch_flush (watch);
  if (watch->count > 0 && watch->printed >= watch->count)
    g_main_loop_quit (watch->loop);
}

/* -- the ledger's reports, on stderr -- */

static void
fb_cli_watch_committed_cb (FbLedger *ledger,
                           gint64    seq,
                           Watch    *watch)
{
  g_printerr ("feedboard-cli watch: committed %" G_GINT64_FORMAT "\n", seq);
}

static void
fb_cli_watch_ledger_problem_cb (FbLedger   *ledger,
                                GParamSpec *pspec,
                                Watch      *watch)
{
  const char *problem = fb_ledger_get_recording_problem (ledger);

  if (problem != NULL)
    g_printerr ("feedboard-cli watch: the ledger paused recording: %s; it retries by itself\n", problem);
  else
    g_printerr ("feedboard-cli watch: the ledger records again\n");
}

static void
fb_cli_watch_ledger_gap_cb (FbLedger *ledger,
                            gint64    from,
                            gint64    until,
                            gint64    n_events,
                            Watch    *watch)
{
  g_autofree char *from_text = fb_time_format_rfc3339_ms (from);
  g_autofree char *until_text = fb_time_format_rfc3339_ms (until);

  g_printerr ("feedboard-cli watch: %" G_GINT64_FORMAT " events from %s to %s were not recorded; "
              "the ledger has a gap record for them\n", n_events, from_text, until_text);
  watch->ledger_lost = TRUE;
}

static void
fb_cli_watch_ledger_flushed_cb (GObject      *source,
                                GAsyncResult *result,
                                gpointer      user_data)
{
  Watch *watch = user_data;
  g_autoptr(GError) error = NULL;

  if (!fb_ledger_flush_finish (FB_LEDGER (source), result, &error))
    {
      g_printerr ("feedboard-cli watch: %s\n", error->message);
      watch->ledger_lost = TRUE;
    }
  watch->ledger_flushed = TRUE;
}

/* SIGUSR1: Reconnect Now, as in the app (win.reconnect): no waiting out the back-off. */
static gboolean
on_reconnect_signal (gpointer data)
{
  Watch *watch = data;

  if (fb_mqtt_client_reconnect_now (watch->client))
    g_printerr ("feedboard-cli watch: reconnecting now (SIGUSR1)\n");
  else
    g_printerr ("feedboard-cli watch: SIGUSR1: connected or connecting already\n");
  return G_SOURCE_CONTINUE;
}

static gboolean
on_quit_signal (gpointer data)
{
  g_main_loop_quit (((Watch *) data)->loop);
  return G_SOURCE_CONTINUE;
}

static void
fb_cli_watch_state_cb (FbMqttClient *client,
                       GParamSpec   *pspec,
                       Watch        *watch)
{
  const char *reason = fb_mqtt_client_get_state_reason (client);

  if (watch->ledger != NULL)
    fb_ledger_record_connection (watch->ledger, client);   /* a gap then explains itself */

  switch (fb_mqtt_client_get_state (client))
    {
    case FB_MQTT_STATE_CONNECTED:
      g_printerr ("feedboard-cli watch: connected\n");
      if (watch->poller != NULL)
        fb_orders_poller_load_async (watch->poller, NULL, fb_cli_watch_polled_cb, watch);
      break;
    case FB_MQTT_STATE_RECONNECTING:
      {
        gint64 in = (fb_mqtt_client_get_retry_at (client) - g_get_real_time () + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC;
        g_printerr ("feedboard-cli watch: reconnecting in %" G_GINT64_FORMAT " s: %s\n", MAX (in, 0),
                    reason != NULL ? reason : "connection lost");
      }
      break;
    case FB_MQTT_STATE_FAILED:
      g_printerr ("feedboard-cli watch: failed: %s\n", reason != NULL ? reason : "unknown reason");
      watch->status = 1;
      g_main_loop_quit (watch->loop);
      break;
    case FB_MQTT_STATE_CONNECTING:
    case FB_MQTT_STATE_DISCONNECTED:
    default:
      break;
    }
}

static void
fb_cli_watch_subscribed_cb (FbMqttClient *client,
                            GParamSpec   *pspec,
                            Watch        *watch)
{
  if (fb_mqtt_client_get_subscribed (client))
    g_printerr ("feedboard-cli watch: subscribed\n");
}

static gboolean
on_timeout (gpointer data)
{
  g_main_loop_quit (((Watch *) data)->loop);
  return G_SOURCE_REMOVE;
}

int
fb_cli_watch (int    argc,
              char **argv)
{
  g_auto(FbCliConnection) connection = { 0 };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FbMqttClient) client = NULL;
  g_autoptr(FbOrderStore) store = fb_order_store_new ();
  g_autoptr(FbLedger) ledger = NULL;
  g_autofree char *ledger_dir = NULL;
  g_autofree char *polling_endpoint = NULL;
  g_autoptr(FbOrdersPoller) poller = NULL;
  gboolean report_committed = FALSE;
  int count = 0;
  int timeout = 0;
  Watch watch = { 0 };
  GOptionEntry entries[] = {
    { "count", 0, 0, G_OPTION_ARG_INT, &count, "Exit after printing N events", "N" },
    { "timeout", 0, 0, G_OPTION_ARG_INT, &timeout, "Exit after SECONDS", "SECONDS" },
    { "ledger", 0, 0, G_OPTION_ARG_FILENAME, &ledger_dir, "Record everything received into the ledger in DIR (exit status 1 if some was not recorded)", "DIR" },
    { "report-committed", 0, 0, G_OPTION_ARG_NONE, &report_committed,
      "With --ledger: print 'committed SEQ' on stderr after each commit", NULL },
    { "polling-endpoint", 0, 0, G_OPTION_ARG_STRING, &polling_endpoint,
      "At each connect, print the orders the polling API lists (SigV4 GET URL/orders)", "URL" },
    { NULL }
  };

  context = g_option_context_new ("- print order events (and feeder messages) as JSON lines");
  g_option_context_set_description (context,
    "Refused messages are named on stderr with the reason. While waiting to reconnect, SIGUSR1\n"
    "(kill -USR1 PID) attempts at once, like Reconnect Now in the app.");
  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_add_group (context, fb_cli_connection_option_group (&connection));
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("feedboard-cli watch: %s\n", error->message);
      return 2;
    }
  if (count < 0 || timeout < 0)
    {
      g_printerr ("feedboard-cli watch: --count and --timeout must not be negative\n");
      return 2;
    }

  client = fb_cli_connection_create_client (&connection, "orders/events/#", &error);
  if (client == NULL)
    {
      g_printerr ("feedboard-cli watch: %s\n", error->message);
      return g_error_matches (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED) ? 2 : 1;
    }

  if (polling_endpoint != NULL)
    {
      g_autoptr(FbCredentialsProvider) provider = NULL;
      const char *problem = fb_connection_profile_check_http_endpoint (polling_endpoint);

      if (problem != NULL)
        {
          g_printerr ("feedboard-cli watch: --polling-endpoint: %s\n", problem);
          return 2;
        }
      /* The connection's own credentials when it has them: one Cognito identity, one refresh. */
      if (fb_mqtt_client_get_credentials_provider (client) != NULL)
        provider = g_object_ref (fb_mqtt_client_get_credentials_provider (client));
      if ((provider == NULL && (provider = fb_cli_connection_create_provider (&connection, &error)) == NULL)
          || !fb_cli_connection_resolve_region (&connection, &error))
        {
          g_printerr ("feedboard-cli watch: --polling-endpoint signs with AWS credentials: %s\n", error->message);
          return 2;
        }
      poller = fb_orders_poller_new (polling_endpoint, connection.region, provider);
      watch.poller = poller;
    }

  if (ledger_dir != NULL)
    {
      g_autofree char *moved_aside = NULL;

      ledger = fb_ledger_open_or_recover (ledger_dir, &moved_aside, &error);
      if (ledger == NULL)
        {
          g_printerr ("feedboard-cli watch: %s\n", error->message);
          return 1;
        }
      if (moved_aside != NULL)
        g_printerr ("feedboard-cli watch: the ledger was damaged; it was moved to %s and a new one started\n",
                    moved_aside);
      if (report_committed)
        g_signal_connect (ledger, "committed", G_CALLBACK (fb_cli_watch_committed_cb), &watch);
      g_signal_connect (ledger, "notify::recording-problem", G_CALLBACK (fb_cli_watch_ledger_problem_cb), &watch);
      g_signal_connect (ledger, "gap", G_CALLBACK (fb_cli_watch_ledger_gap_cb), &watch);
      watch.ledger = ledger;
    }

  /* Every event is kept in the store only to tell stale from fresh: bound it. */
  fb_order_store_set_max_orders (store, 100000);
  watch.loop = g_main_loop_new (NULL, FALSE);
  watch.out = g_string_sized_new (64 * 1024);
  watch.store = store;
  watch.client = client;
  watch.count = count;
  watch.client = client;
  watch.refusal_tokens = REFUSAL_BURST;
  watch.refusal_refilled = g_get_monotonic_time ();

  g_signal_connect (client, "messages", G_CALLBACK (fb_cli_watch_messages_cb), &watch);
  g_signal_connect (client, "notify::state", G_CALLBACK (fb_cli_watch_state_cb), &watch);
  g_signal_connect (client, "notify::subscribed", G_CALLBACK (fb_cli_watch_subscribed_cb), &watch);
  if (timeout > 0)
    g_timeout_add_seconds (timeout, on_timeout, &watch);
  /* Ctrl+C and SIGTERM end the watch cleanly: the ledger commits what it has. */
  g_unix_signal_add (SIGINT, on_quit_signal, &watch);
  g_unix_signal_add (SIGTERM, on_quit_signal, &watch);
  g_unix_signal_add (SIGUSR1, on_reconnect_signal, &watch);

  fb_mqtt_client_start (client);
  g_main_loop_run (watch.loop);
  fb_mqtt_client_stop (client);
  if (watch.n_refusals_unshown > 0)
    g_printerr ("feedboard-cli watch: %" G_GUINT64_FORMAT " more messages refused (%" G_GUINT64_FORMAT " in all)\n",
                watch.n_refusals_unshown, watch.n_refused);
  if (ledger != NULL)
    {
      /* The last commit (one try when paused), waited for on this thread's context, whatever
         else fires meanwhile; then exit 1 if any event was not recorded. */
      fb_ledger_flush_async (ledger, NULL, fb_cli_watch_ledger_flushed_cb, &watch);
      while (!watch.ledger_flushed)
        g_main_context_iteration (NULL, TRUE);
      fb_ledger_close (ledger);
      g_signal_handlers_disconnect_by_data (ledger, &watch);
      if (watch.ledger_lost)
        watch.status = 1;
    }
  g_main_loop_unref (watch.loop);
  g_string_free (watch.out, TRUE);

  return watch.status;
}
