/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-diagnosis.c: AWS refusals and network failures in the shapes real services send them
 * (JSON, XML, a bare 403, a Date header from another clock) become the right cause and words;
 * the probe passes a good presigned upgrade at the sim's gateway and explains a bad one. The
 * resolver's failure is built here rather than provoked: a lookup would leave loopback. */
#include <string.h>

#include <libsoup/soup.h>

#include "fb-diagnosis-probe.h"
#include "fb-iot-presign.h"
#include "fb-test-sim.h"

#define NOW_US (G_GINT64_CONSTANT (1764421200) * G_USEC_PER_SEC)   /* 2025-11-29 13:00:00 UTC */

static GError *
refusal (guint status, const char *body, const char *date, const char *host, const char *region, FbCredentials *creds)
{
  g_autoptr(GBytes) bytes = body != NULL ? g_bytes_new (body, strlen (body)) : NULL;
  GError *error = NULL;

  fb_diagnosis_explain_refusal (status, bytes, date, NOW_US, host, region, creds, &error);
  g_assert_nonnull (error);
  g_assert_true (error->domain == FB_DIAGNOSIS_ERROR);
  return error;
}

static void
test_refusals (void)
{
  g_autoptr(FbCredentials) keys = fb_credentials_new ("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", NULL, NULL);
  g_autoptr(GDateTime) past = g_date_time_new_from_unix_utc (NOW_US / G_USEC_PER_SEC - 60);
  g_autoptr(FbCredentials) expired = fb_credentials_new ("ASIAEXAMPLE0000XYZW", "secret", "token", past);
  /* A body that is all nesting: still only the status to go by. */
  g_autofree char *deep = g_strnfill (60000, '[');
  struct {
    guint status; const char *body; const char *date; const char *host; FbCredentials *creds;
    FbDiagnosisCause cause; const char *words;
  } cases[] = {
    /* The Date header decides before anything else. */
    { 403, "{\"message\":\"Signature expired\"}", "Sat, 29 Nov 2025 13:10:00 GMT", NULL, keys,
      FB_DIAGNOSIS_CLOCK_SKEW, "10 minutes behind" },
    { 403, NULL, "Sat, 29 Nov 2025 09:00:00 GMT", NULL, keys, FB_DIAGNOSIS_CLOCK_SKEW, "4 hours ahead" },
    { 403, NULL, "Sat, 29 Nov 2025 13:04:00 GMT", NULL, keys, FB_DIAGNOSIS_NOT_AUTHORIZED, "HTTP 403" },
    { 403, "{\"__type\":\"InvalidSignatureException\",\"message\":\"Signature not yet current: 20251129T131000Z is still later than 20251129T130500Z\"}",
      NULL, NULL, keys, FB_DIAGNOSIS_CLOCK_SKEW, "more than 5 minutes off" },
    { 403, "{\"__type\":\"com.amazon.coral.service#ExpiredTokenException\",\"message\":\"The security token included in the request is expired\"}",
      NULL, NULL, keys, FB_DIAGNOSIS_TOKEN_EXPIRED, "have expired" },
    /* Known locally even when AWS says nothing. */
    { 403, "", NULL, NULL, expired, FB_DIAGNOSIS_TOKEN_EXPIRED, "access key …XYZW" },
    { 403, "<ErrorResponse><Error><Code>InvalidClientTokenId</Code><Message>The security token included in the request is invalid.</Message></Error></ErrorResponse>",
      NULL, NULL, keys, FB_DIAGNOSIS_UNKNOWN_ACCESS_KEY, "does not recognize the access key …MPLE" },
    { 403, "<Error><Code>SignatureDoesNotMatch</Code></Error>", NULL, NULL, keys, FB_DIAGNOSIS_SIGNATURE_MISMATCH, "secret access key does not match" },
    { 403, "{\"__type\":\"InvalidSignatureException\",\"message\":\"The request signature we calculated does not match the signature you provided.\"}",
      NULL, NULL, keys, FB_DIAGNOSIS_SIGNATURE_MISMATCH, "stray space" },
    /* The endpoint's own name tells the region. */
    { 403, NULL, NULL, "abc123-ats.iot.eu-west-1.amazonaws.com", keys, FB_DIAGNOSIS_WRONG_REGION, "set the region to eu-west-1" },
    { 403, "{\"message\":\"Credential should be scoped to a valid region.\"}", NULL, "127.0.0.1", keys,
      FB_DIAGNOSIS_WRONG_REGION, "another region than us-east-1" },
    { 403, "{\"__type\":\"AccessDeniedException\",\"message\":\"User is not authorized to perform: iot:Connect\"}",
      NULL, NULL, keys, FB_DIAGNOSIS_NOT_AUTHORIZED, "iot:Connect" },
    { 404, "<html>nope</html>", NULL, "example.org", keys, FB_DIAGNOSIS_NOT_AN_IOT_ENDPOINT, "is example.org an AWS IoT data endpoint" },
    /* Hostile bodies: wrong types, not UTF-8, not JSON. */
    { 403, "{\"__type\":42,\"message\":[1,2]}", NULL, NULL, keys, FB_DIAGNOSIS_NOT_AUTHORIZED, "HTTP 403" },
    { 403, "\xff\xfe\x00garbage", NULL, NULL, NULL, FB_DIAGNOSIS_NOT_AUTHORIZED, "HTTP 403" },
    { 403, deep, NULL, NULL, keys, FB_DIAGNOSIS_NOT_AUTHORIZED, "HTTP 403" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = refusal (cases[i].status, cases[i].body, cases[i].date, cases[i].host, "us-east-1", cases[i].creds);

      g_test_message ("case %u: %s", i, error->message);
      g_assert_cmpint (error->code, ==, cases[i].cause);
      g_assert_nonnull (strstr (error->message, cases[i].words));
      /* Words never carry the secret. */
      g_assert_null (strstr (error->message, "wJalrXUtnFEMI"));
    }
}

static void
test_network (void)
{
  struct { GQuark domain; int code; FbDiagnosisCause cause; const char *words; } cases[] = {
    { G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND, FB_DIAGNOSIS_NAME_NOT_FOUND, "Cannot find the server “abc-ats.iot.us-east-1.amazonaws.com”" },
    { G_RESOLVER_ERROR, G_RESOLVER_ERROR_TEMPORARY_FAILURE, FB_DIAGNOSIS_NAME_NOT_FOUND, "this computer is online" },
    { G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED, FB_DIAGNOSIS_UNREACHABLE, "Nothing is listening at abc-ats.iot.us-east-1.amazonaws.com:443" },
    { G_IO_ERROR, G_IO_ERROR_TIMED_OUT, FB_DIAGNOSIS_UNREACHABLE, "did not answer in time" },
    { G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE, FB_DIAGNOSIS_UNREACHABLE, "no route" },
    { G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE, FB_DIAGNOSIS_TLS, "is not trusted" },
    { G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE, FB_DIAGNOSIS_UNKNOWN, "Cannot reach" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) network = g_error_new_literal (cases[i].domain, cases[i].code, "low-level words");
      g_autoptr(GError) error = NULL;

      fb_diagnosis_explain_network (network, "abc-ats.iot.us-east-1.amazonaws.com:443", 0, &error);
      g_assert_error (error, FB_DIAGNOSIS_ERROR, (int) cases[i].cause);
      g_assert_nonnull (strstr (error->message, cases[i].words));
    }
}

typedef struct
{
  gboolean  done;
  gboolean  fine;
  GError   *error;
} Probe;

static void
on_probed (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Probe *probe = user_data;

  probe->fine = fb_diagnosis_probe_iot_finish (result, &probe->error);
  probe->done = TRUE;
}

static gboolean
probe_done (gpointer data)
{
  return ((Probe *) data)->done;
}

static void
probe_url (FbCredentials *creds, const char *endpoint, const char *region, Probe *probe)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = fb_iot_presign_url (creds, endpoint, region, NULL, NULL, 0, &error);

  g_assert_no_error (error);
  fb_diagnosis_probe_iot_async (url, region, creds, NULL, on_probed, probe);
  g_assert_true (fb_test_wait_for (probe_done, probe, 20));
}

