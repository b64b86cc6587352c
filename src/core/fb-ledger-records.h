/* fb-ledger-records.h: the ledger's records one by one: those Feedboard writes itself (connection
   changes and feed commands, as small JSON objects), and every stored row read back (for the
   fold, the state and the export) through fb-inbound and the checked JSON parser, so that a hostile
   message kept raw cannot hurt a later reader. */
#pragma once

#include "fb-feed-command.h"
#include "fb-inbound.h"
#include "fb-ledger.h"
#include "fb-mqtt-client.h"

G_BEGIN_DECLS

#define FB_LEDGER_CONNECTION_TOPIC "feedboard/connection"
#define FB_LEDGER_FEED_TOPIC       "feedboard/feed"

/* {"state": "connected", "server": "…", "reason": "…"} — the server as fb_mqtt_client_describe_server
   gives it, never a presigned URL. */
void fb_ledger_record_connection   (FbLedger      *ledger,
                                    FbMqttClient  *client);
/* {"id", "feederId", "bowl", "clickType", "route", "state", "receipt", "reason"} */
void fb_ledger_record_feed_command (FbLedger      *ledger,
                                    FbFeedCommand *command);

/* One row of the ledger's events, as stored: the decoded columns (NULL when the message did not
   decode) and the raw bytes. Strings may be anything a damaged or hostile file holds. */
typedef struct
{
  gint64        seq;
  gint64        received_at;
  FbLedgerKind  kind;
  const char   *topic;
  const char   *key;               /* the order's or the feeder's id */
  const char   *status;
  gint64        updated_at;
  const char   *updated_at_text;
  const char   *event;
  const guint8 *payload;
  gsize         payload_len;
} FbLedgerRow;

/* The row's event for the fold: an order from its columns, checked as every order event is
   (fb_order_event_check: a year-9999 updatedAt kept by an older Feedboard does not pin its order);
   a feeder state decoded again from the raw bytes by fb_inbound_decode. NULL for a row that is
   part of no state (another topic, a refused message, Feedboard's own records). */
FbInboundEvent *fb_ledger_row_read    (const FbLedgerRow *row);
/* The row as one line of JSON Lines, without the newline: seq, receivedAt, topic, kind, the
   decoded fields, and the payload: as JSON ("payload") when it passes fb_json_parse, else as a
   string ("raw", or "rawBase64" when it is not UTF-8) with the reason in "payloadRefused".
   Valid JSON for any row. */
char           *fb_ledger_row_to_json (const FbLedgerRow *row,
                                       gsize             *len);

G_END_DECLS
