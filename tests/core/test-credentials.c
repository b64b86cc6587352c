/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-credentials.c: the credential chain, endpoint overrides, redaction and presign inputs. */
#include <string.h>

#include <glib/gstdio.h>

#include "fb-aws-config.h"
#include "fb-aws-endpoint.h"
#include "fb-chain-credentials-provider.h"
#include "fb-iot-presign.h"
#include "fb-redact.h"
#include "fb-static-credentials-provider.h"

typedef struct
{
  char  *home;
  char **envp;
} Fixture;

static void
write_file (Fixture    *f,
            const char *relative,
            const char *contents)
{
  g_autofree char *path = g_build_filename (f->home, relative, NULL);
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;

  g_mkdir_with_parents (dir, 0700);
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->home = g_dir_make_tmp ("fb-credentials-XXXXXX", &error);
  g_assert_no_error (error);
  f->envp = g_environ_setenv (NULL, "HOME", f->home, TRUE);
}

static void
rm_rf (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *child = g_build_filename (path, name, NULL);
        rm_rf (child);
      }
  g_remove (path);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  rm_rf (f->home);
  g_free (f->home);
  g_strfreev (f->envp);
}

static void
setenv_f (Fixture    *f,
          const char *name,
          const char *value)
{
  f->envp = g_environ_setenv (f->envp, name, value, TRUE);
}

static FbCredentials *
resolve (Fixture     *f,
         const char  *profile,
         GError     **error)
{
  return fb_aws_config_resolve_credentials (profile, (const char * const *) f->envp, error);
}

static void
test_env_only (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FbCredentials) creds = NULL;

  setenv_f (f, "AWS_ACCESS_KEY_ID", "AKIDENV");
  setenv_f (f, "AWS_SECRET_ACCESS_KEY", "envsecret");
  setenv_f (f, "AWS_SESSION_TOKEN", "envtoken");
  creds = resolve (f, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fb_credentials_get_access_key_id (creds), ==, "AKIDENV");
  g_assert_cmpstr (fb_credentials_get_secret_access_key (creds), ==, "envsecret");
  g_assert_cmpstr (fb_credentials_get_session_token (creds), ==, "envtoken");
}

static void
test_env_beats_files (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FbCredentials) creds = NULL;
  g_autoptr(FbCredentials) explicit = NULL;

  write_file (f, ".aws/credentials", "[default]\naws_access_key_id = AKIDFILE\naws_secret_access_key = filesecret\n"
                                     "[other]\naws_access_key_id = AKIDOTHER\naws_secret_access_key = othersecret\n");
  setenv_f (f, "AWS_ACCESS_KEY_ID", "AKIDENV");
  setenv_f (f, "AWS_SECRET_ACCESS_KEY", "envsecret");
  creds = resolve (f, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fb_credentials_get_access_key_id (creds), ==, "AKIDENV");
  g_assert_null (fb_credentials_get_session_token (creds));

  /* ...but a profile picked explicitly wins over the environment, as with `aws --profile`. */
  explicit = resolve (f, "other", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fb_credentials_get_access_key_id (explicit), ==, "AKIDOTHER");
}

static void
test_default_profile (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FbCredentials) creds = NULL;

  write_file (f, ".aws/credentials", "# comment\n; also a comment\n[default]\n"
                                     "aws_access_key_id=AKIDFILE\naws_secret_access_key =  filesecret  \n"
                                     "aws_session_token = filetoken\n");
  creds = resolve (f, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fb_credentials_get_access_key_id (creds), ==, "AKIDFILE");
  g_assert_cmpstr (fb_credentials_get_secret_access_key (creds), ==, "filesecret");
  g_assert_cmpstr (fb_credentials_get_session_token (creds), ==, "filetoken");
}