static void
test_probe_against_gateway (void)
{
  FbTestSim sim = { 0 };
  g_autoptr(FbCredentials) good = NULL;
  g_autoptr(FbCredentials) bad = NULL;
  Probe accepted = { 0 };
  Probe refused = { 0 };

  fb_test_sim_start (&sim, NULL, NULL);
  good = fb_credentials_new (fb_test_sim_var (&sim, "AWS_ACCESS_KEY_ID"), fb_test_sim_var (&sim, "AWS_SECRET_ACCESS_KEY"), NULL, NULL);
  bad = fb_credentials_new (fb_test_sim_var (&sim, "AWS_ACCESS_KEY_ID"), "not-the-secret", NULL, NULL);

  /* The same Host as Paho (with the port): a good signature gets its 101. */
  probe_url (good, fb_test_sim_var (&sim, "IOT_ENDPOINT"), "us-east-1", &accepted);
  g_assert_no_error (accepted.error);
  g_assert_true (accepted.fine);

  probe_url (bad, fb_test_sim_var (&sim, "IOT_ENDPOINT"), "us-east-1", &refused);
  g_assert_false (refused.fine);
  g_assert_error (refused.error, FB_DIAGNOSIS_ERROR, FB_DIAGNOSIS_SIGNATURE_MISMATCH);
  g_clear_error (&refused.error);

  fb_test_sim_stop (&sim);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/diagnosis/refusals", test_refusals);
  g_test_add_func ("/diagnosis/network", test_network);
  g_test_add_func ("/diagnosis/probe-against-gateway", test_probe_against_gateway);

  return g_test_run ();
}
