/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-keyring.c: secrets in the desktop keyring through libsecret, under a schema of the app's own,
   so that nothing secret ever reaches GSettings or a file (PROTOCOLS.md §2 item 4). */
#define G_LOG_DOMAIN "fb-keyring"

#include <libsecret/secret.h>

#include "fb-keyring.h"

static const SecretSchema *
fb_keyring_schema (void)
{
  static const SecretSchema schema = {
    FB_KEYRING_SCHEMA_NAME, SECRET_SCHEMA_NONE,
    {
      { "profile", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "kind", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };

  return &schema;
}

const char *
fb_keyring_kind_to_string (FbKeyringKind kind)
{
  switch (kind)
    {
    case FB_KEYRING_KIND_AWS_SECRET_ACCESS_KEY:
      return "aws-secret-access-key";
    case FB_KEYRING_KIND_AWS_SESSION_TOKEN:
      return "aws-session-token";
    case FB_KEYRING_KIND_MQTT_PASSWORD:
      return "mqtt-password";
    default:
      g_return_val_if_reached (NULL);
    }
}

/* -- store -- */

static void
fb_keyring_stored_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (secret_password_store_finish (result, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
fb_keyring_cleared_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  /* FALSE without an error: there was nothing to delete, which is what the caller wanted. */
  secret_password_clear_finish (result, &error);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
fb_keyring_store_async (const char          *profile_id,
                        FbKeyringKind        kind,
                        const char          *label,
                        const char          *secret,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  const char *kind_name = fb_keyring_kind_to_string (kind);

  g_return_if_fail (profile_id != NULL && *profile_id != '\0');
  g_return_if_fail (kind_name != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, fb_keyring_store_async);

  if (secret == NULL || *secret == '\0')
    secret_password_clear (fb_keyring_schema (), cancellable, fb_keyring_cleared_cb, g_steal_pointer (&task),
                           "profile", profile_id, "kind", kind_name, NULL);
  else
    secret_password_store (fb_keyring_schema (), SECRET_COLLECTION_DEFAULT,
                           label != NULL ? label : "Feedboard", secret, cancellable, fb_keyring_stored_cb,
                           g_steal_pointer (&task), "profile", profile_id, "kind", kind_name, NULL);
}

gboolean
fb_keyring_store_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* -- lookup -- */

static void
fb_keyring_looked_up_cb (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  char *secret = secret_password_lookup_finish (result, &error);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, secret, (GDestroyNotify) secret_password_free);
}

void
fb_keyring_lookup_async (const char          *profile_id,
                         FbKeyringKind        kind,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  GTask *task;
  const char *kind_name = fb_keyring_kind_to_string (kind);

  g_return_if_fail (profile_id != NULL && *profile_id != '\0');
  g_return_if_fail (kind_name != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, fb_keyring_lookup_async);
  secret_password_lookup (fb_keyring_schema (), cancellable, fb_keyring_looked_up_cb, task,
                          "profile", profile_id, "kind", kind_name, NULL);
}

char *
fb_keyring_lookup_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* -- clear -- */

void
fb_keyring_clear_async (const char          *profile_id,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (profile_id != NULL && *profile_id != '\0');

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, fb_keyring_clear_async);
  secret_password_clear (fb_keyring_schema (), cancellable, fb_keyring_cleared_cb, task,
                         "profile", profile_id, NULL);
}

gboolean
fb_keyring_clear_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
fb_keyring_free (char *secret)
{
  if (secret != NULL)
    secret_password_free (secret);
}
