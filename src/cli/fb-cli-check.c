/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-cli-check.c: `feedboard-cli check`: one connection attempt with the given options, its
 * subscriptions included, and what went wrong in words (the app's "Test connection"). */
#define G_LOG_DOMAIN "fb-cli-check"

#include "config.h"

#include "fb-cli-commands.h"
#include "fb-cli-connection.h"

#define DEFAULT_TIMEOUT_S 20

typedef struct
{
  GMainLoop *loop;
  char      *server;
  int        status;
  guint      timeout_id;
} Check;

static void
finish (Check      *check,
        int         status,
        const char *format,
        ...) G_GNUC_PRINTF (3, 4);

static void
finish (Check      *check,
        int         status,
        const char *format,
        ...)
{
  va_list args;
  g_autofree char *text = NULL;

  if (!g_main_loop_is_running (check->loop))
    return;
  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  if (status == 0)
    g_print ("%s\n", text);
  else
    g_printerr ("feedboard-cli check: %s\n", text);
  check->status = status;
  g_main_loop_quit (check->loop);
}

static void
fb_cli_check_change_cb (FbMqttClient *client,
                        GParamSpec   *pspec,
                        Check        *check)
{
  const char *reason = fb_mqtt_client_get_state_reason (client);

  switch (fb_mqtt_client_get_state (client))
    {
    case FB_MQTT_STATE_CONNECTED:
      /* Connected with a reason means a subscription was refused: that is the answer. */
      if (reason != NULL)
        finish (check, 1, "%s", reason);
      else if (fb_mqtt_client_get_subscribed (client))
        finish (check, 0, "Connected to %s; subscribed", check->server);
      break;
    case FB_MQTT_STATE_RECONNECTING:
    case FB_MQTT_STATE_FAILED:
      finish (check, 1, "cannot connect to %s: %s", check->server, reason != NULL ? reason : "no reason given");
      break;
    case FB_MQTT_STATE_CONNECTING:
    case FB_MQTT_STATE_DISCONNECTED:
    default:
      break;
    }
}

static gboolean
fb_cli_check_timeout_cb (gpointer data)
{
  Check *check = data;

  check->timeout_id = 0;
  finish (check, 1, "no answer from %s within %d seconds", check->server, DEFAULT_TIMEOUT_S);
  return G_SOURCE_REMOVE;
}

int
fb_cli_check (int    argc,
              char **argv)
{
  g_auto(FbCliConnection) connection = { 0 };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FbMqttClient) client = NULL;
  Check check = { 0 };

  context = g_option_context_new ("- connect once, subscribe, and say what went wrong in words");
  g_option_context_set_description (context,
    "Exits 0 when the connection and every subscription were accepted, 1 with the reason otherwise.\n"
    "Without --topic it subscribes to orders/events/# and cat-feeder/states.");
  g_option_context_add_group (context, fb_cli_connection_option_group (&connection));
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("feedboard-cli check: %s\n", error->message);
      return 2;
    }

  client = fb_cli_connection_create_client (&connection, "orders/events/#", &error);
  if (client == NULL)
    {
      g_printerr ("feedboard-cli check: %s\n", error->message);
      return g_error_matches (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED) ? 2 : 1;
    }
  if (connection.topics == NULL)
    fb_mqtt_client_add_subscription (client, "cat-feeder/states", 1);

  check.loop = g_main_loop_new (NULL, FALSE);
  check.server = fb_mqtt_client_describe_server (client);
  g_signal_connect (client, "notify::state", G_CALLBACK (fb_cli_check_change_cb), &check);
  g_signal_connect (client, "notify::state-reason", G_CALLBACK (fb_cli_check_change_cb), &check);
  g_signal_connect (client, "notify::subscribed", G_CALLBACK (fb_cli_check_change_cb), &check);
  check.timeout_id = g_timeout_add_seconds (DEFAULT_TIMEOUT_S, fb_cli_check_timeout_cb, &check);

  fb_mqtt_client_start (client);
  g_main_loop_run (check.loop);
  fb_mqtt_client_stop (client);

  /* Gone already when it fired. */
  g_clear_handle_id (&check.timeout_id, g_source_remove);
  g_main_loop_unref (check.loop);
  g_free (check.server);
  return check.status;
}
