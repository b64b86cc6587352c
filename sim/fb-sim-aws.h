/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-sim-aws.h: stand-ins for EventBridge PutEvents, Cognito guest access and the order APIs. */
#pragma once

#include <libsoup/soup.h>

#include "fb-mqtt-client.h"
#include "fb-sim-identities.h"
#include "fb-sim-orders.h"

G_BEGIN_DECLS

#define FB_TYPE_SIM_AWS (fb_sim_aws_get_type ())

G_DECLARE_FINAL_TYPE (FbSimAws, fb_sim_aws, FB, SIM_AWS, GObject)

FbSimAws *fb_sim_aws_new (SoupServer      *server,
                          FbSimIdentities *identities,
                          FbSimOrders     *orders,
                          FbMqttClient    *publisher,
                          const char      *region,
                          const char      *archive_path,
                          guint            credential_lifetime);

G_END_DECLS
