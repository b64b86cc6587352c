/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-cognito-credentials-provider.h: guest credentials from an Amazon Cognito identity pool
   (PROTOCOLS.md §2 item 3), as the reference web client gets them. */
#pragma once

#include "fb-credentials-provider.h"

G_BEGIN_DECLS

#define FB_TYPE_COGNITO_CREDENTIALS_PROVIDER (fb_cognito_credentials_provider_get_type ())
G_DECLARE_FINAL_TYPE (FbCognitoCredentialsProvider, fb_cognito_credentials_provider, FB,
                      COGNITO_CREDENTIALS_PROVIDER, GObject)

/* @identity_pool_id is "REGION:UUID"; the pool's region is its prefix. The IdentityId is cached
   in @state_dir (NULL = the user's state directory/feedboard). The endpoint honours
   AWS_ENDPOINT_URL_COGNITO_IDENTITY and AWS_ENDPOINT_URL. Signal "refreshed" (FbCredentials*)
   after each new set of credentials. */
FbCredentialsProvider *fb_cognito_credentials_provider_new (const char  *identity_pool_id,
                                                            const char  *state_dir,
                                                            GError     **error);
/* "REGION:UUID" → a copy of REGION, or NULL with words when @identity_pool_id is not one. */
char                  *fb_cognito_pool_region              (const char  *identity_pool_id,
                                                            GError     **error);

G_END_DECLS
