/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-second-clock.h: one wake-up a second for everything in the app that ticks (ages, "last
   seen", the reconnect countdown), on the wall-clock second. */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define FB_TYPE_SECOND_CLOCK (fb_second_clock_get_type ())
G_DECLARE_FINAL_TYPE (FbSecondClock, fb_second_clock, FB, SECOND_CLOCK, GObject)

/* The app's one clock: a new reference to it, made when nobody holds one. It ticks while someone
   holds it, so hold it only while ticks are wanted (mapped, counting down), and connect to
   "tick" with g_signal_connect_object. */
FbSecondClock *fb_second_clock_dup_default (void);

G_END_DECLS