static void
test_aws_profile_env_and_config (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FbCredentials) creds = NULL;
  g_autofree char *region = NULL;

  /* Keys only in ~/.aws/config, in a [profile NAME] section, with nested sub-settings. */
  write_file (f, ".aws/config", "[default]\nregion = us-east-1\n\n[profile cats]\nregion = ap-southeast-2\n"
                                "s3 =\n  max_concurrent_requests = 4\n"
                                "aws_access_key_id = AKIDCONFIG\naws_secret_access_key = configsecret\n");
  setenv_f (f, "AWS_PROFILE", "cats");
  creds = resolve (f, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fb_credentials_get_access_key_id (creds), ==, "AKIDCONFIG");

  region = fb_aws_config_resolve_region (NULL, (const char * const *) f->envp, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (region, ==, "ap-southeast-2");
}

static void
test_region_precedence (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *c = NULL;

  write_file (f, ".aws/config", "[default]\nregion = eu-west-1\n");
  a = fb_aws_config_resolve_region (NULL, (const char * const *) f->envp, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (a, ==, "eu-west-1");

  setenv_f (f, "AWS_DEFAULT_REGION", "us-west-1");
  b = fb_aws_config_resolve_region (NULL, (const char * const *) f->envp, &error);
  g_assert_cmpstr (b, ==, "us-west-1");

  setenv_f (f, "AWS_REGION", "us-west-2");
  c = fb_aws_config_resolve_region (NULL, (const char * const *) f->envp, &error);
  g_assert_cmpstr (c, ==, "us-west-2");
}

static void
test_file_path_variables (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FbCredentials) creds = NULL;
  g_autofree char *creds_path = g_build_filename (f->home, "elsewhere", "creds.ini", NULL);
  g_autofree char *config_path = g_build_filename (f->home, "elsewhere", "config.ini", NULL);
  g_autofree char *region = NULL;

  write_file (f, ".aws/credentials", "[default]\naws_access_key_id = WRONG\naws_secret_access_key = WRONG\n");
  write_file (f, "elsewhere/creds.ini", "[default]\naws_access_key_id = AKIDMOVED\naws_secret_access_key = moved\n");
  write_file (f, "elsewhere/config.ini", "[default]\nregion = sa-east-1\n");
  setenv_f (f, "AWS_SHARED_CREDENTIALS_FILE", creds_path);
  setenv_f (f, "AWS_CONFIG_FILE", config_path);

  creds = resolve (f, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fb_credentials_get_access_key_id (creds), ==, "AKIDMOVED");
  region = fb_aws_config_resolve_region (NULL, (const char * const *) f->envp, &error);
  g_assert_cmpstr (region, ==, "sa-east-1");
}

static void
test_missing_everything (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FbCredentials) creds = resolve (f, NULL, &error);

  g_assert_null (creds);
  g_assert_error (error, FB_AWS_CONFIG_ERROR, FB_AWS_CONFIG_ERROR_NO_CREDENTIALS);
  g_assert_nonnull (strstr (error->message, "AWS_ACCESS_KEY_ID"));
}

static void
test_missing_profile (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FbCredentials) creds = NULL;

  write_file (f, ".aws/credentials", "[default]\naws_access_key_id = A\naws_secret_access_key = B\n");
  creds = resolve (f, "nope", &error);
  g_assert_null (creds);
  g_assert_error (error, FB_AWS_CONFIG_ERROR, FB_AWS_CONFIG_ERROR_PROFILE_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "nope"));
}

