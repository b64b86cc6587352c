/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-diagnosis.h: why a connection failed, in words a person can act on: the causes, and the
 * words for an AWS refusal or a network failure. fb-diagnosis-probe.h finds them. */
#pragma once

#include <gio/gio.h>

#include "fb-credentials.h"

G_BEGIN_DECLS

#define FB_DIAGNOSIS_ERROR (fb_diagnosis_error_quark ())

typedef enum
{
  FB_DIAGNOSIS_UNKNOWN,               /* something failed; the words say what is known */
  FB_DIAGNOSIS_NAME_NOT_FOUND,        /* DNS: no such host */
  FB_DIAGNOSIS_UNREACHABLE,           /* connection refused, timed out, no route */
  FB_DIAGNOSIS_TLS,                   /* the server's certificate was not trusted */
  FB_DIAGNOSIS_CLOCK_SKEW,            /* this computer's clock is off */
  FB_DIAGNOSIS_TOKEN_EXPIRED,         /* the session token is past its expiry */
  FB_DIAGNOSIS_UNKNOWN_ACCESS_KEY,    /* AWS does not know the key (or the token is not its own) */
  FB_DIAGNOSIS_SIGNATURE_MISMATCH,    /* the secret does not match the key */
  FB_DIAGNOSIS_WRONG_REGION,          /* signed for another region than the endpoint's */
  FB_DIAGNOSIS_NOT_AUTHORIZED,        /* known identity, but its policy does not allow this */
  FB_DIAGNOSIS_NOT_AN_IOT_ENDPOINT,   /* the server answered, but not like AWS IoT */
} FbDiagnosisCause;

GQuark   fb_diagnosis_error_quark        (void);

/* Words for an AWS refusal: @status, the response's @body (nullable; AWS's JSON or XML error),
   its @date_header (nullable) compared with @local_now_us (real time), the @region signed for,
   the @endpoint_host (its region, when it is an AWS name, is compared with @region), and the
   @credentials used (nullable; for the key's tail and the expiry). Always sets @error. */
void     fb_diagnosis_explain_refusal    (guint          status,
                                          GBytes        *body,
                                          const char    *date_header,
                                          gint64         local_now_us,
                                          const char    *endpoint_host,
                                          const char    *region,
                                          FbCredentials *credentials,
                                          GError       **error);
/* Words for a failure to reach @server ("host:port") at all: resolver, socket and TLS errors
   (@tls_flags: what was wrong with the certificate, when known). Always sets @error. */
void     fb_diagnosis_explain_network    (const GError         *network_error,
                                          const char           *server,
                                          GTlsCertificateFlags  tls_flags,
                                          GError              **error);

G_END_DECLS
