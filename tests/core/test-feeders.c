/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-feeders.c: feeder states, the feeder store, and feed commands end to end against
 * feedboard-sim (real HTTP with SigV4, a real Mosquitto, the simulated feeder): a feed is
 * archived once and the food level drops; every failure ends as "failed" with words and
 * nothing is sent twice. */
#include <string.h>

#include <glib/gstdio.h>

#include "fb-aws-json-client.h"
#include "fb-eventbridge.h"
#include "fb-feed-sender.h"
#include "fb-feeder-store.h"
#include "fb-order-event.h"
#include "fb-static-credentials-provider.h"
#include "fb-test-sim.h"

/* --- Decoding ------------------------------------------------------------------------ */

static FbFeederState *
decode (const char *topic, const char *json, GError **error)
{
  return fb_feeder_state_decode (topic, (const guint8 *) json, strlen (json), 1000, error);
}

static void
test_decode_shapes (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FbFeederState) kitchen = decode ("cat-feeder/states", "{\"food_capacity\": 80, \"device_location\": \"kitchen\"}", &error);
  g_autoptr(FbFeederState) bare = decode ("cat-feeder/states", "{\"food_capacity\":42.6}", &error);
  g_autoptr(FbFeederState) old = decode ("cat-feeder/states", "{\"time\":1710000000,\"state_1\":true,\"state_2\":\"idle\",\"extra\":[1]}", &error);

  g_assert_no_error (error);
  g_assert_cmpstr (kitchen->feeder_id, ==, "kitchen");
  g_assert_cmpint (kitchen->food_capacity, ==, 80);
  g_assert_cmpstr (bare->feeder_id, ==, "cat-feeder/states");
  g_assert_cmpint (bare->food_capacity, ==, 43);
  g_assert_cmpint (old->food_capacity, ==, -1);
  g_assert_cmpstr (old->device_time, ==, "1710000000");
  g_assert_cmpstr (old->state_1, ==, "true");
  g_assert_cmpstr (old->state_2, ==, "idle");
}

static void
test_decode_refuses (void)
{
  struct { const char *json; int code; const char *words; } cases[] = {
    { "{\"food_capacity\":\"full\"}", FB_DECODE_ERROR_WRONG_TYPE, "should be a number" },
    { "{\"food_capacity\":101}", FB_DECODE_ERROR_INVALID_VALUE, "0 to 100" },
    { "{\"food_capacity\":-1}", FB_DECODE_ERROR_INVALID_VALUE, "0 to 100" },
    { "{\"device_location\":{\"room\":1}}", FB_DECODE_ERROR_WRONG_TYPE, "device_location" },
    { "{\"device_location\":\"a\\u0001b\"}", FB_DECODE_ERROR_INVALID_VALUE, "control characters" },
    { "[80]", FB_DECODE_ERROR_NOT_OBJECT, "not a JSON object" },
    { "food: 80", FB_DECODE_ERROR_NOT_JSON, "not JSON" },
    { "", FB_DECODE_ERROR_NOT_JSON, "empty" },
  };
  g_autofree char *huge = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) case_error = NULL;
      g_autoptr(FbFeederState) state = decode ("cat-feeder/states", cases[i].json, &case_error);

      g_assert_null (state);
      g_assert_error (case_error, FB_DECODE_ERROR, cases[i].code);
      g_assert_nonnull (strstr (case_error->message, cases[i].words));
    }

  huge = g_strnfill (FB_FEEDER_STATE_MAX_PAYLOAD + 1, ' ');
  g_assert_null (decode ("cat-feeder/states", huge, &error));
  g_assert_error (error, FB_DECODE_ERROR, FB_DECODE_ERROR_TOO_LARGE);
}

/* --- The store --------------------------------------------------------------------------- */

static FbMqttMessage *
message (const char *topic, const char *json, gint64 received_at)
{
  FbMqttMessage *m = g_new0 (FbMqttMessage, 1);

  m->topic = g_strdup (topic);
  m->payload = g_bytes_new (json, strlen (json));
  m->received_at = received_at;
  return m;
}

