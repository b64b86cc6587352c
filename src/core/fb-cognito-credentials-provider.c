/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-cognito-credentials-provider.c: GetId, then GetCredentialsForIdentity (unsigned JSON 1.1).
 *
 * The IdentityId is kept in a small key file so that the same guest identity is used across
 * runs (Cognito counts identities; a new one per start would be rude). Credentials live only in
 * memory. They are refreshed ahead of their expiry by a timer (a quarter of their lifetime, at
 * most five minutes, before), after an authentication failure (invalidate), and on demand; every
 * caller that asks while a refresh is under way waits for that same refresh. */
#define G_LOG_DOMAIN "fb-cognito"

#include <errno.h>

#include <glib/gstdio.h>

#include "fb-aws-endpoint.h"
#include "fb-aws-json-client.h"
#include "fb-cognito-credentials-provider.h"
#include "fb-json.h"

#define CACHE_FILE_NAME   "cognito-identities.ini"
#define MAX_EARLY_SECONDS (5 * 60)

struct _FbCognitoCredentialsProvider
{
  GObject          parent_instance;

  char            *pool_id;
  char            *region;
  char            *cache_path;
  FbAwsJsonClient *client;
  FbCredentials   *credentials;
  gint64           refresh_at;    /* real time µs: from then on the credentials are renewed */
  GPtrArray       *waiters;       /* GTask: callers of one refresh under way */
  gboolean         refreshing;
  gboolean         retried_id;
  guint            timer_id;
  GCancellable    *cancellable;
};

static void provider_iface_init (FbCredentialsProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FbCognitoCredentialsProvider, fb_cognito_credentials_provider, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (FB_TYPE_CREDENTIALS_PROVIDER, provider_iface_init))

enum {
  REFRESHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void start_refresh (FbCognitoCredentialsProvider *self);

char *
fb_cognito_pool_region (const char  *identity_pool_id,
                        GError     **error)
{
  g_autoptr(GRegex) region_re = g_regex_new ("^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-[0-9]+$", 0, 0, NULL);
  const char *colon = identity_pool_id != NULL ? strchr (identity_pool_id, ':') : NULL;
  g_autofree char *region = NULL;

  if (colon != NULL)
    region = g_strndup (identity_pool_id, colon - identity_pool_id);
  if (region == NULL || !g_regex_match (region_re, region, 0, NULL) || !g_uuid_string_is_valid (colon + 1))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "“%s” is not an identity pool id; it looks like us-east-1:0a1b2c3d-… (the region, a colon, a UUID)",
                   identity_pool_id != NULL ? identity_pool_id : "");
      return NULL;
    }
  return g_steal_pointer (&region);
}

/* -- the IdentityId cache -- */

static char *
cached_identity_id (FbCognitoCredentialsProvider *self)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();

  if (!g_key_file_load_from_file (file, self->cache_path, G_KEY_FILE_NONE, NULL))
    return NULL;
  return g_key_file_get_string (file, self->pool_id, "identity-id", NULL);
}

static void
store_identity_id (FbCognitoCredentialsProvider *self,
                   const char                   *identity_id)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_path_get_dirname (self->cache_path);
  g_autofree char *data = NULL;
  gsize len;

  g_key_file_load_from_file (file, self->cache_path, G_KEY_FILE_KEEP_COMMENTS, NULL);
  if (identity_id != NULL)
    g_key_file_set_string (file, self->pool_id, "identity-id", identity_id);
  else
    g_key_file_remove_group (file, self->pool_id, NULL);
  data = g_key_file_to_data (file, &len, NULL);

  /* Not a secret, but nobody else's business either. */
  if (g_mkdir_with_parents (dir, 0700) != 0
      || !g_file_set_contents_full (self->cache_path, data, len, G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error))
    g_warning ("Could not keep the Cognito identity in %s: %s", self->cache_path,
               error != NULL ? error->message : g_strerror (errno));
}

/* -- refreshing -- */

static void
finish_waiters (FbCognitoCredentialsProvider *self,
                const GError                 *error)
{
  g_autoptr(GPtrArray) waiters = g_steal_pointer (&self->waiters);

  self->waiters = g_ptr_array_new_with_free_func (g_object_unref);
  self->refreshing = FALSE;
  for (guint i = 0; i < waiters->len; i++)
    {
      GTask *task = g_ptr_array_index (waiters, i);

      if (error != NULL)
        g_task_return_error (task, g_error_copy (error));
      else
        g_task_return_pointer (task, fb_credentials_ref (self->credentials), (GDestroyNotify) fb_credentials_unref);
    }
}

static void
fail (FbCognitoCredentialsProvider *self,
      const GError                 *error)
{
  g_autoptr(GError) words = g_error_new (error->domain, error->code,
                                         "Cognito guest access to identity pool %s failed: %s",
                                         self->pool_id, error->message);
  finish_waiters (self, words);
}

