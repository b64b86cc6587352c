/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-toast.h: text from the network shown as text, never as markup: toasts (libadwaita 1.2
   reads a toast's title as Pango markup) and desktop notifications (servers that announce
   "body-markup" read the body as markup). */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* A toast whose title is @text exactly as given. */
AdwToast *fb_toast_new_plain               (const char *text);
/* @text for a notification body: "<", ">" and "&" replaced by look-alikes ("‹", "›", "＆") that
   no markup parser reads, since whether the body is markup depends on the server. */
char     *fb_toast_text_for_notification   (const char *text);

G_END_DECLS
