/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-alert-limiter.h: what reaches the person, never a storm: at most one alert per kind per
   interval (a minute); what comes meanwhile is held and goes out as one, with its count. No
   clock of its own: every call says what time it is. */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define FB_ALERT_LIMITER_DEFAULT_INTERVAL (60 * G_USEC_PER_SEC)

typedef enum
{
  FB_ALERT_ORDER_STUCK,
  FB_ALERT_ORDER_CANCELLED,
  FB_ALERT_FEEDER_LOW,
  FB_ALERT_FEEDER_SILENT,
  FB_ALERT_CONNECTION_LOST,
  FB_ALERT_N_KINDS
} FbAlertKind;

typedef struct
{
  FbAlertKind kind;
  guint       count;     /* how many it stands for: 1, or the burst held since the last one */
  char       *subject;   /* the order or feeder id (of the last one of a burst); NULL for none */
  char       *detail;    /* what the raiser said of it, e.g. the status or the food level */
} FbAlert;

#define FB_TYPE_ALERT_LIMITER (fb_alert_limiter_get_type ())
G_DECLARE_FINAL_TYPE (FbAlertLimiter, fb_alert_limiter, FB, ALERT_LIMITER, GObject)

/* "order-stuck", "order-cancelled", …: the GSettings key suffix and the notification id. */
const char     *fb_alert_kind_to_string      (FbAlertKind     kind);
void            fb_alert_free                (FbAlert        *alert);

FbAlertLimiter *fb_alert_limiter_new         (gint64          interval);
/* The alert to show now, or NULL when one of its kind went out less than an interval ago: then
   it is held (the same subject twice counts once) until fb_alert_limiter_flush (). */
FbAlert        *fb_alert_limiter_raise       (FbAlertLimiter *self,
                                              FbAlertKind     kind,
                                              const char     *subject,
                                              const char     *detail,
                                              gint64          now);
/* When the next held alert may go out; 0 when none is held. */
gint64          fb_alert_limiter_next_due    (FbAlertLimiter *self);
/* The held alerts whose time has come, one per kind (FbAlert, free with fb_alert_free). */
GPtrArray      *fb_alert_limiter_flush       (FbAlertLimiter *self,
                                              gint64          now);
/* Forgets what was held and sent (a new connection). */
void            fb_alert_limiter_reset       (FbAlertLimiter *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FbAlert, fb_alert_free)

G_END_DECLS