static gboolean
timer_cb (gpointer user_data)
{
  FbCognitoCredentialsProvider *self = user_data;

  self->timer_id = 0;
  if (!self->refreshing)
    start_refresh (self);
  return G_SOURCE_REMOVE;
}

static void
fb_cognito_credentials_provider_credentials_cb (GObject      *source,
                                                GAsyncResult *result,
                                                gpointer      user_data)
{
  g_autoptr(FbCognitoCredentialsProvider) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = fb_aws_json_client_call_finish (FB_AWS_JSON_CLIENT (source), result, &error);
  g_autoptr(GDateTime) expiration = NULL;
  JsonObject *object, *c;
  JsonNode *node;
  const char *key_id, *secret, *token;
  double expiration_s = 0;
  gint64 now, expires, lifetime, early;

  if (answer == NULL)
    {
      /* A cached identity the pool no longer knows: get a new one, once. */
      if (g_error_matches (error, FB_AWS_ERROR, FB_AWS_ERROR_NOT_FOUND) && !self->retried_id)
        {
          self->retried_id = TRUE;
          store_identity_id (self, NULL);
          self->refreshing = FALSE;
          start_refresh (self);
          return;
        }
      fail (self, error);
      return;
    }

  object = json_node_get_object (answer);
  node = json_object_get_member (object, "Credentials");
  c = node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  key_id = fb_json_get_string (c, "AccessKeyId");
  secret = fb_json_get_string (c, "SecretKey");
  token = fb_json_get_string (c, "SessionToken");
  if (key_id == NULL || secret == NULL || token == NULL || !fb_json_get_number (c, "Expiration", &expiration_s))
    {
      g_autoptr(GError) bad = g_error_new_literal (FB_AWS_ERROR, FB_AWS_ERROR_BAD_RESPONSE,
                                                   "the answer to GetCredentialsForIdentity lacks the credentials");
      fail (self, bad);
      return;
    }

  expires = (gint64) expiration_s;
  expiration = g_date_time_new_from_unix_utc (expires);
  g_clear_pointer (&self->credentials, fb_credentials_unref);
  self->credentials = fb_credentials_new (key_id, secret, token, expiration);
  self->retried_id = FALSE;

  /* Renew a quarter of the lifetime (at most five minutes) before the end. */
  now = g_get_real_time ();
  lifetime = MAX (expires * G_USEC_PER_SEC - now, 0);
  early = MIN (lifetime / 4, (gint64) MAX_EARLY_SECONDS * G_USEC_PER_SEC);
  self->refresh_at = expires * G_USEC_PER_SEC - early;
  g_clear_handle_id (&self->timer_id, g_source_remove);
  self->timer_id = g_timeout_add (MAX ((self->refresh_at - now) / 1000, 1000), timer_cb, self);

  finish_waiters (self, NULL);
  g_signal_emit (self, signals[REFRESHED], 0, self->credentials);
}

static void
get_credentials (FbCognitoCredentialsProvider *self,
                 const char                   *identity_id)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "IdentityId");
  json_builder_add_string_value (builder, identity_id);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);
  fb_aws_json_client_call_async (self->client, "AWSCognitoIdentityService.GetCredentialsForIdentity", body,
                                 self->cancellable, fb_cognito_credentials_provider_credentials_cb, g_object_ref (self));
}

static void
fb_cognito_credentials_provider_identity_id_cb (GObject      *source,
                                                GAsyncResult *result,
                                                gpointer      user_data)
{
  g_autoptr(FbCognitoCredentialsProvider) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = fb_aws_json_client_call_finish (FB_AWS_JSON_CLIENT (source), result, &error);
  const char *identity_id;

  if (answer == NULL)
    {
      fail (self, error);
      return;
    }
  identity_id = fb_json_get_string (json_node_get_object (answer), "IdentityId");
  if (identity_id == NULL)
    {
      g_autoptr(GError) bad = g_error_new_literal (FB_AWS_ERROR, FB_AWS_ERROR_BAD_RESPONSE,
                                                   "the answer to GetId has no IdentityId");
      fail (self, bad);
      return;
    }
  store_identity_id (self, identity_id);
  get_credentials (self, identity_id);
}

static void
start_refresh (FbCognitoCredentialsProvider *self)
{
  g_autofree char *identity_id = cached_identity_id (self);

  self->refreshing = TRUE;
  if (identity_id != NULL)
    {
      get_credentials (self, identity_id);
      return;
    }

  {
    g_autoptr(JsonBuilder) builder = json_builder_new ();
    g_autoptr(JsonNode) body = NULL;

    json_builder_begin_object (builder);
    json_builder_set_member_name (builder, "IdentityPoolId");
    json_builder_add_string_value (builder, self->pool_id);
    json_builder_end_object (builder);
    body = json_builder_get_root (builder);
    fb_aws_json_client_call_async (self->client, "AWSCognitoIdentityService.GetId", body, self->cancellable,
                                   fb_cognito_credentials_provider_identity_id_cb, g_object_ref (self));
  }
}

