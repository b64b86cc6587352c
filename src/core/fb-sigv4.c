/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-sigv4.c: AWS Signature Version 4 (header and query signing), proven on AWS's own test suite. */
#define G_LOG_DOMAIN "fb-sigv4"

#include <string.h>

#include "fb-sigv4.h"

#define ALGORITHM "AWS4-HMAC-SHA256"

typedef struct
{
  char *name;
  char *value;
} Header;

struct _FbSigv4Request
{
  char      *method;
  char      *path;
  char      *query;
  GPtrArray *headers;   /* Header*, in the order given */
  GBytes    *body;
};

struct _FbSigv4Result
{
  char      *canonical_request;
  char      *string_to_sign;
  char      *signature;
  char      *authorization;
  char      *query;
  GPtrArray *headers;   /* Header*, to add to the request, in this order */
};

G_DEFINE_QUARK (fb-sigv4-error-quark, fb_sigv4_error)

static void
header_free (gpointer data)
{
  Header *h = data;

  g_free (h->name);
  g_free (h->value);
  g_free (h);
}

static Header *
header_new (const char *name,
            const char *value)
{
  Header *h = g_new0 (Header, 1);

  h->name = g_strdup (name);
  h->value = g_strdup (value);
  return h;
}

FbSigv4Request *
fb_sigv4_request_new (const char *method,
                      const char *path,
                      const char *query)
{
  FbSigv4Request *req;

  g_return_val_if_fail (method != NULL, NULL);
  g_return_val_if_fail (path != NULL, NULL);

  req = g_new0 (FbSigv4Request, 1);
  req->method = g_strdup (method);
  req->path = g_strdup (path);
  req->query = g_strdup (query != NULL ? query : "");
  req->headers = g_ptr_array_new_with_free_func (header_free);
  return req;
}

void
fb_sigv4_request_add_header (FbSigv4Request *req,
                             const char     *name,
                             const char     *value)
{
  g_return_if_fail (req != NULL);
  g_return_if_fail (name != NULL);

  g_ptr_array_add (req->headers, header_new (name, value != NULL ? value : ""));
}

void
fb_sigv4_request_set_body (FbSigv4Request *req,
                           GBytes         *body)
{
  g_return_if_fail (req != NULL);

  g_clear_pointer (&req->body, g_bytes_unref);
  if (body != NULL)
    req->body = g_bytes_ref (body);
}

void
fb_sigv4_request_free (FbSigv4Request *req)
{
  if (req == NULL)
    return;

  g_free (req->method);
  g_free (req->path);
  g_free (req->query);
  g_ptr_array_unref (req->headers);
  g_clear_pointer (&req->body, g_bytes_unref);
  g_free (req);
}

void
fb_sigv4_result_free (FbSigv4Result *result)
{
  if (result == NULL)
    return;

  g_free (result->canonical_request);
  g_free (result->string_to_sign);
  g_free (result->signature);
  g_free (result->authorization);
  g_free (result->query);
  g_ptr_array_unref (result->headers);
  g_free (result);
}

const char *
fb_sigv4_result_get_canonical_request (FbSigv4Result *result)
{
  g_return_val_if_fail (result != NULL, NULL);
  return result->canonical_request;
}

const char *
fb_sigv4_result_get_string_to_sign (FbSigv4Result *result)
{
  g_return_val_if_fail (result != NULL, NULL);
  return result->string_to_sign;
}

const char *
fb_sigv4_result_get_signature (FbSigv4Result *result)
{
  g_return_val_if_fail (result != NULL, NULL);
  return result->signature;
}

const char *
fb_sigv4_result_get_authorization (FbSigv4Result *result)
{
  g_return_val_if_fail (result != NULL, NULL);
  return result->authorization;
}

const char *
fb_sigv4_result_get_query (FbSigv4Result *result)
{
  g_return_val_if_fail (result != NULL, NULL);
  return result->query;
}

guint
fb_sigv4_result_get_n_headers (FbSigv4Result *result)
{
  g_return_val_if_fail (result != NULL, 0);
  return result->headers->len;
}

