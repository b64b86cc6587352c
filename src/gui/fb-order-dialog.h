/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-order-dialog.h: one order's history in a window of its own, for when the order is opened from
   outside the orders list (the overview's stuck orders, an alert). */
#pragma once

#include <gtk/gtk.h>

#include "fb-order.h"

G_BEGIN_DECLS

/* A window, transient for @parent, showing @order's history; it follows the order live. The
   order's window is presented again if it is open already (one window per order). */
GtkWindow *fb_order_dialog_present (GtkWindow *parent,
                                    FbOrder   *order);

G_END_DECLS
