/* fb-connection-profile.c: a named connection, the checks a setup dialog runs as the user types,
   and the FbMqttClient with the right credentials provider. No secret is ever a property: the
   caller reads them from the keyring (fb-keyring.h) and hands them to create_client. */
#define G_LOG_DOMAIN "fb-connection-profile"

#include <string.h>

#include "fb-aws-endpoint.h"
#include "fb-chain-credentials-provider.h"
#include "fb-connection-profile.h"
#include "fb-keyring.h"
#include "fb-static-credentials-provider.h"

#if __has_include ("fb-cognito-credentials-provider.h")
#include "fb-cognito-credentials-provider.h"
#define FB_HAVE_COGNITO 1
#endif

enum {
  PROP_0,
  /* strings, kept in self->strings[prop_id] */
  PROP_ID,
  PROP_NAME,
  PROP_ENDPOINT,
  PROP_REGION,
  PROP_AWS_PROFILE_NAME,
  PROP_IDENTITY_POOL_ID,
  PROP_ACCESS_KEY_ID,
  PROP_EVENTBRIDGE_BUS,
  PROP_EVENTBRIDGE_REGION,
  PROP_SHARED_ENDPOINT,
  PROP_POLLING_ENDPOINT,
  PROP_BROKER_URL,
  PROP_USERNAME,
  PROP_CA_FILE,
  N_STRING_PROPS,
  /* the rest */
  PROP_KIND = N_STRING_PROPS,
  PROP_CREDENTIALS_SOURCE,
  PROP_FEED_ROUTE,
  PROP_ORDER_TOPICS,
  PROP_FEEDER_TOPICS,
  N_PROPS
};

struct _FbConnectionProfile
{
  GObject              parent_instance;

  char                *strings[N_STRING_PROPS];
  FbConnectionKind     kind;
  FbCredentialsSource  credentials_source;
  FbFeedRoute          feed_route;
  char               **order_topics;
  char               **feeder_topics;
};

G_DEFINE_FINAL_TYPE (FbConnectionProfile, fb_connection_profile, G_TYPE_OBJECT)

G_DEFINE_QUARK (fb-connection-profile-error-quark, fb_connection_profile_error)

static GParamSpec *properties[N_PROPS];

/* GSettings keys of the a{sv} dict: the property names, so nothing needs a second table. */

static const char * const default_order_topics[] = { "orders/events/#", NULL };
static const char * const default_feeder_topics[] = { "cat-feeder/#", NULL };