void
fb_sigv4_result_get_header (FbSigv4Result  *result,
                            guint           i,
                            const char    **name,
                            const char    **value)
{
  Header *h;

  g_return_if_fail (result != NULL);
  g_return_if_fail (i < result->headers->len);

  h = g_ptr_array_index (result->headers, i);
  if (name != NULL)
    *name = h->name;
  if (value != NULL)
    *value = h->value;
}

/* --- Encoding and hashing --------------------------------------------- */

static gboolean
is_unreserved (guchar c)
{
  return g_ascii_isalnum (c) || c == '-' || c == '_' || c == '.' || c == '~';
}

char *
fb_sigv4_uri_encode (const char *s,
                     gboolean    encode_slash)
{
  GString *out;

  g_return_val_if_fail (s != NULL, NULL);

  out = g_string_sized_new (strlen (s) * 3 / 2 + 1);
  for (const guchar *p = (const guchar *) s; *p; p++)
    {
      if (is_unreserved (*p) || (*p == '/' && !encode_slash))
        g_string_append_c (out, *p);
      else
        g_string_append_printf (out, "%%%02X", *p);
    }

  return g_string_free (out, FALSE);
}

/* Percent-decodes a query component so that re-encoding yields AWS's canonical form
 * whether the caller's query was encoded or not. Invalid escapes are kept literally. */
static char *
percent_decode (const char *s,
                gsize       len)
{
  GString *out = g_string_sized_new (len);

  for (gsize i = 0; i < len; i++)
    {
      if (s[i] == '%' && i + 2 < len
          && g_ascii_isxdigit (s[i + 1]) && g_ascii_isxdigit (s[i + 2]))
        {
          g_string_append_c (out, (char) (g_ascii_xdigit_value (s[i + 1]) * 16
                                          + g_ascii_xdigit_value (s[i + 2])));
          i += 2;
        }
      else
        g_string_append_c (out, s[i]);
    }

  return g_string_free (out, FALSE);
}

char *
fb_sha256_hex (const void *data,
               gsize       len)
{
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, data != NULL ? data : (const guchar *) "", len);
}

static void
hmac_sha256 (const guint8 *key,
             gsize         key_len,
             const char   *data,
             guint8        out[32])
{
  g_autoptr(GHmac) hmac = g_hmac_new (G_CHECKSUM_SHA256, key, key_len);
  gsize out_len = 32;

  g_hmac_update (hmac, (const guchar *) data, strlen (data));
  g_hmac_get_digest (hmac, out, &out_len);
}

char *
fb_sigv4_signature (const char *secret_access_key,
                    const char *yyyymmdd,
                    const char *region,
                    const char *service,
                    const char *string_to_sign)
{
  g_autofree char *k_secret = g_strconcat ("AWS4", secret_access_key, NULL);
  guint8 k_date[32], k_region[32], k_service[32], k_signing[32], sig[32];
  GString *hex = g_string_sized_new (64);

  hmac_sha256 ((const guint8 *) k_secret, strlen (k_secret), yyyymmdd, k_date);
  hmac_sha256 (k_date, 32, region, k_region);
  hmac_sha256 (k_region, 32, service, k_service);
  hmac_sha256 (k_service, 32, "aws4_request", k_signing);
  hmac_sha256 (k_signing, 32, string_to_sign, sig);

  for (guint i = 0; i < 32; i++)
    g_string_append_printf (hex, "%02x", sig[i]);

  memset (k_secret, 0, strlen (k_secret));
  memset (k_signing, 0, sizeof k_signing);

  return g_string_free (hex, FALSE);
}

char *
fb_sigv4_string_to_sign (const char *amz_date,
                         const char *scope,
                         const char *canonical_request)
{
  g_autofree char *hash = fb_sha256_hex (canonical_request, strlen (canonical_request));

  return g_strdup_printf (ALGORITHM "\n%s\n%s\n%s", amz_date, scope, hash);
}

