/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-connection-profile.c: a named connection (AWS IoT or MQTT broker): its properties, defaults
   and GSettings form. No secret is ever a property: they live in the keyring (fb-keyring.h).
   The checks are in fb-connection-profile-checks.c, the client it makes in
   fb-connection-profile-client.c. */
#define G_LOG_DOMAIN "fb-connection-profile"

#include "fb-connection-profile.h"

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
