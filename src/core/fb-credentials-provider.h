/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-credentials-provider.h: where credentials come from (environment, files, Cognito, keyring). */
#pragma once

#include <gio/gio.h>

#include "fb-credentials.h"

G_BEGIN_DECLS

#define FB_TYPE_CREDENTIALS_PROVIDER (fb_credentials_provider_get_type ())

G_DECLARE_INTERFACE (FbCredentialsProvider, fb_credentials_provider, FB, CREDENTIALS_PROVIDER, GObject)

struct _FbCredentialsProviderInterface
{
  GTypeInterface parent_iface;

  void           (*load_async)  (FbCredentialsProvider *self,
                                 GCancellable          *cancellable,
                                 GAsyncReadyCallback    callback,
                                 gpointer               user_data);
  FbCredentials *(*load_finish) (FbCredentialsProvider *self,
                                 GAsyncResult          *result,
                                 GError               **error);
  void           (*invalidate)  (FbCredentialsProvider *self);
};

void           fb_credentials_provider_load_async  (FbCredentialsProvider *self,
                                                    GCancellable          *cancellable,
                                                    GAsyncReadyCallback    callback,
                                                    gpointer               user_data);
FbCredentials *fb_credentials_provider_load_finish (FbCredentialsProvider *self,
                                                    GAsyncResult          *result,
                                                    GError               **error);
void           fb_credentials_provider_invalidate  (FbCredentialsProvider *self);

G_END_DECLS
