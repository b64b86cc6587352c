/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-aws-signed-message.h: a SoupMessage signed with SigV4 headers, exactly as libsoup will send it. */
#pragma once

#include <libsoup/soup.h>

#include "fb-credentials.h"

G_BEGIN_DECLS

/* The Host header libsoup sends for @uri: the host, with ":port" unless it is the scheme's default,
   IPv6 literals in brackets. What is signed must be what is sent. */
char        *fb_aws_host_header        (GUri           *uri);
/* A @method request to @url with @headers (name/value pairs, NULL-terminated; may be NULL) and
   @body (nullable), signed for @service in @region with @credentials at the current time. */
SoupMessage *fb_aws_signed_message_new (const char     *method,
                                        const char     *url,
                                        const char    **headers,
                                        GBytes         *body,
                                        const char     *content_type,
                                        FbCredentials  *credentials,
                                        const char     *region,
                                        const char     *service,
                                        GError        **error);

G_END_DECLS
