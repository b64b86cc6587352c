/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-message-text.h: a message as it arrived, turned into text a person can read safely — the
   topic and payload escaped (control characters, bytes that are not UTF-8), JSON indented with
   its values exactly as sent, anything else shown as a hex dump — and the whole message as one
   text for the clipboard. Plain text: show it with plain-text APIs, never as markup. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  FB_PAYLOAD_FORM_EMPTY,    /* no bytes */
  FB_PAYLOAD_FORM_JSON,     /* a JSON text, indented two spaces a level */
  FB_PAYLOAD_FORM_TEXT,     /* UTF-8 (or nearly): what is not printable is escaped */
  FB_PAYLOAD_FORM_BINARY,   /* a hex dump: offset, 16 bytes in hex, the printable ASCII */
} FbPayloadForm;

/* Past this many bytes a payload's display (not its copy) stops with a line saying so. */
#define FB_MESSAGE_TEXT_MAX_SHOWN (64 * 1024)

/* @data as UTF-8 a label can show: invalid bytes as \xNN, control characters (C0 but tab and
   newline when @keep_newlines, DEL, C1) as \xNN or \u{NNNN}. Never NULL. */
char          *fb_message_text_escape       (const guint8 *data,
                                             gsize         len,
                                             gboolean      keep_newlines);
/* The payload for showing: JSON indented (numbers, strings and escapes exactly as sent), text
   escaped, mostly-binary data as a hex dump. *@form says which; never NULL. */
char          *fb_message_text_payload      (const guint8  *data,
                                             gsize          len,
                                             FbPayloadForm *form);
/* The time the backend wrote into the message, as it wrote it: the top-level "updatedAt",
   "reportedTime" or "time" (a string, or a number as sent); NULL when there is none. */
char          *fb_message_text_backend_time (const guint8 *data,
                                             gsize         len);
/* The whole message as one text for the clipboard: topic, QoS, retained, times, the reason it
   was refused, then the payload (as received when it is UTF-8, else escaped). @qos or @retained
   < 0: not known (a message read back from the history). */
char          *fb_message_text_whole        (const char   *topic,
                                             const guint8 *data,
                                             gsize         len,
                                             int           qos,
                                             int           retained,
                                             gint64        received_at,
                                             const char   *reason);

G_END_DECLS