static gboolean
apply (FbFeederStore *store, const char *topic, const char *json, gint64 at, GError **error)
{
  g_autoptr(FbMqttMessage) m = message (topic, json, at);
  g_autoptr(FbInboundEvent) event = fb_inbound_decode_message (m);

  return fb_feeder_store_apply_event (store, event, error);
}

static void
test_store_merges (void)
{
  g_autoptr(FbFeederStore) store = fb_feeder_store_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  FbFeeder *kitchen;
  guint changes = 0;

  g_signal_connect_swapped (store, "items-changed", G_CALLBACK (g_atomic_int_inc), &changes);

  g_assert_true (apply (store, "cat-feeder/states", "{\"food_capacity\":80,\"device_location\":\"kitchen\"}", 10, &error));
  g_assert_true (apply (store, "cat-feeder/states", "{\"device_location\":\"kitchen\",\"state_1\":\"on\"}", 20, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 1);
  g_assert_cmpuint (changes, ==, 1);

  kitchen = fb_feeder_store_lookup (store, "kitchen");
  name = fb_feeder_dup_display_name (kitchen);
  g_assert_cmpstr (name, ==, "Kitchen");
  /* A message without a level keeps the known level. */
  g_assert_cmpint (fb_feeder_get_food_capacity (kitchen), ==, 80);
  g_assert_cmpstr (fb_feeder_get_state (kitchen)->state_1, ==, "on");
  g_assert_cmpint (fb_feeder_get_last_seen (kitchen), ==, 20);

  /* An older message (out of order after a reconnect) changes nothing. */
  g_assert_true (apply (store, "cat-feeder/states", "{\"food_capacity\":10,\"device_location\":\"kitchen\"}", 15, &error));
  g_assert_cmpint (fb_feeder_get_food_capacity (kitchen), ==, 80);

  /* A feed the backend passed on reaches every feeder. */
  g_assert_true (apply (store, "cat-feeder/action", "{\"event\": \"LONG\", \"reportedTime\": \"2024-01-01T00:00:00Z\"}", 30, &error));
  g_assert_cmpstr (fb_feeder_get_last_feed (kitchen), ==, "LONG");
  g_assert_cmpint (fb_feeder_get_last_feed_at (kitchen), ==, 30);

  /* Bad messages: refused with words, state untouched. */
  g_assert_false (apply (store, "cat-feeder/action", "{\"click\":1}", 40, &error));
  g_assert_error (error, FB_DECODE_ERROR, FB_DECODE_ERROR_MISSING_FIELD);
  g_clear_error (&error);
  g_assert_false (apply (store, "cat-feeder/states", "{\"food_capacity\":true,\"device_location\":\"kitchen\"}", 50, &error));
  g_assert_error (error, FB_DECODE_ERROR, FB_DECODE_ERROR_WRONG_TYPE);
  g_clear_error (&error);
  g_assert_false (apply (store, "orders/events", "{}", 50, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_cmpint (fb_feeder_get_food_capacity (kitchen), ==, 80);

  /* Stale after the configured silence; fresh again with the next message. */
  fb_feeder_store_set_stale_after (store, 60);
  fb_feeder_store_update_stale (store, 20 + 59 * G_USEC_PER_SEC);
  g_assert_false (fb_feeder_get_stale (kitchen));
  fb_feeder_store_update_stale (store, 20 + 61 * G_USEC_PER_SEC);
  g_assert_true (fb_feeder_get_stale (kitchen));
  g_assert_true (apply (store, "cat-feeder/states", "{\"device_location\":\"kitchen\"}", 62 * G_USEC_PER_SEC, &error));
  g_assert_false (fb_feeder_get_stale (kitchen));

  /* A configured feeder never heard from is listed, with nothing known and not "stale". */
  fb_feeder_store_ensure (store, "hallway");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 2);
  fb_feeder_store_update_stale (store, G_MAXINT64 / 2);
  g_assert_false (fb_feeder_get_stale (fb_feeder_store_lookup (store, "hallway")));
  g_assert_cmpint (fb_feeder_get_food_capacity (fb_feeder_store_lookup (store, "hallway")), ==, -1);
}

static void
test_store_bounds (void)
{
  g_autoptr(FbFeederStore) store = fb_feeder_store_new ();
  FbFeeder *feeder;

  /* A stream of invented locations cannot grow the store without bound. */
  for (int i = 0; i < FB_FEEDER_STORE_MAX_FEEDERS + 20; i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"device_location\":\"room-%d\"}", i);
      g_autoptr(GError) error = NULL;

      if (!apply (store, "cat-feeder/states", json, i, &error))
        g_assert_nonnull (strstr (error->message, "more than"));
    }
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, FB_FEEDER_STORE_MAX_FEEDERS);

  /* The command log keeps the newest. */
  feeder = fb_feeder_store_ensure (store, "room-0");
  for (int i = 0; i < FB_FEEDER_MAX_COMMANDS + 5; i++)
    {
      g_autoptr(FbFeedCommand) command = fb_feed_command_new ("room-0", FB_BOWL_LEFT, FB_FEED_ROUTE_MQTT);
      fb_feeder_store_add_command (store, command);
    }
  g_assert_cmpuint (g_list_model_get_n_items (fb_feeder_get_commands (feeder)), ==, FB_FEEDER_MAX_COMMANDS);
}

