/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-cli-feed.c: `feedboard-cli feed left|right|both`: one feed, through EventBridge (default) or
 * straight to cat-feeder/action over MQTT, and its outcome: exit 0 when accepted (EventId or
 * PUBACK printed), non-zero with the reason otherwise. Like the app, it never retries. */
#define G_LOG_DOMAIN "fb-cli-feed"

#include "config.h"

#include <stdio.h>

#include "fb-cli-commands.h"
#include "fb-cli-connection.h"
#include "fb-eventbridge.h"
#include "fb-feed-sender.h"

typedef struct
{
  GMainLoop    *loop;
  FbMqttClient *mqtt;
  gboolean      deadline_passed;
} Wait;

static gboolean
deadline_cb (gpointer user_data)
{
  Wait *wait = user_data;

  wait->deadline_passed = TRUE;
  g_main_loop_quit (wait->loop);
  return G_SOURCE_REMOVE;
}

static void
fb_cli_feed_state_cb (GObject    *object,
                      GParamSpec *pspec,
                      Wait       *wait)
{
  FbMqttState state = fb_mqtt_client_get_state (wait->mqtt);

  if (state == FB_MQTT_STATE_CONNECTED || state == FB_MQTT_STATE_FAILED)
    g_main_loop_quit (wait->loop);
}

static void
fb_cli_feed_command_state_cb (FbFeedCommand *command,
                              GParamSpec    *pspec,
                              GMainLoop     *loop)
{
  if (fb_feed_command_get_state (command) != FB_FEED_COMMAND_SENDING)
    g_main_loop_quit (loop);
}

/* The MQTT route publishes only on a live connection: connect first, within the same deadline. */
static gboolean
connect_within (FbMqttClient *mqtt,
                guint         seconds,
                GError      **error)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  Wait wait = { loop, mqtt, FALSE };
  guint timer = g_timeout_add_seconds (seconds, deadline_cb, &wait);
  gulong handler = g_signal_connect (mqtt, "notify::state", G_CALLBACK (fb_cli_feed_state_cb), &wait);

  fb_mqtt_client_start (mqtt);
  if (fb_mqtt_client_get_state (mqtt) != FB_MQTT_STATE_CONNECTED)
    g_main_loop_run (loop);
  g_signal_handler_disconnect (mqtt, handler);
  if (!wait.deadline_passed)
    g_source_remove (timer);

  if (fb_mqtt_client_get_state (mqtt) == FB_MQTT_STATE_CONNECTED)
    return TRUE;

  {
    g_autofree char *server = fb_mqtt_client_describe_server (mqtt);
    const char *reason = fb_mqtt_client_get_state_reason (mqtt);

    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                 "Nothing was sent: could not connect to %s within %u seconds%s%s",
                 server, seconds, reason != NULL ? ": " : "", reason != NULL ? reason : "");
  }
  return FALSE;
}

