/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-keyring.c: secrets go to a real gnome-keyring-daemon (tests/core/with-keyring.sh starts
   one on a private bus) and nowhere else: not into GSettings, not into files under the XDG
   directories. Run with GSETTINGS_BACKEND=keyfile so settings really land in a file. */
#define _GNU_SOURCE
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "fb-connection-profile.h"
#include "fb-keyring.h"
#include "fb-profile-store.h"
#include "fb-test-sim.h"

#define SECRET_KEY "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY"
#define SESSION_TOKEN "FwoGZXIvYXdzEXAMPLETOKENdGhpcyBpcyBhIHRva2Vu"
#define PASSWORD "correct horse battery staple"

static GAsyncResult *
wait_for (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static void
store (const char    *profile_id,
       FbKeyringKind  kind,
       const char    *secret)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  fb_keyring_store_async (profile_id, kind, "Feedboard test", secret, NULL, fb_test_keep_result, &result);
  g_assert_true (fb_keyring_store_finish (wait_for (&result), &error));
  g_assert_no_error (error);
}

static char *
lookup (const char    *profile_id,
        FbKeyringKind  kind)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *secret, *copy;

  fb_keyring_lookup_async (profile_id, kind, NULL, fb_test_keep_result, &result);
  secret = fb_keyring_lookup_finish (wait_for (&result), &error);
  g_assert_no_error (error);
  copy = g_strdup (secret);
  fb_keyring_free (secret);
  return copy;
}

static void
test_store_lookup_clear (void)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *a = NULL, *b = NULL, *c = NULL;

  store ("p-one", FB_KEYRING_KIND_AWS_SECRET_ACCESS_KEY, "first");
  store ("p-one", FB_KEYRING_KIND_AWS_SECRET_ACCESS_KEY, "second");   /* replaces */
  store ("p-one", FB_KEYRING_KIND_MQTT_PASSWORD, PASSWORD);
  store ("p-two", FB_KEYRING_KIND_AWS_SECRET_ACCESS_KEY, "other");

  a = lookup ("p-one", FB_KEYRING_KIND_AWS_SECRET_ACCESS_KEY);
  g_assert_cmpstr (a, ==, "second");
  b = lookup ("p-one", FB_KEYRING_KIND_MQTT_PASSWORD);
  g_assert_cmpstr (b, ==, PASSWORD);
  g_assert_null (lookup ("p-one", FB_KEYRING_KIND_AWS_SESSION_TOKEN));
  g_assert_null (lookup ("p-three", FB_KEYRING_KIND_AWS_SECRET_ACCESS_KEY));

  /* An empty secret deletes. */
  store ("p-one", FB_KEYRING_KIND_MQTT_PASSWORD, "");
  g_assert_null (lookup ("p-one", FB_KEYRING_KIND_MQTT_PASSWORD));

  /* Clearing a profile deletes its secrets, not another profile's. */
  fb_keyring_clear_async ("p-one", NULL, fb_test_keep_result, &result);
  g_assert_true (fb_keyring_clear_finish (wait_for (&result), &error));
  g_assert_no_error (error);
  g_assert_null (lookup ("p-one", FB_KEYRING_KIND_AWS_SECRET_ACCESS_KEY));
  c = lookup ("p-two", FB_KEYRING_KIND_AWS_SECRET_ACCESS_KEY);
  g_assert_cmpstr (c, ==, "other");
  g_clear_object (&result);
  fb_keyring_clear_async ("p-nothing", NULL, fb_test_keep_result, &result);
  g_assert_true (fb_keyring_clear_finish (wait_for (&result), &error));
}

/* Every file under dir (recursively) that contains needle, skipping the directory "skip". */
static void
grep_tree (const char *dir,
           const char *skip,
           const char *needle,
           GPtrArray  *hits)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *contents = NULL;
      gsize len;

      if (skip != NULL && strcmp (path, skip) == 0)
        continue;
      if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        grep_tree (path, skip, needle, hits);
      else if (g_file_test (path, G_FILE_TEST_IS_REGULAR)
               && g_file_get_contents (path, &contents, &len, NULL)
               && memmem (contents, len, needle, strlen (needle)) != NULL)
        g_ptr_array_add (hits, g_steal_pointer (&path));
    }
}

