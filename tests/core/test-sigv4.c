/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-sigv4.c: the AWS SigV4 test suite, one test per case folder, both header and query signing. */
#include <string.h>

#include <json-glib/json-glib.h>

#include "fb-sigv4.h"

typedef struct
{
  char           *dir;
  char           *request_line;   /* "GET /path?query HTTP/1.1" */
  char           *method;
  char           *path;
  char           *query;
  GPtrArray      *header_lines;   /* as in request.txt, verbatim (folded lines too) */
  GPtrArray      *header_names;   /* parsed: folded lines unfolded into their header's value */
  GPtrArray      *header_values;
  GBytes         *body;
  FbCredentials  *creds;
  char           *region;
  char           *service;
  GDateTime      *time;
  guint           expires;
  gboolean        normalize;
  gboolean        sign_body;
  gboolean        omit_session_token;
} SuiteCase;

static void
suite_case_free (SuiteCase *c)
{
  g_free (c->dir);
  g_free (c->request_line);
  g_free (c->method);
  g_free (c->path);
  g_free (c->query);
  g_clear_pointer (&c->header_lines, g_ptr_array_unref);
  g_clear_pointer (&c->header_names, g_ptr_array_unref);
  g_clear_pointer (&c->header_values, g_ptr_array_unref);
  g_clear_pointer (&c->body, g_bytes_unref);
  g_clear_pointer (&c->creds, fb_credentials_unref);
  g_free (c->region);
  g_free (c->service);
  g_clear_pointer (&c->time, g_date_time_unref);
  g_free (c);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SuiteCase, suite_case_free)

static char *
read_case_file (const char  *dir,
                const char  *name,
                GError     **error)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  char *contents = NULL;

  if (!g_file_get_contents (path, &contents, NULL, error))
    return NULL;
  return contents;
}

static gboolean
parse_context (SuiteCase  *c,
               GError    **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *path = g_build_filename (c->dir, "context.json", NULL);
  JsonObject *root, *creds;
  const char *token = NULL;

  if (!json_parser_load_from_file (parser, path, error))
    return FALSE;

  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    goto bad;
  root = json_node_get_object (json_parser_get_root (parser));
  if (!json_object_has_member (root, "credentials")
      || !json_object_has_member (root, "region")
      || !json_object_has_member (root, "service")
      || !json_object_has_member (root, "timestamp"))
    goto bad;

  creds = json_object_get_object_member (root, "credentials");
  if (creds == NULL || !json_object_has_member (creds, "access_key_id")
      || !json_object_has_member (creds, "secret_access_key"))
    goto bad;
  if (json_object_has_member (creds, "token"))
    token = json_object_get_string_member (creds, "token");

  c->creds = fb_credentials_new (json_object_get_string_member (creds, "access_key_id"),
                                 json_object_get_string_member (creds, "secret_access_key"),
                                 token, NULL);
  c->region = g_strdup (json_object_get_string_member (root, "region"));
  c->service = g_strdup (json_object_get_string_member (root, "service"));
  c->time = g_date_time_new_from_iso8601 (json_object_get_string_member (root, "timestamp"), NULL);
  if (c->time == NULL)
    goto bad;
  c->expires = json_object_get_int_member_with_default (root, "expiration_in_seconds", 0);
  c->normalize = json_object_get_boolean_member_with_default (root, "normalize", TRUE);
  c->sign_body = json_object_get_boolean_member_with_default (root, "sign_body", FALSE);
  c->omit_session_token = json_object_get_boolean_member_with_default (root, "omit_session_token", FALSE);
  return TRUE;

bad:
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s: not a SigV4 test context", path);
  return FALSE;
}

/* The head's header lines. A line that starts with a space or a tab continues the header
 * above it (obsolete line folding): as RFC 7230 section 3.2.4 says and the suite means it
 * (get-header-value-multiline), each fold is one space within the same value, so
 * "My-Header1:value1" folded over "  value2" and "     value3" is signed as
 * "my-header1:value1 value2 value3". */
