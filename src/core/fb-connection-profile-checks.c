/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-connection-profile-checks.c: the checks a setup dialog runs on each field as the user types,
   returning words a person can act on, and the whole profile's validation. The words are
   English here (N_: marked for translation); the app shows them through _(). */
#define G_LOG_DOMAIN "fb-connection-profile"

#include <string.h>

#include <glib/gi18n.h>

#include "fb-aws-endpoint.h"
#include "fb-connection-profile.h"

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
    return N_("Give the connection a name");
  return NULL;
}

const char *
fb_connection_profile_check_region (const char *region)
{
  if (is_empty (region))
    return N_("Enter the AWS region, e.g. us-east-1");
  if (!matches ("^" REGION_RE "$", region))
    return N_("Not an AWS region: it looks like us-east-1 or eu-west-2");
  return NULL;
}

const char *
fb_connection_profile_check_endpoint (const char *endpoint,
                                      const char *region)
{
  g_autoptr(GMatchInfo) match = NULL;
  g_autoptr(GRegex) re = NULL;

  if (is_empty (endpoint))
    return N_("Enter the AWS IoT data endpoint (AWS IoT console, Settings)");

  /* The local stand-in backend (feedboard-sim) and test setups. */
  if (g_str_has_prefix (endpoint, "ws://") || g_str_has_prefix (endpoint, "wss://"))
    {
      if (g_str_has_prefix (endpoint, "ws://") && !fb_url_host_is_loopback (endpoint))
        return N_("Unencrypted ws:// is allowed only on this computer (127.0.0.1, localhost)");
      if (!g_uri_is_valid (endpoint, G_URI_FLAGS_NONE, NULL))
        return N_("Not a valid URL");
      return NULL;
    }

  if (strstr (endpoint, "://") != NULL || strchr (endpoint, '/') != NULL)
    return N_("Enter the host name only, without https:// or a path");

  re = g_regex_new ("^[a-z0-9]+-ats\\.iot\\.(" REGION_RE ")\\.amazonaws\\.com$",
                    G_REGEX_CASELESS, 0, NULL);
  if (!g_regex_match (re, endpoint, 0, &match))
    {
      if (matches ("^[a-z0-9]+\\.iot\\.", endpoint))
        return N_("Use the ATS endpoint: it ends in -ats.iot.REGION.amazonaws.com");
      return N_("An AWS IoT endpoint looks like abc123-ats.iot.us-east-1.amazonaws.com");
    }

  if (!is_empty (region) && fb_connection_profile_check_region (region) == NULL)
    {
      g_autofree char *in_endpoint = g_match_info_fetch (match, 1);

      if (g_ascii_strcasecmp (in_endpoint, region) != 0)
        return N_("The endpoint is in another region than the one chosen");
    }

  return NULL;
}

const char *
fb_connection_profile_check_identity_pool_id (const char *pool_id)
{
  if (is_empty (pool_id))
    return N_("Enter the Cognito identity pool id (REGION:UUID)");
  if (!matches ("^" REGION_RE ":[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$",
                pool_id))
    return N_("An identity pool id looks like us-east-1:12345678-abcd-4ef0-1234-56789abcdef0");
  return NULL;
}

const char *
fb_connection_profile_check_access_key_id (const char *access_key_id)
{
  if (is_empty (access_key_id))
    return N_("Enter the access key id");
  if (!matches ("^[A-Z0-9]{16,128}$", access_key_id))
    return N_("An access key id is 16 or more capital letters and digits, e.g. AKIA…");
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
    return N_("Not a valid URL");

  scheme = g_uri_get_scheme (uri);
  if (!g_strv_contains (schemes, scheme))
    return wrong_scheme;
  if (g_strv_contains (loopback_only, scheme) && !fb_url_host_is_loopback (g_uri_get_host (uri)))
    return N_("An unencrypted URL is allowed only on this computer (127.0.0.1, localhost)");
  return NULL;
}

const char *
fb_connection_profile_check_broker_url (const char *url)
{
  static const char * const schemes[] = { "mqtt", "mqtts", "ws", "wss", "tcp", "ssl", NULL };
  static const char * const none[] = { NULL };

  /* A broker on the network over plain mqtt:// is a user's choice (a home broker), unlike AWS. */
  return check_url (url, schemes, none, N_("Enter the broker URL, e.g. mqtts://broker.example.org"),
                    N_("The URL must start with mqtt://, mqtts://, ws:// or wss://"));
}

