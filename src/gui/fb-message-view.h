/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-message-view.h: one message as it arrived — topic, QoS, retained, the times, the reason it
   was refused, the payload as safe monospace text — with Copy Payload, Copy Message and Copy
   Order ID in a context menu and on shortcuts. */
#pragma once

#include <gtk/gtk.h>

#include "fb-raw-message.h"

G_BEGIN_DECLS

#define FB_TYPE_MESSAGE_VIEW (fb_message_view_get_type ())
G_DECLARE_FINAL_TYPE (FbMessageView, fb_message_view, FB, MESSAGE_VIEW, GtkWidget)

GtkWidget    *fb_message_view_new         (void);
/* @message may be NULL: then @status (a sentence: "Looking in the history…", "No longer kept")
   is shown in its place. */
void          fb_message_view_set_message (FbMessageView *self,
                                           FbRawMessage  *message,
                                           const char    *status);
FbRawMessage *fb_message_view_get_message (FbMessageView *self);

G_END_DECLS