static void
test_command_transitions (void)
{
  g_autoptr(FbFeedCommand) command = fb_feed_command_new ("kitchen", FB_BOWL_BOTH, FB_FEED_ROUTE_EVENTBRIDGE);
  g_autofree char *detail = fb_feed_command_build_payload (command);
  g_autoptr(FbFeedCommand) direct = fb_feed_command_new ("kitchen", FB_BOWL_RIGHT, FB_FEED_ROUTE_MQTT);
  g_autofree char *action = fb_feed_command_build_payload (direct);
  FbBowl bowl;

  g_assert_cmpstr (detail, ==, "{\"click-type\": \"LONG\"}");
  g_assert_cmpstr (action, ==, "{\"event\":\"DOUBLE\"}");
  g_assert_true (fb_bowl_from_string ("left", &bowl) && bowl == FB_BOWL_LEFT);
  g_assert_false (fb_bowl_from_string ("LEFT", &bowl));
  g_assert_cmpstr (fb_bowl_to_click_type (FB_BOWL_LEFT), ==, "SINGLE");
  g_assert_cmpstr (fb_bowl_to_click_type (FB_BOWL_RIGHT), ==, "DOUBLE");

  g_assert_cmpint (fb_feed_command_get_state (command), ==, FB_FEED_COMMAND_SENDING);
  g_assert_true (fb_feed_command_fail (command, "No answer"));
  /* A late answer never rewrites a reported outcome. */
  g_assert_false (fb_feed_command_accept (command, "late-id"));
  g_assert_cmpint (fb_feed_command_get_state (command), ==, FB_FEED_COMMAND_FAILED);
  g_assert_null (fb_feed_command_get_receipt (command));
  g_assert_cmpstr (fb_feed_command_get_reason (command), ==, "No answer");
}

/* --- Against the sim -------------------------------------------------------------------------- */

typedef struct
{
  FbTestSim      sim;
  FbMqttClient  *mqtt;      /* subscribed to cat-feeder/#, feeding the store */
  FbFeederStore *feeders;
  guint          actions;   /* cat-feeder/action messages seen */
} Rig;

static void
on_messages (FbMqttClient *client,
             GPtrArray    *batch,
             Rig          *rig)
{
  for (guint i = 0; i < batch->len; i++)
    {
      FbMqttMessage *m = g_ptr_array_index (batch, i);
      g_autoptr(FbInboundEvent) event = fb_inbound_decode_message (m);

      if (g_str_equal (m->topic, "cat-feeder/action"))
        rig->actions++;
      fb_feeder_store_apply_event (rig->feeders, event, NULL);
    }
}