#define DEFINE_ENUM_TYPE(TypeName, type_name, ...)                                  \
  GType                                                                           \
  type_name##_get_type (void)                                                     \
  {                                                                               \
    static gsize type_id = 0;                                                     \
    static const GEnumValue values[] = { __VA_ARGS__, { 0, NULL, NULL } };        \
    if (g_once_init_enter (&type_id))                                             \
      g_once_init_leave (&type_id, g_enum_register_static (#TypeName, values));   \
    return type_id;                                                               \
  }

DEFINE_ENUM_TYPE (FbConnectionKind, fb_connection_kind,
                  { FB_CONNECTION_KIND_AWS_IOT, "FB_CONNECTION_KIND_AWS_IOT", "aws-iot" },
                  { FB_CONNECTION_KIND_MQTT_BROKER, "FB_CONNECTION_KIND_MQTT_BROKER", "mqtt-broker" })
DEFINE_ENUM_TYPE (FbCredentialsSource, fb_credentials_source,
                  { FB_CREDENTIALS_SOURCE_DEFAULT_CHAIN, "FB_CREDENTIALS_SOURCE_DEFAULT_CHAIN", "default-chain" },
                  { FB_CREDENTIALS_SOURCE_AWS_PROFILE, "FB_CREDENTIALS_SOURCE_AWS_PROFILE", "aws-profile" },
                  { FB_CREDENTIALS_SOURCE_COGNITO, "FB_CREDENTIALS_SOURCE_COGNITO", "cognito" },
                  { FB_CREDENTIALS_SOURCE_KEYRING_KEYS, "FB_CREDENTIALS_SOURCE_KEYRING_KEYS", "keyring-keys" })


FbConnectionProfile *
fb_connection_profile_new (FbConnectionKind kind)
{
  g_autofree char *id = g_uuid_string_random ();

  return g_object_new (FB_TYPE_CONNECTION_PROFILE, "id", id, "kind", kind, NULL);
}

FbConnectionProfile *
fb_connection_profile_copy (FbConnectionProfile *self)
{
  g_autoptr(GVariant) dict = NULL;

  g_return_val_if_fail (FB_IS_CONNECTION_PROFILE (self), NULL);

  dict = g_variant_ref_sink (fb_connection_profile_to_variant (self));
  return fb_connection_profile_new_from_variant (dict, NULL);
}

/* -- getters -- */

#define STRING_GETTER(name, PROP)                                       \
  const char *                                                          \
  fb_connection_profile_get_##name (FbConnectionProfile *self)          \
  {                                                                     \
    g_return_val_if_fail (FB_IS_CONNECTION_PROFILE (self), NULL);       \
    return self->strings[PROP];                                         \
  }

STRING_GETTER (id, PROP_ID)
STRING_GETTER (name, PROP_NAME)
STRING_GETTER (endpoint, PROP_ENDPOINT)
STRING_GETTER (region, PROP_REGION)
STRING_GETTER (aws_profile_name, PROP_AWS_PROFILE_NAME)
STRING_GETTER (identity_pool_id, PROP_IDENTITY_POOL_ID)
STRING_GETTER (access_key_id, PROP_ACCESS_KEY_ID)
STRING_GETTER (eventbridge_bus, PROP_EVENTBRIDGE_BUS)
STRING_GETTER (shared_endpoint, PROP_SHARED_ENDPOINT)
STRING_GETTER (polling_endpoint, PROP_POLLING_ENDPOINT)
STRING_GETTER (broker_url, PROP_BROKER_URL)
STRING_GETTER (username, PROP_USERNAME)
STRING_GETTER (ca_file, PROP_CA_FILE)

const char *
fb_connection_profile_get_eventbridge_region (FbConnectionProfile *self)
{
  g_return_val_if_fail (FB_IS_CONNECTION_PROFILE (self), NULL);

  if (self->strings[PROP_EVENTBRIDGE_REGION] != NULL)
    return self->strings[PROP_EVENTBRIDGE_REGION];
  return self->strings[PROP_REGION];
}

FbConnectionKind
fb_connection_profile_get_kind (FbConnectionProfile *self)
{
  g_return_val_if_fail (FB_IS_CONNECTION_PROFILE (self), 0);
  return self->kind;
}

FbCredentialsSource
fb_connection_profile_get_credentials_source (FbConnectionProfile *self)
{
  g_return_val_if_fail (FB_IS_CONNECTION_PROFILE (self), 0);
  return self->credentials_source;
}

FbFeedRoute
fb_connection_profile_get_feed_route (FbConnectionProfile *self)
{
  g_return_val_if_fail (FB_IS_CONNECTION_PROFILE (self), 0);
  return self->feed_route;
}

const char * const *
fb_connection_profile_get_order_topics (FbConnectionProfile *self)
{
  g_return_val_if_fail (FB_IS_CONNECTION_PROFILE (self), NULL);
  return (const char * const *) self->order_topics;
}

const char * const *
fb_connection_profile_get_feeder_topics (FbConnectionProfile *self)
{
  g_return_val_if_fail (FB_IS_CONNECTION_PROFILE (self), NULL);
  return (const char * const *) self->feeder_topics;
}

/* -- checks -- */

static gboolean
is_empty (const char *s)
{
  return s == NULL || *s == '\0';
}

static gboolean
matches (const char *pattern,
         const char *s)
{
  return g_regex_match_simple (pattern, s, G_REGEX_OPTIMIZE, 0);
}

#define REGION_RE "[a-z]{2}(-gov)?-[a-z]+-\\d"

const char *
fb_connection_profile_check_name (const char *name)
{
  g_autofree char *stripped = g_strstrip (g_strdup (name != NULL ? name : ""));

  if (*stripped == '\0')
    return "Give the connection a name";
  return NULL;
}

const char *
fb_connection_profile_check_region (const char *region)
{
  if (is_empty (region))
    return "Enter the AWS region, e.g. us-east-1";
  if (!matches ("^" REGION_RE "$", region))
    return "Not an AWS region: it looks like us-east-1 or eu-west-2";
  return NULL;
}

const char *
fb_connection_profile_check_endpoint (const char *endpoint,
                                      const char *region)
{
  g_autoptr(GMatchInfo) match = NULL;
  g_autoptr(GRegex) re = NULL;

  if (is_empty (endpoint))
    return "Enter the AWS IoT data endpoint (AWS IoT console, Settings)";

  /* The local stand-in backend (feedboard-sim) and test setups. */
  if (g_str_has_prefix (endpoint, "ws://") || g_str_has_prefix (endpoint, "wss://"))
    {
      if (g_str_has_prefix (endpoint, "ws://") && !fb_url_host_is_loopback (endpoint))
        return "Unencrypted ws:// is allowed only on this computer (127.0.0.1, localhost)";
      if (!g_uri_is_valid (endpoint, G_URI_FLAGS_NONE, NULL))
        return "Not a valid URL";
      return NULL;
    }

  if (strstr (endpoint, "://") != NULL || strchr (endpoint, '/') != NULL)
    return "Enter the host name only, without https:// or a path";

  re = g_regex_new ("^[a-z0-9]+-ats\\.iot\\.(" REGION_RE ")\\.amazonaws\\.com$",
                    G_REGEX_CASELESS, 0, NULL);
  if (!g_regex_match (re, endpoint, 0, &match))
    {
      if (matches ("^[a-z0-9]+\\.iot\\.", endpoint))
        return "Use the ATS endpoint: it ends in -ats.iot.REGION.amazonaws.com";
      return "An AWS IoT endpoint looks like abc123-ats.iot.us-east-1.amazonaws.com";
    }

  if (!is_empty (region) && fb_connection_profile_check_region (region) == NULL)
    {
      g_autofree char *in_endpoint = g_match_info_fetch (match, 1);

      if (g_ascii_strcasecmp (in_endpoint, region) != 0)
        return "The endpoint is in another region than the one chosen";
    }

  return NULL;
}

const char *
fb_connection_profile_check_identity_pool_id (const char *pool_id)
{
  if (is_empty (pool_id))
    return "Enter the Cognito identity pool id (REGION:UUID)";
  if (!matches ("^" REGION_RE ":[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$",
                pool_id))
    return "An identity pool id looks like us-east-1:12345678-abcd-4ef0-1234-56789abcdef0";
  return NULL;
}

const char *
fb_connection_profile_check_access_key_id (const char *access_key_id)
{
  if (is_empty (access_key_id))
    return "Enter the access key id";
  if (!matches ("^[A-Z0-9]{16,128}$", access_key_id))
    return "An access key id is 16 or more capital letters and digits, e.g. AKIA…";
  return NULL;
}

static const char *
check_url (const char          *url,
           const char * const  *schemes,
           const char * const  *loopback_only,
           const char          *missing,
           const char          *wrong_scheme)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;

  if (is_empty (url))
    return missing;

  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || is_empty (g_uri_get_host (uri)))
    return "Not a valid URL";

  scheme = g_uri_get_scheme (uri);
  if (!g_strv_contains (schemes, scheme))
    return wrong_scheme;
  if (g_strv_contains (loopback_only, scheme) && !fb_url_host_is_loopback (g_uri_get_host (uri)))
    return "An unencrypted URL is allowed only on this computer (127.0.0.1, localhost)";
  return NULL;
}

