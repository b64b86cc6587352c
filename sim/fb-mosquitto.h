/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-mosquitto.h: a private Mosquitto on free loopback ports, for the sim and the tests. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define FB_TYPE_MOSQUITTO (fb_mosquitto_get_type ())

G_DECLARE_FINAL_TYPE (FbMosquitto, fb_mosquitto, FB, MOSQUITTO, GObject)

FbMosquitto *fb_mosquitto_new         (void);
gboolean     fb_mosquitto_start       (FbMosquitto  *self,
                                       gboolean      websocket_listener,
                                       GError      **error);
guint16      fb_mosquitto_get_port    (FbMosquitto  *self);
guint16      fb_mosquitto_get_ws_port (FbMosquitto  *self);
char        *fb_mosquitto_get_url     (FbMosquitto  *self);
GPid         fb_mosquitto_get_pid     (FbMosquitto  *self);
void         fb_mosquitto_kill        (FbMosquitto  *self);
gboolean     fb_mosquitto_restart     (FbMosquitto  *self,
                                       GError      **error);
void         fb_mosquitto_stop        (FbMosquitto  *self);

guint16      fb_free_loopback_port    (GError      **error);

G_END_DECLS
