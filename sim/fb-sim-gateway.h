/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-sim-gateway.h: the stand-in for AWS IoT's MQTT-over-WebSocket front door. */
#pragma once

#include <libsoup/soup.h>

#include "fb-sim-identities.h"

G_BEGIN_DECLS

#define FB_TYPE_SIM_GATEWAY (fb_sim_gateway_get_type ())

G_DECLARE_FINAL_TYPE (FbSimGateway, fb_sim_gateway, FB, SIM_GATEWAY, GObject)

FbSimGateway *fb_sim_gateway_new (SoupServer      *server,
                                  FbSimIdentities *identities,
                                  const char      *region,
                                  guint16          broker_port);
/* The IoT policy: these client ids may not connect, these filters may not be subscribed to. */
void          fb_sim_gateway_set_policy (FbSimGateway       *self,
                                         const char * const *deny_client_ids,
                                         const char * const *deny_filters);

G_END_DECLS
