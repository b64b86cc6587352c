/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-sim-feeder.h: a simulated cat feeder device (the ESP32 firmware's behaviour). */
#pragma once

#include "fb-mqtt-client.h"

G_BEGIN_DECLS

#define FB_TYPE_SIM_FEEDER (fb_sim_feeder_get_type ())

G_DECLARE_FINAL_TYPE (FbSimFeeder, fb_sim_feeder, FB, SIM_FEEDER, GObject)

FbSimFeeder *fb_sim_feeder_new               (FbMqttClient *publisher,
                                              const char   *location,
                                              double        speed);
void         fb_sim_feeder_handle_action     (FbSimFeeder  *self,
                                              GBytes       *payload);
int          fb_sim_feeder_get_food_capacity (FbSimFeeder  *self);
void         fb_sim_feeder_publish_state     (FbSimFeeder  *self);

G_END_DECLS
