/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-diagnosis.c: from an AWS refusal, a resolver error or a TLS verdict to a cause and words
 * (the probes that find them are in fb-diagnosis-probe.c).
 *
 * The words name what to change (the clock, the secret, the region, the policy), because that
 * is what a person can do; AWS's own message comes after them when it adds something. */
#define G_LOG_DOMAIN "fb-diagnosis"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <libsoup/soup.h>   /* HTTP dates and status phrases */

#include "fb-aws-request.h"
#include "fb-diagnosis.h"

#define MAX_SKEW_SECONDS  (5 * 60)
#define MAX_BODY          (64 * 1024)   /* of an error body worth reading */

G_DEFINE_QUARK (fb-diagnosis-error-quark, fb_diagnosis_error)

/* --- AWS refusals ------------------------------------------------------------------------- */

static gboolean
contains (const char *haystack,
          const char *needle)
{
  return haystack != NULL && strstr (haystack, needle) != NULL;
}

/* "…-ats.iot.eu-west-1.amazonaws.com" → "eu-west-1"; NULL for any other name. */
static char *
endpoint_region (const char *host)
{
  g_autoptr(GRegex) re = g_regex_new ("\\.iot\\.([a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-[0-9]+)\\.amazonaws\\.com(\\.cn)?(:[0-9]+)?$",
                                      G_REGEX_CASELESS, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree char *region = NULL;

  if (host == NULL || !g_regex_match (re, host, 0, &match))
    return NULL;
  region = g_match_info_fetch (match, 1);
  return g_ascii_strdown (region, -1);
}

static char *
key_tail (FbCredentials *credentials)
{
  const char *key = credentials != NULL ? fb_credentials_get_access_key_id (credentials) : NULL;
  gsize len = key != NULL ? strlen (key) : 0;

  /* The key id is not a secret, but a tail is enough to tell two keys apart. */
  if (len < 8)
    return g_strdup_printf ("“%s”", key != NULL ? key : "");
  return g_strdup_printf ("…%s", key + len - 4);
}

static char *
describe_skew (gint64 skew_seconds)
{
  gint64 magnitude = ABS (skew_seconds);
  gint64 n = magnitude >= 2 * 3600 ? magnitude / 3600 : magnitude >= 120 ? magnitude / 60 : magnitude;
  /* xgettext cannot read G_GINT64_FORMAT inside a msgid: the number is formatted first. */
  g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, n);

  /* Translators: how far this computer's clock is off; %s is a number */
  if (magnitude >= 2 * 3600)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s hour", "%s hours", n), number);
  if (magnitude >= 120)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s minute", "%s minutes", n), number);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s second", "%s seconds", n), number);
}

