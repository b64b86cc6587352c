/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-feed-command.h: one press of a feed button, from sending to its outcome (PROTOCOLS.md §4). */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  FB_BOWL_LEFT,   /* click-type SINGLE */
  FB_BOWL_RIGHT,  /* click-type DOUBLE */
  FB_BOWL_BOTH,   /* click-type LONG */
} FbBowl;

typedef enum
{
  FB_FEED_ROUTE_EVENTBRIDGE,  /* PutEvents; the backend's rule reaches the feeders */
  FB_FEED_ROUTE_MQTT,         /* publish straight to cat-feeder/action */
} FbFeedRoute;

typedef enum
{
  FB_FEED_COMMAND_SENDING,
  FB_FEED_COMMAND_ACCEPTED,
  FB_FEED_COMMAND_FAILED,
} FbFeedCommandState;

#define FB_TYPE_BOWL               (fb_bowl_get_type ())
#define FB_TYPE_FEED_ROUTE         (fb_feed_route_get_type ())
#define FB_TYPE_FEED_COMMAND_STATE (fb_feed_command_state_get_type ())
#define FB_TYPE_FEED_COMMAND       (fb_feed_command_get_type ())

G_DECLARE_FINAL_TYPE (FbFeedCommand, fb_feed_command, FB, FEED_COMMAND, GObject)

GType              fb_bowl_get_type               (void) G_GNUC_CONST;
GType              fb_feed_route_get_type         (void) G_GNUC_CONST;
GType              fb_feed_command_state_get_type (void) G_GNUC_CONST;

/* "left" / "right" / "both" ↔ FbBowl; the click-type the firmware understands. */
gboolean           fb_bowl_from_string            (const char         *text,
                                                   FbBowl             *bowl);
const char        *fb_bowl_to_string              (FbBowl              bowl);
const char        *fb_bowl_to_click_type          (FbBowl              bowl);
gboolean           fb_feed_route_from_string      (const char         *text,
                                                   FbFeedRoute        *route);
const char        *fb_feed_route_to_string        (FbFeedRoute         route);

FbFeedCommand     *fb_feed_command_new            (const char         *feeder_id,
                                                   FbBowl              bowl,
                                                   FbFeedRoute         route);
/* A command as the history recorded it: its own id and the time it was sent, still sending until
   fb_feed_command_accept () or fb_feed_command_fail () gives it the recorded outcome. */
FbFeedCommand     *fb_feed_command_new_recorded   (const char         *id,
                                                   const char         *feeder_id,
                                                   FbBowl              bowl,
                                                   FbFeedRoute         route,
                                                   gint64              created_at);
const char        *fb_feed_command_get_id         (FbFeedCommand      *self);
const char        *fb_feed_command_get_feeder_id  (FbFeedCommand      *self);
FbBowl             fb_feed_command_get_bowl       (FbFeedCommand      *self);
FbFeedRoute        fb_feed_command_get_route      (FbFeedCommand      *self);
FbFeedCommandState fb_feed_command_get_state      (FbFeedCommand      *self);
/* The EventId, or "PUBACK" for an acknowledged MQTT publish; NULL until accepted. */
const char        *fb_feed_command_get_receipt    (FbFeedCommand      *self);
/* Why it failed, in words; NULL unless failed. */
const char        *fb_feed_command_get_reason     (FbFeedCommand      *self);
gint64             fb_feed_command_get_created_at (FbFeedCommand      *self);
gint64             fb_feed_command_get_finished_at (FbFeedCommand     *self);
/* The only transitions: sending → accepted, sending → failed. Anything later is ignored, so a
   late answer can never turn a reported outcome into another. Return whether it applied. */
gboolean           fb_feed_command_accept         (FbFeedCommand      *self,
                                                   const char         *receipt);
gboolean           fb_feed_command_fail           (FbFeedCommand      *self,
                                                   const char         *reason);
/* The payload the route sends: PutEvents Detail, or the cat-feeder/action message. */
char              *fb_feed_command_build_payload  (FbFeedCommand      *self);

G_END_DECLS