static gboolean
parse_header_lines (SuiteCase  *c,
                    GStrv       lines)
{
  c->header_lines = g_ptr_array_new_with_free_func (g_free);
  c->header_names = g_ptr_array_new_with_free_func (g_free);
  c->header_values = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];
      const char *colon;

      if (*line == '\0')
        continue;
      if (*line == ' ' || *line == '\t')
        {
          char **value;
          char *unfolded;

          if (c->header_values->len == 0)
            return FALSE;   /* nothing above to continue */
          value = (char **) &g_ptr_array_index (c->header_values, c->header_values->len - 1);
          unfolded = g_strconcat (*value, " ", line + strspn (line, " \t"), NULL);
          g_free (*value);
          *value = unfolded;
        }
      else if ((colon = strchr (line, ':')) != NULL && colon > line)
        {
          g_ptr_array_add (c->header_names, g_strndup (line, colon - line));
          g_ptr_array_add (c->header_values, g_strdup (colon + 1));
        }
      else
        return FALSE;
      g_ptr_array_add (c->header_lines, g_strdup (line));
    }
  return TRUE;
}

/* A request.txt: the request line, the head, an empty line and the body. */
static gboolean
parse_request_text (SuiteCase   *c,
                    const char  *text,
                    GError     **error)
{
  g_auto(GStrv) lines = NULL;
  const char *body_start;
  const char *target_start, *target_end;
  const char *qmark;
  g_autofree char *head = NULL;

  body_start = strstr (text, "\n\n");
  head = body_start != NULL ? g_strndup (text, body_start - text) : g_strdup (text);
  c->body = body_start != NULL ? g_bytes_new (body_start + 2, strlen (body_start + 2))
                               : g_bytes_new (NULL, 0);

  lines = g_strsplit (head, "\n", -1);
  if (lines[0] == NULL || !g_str_has_suffix (lines[0], " HTTP/1.1"))
    goto bad;

  c->request_line = g_strdup (lines[0]);
  target_start = strchr (lines[0], ' ');
  target_end = g_strrstr (lines[0], " HTTP/1.1");
  if (target_start == NULL || target_end <= target_start)
    goto bad;
  c->method = g_strndup (lines[0], target_start - lines[0]);
  target_start++;
  qmark = memchr (target_start, '?', target_end - target_start);
  if (qmark != NULL)
    {
      c->path = g_strndup (target_start, qmark - target_start);
      c->query = g_strndup (qmark + 1, target_end - qmark - 1);
    }
  else
    {
      c->path = g_strndup (target_start, target_end - target_start);
      c->query = g_strdup ("");
    }

  if (parse_header_lines (c, lines + 1))
    return TRUE;

bad:
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s/request.txt: not an HTTP request", c->dir);
  return FALSE;
}

static gboolean
parse_request (SuiteCase  *c,
               GError    **error)
{
  g_autofree char *text = read_case_file (c->dir, "request.txt", error);

  return text != NULL && parse_request_text (c, text, error);
}

static FbSigv4Request *
make_request (SuiteCase *c)
{
  FbSigv4Request *req = fb_sigv4_request_new (c->method, c->path, c->query);

  for (guint i = 0; i < c->header_names->len; i++)
    fb_sigv4_request_add_header (req, g_ptr_array_index (c->header_names, i),
                                 g_ptr_array_index (c->header_values, i));
  fb_sigv4_request_set_body (req, c->body);
  return req;
}

static void
assert_file_equals (SuiteCase  *c,
                    const char *name,
                    const char *actual)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = read_case_file (c->dir, name, &error);

  g_assert_no_error (error);
  if (g_strcmp0 (expected, actual) != 0)
    g_test_message ("%s/%s differs:\n--- expected\n%s\n--- actual\n%s", c->dir, name, expected, actual);
  g_assert_cmpstr (actual, ==, expected);
}

static void
append_head_and_body (GString   *out,
                      SuiteCase *c)
{
  for (guint i = 0; i < c->header_lines->len; i++)
    g_string_append_printf (out, "%s\n", (const char *) g_ptr_array_index (c->header_lines, i));
}