char *
fb_sigv4_format_amz_date (GDateTime *time)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (time);

  return g_date_time_format (utc, "%Y%m%dT%H%M%SZ");
}

/* --- Canonical request -------------------------------------------------- */

/* RFC 3986 remove_dot_segments, plus the collapsing of empty segments AWS applies. */
static char *
normalize_path (const char *path)
{
  g_auto(GStrv) segments = g_strsplit (path, "/", -1);
  g_autoptr(GPtrArray) stack = g_ptr_array_new ();
  GString *out = g_string_new ("/");
  gboolean trailing_slash;
  gsize len = strlen (path);

  trailing_slash = (len > 0 && path[len - 1] == '/')
                   || g_str_has_suffix (path, "/.")
                   || g_str_has_suffix (path, "/..");

  for (guint i = 0; segments[i] != NULL; i++)
    {
      const char *seg = segments[i];

      if (*seg == '\0' || strcmp (seg, ".") == 0)
        continue;
      if (strcmp (seg, "..") == 0)
        {
          if (stack->len > 0)
            g_ptr_array_remove_index (stack, stack->len - 1);
          continue;
        }
      g_ptr_array_add (stack, (gpointer) seg);
    }

  for (guint i = 0; i < stack->len; i++)
    {
      if (i > 0)
        g_string_append_c (out, '/');
      g_string_append (out, g_ptr_array_index (stack, i));
    }

  if (trailing_slash && stack->len > 0)
    g_string_append_c (out, '/');

  return g_string_free (out, FALSE);
}

static char *
canonical_path (const char *path,
                gboolean    normalize)
{
  g_autofree char *normalized = NULL;

  if (*path == '\0')
    path = "/";

  if (normalize)
    path = normalized = normalize_path (path);

  /* Every service but S3 double-encodes: the path as sent is encoded once more. */
  return fb_sigv4_uri_encode (path, FALSE);
}

static int
compare_params (gconstpointer a,
                gconstpointer b)
{
  const char * const *pa = a;
  const char * const *pb = b;

  return strcmp (*pa, *pb);
}

typedef struct
{
  char *key;
  char *value;
} Param;

static int
compare_param_structs (gconstpointer a,
                       gconstpointer b)
{
  const Param *pa = *(Param * const *) a;
  const Param *pb = *(Param * const *) b;
  int r = strcmp (pa->key, pb->key);

  return r != 0 ? r : strcmp (pa->value, pb->value);
}

static void
param_free (gpointer data)
{
  Param *p = data;

  g_free (p->key);
  g_free (p->value);
  g_free (p);
}

static void
add_param (GPtrArray  *params,
           const char *raw_key,
           gsize       key_len,
           const char *raw_value,
           gsize       value_len)
{
  g_autofree char *key = percent_decode (raw_key, key_len);
  g_autofree char *value = percent_decode (raw_value, value_len);
  Param *p = g_new0 (Param, 1);

  p->key = fb_sigv4_uri_encode (key, TRUE);
  p->value = fb_sigv4_uri_encode (value, TRUE);
  g_ptr_array_add (params, p);
}

static void
parse_query_into (GPtrArray  *params,
                  const char *query)
{
  const char *p = query;

  while (p != NULL && *p != '\0')
    {
      const char *end = strchr (p, '&');
      gsize len = end != NULL ? (gsize) (end - p) : strlen (p);

      if (len > 0)
        {
          const char *eq = memchr (p, '=', len);

          if (eq != NULL)
            add_param (params, p, eq - p, eq + 1, len - (eq - p) - 1);
          else
            add_param (params, p, len, "", 0);
        }

      p = end != NULL ? end + 1 : NULL;
    }
}

static char *
canonical_query (GPtrArray *params)
{
  GString *out = g_string_new (NULL);

  g_ptr_array_sort (params, compare_param_structs);
  for (guint i = 0; i < params->len; i++)
    {
      Param *p = g_ptr_array_index (params, i);

      if (i > 0)
        g_string_append_c (out, '&');
      g_string_append_printf (out, "%s=%s", p->key, p->value);
    }

  return g_string_free (out, FALSE);
}

