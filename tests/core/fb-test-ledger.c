/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-test-ledger.c: what the ledger's tests share — a temporary directory, order messages, and
   the ledger's _async calls waited for on the default context. */
#include <string.h>

#include <glib/gstdio.h>

#include "fb-test-ledger.h"

char *
fb_test_make_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("fb-test-ledger-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

void
fb_test_remove_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_remove (path);
    }
  g_rmdir (dir);
}

void
fb_test_store_result_cb (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* The ledger completes its calls on the default context: iterate it until the answer is in. */
GAsyncResult *
fb_test_wait_for (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *result;
}

gboolean
fb_test_ledger_flush (FbLedger  *ledger,
                      GError   **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  fb_ledger_flush_async (ledger, NULL, fb_test_store_result_cb, &result);
  return fb_ledger_flush_finish (ledger, fb_test_wait_for (&result), error);
}

gboolean
fb_test_ledger_clear (FbLedger  *ledger,
                      GError   **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  fb_ledger_clear_async (ledger, NULL, fb_test_store_result_cb, &result);
  return fb_ledger_clear_finish (ledger, fb_test_wait_for (&result), error);
}

gboolean
fb_test_ledger_apply_retention (FbLedger  *ledger,
                                gint64     max_age_seconds,
                                gint64     max_bytes,
                                GError   **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  fb_ledger_apply_retention_async (ledger, max_age_seconds, max_bytes, NULL, fb_test_store_result_cb, &result);
  return fb_ledger_apply_retention_finish (ledger, fb_test_wait_for (&result), error);
}

FbMqttMessage *
fb_test_order_message (const char *order_id,
                       const char *status,
                       gint64      updated_at,
                       gint64      received_at)
{
  FbMqttMessage *m = g_new0 (FbMqttMessage, 1);
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (updated_at / G_USEC_PER_SEC);
  g_autoptr(GDateTime) with_ms = g_date_time_add (time, updated_at % G_USEC_PER_SEC);
  g_autofree char *stamp = g_date_time_format (with_ms, "%Y-%m-%dT%H:%M:%S.%fZ");
  char *json;

  /* %f is microseconds; the backend sends milliseconds. */
  stamp[23] = 'Z';
  stamp[24] = '\0';
  json = g_strdup_printf ("{\"orderId\":\"%s\",\"status\":\"%s\",\"updatedAt\":\"%s\",\"event\":\"UPDATED\"}",
                          order_id, status, stamp);
  m->topic = g_strdup ("orders/events");
  m->payload = g_bytes_new_take (json, strlen (json));
  m->received_at = received_at;
  return m;
}