static gboolean
is_connected (gpointer data)
{
  return fb_mqtt_client_get_state (((Rig *) data)->mqtt) == FB_MQTT_STATE_CONNECTED;
}

static gboolean
knows_kitchen_level (gpointer data)
{
  FbFeeder *kitchen = fb_feeder_store_lookup (((Rig *) data)->feeders, "kitchen");
  return kitchen != NULL && fb_feeder_get_food_capacity (kitchen) >= 0;
}

static void
rig_start (Rig        *rig,
           const char *sim_arg)
{
  g_autoptr(GError) error = NULL;

  fb_test_sim_start (&rig->sim, sim_arg, NULL);
  rig->feeders = fb_feeder_store_new ();
  rig->mqtt = fb_mqtt_client_new_for_broker (fb_test_sim_var (&rig->sim, "MQTT_URL"), NULL, &error);
  g_assert_no_error (error);
  fb_mqtt_client_add_subscription (rig->mqtt, "cat-feeder/#", 1);
  g_signal_connect (rig->mqtt, "messages", G_CALLBACK (on_messages), rig);
  fb_mqtt_client_start (rig->mqtt);
  g_assert_true (fb_test_wait_for (is_connected, rig, 10));
  g_assert_true (fb_test_wait_for (knows_kitchen_level, rig, 10));
}

static void
rig_stop (Rig *rig)
{
  fb_mqtt_client_stop (rig->mqtt);
  g_clear_object (&rig->mqtt);
  g_clear_object (&rig->feeders);
  fb_test_sim_stop (&rig->sim);
}

static int
kitchen_level (Rig *rig)
{
  return fb_feeder_get_food_capacity (fb_feeder_store_lookup (rig->feeders, "kitchen"));
}

static guint
archived_events (Rig *rig)
{
  g_autofree char *text = NULL;
  guint lines = 0;

  if (!g_file_get_contents (rig->sim.archive, &text, NULL, NULL))
    return 0;
  for (const char *p = text; *p; p++)
    lines += *p == '\n';
  return lines;
}

static FbAwsJsonClient *
eventbridge_client (Rig           *rig,
                    FbCredentials *credentials)
{
  g_autoptr(FbCredentialsProvider) provider = fb_static_credentials_provider_new (credentials);

  return fb_aws_json_client_new (fb_test_sim_var (&rig->sim, "AWS_ENDPOINT_URL_EVENTBRIDGE"),
                                 fb_test_sim_var (&rig->sim, "AWS_REGION"), "events", provider);
}

static FbCredentials *
sim_credentials (Rig *rig)
{
  return fb_credentials_new (fb_test_sim_var (&rig->sim, "AWS_ACCESS_KEY_ID"),
                             fb_test_sim_var (&rig->sim, "AWS_SECRET_ACCESS_KEY"), NULL, NULL);
}

static gboolean
command_done (gpointer data)
{
  return fb_feed_command_get_state (data) != FB_FEED_COMMAND_SENDING;
}

/* Feeds and waits for the outcome (within the deadline plus a margin). */
static FbFeedCommand *
feed (FbFeedSender *sender,
      FbBowl        bowl)
{
  FbFeedCommand *command = fb_feed_sender_feed (sender, "kitchen", bowl);

  g_assert_true (fb_test_wait_for (command_done, command, 20));
  return command;
}

typedef struct
{
  Rig *rig;
  int  below;
} LevelWait;

static gboolean
level_below (gpointer data)
{
  LevelWait *wait = data;
  return kitchen_level (wait->rig) < wait->below;
}

