/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-connection-profile.h: one named connection (AWS IoT or a plain MQTT broker), its checks in
   words, and the MQTT client it makes. Secrets are not part of it: they live in the keyring. */
#pragma once

#include <gio/gio.h>

#include "fb-credentials.h"
#include "fb-feed-command.h"
#include "fb-mqtt-client.h"

G_BEGIN_DECLS

#define FB_CONNECTION_PROFILE_ERROR (fb_connection_profile_error_quark ())

typedef enum
{
  FB_CONNECTION_PROFILE_ERROR_INVALID,
  FB_CONNECTION_PROFILE_ERROR_MISSING_SECRET,
  FB_CONNECTION_PROFILE_ERROR_UNSUPPORTED,
} FbConnectionProfileError;

typedef enum
{
  FB_CONNECTION_KIND_AWS_IOT,      /* nick "aws-iot" */
  FB_CONNECTION_KIND_MQTT_BROKER,  /* nick "mqtt-broker" */
} FbConnectionKind;

typedef enum
{
  FB_CREDENTIALS_SOURCE_DEFAULT_CHAIN,  /* "default-chain": environment, then ~/.aws */
  FB_CREDENTIALS_SOURCE_AWS_PROFILE,    /* "aws-profile": a named profile of ~/.aws */
  FB_CREDENTIALS_SOURCE_COGNITO,        /* "cognito": identity pool guest access */
  FB_CREDENTIALS_SOURCE_KEYRING_KEYS,   /* "keyring-keys": access key id here, secret in the keyring */
} FbCredentialsSource;

#define FB_TYPE_CONNECTION_KIND    (fb_connection_kind_get_type ())
#define FB_TYPE_CREDENTIALS_SOURCE (fb_credentials_source_get_type ())
#define FB_TYPE_CONNECTION_PROFILE (fb_connection_profile_get_type ())

G_DECLARE_FINAL_TYPE (FbConnectionProfile, fb_connection_profile, FB, CONNECTION_PROFILE, GObject)

GQuark               fb_connection_profile_error_quark (void);
GType                fb_connection_kind_get_type       (void) G_GNUC_CONST;
GType                fb_credentials_source_get_type    (void) G_GNUC_CONST;

/* A new profile with a fresh uuid and the defaults (bus "feedmyfurbabies", topic filters...). */
FbConnectionProfile *fb_connection_profile_new         (FbConnectionKind kind);
FbConnectionProfile *fb_connection_profile_copy        (FbConnectionProfile *self);

const char          *fb_connection_profile_get_id                (FbConnectionProfile *self);
const char          *fb_connection_profile_get_name              (FbConnectionProfile *self);
FbConnectionKind     fb_connection_profile_get_kind              (FbConnectionProfile *self);
const char          *fb_connection_profile_get_endpoint          (FbConnectionProfile *self);
const char          *fb_connection_profile_get_region            (FbConnectionProfile *self);
FbCredentialsSource  fb_connection_profile_get_credentials_source (FbConnectionProfile *self);
const char          *fb_connection_profile_get_aws_profile_name  (FbConnectionProfile *self);
const char          *fb_connection_profile_get_identity_pool_id  (FbConnectionProfile *self);
const char          *fb_connection_profile_get_access_key_id     (FbConnectionProfile *self);
const char          *fb_connection_profile_get_eventbridge_bus   (FbConnectionProfile *self);
/* The EventBridge region, or the IoT region when none is set. */
const char          *fb_connection_profile_get_eventbridge_region (FbConnectionProfile *self);
FbFeedRoute          fb_connection_profile_get_feed_route        (FbConnectionProfile *self);
const char          *fb_connection_profile_get_shared_endpoint   (FbConnectionProfile *self);
const char          *fb_connection_profile_get_polling_endpoint  (FbConnectionProfile *self);
const char          *fb_connection_profile_get_broker_url        (FbConnectionProfile *self);
const char          *fb_connection_profile_get_username          (FbConnectionProfile *self);
const char          *fb_connection_profile_get_ca_file           (FbConnectionProfile *self);
const char * const  *fb_connection_profile_get_order_topics      (FbConnectionProfile *self);
const char * const  *fb_connection_profile_get_feeder_topics     (FbConnectionProfile *self);

/* Each check returns NULL when the value is fine, else words a person can act on. */
const char          *fb_connection_profile_check_name             (const char *name);
const char          *fb_connection_profile_check_endpoint         (const char *endpoint,
                                                                   const char *region);
const char          *fb_connection_profile_check_region           (const char *region);
const char          *fb_connection_profile_check_identity_pool_id (const char *pool_id);
const char          *fb_connection_profile_check_access_key_id    (const char *access_key_id);
const char          *fb_connection_profile_check_broker_url       (const char *url);
/* execute-api / polling endpoints: optional; https, or http on loopback only. */
const char          *fb_connection_profile_check_http_endpoint    (const char *url);
const char          *fb_connection_profile_check_topics           (const char * const *filters);
/* The first problem of the whole profile (only the fields its kind and source use). */
gboolean             fb_connection_profile_validate               (FbConnectionProfile  *self,
                                                                   GError              **error);

/* Serialization for GSettings (a{sv}: only non-secret fields) and back. */
GVariant            *fb_connection_profile_to_variant   (FbConnectionProfile *self);
FbConnectionProfile *fb_connection_profile_new_from_variant (GVariant  *dict,
                                                             GError   **error);

/* Every secret kind this profile needs from the keyring (FbKeyringKind values), -1 terminated. */
const int           *fb_connection_profile_get_secret_kinds (FbConnectionProfile *self);

/* The credentials provider of an AWS IoT profile's source (also for EventBridge / execute-api);
   secret_access_key/session_token only for "keyring-keys". */
FbCredentialsProvider *fb_connection_profile_create_provider (FbConnectionProfile  *self,
                                                              const char           *secret_access_key,
                                                              const char           *session_token,
                                                              GError              **error);

/* The client for this profile, not started, with its topic filters added. The secrets are the
   ones the keyring holds for it: secret_access_key (+ optional session_token) for
   "keyring-keys", password for an MQTT broker with a username; NULL when not needed.
   client_id NULL = the installation's. */
FbMqttClient        *fb_connection_profile_create_client (FbConnectionProfile  *self,
                                                          const char           *secret_access_key,
                                                          const char           *session_token,
                                                          const char           *password,
                                                          const char           *client_id,
                                                          GError              **error);

/* The same, with the secrets read from the keyring first (fb-keyring.h). */
void                 fb_connection_profile_create_client_async  (FbConnectionProfile *self,
                                                                 const char          *client_id,
                                                                 GCancellable        *cancellable,
                                                                 GAsyncReadyCallback  callback,
                                                                 gpointer             user_data);
FbMqttClient        *fb_connection_profile_create_client_finish (FbConnectionProfile  *self,
                                                                 GAsyncResult         *result,
                                                                 GError              **error);

G_END_DECLS
