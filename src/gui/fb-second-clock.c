/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-second-clock.c: one GSource for every one-second tick in the app, woken just after each
 * wall-clock second (what the labels show is wall-clock time), so that every view changes in the
 * same frame and the process wakes once a second however many views tick. */
#define G_LOG_DOMAIN "fb-second-clock"

#include "fb-second-clock.h"

/* Wake a little after the second turns, so that the time read then is already the new second. */
#define FB_SECOND_CLOCK_SLACK_US 2000

struct _FbSecondClock
{
  GObject  parent_instance;

  GSource *source;
};

G_DEFINE_FINAL_TYPE (FbSecondClock, fb_second_clock, G_TYPE_OBJECT)

enum {
  TICK,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static FbSecondClock *default_clock;

/* The monotonic time (what a GSource's ready time is in) of the next wall-clock second. */
static gint64
fb_second_clock_next_ready_time (void)
{
  gint64 real = g_get_real_time ();

  return g_get_monotonic_time () + (G_USEC_PER_SEC - real % G_USEC_PER_SEC) + FB_SECOND_CLOCK_SLACK_US;
}

static gboolean
fb_second_clock_tick_cb (gpointer user_data)
{
  g_autoptr(FbSecondClock) self = g_object_ref (user_data);

  g_assert (FB_IS_SECOND_CLOCK (self));

  g_source_set_ready_time (self->source, fb_second_clock_next_ready_time ());
  g_signal_emit (self, signals[TICK], 0);
  return G_SOURCE_CONTINUE;
}

static gboolean
fb_second_clock_dispatch (GSource     *source,
                          GSourceFunc  callback,
                          gpointer     user_data)
{
  return callback (user_data);
}

static GSourceFuncs fb_second_clock_source_funcs = {
  .dispatch = fb_second_clock_dispatch,
};

FbSecondClock *
fb_second_clock_dup_default (void)
{
  if (default_clock != NULL)
    return g_object_ref (default_clock);

  default_clock = g_object_new (FB_TYPE_SECOND_CLOCK, NULL);
  g_object_add_weak_pointer (G_OBJECT (default_clock), (gpointer *) &default_clock);
  return default_clock;
}

static void
fb_second_clock_finalize (GObject *object)
{
  FbSecondClock *self = FB_SECOND_CLOCK (object);

  g_source_destroy (self->source);
  g_clear_pointer (&self->source, g_source_unref);

  G_OBJECT_CLASS (fb_second_clock_parent_class)->finalize (object);
}

static void
fb_second_clock_class_init (FbSecondClockClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = fb_second_clock_finalize;

  /* Just after each wall-clock second. */
  signals[TICK] = g_signal_new ("tick", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
fb_second_clock_init (FbSecondClock *self)
{
  self->source = g_source_new (&fb_second_clock_source_funcs, sizeof (GSource));
  /* No reference: the source goes with the clock (finalize). */
  g_source_set_callback (self->source, fb_second_clock_tick_cb, self, NULL);
  g_source_set_static_name (self->source, "[fb-second-clock]");
  g_source_set_ready_time (self->source, fb_second_clock_next_ready_time ());
  g_source_attach (self->source, NULL);
}