void
fb_diagnosis_explain_refusal (guint          status,
                              GBytes        *body,
                              const char    *date_header,
                              gint64         local_now_us,
                              const char    *endpoint_host,
                              const char    *region,
                              FbCredentials *credentials,
                              GError       **error)
{
  g_autofree char *type = NULL;
  g_autofree char *message = NULL;
  g_autofree char *tail = key_tail (credentials);
  g_autofree char *host_region = endpoint_region (endpoint_host);
  g_autofree char *aws_says = NULL;
  g_autoptr(GDateTime) server_time = NULL;
  GDateTime *expiration = credentials != NULL ? fb_credentials_get_expiration (credentials) : NULL;

  if (body != NULL && g_bytes_get_size (body) <= MAX_BODY)
    fb_aws_error_parse_body (g_bytes_get_data (body, NULL), g_bytes_get_size (body), &type, &message);
  aws_says = message != NULL ? g_strdup_printf (_(" (AWS: “%s”)"), message) : g_strdup ("");
  if (date_header != NULL)
    server_time = soup_date_time_new_from_http_string (date_header);

  /* The clock first: a skewed clock makes every other check look wrong. */
  if (server_time != NULL)
    {
      gint64 skew = g_date_time_to_unix (server_time) - local_now_us / G_USEC_PER_SEC;

      if (ABS (skew) > MAX_SKEW_SECONDS)
        {
          g_autofree char *amount = describe_skew (skew);
          g_autofree char *aws_time = g_date_time_format (server_time, "%H:%M:%S UTC");

          g_set_error (error, FB_DIAGNOSIS_ERROR, FB_DIAGNOSIS_CLOCK_SKEW,
                       skew > 0
                       ? _("This computer’s clock is %s behind AWS’s (AWS says it is %s). AWS refuses requests signed more than 5 minutes off: set the clock right, for example with automatic date and time in Settings")
                       : _("This computer’s clock is %s ahead of AWS’s (AWS says it is %s). AWS refuses requests signed more than 5 minutes off: set the clock right, for example with automatic date and time in Settings"),
                       amount, aws_time);
          return;
        }
    }
  if (contains (message, "Signature expired") || contains (message, "Signature not yet current"))
    {
      g_set_error (error, FB_DIAGNOSIS_ERROR, FB_DIAGNOSIS_CLOCK_SKEW,
                   _("This computer’s clock is more than 5 minutes off, so AWS refuses its signatures: set the clock right, for example with automatic date and time in Settings%s"),
                   aws_says);
      return;
    }

  if (g_strcmp0 (type, "ExpiredTokenException") == 0 || g_strcmp0 (type, "ExpiredToken") == 0
      || contains (message, "token included in the request is expired")
      || (expiration != NULL && g_date_time_to_unix (expiration) * G_USEC_PER_SEC <= local_now_us))
    {
      g_autofree char *when = expiration != NULL ? g_date_time_format (expiration, " (%Y-%m-%d %H:%M:%S UTC)") : g_strdup ("");

      g_set_error (error, FB_DIAGNOSIS_ERROR, FB_DIAGNOSIS_TOKEN_EXPIRED,
                   _("The temporary credentials (access key %s) have expired%s: get new ones, for example with “aws sso login” or by renewing the session token, and connect again"),
                   tail, when);
      return;
    }

  if (host_region != NULL && region != NULL && g_ascii_strcasecmp (host_region, region) != 0)
    {
      g_set_error (error, FB_DIAGNOSIS_ERROR, FB_DIAGNOSIS_WRONG_REGION,
                   _("The endpoint is in %s, but the connection was signed for %s: set the region to %s"),
                   host_region, region, host_region);
      return;
    }
  if (contains (message, "scoped to a valid region") || contains (message, "scoped to correct region"))
    {
      g_set_error (error, FB_DIAGNOSIS_ERROR, FB_DIAGNOSIS_WRONG_REGION,
                   _("AWS expects another region than %s for this endpoint: use the region in the endpoint’s name (…iot.REGION.amazonaws.com)%s"),
                   region != NULL ? region : "?", aws_says);
      return;
    }

  if (g_strcmp0 (type, "UnrecognizedClientException") == 0 || g_strcmp0 (type, "InvalidClientTokenId") == 0
      || contains (message, "security token included in the request is invalid"))
    {
      g_set_error (error, FB_DIAGNOSIS_ERROR, FB_DIAGNOSIS_UNKNOWN_ACCESS_KEY,
                   _("AWS does not recognize the access key %s (or its session token does not belong to it): check that the key was copied whole and has not been deleted or deactivated"),
                   tail);
      return;
    }

  if (contains (message, "signature we calculated does not match") || g_strcmp0 (type, "SignatureDoesNotMatch") == 0
      || (g_strcmp0 (type, "InvalidSignatureException") == 0 && message == NULL))
    {
      g_set_error (error, FB_DIAGNOSIS_ERROR, FB_DIAGNOSIS_SIGNATURE_MISMATCH,
                   _("The secret access key does not match the access key %s: check the secret (a stray space or a missing character is the usual cause)"),
                   tail);
      return;
    }

  if (status == SOUP_STATUS_FORBIDDEN || status == SOUP_STATUS_UNAUTHORIZED)
    {
      if (g_strcmp0 (type, "AccessDeniedException") == 0 || contains (message, "not authorized"))
        g_set_error (error, FB_DIAGNOSIS_ERROR, FB_DIAGNOSIS_NOT_AUTHORIZED,
                     _("AWS knows the access key %s but does not allow it to connect: its IAM or IoT policy needs iot:Connect%s"),
                     tail, aws_says);
      else
        /* AWS IoT often refuses an upgrade with a bare 403: list what it can be. */
        g_set_error (error, FB_DIAGNOSIS_ERROR, FB_DIAGNOSIS_NOT_AUTHORIZED,
                     _("AWS IoT refused the signed connection (HTTP %u)%s: check the access key %s and its secret, the region (%s), and that the identity’s policy allows iot:Connect"),
                     status, aws_says, tail, region != NULL ? region : "?");
      return;
    }

  g_set_error (error, FB_DIAGNOSIS_ERROR, FB_DIAGNOSIS_NOT_AN_IOT_ENDPOINT,
               _("The server answered HTTP %u %s instead of accepting a WebSocket: is %s an AWS IoT data endpoint (…-ats.iot.REGION.amazonaws.com)?"),
               status, soup_status_get_phrase (status) != NULL ? soup_status_get_phrase (status) : "",
               endpoint_host != NULL ? endpoint_host : "it");
}

