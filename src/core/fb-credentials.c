/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-credentials.c: immutable, refcounted AWS credentials; the secret is wiped on free. */
#define G_LOG_DOMAIN "fb-credentials"

#include <string.h>

#include "fb-credentials.h"

struct _FbCredentials
{
  gatomicrefcount  ref_count;
  char            *access_key_id;
  char            *secret_access_key;
  char            *session_token;
  GDateTime       *expiration;
};

G_DEFINE_BOXED_TYPE (FbCredentials, fb_credentials, fb_credentials_ref, fb_credentials_unref)

FbCredentials *
fb_credentials_new (const char *access_key_id,
                    const char *secret_access_key,
                    const char *session_token,
                    GDateTime  *expiration)
{
  FbCredentials *self;

  g_return_val_if_fail (access_key_id != NULL, NULL);
  g_return_val_if_fail (secret_access_key != NULL, NULL);

  self = g_new0 (FbCredentials, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->access_key_id = g_strdup (access_key_id);
  self->secret_access_key = g_strdup (secret_access_key);
  self->session_token = (session_token != NULL && *session_token != '\0') ? g_strdup (session_token) : NULL;
  self->expiration = expiration != NULL ? g_date_time_ref (expiration) : NULL;

  return self;
}

FbCredentials *
fb_credentials_ref (FbCredentials *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

static void
wipe_string (char *s)
{
  /* Secrets should not linger in freed heap memory that a core dump could show. */
  if (s != NULL)
    {
      volatile char *p = s;
      while (*p)
        *p++ = '\0';
    }
  g_free (s);
}

void
fb_credentials_unref (FbCredentials *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    {
      g_free (self->access_key_id);
      wipe_string (self->secret_access_key);
      wipe_string (self->session_token);
      g_clear_pointer (&self->expiration, g_date_time_unref);
      g_free (self);
    }
}

const char *
fb_credentials_get_access_key_id (FbCredentials *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->access_key_id;
}

const char *
fb_credentials_get_secret_access_key (FbCredentials *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->secret_access_key;
}

const char *
fb_credentials_get_session_token (FbCredentials *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->session_token;
}

GDateTime *
fb_credentials_get_expiration (FbCredentials *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->expiration;
}

gboolean
fb_credentials_is_expired (FbCredentials *self,
                           GDateTime     *now,
                           GTimeSpan      margin)
{
  g_autoptr(GDateTime) local_now = NULL;

  g_return_val_if_fail (self != NULL, TRUE);

  if (self->expiration == NULL)
    return FALSE;

  if (now == NULL)
    now = local_now = g_date_time_new_now_utc ();

  return g_date_time_difference (self->expiration, now) <= margin;
}
