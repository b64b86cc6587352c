/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-sim-verify.c: recomputes the canonical request from the request as received (its real
 * Host header, the headers it names as signed, its query minus the signature and, for IoT,
 * the token), checks scope, clock skew, expiry and tokens, and answers like AWS when any of
 * it is wrong. What the stand-in accepts, AWS accepts; what it refuses, AWS refuses. */
#define G_LOG_DOMAIN "fb-sim-verify"

#include <string.h>

#include <json-glib/json-glib.h>

#include "fb-sigv4.h"
#include "fb-sim-verify.h"

#define MAX_SKEW_USEC (5 * 60 * G_USEC_PER_SEC)

static gint64 clock_offset_usec;

void
fb_sim_verify_set_clock_offset (gint64 seconds)
{
  clock_offset_usec = seconds * G_USEC_PER_SEC;
}

gint64
fb_sim_verify_now (void)
{
  return g_get_real_time () + clock_offset_usec;
}

void
fb_sim_auth_error_clear (FbSimAuthError *error)
{
  g_clear_pointer (&error->type, g_free);
  g_clear_pointer (&error->message, g_free);
}

static gboolean
fail (FbSimAuthError *error,
      guint           status,
      const char     *type,
      const char     *format,
      ...) G_GNUC_PRINTF (4, 5);

static gboolean
fail (FbSimAuthError *error,
      guint           status,
      const char     *type,
      const char     *format,
      ...)
{
  va_list args;

  fb_sim_auth_error_clear (error);
  error->status = status;
  error->type = g_strdup (type);
  va_start (args, format);
  error->message = g_strdup_vprintf (format, args);
  va_end (args);
  return FALSE;
}

char *
fb_sim_auth_error_to_json (FbSimAuthError *error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "__type");
  json_builder_add_string_value (builder, error->type);
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, error->message);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

void
fb_sim_answer_auth_error (SoupServerMessage *msg,
                          FbSimAuthError    *error)
{
  g_autofree char *body = fb_sim_auth_error_to_json (error);
  g_autofree char *request_id = g_uuid_string_random ();
  g_autoptr(GDateTime) now = g_date_time_new_from_unix_utc (fb_sim_verify_now () / G_USEC_PER_SEC);
  g_autofree char *date = soup_date_time_to_string (now, SOUP_DATE_HTTP);

  /* The service's own clock, which a client compares with its own to find a skew. */
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Date", date);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "x-amzn-ErrorType", error->type);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "x-amzn-RequestId", request_id);
  soup_server_message_set_status (msg, error->status, NULL);
  soup_server_message_set_response (msg, "application/x-amz-json-1.1", SOUP_MEMORY_COPY,
                                    body, strlen (body));
}

typedef struct
{
  const char *algorithm;
  char       *access_key_id;
  char       *scope_date;
  char       *scope_region;
  char       *scope_service;
  char       *amz_date;
  char      **signed_headers;
  char       *signature;
  char       *token;
  gint64      expires;   /* seconds, -1 = none */
} Claim;

static void
claim_clear (Claim *claim)
{
  g_free (claim->access_key_id);
  g_free (claim->scope_date);
  g_free (claim->scope_region);
  g_free (claim->scope_service);
  g_free (claim->amz_date);
  g_strfreev (claim->signed_headers);
  g_free (claim->signature);
  g_free (claim->token);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Claim, claim_clear)

static gboolean
parse_credential (Claim          *claim,
                  const char     *credential,
                  FbSimAuthError *error)
{
  g_auto(GStrv) parts = g_strsplit (credential, "/", -1);

  if (g_strv_length (parts) != 5 || g_strcmp0 (parts[4], "aws4_request") != 0)
    return fail (error, 403, "IncompleteSignatureException",
                 "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '%s'",
                 credential);

  claim->access_key_id = g_strdup (parts[0]);
  claim->scope_date = g_strdup (parts[1]);
  claim->scope_region = g_strdup (parts[2]);
  claim->scope_service = g_strdup (parts[3]);
  return TRUE;
}

