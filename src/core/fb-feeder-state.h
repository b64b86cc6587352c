/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-feeder-state.h: a cat feeder's state message, decoded (PROTOCOLS.md §4). Firmware versions
   differ, so every field is optional; what is present must make sense. */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define FB_TYPE_FEEDER_STATE (fb_feeder_state_get_type ())

#define FB_FEEDER_STATE_MAX_PAYLOAD (4 * 1024)
#define FB_FEEDER_MAX_ID_LEN        64

/* The most feeders kept (the store and the ledger's fold alike): a flood of made-up ids stops there. */
#define FB_FEEDER_STORE_MAX_FEEDERS  256

typedef struct
{
  char   *feeder_id;        /* device_location when the device sends one, else the topic */
  char   *topic;
  char   *device_location;  /* nullable */
  int     food_capacity;    /* percent, 0–100; -1 when the message has none */
  char   *device_time;      /* the device's "time" field as text; nullable */
  char   *state_1;          /* nullable */
  char   *state_2;          /* nullable */
  gint64  received_at;      /* µs since the epoch */
} FbFeederState;

GType          fb_feeder_state_get_type (void) G_GNUC_CONST;
/* FB_DECODE_ERROR (fb-json.h) when the message is not a feeder state. For fb-inbound only: every
   other reader goes through fb_inbound_decode, which knows the topics. */
FbFeederState *fb_feeder_state_decode   (const char          *topic,
                                         const guint8        *data,
                                         gsize                len,
                                         gint64               received_at,
                                         GError             **error);
FbFeederState *fb_feeder_state_copy     (const FbFeederState *state);
/* Folds @update into @into, field by field: firmware versions send different subsets, and a
   heartbeat without food_capacity must not make a known level unknown. An @update older than
   @into changes nothing; returns whether @into changed. */
gboolean       fb_feeder_state_merge    (FbFeederState       *into,
                                         const FbFeederState *update);
void           fb_feeder_state_free     (FbFeederState       *state);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FbFeederState, fb_feeder_state_free)

G_END_DECLS
