/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-messages-page.h: the Messages page — everything received on the connection's subscriptions,
   newest first, from the session's bounded ring (or, in time travel, read from the history a page
   at a time), filtered by topic and text, paused and resumed by the person, each message shown as
   it arrived. */
#pragma once

#include <gtk/gtk.h>

#include "fb-ledger.h"
#include "fb-session.h"

G_BEGIN_DECLS

#define FB_TYPE_MESSAGES_PAGE (fb_messages_page_get_type ())
G_DECLARE_FINAL_TYPE (FbMessagesPage, fb_messages_page, FB, MESSAGES_PAGE, GtkWidget)

#define FB_MESSAGES_PAGE_PAST_PAGE 500

GtkWidget *fb_messages_page_new         (void);
void       fb_messages_page_set_session (FbMessagesPage *self,
                                         FbSession      *session);
/* The messages received up to @at, read from @ledger; @ledger NULL (or @at 0): live again. */
void       fb_messages_page_show_past   (FbMessagesPage *self,
                                         FbLedger       *ledger,
                                         gint64          at);

G_END_DECLS
