/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-ksuid.h: K-Sortable Unique IDs, as the order backend uses for order ids. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define FB_KSUID_LENGTH 27

char *fb_ksuid_new      (void);
char *fb_ksuid_from_raw (guint32       timestamp,
                         const guint8  payload[16]);

G_END_DECLS
