/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-feeder-store.h: the feeders Feedboard knows, as a GListModel of FbFeeder: those heard on
   cat-feeder/states and configured ones not yet heard from. */
#pragma once

#include <gio/gio.h>

#include "fb-feeder.h"
#include "fb-inbound.h"

G_BEGIN_DECLS

#define FB_FEEDER_DEFAULT_STALE_SECS (5 * 60)

#define FB_TYPE_FEEDER_STORE (fb_feeder_store_get_type ())
G_DECLARE_FINAL_TYPE (FbFeederStore, fb_feeder_store, FB, FEEDER_STORE, GObject)

FbFeederStore *fb_feeder_store_new             (void);
FbFeeder      *fb_feeder_store_lookup          (FbFeederStore       *self,
                                                const char          *feeder_id);
/* The feeder @feeder_id, added (never heard from) when it is not known yet. */
FbFeeder      *fb_feeder_store_ensure          (FbFeederStore       *self,
                                                const char          *feeder_id);
gboolean       fb_feeder_store_apply_state     (FbFeederStore       *self,
                                                const FbFeederState *state);
/* A message from the feeder topics, decoded by fb_inbound_decode: a state (cat-feeder/states…) or
   a feed the backend passed on (cat-feeder/action). FALSE with a reason for anything else, anything
   refused, or a feeder past FB_FEEDER_STORE_MAX_FEEDERS. */
gboolean       fb_feeder_store_apply_event     (FbFeederStore        *self,
                                                const FbInboundEvent *event,
                                                GError              **error);
/* Forgets every feeder (another connection's feeders are not this one's). */
void           fb_feeder_store_clear           (FbFeederStore       *self);
void           fb_feeder_store_add_command     (FbFeederStore       *self,
                                                FbFeedCommand       *command);
/* Silence after which a feeder is shown as stale; default 5 minutes. */
void           fb_feeder_store_set_stale_after (FbFeederStore       *self,
                                                guint                seconds);
guint          fb_feeder_store_get_stale_after (FbFeederStore       *self);
void           fb_feeder_store_update_stale    (FbFeederStore       *self,
                                                gint64               now);
/* A store of the past: stale or not as seen from @at, and no longer checked against the clock. */
void           fb_feeder_store_freeze          (FbFeederStore       *self,
                                                gint64               at);
/* The instant a frozen store shows; 0 for a live one. */
gint64         fb_feeder_store_get_frozen_at   (FbFeederStore       *self);

G_END_DECLS
