/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-connection-profile-client.c: the FbMqttClient and the credentials provider a profile makes,
   with the secrets handed in or read from the keyring first. */
#define G_LOG_DOMAIN "fb-connection-profile"

#include "fb-chain-credentials-provider.h"
#include "fb-cognito-credentials-provider.h"
#include "fb-connection-profile.h"
#include "fb-keyring.h"
#include "fb-static-credentials-provider.h"


static gboolean
is_empty (const char *s)
{
  return s == NULL || *s == '\0';
}

/* -- the client -- */

const int *
fb_connection_profile_get_secret_kinds (FbConnectionProfile *self)
{
  static const int none[] = { -1 };
  static const int keys[] = { FB_KEYRING_KIND_AWS_SECRET_ACCESS_KEY,
                              FB_KEYRING_KIND_AWS_SESSION_TOKEN, -1 };
  static const int password[] = { FB_KEYRING_KIND_MQTT_PASSWORD, -1 };

  g_return_val_if_fail (FB_IS_CONNECTION_PROFILE (self), none);

  if (fb_connection_profile_get_kind (self) == FB_CONNECTION_KIND_AWS_IOT)
    return fb_connection_profile_get_credentials_source (self) == FB_CREDENTIALS_SOURCE_KEYRING_KEYS ? keys : none;
  return is_empty (fb_connection_profile_get_username (self)) ? none : password;
}

FbCredentialsProvider *
fb_connection_profile_create_provider (FbConnectionProfile  *self,
                                       const char           *secret_access_key,
                                       const char           *session_token,
                                       GError              **error)
{
  g_return_val_if_fail (FB_IS_CONNECTION_PROFILE (self), NULL);

  switch (fb_connection_profile_get_credentials_source (self))
    {
    case FB_CREDENTIALS_SOURCE_DEFAULT_CHAIN:
      return fb_chain_credentials_provider_new (NULL);

    case FB_CREDENTIALS_SOURCE_AWS_PROFILE:
      return fb_chain_credentials_provider_new (fb_connection_profile_get_aws_profile_name (self));

    case FB_CREDENTIALS_SOURCE_KEYRING_KEYS:
      {
        g_autoptr(FbCredentials) creds = NULL;

        if (is_empty (secret_access_key))
          {
            g_set_error_literal (error, FB_CONNECTION_PROFILE_ERROR,
                                 FB_CONNECTION_PROFILE_ERROR_MISSING_SECRET,
                                 "The secret access key is not in the keyring: enter it again");
            return NULL;
          }
        creds = fb_credentials_new (fb_connection_profile_get_access_key_id (self), secret_access_key,
                                    is_empty (session_token) ? NULL : session_token, NULL);
        return fb_static_credentials_provider_new (creds);
      }

    case FB_CREDENTIALS_SOURCE_COGNITO:
      return fb_cognito_credentials_provider_new (fb_connection_profile_get_identity_pool_id (self), NULL, error);

    default:
      g_return_val_if_reached (NULL);
    }
}

FbMqttClient *
fb_connection_profile_create_client (FbConnectionProfile  *self,
                                     const char           *secret_access_key,
                                     const char           *session_token,
                                     const char           *password,
                                     const char           *client_id,
                                     GError              **error)
{
  g_autoptr(FbMqttClient) client = NULL;

  g_return_val_if_fail (FB_IS_CONNECTION_PROFILE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!fb_connection_profile_validate (self, error))
    return NULL;

  if (fb_connection_profile_get_kind (self) == FB_CONNECTION_KIND_AWS_IOT)
    {
      g_autoptr(FbCredentialsProvider) provider = fb_connection_profile_create_provider (self, secret_access_key, session_token, error);
      if (provider == NULL)
        return NULL;
      client = fb_mqtt_client_new_for_aws_iot (fb_connection_profile_get_endpoint (self),
                                               fb_connection_profile_get_region (self), provider, client_id,
                                               error);
    }
  else
    {
      client = fb_mqtt_client_new_for_broker (fb_connection_profile_get_broker_url (self), client_id, error);
      if (client != NULL && !is_empty (fb_connection_profile_get_username (self)))
        fb_mqtt_client_set_login (client, fb_connection_profile_get_username (self), password);
      if (client != NULL && !is_empty (fb_connection_profile_get_ca_file (self)))
        fb_mqtt_client_set_ca_file (client, fb_connection_profile_get_ca_file (self));
    }
  if (client == NULL)
    return NULL;

  for (guint i = 0; fb_connection_profile_get_order_topics (self)[i] != NULL; i++)
    fb_mqtt_client_add_subscription (client, fb_connection_profile_get_order_topics (self)[i], 1);
  for (guint i = 0; fb_connection_profile_get_feeder_topics (self)[i] != NULL; i++)
    fb_mqtt_client_add_subscription (client, fb_connection_profile_get_feeder_topics (self)[i], 1);

  return g_steal_pointer (&client);
}

/* -- the client, secrets from the keyring -- */

typedef struct
{
  char *client_id;
  char *secrets[3];   /* by FbKeyringKind */
  const int *kinds;   /* still to look up, -1 terminated */
} CreateData;

static void
create_data_free (CreateData *data)
{
  g_free (data->client_id);
  for (guint i = 0; i < G_N_ELEMENTS (data->secrets); i++)
    fb_keyring_free (data->secrets[i]);
  g_free (data);
}

static void create_next (GTask *task);

static void
fb_connection_profile_client_secret_cb (GObject      *source,
                                        GAsyncResult *result,
                                        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CreateData *data = g_task_get_task_data (task);
  GError *error = NULL;
  char *secret = fb_keyring_lookup_finish (result, &error);

  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  data->secrets[data->kinds[0]] = secret;
  data->kinds++;
  create_next (g_steal_pointer (&task));
}

static void
create_next (GTask *task)
{
  FbConnectionProfile *self = g_task_get_source_object (task);
  CreateData *data = g_task_get_task_data (task);
  GError *error = NULL;
  FbMqttClient *client;

  if (data->kinds[0] >= 0)
    {
      fb_keyring_lookup_async (fb_connection_profile_get_id (self), data->kinds[0],
                               g_task_get_cancellable (task), fb_connection_profile_client_secret_cb, task);
      return;
    }

  client = fb_connection_profile_create_client (self,
                                                data->secrets[FB_KEYRING_KIND_AWS_SECRET_ACCESS_KEY],
                                                data->secrets[FB_KEYRING_KIND_AWS_SESSION_TOKEN],
                                                data->secrets[FB_KEYRING_KIND_MQTT_PASSWORD],
                                                data->client_id, &error);
  if (client == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, client, g_object_unref);
  g_object_unref (task);
}

void
fb_connection_profile_create_client_async (FbConnectionProfile *self,
                                           const char          *client_id,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  GTask *task;
  CreateData *data;

  g_return_if_fail (FB_IS_CONNECTION_PROFILE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, fb_connection_profile_create_client_async);
  data = g_new0 (CreateData, 1);
  data->client_id = g_strdup (client_id);
  data->kinds = fb_connection_profile_get_secret_kinds (self);
  g_task_set_task_data (task, data, (GDestroyNotify) create_data_free);
  create_next (task);
}

FbMqttClient *
fb_connection_profile_create_client_finish (FbConnectionProfile  *self,
                                            GAsyncResult         *result,
                                            GError              **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