/* -- FbCredentialsProvider -- */

static void
cognito_load_async (FbCredentialsProvider *provider,
                    GCancellable          *cancellable,
                    GAsyncReadyCallback    callback,
                    gpointer               user_data)
{
  FbCognitoCredentialsProvider *self = FB_COGNITO_CREDENTIALS_PROVIDER (provider);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, cognito_load_async);

  if (self->credentials != NULL && g_get_real_time () < self->refresh_at)
    {
      g_task_return_pointer (task, fb_credentials_ref (self->credentials), (GDestroyNotify) fb_credentials_unref);
      return;
    }

  g_ptr_array_add (self->waiters, g_steal_pointer (&task));
  if (!self->refreshing)
    start_refresh (self);
}

static FbCredentials *
cognito_load_finish (FbCredentialsProvider  *provider,
                     GAsyncResult           *result,
                     GError                **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
cognito_invalidate (FbCredentialsProvider *provider)
{
  FbCognitoCredentialsProvider *self = FB_COGNITO_CREDENTIALS_PROVIDER (provider);

  /* The next load asks Cognito again. */
  self->refresh_at = 0;
}

static void
provider_iface_init (FbCredentialsProviderInterface *iface)
{
  iface->load_async = cognito_load_async;
  iface->load_finish = cognito_load_finish;
  iface->invalidate = cognito_invalidate;
}

/* -- life -- */

static void
fb_cognito_credentials_provider_dispose (GObject *object)
{
  FbCognitoCredentialsProvider *self = FB_COGNITO_CREDENTIALS_PROVIDER (object);

  g_clear_handle_id (&self->timer_id, g_source_remove);
  g_cancellable_cancel (self->cancellable);

  G_OBJECT_CLASS (fb_cognito_credentials_provider_parent_class)->dispose (object);
}

static void
fb_cognito_credentials_provider_finalize (GObject *object)
{
  FbCognitoCredentialsProvider *self = FB_COGNITO_CREDENTIALS_PROVIDER (object);

  g_free (self->pool_id);
  g_free (self->region);
  g_free (self->cache_path);
  g_clear_object (&self->client);
  g_clear_pointer (&self->credentials, fb_credentials_unref);
  g_clear_pointer (&self->waiters, g_ptr_array_unref);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (fb_cognito_credentials_provider_parent_class)->finalize (object);
}

static void
fb_cognito_credentials_provider_class_init (FbCognitoCredentialsProviderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = fb_cognito_credentials_provider_dispose;
  object_class->finalize = fb_cognito_credentials_provider_finalize;

  signals[REFRESHED] = g_signal_new ("refreshed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                     NULL, G_TYPE_NONE, 1, FB_TYPE_CREDENTIALS);
}

static void
fb_cognito_credentials_provider_init (FbCognitoCredentialsProvider *self)
{
  self->waiters = g_ptr_array_new_with_free_func (g_object_unref);
  self->cancellable = g_cancellable_new ();
}

FbCredentialsProvider *
fb_cognito_credentials_provider_new (const char  *identity_pool_id,
                                     const char  *state_dir,
                                     GError     **error)
{
  g_autoptr(FbCognitoCredentialsProvider) self = NULL;
  g_autofree char *region = fb_cognito_pool_region (identity_pool_id, error);
  g_autofree char *default_url = NULL;
  g_autofree char *endpoint = NULL;

  if (region == NULL)
    return NULL;
  default_url = g_strdup_printf ("https://cognito-identity.%s.amazonaws.com/", region);
  endpoint = fb_aws_endpoint_resolve ("COGNITO_IDENTITY", default_url, NULL, NULL, error);
  if (endpoint == NULL)
    return NULL;

  self = g_object_new (FB_TYPE_COGNITO_CREDENTIALS_PROVIDER, NULL);
  self->pool_id = g_strdup (identity_pool_id);
  self->region = g_steal_pointer (&region);
  self->cache_path = g_build_filename (state_dir != NULL ? state_dir : g_get_user_state_dir (),
                                       state_dir != NULL ? "" : "feedboard", CACHE_FILE_NAME, NULL);
  /* Guest calls are unsigned: the pool id is all Cognito needs. */
  self->client = fb_aws_json_client_new (endpoint, self->region, "cognito-identity", NULL);
  return FB_CREDENTIALS_PROVIDER (g_steal_pointer (&self));
}