static gboolean
check_claim (FbSimIdentities      *identities,
             Claim                *claim,
             const char           *region,
             const char           *service,
             gboolean              token_required_in_signature,
             const FbSimIdentity **out_identity,
             FbSimAuthError       *error)
{
  const FbSimIdentity *identity;
  g_autoptr(GDateTime) signed_at = NULL;
  g_autofree char *iso = NULL;
  gint64 now = fb_sim_verify_now ();
  gint64 at;

  identity = fb_sim_identities_lookup (identities, claim->access_key_id);
  if (identity == NULL)
    return fail (error, 403, "UnrecognizedClientException",
                 "The security token included in the request is invalid.");

  if (claim->amz_date == NULL || strlen (claim->amz_date) != 16)
    return fail (error, 403, "IncompleteSignatureException", "X-Amz-Date is missing or malformed");

  iso = g_strdup_printf ("%.4s-%.2s-%.2sT%.2s:%.2s:%.2sZ", claim->amz_date, claim->amz_date + 4,
                         claim->amz_date + 6, claim->amz_date + 9, claim->amz_date + 11, claim->amz_date + 13);
  signed_at = g_date_time_new_from_iso8601 (iso, NULL);
  if (signed_at == NULL)
    return fail (error, 403, "IncompleteSignatureException", "X-Amz-Date '%s' is not a date", claim->amz_date);
  at = g_date_time_to_unix (signed_at) * G_USEC_PER_SEC;

  if (strncmp (claim->scope_date, claim->amz_date, 8) != 0)
    return fail (error, 403, "InvalidSignatureException",
                 "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '%s' != '%.8s'",
                 claim->scope_date, claim->amz_date);
  if (g_strcmp0 (claim->scope_service, service) != 0)
    return fail (error, 403, "InvalidSignatureException",
                 "Credential should be scoped to correct service: '%s'.", service);
  if (g_strcmp0 (claim->scope_region, region) != 0)
    return fail (error, 403, "InvalidSignatureException",
                 "Credential should be scoped to a valid region, not '%s'.", claim->scope_region);

  if (claim->expires >= 0)
    {
      if (now > at + claim->expires * G_USEC_PER_SEC)
        return fail (error, 403, "AccessDeniedException", "Request has expired");
    }
  if (at > now + MAX_SKEW_USEC || at < now - MAX_SKEW_USEC)
    {
      g_autoptr(GDateTime) server_now = g_date_time_new_from_unix_utc (now / G_USEC_PER_SEC);
      g_autofree char *server = g_date_time_format (server_now, "%Y%m%dT%H%M%SZ");

      return fail (error, 403, "InvalidSignatureException",
                   "Signature expired: %s is now %s than %s (%s %s 5 min.)", claim->amz_date,
                   at < now ? "earlier" : "later", server, server, at < now ? "-" : "+");
    }

  if (identity->session_token != NULL)
    {
      if (claim->token == NULL)
        return fail (error, 403, "UnrecognizedClientException",
                     "The security token included in the request is invalid.");
      if (g_strcmp0 (claim->token, identity->session_token) != 0)
        return fail (error, 403, "UnrecognizedClientException",
                     "The security token included in the request is invalid.");
      if (identity->expires_at != 0 && now >= identity->expires_at)
        return fail (error, 403, "ExpiredTokenException",
                     "The security token included in the request is expired");
      if (token_required_in_signature
          && !g_strv_contains ((const char * const *) claim->signed_headers, "x-amz-security-token"))
        return fail (error, 403, "IncompleteSignatureException",
                     "The session token must be signed (x-amz-security-token in SignedHeaders)");
    }

  *out_identity = identity;
  return TRUE;
}

static gboolean
check_signature (Claim               *claim,
                 const FbSimIdentity *identity,
                 FbSigv4Request      *req,
                 const char          *payload_hash,
                 FbSimAuthError      *error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *canonical = NULL;
  g_autofree char *scope = NULL;
  g_autofree char *sts = NULL;
  g_autofree char *expected = NULL;
  guint8 diff = 0;

  canonical = fb_sigv4_canonical_request (req, (const char * const *) claim->signed_headers,
                                          payload_hash, TRUE, &local_error);
  if (canonical == NULL)
    return fail (error, 403, "InvalidSignatureException", "%s", local_error->message);

  scope = g_strdup_printf ("%s/%s/%s/aws4_request", claim->scope_date, claim->scope_region,
                           claim->scope_service);
  sts = fb_sigv4_string_to_sign (claim->amz_date, scope, canonical);
  expected = fb_sigv4_signature (identity->secret_access_key, claim->scope_date, claim->scope_region,
                                 claim->scope_service, sts);

  /* Compare in constant time, as a real verifier must. */
  if (claim->signature == NULL || strlen (claim->signature) != strlen (expected))
    diff = 1;
  else
    for (gsize i = 0; expected[i]; i++)
      diff |= expected[i] ^ claim->signature[i];

  if (diff != 0)
    {
      /* The canonical request is not logged: it can hold a session token. */
      return fail (error, 403, "InvalidSignatureException",
                   "The request signature we calculated does not match the signature you provided. "
                   "Check your AWS Secret Access Key and signing method. Consult the service "
                   "documentation for details.");
    }
  return TRUE;
}

static void
add_signed_headers (FbSigv4Request    *req,
                    SoupServerMessage *msg,
                    char             **names)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);

  for (guint i = 0; names[i] != NULL; i++)
    {
      const char *value = soup_message_headers_get_list (headers, names[i]);

      if (value != NULL)
        fb_sigv4_request_add_header (req, names[i], value);
    }
}

