/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-order-simulation.h: "Start Simulation": the order backend's SigV4 GET {sharedEndpoint}/order,
   which makes it emit a chain of orders (PROTOCOLS.md §3). */
#pragma once

#include <gio/gio.h>

#include "fb-credentials-provider.h"

G_BEGIN_DECLS

#define FB_ORDER_SIMULATION_ERROR (fb_order_simulation_error_quark ())

typedef enum
{
  FB_ORDER_SIMULATION_ERROR_BUSY,   /* HTTP 502: a simulation is still running */
} FbOrderSimulationError;

#define FB_TYPE_ORDER_SIMULATION (fb_order_simulation_get_type ())
G_DECLARE_FINAL_TYPE (FbOrderSimulation, fb_order_simulation, FB, ORDER_SIMULATION, GObject)

GQuark             fb_order_simulation_error_quark   (void);
/* @shared_endpoint: the stage URL, "https://ID.execute-api.REGION.amazonaws.com/Prod". */
FbOrderSimulation *fb_order_simulation_new           (const char             *shared_endpoint,
                                                      const char             *region,
                                                      FbCredentialsProvider  *provider);
const char        *fb_order_simulation_get_url       (FbOrderSimulation      *self);
void               fb_order_simulation_set_timeout   (FbOrderSimulation      *self,
                                                      guint                   seconds);
/* TRUE while a start is on its way ("busy", notified): one at a time, never retried. */
gboolean           fb_order_simulation_get_busy      (FbOrderSimulation      *self);
void               fb_order_simulation_start_async   (FbOrderSimulation      *self,
                                                      GCancellable           *cancellable,
                                                      GAsyncReadyCallback     callback,
                                                      gpointer                user_data);
/* The first order's id; NULL with FB_ORDER_SIMULATION_ERROR_BUSY (502) or an FB_AWS_ERROR /
   FB_DECODE_ERROR in words. */
char              *fb_order_simulation_start_finish  (FbOrderSimulation      *self,
                                                      GAsyncResult           *result,
                                                      GError                **error);

G_END_DECLS
