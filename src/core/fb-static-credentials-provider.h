/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-static-credentials-provider.h: a provider that always hands out the same credentials. */
#pragma once

#include "fb-credentials-provider.h"

G_BEGIN_DECLS

#define FB_TYPE_STATIC_CREDENTIALS_PROVIDER (fb_static_credentials_provider_get_type ())

G_DECLARE_FINAL_TYPE (FbStaticCredentialsProvider, fb_static_credentials_provider, FB, STATIC_CREDENTIALS_PROVIDER, GObject)

FbCredentialsProvider *fb_static_credentials_provider_new (FbCredentials *creds);

G_END_DECLS
