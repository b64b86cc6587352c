/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-cli-connection.c: --broker URL, or --endpoint HOST --region REGION [--profile NAME],
 * plus --topic and --client-id, turned into a configured FbMqttClient. */
#define G_LOG_DOMAIN "fb-cli-connection"

#include "config.h"

#include "fb-aws-config.h"
#include "fb-chain-credentials-provider.h"
#include "fb-cognito-credentials-provider.h"
#include "fb-cli-connection.h"

GOptionGroup *
fb_cli_connection_option_group (FbCliConnection *connection)
{
  GOptionEntry entries[] = {
    { "broker", 0, 0, G_OPTION_ARG_STRING, &connection->broker, "MQTT broker (mqtt://, mqtts://, ws://, wss://)", "URL" },
    { "endpoint", 0, 0, G_OPTION_ARG_STRING, &connection->endpoint, "AWS IoT data endpoint (or ws://127.0.0.1:PORT for feedboard-sim)", "HOST" },
    { "region", 0, 0, G_OPTION_ARG_STRING, &connection->region, "AWS region (default: AWS_REGION or the profile's)", "REGION" },
    { "profile", 0, 0, G_OPTION_ARG_STRING, &connection->profile, "AWS profile in ~/.aws", "NAME" },
    { "identity-pool-id", 0, 0, G_OPTION_ARG_STRING, &connection->identity_pool_id,
      "Guest credentials from this Amazon Cognito identity pool (REGION:UUID)", "ID" },
    { "topic", 0, 0, G_OPTION_ARG_STRING_ARRAY, &connection->topics, "Topic filter to subscribe to (repeatable)", "FILTER" },
    { "client-id", 0, 0, G_OPTION_ARG_STRING, &connection->client_id, "MQTT client id (default: this installation's)", "ID" },
    /* The password comes from the environment: a command line is visible to every user. */
    { "username", 0, 0, G_OPTION_ARG_STRING, &connection->username,
      "With --broker: log in as NAME (password from FEEDBOARD_MQTT_PASSWORD)", "NAME" },
    { NULL }
  };
  GOptionGroup *group = g_option_group_new ("connection", "Connection options:", "Show connection options",
                                            NULL, NULL);

  g_option_group_add_entries (group, entries);
  return group;
}

FbCredentialsProvider *
fb_cli_connection_create_provider (FbCliConnection  *connection,
                                   GError          **error)
{
  if (connection->identity_pool_id != NULL)
    return fb_cognito_credentials_provider_new (connection->identity_pool_id, NULL, error);
  return fb_chain_credentials_provider_new (connection->profile);
}

gboolean
fb_cli_connection_resolve_region (FbCliConnection  *connection,
                                  GError          **error)
{
  /* With guest access, the pool's region is the natural default. */
  if (connection->region == NULL && connection->identity_pool_id != NULL)
    connection->region = fb_cognito_pool_region (connection->identity_pool_id, error);
  if (connection->region == NULL)
    connection->region = fb_aws_config_resolve_region (connection->profile, NULL, error);
  return connection->region != NULL;
}

FbMqttClient *
fb_cli_connection_create_client (FbCliConnection  *connection,
                                 const char       *default_topic,
                                 GError          **error)
{
  g_autoptr(FbMqttClient) client = NULL;

  if ((connection->broker == NULL) == (connection->endpoint == NULL))
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                           "Give either --broker URL or --endpoint HOST --region REGION");
      return NULL;
    }

  if (connection->broker != NULL)
    {
      client = fb_mqtt_client_new_for_broker (connection->broker, connection->client_id, error);
      if (client != NULL && connection->username != NULL)
        fb_mqtt_client_set_login (client, connection->username, g_getenv ("FEEDBOARD_MQTT_PASSWORD"));
    }
  else
    {
      g_autoptr(FbCredentialsProvider) provider = fb_cli_connection_create_provider (connection, error);

      if (provider == NULL || !fb_cli_connection_resolve_region (connection, error))
        return NULL;
      client = fb_mqtt_client_new_for_aws_iot (connection->endpoint, connection->region, provider,
                                               connection->client_id, error);
    }

  if (client == NULL)
    return NULL;

  if (connection->topics != NULL && connection->topics[0] != NULL)
    for (guint i = 0; connection->topics[i] != NULL; i++)
      fb_mqtt_client_add_subscription (client, connection->topics[i], 1);
  else if (default_topic != NULL)
    fb_mqtt_client_add_subscription (client, default_topic, 1);

  return g_steal_pointer (&client);
}

void
fb_cli_connection_clear (FbCliConnection *connection)
{
  g_clear_pointer (&connection->broker, g_free);
  g_clear_pointer (&connection->endpoint, g_free);
  g_clear_pointer (&connection->region, g_free);
  g_clear_pointer (&connection->profile, g_free);
  g_clear_pointer (&connection->identity_pool_id, g_free);
  g_clear_pointer (&connection->client_id, g_free);
  g_clear_pointer (&connection->username, g_free);
  g_clear_pointer (&connection->topics, g_strfreev);
}

static void
fb_cli_connection_loaded_cb (GObject      *source,
                             GAsyncResult *result,
                             gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

FbCredentials *
fb_cli_load_credentials (FbCredentialsProvider  *provider,
                         GError                **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  fb_credentials_provider_load_async (provider, NULL, fb_cli_connection_loaded_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return fb_credentials_provider_load_finish (provider, result, error);
}
