/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-credentials.h: an AWS credentials value (access key, secret, optional token and expiry). */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define FB_TYPE_CREDENTIALS (fb_credentials_get_type ())

typedef struct _FbCredentials FbCredentials;

GType          fb_credentials_get_type              (void) G_GNUC_CONST;
FbCredentials *fb_credentials_new                   (const char    *access_key_id,
                                                     const char    *secret_access_key,
                                                     const char    *session_token,
                                                     GDateTime     *expiration);
FbCredentials *fb_credentials_ref                   (FbCredentials *self);
void           fb_credentials_unref                 (FbCredentials *self);
const char    *fb_credentials_get_access_key_id     (FbCredentials *self);
const char    *fb_credentials_get_secret_access_key (FbCredentials *self);
const char    *fb_credentials_get_session_token     (FbCredentials *self);
GDateTime     *fb_credentials_get_expiration        (FbCredentials *self);
gboolean       fb_credentials_is_expired            (FbCredentials *self,
                                                     GDateTime     *now,
                                                     GTimeSpan      margin);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FbCredentials, fb_credentials_unref)

G_END_DECLS
