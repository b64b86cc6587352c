/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-feeder.h: one cat feeder as Feedboard knows it: its last state, when it was last heard from,
   the feeds seen on the bus, and the log of feed commands sent from here. */
#pragma once

#include <gio/gio.h>

#include "fb-feed-command.h"
#include "fb-feeder-state.h"

G_BEGIN_DECLS

#define FB_FEEDER_MAX_COMMANDS 50

#define FB_TYPE_FEEDER (fb_feeder_get_type ())
G_DECLARE_FINAL_TYPE (FbFeeder, fb_feeder, FB, FEEDER, GObject)

FbFeeder            *fb_feeder_new               (const char          *id);
const char          *fb_feeder_get_id            (FbFeeder            *self);
/* A name a person reads: the device location, capitalised; "Cat feeder" for the bare topic. */
char                *fb_feeder_dup_display_name  (FbFeeder            *self);
/* Percent, or -1 while no state with a food level has arrived. */
int                  fb_feeder_get_food_capacity (FbFeeder            *self);
/* µs since the epoch of the last state message; 0 = never heard from (a configured feeder). */
gint64               fb_feeder_get_last_seen     (FbFeeder            *self);
gboolean             fb_feeder_get_stale         (FbFeeder            *self);
const FbFeederState *fb_feeder_get_state         (FbFeeder            *self);
/* The last feed seen on cat-feeder/action (what reached the devices), or NULL / 0. */
const char          *fb_feeder_get_last_feed     (FbFeeder            *self);
gint64               fb_feeder_get_last_feed_at  (FbFeeder            *self);
/* GListModel of FbFeedCommand, newest first, at most FB_FEEDER_MAX_COMMANDS. */
GListModel          *fb_feeder_get_commands      (FbFeeder            *self);

/* For FbFeederStore. */
gboolean             fb_feeder_apply_state       (FbFeeder            *self,
                                                  const FbFeederState *state);
void                 fb_feeder_note_feed         (FbFeeder            *self,
                                                  const char          *event,
                                                  gint64               seen_at);
void                 fb_feeder_add_command       (FbFeeder            *self,
                                                  FbFeedCommand       *command);
gboolean             fb_feeder_update_stale      (FbFeeder            *self,
                                                  gint64               now,
                                                  gint64               stale_after);

G_END_DECLS
