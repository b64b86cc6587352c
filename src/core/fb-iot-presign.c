/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-iot-presign.c: presigns wss://ENDPOINT/mqtt for AWS IoT Core.
 * AWS checks the signature against the Host header it receives; Paho C always sends
 * "host:port", so that, byte for byte, is what gets signed by default. */
#define G_LOG_DOMAIN "fb-iot-presign"

#include <string.h>

#include "fb-aws-endpoint.h"
#include "fb-iot-presign.h"
#include "fb-sigv4.h"

G_DEFINE_QUARK (fb-iot-presign-error-quark, fb_iot_presign_error)

typedef struct
{
  char    *scheme;   /* "wss" or "ws" */
  char    *host;     /* as written in a URL: IPv6 in brackets */
  int      port;
} Endpoint;

static void
endpoint_clear (Endpoint *ep)
{
  g_free (ep->scheme);
  g_free (ep->host);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Endpoint, endpoint_clear)

static gboolean
is_dns_char (char c)
{
  return g_ascii_isalnum (c) || c == '-' || c == '.';
}

static gboolean
parse_endpoint (const char  *endpoint,
                Endpoint    *ep,
                GError     **error)
{
  if (endpoint == NULL || *endpoint == '\0')
    {
      g_set_error_literal (error, FB_IOT_PRESIGN_ERROR, FB_IOT_PRESIGN_ERROR_INVALID_ENDPOINT,
                           "No AWS IoT endpoint given");
      return FALSE;
    }

  if (strstr (endpoint, "://") != NULL)
    {
      g_autoptr(GUri) uri = g_uri_parse (endpoint, G_URI_FLAGS_NONE, NULL);
      const char *scheme = uri != NULL ? g_uri_get_scheme (uri) : NULL;
      const char *host = uri != NULL ? g_uri_get_host (uri) : NULL;

      if (uri == NULL || host == NULL || *host == '\0'
          || (g_ascii_strcasecmp (scheme, "ws") != 0 && g_ascii_strcasecmp (scheme, "wss") != 0))
        {
          g_set_error (error, FB_IOT_PRESIGN_ERROR, FB_IOT_PRESIGN_ERROR_INVALID_ENDPOINT,
                       "The AWS IoT endpoint “%s” must be a host name or a ws:// or wss:// URL", endpoint);
          return FALSE;
        }

      ep->scheme = g_ascii_strdown (scheme, -1);
      ep->host = strchr (host, ':') != NULL ? g_strdup_printf ("[%s]", host) : g_strdup (host);
      ep->port = g_uri_get_port (uri);
      if (ep->port <= 0)
        ep->port = strcmp (ep->scheme, "wss") == 0 ? 443 : 80;

      if (strcmp (ep->scheme, "ws") == 0 && !fb_url_host_is_loopback (endpoint))
        {
          g_set_error (error, FB_IOT_PRESIGN_ERROR, FB_IOT_PRESIGN_ERROR_INSECURE,
                       "Unencrypted ws:// is allowed only on this computer (127.0.0.1, ::1); "
                       "use the wss:// endpoint of AWS IoT");
          return FALSE;
        }
      return TRUE;
    }

  /* A bare DNS name, optionally with a port, as `aws iot describe-endpoint` prints it. */
  {
    const char *colon = strchr (endpoint, ':');
    gsize host_len = colon != NULL ? (gsize) (colon - endpoint) : strlen (endpoint);

    for (gsize i = 0; i < host_len; i++)
      if (!is_dns_char (endpoint[i]))
        {
          g_set_error (error, FB_IOT_PRESIGN_ERROR, FB_IOT_PRESIGN_ERROR_INVALID_ENDPOINT,
                       "The AWS IoT endpoint “%s” is not a host name (like "
                       "abc123-ats.iot.us-east-1.amazonaws.com)", endpoint);
          return FALSE;
        }

    ep->scheme = g_strdup ("wss");
    ep->host = g_strndup (endpoint, host_len);
    ep->port = 443;
    if (colon != NULL)
      {
        guint64 port = 0;

        if (!g_ascii_string_to_unsigned (colon + 1, 10, 1, 65535, &port, NULL))
          {
            g_set_error (error, FB_IOT_PRESIGN_ERROR, FB_IOT_PRESIGN_ERROR_INVALID_ENDPOINT,
                         "The port in the AWS IoT endpoint “%s” is not a number from 1 to 65535", endpoint);
            return FALSE;
          }
        ep->port = (int) port;
      }
  }

  return TRUE;
}

char *
fb_iot_default_host_header (const char *endpoint)
{
  g_auto(Endpoint) ep = { 0 };

  if (!parse_endpoint (endpoint, &ep, NULL))
    return NULL;

  return g_strdup_printf ("%s:%d", ep.host, ep.port);
}

char *
fb_iot_presign_url (FbCredentials  *creds,
                    const char     *endpoint,
                    const char     *region,
                    const char     *host_header,
                    GDateTime      *time,
                    guint           expires,
                    GError        **error)
{
  g_auto(Endpoint) ep = { 0 };
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(FbCredentials) unsigned_creds = NULL;
  g_autoptr(FbSigv4Request) req = NULL;
  g_autoptr(FbSigv4Result) result = NULL;
  g_autofree char *default_host = NULL;
  g_autofree char *url_authority = NULL;
  const char *token;
  FbSigv4Params params = { 0 };

  g_return_val_if_fail (creds != NULL, NULL);

  if (!parse_endpoint (endpoint, &ep, error))
    return NULL;

  if (region == NULL || *region == '\0')
    {
      g_set_error_literal (error, FB_IOT_PRESIGN_ERROR, FB_IOT_PRESIGN_ERROR_INVALID_REGION,
                           "No AWS region given");
      return NULL;
    }

  if (host_header == NULL)
    host_header = default_host = g_strdup_printf ("%s:%d", ep.host, ep.port);

  if (time == NULL)
    time = now = g_date_time_new_now_utc ();

  /* IoT wants the token outside the signature: sign without it, append it afterwards. */
  unsigned_creds = fb_credentials_new (fb_credentials_get_access_key_id (creds),
                                       fb_credentials_get_secret_access_key (creds), NULL, NULL);
  token = fb_credentials_get_session_token (creds);

  req = fb_sigv4_request_new ("GET", "/mqtt", NULL);
  fb_sigv4_request_add_header (req, "host", host_header);

  params.region = region;
  params.service = "iotdevicegateway";
  params.time = time;
  params.normalize_path = TRUE;
  params.expires = expires;

  result = fb_sigv4_sign_query (req, unsigned_creds, &params, error);
  if (result == NULL)
    return NULL;

  /* Paho connects to the default port when the URL names none, so keep the URL as short
   * as the user's endpoint unless the port differs from the scheme's default. */
  if ((strcmp (ep.scheme, "wss") == 0 && ep.port == 443) || (strcmp (ep.scheme, "ws") == 0 && ep.port == 80))
    url_authority = g_strdup (ep.host);
  else
    url_authority = g_strdup_printf ("%s:%d", ep.host, ep.port);

  if (token != NULL)
    {
      g_autofree char *enc_token = fb_sigv4_uri_encode (token, TRUE);

      return g_strdup_printf ("%s://%s/mqtt?%s&X-Amz-Security-Token=%s", ep.scheme, url_authority,
                              fb_sigv4_result_get_query (result), enc_token);
    }

  return g_strdup_printf ("%s://%s/mqtt?%s", ep.scheme, url_authority, fb_sigv4_result_get_query (result));
}
