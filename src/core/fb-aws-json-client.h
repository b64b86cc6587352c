/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-aws-json-client.h: calls to an AWS service that speaks JSON 1.1 (EventBridge, Cognito Identity),
   SigV4-signed with fresh credentials per request, or unsigned for Cognito's guest calls. */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "fb-aws-request.h"
#include "fb-credentials-provider.h"

G_BEGIN_DECLS

/* Bounds what a hostile or broken endpoint can make us hold in memory. */
#define FB_AWS_JSON_MAX_RESPONSE (1024 * 1024)

#define FB_TYPE_AWS_JSON_CLIENT (fb_aws_json_client_get_type ())
G_DECLARE_FINAL_TYPE (FbAwsJsonClient, fb_aws_json_client, FB, AWS_JSON_CLIENT, GObject)

/* @provider NULL: unsigned requests. @service is the signing name ("events"). */
FbAwsJsonClient *fb_aws_json_client_new          (const char             *endpoint_url,
                                                  const char             *region,
                                                  const char             *service,
                                                  FbCredentialsProvider  *provider);
const char      *fb_aws_json_client_get_endpoint (FbAwsJsonClient        *self);
/* The whole call (credentials, connection, answer) must finish within @seconds; default 10. */
void             fb_aws_json_client_set_timeout  (FbAwsJsonClient        *self,
                                                  guint                   seconds);
/* POST @body to the endpoint with X-Amz-Target @target. The answer is a JSON object. */
void             fb_aws_json_client_call_async   (FbAwsJsonClient        *self,
                                                  const char             *target,
                                                  JsonNode               *body,
                                                  GCancellable           *cancellable,
                                                  GAsyncReadyCallback     callback,
                                                  gpointer                user_data);
JsonNode        *fb_aws_json_client_call_finish  (FbAwsJsonClient        *self,
                                                  GAsyncResult           *result,
                                                  GError                **error);

G_END_DECLS