static void
test_feed_via_eventbridge (void)
{
  Rig rig = { 0 };
  g_autoptr(FbCredentials) credentials = NULL;
  g_autoptr(FbAwsJsonClient) client = NULL;
  g_autoptr(FbFeedSender) sender = fb_feed_sender_new ();
  g_autoptr(FbFeedCommand) command = NULL;
  g_autoptr(FbFeedCommand) again = NULL;
  int before;
  LevelWait wait = { &rig };

  rig_start (&rig, NULL);
  credentials = sim_credentials (&rig);
  client = eventbridge_client (&rig, credentials);
  fb_feed_sender_set_eventbridge (sender, client, NULL);
  fb_feed_sender_set_mqtt (sender, rig.mqtt);
  /* EventBridge is the default route once it is configured. */
  g_assert_cmpint (fb_feed_sender_get_route (sender), ==, FB_FEED_ROUTE_EVENTBRIDGE);

  before = kitchen_level (&rig);
  command = fb_feed_sender_feed (sender, "kitchen", FB_BOWL_LEFT);
  /* A double click while it is in flight is the same command, not a second feed. */
  again = fb_feed_sender_feed (sender, "kitchen", FB_BOWL_LEFT);
  g_assert_true (again == command);
  g_assert_true (fb_feed_sender_get_in_flight (sender, "kitchen", FB_BOWL_LEFT) == command);
  g_assert_null (fb_feed_sender_get_in_flight (sender, "kitchen", FB_BOWL_RIGHT));

  g_assert_true (fb_test_wait_for (command_done, command, 20));
  g_assert_cmpint (fb_feed_command_get_state (command), ==, FB_FEED_COMMAND_ACCEPTED);
  g_assert_true (g_uuid_string_is_valid (fb_feed_command_get_receipt (command)));
  g_assert_null (fb_feed_sender_get_in_flight (sender, "kitchen", FB_BOWL_LEFT));

  /* Archived once by the stand-in, passed on by its rule, and the feeder's level drops. */
  wait.below = before;
  g_assert_true (fb_test_wait_for (level_below, &wait, 10));
  g_assert_cmpint (kitchen_level (&rig), ==, before - 5);
  g_assert_cmpuint (archived_events (&rig), ==, 1);
  g_assert_cmpuint (rig.actions, ==, 1);
  g_assert_cmpstr (fb_feeder_get_last_feed (fb_feeder_store_lookup (rig.feeders, "kitchen")), ==, "SINGLE");

  rig_stop (&rig);
}

static void
test_feed_via_mqtt (void)
{
  Rig rig = { 0 };
  g_autoptr(FbFeedSender) sender = fb_feed_sender_new ();
  g_autoptr(FbFeedCommand) command = NULL;
  LevelWait wait = { &rig };
  int before;

  rig_start (&rig, NULL);
  fb_feed_sender_set_mqtt (sender, rig.mqtt);
  g_assert_cmpint (fb_feed_sender_get_route (sender), ==, FB_FEED_ROUTE_MQTT);

  before = kitchen_level (&rig);
  command = feed (sender, FB_BOWL_BOTH);
  g_assert_cmpint (fb_feed_command_get_state (command), ==, FB_FEED_COMMAND_ACCEPTED);
  g_assert_cmpstr (fb_feed_command_get_receipt (command), ==, "PUBACK");

  wait.below = before;
  g_assert_true (fb_test_wait_for (level_below, &wait, 10));
  g_assert_cmpint (kitchen_level (&rig), ==, before - 10);   /* both bowls */
  g_assert_cmpuint (archived_events (&rig), ==, 0);          /* EventBridge not involved */
  g_assert_cmpuint (rig.actions, ==, 1);

  rig_stop (&rig);
}

static void
assert_failed (FbFeedCommand *command,
               const char    *words)
{
  g_assert_cmpint (fb_feed_command_get_state (command), ==, FB_FEED_COMMAND_FAILED);
  g_assert_null (fb_feed_command_get_receipt (command));
  if (strstr (fb_feed_command_get_reason (command), words) == NULL)
    g_error ("“%s” not in the reason “%s”", words, fb_feed_command_get_reason (command));
}

