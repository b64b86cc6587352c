/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-chain-credentials-provider.c: reads the chain afresh on every load (files are small and
 * the user may have just run `aws configure`), in a worker thread so the UI never waits on disk. */
#define G_LOG_DOMAIN "fb-chain-credentials-provider"

#include "fb-aws-config.h"
#include "fb-chain-credentials-provider.h"

struct _FbChainCredentialsProvider
{
  GObject  parent_instance;
  char    *profile;
};

static void provider_iface_init (FbCredentialsProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FbChainCredentialsProvider, fb_chain_credentials_provider, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (FB_TYPE_CREDENTIALS_PROVIDER, provider_iface_init))

static void
load_in_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  const char *profile = task_data;
  GError *error = NULL;
  FbCredentials *creds = fb_aws_config_resolve_credentials (profile, NULL, &error);

  if (creds == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, creds, (GDestroyNotify) fb_credentials_unref);
}

static void
chain_load_async (FbCredentialsProvider *provider,
                  GCancellable          *cancellable,
                  GAsyncReadyCallback    callback,
                  gpointer               user_data)
{
  FbChainCredentialsProvider *self = FB_CHAIN_CREDENTIALS_PROVIDER (provider);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, chain_load_async);
  g_task_set_task_data (task, g_strdup (self->profile), g_free);
  g_task_run_in_thread (task, load_in_thread);
}

static FbCredentials *
chain_load_finish (FbCredentialsProvider  *provider,
                   GAsyncResult           *result,
                   GError                **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
provider_iface_init (FbCredentialsProviderInterface *iface)
{
  iface->load_async = chain_load_async;
  iface->load_finish = chain_load_finish;
}

static void
fb_chain_credentials_provider_finalize (GObject *object)
{
  FbChainCredentialsProvider *self = FB_CHAIN_CREDENTIALS_PROVIDER (object);

  g_free (self->profile);

  G_OBJECT_CLASS (fb_chain_credentials_provider_parent_class)->finalize (object);
}

static void
fb_chain_credentials_provider_class_init (FbChainCredentialsProviderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = fb_chain_credentials_provider_finalize;
}

static void
fb_chain_credentials_provider_init (FbChainCredentialsProvider *self)
{
}

FbCredentialsProvider *
fb_chain_credentials_provider_new (const char *profile)
{
  FbChainCredentialsProvider *self = g_object_new (FB_TYPE_CHAIN_CREDENTIALS_PROVIDER, NULL);

  self->profile = (profile != NULL && *profile != '\0') ? g_strdup (profile) : NULL;
  return FB_CREDENTIALS_PROVIDER (self);
}
