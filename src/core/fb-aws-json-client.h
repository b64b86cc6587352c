/* fb-aws-json-client.h: calls to an AWS service that speaks JSON 1.1 (EventBridge, Cognito Identity),
   SigV4-signed with fresh credentials per request, or unsigned for Cognito's guest calls. */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "fb-credentials-provider.h"

G_BEGIN_DECLS

#define FB_AWS_ERROR (fb_aws_error_quark ())

typedef enum
{
  FB_AWS_ERROR_NETWORK,             /* the endpoint could not be reached */
  FB_AWS_ERROR_TIMEOUT,             /* no complete answer in time */
  FB_AWS_ERROR_CREDENTIALS,         /* no credentials to sign with */
  FB_AWS_ERROR_SIGNATURE,           /* the service rejected the signature */
  FB_AWS_ERROR_EXPIRED,             /* the credentials or the request have expired */
  FB_AWS_ERROR_UNRECOGNIZED_CLIENT, /* the access key is unknown to the service */
  FB_AWS_ERROR_ACCESS_DENIED,
  FB_AWS_ERROR_NOT_FOUND,
  FB_AWS_ERROR_THROTTLED,
  FB_AWS_ERROR_VALIDATION,
  FB_AWS_ERROR_SERVICE,             /* any other error the service answered with */
  FB_AWS_ERROR_BAD_RESPONSE,        /* an answer that is not what the API promises */
} FbAwsError;

/* Bounds what a hostile or broken endpoint can make us hold in memory. */
#define FB_AWS_JSON_MAX_RESPONSE (1024 * 1024)

#define FB_TYPE_AWS_JSON_CLIENT (fb_aws_json_client_get_type ())
G_DECLARE_FINAL_TYPE (FbAwsJsonClient, fb_aws_json_client, FB, AWS_JSON_CLIENT, GObject)

GQuark           fb_aws_error_quark              (void);
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
/* The failure an AWS answer reports, in the words AWS used: its message (or the HTTP phrase),
   error type, HTTP status and request ID; the code from fb_aws_error_from_type. */
GError          *fb_aws_error_new_from_response  (SoupMessage            *msg,
                                                  const guint8           *body,
                                                  gsize                   len);
/* Maps an AWS error type ("ExpiredTokenException", "com.amazon.coral#…") to an FbAwsError code. */
FbAwsError       fb_aws_error_from_type          (const char             *type,
                                                  guint                   http_status);

G_END_DECLS