static void
test_feed_failures (void)
{
  Rig rig = { 0 };
  g_autoptr(FbCredentials) good = NULL;
  g_autoptr(FbCredentials) wrong_secret = NULL;
  g_autoptr(FbCredentials) unknown_key = NULL;
  int before;

  rig_start (&rig, NULL);
  good = sim_credentials (&rig);
  before = kitchen_level (&rig);

  /* A bad signature. */
  wrong_secret = fb_credentials_new (fb_credentials_get_access_key_id (good), "not-the-secret", NULL, NULL);
  {
    g_autoptr(FbAwsJsonClient) client = eventbridge_client (&rig, wrong_secret);
    g_autoptr(FbFeedSender) sender = fb_feed_sender_new ();
    g_autoptr(FbFeedCommand) command = NULL;

    fb_feed_sender_set_eventbridge (sender, client, NULL);
    command = feed (sender, FB_BOWL_LEFT);
    assert_failed (command, "signature");
    assert_failed (command, "InvalidSignatureException");
  }

  /* An access key the service does not know. */
  unknown_key = fb_credentials_new ("AKIAUNKNOWNUNKNOWN00", "secret", NULL, NULL);
  {
    g_autoptr(FbAwsJsonClient) client = eventbridge_client (&rig, unknown_key);
    g_autoptr(FbFeedSender) sender = fb_feed_sender_new ();
    g_autoptr(FbFeedCommand) command = NULL;

    fb_feed_sender_set_eventbridge (sender, client, NULL);
    command = feed (sender, FB_BOWL_LEFT);
    assert_failed (command, "does not know this access key");
  }

  /* FailedEntryCount > 0: a bus that does not exist. */
  {
    g_autoptr(FbAwsJsonClient) client = eventbridge_client (&rig, good);
    g_autoptr(FbFeedSender) sender = fb_feed_sender_new ();
    g_autoptr(FbFeedCommand) command = NULL;

    fb_feed_sender_set_eventbridge (sender, client, "nope");
    command = feed (sender, FB_BOWL_RIGHT);
    assert_failed (command, "Event bus does not exist");
  }

  /* An unreachable endpoint: a loopback port nobody listens on. */
  {
    g_autoptr(FbCredentialsProvider) provider = fb_static_credentials_provider_new (good);
    g_autoptr(FbAwsJsonClient) client = fb_aws_json_client_new ("http://127.0.0.1:1/", "us-east-1", "events", provider);
    g_autoptr(FbFeedSender) sender = fb_feed_sender_new ();
    g_autoptr(FbFeedCommand) command = NULL;

    fb_feed_sender_set_eventbridge (sender, client, NULL);
    command = feed (sender, FB_BOWL_BOTH);
    assert_failed (command, "Nothing was sent");
  }

  /* No route configured at all. */
  {
    g_autoptr(FbFeedSender) sender = fb_feed_sender_new ();
    g_autoptr(FbFeedCommand) command = NULL;

    fb_feed_sender_set_route (sender, FB_FEED_ROUTE_EVENTBRIDGE);
    command = fb_feed_sender_feed (sender, "kitchen", FB_BOWL_LEFT);
    assert_failed (command, "no EventBridge bus");
  }

  /* None of these reached the archive or the feeder, then or later (a window for late ones). */
  fb_test_run_for (1500);
  g_assert_cmpuint (archived_events (&rig), ==, 0);
  g_assert_cmpuint (rig.actions, ==, 0);
  g_assert_cmpint (kitchen_level (&rig), ==, before);

  rig_stop (&rig);
}

