/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ledger-write.c: writes the messages given on standard input into a ledger through FbLedger's
 * own write path (queue, writer thread, batches, checkpoints), for the ledger tests. One message
 * a line: RECEIVED_AT_US TOPIC PAYLOAD (the payload is the rest of the line). Usage: ledger-write DIR */
#include <stdio.h>
#include <string.h>

#include "fb-ledger.h"
#include "fb-test-ledger.h"   /* fb_test_ledger_flush: waits on the default context */

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FbLedger) ledger = NULL;
  char line[65536];

  if (argc != 2)
    {
      g_printerr ("usage: ledger-write DIR < MESSAGES\n");
      return 2;
    }
  ledger = fb_ledger_open (argv[1], &error);
  if (ledger == NULL)
    {
      g_printerr ("ledger-write: %s\n", error->message);
      return 1;
    }
  while (fgets (line, sizeof line, stdin) != NULL)
    {
      g_auto(GStrv) parts = g_strsplit (g_strchomp (line), " ", 3);
      FbMqttMessage message = { 0 };

      if (g_strv_length (parts) != 3)
        continue;
      message.received_at = g_ascii_strtoll (parts[0], NULL, 10);
      message.topic = parts[1];
      message.payload = g_bytes_new (parts[2], strlen (parts[2]));
      fb_ledger_append_message (ledger, &message);
      g_bytes_unref (message.payload);
    }
  if (!fb_test_ledger_flush (ledger, &error))
    {
      g_printerr ("ledger-write: %s\n", error->message);
      return 1;
    }
  g_print ("%" G_GINT64_FORMAT "\n", fb_ledger_get_committed_seq (ledger));
  return 0;
}
