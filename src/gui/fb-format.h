/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-format.h: times as a person reads them (local clock time, "2 min ago"). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Local clock time of a real time in µs: "14:03:07" today, with the date on other days;
   with_ms adds milliseconds. */
char *fb_format_local_time (gint64 real_time_us, gint64 now_us, gboolean with_ms);
/* "just now", "12 s ago", "2 min ago", "3 h ago", "2 d ago". */
char *fb_format_age (gint64 then_us, gint64 now_us);

G_END_DECLS