/* Trims and collapses runs of spaces, as the spec asks of header values. */
static void
append_trimmed_value (GString    *out,
                      const char *value)
{
  gboolean in_space = FALSE;
  gsize start = out->len;

  while (*value == ' ' || *value == '\t')
    value++;

  for (const char *p = value; *p; p++)
    {
      if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
        {
          in_space = TRUE;
          continue;
        }
      if (in_space && out->len > start)
        g_string_append_c (out, ' ');
      in_space = FALSE;
      g_string_append_c (out, *p);
    }
}

/* Builds "name:v1,v2\n" lines for the given (lower-case, sorted) names. */
static gboolean
canonical_headers (GPtrArray           *headers,
                   const char * const  *names,
                   GString             *out,
                   GError             **error)
{
  for (guint n = 0; names[n] != NULL; n++)
    {
      gboolean found = FALSE;

      g_string_append_printf (out, "%s:", names[n]);
      for (guint i = 0; i < headers->len; i++)
        {
          Header *h = g_ptr_array_index (headers, i);

          if (g_ascii_strcasecmp (h->name, names[n]) != 0)
            continue;
          if (found)
            g_string_append_c (out, ',');
          append_trimmed_value (out, h->value);
          found = TRUE;
        }
      g_string_append_c (out, '\n');

      if (!found)
        {
          g_set_error (error, FB_SIGV4_ERROR, FB_SIGV4_ERROR_INVALID_REQUEST,
                       "The signed header “%s” is not in the request", names[n]);
          return FALSE;
        }
    }

  return TRUE;
}

static char **
collect_header_names (GPtrArray *headers)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  for (guint i = 0; i < headers->len; i++)
    {
      Header *h = g_ptr_array_index (headers, i);
      g_autofree char *lower = g_ascii_strdown (h->name, -1);
      gboolean dup = FALSE;

      if (strcmp (lower, "authorization") == 0)
        continue;

      for (guint j = 0; j < names->len && !dup; j++)
        dup = strcmp (g_ptr_array_index (names, j), lower) == 0;
      if (!dup)
        g_ptr_array_add (names, g_steal_pointer (&lower));
    }

  g_ptr_array_sort (names, compare_params);
  g_ptr_array_add (names, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&names), FALSE);
}

static char *
build_canonical_request (const char          *method,
                         const char          *path,
                         GPtrArray           *params,
                         GPtrArray           *headers,
                         const char * const  *signed_names,
                         const char          *payload_hash,
                         gboolean             normalize,
                         GError             **error)
{
  g_autofree char *cpath = canonical_path (path, normalize);
  g_autofree char *cquery = canonical_query (params);
  g_autofree char *signed_list = g_strjoinv (";", (char **) signed_names);
  g_autoptr(GString) out = g_string_new (NULL);

  g_string_append_printf (out, "%s\n%s\n%s\n", method, cpath, cquery);
  if (!canonical_headers (headers, signed_names, out, error))
    return NULL;
  g_string_append_printf (out, "\n%s\n%s", signed_list, payload_hash);

  return g_string_free (g_steal_pointer (&out), FALSE);
}

char *
fb_sigv4_canonical_request (FbSigv4Request     *req,
                            const char * const *signed_headers,
                            const char         *payload_sha256_hex,
                            gboolean            normalize_path,
                            GError            **error)
{
  g_autoptr(GPtrArray) params = g_ptr_array_new_with_free_func (param_free);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (req != NULL, NULL);
  g_return_val_if_fail (signed_headers != NULL, NULL);

  for (guint i = 0; signed_headers[i] != NULL; i++)
    g_ptr_array_add (names, g_ascii_strdown (signed_headers[i], -1));
  g_ptr_array_sort (names, compare_params);
  g_ptr_array_add (names, NULL);

  parse_query_into (params, req->query);

  return build_canonical_request (req->method, req->path, params, req->headers,
                                  (const char * const *) names->pdata,
                                  payload_sha256_hex, normalize_path, error);
}

/* --- Signing ------------------------------------------------------------ */

