/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-status-counts.h: the counts per status of an overview as a GListModel of FbStatusCount, for
   a status filter to show ("In kitchen (3)"): first "All statuses", then fb_order_statuses ().
   The items stay; their counts follow the overview's "changed" (no items-changed). */
#pragma once

#include <gio/gio.h>

#include "fb-order-overview.h"
#include "fb-status-count.h"

G_BEGIN_DECLS

#define FB_TYPE_STATUS_COUNTS (fb_status_counts_get_type ())
G_DECLARE_FINAL_TYPE (FbStatusCounts, fb_status_counts, FB, STATUS_COUNTS, GObject)

FbStatusCounts *fb_status_counts_new          (void);
/* Counts from @overview (the live one, or a past instant's); NULL: zeros. */
void            fb_status_counts_set_overview (FbStatusCounts  *self,
                                               FbOrderOverview *overview);
/* The position of @status (NULL: "All statuses", 0); G_MAXUINT when it has no item. */
guint           fb_status_counts_find         (FbStatusCounts  *self,
                                               const char      *status);

G_END_DECLS
