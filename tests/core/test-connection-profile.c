/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-connection-profile.c: the checks' words, GSettings round trips of the profile store, and
   the client each profile makes. */
#include "config.h"

#include "fb-connection-profile.h"
#include "fb-profile-store.h"

static void
test_check_words (void)
{
  /* endpoint */
  g_assert_null (fb_connection_profile_check_endpoint ("abc123xyz-ats.iot.us-east-1.amazonaws.com", NULL));
  g_assert_null (fb_connection_profile_check_endpoint ("abc123xyz-ats.iot.us-east-1.amazonaws.com", "us-east-1"));
  g_assert_null (fb_connection_profile_check_endpoint ("ws://127.0.0.1:8080", "us-east-1"));
  g_assert_cmpstr (fb_connection_profile_check_endpoint ("abc123xyz-ats.iot.us-east-1.amazonaws.com", "eu-west-1"),
                   ==, "The endpoint is in another region than the one chosen");
  g_assert_cmpstr (fb_connection_profile_check_endpoint ("abc123xyz.iot.us-east-1.amazonaws.com", NULL),
                   ==, "Use the ATS endpoint: it ends in -ats.iot.REGION.amazonaws.com");
  g_assert_cmpstr (fb_connection_profile_check_endpoint ("https://abc-ats.iot.us-east-1.amazonaws.com/", NULL),
                   ==, "Enter the host name only, without https:// or a path");
  g_assert_cmpstr (fb_connection_profile_check_endpoint ("ws://192.0.2.7:8080", NULL),
                   ==, "Unencrypted ws:// is allowed only on this computer (127.0.0.1, localhost)");
  g_assert_cmpstr (fb_connection_profile_check_endpoint ("example.org", NULL),
                   ==, "An AWS IoT endpoint looks like abc123-ats.iot.us-east-1.amazonaws.com");
  g_assert_nonnull (fb_connection_profile_check_endpoint ("", NULL));

  /* region */
  g_assert_null (fb_connection_profile_check_region ("ap-southeast-2"));
  g_assert_null (fb_connection_profile_check_region ("us-gov-west-1"));
  g_assert_cmpstr (fb_connection_profile_check_region ("us-east"), ==,
                   "Not an AWS region: it looks like us-east-1 or eu-west-2");
  g_assert_nonnull (fb_connection_profile_check_region ("US-EAST-1"));
  g_assert_cmpstr (fb_connection_profile_check_region (NULL), ==, "Enter the AWS region, e.g. us-east-1");

  /* pool id */
  g_assert_null (fb_connection_profile_check_identity_pool_id ("us-east-1:12345678-abcd-4ef0-1234-56789abcdef0"));
  g_assert_nonnull (fb_connection_profile_check_identity_pool_id ("12345678-abcd-4ef0-1234-56789abcdef0"));
  g_assert_nonnull (fb_connection_profile_check_identity_pool_id ("us-east-1:nope"));

  /* access key id */
  g_assert_null (fb_connection_profile_check_access_key_id ("AKIAIOSFODNN7EXAMPLE"));
  g_assert_nonnull (fb_connection_profile_check_access_key_id ("akia-lower"));

  /* broker URL */
  for (const char * const *u = (const char *[]) { "mqtt://127.0.0.1:1883", "mqtts://broker.example.org",
                                                  "ws://localhost:9001/mqtt", "wss://b.example.org/mqtt", NULL };
       *u != NULL; u++)
    g_assert_null (fb_connection_profile_check_broker_url (*u));
  g_assert_cmpstr (fb_connection_profile_check_broker_url ("http://broker.example.org"), ==,
                   "The URL must start with mqtt://, mqtts://, ws:// or wss://");
  g_assert_cmpstr (fb_connection_profile_check_broker_url ("mqtt//nope"), ==, "Not a valid URL");

  /* execute-api endpoints: optional, https or loopback http */
  g_assert_null (fb_connection_profile_check_http_endpoint (NULL));
  g_assert_null (fb_connection_profile_check_http_endpoint ("https://abc.execute-api.us-east-1.amazonaws.com/Prod"));
  g_assert_null (fb_connection_profile_check_http_endpoint ("http://127.0.0.1:4000/Prod"));
  g_assert_cmpstr (fb_connection_profile_check_http_endpoint ("http://abc.example.org/Prod"), ==,
                   "An unencrypted URL is allowed only on this computer (127.0.0.1, localhost)");

  /* topics */
  g_assert_null (fb_connection_profile_check_topics ((const char *[]) { "orders/events/#", "a/+/b", "#", NULL }));
  g_assert_nonnull (fb_connection_profile_check_topics ((const char *[]) { "orders/#/x", NULL }));
  g_assert_nonnull (fb_connection_profile_check_topics ((const char *[]) { "a/b+", NULL }));
  g_assert_nonnull (fb_connection_profile_check_topics ((const char *[]) { NULL }));
}

