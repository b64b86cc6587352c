/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-time.h: time stamps as the backends write them. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *fb_time_format_rfc3339_ms (gint64 usec_since_epoch);

G_END_DECLS
