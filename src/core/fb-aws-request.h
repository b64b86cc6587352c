/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-aws-request.h: one HTTP request to an AWS endpoint, SigV4-signed with credentials loaded for
   it (or unsigned), sent within one deadline, its answer read up to a bound; and the FB_AWS_ERROR
   words for everything that can go wrong on the way. */
#pragma once

#include <gio/gio.h>
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

#define FB_AWS_REQUEST_DEFAULT_TIMEOUT      10
#define FB_AWS_REQUEST_DEFAULT_MAX_RESPONSE (1024 * 1024)

#define FB_TYPE_AWS_REQUEST (fb_aws_request_get_type ())
G_DECLARE_FINAL_TYPE (FbAwsRequest, fb_aws_request, FB, AWS_REQUEST, GObject)

GQuark              fb_aws_error_quark                   (void);
/* The failure an AWS answer reports, in the words AWS used: its message (or the HTTP phrase),
   error type, HTTP status and request ID; the code from fb_aws_error_from_type. */
GError             *fb_aws_error_new_from_response       (SoupMessage            *msg,
                                                          const guint8           *body,
                                                          gsize                   len);
/* An AWS error body, JSON ({"__type"|"code", "message"|"Message"}) or XML (<Code>, <Message>):
   its error type without namespace and its message, each NULL when absent or not a string. */
void                fb_aws_error_parse_body              (const guint8           *body,
                                                          gsize                   len,
                                                          char                  **type,
                                                          char                  **message);
/* "com.amazon.coral.service#ExpiredTokenException:http://…" → "ExpiredTokenException". */
char               *fb_aws_error_bare_type               (const char             *type);
/* Maps an AWS error type ("ExpiredTokenException", "com.amazon.coral#…") to an FbAwsError code. */
FbAwsError          fb_aws_error_from_type               (const char             *type,
                                                          guint                   http_status);

/* A @method request to @url, signed for @service ("events", "execute-api") in @region with
   credentials @provider loads when it is sent; @provider NULL: sent unsigned. Sent once. */
FbAwsRequest       *fb_aws_request_new                   (const char             *method,
                                                          const char             *url,
                                                          const char             *region,
                                                          const char             *service,
                                                          FbCredentialsProvider  *provider);
const char         *fb_aws_request_get_url               (FbAwsRequest           *self);
/* Sent with the request, and signed with it when it is signed. */
void                fb_aws_request_add_header            (FbAwsRequest           *self,
                                                          const char             *name,
                                                          const char             *value);
void                fb_aws_request_set_body              (FbAwsRequest           *self,
                                                          GBytes                 *body,
                                                          const char             *content_type);
/* The whole request (credentials, connection, answer) must finish within @seconds; default
   FB_AWS_REQUEST_DEFAULT_TIMEOUT. */
void                fb_aws_request_set_timeout           (FbAwsRequest           *self,
                                                          guint                   seconds);
/* Answers longer than @bytes are refused, never held; default
   FB_AWS_REQUEST_DEFAULT_MAX_RESPONSE. */
void                fb_aws_request_set_max_response      (FbAwsRequest           *self,
                                                          gsize                   bytes);
/* For a request with side effects (a PutEvents, GET /order): sent on a fresh connection, so
   libsoup never has to decide about sending it a second time. */
void                fb_aws_request_set_at_most_once      (FbAwsRequest           *self,
                                                          gboolean                at_most_once);
/* Sends the request through @session. A missed deadline cancels it; it is never retried. */
void                fb_aws_request_send_async            (FbAwsRequest           *self,
                                                          SoupSession            *session,
                                                          GCancellable           *cancellable,
                                                          GAsyncReadyCallback     callback,
                                                          gpointer                user_data);
/* The body of a 2xx answer; else NULL with an FB_AWS_ERROR in words. Credentials the service
   refused have been invalidated in the provider by then. */
GBytes             *fb_aws_request_send_finish           (FbAwsRequest           *self,
                                                          GAsyncResult           *result,
                                                          GError                **error);
/* The answer's HTTP status, also after a failure; 0 while none came. */
guint               fb_aws_request_get_status            (FbAwsRequest           *self);
/* The answer's headers (x-amzn-RequestId, Date), also after a failure; NULL while none came. */
SoupMessageHeaders *fb_aws_request_get_response_headers  (FbAwsRequest           *self);

G_END_DECLS
