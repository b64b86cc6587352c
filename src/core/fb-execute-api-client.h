/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-execute-api-client.h: SigV4-signed GETs to an Amazon API Gateway stage (signing name
   "execute-api"): the order backend's shared endpoint and its polling API. */
#pragma once

#include <gio/gio.h>

#include "fb-credentials-provider.h"

G_BEGIN_DECLS

#define FB_EXECUTE_API_DEFAULT_MAX_RESPONSE (64 * 1024)
#define FB_EXECUTE_API_DEFAULT_TIMEOUT      10

#define FB_TYPE_EXECUTE_API_CLIENT (fb_execute_api_client_get_type ())
G_DECLARE_FINAL_TYPE (FbExecuteApiClient, fb_execute_api_client, FB, EXECUTE_API_CLIENT, GObject)

/* @base_url: the stage, "https://ID.execute-api.REGION.amazonaws.com/Prod" (http on loopback for
   feedboard-sim); paths are appended to it. Requests are signed for the region in an execute-api
   host name, else for @region. */
FbExecuteApiClient *fb_execute_api_client_new              (const char             *base_url,
                                                            const char             *region,
                                                            FbCredentialsProvider  *provider);
const char         *fb_execute_api_client_get_base_url     (FbExecuteApiClient     *self);
const char         *fb_execute_api_client_get_region       (FbExecuteApiClient     *self);
/* The whole request (credentials, connection, answer) must finish within @seconds. */
void                fb_execute_api_client_set_timeout      (FbExecuteApiClient     *self,
                                                            guint                   seconds);
/* Answers longer than @bytes are refused, never held. */
void                fb_execute_api_client_set_max_response (FbExecuteApiClient     *self,
                                                            gsize                   bytes);
/* For a GET with side effects (GET /order starts a simulation): sent on a fresh connection, so
   libsoup never has to send it a second time. */
void                fb_execute_api_client_set_at_most_once (FbExecuteApiClient     *self,
                                                            gboolean                at_most_once);
/* GET base_url + @path ("/orders"). */
void                fb_execute_api_client_get_async        (FbExecuteApiClient     *self,
                                                            const char             *path,
                                                            GCancellable           *cancellable,
                                                            GAsyncReadyCallback     callback,
                                                            gpointer                user_data);
/* The body of a 2xx answer; else NULL with an FB_AWS_ERROR in words. @http_status (nullable) is
   the answer's status either way, 0 when none came. */
GBytes             *fb_execute_api_client_get_finish       (FbExecuteApiClient     *self,
                                                            GAsyncResult           *result,
                                                            guint                  *http_status,
                                                            GError                **error);
/* The region of "ID.execute-api.REGION.amazonaws.com[.cn]", else NULL. */
char               *fb_execute_api_region_from_url         (const char             *url);

G_END_DECLS
