/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-static-credentials-provider.c: fixed credentials (typed keys, the demo's test identity). */
#define G_LOG_DOMAIN "fb-static-credentials-provider"

#include "fb-static-credentials-provider.h"

struct _FbStaticCredentialsProvider
{
  GObject        parent_instance;
  FbCredentials *creds;
};

static void provider_iface_init (FbCredentialsProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FbStaticCredentialsProvider, fb_static_credentials_provider, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (FB_TYPE_CREDENTIALS_PROVIDER, provider_iface_init))

static void
static_load_async (FbCredentialsProvider *provider,
                   GCancellable          *cancellable,
                   GAsyncReadyCallback    callback,
                   gpointer               user_data)
{
  FbStaticCredentialsProvider *self = FB_STATIC_CREDENTIALS_PROVIDER (provider);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, static_load_async);
  g_task_return_pointer (task, fb_credentials_ref (self->creds), (GDestroyNotify) fb_credentials_unref);
}

static FbCredentials *
static_load_finish (FbCredentialsProvider  *provider,
                    GAsyncResult           *result,
                    GError                **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
provider_iface_init (FbCredentialsProviderInterface *iface)
{
  iface->load_async = static_load_async;
  iface->load_finish = static_load_finish;
}

static void
fb_static_credentials_provider_finalize (GObject *object)
{
  FbStaticCredentialsProvider *self = FB_STATIC_CREDENTIALS_PROVIDER (object);

  g_clear_pointer (&self->creds, fb_credentials_unref);

  G_OBJECT_CLASS (fb_static_credentials_provider_parent_class)->finalize (object);
}

static void
fb_static_credentials_provider_class_init (FbStaticCredentialsProviderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = fb_static_credentials_provider_finalize;
}

static void
fb_static_credentials_provider_init (FbStaticCredentialsProvider *self)
{
}

FbCredentialsProvider *
fb_static_credentials_provider_new (FbCredentials *creds)
{
  FbStaticCredentialsProvider *self;

  g_return_val_if_fail (creds != NULL, NULL);

  self = g_object_new (FB_TYPE_STATIC_CREDENTIALS_PROVIDER, NULL);
  self->creds = fb_credentials_ref (creds);
  return FB_CREDENTIALS_PROVIDER (self);
}
