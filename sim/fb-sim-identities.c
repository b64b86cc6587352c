/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-sim-identities.c: who may talk to the stand-in backend. Static keys come from the
 * sim's configuration (fresh random ones by default); temporary ones are what the Cognito
 * stand-in hands out, with a session token and an expiry that every front door checks. */
#define G_LOG_DOMAIN "fb-sim-identities"

#include <string.h>

#include "fb-sim-identities.h"

struct _FbSimIdentities
{
  GObject     parent_instance;
  GHashTable *by_key;   /* access key id → FbSimIdentity* */
};

G_DEFINE_FINAL_TYPE (FbSimIdentities, fb_sim_identities, G_TYPE_OBJECT)

static void
identity_free (FbSimIdentity *identity)
{
  g_free (identity->access_key_id);
  g_free (identity->secret_access_key);
  g_free (identity->session_token);
  g_free (identity);
}

static char *
random_string (const char *alphabet,
               guint       length)
{
  GString *out = g_string_sized_new (length);
  guint n = strlen (alphabet);

  for (guint i = 0; i < length; i++)
    g_string_append_c (out, alphabet[g_random_int_range (0, n)]);
  return g_string_free (out, FALSE);
}

static const FbSimIdentity *
add (FbSimIdentities *self,
     FbSimIdentity   *identity)
{
  g_hash_table_replace (self->by_key, identity->access_key_id, identity);
  return identity;
}

const FbSimIdentity *
fb_sim_identities_add_static (FbSimIdentities *self,
                              const char      *access_key_id,
                              const char      *secret_access_key)
{
  FbSimIdentity *identity = g_new0 (FbSimIdentity, 1);

  g_return_val_if_fail (FB_IS_SIM_IDENTITIES (self), NULL);

  if (access_key_id != NULL)
    identity->access_key_id = g_strdup (access_key_id);
  else
    {
      g_autofree char *tail = random_string ("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 12);
      identity->access_key_id = g_strconcat ("AKIASIM0", tail, NULL);
    }
  identity->secret_access_key = secret_access_key != NULL
    ? g_strdup (secret_access_key)
    : random_string ("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", 40);
  return add (self, identity);
}

const FbSimIdentity *
fb_sim_identities_issue_temporary (FbSimIdentities *self,
                                   guint            lifetime_seconds)
{
  FbSimIdentity *identity = g_new0 (FbSimIdentity, 1);
  g_autofree char *tail = random_string ("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 12);

  g_return_val_if_fail (FB_IS_SIM_IDENTITIES (self), NULL);

  identity->access_key_id = g_strconcat ("ASIASIM0", tail, NULL);
  identity->secret_access_key =
    random_string ("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", 40);
  identity->session_token =
    random_string ("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=", 200);
  identity->expires_at = g_get_real_time () + (gint64) lifetime_seconds * G_USEC_PER_SEC;
  return add (self, identity);
}

const FbSimIdentity *
fb_sim_identities_lookup (FbSimIdentities *self,
                          const char      *access_key_id)
{
  g_return_val_if_fail (FB_IS_SIM_IDENTITIES (self), NULL);

  return access_key_id != NULL ? g_hash_table_lookup (self->by_key, access_key_id) : NULL;
}

static void
fb_sim_identities_finalize (GObject *object)
{
  g_hash_table_unref (FB_SIM_IDENTITIES (object)->by_key);

  G_OBJECT_CLASS (fb_sim_identities_parent_class)->finalize (object);
}

static void
fb_sim_identities_class_init (FbSimIdentitiesClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = fb_sim_identities_finalize;
}

static void
fb_sim_identities_init (FbSimIdentities *self)
{
  self->by_key = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) identity_free);
}

FbSimIdentities *
fb_sim_identities_new (void)
{
  return g_object_new (FB_TYPE_SIM_IDENTITIES, NULL);
}
