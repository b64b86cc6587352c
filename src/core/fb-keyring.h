/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-keyring.h: secrets the user typed into the app, kept in the desktop keyring (libsecret). */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* What a secret is for; stored as the "kind" attribute beside the profile id. */
typedef enum
{
  FB_KEYRING_KIND_AWS_SECRET_ACCESS_KEY,
  FB_KEYRING_KIND_AWS_SESSION_TOKEN,
  FB_KEYRING_KIND_MQTT_PASSWORD,
} FbKeyringKind;

/* The libsecret schema name; items carry "profile" (a profile's uuid) and "kind". */
#define FB_KEYRING_SCHEMA_NAME "io.github.feedboard.Feedboard.Secret"

const char *fb_keyring_kind_to_string    (FbKeyringKind kind);

/* Replaces the profile's secret of this kind; an empty or NULL secret deletes it. */
void        fb_keyring_store_async       (const char          *profile_id,
                                          FbKeyringKind        kind,
                                          const char          *label,
                                          const char          *secret,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
gboolean    fb_keyring_store_finish      (GAsyncResult        *result,
                                          GError             **error);
/* NULL without an error when the keyring holds no such secret. Free with fb_keyring_free. */
void        fb_keyring_lookup_async      (const char          *profile_id,
                                          FbKeyringKind        kind,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
char       *fb_keyring_lookup_finish     (GAsyncResult        *result,
                                          GError             **error);
/* Deletes every secret of the profile (when it is removed). TRUE also when there was none. */
void        fb_keyring_clear_async       (const char          *profile_id,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
gboolean    fb_keyring_clear_finish      (GAsyncResult        *result,
                                          GError             **error);
/* Wipes and frees a secret from fb_keyring_lookup_finish. */
void        fb_keyring_free              (char                *secret);

G_END_DECLS