gboolean
fb_sim_verify_presigned (FbSimIdentities   *identities,
                         SoupServerMessage *msg,
                         const char        *region,
                         const char        *service,
                         FbSimAuthError    *error)
{
  GUri *uri = soup_server_message_get_uri (msg);
  const char *query = g_uri_get_query (uri);
  g_auto(GStrv) pairs = NULL;
  g_autoptr(GString) kept = g_string_new (NULL);
  g_autoptr(FbSigv4Request) req = NULL;
  g_autofree char *empty_hash = fb_sha256_hex ("", 0);
  g_auto(Claim) claim = { 0 };
  g_autofree char *credential = NULL;
  g_autofree char *signed_headers = NULL;
  const FbSimIdentity *identity = NULL;

  claim.expires = -1;
  if (query == NULL || *query == '\0')
    return fail (error, 403, "MissingAuthenticationTokenException", "Missing Authentication Token");

  pairs = g_strsplit (query, "&", -1);
  for (guint i = 0; pairs[i] != NULL; i++)
    {
      char *eq = strchr (pairs[i], '=');
      g_autofree char *key = g_uri_unescape_segment (pairs[i], eq, NULL);
      g_autofree char *value = eq != NULL ? g_uri_unescape_string (eq + 1, NULL) : g_strdup ("");

      if (key == NULL || value == NULL)
        continue;

      /* The gateway leaves the signature and, for IoT, the token out of what it checks. */
      if (g_str_equal (key, "X-Amz-Signature"))
        {
          g_free (claim.signature);
          claim.signature = g_steal_pointer (&value);
          continue;
        }
      if (g_str_equal (key, "X-Amz-Security-Token"))
        {
          g_free (claim.token);
          claim.token = g_steal_pointer (&value);
          continue;
        }

      if (g_str_equal (key, "X-Amz-Algorithm"))
        claim.algorithm = g_str_equal (value, "AWS4-HMAC-SHA256") ? "AWS4-HMAC-SHA256" : NULL;
      else if (g_str_equal (key, "X-Amz-Credential"))
        { g_free (credential); credential = g_strdup (value); }
      else if (g_str_equal (key, "X-Amz-Date"))
        { g_free (claim.amz_date); claim.amz_date = g_strdup (value); }
      else if (g_str_equal (key, "X-Amz-SignedHeaders"))
        { g_free (signed_headers); signed_headers = g_strdup (value); }
      else if (g_str_equal (key, "X-Amz-Expires"))
        claim.expires = g_ascii_strtoll (value, NULL, 10);

      if (kept->len > 0)
        g_string_append_c (kept, '&');
      g_string_append (kept, pairs[i]);
    }

  if (claim.algorithm == NULL || credential == NULL || signed_headers == NULL || claim.signature == NULL)
    return fail (error, 403, "MissingAuthenticationTokenException", "Missing Authentication Token");

  if (!parse_credential (&claim, credential, error))
    return FALSE;
  claim.signed_headers = g_strsplit (signed_headers, ";", -1);

  if (!check_claim (identities, &claim, region, service, FALSE, &identity, error))
    return FALSE;

  req = fb_sigv4_request_new ("GET", g_uri_get_path (uri), kept->str);
  add_signed_headers (req, msg, claim.signed_headers);
  return check_signature (&claim, identity, req, empty_hash, error);
}

gboolean
fb_sim_verify_header (FbSimIdentities   *identities,
                      SoupServerMessage *msg,
                      GBytes            *body,
                      const char        *region,
                      const char        *service,
                      FbSimAuthError    *error)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *authorization = soup_message_headers_get_one (headers, "Authorization");
  GUri *uri = soup_server_message_get_uri (msg);
  g_auto(Claim) claim = { 0 };
  g_autoptr(FbSigv4Request) req = NULL;
  g_autofree char *payload_hash = NULL;
  const FbSimIdentity *identity = NULL;
  const char *credential, *signed_headers, *signature;
  gsize len = 0;
  const void *data = body != NULL ? g_bytes_get_data (body, &len) : NULL;

  claim.expires = -1;
  if (authorization == NULL)
    return fail (error, 403, "MissingAuthenticationTokenException", "Missing Authentication Token");

  if (!g_str_has_prefix (authorization, "AWS4-HMAC-SHA256 ")
      || (credential = strstr (authorization, "Credential=")) == NULL
      || (signed_headers = strstr (authorization, "SignedHeaders=")) == NULL
      || (signature = strstr (authorization, "Signature=")) == NULL)
    return fail (error, 403, "IncompleteSignatureException",
                 "Authorization header requires 'Credential', 'Signature' and 'SignedHeaders' parameters.");

  {
    g_autofree char *cred = g_strndup (credential + 11, strcspn (credential + 11, ", "));
    g_autofree char *names = g_strndup (signed_headers + 14, strcspn (signed_headers + 14, ", "));

    if (!parse_credential (&claim, cred, error))
      return FALSE;
    claim.signed_headers = g_strsplit (names, ";", -1);
    claim.signature = g_strndup (signature + 10, strcspn (signature + 10, ", "));
  }

  claim.algorithm = "AWS4-HMAC-SHA256";
  claim.amz_date = g_strdup (soup_message_headers_get_one (headers, "X-Amz-Date"));
  claim.token = g_strdup (soup_message_headers_get_one (headers, "X-Amz-Security-Token"));

  if (!check_claim (identities, &claim, region, service, TRUE, &identity, error))
    return FALSE;

  payload_hash = fb_sha256_hex (data, len);
  req = fb_sigv4_request_new (soup_server_message_get_method (msg), g_uri_get_path (uri), g_uri_get_query (uri));
  add_signed_headers (req, msg, claim.signed_headers);
  return check_signature (&claim, identity, req, payload_hash, error);
}