static GPtrArray *
files_containing (const char *needle)
{
  GPtrArray *hits = g_ptr_array_new_with_free_func (g_free);
  /* gnome-keyring's own store: with the empty test password it is not encrypted, and it is
     the one place the secret belongs. */
  g_autofree char *keyrings = g_build_filename (g_get_user_data_dir (), "keyrings", NULL);

  /* with-keyring.sh puts every XDG directory (config, data, state, cache) under HOME. */
  g_assert_true (g_str_has_prefix (g_get_user_config_dir (), g_get_home_dir ()));
  g_assert_true (g_str_has_prefix (g_get_user_data_dir (), g_get_home_dir ()));
  g_assert_true (g_str_has_prefix (g_get_user_state_dir (), g_get_home_dir ()));
  g_assert_true (g_str_has_prefix (g_get_user_cache_dir (), g_get_home_dir ()));
  grep_tree (g_get_home_dir (), keyrings, needle, hits);
  return hits;
}

static char *
gsettings_dump (void)
{
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int status;
  const char *argv[] = { "gsettings", "list-recursively", APP_ID, NULL };

  g_settings_sync ();
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return out;
}

static void
test_secrets_only_in_keyring (void)
{
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(FbProfileStore) store_ = NULL;
  g_autoptr(FbConnectionProfile) aws = fb_connection_profile_new (FB_CONNECTION_KIND_AWS_IOT);
  g_autoptr(FbConnectionProfile) mqtt = fb_connection_profile_new (FB_CONNECTION_KIND_MQTT_BROKER);
  g_autoptr(GPtrArray) hits = NULL;
  g_autofree char *dump = NULL;
  g_autofree char *canary = NULL;
  g_autofree char *back = NULL;
  const char *secrets[] = { SECRET_KEY, SESSION_TOKEN, PASSWORD };

  if (g_strcmp0 (g_getenv ("GSETTINGS_BACKEND"), "keyfile") != 0)
    {
      g_test_skip ("needs GSETTINGS_BACKEND=keyfile");
      return;
    }
  settings = g_settings_new (APP_ID);
  store_ = fb_profile_store_new (settings);
  g_object_set (aws, "name", "Keys", "region", "us-east-1",
                "endpoint", "abc-ats.iot.us-east-1.amazonaws.com",
                "credentials-source", FB_CREDENTIALS_SOURCE_KEYRING_KEYS,
                "access-key-id", "AKIAIOSFODNN7EXAMPLE", NULL);
  g_object_set (mqtt, "name", "Broker", "broker-url", "mqtts://b.example.org", "username", "me", NULL);
  fb_profile_store_save (store_, aws);
  fb_profile_store_save (store_, mqtt);
  fb_profile_store_set_last_used (store_, fb_connection_profile_get_id (aws));
  store (fb_connection_profile_get_id (aws), FB_KEYRING_KIND_AWS_SECRET_ACCESS_KEY, SECRET_KEY);
  store (fb_connection_profile_get_id (aws), FB_KEYRING_KIND_AWS_SESSION_TOKEN, SESSION_TOKEN);
  store (fb_connection_profile_get_id (mqtt), FB_KEYRING_KIND_MQTT_PASSWORD, PASSWORD);

  /* The keyring has them... */
  back = lookup (fb_connection_profile_get_id (aws), FB_KEYRING_KIND_AWS_SECRET_ACCESS_KEY);
  g_assert_cmpstr (back, ==, SECRET_KEY);

  /* ...the settings dump has the profile (so the search below looks in the right place)... */
  dump = gsettings_dump ();
  g_assert_nonnull (strstr (dump, "AKIAIOSFODNN7EXAMPLE"));
  g_assert_nonnull (strstr (dump, fb_connection_profile_get_id (aws)));
  /* ...but no secret, neither there nor in any file. */
  for (guint i = 0; i < G_N_ELEMENTS (secrets); i++)
    {
      g_assert_null (strstr (dump, secrets[i]));
      hits = files_containing (secrets[i]);
      for (guint j = 0; j < hits->len; j++)
        g_test_message ("found a secret in %s", (char *) g_ptr_array_index (hits, j));
      g_assert_cmpuint (hits->len, ==, 0);
      g_clear_pointer (&hits, g_ptr_array_unref);
    }

  /* The search finds what is there: the access key id (not secret) in the settings file, and a
     secret planted in the state directory. */
  hits = files_containing ("AKIAIOSFODNN7EXAMPLE");
  g_assert_cmpuint (hits->len, >=, 1);
  g_clear_pointer (&hits, g_ptr_array_unref);
  canary = g_build_filename (g_get_user_state_dir (), "canary", NULL);
  g_assert_true (g_file_set_contents (canary, SECRET_KEY, -1, NULL));
  hits = files_containing (SECRET_KEY);
  g_assert_cmpuint (hits->len, ==, 1);
  g_remove (canary);
}

