/* fb-status-badge.h: an order status shown as icon + words + colour class. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define FB_TYPE_STATUS_BADGE (fb_status_badge_get_type ())
G_DECLARE_FINAL_TYPE (FbStatusBadge, fb_status_badge, FB, STATUS_BADGE, GtkWidget)

GtkWidget  *fb_status_badge_new (void);
void        fb_status_badge_set_status (FbStatusBadge *self, const char *status);
const char *fb_status_badge_get_status (FbStatusBadge *self);

/* The known statuses in the order of the normal walk, NULL-terminated. */
const char * const *fb_order_statuses (void);
/* Words a person reads for a status; unknown statuses come back as they are. */
const char *fb_order_status_label (const char *status);

G_END_DECLS
