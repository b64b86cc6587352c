/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ledger-fill.c: fills a ledger with N order events through FbLedger's own write path (the same
 * queue, writer thread, batches and checkpoints as a recording), for bench/ledger.py. Events are
 * 1 ms apart in received time, over M orders walking through the statuses, with a duplicate every
 * tenth event. Usage: ledger-fill DIR N M */
#define G_LOG_DOMAIN "bench-ledger-fill"

#include <stdlib.h>
#include <string.h>

#include "fb-ledger.h"
#include "fb-test-ledger.h"   /* fb_test_ledger_flush: waits on the default context */

static const char *const statuses[] = { "SUBMITTED", "ACCEPTED_BY_STORE", "IN_KITCHEN", "READY_FOR_PICKUP",
                                        "PICKED_UP_BY_DRIVER", "OUT_FOR_DELIVERY", "DELIVERED", "COMPLETED" };

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FbLedger) ledger = NULL;
  gint64 n, orders, t0 = 1763960000LL * G_USEC_PER_SEC;

  if (argc != 4 || (n = g_ascii_strtoll (argv[2], NULL, 10)) <= 0 || (orders = g_ascii_strtoll (argv[3], NULL, 10)) <= 0)
    {
      g_printerr ("usage: ledger-fill DIR N M\n");
      return 2;
    }
  ledger = fb_ledger_open (argv[1], &error);
  if (ledger == NULL)
    {
      g_printerr ("ledger-fill: %s\n", error->message);
      return 1;
    }

  for (gint64 i = 0; i < n; i++)
    {
      FbMqttMessage message = { 0 };
      gint64 order = (i * 7919) % orders;
      gint64 updated = t0 + i * 1000;
      g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (updated / G_USEC_PER_SEC);
      g_autofree char *stamp = g_date_time_format (time, "%Y-%m-%dT%H:%M:%S");

      message.topic = (char *) "orders/events";
      message.received_at = updated + 500;
      {
        g_autofree char *text = g_strdup_printf ("{\"orderId\":\"2dh3kOyQLCo9s2mG8yM%08" G_GINT64_FORMAT "\","
                                                 "\"status\":\"%s\",\"updatedAt\":\"%s.%03dZ\",\"event\":\"UPDATED\"}",
                                                 order, statuses[(i / orders) % G_N_ELEMENTS (statuses)], stamp,
                                                 (int) (updated / 1000 % 1000));
        gsize len = strlen (text);
        message.payload = g_bytes_new_take (g_steal_pointer (&text), len);
      }
      fb_ledger_append_message (ledger, &message);
      if (i % 10 == 9)
        fb_ledger_append_message (ledger, &message);
      g_bytes_unref (message.payload);

      /* Keep the queue bounded: let the writer catch up now and then. */
      if (i % 100000 == 99999 && !fb_test_ledger_flush (ledger, &error))
        break;
    }

  if (error != NULL || !fb_test_ledger_flush (ledger, &error))
    {
      g_printerr ("ledger-fill: %s\n", error->message);
      return 1;
    }
  g_print ("%" G_GINT64_FORMAT "\n", fb_ledger_get_committed_seq (ledger));
  return 0;
}