static gboolean
client_settled (gpointer data)
{
  FbMqttState state = fb_mqtt_client_get_state (data);

  return state == FB_MQTT_STATE_CONNECTED || state == FB_MQTT_STATE_RECONNECTING
         || state == FB_MQTT_STATE_FAILED;
}

static FbMqttClient *
client_from_keyring (FbConnectionProfile  *profile,
                     GError              **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  fb_connection_profile_create_client_async (profile, "fb-test-keyring", NULL, fb_test_keep_result, &result);
  return fb_connection_profile_create_client_finish (profile, wait_for (&result), error);
}

static void
test_client_from_keyring (void)
{
  FbTestSim sim = { 0 };
  g_autoptr(FbConnectionProfile) profile = fb_connection_profile_new (FB_CONNECTION_KIND_AWS_IOT);
  g_autoptr(FbMqttClient) client = NULL;
  g_autoptr(GError) error = NULL;
  const char *id = fb_connection_profile_get_id (profile);

  fb_test_sim_start (&sim, "--feeders=0", NULL);
  g_object_set (profile, "name", "Sim", "endpoint", fb_test_sim_var (&sim, "IOT_ENDPOINT"),
                "region", fb_test_sim_var (&sim, "AWS_REGION"),
                "credentials-source", FB_CREDENTIALS_SOURCE_KEYRING_KEYS,
                "access-key-id", fb_test_sim_var (&sim, "AWS_ACCESS_KEY_ID"), NULL);

  /* Nothing in the keyring yet: words, no unsigned attempt. */
  client = client_from_keyring (profile, &error);
  g_assert_null (client);
  g_assert_error (error, FB_CONNECTION_PROFILE_ERROR, FB_CONNECTION_PROFILE_ERROR_MISSING_SECRET);
  g_clear_error (&error);

  /* A wrong secret in the keyring: the gateway refuses the signature. */
  store (id, FB_KEYRING_KIND_AWS_SECRET_ACCESS_KEY, "not-the-secret");
  client = client_from_keyring (profile, &error);
  g_assert_no_error (error);
  fb_mqtt_client_start (client);
  g_assert_true (fb_test_wait_for (client_settled, client, 20));
  g_assert_cmpint (fb_mqtt_client_get_state (client), !=, FB_MQTT_STATE_CONNECTED);
  fb_mqtt_client_stop (client);
  g_clear_object (&client);

  /* The right one: connected through the SigV4 gateway with the keyring's secret. */
  store (id, FB_KEYRING_KIND_AWS_SECRET_ACCESS_KEY, fb_test_sim_var (&sim, "AWS_SECRET_ACCESS_KEY"));
  client = client_from_keyring (profile, &error);
  g_assert_no_error (error);
  fb_mqtt_client_start (client);
  g_assert_true (fb_test_wait_for (client_settled, client, 20));
  g_assert_cmpint (fb_mqtt_client_get_state (client), ==, FB_MQTT_STATE_CONNECTED);
  fb_mqtt_client_stop (client);
  g_clear_object (&client);

  fb_test_sim_stop (&sim);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/keyring/store-lookup-clear", test_store_lookup_clear);
  g_test_add_func ("/keyring/secrets-only-in-keyring", test_secrets_only_in_keyring);
  g_test_add_func ("/keyring/client-from-keyring", test_client_from_keyring);

  return g_test_run ();
}
