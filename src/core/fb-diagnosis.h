/* fb-diagnosis.h: why a connection failed, in words a person can act on.
 *
 * Paho says "socket error" for everything from a typo in the endpoint to a clock that is ten
 * minutes off. When an attempt fails without an MQTT answer, the client asks again with a probe
 * of its own (libsoup: the same presigned WebSocket upgrade, or a plain TCP/TLS connect for a
 * broker) that sees what Paho hides: the resolver's error, the TLS verdict, AWS's 403 body and
 * its Date header. */
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
/* Words for a failure to reach @server ("host:port") at all: resolver, socket and TLS errors.
   Always sets @error. */
void     fb_diagnosis_explain_network    (const GError  *network_error,
                                          const char    *server,
                                          GError       **error);

/* The WebSocket upgrade of an AWS IoT presigned @url (ws:// or wss://), as Paho sends it (Host
   with the port), to find why it is refused. TRUE when the gateway takes it (then the trouble
   is in MQTT, after the upgrade); otherwise FALSE and @error in FB_DIAGNOSIS_ERROR. Bounded in
   time; the URL is never logged. */
void     fb_diagnosis_probe_iot_async    (const char          *url,
                                          const char          *region,
                                          FbCredentials       *credentials,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
gboolean fb_diagnosis_probe_iot_finish   (GAsyncResult        *result,
                                          GError             **error);

/* A TCP connect (and TLS handshake, verified against the system CAs or @ca_file) to a broker
   @url's host and port (mqtt://, mqtts://, tcp://, ssl://, ws://, wss://). TRUE when it works. */
void     fb_diagnosis_probe_broker_async (const char          *url,
                                          const char          *ca_file,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
gboolean fb_diagnosis_probe_broker_finish (GAsyncResult       *result,
                                           GError            **error);

G_END_DECLS