static void
check_header_signing (SuiteCase *c)
{
  g_autoptr(FbSigv4Request) req = make_request (c);
  g_autoptr(FbSigv4Result) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) signed_request = g_string_new (NULL);
  g_autofree char *signature_line = NULL;
  FbSigv4Params params = {
    .region = c->region,
    .service = c->service,
    .time = c->time,
    .normalize_path = c->normalize,
    .add_content_sha256 = c->sign_body,
    .unsigned_session_token = c->omit_session_token,
  };

  result = fb_sigv4_sign_headers (req, c->creds, &params, &error);
  g_assert_no_error (error);

  assert_file_equals (c, "header-canonical-request.txt", fb_sigv4_result_get_canonical_request (result));
  assert_file_equals (c, "header-string-to-sign.txt", fb_sigv4_result_get_string_to_sign (result));
  assert_file_equals (c, "header-signature.txt", fb_sigv4_result_get_signature (result));

  g_string_append_printf (signed_request, "%s\n", c->request_line);
  append_head_and_body (signed_request, c);
  for (guint i = 0; i < fb_sigv4_result_get_n_headers (result); i++)
    {
      const char *name, *value;

      fb_sigv4_result_get_header (result, i, &name, &value);
      g_string_append_printf (signed_request, "%s:%s\n", name, value);
    }
  g_string_append_c (signed_request, '\n');
  g_string_append_len (signed_request, g_bytes_get_data (c->body, NULL), g_bytes_get_size (c->body));
  assert_file_equals (c, "header-signed-request.txt", signed_request->str);
}

static void
check_query_signing (SuiteCase *c)
{
  g_autoptr(FbSigv4Request) req = make_request (c);
  g_autoptr(FbSigv4Result) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) signed_request = g_string_new (NULL);
  FbSigv4Params params = {
    .region = c->region,
    .service = c->service,
    .time = c->time,
    .normalize_path = c->normalize,
    .expires = c->expires,
    .unsigned_session_token = c->omit_session_token,
  };

  result = fb_sigv4_sign_query (req, c->creds, &params, &error);
  g_assert_no_error (error);

  assert_file_equals (c, "query-canonical-request.txt", fb_sigv4_result_get_canonical_request (result));
  assert_file_equals (c, "query-string-to-sign.txt", fb_sigv4_result_get_string_to_sign (result));
  assert_file_equals (c, "query-signature.txt", fb_sigv4_result_get_signature (result));

  g_string_append_printf (signed_request, "%s %s?%s HTTP/1.1\n", c->method, c->path,
                          fb_sigv4_result_get_query (result));
  append_head_and_body (signed_request, c);
  g_string_append_c (signed_request, '\n');
  g_string_append_len (signed_request, g_bytes_get_data (c->body, NULL), g_bytes_get_size (c->body));
  assert_file_equals (c, "query-signed-request.txt", signed_request->str);
}

static void
test_suite_case (gconstpointer data)
{
  const char *dir = data;
  g_autoptr(SuiteCase) c = g_new0 (SuiteCase, 1);
  g_autoptr(GError) error = NULL;

  c->dir = g_strdup (dir);

  /* A case that cannot be read is a failure, never a skip. */
  if (!parse_context (c, &error) || !parse_request (c, &error))
    {
      g_test_message ("cannot parse test case %s: %s", dir, error->message);
      g_test_fail ();
      return;
    }

  check_header_signing (c);
  check_query_signing (c);
}