static void
test_incomplete (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) env_error = NULL;
  g_autoptr(GError) file_error = NULL;
  g_autoptr(FbCredentials) a = NULL;
  g_autoptr(FbCredentials) b = NULL;
  g_auto(GStrv) saved = g_strdupv (f->envp);

  setenv_f (f, "AWS_ACCESS_KEY_ID", "AKIDONLY");
  a = resolve (f, NULL, &env_error);
  g_assert_error (env_error, FB_AWS_CONFIG_ERROR, FB_AWS_CONFIG_ERROR_INCOMPLETE);
  g_assert_nonnull (strstr (env_error->message, "AWS_SECRET_ACCESS_KEY"));

  g_strfreev (f->envp);
  f->envp = g_steal_pointer (&saved);
  write_file (f, ".aws/credentials", "[default]\naws_access_key_id = AKIDONLY\n");
  b = resolve (f, NULL, &file_error);
  g_assert_error (file_error, FB_AWS_CONFIG_ERROR, FB_AWS_CONFIG_ERROR_INCOMPLETE);
  g_assert_nonnull (strstr (file_error->message, "aws_secret_access_key"));
}

static void
test_malformed_files (Fixture *f, gconstpointer data)
{
  struct { const char *file; const char *contents; const char *where; } cases[] = {
    { ".aws/credentials", "[default]\naws_access_key_id = A\nnot a setting\n", "credentials, line 3" },
    { ".aws/credentials", "aws_access_key_id = A\n", "credentials, line 1" },
    { ".aws/credentials", "[default\naws_access_key_id = A\n", "credentials, line 1" },
    { ".aws/config", "[default]\nregion = us-east-1\n\n[profile x\n", "config, line 4" },
    { ".aws/credentials", "[default]\n= value\n", "credentials, line 2" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(FbCredentials) creds = NULL;
      g_autofree char *cred_path = g_build_filename (f->home, ".aws", "credentials", NULL);
      g_autofree char *conf_path = g_build_filename (f->home, ".aws", "config", NULL);

      g_remove (cred_path);
      g_remove (conf_path);
      write_file (f, cases[i].file, cases[i].contents);
      creds = resolve (f, NULL, &error);
      g_assert_null (creds);
      g_assert_error (error, FB_AWS_CONFIG_ERROR, FB_AWS_CONFIG_ERROR_PARSE);
      if (strstr (error->message, cases[i].where) == NULL)
        g_error ("case %u: “%s” does not name “%s”", i, error->message, cases[i].where);
    }
}

static void
test_binary_file (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FbCredentials) creds = NULL;

  write_file (f, ".aws/credentials", "[default]\n\xff\xfe\n");
  creds = resolve (f, NULL, &error);
  g_assert_error (error, FB_AWS_CONFIG_ERROR, FB_AWS_CONFIG_ERROR_PARSE);
}

static void
test_expiry (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 1, 1, 12, 0, 0);
  g_autoptr(GDateTime) soon = g_date_time_add_minutes (now, 3);
  g_autoptr(FbCredentials) temporary = fb_credentials_new ("ASIA", "s", "t", soon);
  g_autoptr(FbCredentials) permanent = fb_credentials_new ("AKIA", "s", "", NULL);

  g_assert_false (fb_credentials_is_expired (temporary, now, 0));
  g_assert_true (fb_credentials_is_expired (temporary, now, 5 * G_TIME_SPAN_MINUTE));
  g_assert_false (fb_credentials_is_expired (permanent, now, G_TIME_SPAN_DAY));
  g_assert_null (fb_credentials_get_session_token (permanent));
}

static void
got_credentials (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  FbCredentials **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = fb_credentials_provider_load_finish (FB_CREDENTIALS_PROVIDER (source), result, &error);
  g_assert_no_error (error);
}

