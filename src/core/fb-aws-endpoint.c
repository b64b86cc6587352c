/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-aws-endpoint.c: picks the endpoint of an AWS service, honouring the SDKs' override
 * variables, and refuses plain HTTP anywhere but loopback. */
#define G_LOG_DOMAIN "fb-aws-endpoint"

#include <string.h>

#include <gio/gio.h>

#include "fb-aws-config.h"
#include "fb-aws-endpoint.h"

G_DEFINE_QUARK (fb-aws-endpoint-error-quark, fb_aws_endpoint_error)

static char *
host_of (const char *url_or_host)
{
  if (strstr (url_or_host, "://") != NULL)
    {
      g_autoptr(GUri) uri = g_uri_parse (url_or_host, G_URI_FLAGS_NONE, NULL);

      return uri != NULL && g_uri_get_host (uri) != NULL ? g_strdup (g_uri_get_host (uri)) : NULL;
    }

  if (*url_or_host == '[')
    {
      const char *close = strchr (url_or_host, ']');
      return close != NULL ? g_strndup (url_or_host + 1, close - url_or_host - 1) : NULL;
    }

  /* host:port, but a bare IPv6 address has several colons */
  {
    const char *colon = strchr (url_or_host, ':');

    if (colon != NULL && strchr (colon + 1, ':') == NULL)
      return g_strndup (url_or_host, colon - url_or_host);
  }

  return g_strdup (url_or_host);
}

gboolean
fb_url_host_is_loopback (const char *url_or_host)
{
  g_autofree char *host = NULL;
  g_autoptr(GInetAddress) address = NULL;

  g_return_val_if_fail (url_or_host != NULL, FALSE);

  host = host_of (url_or_host);
  if (host == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;

  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

static const char *
env_get (const char * const *envp,
         const char         *name)
{
  const char *value = envp != NULL ? g_environ_getenv ((char **) envp, name) : g_getenv (name);

  return (value != NULL && *value != '\0') ? value : NULL;
}

char *
fb_aws_endpoint_resolve (const char         *service_env_suffix,
                         const char         *default_url,
                         const char         *profile,
                         const char * const *envp,
                         GError            **error)
{
  g_autofree char *service_var = g_strconcat ("AWS_ENDPOINT_URL_", service_env_suffix, NULL);
  g_autofree char *from_profile = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *url;
  const char *origin;

  g_return_val_if_fail (service_env_suffix != NULL, NULL);
  g_return_val_if_fail (default_url != NULL, NULL);

  if ((url = env_get (envp, service_var)) != NULL)
    origin = service_var;
  else if ((url = env_get (envp, "AWS_ENDPOINT_URL")) != NULL)
    origin = "AWS_ENDPOINT_URL";
  else if ((from_profile = fb_aws_config_get_profile_value (profile, "endpoint_url", envp, NULL)) != NULL
           && *from_profile != '\0')
    {
      url = from_profile;
      origin = "endpoint_url in the AWS config file";
    }
  else
    {
      url = default_url;
      origin = NULL;
    }

  uri = g_uri_parse (url, G_URI_FLAGS_NONE, &local_error);
  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    {
      g_set_error (error, FB_AWS_ENDPOINT_ERROR, FB_AWS_ENDPOINT_ERROR_INVALID,
                   "The endpoint “%s”%s%s is not a URL", url,
                   origin != NULL ? " from " : "", origin != NULL ? origin : "");
      return NULL;
    }

  if (g_ascii_strcasecmp (g_uri_get_scheme (uri), "https") == 0)
    return g_strdup (url);

  if (g_ascii_strcasecmp (g_uri_get_scheme (uri), "http") == 0)
    {
      if (fb_url_host_is_loopback (url))
        return g_strdup (url);
      g_set_error (error, FB_AWS_ENDPOINT_ERROR, FB_AWS_ENDPOINT_ERROR_INSECURE,
                   "The endpoint “%s”%s%s uses plain http, which is allowed only on this "
                   "computer (127.0.0.1, ::1); use https", url,
                   origin != NULL ? " from " : "", origin != NULL ? origin : "");
      return NULL;
    }

  g_set_error (error, FB_AWS_ENDPOINT_ERROR, FB_AWS_ENDPOINT_ERROR_INVALID,
               "The endpoint “%s”%s%s must start with https://", url,
               origin != NULL ? " from " : "", origin != NULL ? origin : "");
  return NULL;
}
