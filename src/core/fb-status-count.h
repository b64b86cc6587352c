/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-status-count.h: one status and how many orders are in it, as an item a view binds to
   ("In kitchen (3)"); the first item of FbStatusCounts stands for all statuses. */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define FB_TYPE_STATUS_COUNT (fb_status_count_get_type ())
G_DECLARE_FINAL_TYPE (FbStatusCount, fb_status_count, FB, STATUS_COUNT, GObject)

/* @status NULL: every status ("All statuses"). */
FbStatusCount *fb_status_count_new        (const char    *status);
const char    *fb_status_count_get_status (FbStatusCount *self);
guint          fb_status_count_get_count  (FbStatusCount *self);
/* "In kitchen (3)", "All statuses (12)": notify::title when the count changes. */
const char    *fb_status_count_get_title  (FbStatusCount *self);
/* For FbStatusCounts. */
void           fb_status_count_set_count  (FbStatusCount *self,
                                           guint          count);

G_END_DECLS
