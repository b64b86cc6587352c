/* fb-connection-indicator.h: the header bar's connection state (icon + words + colour). */
#pragma once

#include <gtk/gtk.h>

#include "fb-mqtt-client.h"

G_BEGIN_DECLS

#define FB_TYPE_CONNECTION_INDICATOR (fb_connection_indicator_get_type ())
G_DECLARE_FINAL_TYPE (FbConnectionIndicator, fb_connection_indicator, FB, CONNECTION_INDICATOR, GtkWidget)

GtkWidget    *fb_connection_indicator_new (void);
void          fb_connection_indicator_set_client (FbConnectionIndicator *self, FbMqttClient *client);
FbMqttClient *fb_connection_indicator_get_client (FbConnectionIndicator *self);
/* Messages received but ignored (fb-inbound refused them: the session's n-refused) and the last
   reason (its last-refusal), shown in the popover. */
void          fb_connection_indicator_set_refused (FbConnectionIndicator *self,
                                                   guint64                n_refused,
                                                   const char            *last_refusal);
/* The words shown, e.g. "Reconnecting in 7 s"; for tests and accessibility. */
const char   *fb_connection_indicator_get_text (FbConnectionIndicator *self);
/* Opens the popover with the details (an alert's "Connection lost" leads here). */
void          fb_connection_indicator_popup (FbConnectionIndicator *self);

G_END_DECLS
