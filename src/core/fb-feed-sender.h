/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-feed-sender.h: sends feed commands by the chosen route, each at most once, within a deadline. */
#pragma once

#include "fb-aws-json-client.h"
#include "fb-feed-command.h"
#include "fb-mqtt-client.h"

G_BEGIN_DECLS

#define FB_FEED_ACTION_TOPIC         "cat-feeder/action"
#define FB_FEED_EVENT_SOURCE         "com.feedmyfurbabies"
#define FB_FEED_EVENT_DETAIL_TYPE    "AWS IoT 1-Click"
#define FB_FEED_DEFAULT_DEADLINE     10

#define FB_TYPE_FEED_SENDER (fb_feed_sender_get_type ())
G_DECLARE_FINAL_TYPE (FbFeedSender, fb_feed_sender, FB, FEED_SENDER, GObject)

FbFeedSender  *fb_feed_sender_new             (void);
/* EventBridge: @client signs for "events"; @bus NULL = feedmyfurbabies. @client NULL = none. */
void           fb_feed_sender_set_eventbridge (FbFeedSender    *self,
                                               FbAwsJsonClient *client,
                                               const char      *bus);
void           fb_feed_sender_set_mqtt        (FbFeedSender    *self,
                                               FbMqttClient    *client);
/* The user's choice. Until one is made: EventBridge when configured, else MQTT. */
void           fb_feed_sender_set_route       (FbFeedSender    *self,
                                               FbFeedRoute      route);
FbFeedRoute    fb_feed_sender_get_route       (FbFeedSender    *self);
/* Whether @route can be used now; else FALSE with words saying why. */
gboolean       fb_feed_sender_can_use         (FbFeedSender    *self,
                                               FbFeedRoute      route,
                                               char           **why_not);
void           fb_feed_sender_set_deadline    (FbFeedSender    *self,
                                               guint            seconds);
/* Starts one feed, or — when the same bowl of the same feeder already has one in flight —
   returns that one: a double click or a key repeat never feeds twice. The returned command
   (a new reference) reports its outcome through its "state" property. */
FbFeedCommand *fb_feed_sender_feed            (FbFeedSender    *self,
                                               const char      *feeder_id,
                                               FbBowl           bowl);
FbFeedCommand *fb_feed_sender_get_in_flight   (FbFeedSender    *self,
                                               const char      *feeder_id,
                                               FbBowl           bowl);

G_END_DECLS