/* Guest credentials from the stand-in's Cognito, through the client's unsigned mode. */
static FbCredentials *
guest_credentials (Rig *rig)
{
  g_autoptr(FbAwsJsonClient) cognito = fb_aws_json_client_new (fb_test_sim_var (&rig->sim, "AWS_ENDPOINT_URL_COGNITO_IDENTITY"),
                                                               fb_test_sim_var (&rig->sim, "AWS_REGION"),
                                                               "cognito-identity", NULL);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) get_id = NULL;
  g_autoptr(JsonNode) get_credentials = NULL;
  g_autoptr(JsonNode) id = NULL;
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) expiration = NULL;
  JsonObject *c;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "IdentityPoolId");
  json_builder_add_string_value (builder, fb_test_sim_var (&rig->sim, "IDENTITY_POOL_ID"));
  json_builder_end_object (builder);
  get_id = json_builder_get_root (builder);
  fb_aws_json_client_call_async (cognito, "AWSCognitoIdentityService.GetId", get_id, NULL,
                                 fb_test_keep_result, &result);
  g_assert_nonnull (fb_test_wait_for_result (&result, 20));
  id = fb_aws_json_client_call_finish (cognito, result, &error);
  g_assert_no_error (error);
  g_clear_object (&result);

  json_builder_reset (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "IdentityId");
  json_builder_add_string_value (builder, json_object_get_string_member (json_node_get_object (id), "IdentityId"));
  json_builder_end_object (builder);
  get_credentials = json_builder_get_root (builder);
  fb_aws_json_client_call_async (cognito, "AWSCognitoIdentityService.GetCredentialsForIdentity", get_credentials,
                                 NULL, fb_test_keep_result, &result);
  g_assert_nonnull (fb_test_wait_for_result (&result, 20));
  reply = fb_aws_json_client_call_finish (cognito, result, &error);
  g_assert_no_error (error);

  c = json_object_get_object_member (json_node_get_object (reply), "Credentials");
  expiration = g_date_time_new_from_unix_utc (json_object_get_int_member (c, "Expiration"));
  return fb_credentials_new (json_object_get_string_member (c, "AccessKeyId"),
                             json_object_get_string_member (c, "SecretKey"),
                             json_object_get_string_member (c, "SessionToken"), expiration);
}

static void
test_feed_expired_credentials (void)
{
  Rig rig = { 0 };
  g_autoptr(FbCredentials) guest = NULL;
  g_autoptr(FbAwsJsonClient) client = NULL;
  g_autoptr(FbFeedSender) sender = fb_feed_sender_new ();
  g_autoptr(FbFeedCommand) fresh = NULL;
  g_autoptr(FbFeedCommand) expired = NULL;

  rig_start (&rig, "--credential-lifetime=2");
  guest = guest_credentials (&rig);
  client = eventbridge_client (&rig, guest);
  fb_feed_sender_set_eventbridge (sender, client, NULL);

  /* The session token is signed in: while the credentials are valid, the feed goes through. */
  fresh = feed (sender, FB_BOWL_LEFT);
  g_assert_cmpint (fb_feed_command_get_state (fresh), ==, FB_FEED_COMMAND_ACCEPTED);

  /* Anything sent late would have arrived by then. */
  fb_test_run_for (2500);
  expired = feed (sender, FB_BOWL_LEFT);
  assert_failed (expired, "expired");
  assert_failed (expired, "ExpiredTokenException");
  g_assert_cmpuint (archived_events (&rig), ==, 1);

  rig_stop (&rig);
}

/* An endpoint that accepts the connection and then never answers. */
typedef struct
{
  GSocketService *service;
  GPtrArray      *connections;
  guint           accepted;
} Silent;

static gboolean
on_incoming (GSocketService    *service,
             GSocketConnection *connection,
             GObject           *source,
             Silent            *silent)
{
  silent->accepted++;
  g_ptr_array_add (silent->connections, g_object_ref (connection));
  return TRUE;
}

static gboolean
peer_closed (gpointer data)
{
  GSocket *socket = g_socket_connection_get_socket (data);
  char byte;
  GError *error = NULL;
  gssize n;

  /* Drain what the client sent; 0 = the client closed its end. */
  for (;;)
    {
      n = g_socket_receive_with_blocking (socket, &byte, 1, FALSE, NULL, &error);
      if (n != 1)
        break;
    }
  g_clear_error (&error);
  return n == 0;
}