static void
test_validate (void)
{
  g_autoptr(FbConnectionProfile) aws = fb_connection_profile_new (FB_CONNECTION_KIND_AWS_IOT);
  g_autoptr(FbConnectionProfile) mqtt = fb_connection_profile_new (FB_CONNECTION_KIND_MQTT_BROKER);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_uuid_string_is_valid (fb_connection_profile_get_id (aws)));
  g_assert_cmpstr (fb_connection_profile_get_eventbridge_bus (aws), ==, "feedmyfurbabies");
  g_assert_cmpstr (fb_connection_profile_get_order_topics (aws)[0], ==, "orders/events/#");
  g_assert_cmpstr (fb_connection_profile_get_feeder_topics (aws)[0], ==, "cat-feeder/#");

  g_assert_false (fb_connection_profile_validate (aws, &error));
  g_assert_cmpstr (error->message, ==, "Give the connection a name");
  g_clear_error (&error);

  g_object_set (aws, "name", "Kitchen", "region", " us-east-1 ",
                "endpoint", "abc-ats.iot.us-east-1.amazonaws.com",
                "credentials-source", FB_CREDENTIALS_SOURCE_KEYRING_KEYS, NULL);
  g_assert_cmpstr (fb_connection_profile_get_region (aws), ==, "us-east-1");
  g_assert_false (fb_connection_profile_validate (aws, &error));
  g_assert_cmpstr (error->message, ==, "Enter the access key id");
  g_clear_error (&error);
  g_object_set (aws, "access-key-id", "AKIAIOSFODNN7EXAMPLE", NULL);
  g_assert_true (fb_connection_profile_validate (aws, &error));
  g_assert_no_error (error);
  /* the EventBridge region follows the IoT region unless set */
  g_assert_cmpstr (fb_connection_profile_get_eventbridge_region (aws), ==, "us-east-1");
  g_object_set (aws, "eventbridge-region", "ap-southeast-2", NULL);
  g_assert_cmpstr (fb_connection_profile_get_eventbridge_region (aws), ==, "ap-southeast-2");

  g_object_set (mqtt, "name", "Home", "broker-url", "ftp://x", NULL);
  g_assert_false (fb_connection_profile_validate (mqtt, &error));
  g_assert_cmpstr (error->message, ==, "The URL must start with mqtt://, mqtts://, ws:// or wss://");
  g_clear_error (&error);
  g_object_set (mqtt, "broker-url", "mqtt://127.0.0.1:1883", "order-topics",
                (const char *[]) { "a/#/b", NULL }, NULL);
  g_assert_false (fb_connection_profile_validate (mqtt, &error));
  g_assert_error (error, FB_CONNECTION_PROFILE_ERROR, FB_CONNECTION_PROFILE_ERROR_INVALID);
}

