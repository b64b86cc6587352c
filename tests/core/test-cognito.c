/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-cognito.c: guest credentials from the sim's Cognito stand-in: GetId then
 * GetCredentialsForIdentity, the IdentityId kept across runs (and replaced when the pool forgot
 * it), concurrent callers sharing one refresh, words for a bad pool, and a refresh ahead of
 * expiry that leaves a live AWS IoT connection alone. */
#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "fb-cognito-credentials-provider.h"
#include "fb-mqtt-client.h"
#include "fb-test-sim.h"

typedef struct
{
  FbTestSim  sim;
  char      *state_dir;
  char      *cache_path;
} Rig;

static void
rig_set_up (Rig *rig, const char *sim_arg)
{
  fb_test_sim_start (&rig->sim, sim_arg, NULL);
  /* The provider finds the stand-in the way the SDKs do: through the endpoint override. */
  g_setenv ("AWS_ENDPOINT_URL_COGNITO_IDENTITY", fb_test_sim_var (&rig->sim, "AWS_ENDPOINT_URL_COGNITO_IDENTITY"), TRUE);
  rig->state_dir = g_dir_make_tmp ("fb-cognito-XXXXXX", NULL);
  g_assert_nonnull (rig->state_dir);
  rig->cache_path = g_build_filename (rig->state_dir, "cognito-identities.ini", NULL);
}

static void
rig_tear_down (Rig *rig)
{
  fb_test_sim_stop (&rig->sim);
  g_unlink (rig->cache_path);
  g_rmdir (rig->state_dir);
  g_free (rig->cache_path);
  g_free (rig->state_dir);
  g_unsetenv ("AWS_ENDPOINT_URL_COGNITO_IDENTITY");
}

static FbCredentialsProvider *
provider_for (Rig *rig, const char *pool_id)
{
  g_autoptr(GError) error = NULL;
  FbCredentialsProvider *provider;

  provider = fb_cognito_credentials_provider_new (pool_id != NULL ? pool_id : fb_test_sim_var (&rig->sim, "IDENTITY_POOL_ID"),
                                                  rig->state_dir, &error);
  g_assert_no_error (error);
  return provider;
}

/* --- Loading, synchronously for the test's sake ------------------------------------------ */

typedef struct
{
  FbCredentials *credentials;
  GError        *error;
  gboolean       done;
} Load;

static void
on_loaded (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Load *load = user_data;

  load->credentials = fb_credentials_provider_load_finish (FB_CREDENTIALS_PROVIDER (source), result, &load->error);
  load->done = TRUE;
}

static gboolean
load_done (gpointer data)
{
  return ((Load *) data)->done;
}

static FbCredentials *
load (FbCredentialsProvider *provider, GError **error)
{
  Load state = { 0 };

  fb_credentials_provider_load_async (provider, NULL, on_loaded, &state);
  g_assert_true (fb_test_wait_for (load_done, &state, 15));
  if (state.error != NULL)
    g_propagate_error (error, state.error);
  return state.credentials;
}

static char *
cached_id (Rig *rig)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();

  if (!g_key_file_load_from_file (file, rig->cache_path, G_KEY_FILE_NONE, NULL))
    return NULL;
  return g_key_file_get_string (file, fb_test_sim_var (&rig->sim, "IDENTITY_POOL_ID"), "identity-id", NULL);
}

/* --- Tests ---------------------------------------------------------------------------------- */

