/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-demo.h: runs feedboard-sim as a child for `feedboard --demo` and reads its endpoints. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define FB_DEMO_ERROR (fb_demo_error_quark ())
GQuark fb_demo_error_quark (void);

typedef enum {
  FB_DEMO_ERROR_NOT_FOUND,
  FB_DEMO_ERROR_EXITED,
  FB_DEMO_ERROR_INCOMPLETE,
} FbDemoError;

#define FB_TYPE_DEMO (fb_demo_get_type ())
G_DECLARE_FINAL_TYPE (FbDemo, fb_demo, FB, DEMO, GObject)

FbDemo     *fb_demo_new (void);
/* Where feedboard-sim is: $FEEDBOARD_SIM, else fb_demo_find_sim_for (the running binary). */
char       *fb_demo_find_sim (void);
/* For the program @exe: in its build tree (_build/src/gui/feedboard -> _build/sim/feedboard-sim),
   beside it, in its installation's libexec (PREFIX/bin/feedboard -> PREFIX/libexec/feedboard-sim),
   in the configured LIBEXECDIR, else on PATH; NULL when nowhere. */
char       *fb_demo_find_sim_for (const char *exe);
void        fb_demo_start_async (FbDemo              *self,
                                 const char * const  *extra_args,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data);
gboolean    fb_demo_start_finish (FbDemo        *self,
                                  GAsyncResult  *result,
                                  GError       **error);
/* A KEY=VALUE the sim printed before READY (MQTT_URL, IOT_ENDPOINT, AWS_REGION, ...). */
const char *fb_demo_get (FbDemo *self, const char *key);
void        fb_demo_stop (FbDemo *self);

G_END_DECLS