const char *
fb_connection_profile_check_http_endpoint (const char *url)
{
  static const char * const schemes[] = { "https", "http", NULL };
  static const char * const loopback_only[] = { "http", NULL };

  if (is_empty (url))
    return NULL;   /* optional */
  return check_url (url, schemes, loopback_only, NULL, N_("The URL must start with https://"));
}

const char *
fb_connection_profile_check_topics (const char * const *filters)
{
  if (filters == NULL || filters[0] == NULL)
    return N_("Enter at least one topic filter");

  for (guint i = 0; filters[i] != NULL; i++)
    {
      const char *f = filters[i];
      const char *hash = strchr (f, '#');

      if (*f == '\0')
        return N_("A topic filter is empty");
      if (hash != NULL && (hash[1] != '\0' || (hash != f && hash[-1] != '/')))
        return N_("“#” may only be the last level of a topic filter, e.g. orders/events/#");
      for (const char *p = strchr (f, '+'); p != NULL; p = strchr (p + 1, '+'))
        if ((p != f && p[-1] != '/') || (p[1] != '\0' && p[1] != '/'))
          return N_("“+” must fill a whole level of a topic filter, e.g. cat-feeder/+/states");
    }
  return NULL;
}

gboolean
fb_connection_profile_validate (FbConnectionProfile  *self,
                                GError              **error)
{
  const char *problem = NULL;
  g_autofree char *eventbridge_region = NULL;

  g_return_val_if_fail (FB_IS_CONNECTION_PROFILE (self), FALSE);

  /* The one the user set, not the IoT region the getter falls back to. */
  g_object_get (self, "eventbridge-region", &eventbridge_region, NULL);

  problem = fb_connection_profile_check_name (fb_connection_profile_get_name (self));
  if (problem == NULL && fb_connection_profile_get_kind (self) == FB_CONNECTION_KIND_AWS_IOT)
    {
      problem = fb_connection_profile_check_region (fb_connection_profile_get_region (self));
      if (problem == NULL)
        problem = fb_connection_profile_check_endpoint (fb_connection_profile_get_endpoint (self), fb_connection_profile_get_region (self));
      if (problem == NULL && fb_connection_profile_get_credentials_source (self) == FB_CREDENTIALS_SOURCE_AWS_PROFILE
          && is_empty (fb_connection_profile_get_aws_profile_name (self)))
        problem = N_("Enter the name of the AWS profile (a section of ~/.aws/config)");
      if (problem == NULL && fb_connection_profile_get_credentials_source (self) == FB_CREDENTIALS_SOURCE_COGNITO)
        problem = fb_connection_profile_check_identity_pool_id (fb_connection_profile_get_identity_pool_id (self));
      if (problem == NULL && fb_connection_profile_get_credentials_source (self) == FB_CREDENTIALS_SOURCE_KEYRING_KEYS)
        problem = fb_connection_profile_check_access_key_id (fb_connection_profile_get_access_key_id (self));
      if (problem == NULL && !is_empty (eventbridge_region))
        problem = fb_connection_profile_check_region (eventbridge_region);
      if (problem == NULL)
        problem = fb_connection_profile_check_http_endpoint (fb_connection_profile_get_shared_endpoint (self));
      if (problem == NULL)
        problem = fb_connection_profile_check_http_endpoint (fb_connection_profile_get_polling_endpoint (self));
    }
  else if (problem == NULL)
    problem = fb_connection_profile_check_broker_url (fb_connection_profile_get_broker_url (self));
  if (problem == NULL)
    problem = fb_connection_profile_check_topics (fb_connection_profile_get_order_topics (self));
  if (problem == NULL)
    problem = fb_connection_profile_check_topics (fb_connection_profile_get_feeder_topics (self));

  if (problem != NULL)
    {
      g_set_error_literal (error, FB_CONNECTION_PROFILE_ERROR,
                           FB_CONNECTION_PROFILE_ERROR_INVALID, problem);
      return FALSE;
    }
  return TRUE;
}