static void
test_providers (Fixture *f, gconstpointer data)
{
  g_autoptr(FbCredentials) fixed = fb_credentials_new ("AKIDSTATIC", "s", NULL, NULL);
  g_autoptr(FbCredentialsProvider) static_provider = fb_static_credentials_provider_new (fixed);
  g_autoptr(FbCredentialsProvider) chain = NULL;
  g_autoptr(FbCredentials) a = NULL;
  g_autoptr(FbCredentials) b = NULL;
  g_autofree char *creds_path = g_build_filename (f->home, ".aws", "credentials", NULL);

  fb_credentials_provider_load_async (static_provider, NULL, got_credentials, &a);
  while (a == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (fb_credentials_get_access_key_id (a), ==, "AKIDSTATIC");

  /* The chain provider reads the process environment: point it at this fixture's files. */
  write_file (f, ".aws/credentials", "[chain]\naws_access_key_id = AKIDCHAIN\naws_secret_access_key = c\n");
  g_setenv ("AWS_SHARED_CREDENTIALS_FILE", creds_path, TRUE);
  chain = fb_chain_credentials_provider_new ("chain");
  fb_credentials_provider_load_async (chain, NULL, got_credentials, &b);
  while (b == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (fb_credentials_get_access_key_id (b), ==, "AKIDCHAIN");
  g_unsetenv ("AWS_SHARED_CREDENTIALS_FILE");
}

static void
test_endpoint_overrides (Fixture *f, gconstpointer data)
{
  const char *dflt = "https://events.ap-southeast-2.amazonaws.com/";
  g_autoptr(GError) error = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *c = NULL;
  g_autofree char *d = NULL;
  g_autofree char *e = NULL;

  a = fb_aws_endpoint_resolve ("EVENTBRIDGE", dflt, NULL, (const char * const *) f->envp, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (a, ==, dflt);

  write_file (f, ".aws/config", "[default]\nendpoint_url = https://profile.example/\n");
  b = fb_aws_endpoint_resolve ("EVENTBRIDGE", dflt, NULL, (const char * const *) f->envp, &error);
  g_assert_cmpstr (b, ==, "https://profile.example/");

  setenv_f (f, "AWS_ENDPOINT_URL", "http://127.0.0.1:4566");
  c = fb_aws_endpoint_resolve ("EVENTBRIDGE", dflt, NULL, (const char * const *) f->envp, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (c, ==, "http://127.0.0.1:4566");

  setenv_f (f, "AWS_ENDPOINT_URL_EVENTBRIDGE", "http://[::1]:9000/");
  d = fb_aws_endpoint_resolve ("EVENTBRIDGE", dflt, NULL, (const char * const *) f->envp, &error);
  g_assert_cmpstr (d, ==, "http://[::1]:9000/");

  /* Plain HTTP off loopback is refused, and the message says where the URL came from. */
  setenv_f (f, "AWS_ENDPOINT_URL_COGNITO_IDENTITY", "http://192.0.2.10/");
  e = fb_aws_endpoint_resolve ("COGNITO_IDENTITY", "https://cognito-identity.us-east-1.amazonaws.com/",
                               NULL, (const char * const *) f->envp, &error);
  g_assert_null (e);
  g_assert_error (error, FB_AWS_ENDPOINT_ERROR, FB_AWS_ENDPOINT_ERROR_INSECURE);
  g_assert_nonnull (strstr (error->message, "AWS_ENDPOINT_URL_COGNITO_IDENTITY"));
}

static void
test_loopback (void)
{
  g_assert_true (fb_url_host_is_loopback ("http://127.0.0.1:80/"));
  g_assert_true (fb_url_host_is_loopback ("127.0.0.5:1234"));
  g_assert_true (fb_url_host_is_loopback ("ws://[::1]:8080/mqtt"));
  g_assert_true (fb_url_host_is_loopback ("localhost"));
  g_assert_false (fb_url_host_is_loopback ("http://10.0.0.1/"));
  g_assert_false (fb_url_host_is_loopback ("http://127.0.0.1.example.com/"));
  g_assert_false (fb_url_host_is_loopback ("example.com:443"));
}

static void
test_redact (void)
{
  g_autofree char *a = fb_redact_url ("wss://x-ats.iot.us-east-1.amazonaws.com/mqtt?X-Amz-Signature=abc&X-Amz-Security-Token=tok");
  g_autofree char *b = fb_redact_url ("mqtt://user:hunter2@broker.example:1883/path");
  g_autofree char *c = fb_redact_url ("mqtts://broker.example");

  g_assert_cmpstr (a, ==, "wss://x-ats.iot.us-east-1.amazonaws.com/mqtt?<redacted>");
  g_assert_null (strstr (a, "abc"));
  g_assert_cmpstr (b, ==, "mqtt://user:<redacted>@broker.example:1883/path");
  g_assert_cmpstr (c, ==, "mqtts://broker.example");
}

static void
test_presign_inputs (void)
{
  g_autoptr(FbCredentials) creds = fb_credentials_new ("AKID", "secret", "tok/en", NULL);
  g_autoptr(GDateTime) time = g_date_time_new_utc (2026, 1, 2, 3, 4, 5);
  g_autoptr(GError) error = NULL;
  g_autofree char *host = fb_iot_default_host_header ("abc-ats.iot.us-east-1.amazonaws.com");
  g_autofree char *loop_host = fb_iot_default_host_header ("ws://127.0.0.1:38021");
  g_autofree char *v6_host = fb_iot_default_host_header ("ws://[::1]:38021");
  g_autofree char *url = NULL;
  g_autofree char *insecure = NULL;
  g_autofree char *bad = NULL;

  g_assert_cmpstr (host, ==, "abc-ats.iot.us-east-1.amazonaws.com:443");
  g_assert_cmpstr (loop_host, ==, "127.0.0.1:38021");
  g_assert_cmpstr (v6_host, ==, "[::1]:38021");

  url = fb_iot_presign_url (creds, "abc-ats.iot.us-east-1.amazonaws.com", "us-east-1", NULL, time, 0, &error);
  g_assert_no_error (error);
  /* The token is appended after the signature and is not part of what was signed. */
  g_assert_true (g_str_has_suffix (url, "&X-Amz-Security-Token=tok%2Fen"));
  g_assert_nonnull (strstr (url, "X-Amz-Signature="));
  g_assert_true (strstr (url, "X-Amz-Signature=") < strstr (url, "X-Amz-Security-Token="));

  insecure = fb_iot_presign_url (creds, "ws://example.com:80", "us-east-1", NULL, time, 0, &error);
  g_assert_null (insecure);
  g_assert_error (error, FB_IOT_PRESIGN_ERROR, FB_IOT_PRESIGN_ERROR_INSECURE);
  g_clear_error (&error);

  bad = fb_iot_presign_url (creds, "abc ats/../", "us-east-1", NULL, time, 0, &error);
  g_assert_null (bad);
  g_assert_error (error, FB_IOT_PRESIGN_ERROR, FB_IOT_PRESIGN_ERROR_INVALID_ENDPOINT);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/credentials/chain/env-only", test_env_only);
  ADD ("/credentials/chain/env-beats-files", test_env_beats_files);
  ADD ("/credentials/chain/default-profile", test_default_profile);
  ADD ("/credentials/chain/aws-profile-and-config", test_aws_profile_env_and_config);
  ADD ("/credentials/chain/region-precedence", test_region_precedence);
  ADD ("/credentials/chain/file-path-variables", test_file_path_variables);
  ADD ("/credentials/chain/missing-everything", test_missing_everything);
  ADD ("/credentials/chain/missing-profile", test_missing_profile);
  ADD ("/credentials/chain/incomplete", test_incomplete);
  ADD ("/credentials/chain/malformed-files", test_malformed_files);
  ADD ("/credentials/chain/binary-file", test_binary_file);
  ADD ("/credentials/providers", test_providers);
  ADD ("/credentials/endpoint-overrides", test_endpoint_overrides);
#undef ADD
  g_test_add_func ("/credentials/expiry", test_expiry);
  g_test_add_func ("/credentials/loopback", test_loopback);
  g_test_add_func ("/credentials/redact", test_redact);
  g_test_add_func ("/credentials/presign-inputs", test_presign_inputs);

  return g_test_run ();
}
