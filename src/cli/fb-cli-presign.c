/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-cli-presign.c: `feedboard-cli presign`: prints the presigned AWS IoT WebSocket URL. */
#define G_LOG_DOMAIN "fb-cli-presign"

#include "config.h"

#include "fb-aws-config.h"
#include "fb-cli-commands.h"
#include "fb-cli-connection.h"
#include "fb-cognito-credentials-provider.h"
#include "fb-iot-presign.h"

int
fb_cli_presign (int    argc,
                char **argv)
{
  g_autofree char *endpoint = NULL;
  g_autofree char *region = NULL;
  g_autofree char *profile = NULL;
  g_autofree char *identity_pool_id = NULL;
  g_autofree char *time_text = NULL;
  g_autofree char *host_header = NULL;
  g_autofree char *url = NULL;
  g_autoptr(GDateTime) time = NULL;
  g_autoptr(FbCredentials) creds = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  int expires = 0;
  GOptionEntry entries[] = {
    { "endpoint", 0, 0, G_OPTION_ARG_STRING, &endpoint, "AWS IoT data endpoint (host name, or ws://127.0.0.1:PORT)", "HOST" },
    { "region", 0, 0, G_OPTION_ARG_STRING, &region, "AWS region (default: AWS_REGION or the profile's)", "REGION" },
    { "profile", 0, 0, G_OPTION_ARG_STRING, &profile, "Profile in ~/.aws/credentials and ~/.aws/config", "NAME" },
    { "identity-pool-id", 0, 0, G_OPTION_ARG_STRING, &identity_pool_id, "Sign with guest credentials from this Amazon Cognito identity pool (REGION:UUID)", "ID" },
    { "time", 0, 0, G_OPTION_ARG_STRING, &time_text, "Signing time, RFC 3339 (default: now)", "TIME" },
    { "expires", 0, 0, G_OPTION_ARG_INT, &expires, "Add X-Amz-Expires (seconds, 1 to 604800)", "SECONDS" },
    { "host-header", 0, 0, G_OPTION_ARG_STRING, &host_header, "Host header to sign (default: what the MQTT transport sends, HOST:443)", "VALUE" },
    { NULL }
  };

  context = g_option_context_new ("- print a presigned AWS IoT WebSocket URL");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("feedboard-cli presign: %s\n", error->message);
      return 2;
    }

  if (endpoint == NULL)
    {
      g_printerr ("feedboard-cli presign: --endpoint is required\n");
      return 2;
    }

  if (expires < 0 || expires > 604800)
    {
      g_printerr ("feedboard-cli presign: --expires must be from 1 to 604800 seconds\n");
      return 2;
    }

  if (time_text != NULL)
    {
      time = g_date_time_new_from_iso8601 (time_text, NULL);
      if (time == NULL)
        {
          g_printerr ("feedboard-cli presign: --time “%s” is not an RFC 3339 time "
                      "(like 2026-01-02T03:04:05Z)\n", time_text);
          return 2;
        }
    }

  if (region == NULL && identity_pool_id != NULL)
    region = fb_cognito_pool_region (identity_pool_id, NULL);
  if (region == NULL)
    {
      region = fb_aws_config_resolve_region (profile, NULL, &error);
      if (region == NULL)
        {
          g_printerr ("feedboard-cli presign: %s (or pass --region)\n", error->message);
          return 1;
        }
    }

  if (identity_pool_id != NULL)
    {
      g_autoptr(FbCredentialsProvider) provider = fb_cognito_credentials_provider_new (identity_pool_id, NULL, &error);

      creds = provider != NULL ? fb_cli_load_credentials (provider, &error) : NULL;
    }
  else
    creds = fb_aws_config_resolve_credentials (profile, NULL, &error);
  if (creds == NULL)
    {
      g_printerr ("feedboard-cli presign: %s\n", error->message);
      return 1;
    }

  url = fb_iot_presign_url (creds, endpoint, region, host_header, time, (guint) expires, &error);
  if (url == NULL)
    {
      g_printerr ("feedboard-cli presign: %s\n", error->message);
      return 1;
    }

  g_print ("%s\n", url);
  return 0;
}