int
fb_cli_feed (int    argc,
             char **argv)
{
  g_auto(FbCliConnection) connection = { 0 };
  g_autofree char *via = NULL;
  g_autofree char *bus = NULL;
  g_autofree char *eventbridge_region = NULL;
  g_autofree char *feeder_id = NULL;
  int deadline = FB_FEED_DEFAULT_DEADLINE;
  GOptionEntry entries[] = {
    { "via", 0, 0, G_OPTION_ARG_STRING, &via, "eventbridge (default, unless --broker is given) or mqtt", "ROUTE" },
    { "event-bus", 0, 0, G_OPTION_ARG_STRING, &bus, "EventBridge bus (default: " FB_EVENTBRIDGE_DEFAULT_BUS ")", "NAME" },
    { "eventbridge-region", 0, 0, G_OPTION_ARG_STRING, &eventbridge_region, "Region of the bus (default: --region)", "REGION" },
    { "feeder", 0, 0, G_OPTION_ARG_STRING, &feeder_id, "Feeder the command is logged for (default: cat-feeder)", "ID" },
    { "deadline", 0, 0, G_OPTION_ARG_INT, &deadline, "Seconds after which an unconfirmed feed counts as failed (default: 10)", "SECONDS" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("left|right|both — feed a bowl, once");
  g_autoptr(GError) error = NULL;
  g_autoptr(FbFeedSender) sender = fb_feed_sender_new ();
  g_autoptr(FbMqttClient) mqtt = NULL;
  g_autoptr(FbFeedCommand) command = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  FbFeedRoute route;
  FbBowl bowl;
  gint64 started = g_get_monotonic_time ();

  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_add_group (context, fb_cli_connection_option_group (&connection));
  g_option_context_set_description (context,
    "Sends one feed: SINGLE (left bowl), DOUBLE (right bowl) or LONG (both bowls).\n"
    "Prints the EventId (EventBridge) or PUBACK (MQTT) and exits 0 when accepted;\n"
    "otherwise prints why and exits 1. A feed is never retried.");
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("feedboard-cli feed: %s\n", error->message);
      return 2;
    }
  if (argc != 2 || !fb_bowl_from_string (argv[1], &bowl))
    {
      g_printerr ("feedboard-cli feed: say which bowl: left, right or both\n");
      return 2;
    }
  if (via != NULL && !fb_feed_route_from_string (via, &route))
    {
      g_printerr ("feedboard-cli feed: --via is eventbridge or mqtt, not “%s”\n", via);
      return 2;
    }
  if (via == NULL)
    route = connection.broker != NULL ? FB_FEED_ROUTE_MQTT : FB_FEED_ROUTE_EVENTBRIDGE;
  if (deadline < 1 || deadline > 300)
    {
      g_printerr ("feedboard-cli feed: --deadline is from 1 to 300 seconds\n");
      return 2;
    }

  fb_feed_sender_set_route (sender, route);
  if (route == FB_FEED_ROUTE_EVENTBRIDGE)
    {
      g_autoptr(FbCredentialsProvider) provider = NULL;
      g_autoptr(FbAwsJsonClient) client = NULL;
      g_autofree char *endpoint = NULL;
      const char *region;

      if (connection.broker != NULL)
        {
          g_printerr ("feedboard-cli feed: --via eventbridge signs with AWS credentials; --broker has none\n");
          return 2;
        }
      if ((provider = fb_cli_connection_create_provider (&connection, &error)) == NULL
          || (eventbridge_region == NULL && !fb_cli_connection_resolve_region (&connection, &error)))
        {
          g_printerr ("feedboard-cli feed: %s\n", error->message);
          return 2;
        }
      region = eventbridge_region != NULL ? eventbridge_region : connection.region;
      endpoint = fb_eventbridge_resolve_endpoint (region, connection.profile, &error);
      if (endpoint == NULL)
        {
          g_printerr ("feedboard-cli feed: %s\n", error->message);
          return 2;
        }
      client = fb_aws_json_client_new (endpoint, region, "events", provider);
      fb_aws_json_client_set_timeout (client, deadline + 5);
      fb_feed_sender_set_eventbridge (sender, client, bus);
    }
  else
    {
      gint64 spent;

      mqtt = fb_cli_connection_create_client (&connection, NULL, &error);
      if (mqtt == NULL)
        {
          g_printerr ("feedboard-cli feed: %s\n", error->message);
          return 2;
        }
      if (!connect_within (mqtt, deadline, &error))
        {
          g_printerr ("failed: %s\n", error->message);
          return 1;
        }
      fb_feed_sender_set_mqtt (sender, mqtt);
      spent = (g_get_monotonic_time () - started) / G_USEC_PER_SEC;
      deadline = MAX (1, deadline - (int) spent);
    }

  fb_feed_sender_set_deadline (sender, deadline);
  loop = g_main_loop_new (NULL, FALSE);
  command = fb_feed_sender_feed (sender, feeder_id != NULL ? feeder_id : "cat-feeder", bowl);
  g_signal_connect (command, "notify::state", G_CALLBACK (fb_cli_feed_command_state_cb), loop);
  if (fb_feed_command_get_state (command) == FB_FEED_COMMAND_SENDING)
    g_main_loop_run (loop);

  if (mqtt != NULL)
    fb_mqtt_client_stop (mqtt);

  if (fb_feed_command_get_state (command) == FB_FEED_COMMAND_ACCEPTED)
    {
      if (route == FB_FEED_ROUTE_EVENTBRIDGE)
        g_print ("accepted: %s bowl (%s) via EventBridge, EventId %s\n", fb_bowl_to_string (bowl),
                 fb_bowl_to_click_type (bowl), fb_feed_command_get_receipt (command));
      else
        g_print ("accepted: %s bowl (%s) via MQTT, %s\n", fb_bowl_to_string (bowl),
                 fb_bowl_to_click_type (bowl), fb_feed_command_get_receipt (command));
      return 0;
    }

  g_printerr ("failed: %s\n", fb_feed_command_get_reason (command));
  return 1;
}
