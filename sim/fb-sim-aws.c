/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-sim-aws.c: the AWS JSON 1.1 front doors of the two backends, on one local server.
 * - POST / with X-Amz-Target AWSEvents.PutEvents: SigV4 (service "events"), entries checked
 *   like EventBridge, each accepted event appended to the archive (the seed's immutable
 *   ledger) and the feeds-rule applied: source com.feedmyfurbabies → cat-feeder/action.
 * - POST / with AWSCognitoIdentityService.GetId / GetCredentialsForIdentity: unsigned, hands
 *   out temporary keys that expire.
 * - GET /Prod/order (SigV4, execute-api) starts a chain of six orders; 502 while one runs.
 * - GET /orders and /orders/{id}: the polling API. */
#define G_LOG_DOMAIN "fb-sim-aws"

#include <stdio.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "fb-json.h"
#include "fb-sim-aws.h"
#include "fb-sim-verify.h"

#define MAX_ENTRIES       10
#define MAX_REQUEST_BYTES (256 * 1024)
#define EVENT_BUS         "feedmyfurbabies"

struct _FbSimAws
{
  GObject          parent_instance;
  FbSimIdentities *identities;
  FbSimOrders     *orders;
  FbMqttClient    *publisher;
  char            *region;
  char            *archive_path;
  guint            credential_lifetime;
  GHashTable      *identity_ids;   /* IdentityId → pool id */
};

G_DEFINE_FINAL_TYPE (FbSimAws, fb_sim_aws, G_TYPE_OBJECT)

static void
answer_json (SoupServerMessage *msg,
             guint              status,
             JsonNode          *root)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *request_id = g_uuid_string_random ();
  char *body;
  gsize len;

  json_generator_set_root (generator, root);
  body = json_generator_to_data (generator, &len);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "x-amzn-RequestId", request_id);
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/x-amz-json-1.1", SOUP_MEMORY_TAKE, body, len);
}

static void
answer_error (SoupServerMessage *msg,
              guint              status,
              const char        *type,
              const char        *message)
{
  FbSimAuthError error = { status, (char *) type, (char *) message };

  fb_sim_answer_auth_error (msg, &error);
}

static JsonObject *
parse_body (SoupServerMessage *msg,
            GBytes            *body)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonNode *root;

  parser = fb_json_parse (g_bytes_get_data (body, NULL), g_bytes_get_size (body), "The request", &root, NULL);
  if (parser == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      answer_error (msg, 400, "SerializationException", "Start of structure or map found where not expected.");
      return NULL;
    }
  return json_object_ref (json_node_get_object (root));
}

static gboolean
is_json_object_text (const char *text)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonNode *root;

  parser = fb_json_parse ((const guint8 *) text, strlen (text), "The text", &root, NULL);
  return parser != NULL && JSON_NODE_HOLDS_OBJECT (root);
}

static void
archive_event (FbSimAws   *self,
               const char *event_id,
               JsonObject *entry)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *time = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
  g_autofree char *line = NULL;
  g_autofree char *with_newline = NULL;
  FILE *f;

  if (self->archive_path == NULL)
    return;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, event_id);
  json_builder_set_member_name (builder, "time");
  json_builder_add_string_value (builder, time);
  json_builder_set_member_name (builder, "source");
  json_builder_add_string_value (builder, json_object_get_string_member (entry, "Source"));
  json_builder_set_member_name (builder, "detail-type");
  json_builder_add_string_value (builder, json_object_get_string_member (entry, "DetailType"));
  json_builder_set_member_name (builder, "detail");
  json_builder_add_string_value (builder, json_object_get_string_member (entry, "Detail"));
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  line = json_generator_to_data (generator, NULL);

  /* Appended and flushed per event: the archive is the ledger of what was accepted. */
  f = fopen (self->archive_path, "a");
  if (f == NULL)
    {
      g_warning ("Cannot append to the archive %s", self->archive_path);
      return;
    }
  fprintf (f, "%s\n", line);
  fflush (f);
  fclose (f);
}

static void
apply_feeds_rule (FbSimAws   *self,
                  JsonObject *entry)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *time = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
  g_autofree char *payload = NULL;
  g_autoptr(GBytes) bytes = NULL;
  JsonObject *detail;
  JsonNode *root;
  const char *click, *text;

  if (g_strcmp0 (json_object_get_string_member (entry, "Source"), "com.feedmyfurbabies") != 0)
    return;
  text = fb_json_get_string (entry, "Detail");
  if (text == NULL || (parser = fb_json_parse ((const guint8 *) text, strlen (text), "The detail", &root, NULL)) == NULL
      || !JSON_NODE_HOLDS_OBJECT (root))
    return;
  detail = json_node_get_object (root);
  click = json_object_get_string_member_with_default (detail, "click-type", NULL);
  if (click == NULL)
    return;

  /* What the downstream Lambda publishes (Python json.dumps spacing, QoS 0). */
  payload = g_strdup_printf ("{\"event\": \"%s\", \"reportedTime\": \"%s\"}", click, time);
  bytes = g_bytes_new (payload, strlen (payload));
  fb_mqtt_client_publish_async (self->publisher, "cat-feeder/action", bytes, 0, NULL, NULL, NULL);
}

