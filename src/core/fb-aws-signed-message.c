/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-aws-signed-message.c: SigV4 header signing applied to a SoupMessage. The signer sees the same
   method, path, query, Host and body bytes that go on the wire, so nothing can drift apart. */
#define G_LOG_DOMAIN "fb-aws-signed-message"

#include <string.h>

#include "fb-aws-signed-message.h"
#include "fb-sigv4.h"

char *
fb_aws_host_header (GUri *uri)
{
  const char *host = g_uri_get_host (uri);
  const char *scheme = g_uri_get_scheme (uri);
  int port = g_uri_get_port (uri);
  int default_port = g_ascii_strcasecmp (scheme, "https") == 0 ? 443 : 80;
  g_autofree char *bracketed = strchr (host, ':') != NULL ? g_strdup_printf ("[%s]", host) : g_strdup (host);

  if (port < 0 || port == default_port)
    return g_steal_pointer (&bracketed);
  return g_strdup_printf ("%s:%d", bracketed, port);
}

SoupMessage *
fb_aws_signed_message_new (const char     *method,
                           const char     *url,
                           const char    **headers,
                           GBytes         *body,
                           const char     *content_type,
                           FbCredentials  *credentials,
                           const char     *region,
                           const char     *service,
                           GError        **error)
{
  g_autoptr(GUri) uri = NULL;
  g_autoptr(FbSigv4Request) request = NULL;
  g_autoptr(FbSigv4Result) result = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(SoupMessage) msg = NULL;
  g_autofree char *host = NULL;
  const char *path;
  SoupMessageHeaders *msg_headers;
  FbSigv4Params params = {
    .region = region,
    .service = service,
    .time = now,
    .normalize_path = TRUE,
  };

  uri = g_uri_parse (url, G_URI_FLAGS_ENCODED, error);
  if (uri == NULL)
    return NULL;

  /* "http://host:port" has an empty path; HTTP and the signature both need "/". */
  if (*g_uri_get_path (uri) == '\0')
    {
      GUri *rooted = g_uri_build (G_URI_FLAGS_ENCODED, g_uri_get_scheme (uri), g_uri_get_userinfo (uri),
                                  g_uri_get_host (uri), g_uri_get_port (uri), "/", g_uri_get_query (uri), NULL);
      g_uri_unref (uri);
      uri = rooted;
    }
  path = g_uri_get_path (uri);
  request = fb_sigv4_request_new (method, path, g_uri_get_query (uri));
  host = fb_aws_host_header (uri);
  fb_sigv4_request_add_header (request, "host", host);
  if (content_type != NULL)
    fb_sigv4_request_add_header (request, "content-type", content_type);
  for (guint i = 0; headers != NULL && headers[i] != NULL; i += 2)
    fb_sigv4_request_add_header (request, headers[i], headers[i + 1]);
  if (body != NULL)
    fb_sigv4_request_set_body (request, body);

  result = fb_sigv4_sign_headers (request, credentials, &params, error);
  if (result == NULL)
    return NULL;

  msg = soup_message_new_from_uri (method, uri);
  msg_headers = soup_message_get_request_headers (msg);
  for (guint i = 0; headers != NULL && headers[i] != NULL; i += 2)
    soup_message_headers_replace (msg_headers, headers[i], headers[i + 1]);
  for (guint i = 0; i < fb_sigv4_result_get_n_headers (result); i++)
    {
      const char *name, *value;

      fb_sigv4_result_get_header (result, i, &name, &value);
      soup_message_headers_replace (msg_headers, name, value);
    }
  if (body != NULL)
    soup_message_set_request_body_from_bytes (msg, content_type, body);
  else if (content_type != NULL)
    soup_message_headers_set_content_type (msg_headers, content_type, NULL);

  return g_steal_pointer (&msg);
}