static void
test_create_client (void)
{
  g_autoptr(FbConnectionProfile) aws = fb_connection_profile_new (FB_CONNECTION_KIND_AWS_IOT);
  g_autoptr(FbConnectionProfile) mqtt = fb_connection_profile_new (FB_CONNECTION_KIND_MQTT_BROKER);
  g_autoptr(FbMqttClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *server = NULL;

  g_object_set (aws, "name", "Sim", "region", "us-east-1", "endpoint", "ws://127.0.0.1:9",
                "credentials-source", FB_CREDENTIALS_SOURCE_KEYRING_KEYS,
                "access-key-id", "AKIASIM0TESTTESTTEST", NULL);
  /* The secret is missing from the keyring: say so, do not connect unsigned. */
  client = fb_connection_profile_create_client (aws, NULL, NULL, NULL, "t", &error);
  g_assert_null (client);
  g_assert_error (error, FB_CONNECTION_PROFILE_ERROR, FB_CONNECTION_PROFILE_ERROR_MISSING_SECRET);
  g_clear_error (&error);

  client = fb_connection_profile_create_client (aws, "s3cr3t", NULL, NULL, "t", &error);
  g_assert_no_error (error);
  server = fb_mqtt_client_describe_server (client);
  g_assert_cmpstr (server, ==, "AWS IoT ws://127.0.0.1:9 (us-east-1)");
  g_assert_cmpint (fb_mqtt_client_get_state (client), ==, FB_MQTT_STATE_DISCONNECTED);
  g_clear_object (&client);
  g_clear_pointer (&server, g_free);

  g_object_set (mqtt, "name", "Home", "broker-url", "mqtt://127.0.0.1:1883", "username", "me", NULL);
  g_assert_cmpint (fb_connection_profile_get_secret_kinds (mqtt)[0], >=, 0);
  client = fb_connection_profile_create_client (mqtt, NULL, NULL, "pw", "t", &error);
  g_assert_no_error (error);
  g_assert_nonnull (client);
}

static void
count_changes (GListModel *model,
               guint       position,
               guint       removed,
               guint       added,
               guint      *changes)
{
  (*changes)++;
}

static void
test_store_round_trip (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(FbProfileStore) store = fb_profile_store_new (settings);
  g_autoptr(FbProfileStore) again = NULL;
  g_autoptr(FbConnectionProfile) aws = fb_connection_profile_new (FB_CONNECTION_KIND_AWS_IOT);
  g_autoptr(FbConnectionProfile) mqtt = fb_connection_profile_new (FB_CONNECTION_KIND_MQTT_BROKER);
  g_autoptr(FbConnectionProfile) read = NULL;
  g_autoptr(GVariant) saved = NULL;
  g_autofree char *aws_id = g_strdup (fb_connection_profile_get_id (aws));
  g_autofree char *last = NULL;
  FbConnectionProfile *found;
  guint changes = 0;

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 0);
  g_assert_null (fb_profile_store_get_last_used (store));
  g_signal_connect (store, "items-changed", G_CALLBACK (count_changes), &changes);

  g_object_set (aws, "name", "Kitchen", "region", "ap-southeast-2",
                "endpoint", "abc-ats.iot.ap-southeast-2.amazonaws.com",
                "credentials-source", FB_CREDENTIALS_SOURCE_COGNITO,
                "identity-pool-id", "ap-southeast-2:12345678-abcd-4ef0-1234-56789abcdef0",
                "feed-route", FB_FEED_ROUTE_MQTT, "eventbridge-bus", "other-bus",
                "shared-endpoint", "https://x.execute-api.ap-southeast-2.amazonaws.com/Prod",
                "feeder-topics", (const char *[]) { "cat-feeder/states", "cat-feeder/action", NULL },
                NULL);
  g_object_set (mqtt, "name", "Home", "broker-url", "mqtts://b.example.org", "username", "me",
                "ca-file", "/etc/ssl/certs/home.pem", NULL);
  fb_profile_store_save (store, aws);
  fb_profile_store_save (store, mqtt);
  fb_profile_store_set_last_used (store, aws_id);
  g_assert_cmpuint (changes, ==, 2);

  /* What is in GSettings is the non-secret fields, as nicks and strings. */
  saved = g_settings_get_value (settings, "profiles");
  g_assert_cmpuint (g_variant_n_children (saved), ==, 2);
  last = g_settings_get_string (settings, "last-profile");
  g_assert_cmpstr (last, ==, aws_id);

  /* A second store (the next start) reads the same profiles back. */
  again = fb_profile_store_new (settings);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (again)), ==, 2);
  read = g_list_model_get_item (G_LIST_MODEL (again), 0);
  g_assert_true (read != aws);
  g_assert_cmpstr (fb_connection_profile_get_id (read), ==, aws_id);
  g_assert_cmpstr (fb_connection_profile_get_name (read), ==, "Kitchen");
  g_assert_cmpint (fb_connection_profile_get_kind (read), ==, FB_CONNECTION_KIND_AWS_IOT);
  g_assert_cmpint (fb_connection_profile_get_credentials_source (read), ==, FB_CREDENTIALS_SOURCE_COGNITO);
  g_assert_cmpint (fb_connection_profile_get_feed_route (read), ==, FB_FEED_ROUTE_MQTT);
  g_assert_cmpstr (fb_connection_profile_get_identity_pool_id (read), ==,
                   "ap-southeast-2:12345678-abcd-4ef0-1234-56789abcdef0");
  g_assert_cmpstr (fb_connection_profile_get_eventbridge_bus (read), ==, "other-bus");
  g_assert_cmpstr (fb_connection_profile_get_shared_endpoint (read), ==,
                   "https://x.execute-api.ap-southeast-2.amazonaws.com/Prod");
  g_assert_cmpstr (fb_connection_profile_get_feeder_topics (read)[1], ==, "cat-feeder/action");
  g_assert_cmpstr (fb_connection_profile_get_order_topics (read)[0], ==, "orders/events/#");
  g_assert_true (fb_profile_store_get_last_used (again) == read);
  found = fb_profile_store_lookup (again, fb_connection_profile_get_id (mqtt));
  g_assert_nonnull (found);
  g_assert_cmpint (fb_connection_profile_get_kind (found), ==, FB_CONNECTION_KIND_MQTT_BROKER);
  g_assert_cmpstr (fb_connection_profile_get_ca_file (found), ==, "/etc/ssl/certs/home.pem");
  g_assert_cmpstr (fb_connection_profile_get_username (found), ==, "me");

  /* Update in place, then remove. */
  g_object_set (read, "name", "Kitchen 2", NULL);
  fb_profile_store_save (again, read);
  g_clear_object (&again);
  again = fb_profile_store_new (settings);
  g_assert_cmpstr (fb_connection_profile_get_name (fb_profile_store_lookup (again, aws_id)), ==,
                   "Kitchen 2");
  g_assert_true (fb_profile_store_remove (again, aws_id));
  g_assert_false (fb_profile_store_remove (again, aws_id));
  g_assert_null (fb_profile_store_get_last_used (again));
  g_clear_object (&again);
  again = fb_profile_store_new (settings);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (again)), ==, 1);

  /* A damaged entry is skipped, the others survive. */
  g_settings_set_value (settings, "profiles",
                        g_variant_new_parsed ("[{'name': <'no id'>}, {'id': <'x1'>, 'kind': <'mqtt-broker'>, 'bogus': <1>}]"));
  g_clear_object (&again);
  g_test_expect_message ("fb-profile-store", G_LOG_LEVEL_WARNING, "*no id*");
  again = fb_profile_store_new (settings);
  g_test_assert_expected_messages ();
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (again)), ==, 1);
  g_assert_cmpint (fb_connection_profile_get_kind (fb_profile_store_lookup (again, "x1")), ==,
                   FB_CONNECTION_KIND_MQTT_BROKER);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/connection-profile/check-words", test_check_words);
  g_test_add_func ("/connection-profile/validate", test_validate);
  g_test_add_func ("/connection-profile/create-client", test_create_client);
  g_test_add_func ("/profile-store/round-trip", test_store_round_trip);

  return g_test_run ();
}