const char *
fb_connection_profile_check_broker_url (const char *url)
{
  static const char * const schemes[] = { "mqtt", "mqtts", "ws", "wss", "tcp", "ssl", NULL };
  static const char * const none[] = { NULL };

  /* A broker on the network over plain mqtt:// is a user's choice (a home broker), unlike AWS. */
  return check_url (url, schemes, none, "Enter the broker URL, e.g. mqtts://broker.example.org",
                    "The URL must start with mqtt://, mqtts://, ws:// or wss://");
}

const char *
fb_connection_profile_check_http_endpoint (const char *url)
{
  static const char * const schemes[] = { "https", "http", NULL };
  static const char * const loopback_only[] = { "http", NULL };

  if (is_empty (url))
    return NULL;   /* optional */
  return check_url (url, schemes, loopback_only, NULL, "The URL must start with https://");
}

const char *
fb_connection_profile_check_topics (const char * const *filters)
{
  if (filters == NULL || filters[0] == NULL)
    return "Enter at least one topic filter";

  for (guint i = 0; filters[i] != NULL; i++)
    {
      const char *f = filters[i];
      const char *hash = strchr (f, '#');

      if (*f == '\0')
        return "A topic filter is empty";
      if (hash != NULL && (hash[1] != '\0' || (hash != f && hash[-1] != '/')))
        return "“#” may only be the last level of a topic filter, e.g. orders/events/#";
      for (const char *p = strchr (f, '+'); p != NULL; p = strchr (p + 1, '+'))
        if ((p != f && p[-1] != '/') || (p[1] != '\0' && p[1] != '/'))
          return "“+” must fill a whole level of a topic filter, e.g. cat-feeder/+/states";
    }
  return NULL;
}

