/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-cli-simulation.c: `feedboard-cli start-simulation --shared-endpoint URL`: the app's Start
 * Simulation from a terminal. Prints the first order's id and exits 0; otherwise prints why and
 * exits 1 (a simulation still running included). Like the app, it sends the request once. */
#define G_LOG_DOMAIN "fb-cli-simulation"

#include "config.h"

#include <stdio.h>

#include "fb-cli-commands.h"
#include "fb-cli-connection.h"
#include "fb-connection-profile.h"
#include "fb-execute-api-client.h"
#include "fb-order-simulation.h"

static void
fb_cli_simulation_started_cb (GObject      *source,
                              GAsyncResult *result,
                              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

int
fb_cli_start_simulation (int    argc,
                         char **argv)
{
  g_auto(FbCliConnection) connection = { 0 };
  g_autofree char *shared_endpoint = NULL;
  int timeout = 10;
  GOptionEntry entries[] = {
    { "shared-endpoint", 0, 0, G_OPTION_ARG_STRING, &shared_endpoint,
      "The order backend's shared endpoint, e.g. https://ID.execute-api.REGION.amazonaws.com/Prod", "URL" },
    { "timeout", 0, 0, G_OPTION_ARG_INT, &timeout, "Seconds to wait for the answer (default: 10)", "SECONDS" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- ask the order backend for a chain of simulated orders");
  g_autoptr(GError) error = NULL;
  g_autoptr(FbCredentialsProvider) provider = NULL;
  g_autoptr(FbOrderSimulation) simulation = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *order_id = NULL;
  const char *problem;

  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_add_group (context, fb_cli_connection_option_group (&connection));
  g_option_context_set_description (context,
    "Sends a SigV4-signed GET {shared-endpoint}/order (execute-api), signed with the credentials\n"
    "the connection options name (--profile, --identity-pool-id, else the default chain), in the\n"
    "region of an execute-api URL, else --region. Prints \"started order ID\" and exits 0; exits 1\n"
    "with the reason otherwise. The request is never retried.");
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("feedboard-cli start-simulation: %s\n", error->message);
      return 2;
    }
  if (argc != 1 || shared_endpoint == NULL)
    {
      g_printerr ("feedboard-cli start-simulation: give --shared-endpoint URL (and nothing else)\n");
      return 2;
    }
  if ((problem = fb_connection_profile_check_http_endpoint (shared_endpoint)) != NULL)
    {
      g_printerr ("feedboard-cli start-simulation: --shared-endpoint: %s\n", problem);
      return 2;
    }
  if (timeout < 1 || timeout > 300)
    {
      g_printerr ("feedboard-cli start-simulation: --timeout is from 1 to 300 seconds\n");
      return 2;
    }
  if (connection.region == NULL)
    connection.region = fb_execute_api_region_from_url (shared_endpoint);
  if ((provider = fb_cli_connection_create_provider (&connection, &error)) == NULL
      || !fb_cli_connection_resolve_region (&connection, &error))
    {
      g_printerr ("feedboard-cli start-simulation: %s\n", error->message);
      return 2;
    }

  simulation = fb_order_simulation_new (shared_endpoint, connection.region, provider);
  fb_order_simulation_set_timeout (simulation, timeout);
  fb_order_simulation_start_async (simulation, NULL, fb_cli_simulation_started_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  order_id = fb_order_simulation_start_finish (simulation, result, &error);
  if (order_id == NULL)
    {
      g_printerr ("failed: %s\n", error->message);
      return 1;
    }
  g_print ("started order %s\n", order_id);
  return 0;
}