static gboolean
check_request (FbSigv4Request       *req,
               FbCredentials        *creds,
               const FbSigv4Params  *params,
               GError              **error)
{
  if (creds == NULL || params == NULL || params->time == NULL
      || params->region == NULL || *params->region == '\0'
      || params->service == NULL || *params->service == '\0')
    {
      g_set_error_literal (error, FB_SIGV4_ERROR, FB_SIGV4_ERROR_INVALID_PARAMS,
                           "Signing needs credentials, a region, a service and a time");
      return FALSE;
    }

  if (*req->method == '\0' || (*req->path != '/' && *req->path != '\0'))
    {
      g_set_error_literal (error, FB_SIGV4_ERROR, FB_SIGV4_ERROR_INVALID_REQUEST,
                           "The request needs a method and an absolute path");
      return FALSE;
    }

  return TRUE;
}

/* What both signing modes do first: check the request, then the date, the scope and the
   payload's hash. NULL when the request cannot be signed. */
static FbSigv4Result *
begin_signing (FbSigv4Request       *req,
               FbCredentials        *creds,
               const FbSigv4Params  *params,
               char                **amz_date,
               char                **scope,
               char                **payload_hash,
               GError              **error)
{
  FbSigv4Result *result;
  gsize len = 0;
  const void *data;

  if (!check_request (req, creds, params, error))
    return NULL;

  result = g_new0 (FbSigv4Result, 1);
  result->headers = g_ptr_array_new_with_free_func (header_free);
  data = req->body != NULL ? g_bytes_get_data (req->body, &len) : NULL;
  *amz_date = fb_sigv4_format_amz_date (params->time);
  *scope = g_strdup_printf ("%.8s/%s/%s/aws4_request", *amz_date, params->region, params->service);
  *payload_hash = fb_sha256_hex (data, len);
  return result;
}

/* Canonical request, string to sign and signature: the part both signing modes share. */
static gboolean
compute_signature (FbSigv4Result       *result,
                   FbSigv4Request      *req,
                   GPtrArray           *headers,
                   GPtrArray           *query_params,
                   const char * const  *names,
                   const char          *payload_hash,
                   const char          *amz_date,
                   const char          *scope,
                   FbCredentials       *creds,
                   const FbSigv4Params *params,
                   GError             **error)
{
  char date[9];

  result->canonical_request = build_canonical_request (req->method, req->path, query_params, headers,
                                                       names, payload_hash, params->normalize_path, error);
  if (result->canonical_request == NULL)
    return FALSE;

  memcpy (date, amz_date, 8);
  date[8] = '\0';
  result->string_to_sign = fb_sigv4_string_to_sign (amz_date, scope, result->canonical_request);
  result->signature = fb_sigv4_signature (fb_credentials_get_secret_access_key (creds), date,
                                          params->region, params->service, result->string_to_sign);
  return TRUE;
}