gboolean
fb_connection_profile_validate (FbConnectionProfile  *self,
                                GError              **error)
{
  const char *problem = NULL;
  const char **s;

  g_return_val_if_fail (FB_IS_CONNECTION_PROFILE (self), FALSE);

  s = (const char **) self->strings;
  problem = fb_connection_profile_check_name (s[PROP_NAME]);
  if (problem == NULL && self->kind == FB_CONNECTION_KIND_AWS_IOT)
    {
      problem = fb_connection_profile_check_region (s[PROP_REGION]);
      if (problem == NULL)
        problem = fb_connection_profile_check_endpoint (s[PROP_ENDPOINT], s[PROP_REGION]);
      if (problem == NULL && self->credentials_source == FB_CREDENTIALS_SOURCE_AWS_PROFILE
          && is_empty (s[PROP_AWS_PROFILE_NAME]))
        problem = "Enter the name of the AWS profile (a section of ~/.aws/config)";
      if (problem == NULL && self->credentials_source == FB_CREDENTIALS_SOURCE_COGNITO)
        problem = fb_connection_profile_check_identity_pool_id (s[PROP_IDENTITY_POOL_ID]);
      if (problem == NULL && self->credentials_source == FB_CREDENTIALS_SOURCE_KEYRING_KEYS)
        problem = fb_connection_profile_check_access_key_id (s[PROP_ACCESS_KEY_ID]);
      if (problem == NULL && !is_empty (s[PROP_EVENTBRIDGE_REGION]))
        problem = fb_connection_profile_check_region (s[PROP_EVENTBRIDGE_REGION]);
      if (problem == NULL)
        problem = fb_connection_profile_check_http_endpoint (s[PROP_SHARED_ENDPOINT]);
      if (problem == NULL)
        problem = fb_connection_profile_check_http_endpoint (s[PROP_POLLING_ENDPOINT]);
    }
  else if (problem == NULL)
    problem = fb_connection_profile_check_broker_url (s[PROP_BROKER_URL]);
  if (problem == NULL)
    problem = fb_connection_profile_check_topics ((const char * const *) self->order_topics);
  if (problem == NULL)
    problem = fb_connection_profile_check_topics ((const char * const *) self->feeder_topics);

  if (problem != NULL)
    {
      g_set_error_literal (error, FB_CONNECTION_PROFILE_ERROR,
                           FB_CONNECTION_PROFILE_ERROR_INVALID, problem);
      return FALSE;
    }
  return TRUE;
}

/* -- serialization -- */