static const char *
check_entry (JsonObject *entry)
{
  const char *fields[] = { "Source", "DetailType", "Detail" };

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      JsonNode *node = json_object_get_member (entry, fields[i]);

      if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING
          || *json_node_get_string (node) == '\0')
        return fields[i];
    }
  return NULL;
}

static void
put_events (FbSimAws          *self,
            SoupServerMessage *msg,
            GBytes            *body)
{
  g_autoptr(JsonObject) request = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_auto(FbSimAuthError) auth = { 0 };
  JsonArray *entries;
  guint failed = 0;

  if (!fb_sim_verify_header (self->identities, msg, body, self->region, "events", &auth))
    {
      fb_sim_answer_auth_error (msg, &auth);
      return;
    }

  if ((request = parse_body (msg, body)) == NULL)
    return;

  entries = json_object_get_array_member (request, "Entries");
  if (entries == NULL || json_array_get_length (entries) == 0)
    {
      answer_error (msg, 400, "ValidationException", "1 validation error detected: Value null at 'entries' failed to satisfy constraint: Member must not be null");
      return;
    }
  if (json_array_get_length (entries) > MAX_ENTRIES)
    {
      answer_error (msg, 400, "ValidationException", "1 validation error detected: Value at 'entries' failed to satisfy constraint: Member must have length less than or equal to 10");
      return;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "Entries");
  json_builder_begin_array (builder);
  for (guint i = 0; i < json_array_get_length (entries); i++)
    {
      JsonNode *node = json_array_get_element (entries, i);
      JsonObject *entry = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *bad = entry != NULL ? check_entry (entry) : "Entry";
      const char *bus = entry != NULL ? json_object_get_string_member_with_default (entry, "EventBusName", "default") : NULL;

      json_builder_begin_object (builder);
      if (bad != NULL)
        {
          json_builder_set_member_name (builder, "ErrorCode");
          json_builder_add_string_value (builder, "MalformedDetail");
          json_builder_set_member_name (builder, "ErrorMessage");
          json_builder_add_string_value (builder, g_str_equal (bad, "Detail") ? "Detail is malformed." : "Parameter(s) Source or DetailType is not valid.");
          failed++;
        }
      else if (!is_json_object_text (json_object_get_string_member (entry, "Detail")))
        {
          json_builder_set_member_name (builder, "ErrorCode");
          json_builder_add_string_value (builder, "MalformedDetail");
          json_builder_set_member_name (builder, "ErrorMessage");
          json_builder_add_string_value (builder, "Detail is malformed.");
          failed++;
        }
      else if (g_strcmp0 (bus, EVENT_BUS) != 0 && g_strcmp0 (bus, "default") != 0)
        {
          json_builder_set_member_name (builder, "ErrorCode");
          json_builder_add_string_value (builder, "ResourceNotFoundException");
          json_builder_set_member_name (builder, "ErrorMessage");
          json_builder_add_string_value (builder, "Event bus does not exist.");
          failed++;
        }
      else
        {
          g_autofree char *event_id = g_uuid_string_random ();

          archive_event (self, event_id, entry);
          if (g_strcmp0 (bus, EVENT_BUS) == 0)
            apply_feeds_rule (self, entry);
          json_builder_set_member_name (builder, "EventId");
          json_builder_add_string_value (builder, event_id);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "FailedEntryCount");
  json_builder_add_int_value (builder, failed);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  answer_json (msg, 200, root);
}

static void
cognito_get_id (FbSimAws          *self,
                SoupServerMessage *msg,
                GBytes            *body)
{
  g_autoptr(JsonObject) request = parse_body (msg, body);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *identity_id = NULL;
  const char *pool;

  if (request == NULL)
    return;
  pool = json_object_get_string_member_with_default (request, "IdentityPoolId", NULL);
  if (pool == NULL || strchr (pool, ':') == NULL || !g_str_has_prefix (pool, self->region))
    {
      answer_error (msg, 400, "ResourceNotFoundException",
                    pool == NULL ? "IdentityPoolId is required" : "IdentityPool not found");
      return;
    }

  identity_id = g_strdup_printf ("%s:%s", self->region, uuid);
  g_hash_table_insert (self->identity_ids, g_strdup (identity_id), g_strdup (pool));

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "IdentityId");
  json_builder_add_string_value (builder, identity_id);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  answer_json (msg, 200, root);
}

