/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-connection-indicator.h: the header bar's connection state (icon + words + colour), and in
   its popover which connection it is, since when, what came through it, and what to do. */
#pragma once

#include <gtk/gtk.h>

#include "fb-session.h"

G_BEGIN_DECLS

#define FB_TYPE_CONNECTION_INDICATOR (fb_connection_indicator_get_type ())
G_DECLARE_FINAL_TYPE (FbConnectionIndicator, fb_connection_indicator, FB, CONNECTION_INDICATOR, GtkWidget)

GtkWidget    *fb_connection_indicator_new         (void);
/* The session whose connection is shown (property "session"); it follows the session's client. */
void          fb_connection_indicator_set_session (FbConnectionIndicator *self,
                                                   FbSession             *session);
FbSession    *fb_connection_indicator_get_session (FbConnectionIndicator *self);
/* Messages received but ignored (fb-inbound refused them: the session's n-refused) and the last
   reason (its last-refusal); the same as the properties "n-refused" and "last-refusal". */
void          fb_connection_indicator_set_refused (FbConnectionIndicator *self,
                                                   guint64                n_refused,
                                                   const char            *last_refusal);
/* Opens the popover with the details (an alert's "Connection lost" leads here). */
void          fb_connection_indicator_popup       (FbConnectionIndicator *self);
/* The words shown, e.g. "Reconnecting in 7 s" (property "title"); for tests and accessibility. */
const char   *fb_connection_indicator_get_text    (FbConnectionIndicator *self);

/* Everything the popover shows is a read-only property bound in fb-connection-indicator.ui:
   "title", "icon-name", "reason", "retry-text", "connection-name", "server", "region",
   "client-id", "topics", "since", "messages", "refused", "can-reconnect", "can-edit".
   "n-refused" and "last-refusal" (messages received but ignored, and why the last one was) are
   read-write, for binding to the session's. */

G_END_DECLS