static void
test_guest_credentials (void)
{
  Rig rig = { 0 };
  g_autoptr(FbCredentialsProvider) provider = NULL;
  g_autoptr(FbCredentials) creds = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *identity_id = NULL;
  g_autofree char *cache = NULL;
  GStatBuf st;

  rig_set_up (&rig, NULL);
  provider = provider_for (&rig, NULL);
  creds = load (provider, &error);
  g_assert_no_error (error);
  g_assert_nonnull (creds);
  g_assert_true (g_str_has_prefix (fb_credentials_get_access_key_id (creds), "ASIA"));
  g_assert_nonnull (fb_credentials_get_session_token (creds));
  g_assert_nonnull (fb_credentials_get_expiration (creds));
  g_assert_false (fb_credentials_is_expired (creds, NULL, 0));

  /* The identity is kept, readable by its owner only, and nothing secret is next to it. */
  identity_id = cached_id (&rig);
  g_assert_nonnull (identity_id);
  g_assert_true (g_str_has_prefix (identity_id, "us-east-1:"));
  g_assert_cmpint (g_stat (rig.cache_path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_true (g_file_get_contents (rig.cache_path, &cache, NULL, NULL));
  g_assert_null (strstr (cache, fb_credentials_get_secret_access_key (creds)));
  g_assert_null (strstr (cache, fb_credentials_get_session_token (creds)));
  g_assert_null (strstr (cache, fb_credentials_get_access_key_id (creds)));

  rig_tear_down (&rig);
}

static void
test_identity_kept (void)
{
  Rig rig = { 0 };
  g_autoptr(FbCredentialsProvider) first = NULL;
  g_autoptr(FbCredentialsProvider) second = NULL;
  g_autoptr(FbCredentials) a = NULL;
  g_autoptr(FbCredentials) b = NULL;
  g_autoptr(FbCredentials) c = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id_first = NULL;
  g_autofree char *id_second = NULL;
  g_autofree char *id_forgotten = NULL;
  g_autoptr(GKeyFile) file = g_key_file_new ();

  rig_set_up (&rig, NULL);
  first = provider_for (&rig, NULL);
  a = load (first, &error);
  g_assert_no_error (error);
  id_first = cached_id (&rig);

  /* A second run reuses the identity (a new GetId would have replaced it in the file)... */
  second = provider_for (&rig, NULL);
  b = load (second, &error);
  g_assert_no_error (error);
  id_second = cached_id (&rig);
  g_assert_cmpstr (id_first, ==, id_second);
  g_assert_cmpstr (fb_credentials_get_access_key_id (a), !=, fb_credentials_get_access_key_id (b));

  /* ...and when the pool no longer knows it, asks for a new one once, without an error. */
  g_object_unref (g_steal_pointer (&second));
  g_key_file_set_string (file, fb_test_sim_var (&rig.sim, "IDENTITY_POOL_ID"), "identity-id",
                         "us-east-1:00000000-dead-4000-8000-000000000000");
  g_assert_true (g_key_file_save_to_file (file, rig.cache_path, NULL));
  second = provider_for (&rig, NULL);
  c = load (second, &error);
  g_assert_no_error (error);
  g_assert_nonnull (c);
  id_forgotten = cached_id (&rig);
  g_assert_cmpstr (id_forgotten, !=, "us-east-1:00000000-dead-4000-8000-000000000000");
  g_assert_true (g_str_has_prefix (id_forgotten, "us-east-1:"));

  rig_tear_down (&rig);
}

static void
test_concurrent_callers_share (void)
{
  Rig rig = { 0 };
  g_autoptr(FbCredentialsProvider) provider = NULL;
  g_autoptr(FbCredentials) again = NULL;
  g_autoptr(GError) error = NULL;
  Load loads[6] = { 0 };

  rig_set_up (&rig, NULL);
  provider = provider_for (&rig, NULL);

  /* The sim hands out a new key pair per GetCredentialsForIdentity: one key for all six
   * callers means one refresh served them all. */
  for (guint i = 0; i < G_N_ELEMENTS (loads); i++)
    fb_credentials_provider_load_async (provider, NULL, on_loaded, &loads[i]);
  for (guint i = 0; i < G_N_ELEMENTS (loads); i++)
    {
      g_assert_true (fb_test_wait_for (load_done, &loads[i], 15));
      g_assert_no_error (loads[i].error);
      g_assert_cmpstr (fb_credentials_get_access_key_id (loads[i].credentials), ==,
                       fb_credentials_get_access_key_id (loads[0].credentials));
    }

  /* After an authentication failure (invalidate) the next caller gets new credentials. */
  fb_credentials_provider_invalidate (provider);
  again = load (provider, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fb_credentials_get_access_key_id (again), !=, fb_credentials_get_access_key_id (loads[0].credentials));

  for (guint i = 0; i < G_N_ELEMENTS (loads); i++)
    fb_credentials_unref (loads[i].credentials);
  rig_tear_down (&rig);
}

static void
test_bad_pool_in_words (void)
{
  Rig rig = { 0 };
  g_autoptr(FbCredentialsProvider) other_region = NULL;
  g_autoptr(FbCredentials) creds = NULL;
  g_autoptr(GError) error = NULL;
  const char *malformed[] = { "", "us-east-1", "not a pool", "Moon-1:1234", "us-east-1:" };

  for (guint i = 0; i < G_N_ELEMENTS (malformed); i++)
    {
      g_autoptr(GError) shape_error = NULL;
      g_autoptr(FbCredentialsProvider) provider = fb_cognito_credentials_provider_new (malformed[i], "/nonexistent", &shape_error);

      g_assert_null (provider);
      g_assert_nonnull (shape_error);
      g_assert_nonnull (strstr (shape_error->message, "is not an identity pool id"));
    }

  /* A well-formed id of a pool the service does not have: the service's words, with the pool. */
  rig_set_up (&rig, NULL);
  other_region = provider_for (&rig, "eu-west-1:00000000-0000-4000-8000-000000000000");
  creds = load (other_region, &error);
  g_assert_null (creds);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "eu-west-1:00000000-0000-4000-8000-000000000000"));
  g_assert_nonnull (strstr (error->message, "IdentityPool not found"));
  g_assert_null (cached_id (&rig));
  rig_tear_down (&rig);
}

