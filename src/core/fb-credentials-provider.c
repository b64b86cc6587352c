/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-credentials-provider.c: the interface every credentials source implements. */
#define G_LOG_DOMAIN "fb-credentials-provider"

#include "fb-credentials-provider.h"

G_DEFINE_INTERFACE (FbCredentialsProvider, fb_credentials_provider, G_TYPE_OBJECT)

static void
fb_credentials_provider_default_init (FbCredentialsProviderInterface *iface)
{
}

void
fb_credentials_provider_load_async (FbCredentialsProvider *self,
                                    GCancellable          *cancellable,
                                    GAsyncReadyCallback    callback,
                                    gpointer               user_data)
{
  g_return_if_fail (FB_IS_CREDENTIALS_PROVIDER (self));

  FB_CREDENTIALS_PROVIDER_GET_IFACE (self)->load_async (self, cancellable, callback, user_data);
}

FbCredentials *
fb_credentials_provider_load_finish (FbCredentialsProvider  *self,
                                     GAsyncResult           *result,
                                     GError                **error)
{
  g_return_val_if_fail (FB_IS_CREDENTIALS_PROVIDER (self), NULL);

  return FB_CREDENTIALS_PROVIDER_GET_IFACE (self)->load_finish (self, result, error);
}

void
fb_credentials_provider_invalidate (FbCredentialsProvider *self)
{
  FbCredentialsProviderInterface *iface;

  g_return_if_fail (FB_IS_CREDENTIALS_PROVIDER (self));

  iface = FB_CREDENTIALS_PROVIDER_GET_IFACE (self);
  if (iface->invalidate != NULL)
    iface->invalidate (self);
}