static void
cognito_get_credentials (FbSimAws          *self,
                         SoupServerMessage *msg,
                         GBytes            *body)
{
  g_autoptr(JsonObject) request = parse_body (msg, body);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  const FbSimIdentity *identity;
  const char *identity_id;

  if (request == NULL)
    return;
  identity_id = json_object_get_string_member_with_default (request, "IdentityId", NULL);
  if (identity_id == NULL || !g_hash_table_contains (self->identity_ids, identity_id))
    {
      answer_error (msg, 400, "ResourceNotFoundException", "Identity not found");
      return;
    }

  identity = fb_sim_identities_issue_temporary (self->identities, self->credential_lifetime);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "IdentityId");
  json_builder_add_string_value (builder, identity_id);
  json_builder_set_member_name (builder, "Credentials");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "AccessKeyId");
  json_builder_add_string_value (builder, identity->access_key_id);
  json_builder_set_member_name (builder, "SecretKey");
  json_builder_add_string_value (builder, identity->secret_access_key);
  json_builder_set_member_name (builder, "SessionToken");
  json_builder_add_string_value (builder, identity->session_token);
  json_builder_set_member_name (builder, "Expiration");
  json_builder_add_int_value (builder, identity->expires_at / G_USEC_PER_SEC);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  answer_json (msg, 200, root);
}

static void
json_post_cb (SoupServer        *server,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  FbSimAws *self = user_data;
  const char *target = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "X-Amz-Target");
  SoupMessageBody *request_body = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) body = NULL;

  if (g_strcmp0 (soup_server_message_get_method (msg), "POST") != 0 || g_strcmp0 (path, "/") != 0)
    {
      soup_server_message_set_status (msg, 404, NULL);
      return;
    }
  if (request_body->length > MAX_REQUEST_BYTES)
    {
      answer_error (msg, 413, "RequestEntityTooLargeException", "Request is too large");
      return;
    }
  body = soup_message_body_flatten (request_body);

  if (g_strcmp0 (target, "AWSEvents.PutEvents") == 0)
    put_events (self, msg, body);
  else if (g_strcmp0 (target, "AWSCognitoIdentityService.GetId") == 0)
    cognito_get_id (self, msg, body);
  else if (g_strcmp0 (target, "AWSCognitoIdentityService.GetCredentialsForIdentity") == 0)
    cognito_get_credentials (self, msg, body);
  else
    answer_error (msg, 400, "UnknownOperationException", "Unknown operation");
}

static void
start_order_cb (SoupServer        *server,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  FbSimAws *self = user_data;
  g_auto(FbSimAuthError) auth = { 0 };
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *order_id = NULL;

  if (!fb_sim_verify_header (self->identities, msg, NULL, self->region, "execute-api", &auth))
    {
      fb_sim_answer_auth_error (msg, &auth);
      return;
    }

  /* The real backend's state machine answers 502 while a simulation is still running. */
  if (fb_sim_orders_chain_pending (self->orders))
    {
      const char *busy = "{\"message\": \"Internal server error\"}";

      soup_server_message_set_status (msg, 502, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, busy, strlen (busy));
      return;
    }

  order_id = fb_sim_orders_start_chain (self->orders, 6);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "orderId");
  json_builder_add_string_value (builder, order_id);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, "SUBMITTED");
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  answer_json (msg, 200, root);
}

static void
orders_cb (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  FbSimAws *self = user_data;
  g_auto(FbSimAuthError) auth = { 0 };
  g_autofree char *json = NULL;
  const char *id = NULL;

  if (!fb_sim_verify_header (self->identities, msg, NULL, self->region, "execute-api", &auth))
    {
      fb_sim_answer_auth_error (msg, &auth);
      return;
    }

  if (g_str_has_prefix (path, "/orders/"))
    id = path + strlen ("/orders/");
  json = fb_sim_orders_to_json (self->orders, id);
  if (json == NULL)
    {
      soup_server_message_set_status (msg, 404, NULL);
      return;
    }
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, json, strlen (json));
}

static void
fb_sim_aws_finalize (GObject *object)
{
  FbSimAws *self = FB_SIM_AWS (object);

  g_clear_object (&self->identities);
  g_clear_object (&self->orders);
  g_clear_object (&self->publisher);
  g_hash_table_unref (self->identity_ids);
  g_free (self->region);
  g_free (self->archive_path);

  G_OBJECT_CLASS (fb_sim_aws_parent_class)->finalize (object);
}

static void
fb_sim_aws_class_init (FbSimAwsClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = fb_sim_aws_finalize;
}

static void
fb_sim_aws_init (FbSimAws *self)
{
  self->identity_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

FbSimAws *
fb_sim_aws_new (SoupServer      *server,
                FbSimIdentities *identities,
                FbSimOrders     *orders,
                FbMqttClient    *publisher,
                const char      *region,
                const char      *archive_path,
                guint            credential_lifetime)
{
  FbSimAws *self = g_object_new (FB_TYPE_SIM_AWS, NULL);

  self->identities = g_object_ref (identities);
  self->orders = g_object_ref (orders);
  self->publisher = g_object_ref (publisher);
  self->region = g_strdup (region);
  self->archive_path = g_strdup (archive_path);
  self->credential_lifetime = credential_lifetime;

  soup_server_add_handler (server, "/", json_post_cb, self, NULL);
  soup_server_add_handler (server, "/Prod/order", start_order_cb, self, NULL);
  soup_server_add_handler (server, "/orders", orders_cb, self, NULL);
  return self;
}
