/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-ledger-records.c: libFuzzer over reading a ledger row back (fb_ledger_row_read and
 * fb_ledger_row_to_json), as a damaged or hostile file could hold it. Input: 1 byte kind, 8 bytes
 * received_at, 8 bytes updated_at, then topic, key, status, updatedAt text and event, each ended
 * by a NUL (an empty one is NULL, the topic excepted), then the payload. The export line must be
 * one valid JSON object whatever the row. Built by build-aux/fuzz. */
#include <string.h>

#include "fb-ledger.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static const char *
next_field (const guint8 **data,
            gsize         *size,
            gboolean       nullable)
{
  const guint8 *end = memchr (*data, '\0', *size);
  const char *field = (const char *) *data;

  if (end == NULL)
    return nullable ? NULL : "";
  *size -= end - *data + 1;
  *data = end + 1;
  return nullable && *field == '\0' ? NULL : field;
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  FbLedgerRow row = { 0 };
  g_autoptr(FbInboundEvent) event = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *line = NULL;
  gsize len;

  if (size < 17)
    return 0;
  row.seq = size;
  row.kind = data[0] % 7;   /* one past the last kind, as a newer Feedboard could write */
  memcpy (&row.received_at, data + 1, 8);
  memcpy (&row.updated_at, data + 9, 8);
  data += 17;
  size -= 17;
  row.topic = next_field (&data, &size, FALSE);
  row.key = next_field (&data, &size, TRUE);
  row.status = next_field (&data, &size, TRUE);
  row.updated_at_text = next_field (&data, &size, TRUE);
  row.event = next_field (&data, &size, TRUE);
  row.payload = size > 0 ? data : NULL;
  row.payload_len = size;

  event = fb_ledger_row_read (&row);
  if (event != NULL && event->kind == FB_INBOUND_ORDER)
    g_assert_true (fb_order_event_check (event->order, NULL));
  else if (event != NULL)
    g_assert_cmpint (event->kind, ==, FB_INBOUND_FEEDER_STATE);

  line = fb_ledger_row_to_json (&row, &len);
  g_assert_cmpuint (strlen (line), ==, len);
  g_assert_true (g_utf8_validate (line, len, NULL));
  g_assert_true (json_parser_load_from_data (parser, line, len, NULL));
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return 0;
}
