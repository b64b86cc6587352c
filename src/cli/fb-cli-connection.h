/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-cli-connection.h: the connection options every feedboard-cli subcommand shares. */
#pragma once

#include <glib.h>

#include "fb-credentials-provider.h"
#include "fb-mqtt-client.h"

G_BEGIN_DECLS

typedef struct
{
  char  *broker;
  char  *endpoint;
  char  *region;
  char  *profile;
  char  *identity_pool_id;
  char  *client_id;
  char  *username;
  char **topics;
} FbCliConnection;

GOptionGroup *fb_cli_connection_option_group (FbCliConnection  *connection);
/* The AWS credentials the options name (default chain, --profile, …). */
FbCredentialsProvider *fb_cli_connection_create_provider (FbCliConnection *connection,
                                                          GError         **error);
/* Waits for @provider's credentials (a command-line tool may block). */
FbCredentials *fb_cli_load_credentials          (FbCredentialsProvider  *provider,
                                                 GError                **error);
/* --region, else AWS_REGION / the profile's; FALSE with a message when there is none. */
gboolean      fb_cli_connection_resolve_region (FbCliConnection  *connection,
                                                GError          **error);
FbMqttClient *fb_cli_connection_create_client (FbCliConnection  *connection,
                                               const char       *default_topic,
                                               GError          **error);
void          fb_cli_connection_clear         (FbCliConnection  *connection);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (FbCliConnection, fb_cli_connection_clear)

G_END_DECLS