static void
test_feed_deadline (void)
{
  Silent silent = { g_socket_service_new (), g_ptr_array_new_with_free_func (g_object_unref), 0 };
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any_port = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FbCredentials) credentials = fb_credentials_new ("AKIAEXAMPLE", "secret", NULL, NULL);
  g_autoptr(FbCredentialsProvider) provider = fb_static_credentials_provider_new (credentials);
  g_autoptr(FbAwsJsonClient) client = NULL;
  g_autoptr(FbFeedSender) sender = fb_feed_sender_new ();
  g_autoptr(FbFeedCommand) command = NULL;
  g_autofree char *url = NULL;
  gint64 started;

  g_socket_listener_add_address (G_SOCKET_LISTENER (silent.service), any_port, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, NULL, &bound, &error);
  g_assert_no_error (error);
  g_signal_connect (silent.service, "incoming", G_CALLBACK (on_incoming), &silent);
  url = g_strdup_printf ("http://127.0.0.1:%u/", g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));

  client = fb_aws_json_client_new (url, "us-east-1", "events", provider);
  fb_feed_sender_set_eventbridge (sender, client, NULL);
  fb_feed_sender_set_deadline (sender, 1);

  started = g_get_monotonic_time ();
  command = feed (sender, FB_BOWL_LEFT);
  assert_failed (command, "within 1 seconds");
  assert_failed (command, "will not be sent again");
  g_assert_cmpint (g_get_monotonic_time () - started, <, 3 * G_USEC_PER_SEC);

  /* The request was withdrawn (its connection closed), and nothing else came: no retry. */
  fb_test_run_for (1500);
  g_assert_cmpuint (silent.accepted, ==, 1);
  g_assert_true (peer_closed (g_ptr_array_index (silent.connections, 0)));
  g_assert_cmpint (fb_feed_command_get_state (command), ==, FB_FEED_COMMAND_FAILED);

  g_socket_service_stop (silent.service);
  g_socket_listener_close (G_SOCKET_LISTENER (silent.service));
  g_object_unref (silent.service);
  g_ptr_array_unref (silent.connections);
}

static gboolean
offline_connected (gpointer client)
{
  return fb_mqtt_client_get_state (client) == FB_MQTT_STATE_CONNECTED;
}

static void
test_feed_mqtt_offline (void)
{
  Rig rig = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(FbMqttClient) offline = NULL;
  g_autoptr(FbFeedSender) sender = fb_feed_sender_new ();
  g_autoptr(FbFeedCommand) command = NULL;
  int before;

  rig_start (&rig, NULL);
  before = kitchen_level (&rig);

  /* A client that is not connected (never started): the publish fails at once. Then the client
     connects; the feed must not go out then. */
  offline = fb_mqtt_client_new_for_broker (fb_test_sim_var (&rig.sim, "MQTT_URL"), "feedboard-test-offline", &error);
  g_assert_no_error (error);
  fb_feed_sender_set_mqtt (sender, offline);
  command = feed (sender, FB_BOWL_LEFT);
  assert_failed (command, "Nothing was sent");

  fb_mqtt_client_start (offline);
  g_assert_true (fb_test_wait_for (offline_connected, offline, 10));
  /* Anything sent late would have arrived by then. */
  fb_test_run_for (1500);
  g_assert_cmpuint (rig.actions, ==, 0);
  g_assert_cmpint (kitchen_level (&rig), ==, before);
  fb_mqtt_client_stop (offline);

  rig_stop (&rig);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/feeders/decode/shapes", test_decode_shapes);
  g_test_add_func ("/feeders/decode/refuses", test_decode_refuses);
  g_test_add_func ("/feeders/store/merges", test_store_merges);
  g_test_add_func ("/feeders/store/bounds", test_store_bounds);
  g_test_add_func ("/feeders/command/transitions", test_command_transitions);
  g_test_add_func ("/feeders/feed/eventbridge", test_feed_via_eventbridge);
  g_test_add_func ("/feeders/feed/mqtt", test_feed_via_mqtt);
  g_test_add_func ("/feeders/feed/failures", test_feed_failures);
  g_test_add_func ("/feeders/feed/expired-credentials", test_feed_expired_credentials);
  g_test_add_func ("/feeders/feed/deadline", test_feed_deadline);
  g_test_add_func ("/feeders/feed/mqtt-offline", test_feed_mqtt_offline);

  return g_test_run ();
}
