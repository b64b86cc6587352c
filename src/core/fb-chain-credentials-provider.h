/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-chain-credentials-provider.h: the default chain: environment, then the shared AWS files. */
#pragma once

#include "fb-credentials-provider.h"

G_BEGIN_DECLS

#define FB_TYPE_CHAIN_CREDENTIALS_PROVIDER (fb_chain_credentials_provider_get_type ())

G_DECLARE_FINAL_TYPE (FbChainCredentialsProvider, fb_chain_credentials_provider, FB, CHAIN_CREDENTIALS_PROVIDER, GObject)

FbCredentialsProvider *fb_chain_credentials_provider_new (const char *profile);

G_END_DECLS