/* The refresh comes a quarter of the lifetime before expiry; an IoT connection made with the
 * old credentials stays up meanwhile (IoT checks the signature only on connect). */
typedef struct
{
  GPtrArray *keys;
  gint64     expires[8];    /* unix seconds of each set */
  gint64     arrived[8];    /* real time µs each set arrived */
  guint      state_changes;
} Watch;

static void
on_refreshed (FbCredentialsProvider *provider, FbCredentials *creds, Watch *watch)
{
  if (watch->keys->len < G_N_ELEMENTS (watch->expires))
    {
      watch->expires[watch->keys->len] = g_date_time_to_unix (fb_credentials_get_expiration (creds));
      watch->arrived[watch->keys->len] = g_get_real_time ();
    }
  g_ptr_array_add (watch->keys, g_strdup (fb_credentials_get_access_key_id (creds)));
}

static void
on_state (FbMqttClient *client, GParamSpec *pspec, Watch *watch)
{
  watch->state_changes++;
}

static gboolean
is_connected (gpointer data)
{
  return fb_mqtt_client_get_state (data) == FB_MQTT_STATE_CONNECTED;
}

static gboolean
refreshed_twice (gpointer data)
{
  return ((Watch *) data)->keys->len >= 3;
}

static void
test_refresh_before_expiry (void)
{
  Rig rig = { 0 };
  g_autoptr(FbCredentialsProvider) provider = NULL;
  g_autoptr(FbMqttClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GUri) endpoint = NULL;
  Watch watch = { .keys = g_ptr_array_new_with_free_func (g_free) };
  gint64 started;

  rig_set_up (&rig, "--credential-lifetime=8");
  provider = provider_for (&rig, NULL);
  g_signal_connect (provider, "refreshed", G_CALLBACK (on_refreshed), &watch);
  client = fb_mqtt_client_new_for_aws_iot (fb_test_sim_var (&rig.sim, "IOT_ENDPOINT"), "us-east-1", provider,
                                           "test-cognito", &error);
  g_assert_no_error (error);
  fb_mqtt_client_add_subscription (client, "orders/events/#", 1);
  fb_mqtt_client_start (client);
  g_assert_true (fb_test_wait_for (is_connected, client, 20));
  g_signal_connect (client, "notify::state", G_CALLBACK (on_state), &watch);

  /* The connect fetched the first set; two more come on their own, each before the previous
   * set expired (8 s lifetime: refresh at 6 s). */
  started = g_get_monotonic_time ();
  g_assert_true (fb_test_wait_for (refreshed_twice, &watch, 20));
  g_assert_cmpint (g_get_monotonic_time () - started, <, 16 * G_USEC_PER_SEC);
  /* Each new set came at least a second before the one it replaced expired. */
  for (guint i = 1; i < 3; i++)
    g_assert_cmpint (watch.arrived[i], <=, (watch.expires[i - 1] - 1) * G_USEC_PER_SEC);
  g_assert_cmpstr (g_ptr_array_index (watch.keys, 0), !=, g_ptr_array_index (watch.keys, 1));
  g_assert_cmpstr (g_ptr_array_index (watch.keys, 1), !=, g_ptr_array_index (watch.keys, 2));
  g_assert_cmpuint (watch.state_changes, ==, 0);
  g_assert_cmpint (fb_mqtt_client_get_state (client), ==, FB_MQTT_STATE_CONNECTED);

  fb_mqtt_client_stop (client);
  g_signal_handlers_disconnect_by_data (provider, &watch);
  g_signal_handlers_disconnect_by_data (client, &watch);
  g_ptr_array_unref (watch.keys);
  rig_tear_down (&rig);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cognito/guest-credentials", test_guest_credentials);
  g_test_add_func ("/cognito/identity-kept", test_identity_kept);
  g_test_add_func ("/cognito/concurrent-callers-share", test_concurrent_callers_share);
  g_test_add_func ("/cognito/bad-pool-in-words", test_bad_pool_in_words);
  g_test_add_func ("/cognito/refresh-before-expiry", test_refresh_before_expiry);

  return g_test_run ();
}
