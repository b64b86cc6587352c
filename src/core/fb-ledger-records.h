/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-ledger-records.h: the ledger records Feedboard writes itself (not received messages):
   connection changes and feed commands, as small JSON objects. */
#pragma once

#include "fb-feed-command.h"
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

G_END_DECLS
