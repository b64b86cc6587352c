/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-json-writer.h: JSON text written straight into a GString, without building a tree. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Appends @text (@len bytes, or up to its NUL when @len is -1) as a JSON string, quotes included.
   Any bytes are safe: quotes, backslashes and control characters (NUL too) are escaped, valid
   UTF-8 (characters beyond the BMP too) is copied as it is, and every byte that is not part of
   valid UTF-8 becomes U+FFFD, so the result is always valid JSON and valid UTF-8. */
void fb_json_append_string (GString    *out,
                            const char *text,
                            gssize      len);

/* Appends ,"name": (no comma when @first is TRUE). @name must need no escaping. */
void fb_json_append_name   (GString    *out,
                            const char *name,
                            gboolean    first);

G_END_DECLS
