/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-diagnosis-probe.h: why an attempt failed, asked again.
 *
 * Paho says "socket error" for everything from a typo in the endpoint to a clock that is ten
 * minutes off. When an attempt fails without an MQTT answer, the client asks again with a probe
 * of its own (libsoup: the same presigned WebSocket upgrade, or a plain TCP/TLS connect for a
 * broker) that sees what Paho hides: the resolver's error, the TLS verdict, AWS's 403 body and
 * its Date header. */
#pragma once

#include "fb-diagnosis.h"

G_BEGIN_DECLS

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
