/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-status-badge.h: an order status shown as icon + words + colour class. */
#pragma once

#include <gtk/gtk.h>

#include "fb-describe.h"   /* fb_order_statuses, fb_order_status_label */

G_BEGIN_DECLS

#define FB_TYPE_STATUS_BADGE (fb_status_badge_get_type ())
G_DECLARE_FINAL_TYPE (FbStatusBadge, fb_status_badge, FB, STATUS_BADGE, GtkWidget)

GtkWidget  *fb_status_badge_new (void);
void        fb_status_badge_set_status (FbStatusBadge *self, const char *status);
const char *fb_status_badge_get_status (FbStatusBadge *self);

G_END_DECLS
