/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-describe.h: the words a person reads for core values — order statuses, bowls, feed
   commands — in one place for every front end (plain GLib and gettext, no GTK). */
#pragma once

#include <glib.h>

#include "fb-feed-command.h"

G_BEGIN_DECLS

/* The known order statuses in the order of the normal walk, NULL-terminated. */
const char * const *fb_order_statuses               (void);
/* Words a person reads for a status; unknown statuses come back as they are. */
const char         *fb_order_status_label           (const char    *status);

/* "Left bowl", "Right bowl", "Both bowls". */
const char         *fb_bowl_title                   (FbBowl         bowl);
/* The feed the backend passed on, by its click-type (SINGLE, DOUBLE, LONG); others as they are. */
const char         *fb_click_type_title             (const char    *click_type);

/* Words for a command's outcome, shared by the feed log and the toasts: "Left bowl: fed (EventId …)". */
char               *fb_feed_command_describe        (FbFeedCommand *command);
/* The same for a toast: without the receipt, which the feed log keeps. */
char               *fb_feed_command_describe_short  (FbFeedCommand *command);

G_END_DECLS
