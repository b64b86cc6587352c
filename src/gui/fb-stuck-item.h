/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-stuck-item.h: one stuck order as the overview's list shows it. */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define FB_TYPE_STUCK_ITEM (fb_stuck_item_get_type ())
G_DECLARE_FINAL_TYPE (FbStuckItem, fb_stuck_item, FB, STUCK_ITEM, GObject)

FbStuckItem *fb_stuck_item_new          (const char  *order_id,
                                         const char  *status,
                                         gint64       since);
const char  *fb_stuck_item_get_order_id (FbStuckItem *self);
const char  *fb_stuck_item_get_status   (FbStuckItem *self);
gint64       fb_stuck_item_get_since    (FbStuckItem *self);

G_END_DECLS