GVariant *
fb_connection_profile_to_variant (FbConnectionProfile *self)
{
  GVariantBuilder builder;

  g_return_val_if_fail (FB_IS_CONNECTION_PROFILE (self), NULL);

  g_variant_builder_init (&builder, G_VARIANT_TYPE_VARDICT);
  for (guint i = PROP_ID; i < N_STRING_PROPS; i++)
    if (self->strings[i] != NULL)
      g_variant_builder_add (&builder, "{sv}", properties[i]->name,
                             g_variant_new_string (self->strings[i]));
  for (guint i = PROP_KIND; i <= PROP_FEED_ROUTE; i++)
    {
      g_auto(GValue) value = G_VALUE_INIT;
      g_autoptr(GEnumClass) klass = g_type_class_ref (properties[i]->value_type);

      g_value_init (&value, properties[i]->value_type);
      g_object_get_property (G_OBJECT (self), properties[i]->name, &value);
      g_variant_builder_add (&builder, "{sv}", properties[i]->name,
                             g_variant_new_string (g_enum_get_value (klass, g_value_get_enum (&value))->value_nick));
    }
  g_variant_builder_add (&builder, "{sv}", properties[PROP_ORDER_TOPICS]->name,
                         g_variant_new_strv ((const char * const *) self->order_topics, -1));
  g_variant_builder_add (&builder, "{sv}", properties[PROP_FEEDER_TOPICS]->name,
                         g_variant_new_strv ((const char * const *) self->feeder_topics, -1));

  return g_variant_builder_end (&builder);
}

FbConnectionProfile *
fb_connection_profile_new_from_variant (GVariant  *dict,
                                        GError   **error)
{
  g_autoptr(FbConnectionProfile) self = NULL;
  GVariantIter iter;
  const char *key;
  GVariant *value;

  g_return_val_if_fail (dict != NULL, NULL);

  if (!g_variant_is_of_type (dict, G_VARIANT_TYPE_VARDICT))
    {
      g_set_error (error, FB_CONNECTION_PROFILE_ERROR, FB_CONNECTION_PROFILE_ERROR_INVALID,
                   "A saved connection is not a dictionary but %s", g_variant_get_type_string (dict));
      return NULL;
    }

  /* The id is construct-only. */
  if (!g_variant_lookup (dict, "id", "&s", &key) || *key == '\0')
    {
      g_set_error_literal (error, FB_CONNECTION_PROFILE_ERROR, FB_CONNECTION_PROFILE_ERROR_INVALID,
                           "A saved connection has no id");
      return NULL;
    }
  self = g_object_new (FB_TYPE_CONNECTION_PROFILE, "id", key, NULL);
  g_variant_iter_init (&iter, dict);
  /* Unknown keys (from a newer version) and values of the wrong type are skipped, not fatal:
     one odd field must not lose the user's whole connection. */
  while (g_variant_iter_loop (&iter, "{&sv}", &key, &value))
    {
      GParamSpec *pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (self), key);

      if (pspec == NULL || pspec == properties[PROP_ID])
        continue;
      if (pspec->value_type == G_TYPE_STRING && g_variant_is_of_type (value, G_VARIANT_TYPE_STRING))
        g_object_set (self, key, g_variant_get_string (value, NULL), NULL);
      else if (pspec->value_type == G_TYPE_STRV && g_variant_is_of_type (value, G_VARIANT_TYPE_STRING_ARRAY))
        {
          g_autofree const char **strv = g_variant_get_strv (value, NULL);
          g_object_set (self, key, strv, NULL);
        }
      else if (G_TYPE_IS_ENUM (pspec->value_type) && g_variant_is_of_type (value, G_VARIANT_TYPE_STRING))
        {
          g_autoptr(GEnumClass) klass = g_type_class_ref (pspec->value_type);
          GEnumValue *ev = g_enum_get_value_by_nick (klass, g_variant_get_string (value, NULL));

          if (ev != NULL)
            g_object_set (self, key, ev->value, NULL);
        }
    }

  return g_steal_pointer (&self);
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

  if (self->kind == FB_CONNECTION_KIND_AWS_IOT)
    return self->credentials_source == FB_CREDENTIALS_SOURCE_KEYRING_KEYS ? keys : none;
  return is_empty (self->strings[PROP_USERNAME]) ? none : password;
}