/* --- Network ----------------------------------------------------------------------------- */

static char *
describe_tls_flags (GTlsCertificateFlags flags)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();

  if (flags & G_TLS_CERTIFICATE_UNKNOWN_CA)
    g_ptr_array_add (parts, (gpointer) _("issued by an authority this computer does not trust"));
  if (flags & G_TLS_CERTIFICATE_BAD_IDENTITY)
    g_ptr_array_add (parts, (gpointer) _("made out for another name"));
  if (flags & G_TLS_CERTIFICATE_EXPIRED)
    g_ptr_array_add (parts, (gpointer) _("expired"));
  if (flags & G_TLS_CERTIFICATE_NOT_ACTIVATED)
    g_ptr_array_add (parts, (gpointer) _("not valid yet"));
  if (flags & G_TLS_CERTIFICATE_REVOKED)
    g_ptr_array_add (parts, (gpointer) _("revoked"));
  if (flags & G_TLS_CERTIFICATE_INSECURE)
    g_ptr_array_add (parts, (gpointer) _("insecure"));
  if (parts->len == 0)
    g_ptr_array_add (parts, (gpointer) _("not acceptable"));
  g_ptr_array_add (parts, NULL);
  return g_strjoinv (", ", (char **) parts->pdata);
}

void
fb_diagnosis_explain_network (const GError          *network_error,
                              const char            *server,
                              GTlsCertificateFlags   tls_flags,
                              GError               **error)
{
  g_autofree char *host = NULL;
  const char *colon;

  if (server == NULL)
    server = "the server";
  colon = strrchr (server, ':');

  host = colon != NULL ? g_strndup (server, colon - server) : g_strdup (server);

  if (network_error->domain == G_RESOLVER_ERROR
      || g_error_matches (network_error, G_IO_ERROR, G_IO_ERROR_HOST_NOT_FOUND))
    g_set_error (error, FB_DIAGNOSIS_ERROR, FB_DIAGNOSIS_NAME_NOT_FOUND,
                 _("Cannot find the server “%s”: check the name for typos (an AWS IoT endpoint looks like abc123-ats.iot.REGION.amazonaws.com) and that this computer is online"),
                 host);
  else if (g_error_matches (network_error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED))
    g_set_error (error, FB_DIAGNOSIS_ERROR, FB_DIAGNOSIS_UNREACHABLE,
                 _("Nothing is listening at %s (connection refused): check the address and the port, and that the server is running"),
                 server);
  else if (g_error_matches (network_error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    g_set_error (error, FB_DIAGNOSIS_ERROR, FB_DIAGNOSIS_UNREACHABLE,
                 _("%s did not answer in time: check the address, this computer’s network, and any firewall or proxy on the way"),
                 server);
  else if (g_error_matches (network_error, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE)
           || g_error_matches (network_error, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE))
    g_set_error (error, FB_DIAGNOSIS_ERROR, FB_DIAGNOSIS_UNREACHABLE,
                 _("There is no route to %s: is this computer online?"), server);
  else if (network_error->domain == G_TLS_ERROR || tls_flags != 0)
    {
      g_autofree char *what = describe_tls_flags (tls_flags);

      g_set_error (error, FB_DIAGNOSIS_ERROR, FB_DIAGNOSIS_TLS,
                   _("The certificate of %s is not trusted (%s): for a private broker, choose its CA file in the connection’s settings; otherwise something on the way is intercepting the connection"),
                   host, what);
    }
  else
    g_set_error (error, FB_DIAGNOSIS_ERROR, FB_DIAGNOSIS_UNKNOWN,
                 _("Cannot reach %s: %s"), server, network_error->message);
}