static void
test_verifier_pieces (void)
{
  /* The verifier's entry point must agree with the signer on the same request. */
  g_autoptr(FbCredentials) creds = fb_credentials_new ("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", NULL, NULL);
  g_autoptr(GDateTime) time = g_date_time_new_utc (2015, 8, 30, 12, 36, 0);
  g_autoptr(FbSigv4Request) req = fb_sigv4_request_new ("GET", "/", "Param1=value1");
  g_autoptr(FbSigv4Result) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *canonical = NULL;
  g_autofree char *sts = NULL;
  g_autofree char *sig = NULL;
  g_autofree char *empty_hash = fb_sha256_hex ("", 0);
  const char *signed_headers[] = { "host", "x-amz-date", NULL };
  FbSigv4Params params = { .region = "us-east-1", .service = "service", .time = time, .normalize_path = TRUE };

  fb_sigv4_request_add_header (req, "Host", "example.amazonaws.com");
  result = fb_sigv4_sign_headers (req, creds, &params, &error);
  g_assert_no_error (error);

  fb_sigv4_request_add_header (req, "X-Amz-Date", "20150830T123600Z");
  canonical = fb_sigv4_canonical_request (req, signed_headers, empty_hash, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (canonical, ==, fb_sigv4_result_get_canonical_request (result));
  sts = fb_sigv4_string_to_sign ("20150830T123600Z", "20150830/us-east-1/service/aws4_request", canonical);
  sig = fb_sigv4_signature ("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "20150830", "us-east-1", "service", sts);
  g_assert_cmpstr (sig, ==, fb_sigv4_result_get_signature (result));

  /* A header named as signed but absent is an error, not a silent skip. */
  {
    const char *missing[] = { "host", "x-amz-content-sha256", NULL };
    g_autofree char *none = fb_sigv4_canonical_request (req, missing, empty_hash, TRUE, &error);

    g_assert_null (none);
    g_assert_error (error, FB_SIGV4_ERROR, FB_SIGV4_ERROR_INVALID_REQUEST);
  }
}

static char *
canonical_of (const char *request_text)
{
  const char *names[] = { "host", "my-header1", "x-amz-date", NULL };
  g_autoptr(SuiteCase) c = g_new0 (SuiteCase, 1);
  g_autoptr(FbSigv4Request) req = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *empty_hash = fb_sha256_hex ("", 0);
  char *canonical;

  c->dir = g_strdup ("(inline)");
  if (!parse_request_text (c, request_text, &error))
    return NULL;
  req = make_request (c);
  canonical = fb_sigv4_canonical_request (req, names, empty_hash, TRUE, &error);
  g_assert_no_error (error);
  return canonical;
}

static void
test_request_folding (void)
{
  /* A folded header value reads as the unfolded one, and the folded lines are kept verbatim for
   * the signed request the suite compares. */
  const char *folded = "GET / HTTP/1.1\nHost:example.amazonaws.com\nMy-Header1:value1\n  value2\n\t value3\n"
                       "X-Amz-Date:20150830T123600Z\n";
  const char *unfolded = "GET / HTTP/1.1\nHost:example.amazonaws.com\nMy-Header1:value1 value2 value3\n"
                         "X-Amz-Date:20150830T123600Z\n";
  g_autofree char *a = canonical_of (folded);
  g_autofree char *b = canonical_of (unfolded);
  g_autofree char *orphan = canonical_of ("GET / HTTP/1.1\n  value0\nHost:example.amazonaws.com\n");
  g_autoptr(SuiteCase) c = g_new0 (SuiteCase, 1);
  g_autoptr(GString) head = g_string_new (NULL);

  g_assert_nonnull (a);
  g_assert_nonnull (strstr (a, "\nmy-header1:value1 value2 value3\n"));
  g_assert_cmpstr (a, ==, b);
  /* A fold with no header above it is not a request. */
  g_assert_null (orphan);

  g_assert_true (parse_request_text (c, folded, NULL));
  append_head_and_body (head, c);
  g_assert_cmpstr (head->str, ==, folded + strlen ("GET / HTTP/1.1\n"));
}

static void
test_uri_encode (void)
{
  g_autofree char *a = fb_sigv4_uri_encode ("a b/c~d+é", TRUE);
  g_autofree char *b = fb_sigv4_uri_encode ("a b/c", FALSE);

  g_assert_cmpstr (a, ==, "a%20b%2Fc~d%2B%C3%A9");
  g_assert_cmpstr (b, ==, "a%20b/c");
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *suite_dir = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) cases = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  const char *name;

  g_test_init (&argc, &argv, NULL);

  if (argc > 1)
    suite_dir = g_strdup (argv[1]);
  else if (g_getenv ("FB_SIGV4_SUITE") != NULL)
    suite_dir = g_strdup (g_getenv ("FB_SIGV4_SUITE"));
  else
    suite_dir = g_test_build_filename (G_TEST_DIST, "data", "aws-sigv4-v4", NULL);

  dir = g_dir_open (suite_dir, 0, &error);
  if (dir == NULL)
    {
      g_printerr ("cannot open the SigV4 suite: %s\n", error->message);
      return 1;
    }

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (suite_dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        g_ptr_array_add (cases, g_strdup (name));
    }
  g_ptr_array_sort (cases, compare_names);

  if (cases->len == 0)
    {
      g_printerr ("no test cases in %s\n", suite_dir);
      return 1;
    }

  for (guint i = 0; i < cases->len; i++)
    {
      const char *case_name = g_ptr_array_index (cases, i);
      g_autofree char *test_path = g_strdup_printf ("/sigv4/suite/%s", case_name);

      g_test_add_data_func_full (test_path, g_build_filename (suite_dir, case_name, NULL),
                                 test_suite_case, g_free);
    }

  g_test_add_func ("/sigv4/verifier-pieces", test_verifier_pieces);
  g_test_add_func ("/sigv4/uri-encode", test_uri_encode);
  g_test_add_func ("/sigv4/request-folding", test_request_folding);

  return g_test_run ();
}