FbSigv4Result *
fb_sigv4_sign_headers (FbSigv4Request       *req,
                       FbCredentials        *creds,
                       const FbSigv4Params  *params,
                       GError              **error)
{
  g_autoptr(FbSigv4Result) result = NULL;
  g_autoptr(GPtrArray) all_headers = NULL;
  g_autoptr(GPtrArray) query_params = NULL;
  g_auto(GStrv) names = NULL;
  g_autofree char *amz_date = NULL;
  g_autofree char *scope = NULL;
  g_autofree char *payload_hash = NULL;
  g_autofree char *signed_list = NULL;
  const char *token;

  g_return_val_if_fail (req != NULL, NULL);

  result = begin_signing (req, creds, params, &amz_date, &scope, &payload_hash, error);
  if (result == NULL)
    return NULL;
  token = fb_credentials_get_session_token (creds);

  /* An unsigned token (AWS IoT) still travels in the same place; it is only left out of
   * what is signed. */
  if (token != NULL)
    g_ptr_array_add (result->headers, header_new ("X-Amz-Security-Token", token));
  g_ptr_array_add (result->headers, header_new ("X-Amz-Date", amz_date));
  if (params->add_content_sha256)
    g_ptr_array_add (result->headers, header_new ("x-amz-content-sha256", payload_hash));

  all_headers = g_ptr_array_new ();
  for (guint i = 0; i < req->headers->len; i++)
    g_ptr_array_add (all_headers, g_ptr_array_index (req->headers, i));
  for (guint i = (token != NULL && params->unsigned_session_token) ? 1 : 0;
       i < result->headers->len; i++)
    g_ptr_array_add (all_headers, g_ptr_array_index (result->headers, i));

  names = collect_header_names (all_headers);
  query_params = g_ptr_array_new_with_free_func (param_free);
  parse_query_into (query_params, req->query);

  if (!compute_signature (result, req, all_headers, query_params, (const char * const *) names,
                          payload_hash, amz_date, scope, creds, params, error))
    return NULL;

  signed_list = g_strjoinv (";", names);
  result->authorization = g_strdup_printf (ALGORITHM " Credential=%s/%s, SignedHeaders=%s, Signature=%s",
                                           fb_credentials_get_access_key_id (creds), scope,
                                           signed_list, result->signature);
  g_ptr_array_add (result->headers, header_new ("Authorization", result->authorization));

  return g_steal_pointer (&result);
}

FbSigv4Result *
fb_sigv4_sign_query (FbSigv4Request       *req,
                     FbCredentials        *creds,
                     const FbSigv4Params  *params,
                     GError              **error)
{
  g_autoptr(FbSigv4Result) result = NULL;
  g_autoptr(GPtrArray) query_params = NULL;
  g_autoptr(GString) added = NULL;
  g_auto(GStrv) names = NULL;
  g_autofree char *amz_date = NULL;
  g_autofree char *scope = NULL;
  g_autofree char *payload_hash = NULL;
  g_autofree char *signed_list = NULL;
  g_autofree char *credential = NULL;
  g_autofree char *signed_query = NULL;
  g_autofree char *full_query = NULL;
  const char *token;

  g_return_val_if_fail (req != NULL, NULL);

  result = begin_signing (req, creds, params, &amz_date, &scope, &payload_hash, error);
  if (result == NULL)
    return NULL;
  token = fb_credentials_get_session_token (creds);
  names = collect_header_names (req->headers);
  signed_list = g_strjoinv (";", names);
  credential = g_strdup_printf ("%s/%s", fb_credentials_get_access_key_id (creds), scope);

  /* The parameters SigV4 adds, in the order AWS's own signers append them. */
  added = g_string_new (NULL);
  {
    g_autofree char *enc_credential = fb_sigv4_uri_encode (credential, TRUE);
    g_autofree char *enc_signed = fb_sigv4_uri_encode (signed_list, TRUE);

    g_string_append_printf (added, "X-Amz-Algorithm=" ALGORITHM "&X-Amz-Credential=%s"
                            "&X-Amz-Date=%s&X-Amz-SignedHeaders=%s",
                            enc_credential, amz_date, enc_signed);
    if (params->expires > 0)
      g_string_append_printf (added, "&X-Amz-Expires=%u", params->expires);
  }

  signed_query = *req->query != '\0' ? g_strdup_printf ("%s&%s", req->query, added->str)
                                     : g_strdup (added->str);
  if (token != NULL)
    {
      g_autofree char *enc_token = fb_sigv4_uri_encode (token, TRUE);
      full_query = g_strdup_printf ("%s&X-Amz-Security-Token=%s", signed_query, enc_token);
    }
  else
    full_query = g_strdup (signed_query);

  query_params = g_ptr_array_new_with_free_func (param_free);
  parse_query_into (query_params, params->unsigned_session_token ? signed_query : full_query);

  if (!compute_signature (result, req, req->headers, query_params, (const char * const *) names,
                          payload_hash, amz_date, scope, creds, params, error))
    return NULL;

  result->query = g_strdup_printf ("%s&X-Amz-Signature=%s", full_query, result->signature);

  return g_steal_pointer (&result);
}