FbCredentialsProvider *
fb_connection_profile_create_provider (FbConnectionProfile  *self,
                                       const char           *secret_access_key,
                                       const char           *session_token,
                                       GError              **error)
{
  g_return_val_if_fail (FB_IS_CONNECTION_PROFILE (self), NULL);

  switch (self->credentials_source)
    {
    case FB_CREDENTIALS_SOURCE_DEFAULT_CHAIN:
      return fb_chain_credentials_provider_new (NULL);

    case FB_CREDENTIALS_SOURCE_AWS_PROFILE:
      return fb_chain_credentials_provider_new (self->strings[PROP_AWS_PROFILE_NAME]);

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
        creds = fb_credentials_new (self->strings[PROP_ACCESS_KEY_ID], secret_access_key,
                                    is_empty (session_token) ? NULL : session_token, NULL);
        return fb_static_credentials_provider_new (creds);
      }

    case FB_CREDENTIALS_SOURCE_COGNITO:
#ifdef FB_HAVE_COGNITO
      return fb_cognito_credentials_provider_new (self->strings[PROP_IDENTITY_POOL_ID], NULL, error);
#else
      g_set_error_literal (error, FB_CONNECTION_PROFILE_ERROR,
                           FB_CONNECTION_PROFILE_ERROR_UNSUPPORTED,
                           "Cognito identity pools are not supported by this build");
      return NULL;
#endif

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

  if (self->kind == FB_CONNECTION_KIND_AWS_IOT)
    {
      g_autoptr(FbCredentialsProvider) provider = fb_connection_profile_create_provider (self, secret_access_key, session_token, error);
      if (provider == NULL)
        return NULL;
      client = fb_mqtt_client_new_for_aws_iot (self->strings[PROP_ENDPOINT],
                                               self->strings[PROP_REGION], provider, client_id,
                                               error);
    }
  else
    {
      client = fb_mqtt_client_new_for_broker (self->strings[PROP_BROKER_URL], client_id, error);
      if (client != NULL && !is_empty (self->strings[PROP_USERNAME]))
        fb_mqtt_client_set_login (client, self->strings[PROP_USERNAME], password);
      if (client != NULL && !is_empty (self->strings[PROP_CA_FILE]))
        fb_mqtt_client_set_ca_file (client, self->strings[PROP_CA_FILE]);
    }
  if (client == NULL)
    return NULL;

  for (guint i = 0; self->order_topics[i] != NULL; i++)
    fb_mqtt_client_add_subscription (client, self->order_topics[i], 1);
  for (guint i = 0; self->feeder_topics[i] != NULL; i++)
    fb_mqtt_client_add_subscription (client, self->feeder_topics[i], 1);

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
on_secret (GObject      *source,
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
      fb_keyring_lookup_async (self->strings[PROP_ID], data->kinds[0],
                               g_task_get_cancellable (task), on_secret, task);
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

/* -- GObject -- */

static void
set_strv (FbConnectionProfile  *self,
          char               ***field,
          const char * const   *value,
          const char * const   *fallback,
          guint                 prop_id)
{
  const char * const *next = value != NULL && value[0] != NULL ? value : fallback;

  if (*field != NULL && g_strv_equal ((const char * const *) *field, next))
    return;
  g_strfreev (*field);
  *field = g_strdupv ((char **) next);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
fb_connection_profile_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  FbConnectionProfile *self = FB_CONNECTION_PROFILE (object);

  if (prop_id > PROP_0 && prop_id < N_STRING_PROPS)
    {
      g_autofree char *next = g_strdup (g_value_get_string (value));

      /* Typed values: stray spaces from a paste are never what the user meant; "" means unset. */
      if (next != NULL)
        g_strstrip (next);
      if (next != NULL && *next == '\0')
        g_clear_pointer (&next, g_free);
      if (next == NULL && prop_id == PROP_EVENTBRIDGE_BUS)
        next = g_strdup ("feedmyfurbabies");
      if (g_strcmp0 (next, self->strings[prop_id]) == 0)
        return;
      g_free (self->strings[prop_id]);
      self->strings[prop_id] = g_steal_pointer (&next);
      g_object_notify_by_pspec (object, pspec);
      return;
    }

  switch (prop_id)
    {
    case PROP_KIND:
      if (self->kind != (FbConnectionKind) g_value_get_enum (value))
        {
          self->kind = g_value_get_enum (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    case PROP_CREDENTIALS_SOURCE:
      if (self->credentials_source != (FbCredentialsSource) g_value_get_enum (value))
        {
          self->credentials_source = g_value_get_enum (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    case PROP_FEED_ROUTE:
      if (self->feed_route != (FbFeedRoute) g_value_get_enum (value))
        {
          self->feed_route = g_value_get_enum (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    case PROP_ORDER_TOPICS:
      set_strv (self, &self->order_topics, g_value_get_boxed (value), default_order_topics, prop_id);
      break;

    case PROP_FEEDER_TOPICS:
      set_strv (self, &self->feeder_topics, g_value_get_boxed (value), default_feeder_topics, prop_id);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fb_connection_profile_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  FbConnectionProfile *self = FB_CONNECTION_PROFILE (object);

  if (prop_id > PROP_0 && prop_id < N_STRING_PROPS)
    {
      g_value_set_string (value, self->strings[prop_id]);
      return;
    }

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;
    case PROP_CREDENTIALS_SOURCE:
      g_value_set_enum (value, self->credentials_source);
      break;
    case PROP_FEED_ROUTE:
      g_value_set_enum (value, self->feed_route);
      break;
    case PROP_ORDER_TOPICS:
      g_value_set_boxed (value, self->order_topics);
      break;
    case PROP_FEEDER_TOPICS:
      g_value_set_boxed (value, self->feeder_topics);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fb_connection_profile_finalize (GObject *object)
{
  FbConnectionProfile *self = FB_CONNECTION_PROFILE (object);

  for (guint i = 0; i < N_STRING_PROPS; i++)
    g_free (self->strings[i]);
  g_strfreev (self->order_topics);
  g_strfreev (self->feeder_topics);

  G_OBJECT_CLASS (fb_connection_profile_parent_class)->finalize (object);
}

static void
fb_connection_profile_class_init (FbConnectionProfileClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  static const char * const string_names[N_STRING_PROPS] = {
    [PROP_ID] = "id", [PROP_NAME] = "name", [PROP_ENDPOINT] = "endpoint",
    [PROP_REGION] = "region", [PROP_AWS_PROFILE_NAME] = "aws-profile-name",
    [PROP_IDENTITY_POOL_ID] = "identity-pool-id", [PROP_ACCESS_KEY_ID] = "access-key-id",
    [PROP_EVENTBRIDGE_BUS] = "eventbridge-bus", [PROP_EVENTBRIDGE_REGION] = "eventbridge-region",
    [PROP_SHARED_ENDPOINT] = "shared-endpoint", [PROP_POLLING_ENDPOINT] = "polling-endpoint",
    [PROP_BROKER_URL] = "broker-url", [PROP_USERNAME] = "username", [PROP_CA_FILE] = "ca-file",
  };
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = fb_connection_profile_finalize;
  object_class->get_property = fb_connection_profile_get_property;
  object_class->set_property = fb_connection_profile_set_property;

  for (guint i = PROP_ID; i < N_STRING_PROPS; i++)
    properties[i] = g_param_spec_string (string_names[i], NULL, NULL,
                                         i == PROP_EVENTBRIDGE_BUS ? "feedmyfurbabies" : NULL,
                                         flags | (i == PROP_ID ? G_PARAM_CONSTRUCT_ONLY : 0));
  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL, FB_TYPE_CONNECTION_KIND, FB_CONNECTION_KIND_AWS_IOT, flags);
  properties[PROP_CREDENTIALS_SOURCE] =
    g_param_spec_enum ("credentials-source", NULL, NULL, FB_TYPE_CREDENTIALS_SOURCE,
                       FB_CREDENTIALS_SOURCE_DEFAULT_CHAIN, flags);
  properties[PROP_FEED_ROUTE] =
    g_param_spec_enum ("feed-route", NULL, NULL, FB_TYPE_FEED_ROUTE, FB_FEED_ROUTE_EVENTBRIDGE, flags);
  properties[PROP_ORDER_TOPICS] =
    g_param_spec_boxed ("order-topics", NULL, NULL, G_TYPE_STRV, flags);
  properties[PROP_FEEDER_TOPICS] =
    g_param_spec_boxed ("feeder-topics", NULL, NULL, G_TYPE_STRV, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fb_connection_profile_init (FbConnectionProfile *self)
{
  self->strings[PROP_EVENTBRIDGE_BUS] = g_strdup ("feedmyfurbabies");
  self->order_topics = g_strdupv ((char **) default_order_topics);
  self->feeder_topics = g_strdupv ((char **) default_feeder_topics);
}
