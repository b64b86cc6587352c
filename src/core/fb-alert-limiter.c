/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-alert-limiter.c: per kind, the time the last alert went out and what came since. The
 * first alert of a quiet kind goes out at once; the ones after it within the interval are
 * summed up into one that goes out when the interval is over ("12 orders cancelled"). */
#define G_LOG_DOMAIN "fb-alert-limiter"

#include "fb-alert-limiter.h"

/* Bounds what a burst remembers; the count goes on. */
#define MAX_HELD_SUBJECTS 1000

typedef struct
{
  gint64      last_sent;   /* 0 = never */
  guint       held;        /* alerts held since */
  GHashTable *subjects;    /* the held ones' subjects, so that one order counts once */
  char       *subject;     /* the last held one's */
  char       *detail;
} KindState;

struct _FbAlertLimiter
{
  GObject   parent_instance;
  gint64    interval;
  KindState kinds[FB_ALERT_N_KINDS];
};

G_DEFINE_FINAL_TYPE (FbAlertLimiter, fb_alert_limiter, G_TYPE_OBJECT)

static const char *const kind_names[FB_ALERT_N_KINDS] = {
  "order-stuck", "order-cancelled", "feeder-low", "feeder-silent", "connection-lost",
};

const char *
fb_alert_kind_to_string (FbAlertKind kind)
{
  g_return_val_if_fail (kind < FB_ALERT_N_KINDS, NULL);

  return kind_names[kind];
}

void
fb_alert_free (FbAlert *alert)
{
  if (alert == NULL)
    return;
  g_free (alert->subject);
  g_free (alert->detail);
  g_free (alert);
}

static FbAlert *
alert_new (FbAlertKind  kind,
           guint        count,
           const char  *subject,
           const char  *detail)
{
  FbAlert *alert = g_new0 (FbAlert, 1);

  alert->kind = kind;
  alert->count = count;
  alert->subject = g_strdup (subject);
  alert->detail = g_strdup (detail);
  return alert;
}

static void
kind_state_clear_held (KindState *state)
{
  state->held = 0;
  g_hash_table_remove_all (state->subjects);
  g_clear_pointer (&state->subject, g_free);
  g_clear_pointer (&state->detail, g_free);
}

FbAlert *
fb_alert_limiter_raise (FbAlertLimiter *self,
                        FbAlertKind     kind,
                        const char     *subject,
                        const char     *detail,
                        gint64          now)
{
  KindState *state;

  g_return_val_if_fail (FB_IS_ALERT_LIMITER (self), NULL);
  g_return_val_if_fail (kind < FB_ALERT_N_KINDS, NULL);

  state = &self->kinds[kind];
  if (state->held == 0 && (state->last_sent == 0 || now - state->last_sent >= self->interval))
    {
      state->last_sent = now;
      return alert_new (kind, 1, subject, detail);
    }

  if (subject != NULL)
    {
      if (g_hash_table_contains (state->subjects, subject))
        return NULL;
      if (g_hash_table_size (state->subjects) < MAX_HELD_SUBJECTS)
        g_hash_table_add (state->subjects, g_strdup (subject));
    }
  state->held++;
  g_free (state->subject);
  state->subject = g_strdup (subject);
  g_free (state->detail);
  state->detail = g_strdup (detail);
  return NULL;
}

gint64
fb_alert_limiter_next_due (FbAlertLimiter *self)
{
  gint64 due = 0;

  g_return_val_if_fail (FB_IS_ALERT_LIMITER (self), 0);

  for (guint i = 0; i < FB_ALERT_N_KINDS; i++)
    if (self->kinds[i].held > 0)
      {
        gint64 t = self->kinds[i].last_sent + self->interval;

        if (due == 0 || t < due)
          due = t;
      }
  return due;
}

GPtrArray *
fb_alert_limiter_flush (FbAlertLimiter *self,
                        gint64          now)
{
  GPtrArray *due = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_alert_free);

  g_return_val_if_fail (FB_IS_ALERT_LIMITER (self), due);

  for (guint i = 0; i < FB_ALERT_N_KINDS; i++)
    {
      KindState *state = &self->kinds[i];

      if (state->held == 0 || now - state->last_sent < self->interval)
        continue;
      g_ptr_array_add (due, alert_new (i, state->held, state->subject, state->detail));
      state->last_sent = now;
      kind_state_clear_held (state);
    }
  return due;
}

void
fb_alert_limiter_reset (FbAlertLimiter *self)
{
  g_return_if_fail (FB_IS_ALERT_LIMITER (self));

  for (guint i = 0; i < FB_ALERT_N_KINDS; i++)
    {
      kind_state_clear_held (&self->kinds[i]);
      self->kinds[i].last_sent = 0;
    }
}

static void
fb_alert_limiter_finalize (GObject *object)
{
  FbAlertLimiter *self = FB_ALERT_LIMITER (object);

  for (guint i = 0; i < FB_ALERT_N_KINDS; i++)
    {
      kind_state_clear_held (&self->kinds[i]);
      g_hash_table_unref (self->kinds[i].subjects);
    }

  G_OBJECT_CLASS (fb_alert_limiter_parent_class)->finalize (object);
}

static void
fb_alert_limiter_class_init (FbAlertLimiterClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = fb_alert_limiter_finalize;
}

static void
fb_alert_limiter_init (FbAlertLimiter *self)
{
  for (guint i = 0; i < FB_ALERT_N_KINDS; i++)
    self->kinds[i].subjects = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

FbAlertLimiter *
fb_alert_limiter_new (gint64 interval)
{
  FbAlertLimiter *self = g_object_new (FB_TYPE_ALERT_LIMITER, NULL);

  self->interval = interval > 0 ? interval : FB_ALERT_LIMITER_DEFAULT_INTERVAL;
  return self;
}
