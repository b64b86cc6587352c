/* fb-session.h: the app's live connection: the MQTT client, the order store fed from it once
   per frame, and the demo backend when --demo is given. */
#pragma once

#include <gtk/gtk.h>

#include "fb-feed-sender.h"
#include "fb-feeder-store.h"
#include "fb-mqtt-client.h"
#include "fb-order-store.h"

G_BEGIN_DECLS

#define FB_SESSION_ERROR (fb_session_error_quark ())
GQuark fb_session_error_quark (void);

typedef enum {
  FB_SESSION_ERROR_OPTIONS,
} FbSessionError;

#define FB_TYPE_SESSION (fb_session_get_type ())
G_DECLARE_FINAL_TYPE (FbSession, fb_session, FB, SESSION, GObject)

FbSession    *fb_session_new (void);
/* The connection options shared with feedboard-cli, for GApplication's option parser. */
void          fb_session_add_option_entries (GApplication *app);
/* Reads --broker, --endpoint, --region, --profile, --topic, --client-id and --demo.
   FALSE with a message a user reads when they do not fit together. */
gboolean      fb_session_set_options (FbSession     *self,
                                      GVariantDict  *options,
                                      GError       **error);
gboolean      fb_session_has_connection (FbSession *self);
gboolean      fb_session_is_demo (FbSession *self);
void          fb_session_start (FbSession *self);
void          fb_session_stop (FbSession *self);
FbMqttClient *fb_session_get_client (FbSession *self);
FbOrderStore *fb_session_get_orders (FbSession *self);
FbFeederStore *fb_session_get_feeders (FbSession *self);
/* Sends feeds by the connection's routes; its commands are logged in the feeder store. */
FbFeedSender *fb_session_get_feed_sender (FbSession *self);
/* Events reach the store once per frame of this widget (its frame clock's tick). */
void          fb_session_set_frame_widget (FbSession *self, GtkWidget *widget);

G_END_DECLS
